"""The technician's self-check: devices, platform and clock, local state, exit codes."""

import dataclasses
import json
import time

from drivers.device_set import build_device_set
from kiosk.self_check import CheckStatus, check_devices, check_platform, diagnose_command
from ui.kiosk_app import simulated_devices_config


def _by_name(results):
    return {result.name: result for result in results}


def test_healthy_kiosk_exits_zero_and_writes_a_report(kiosk_config, platform, tmp_path, capsys):
    config = dataclasses.replace(
        kiosk_config,
        devices=simulated_devices_config(tmp_path / "devices"),
        suishen_anchor_spki=platform.trust_anchor_spki_hex,
    )
    config_path, report_path = tmp_path / "kiosk.json", tmp_path / "report.json"
    config.save(config_path)
    assert diagnose_command(config_path, report_path) == 0, capsys.readouterr().out
    report = json.loads(report_path.read_text(encoding="utf-8"))
    names = {check["name"] for check in report["checks"]}
    assert {"platform", "clock", "catalog", "outbox", "suishen_trust_data", "disk"} <= names
    assert "device:receipt_printer" in names and "device:camera" in names
    assert report["worst"] == "OK"


def test_dead_platform_fails_and_says_so(kiosk_config, platform, tmp_path, capsys):
    config_path = tmp_path / "kiosk.json"
    kiosk_config.save(config_path)
    platform.stop()
    assert diagnose_command(config_path, None) == int(CheckStatus.FAILED)
    out = capsys.readouterr().out
    assert "FAILED   platform" in out and "not reachable" in out


def test_device_faults_are_warnings_or_failures(tmp_path):
    devices = build_device_set(simulated_devices_config(tmp_path))
    devices.open_all()
    try:
        devices.receipt_printer.set_paper("near_end")
        devices.id_card_reader.fault = "unplugged"
        results = _by_name(check_devices(devices))
        assert results["device:receipt_printer"].status is CheckStatus.WARNING
        assert results["device:id_card_reader"].status is CheckStatus.FAILED
        assert results["device:camera"].status is CheckStatus.OK
    finally:
        devices.close_all()


def test_clock_offset_against_the_platform(core):
    results = _by_name(check_platform(core))
    assert results["clock"].status is CheckStatus.OK
    skewed = _by_name(check_platform(core, now=lambda: time.time() - 600))
    assert skewed["clock"].status is CheckStatus.FAILED
    assert skewed["clock"].data["offset_s"] > 500


def test_bad_config_exit_code(tmp_path):
    broken = tmp_path / "kiosk.json"
    broken.write_text("{not json", encoding="utf-8")
    assert diagnose_command(broken, None) == 3
