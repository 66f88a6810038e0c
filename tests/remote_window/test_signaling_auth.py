"""Who may open the signaling sockets: enrolled kiosks (signed), signed-in clerks."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.device_identity import DeviceCredential, DeviceRequestSigner
from kiosk.platform_client import PlatformClient
from kiosk.remote_window import call_events as ev
from kiosk.remote_window.clerk_call import ClerkCall
from kiosk.remote_window.kiosk_call import HelpContext, KioskCall

from .conftest import KIOSK_ID, EventLog

CONTEXT = HelpContext("SH-HUJI-001", "Household registration", "form")


def _enrol(platform) -> DeviceCredential:
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    client = PlatformClient(platform.url, KIOSK_ID)
    try:
        answer = client.enrol_device(
            {
                "code": platform.create_enrolment_code(),
                "kiosk_id": KIOSK_ID,
                "public_key": {"alg": "ed25519", "key": base64.b64encode(public).decode()},
                "location": "Hall 1",
                "hardware": {},
            }
        )
    finally:
        client.close()
    return DeviceCredential(answer["device_id"], KIOSK_ID, key)


def _kiosk(media_loop, platform, events, signer=None) -> KioskCall:
    return KioskCall(media_loop, platform.url, KIOSK_ID, events, None, None,
                     request_signer=signer)  # fmt: skip


def test_enrolled_kiosk_joins_the_queue_with_a_signed_upgrade(rw_platform, media_loop):
    rw_platform.require_device_signatures = True
    signer = DeviceRequestSigner(_enrol(rw_platform))
    events = EventLog()
    kiosk = _kiosk(media_loop, rw_platform, events, signer)
    try:
        kiosk.request_help(CONTEXT)
        queued = events.wait_for(ev.Queued)
        assert queued.position == 1
        assert not events.of(ev.SignalingFailed)
    finally:
        kiosk.close()


def test_unsigned_kiosk_is_refused_for_good(rw_platform, media_loop):
    rw_platform.require_device_signatures = True
    events = EventLog()
    kiosk = _kiosk(media_loop, rw_platform, events)
    try:
        kiosk.request_help(CONTEXT)
        failed = events.wait_for(ev.SignalingFailed)
        assert failed.detail == "device_unenrolled"
        assert not events.of(ev.Queued)
    finally:
        kiosk.close()


def test_revoked_kiosk_is_refused(rw_platform, media_loop):
    credential = _enrol(rw_platform)
    rw_platform.revoke_device(credential.device_id)
    events = EventLog()
    kiosk = _kiosk(media_loop, rw_platform, events, DeviceRequestSigner(credential))
    try:
        kiosk.request_help(CONTEXT)
        assert events.wait_for(ev.SignalingFailed).detail == "device_revoked"
    finally:
        kiosk.close()


def test_clerk_with_a_bad_token_is_refused(rw_platform, media_loop):
    events = EventLog()
    clerk = ClerkCall(media_loop, rw_platform.url, "not-a-token", events, None)
    try:
        clerk.connect()
        events.wait_for(ev.SignalingFailed)
        assert not events.of(ev.ClerkStatus)
    finally:
        clerk.close()
