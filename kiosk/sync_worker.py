"""Delivers the outbox, refreshes the catalog and reports health, in the background.

It never gives up on a record the platform has not answered for, and never
sends one twice in a way the platform could count twice: every record goes
out with its idempotency key, so a retry after a crash is harmless.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.catalog_service import CatalogService
from kiosk.platform_client import (
    DeviceRefused,
    DeviceStanding,
    PlatformClient,
    PlatformRejected,
    PlatformUnavailable,
)
from offline_cache.outbox import Outbox

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backoff:
    base_s: float = 1.0
    cap_s: float = 60.0

    def delay(self, attempts: int, rng: random.Random) -> float:
        # Jitter spreads a fleet of kiosks reconnecting after an outage.
        return min(self.cap_s, self.base_s * 2 ** min(attempts, 16)) * rng.uniform(0.5, 1.0)


class SyncWorker:
    def __init__(
        self,
        outbox: Outbox,
        client: PlatformClient,
        catalog: CatalogService,
        heartbeat_payload: Callable[[], dict],
        catalog_refresh_s: float = 300.0,
        heartbeat_s: float = 60.0,
        backoff: Backoff = Backoff(),
        clock: Callable[[], float] = time.time,
        trust_refresh: Callable[[], object] | None = None,
    ) -> None:
        self._outbox = outbox
        self._client = client
        self._catalog = catalog
        self._heartbeat_payload = heartbeat_payload
        self._catalog_refresh_s = catalog_refresh_s
        self._heartbeat_s = heartbeat_s
        self._backoff = backoff
        self._clock = clock
        self._trust_refresh = trust_refresh  # Suishen trust data, on the catalog's cadence
        self._rng = random.Random()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._revocations: list[str] = []
        self._revocations_lock = threading.Lock()
        self._delivered_listeners: list[Callable[[str, dict], None]] = []
        self.platform_reachable: bool | None = None
        # Set when the platform refuses this kiosk's device credential for good
        # (unenrolled, revoked, key not recognised): no retry can help, so the
        # worker stops calling the platform until the kiosk is enrolled and
        # restarted. The outbox keeps every record for then.
        self.device_refusal: DeviceStanding | None = None

    def on_delivered(self, listener: Callable[[str, dict], None]) -> None:
        self._delivered_listeners.append(listener)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def wake(self) -> None:
        """Deliver now rather than at the next scheduled pass (after a submit)."""
        self._wake.set()

    def revoke_consent_later(self, token: str) -> None:
        with self._revocations_lock:
            self._revocations.append(token)
        self.wake()

    def deliver_due(self) -> int:
        """One pass over the due records; returns how many were delivered."""
        delivered = 0
        if self.device_refusal is not None:
            return 0
        for record in self._outbox.due(self._clock()):
            if self._stop.is_set():
                break
            key = record.idempotency_key
            try:
                response = self._client.post_idempotent(
                    record.endpoint, self._outbox.payload(key), key
                )
            except DeviceRefused as exc:
                # The kiosk was refused, not the record: never mark it rejected.
                self.platform_reachable = True
                next_at = self._clock() + self._backoff.delay(record.attempts, self._rng)
                self._outbox.mark_retry(key, exc.error, next_at)
                self._device_refused(exc)
                break
            except PlatformUnavailable as exc:
                self.platform_reachable = False
                next_at = self._clock() + self._backoff.delay(record.attempts, self._rng)
                self._outbox.mark_retry(key, str(exc), next_at)
                log.info("outbox %s %s held for retry: %s", record.kind, key[:8], exc)
                break  # the platform is down for the rest of the queue too
            except PlatformRejected as exc:
                self.platform_reachable = True
                self._outbox.mark_rejected(key, str(exc), {"error": exc.error, "status": exc.status})
                log.error("outbox %s %s refused by platform: %s", record.kind, key[:8], exc)
                continue
            self.platform_reachable = True
            self._outbox.mark_delivered(key, response)
            delivered += 1
            for listener in list(self._delivered_listeners):
                listener(key, response)
        return delivered

    def _device_refused(self, exc: DeviceRefused) -> None:
        if exc.standing.needs_enrolment:
            if self.device_refusal is None:
                log.error(
                    "platform refuses this kiosk (%s): sync stopped until enrolled", exc.error
                )
            self.device_refusal = exc.standing
        else:
            # Clock skew or a nonce clash: worth another try after the backoff.
            log.warning("platform refused a signed call: %s", exc.error)

    def _revoke_pending_consents(self) -> None:
        with self._revocations_lock:
            tokens, self._revocations = self._revocations, []
        for token in tokens:
            try:
                self._client.revoke_consent(token)
            except (PlatformUnavailable, PlatformRejected):
                pass  # consent tokens expire on their own within minutes

    def _run(self) -> None:
        next_catalog = next_heartbeat = 0.0
        while not self._stop.is_set():
            if self.device_refusal is not None:
                self._stop.wait(30.0)  # parked: calls would only be refused again
                continue
            try:
                now = time.monotonic()
                self._revoke_pending_consents()
                self.deliver_due()
                if now >= next_catalog:
                    self._catalog.refresh(self._client)
                    if self._trust_refresh is not None:
                        self._trust_refresh()
                    next_catalog = now + self._catalog_refresh_s
                if now >= next_heartbeat:
                    self._send_heartbeat()
                    next_heartbeat = now + self._heartbeat_s
            except Exception:  # the worker must outlive any single bad pass
                log.exception("sync pass failed")
            wait = min(next_catalog, next_heartbeat) - time.monotonic()
            due = self._outbox.next_attempt_at()
            if due is not None:
                wait = min(wait, due - self._clock())
            self._wake.wait(timeout=max(0.05, min(wait, 30.0)))
            self._wake.clear()

    def _send_heartbeat(self) -> None:
        try:
            self._client.heartbeat(self._heartbeat_payload())
            self.platform_reachable = True
        except DeviceRefused as exc:
            self.platform_reachable = True
            self._device_refused(exc)
        except (PlatformUnavailable, PlatformRejected) as exc:
            self.platform_reachable = False
            log.info("heartbeat not sent: %s", exc)
