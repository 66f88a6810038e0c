"""`main.py diagnose`: the technician's self-check of a kiosk.

Every configured device with a harmless test action, the platform (reachable,
clock offset), the catalog, the outbox, the Suishen trust data and the disk.
Each check is a named status; the exit code says the worst one.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import IntEnum
from pathlib import Path

from drivers.device import DeviceError, DeviceEvent, DeviceEventKind
from drivers.device_set import DeviceSet, build_device_set
from drivers.receipt import Cut, Feed, Field, QrCode, ReceiptDocument, Rule, Text, Title
from kiosk.config import ConfigError, KioskConfig
from kiosk.kiosk_core import KioskCore
from kiosk.platform_client import DeviceRefused, PlatformRejected, PlatformUnavailable
from offline_cache.outbox import OutboxState

CLOCK_WARNING_S = 60  # certificates, codes and receipts carry times
CLOCK_FAILED_S = 300  # beyond the SC1 skew: codes would be refused
DISK_WARNING_BYTES = 1 << 30
DISK_FAILED_BYTES = 200 << 20
STUCK_OUTBOX_S = 3600


class CheckStatus(IntEnum):
    """Ordered: the exit code of `diagnose` is the worst status."""

    OK = 0
    WARNING = 1
    FAILED = 2


@dataclass
class CheckResult:
    name: str
    status: CheckStatus
    detail: str
    data: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        document = asdict(self)
        document["status"] = self.status.name
        return document


def _device_action(kind: str, device: object) -> str:
    """A harmless test action per kind; raises DeviceError when the device cannot do it."""
    if kind in ("camera", "document_camera"):
        frame = device.grab(3.0)
        return f"frame {frame.shape[1]}x{frame.shape[0]}"
    if kind in ("id_card_reader", "smart_card_reader"):
        return "card present" if device.is_card_present() else "no card (reader answers)"
    if kind in ("receipt_printer", "document_printer"):
        status = device.status()
        return f"status {status}"
    return "health only"


def check_scan(scanner: object, timeout_s: float) -> CheckResult:
    """The technician holds any code to the scanner; did one arrive within `timeout_s`?

    The code itself is not shown or kept: it may be a resident's.
    """
    arrived = threading.Event()
    lengths: list[int] = []

    def watch(event: DeviceEvent) -> None:
        if event.kind is DeviceEventKind.CODE_READ and isinstance(event.data, str):
            lengths.append(len(event.data))
            arrived.set()

    unsubscribe = scanner.subscribe(watch)
    try:
        if not arrived.wait(timeout_s):
            return CheckResult(
                "device:code_scanner", CheckStatus.FAILED, f"no code within {timeout_s:.0f} s"
            )
    finally:
        unsubscribe()
    return CheckResult(
        "device:code_scanner", CheckStatus.OK, f"read a code of {lengths[0]} characters"
    )


def test_page_receipt(kiosk_id: str, at: dt.datetime) -> ReceiptDocument:
    """What a technician prints to see alignment, Chinese text, QR codes and the cutter."""
    return ReceiptDocument(
        [
            Title("打印测试 Test page"),
            Rule(),
            Field("终端 Kiosk", kiosk_id),
            Field("时间 Time", at.strftime("%Y-%m-%d %H:%M:%S")),
            Text("一网通办 中文字符 ABC abc 0123456789"),
            QrCode(f"kiosk-test-page:{kiosk_id}"),
            Feed(2),
            Cut(),
        ]
    )


def check_device(kind: str, device: object) -> CheckResult:
    """Run `kind`'s test action on an open device; a named result, never an exception."""
    try:
        action = _device_action(kind, device)
    except DeviceError as exc:
        return CheckResult(f"device:{kind}", CheckStatus.FAILED, f"test action failed: {exc}")
    health = device.health().value
    status = {
        "ready": CheckStatus.OK,
        "busy": CheckStatus.OK,
        "degraded": CheckStatus.WARNING,
    }.get(health, CheckStatus.FAILED)
    return CheckResult(f"device:{kind}", status, f"{health}; {action}", {"health": health})


def check_devices(devices: DeviceSet) -> list[CheckResult]:
    results = []
    failures = devices.open_all()
    for kind, device in devices.devices().items():
        if kind in failures:
            results.append(CheckResult(f"device:{kind}", CheckStatus.FAILED, str(failures[kind])))
            continue
        results.append(check_device(kind, device))
    return results


def check_platform(core: KioskCore, now: Callable[[], float] = time.time) -> list[CheckResult]:
    try:
        sent = now()
        answer = core.client.heartbeat(core._heartbeat_payload())
        received = now()
    except DeviceRefused as exc:
        return [
            CheckResult(
                "platform",
                CheckStatus.FAILED,
                f"this kiosk is refused ({exc.error}): enrol it again with main.py enrol",
            )
        ]
    except (PlatformUnavailable, PlatformRejected) as exc:
        return [CheckResult("platform", CheckStatus.FAILED, f"not reachable: {exc}")]
    try:
        server = dt.datetime.fromisoformat(str(answer.get("server_time"))).timestamp()
    except ValueError:
        return [CheckResult("platform", CheckStatus.WARNING, "reachable; server time unreadable")]
    offset = server - (sent + received) / 2
    status = (
        CheckStatus.FAILED
        if abs(offset) > CLOCK_FAILED_S
        else CheckStatus.WARNING
        if abs(offset) > CLOCK_WARNING_S
        else CheckStatus.OK
    )
    return [
        CheckResult(
            "platform",
            CheckStatus.OK,
            "reachable",
            {"round_trip_ms": round((received - sent) * 1000)},
        ),
        CheckResult(
            "clock",
            status,
            f"offset {offset:+.1f} s against the platform",
            {"offset_s": round(offset, 1)},
        ),
    ]


def check_local_state(core: KioskCore, now: float) -> list[CheckResult]:
    results = []
    catalog = core.catalog
    results.append(
        CheckResult(
            "catalog", CheckStatus.OK, f"version {catalog.version}, {len(catalog.items)} items"
        )
        if catalog
        else CheckResult("catalog", CheckStatus.FAILED, "no catalog: residents see no services")
    )
    pending = core.outbox.records(OutboxState.PENDING)
    rejected = core.outbox.records(OutboxState.REJECTED)
    oldest = min((record.created_at for record in pending), default=None)
    outbox_status = CheckStatus.OK
    if rejected or (oldest is not None and now - oldest > STUCK_OUTBOX_S):
        outbox_status = CheckStatus.WARNING
    results.append(
        CheckResult(
            "outbox",
            outbox_status,
            f"{len(pending)} waiting, {len(rejected)} refused by the platform",
            {"pending": len(pending), "rejected": len(rejected)},
        )
    )
    if core.suishen_sync is None:
        results.append(
            CheckResult("suishen_trust_data", CheckStatus.WARNING, "no trust anchor configured")
        )
    else:
        age = core.suishen_sync.age()
        fresh = age.fresh(int(now))
        results.append(
            CheckResult(
                "suishen_trust_data",
                CheckStatus.OK if fresh else CheckStatus.FAILED,
                "fresh" if fresh else "stale or absent: codes get STALE_TRUST_DATA",
                {"age_s": round(now - age.last_sync_at) if age.last_sync_at else None},
            )
        )
    free = shutil.disk_usage(core.config.data_dir).free
    disk_status = (
        CheckStatus.FAILED
        if free < DISK_FAILED_BYTES
        else CheckStatus.WARNING
        if free < DISK_WARNING_BYTES
        else CheckStatus.OK
    )
    results.append(CheckResult("disk", disk_status, f"{free >> 20} MiB free", {"free_bytes": free}))
    return results


def diagnose_command(config_path: Path, report_path: Path | None) -> int:
    """Print one line per check; write a JSON report; exit with the worst status."""
    try:
        config = KioskConfig.load(config_path)
    except ConfigError as exc:
        print(f"configuration refused: {exc}", file=sys.stderr)
        return 3
    core = KioskCore(config)
    devices = build_device_set(config.devices)
    try:
        core.catalog_service.refresh(core.client)
        if core.suishen_sync is not None:
            core.suishen_sync.refresh()
        results = (
            check_devices(devices) + check_platform(core) + check_local_state(core, time.time())
        )
    finally:
        devices.close_all()
        core.shutdown()
    for result in results:
        print(f"{result.status.name:<8} {result.name:<28} {result.detail}")
    worst = worst_status(results)
    if report_path is not None:
        write_report(config.kiosk_id, results, report_path)
    return int(worst)


def worst_status(results: list[CheckResult]) -> CheckStatus:
    return max((result.status for result in results), default=CheckStatus.OK)


def write_report(kiosk_id: str, results: list[CheckResult], path: Path) -> None:
    """The JSON file a technician sends on; no personal data is ever in a check."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "kiosk_id": kiosk_id,
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "worst": worst_status(results).name,
                "checks": [result.as_json() for result in results],
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
