"""The remote window's WebSockets through a real platform on 127.0.0.1: routing, calls, drops."""

from __future__ import annotations

import base64
import contextlib
import json
import time
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from kiosk.device_identity import DeviceCredential
from reference_platform import EmbeddedPlatform

from .payloads import KIOSK_ID

KIOSK_PATH = "/api/v1/remote-window/kiosk"
CLERK_PATH = "/api/v1/remote-window/clerk"
PASSWORDS = {"clerk01": "window-demo-01", "clerk02": "window-demo-02", "super01": "window-demo-09"}
TIMEOUT_S = 15.0


class Socket:
    """One WebSocket client; `expect` waits (generously) for a given message."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.seen: list[dict[str, Any]] = []
        self._unmatched: list[dict[str, Any]] = []

    def send(self, kind: str, **fields: Any) -> None:
        self.ws.send(json.dumps({"type": kind, **fields}))

    def expect(self, kind: str, **fields: Any) -> dict[str, Any]:
        """The first message of this kind and fields, received earlier or arriving now."""

        def matches(message: dict[str, Any]) -> bool:
            return message["type"] == kind and all(message.get(k) == v for k, v in fields.items())

        for message in self._unmatched:
            if matches(message):
                self._unmatched.remove(message)
                return message
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise TimeoutError
                message = json.loads(self.ws.recv(timeout=remaining))
            except TimeoutError:
                raise AssertionError(f"no {kind} {fields}; last seen {self.seen[-8:]}") from None
            self.seen.append(message)
            if matches(message):
                return message
            self._unmatched.append(message)

    def sync(self) -> list[dict[str, Any]]:
        """Every message received so far, up to the answer to a ping sent now: whatever
        the platform sent before handling the ping."""
        self.send("ping")
        self.expect("pong")
        return self.seen[:-1]

    def closed_with(self) -> tuple[int | None, str | None]:
        try:
            while True:
                self.ws.recv(timeout=TIMEOUT_S)
        except ConnectionClosed as closed:
            return (closed.rcvd.code, closed.rcvd.reason) if closed.rcvd else (None, None)

    def close(self) -> None:
        self.ws.close()


class Harness:
    def __init__(self, platform: EmbeddedPlatform) -> None:
        self.platform = platform
        self.ws_url = platform.url.replace("http://", "ws://")
        self.sockets: list[Socket] = []
        self.tokens: dict[str, str] = {}
        self._stack = contextlib.ExitStack()

    def token(self, username: str) -> str:
        if username not in self.tokens:
            answer = httpx.post(
                self.platform.url + "/api/v1/clerk-sessions",
                json={"username": username, "password": PASSWORDS[username]},
                timeout=10,
            )
            assert answer.status_code == 200, answer.text
            self.tokens[username] = answer.json()["token"]
        return self.tokens[username]

    def http(self, username: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.platform.url,
            headers={"Authorization": "Bearer " + self.token(username)},
            timeout=10,
        )

    def open(self, path: str, headers: dict[str, str]) -> Socket:
        ws = connect(self.ws_url + path, additional_headers=headers, open_timeout=10)
        socket = Socket(self._stack.enter_context(ws))
        self.sockets.append(socket)
        return socket

    def clerk(self, username: str, available: bool = True) -> Socket:
        socket = self.open(CLERK_PATH, {"Authorization": "Bearer " + self.token(username)})
        socket.expect("status")
        if available:
            socket.send("available", on=True)
            socket.expect("status", available=True)
        return socket

    def kiosk(self, kiosk_id: str = KIOSK_ID, headers: dict[str, str] | None = None) -> Socket:
        return self.open(KIOSK_PATH, {"X-Kiosk-Id": kiosk_id, **(headers or {})})

    def ask_for_help(self, kiosk: Socket, **overrides: Any) -> str:
        request = {
            "service_code": "SB-JFQK-DY",
            "service_title": "社保缴费清单打印",
            "step": "form",
            "skill": "personal",
            "language": "zh",
            "elderly": False,
            **overrides,
        }
        kiosk.send("help_request", **request)
        return kiosk.expect("queued")["request_id"]

    def call(self, clerk: Socket, kiosk: Socket, **overrides: Any) -> str:
        request_id = self.ask_for_help(kiosk, **overrides)
        clerk.expect("ringing", request_id=request_id)
        clerk.send("take", request_id=request_id)
        call_id = kiosk.expect("answered")["call_id"]
        clerk.expect("call", call_id=call_id)
        return call_id

    def close(self) -> None:
        self._stack.close()


@pytest.fixture
def harness(remote_window_platform) -> Any:
    h = Harness(remote_window_platform(help_reconnect_grace_s=1.0))
    yield h
    h.close()


def test_a_request_rings_only_a_clerk_with_its_skill_and_language(harness: Harness) -> None:
    personal = harness.clerk("clerk01")
    enterprise = harness.clerk("clerk02")
    kiosk = harness.kiosk()
    request_id = harness.ask_for_help(kiosk, skill="enterprise")
    ringing = enterprise.expect("ringing", request_id=request_id)
    assert ringing["kiosk_id"] == KIOSK_ID and ringing["skill"] == "enterprise"
    assert ringing["service_title"] == "社保缴费清单打印"
    assert not [m for m in personal.sync() if m["type"] == "ringing"]
    # English: clerk02 speaks only Chinese, so an English request rings clerk01.
    english = harness.kiosk("K-PD-0002")
    english_id = harness.ask_for_help(english, language="en")
    personal.expect("ringing", request_id=english_id)
    assert not [m for m in enterprise.sync() if m.get("request_id") == english_id]


def test_take_connects_both_sides_and_forwards_offer_answer_and_screen(
    harness: Harness,
) -> None:
    clerk = harness.clerk("clerk01")
    kiosk = harness.kiosk()
    request_id = harness.ask_for_help(kiosk, elderly=True)
    clerk.expect("ringing", request_id=request_id, elderly=True)
    clerk.send("take", request_id=request_id)
    answered = kiosk.expect("answered")
    call_id = answered["call_id"]
    assert answered["clerk"] == {"name": "王敏", "staff_number": "0101"}
    assert answered["ice_servers"] == []
    call = clerk.expect("call", call_id=call_id)
    assert call["request_id"] == request_id and call["recording_ref"] == f"rec-{call_id}"
    assert call["elderly"] is True and call["kiosk_id"] == KIOSK_ID
    clerk.expect("status", in_call=call_id)

    kiosk.send("offer", call_id=call_id, sdp="v=0 offer")
    assert clerk.expect("offer")["sdp"] == "v=0 offer"
    clerk.send("answer", call_id=call_id, sdp="v=0 answer")
    assert kiosk.expect("answer", call_id=call_id)["sdp"] == "v=0 answer"
    screen = {"screen": "form", "fields": [{"key": "phone", "value": "138****5678"}]}
    kiosk.send("screen", call_id=call_id, screen=screen)
    assert clerk.expect("screen", call_id=call_id)["screen"] == screen

    kiosk.send("hangup", call_id=call_id)
    assert clerk.expect("hangup", call_id=call_id)["by"] == "kiosk"
    clerk.expect("status", in_call=None)
    with harness.http("clerk01") as http:
        view = http.get(f"/api/v1/calls/{call_id}").json()
    assert view["ended_by"] == "kiosk" and view["ended_at"] is not None
    assert view["clerk_name"] == "王敏" and view["wait_s"] >= 0


def test_a_declined_ring_goes_to_the_next_matching_clerk(harness: Harness) -> None:
    first = harness.clerk("clerk01")
    second = harness.clerk("super01")
    kiosk = harness.kiosk()
    request_id = harness.ask_for_help(kiosk)
    # clerk01 has been idle longer, so it rings first.
    first.expect("ringing", request_id=request_id)
    first.send("decline", request_id=request_id)
    first.expect("ring_cancelled", request_id=request_id)
    second.expect("ringing", request_id=request_id)
    first.send("take", request_id=request_id)
    assert first.expect("error")["error"] == "no_such_request"
    second.send("take", request_id=request_id)
    assert kiosk.expect("answered")["clerk"]["staff_number"] == "0109"


def test_guidance_fill_and_reveal_are_forwarded_and_audited(harness: Harness) -> None:
    clerk = harness.clerk("clerk01")
    kiosk = harness.kiosk()
    call_id = harness.call(clerk, kiosk)

    clerk.send("guide", call_id=call_id, action="highlight", target="next")
    highlight = kiosk.expect("guide", action="highlight")
    assert highlight["target"] == "next" and highlight["guide_id"]
    clerk.send("guide", call_id=call_id, action="fill", field="phone", value="13812345678")
    fill = kiosk.expect("guide", action="fill")
    assert fill["value"] == "13812345678"
    kiosk.send("fill_answer", call_id=call_id, guide_id=fill["guide_id"], accepted=True)
    assert clerk.expect("fill_answer", guide_id=fill["guide_id"])["accepted"] is True

    clerk.send("guide", call_id=call_id, action="video_link", url="http://x.example/v")
    assert clerk.expect("error")["error"] == "bad_message"
    clerk.send("reveal", call_id=call_id, field="id_number", reason="")
    assert clerk.expect("error")["error"] == "bad_message"
    clerk.send("reveal", call_id=call_id, field="id_number", reason="核对身份证号")
    reveal = kiosk.expect("guide", action="reveal")
    assert reveal["field"] == "id_number"
    kiosk.send("reveal_answer", call_id=call_id, guide_id="g-forged", field="id_number", value="x")
    assert kiosk.expect("error")["error"] == "no_such_reveal"
    kiosk.send(
        "reveal_answer",
        call_id=call_id,
        guide_id=reveal["guide_id"],
        field="id_number",
        value="310104196809030118",
    )
    revealed = clerk.expect("revealed", call_id=call_id)
    assert revealed == {
        "type": "revealed",
        "call_id": call_id,
        "field": "id_number",
        "value": "310104196809030118",
    }
    kiosk.send("document_camera", call_id=call_id, on=True, available=True)
    assert clerk.expect("document_camera", call_id=call_id)["on"] is True

    with harness.http("clerk01") as http:
        audit = http.get(f"/api/v1/calls/{call_id}/audit").json()
    events = [row["event"] for row in audit]
    assert events[0] == "call_started"
    assert {"guide", "fill_answer", "reveal", "revealed", "document_camera"} <= set(events)
    reveal_row = next(row for row in audit if row["event"] == "reveal")
    assert reveal_row["details"]["reason"] == "核对身份证号"
    assert reveal_row["actor"] == "clerk:clerk-0101"
    # Neither the filled nor the revealed value is kept in the audit log.
    assert "13812345678" not in json.dumps(audit) and "310104196809030118" not in json.dumps(audit)


def test_a_lost_clerk_sends_the_resident_back_to_the_front_of_the_queue(
    harness: Harness,
) -> None:
    clerk = harness.clerk("clerk01")
    kiosk = harness.kiosk()
    other = harness.kiosk("K-PD-0002")
    call_id = harness.call(clerk, kiosk)
    harness.ask_for_help(other)
    clerk.close()
    kiosk.expect("peer_lost", call_id=call_id)
    requeued = kiosk.expect("requeued")
    assert requeued["position"] == 1
    request_id = requeued["request_id"]
    rescuer = harness.clerk("super01")
    # The requeued resident is first, ahead of the kiosk that asked while they were in a call.
    rescuer.expect("ringing", request_id=request_id)
    with harness.http("super01") as http:
        view = http.get(f"/api/v1/calls/{call_id}").json()
        events = [row["event"] for row in http.get(f"/api/v1/calls/{call_id}/audit").json()]
    assert view["ended_by"] == "platform"
    assert "peer_lost" in events and events[-1] == "hangup"


def test_a_clerk_who_comes_back_in_time_resumes_the_call(remote_window_platform) -> None:
    harness = Harness(remote_window_platform(help_reconnect_grace_s=60.0))
    try:
        clerk = harness.clerk("clerk01")
        kiosk = harness.kiosk()
        call_id = harness.call(clerk, kiosk)
        clerk.close()
        kiosk.expect("peer_lost", call_id=call_id)
        back = harness.clerk("clerk01", available=False)
        back.send("resume", call_id=call_id)
        back.expect("resumed", call_id=call_id)
        kiosk.expect("peer_resumed", call_id=call_id)
        kiosk.send("offer", call_id=call_id, sdp="v=0 again")
        assert back.expect("offer", call_id=call_id)["sdp"] == "v=0 again"
    finally:
        harness.close()


def test_a_kiosk_resumes_its_call_on_a_new_socket(harness: Harness) -> None:
    clerk = harness.clerk("clerk01")
    kiosk = harness.kiosk()
    call_id = harness.call(clerk, kiosk)
    kiosk.close()
    clerk.expect("peer_lost", call_id=call_id)
    stranger = harness.kiosk("K-OTHER-9")
    stranger.send("resume", call_id=call_id)
    assert stranger.expect("error")["error"] == "no_such_call"
    again = harness.kiosk()
    again.send("resume", call_id=call_id)
    again.expect("resumed", call_id=call_id)
    clerk.expect("peer_resumed", call_id=call_id)
    again.send("offer", call_id=call_id, sdp="v=0 resumed")
    assert clerk.expect("offer")["sdp"] == "v=0 resumed"


def test_a_kiosk_that_does_not_come_back_ends_the_call(harness: Harness) -> None:
    clerk = harness.clerk("clerk01")
    kiosk = harness.kiosk()
    call_id = harness.call(clerk, kiosk)
    kiosk.close()
    clerk.expect("peer_lost", call_id=call_id)
    assert clerk.expect("hangup", call_id=call_id)["by"] == "platform"
    clerk.expect("status", in_call=None)


def test_a_kiosk_that_stops_answering_pings_is_let_go(remote_window_platform) -> None:
    # Its network died without a reset: no close ever arrives, only silence.
    harness = Harness(
        remote_window_platform(help_ping_interval_s=0.3, help_reconnect_grace_s=0.5)
    )
    try:
        clerk = harness.clerk("clerk01")
        kiosk = harness.kiosk()
        call_id = harness.call(clerk, kiosk)
        deadline = time.monotonic() + TIMEOUT_S
        # The clerk answers every ping, the kiosk none.
        while time.monotonic() < deadline and all(m["type"] != "peer_lost" for m in clerk.seen):
            clerk.expect("ping")
            clerk.send("pong")
        clerk.expect("peer_lost", call_id=call_id)
        assert kiosk.closed_with() == (1001, "no answer to pings")
        assert clerk.expect("hangup", call_id=call_id)["by"] == "platform"
    finally:
        harness.close()


def test_no_answer_by_the_deadline_then_a_call_back(remote_window_platform) -> None:
    harness = Harness(remote_window_platform(help_answer_deadline_s=0.5))
    try:
        kiosk = harness.kiosk()
        request_id = harness.ask_for_help(kiosk)
        no_answer = kiosk.expect("no_answer", request_id=request_id)
        assert no_answer["hotline"] == "12345"
        kiosk.send("callback_request", phone="12")
        assert kiosk.expect("error")["error"] == "bad_message"
        kiosk.send("callback_request", phone="138 1234 5678")
        kiosk.expect("callback_booked", request_id=request_id)
        with harness.http("super01") as http:
            callbacks = http.get("/api/v1/remote-window/callbacks").json()
            assert http.get("/api/v1/remote-window/stats").json()["waiting_by_skill"] == {}
        with harness.http("clerk01") as http:
            assert http.get("/api/v1/remote-window/callbacks").status_code == 403
        assert [c["phone_masked"] for c in callbacks] == ["138****5678"]
        records = harness.platform.app.state.remote_window.records
        assert records.callback_phone(request_id) == "13812345678"
        with harness.platform.state.db.read() as conn:
            (sealed,) = conn.execute("SELECT phone_sealed FROM callback_requests").fetchone()
        assert b"13812345678" not in bytes(sealed)
    finally:
        harness.close()


def test_a_clerk_never_sees_or_touches_another_clerks_call(harness: Harness) -> None:
    owner = harness.clerk("clerk01")
    intruder = harness.clerk("clerk02")
    kiosk = harness.kiosk()
    call_id = harness.call(owner, kiosk)
    intruder.send("guide", call_id=call_id, action="note", text="hello")
    assert intruder.expect("error")["error"] == "no_such_call"
    intruder.send("hangup", call_id=call_id)
    assert intruder.expect("error")["error"] == "no_such_call"
    kiosk.send("offer", call_id=call_id, sdp="v=0 private")
    kiosk.send("screen", call_id=call_id, screen={"screen": "form"})
    owner.expect("screen", call_id=call_id)
    assert not [m for m in intruder.sync() if m.get("call_id") == call_id]
    assert not [m for m in kiosk.sync() if m["type"] == "guide"]
    with harness.http("clerk02") as http:
        assert http.get(f"/api/v1/calls/{call_id}").status_code == 404
        assert http.get(f"/api/v1/calls/{call_id}/audit").status_code == 404
        assert http.get("/api/v1/calls").json() == []
    with harness.http("super01") as http:
        assert http.get(f"/api/v1/calls/{call_id}").json()["clerk_id"] == "clerk-0101"


def test_protocol_errors_are_answered_and_framing_errors_close(harness: Harness) -> None:
    kiosk = harness.kiosk()
    kiosk.send("teleport")
    assert kiosk.expect("error")["error"] == "unknown_type"
    kiosk.send("help_request", skill="astrology", language="zh")
    assert kiosk.expect("error")["error"] == "bad_message"
    kiosk.send("offer", call_id="call-nope", sdp="x")
    assert kiosk.expect("error")["error"] == "no_such_call"
    harness.ask_for_help(kiosk)
    kiosk.send("help_request", skill="personal", language="zh")
    assert kiosk.expect("error")["error"] == "already_requested"
    kiosk.ws.send("{not json")
    assert kiosk.closed_with()[0] == 1007

    clerk = harness.clerk("clerk01", available=False)
    clerk.send("available", on="yes")
    assert clerk.expect("error")["error"] == "bad_message"
    clerk.ws.send(json.dumps({"type": "screen", "pad": "x" * (2 * 1024 * 1024 + 10)}))
    assert clerk.closed_with()[0] == 1009


def test_handshakes_without_credentials_are_refused(harness: Harness) -> None:
    assert harness.open(CLERK_PATH, {}).closed_with() == (4401, "clerk_unauthorised")
    bad = harness.open(CLERK_PATH, {"Authorization": "Bearer forged"})
    assert bad.closed_with()[0] == 4401
    assert harness.open(KIOSK_PATH, {}).closed_with() == (4401, "kiosk_id_required")


def _enrol(platform: EmbeddedPlatform, kiosk_id: str) -> DeviceCredential:
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    answer = httpx.post(
        platform.url + "/api/v1/devices/enrol",
        json={
            "code": platform.create_enrolment_code(kiosk_id),
            "kiosk_id": kiosk_id,
            "public_key": {"alg": "ed25519", "key": base64.b64encode(raw).decode()},
        },
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return DeviceCredential(answer.json()["device_id"], kiosk_id, key)


def test_kiosks_are_checked_like_any_signed_kiosk_call(harness: Harness) -> None:
    platform = harness.platform
    platform.require_device_signatures = True
    unsigned = harness.kiosk()
    assert unsigned.closed_with() == (4401, "device_unenrolled")

    credential = _enrol(platform, KIOSK_ID)

    def signed(path: str = KIOSK_PATH) -> dict[str, str]:
        return credential.signed_headers("GET", path, b"", int(time.time()))

    wrong_path = harness.kiosk(headers=signed("/api/v1/remote-window/elsewhere"))
    assert wrong_path.closed_with() == (4401, "bad_device_signature")
    kiosk = harness.kiosk(headers=signed())
    clerk = harness.clerk("clerk01")
    request_id = harness.ask_for_help(kiosk)
    clerk.expect("ringing", request_id=request_id)
    clerk.send("take", request_id=request_id)
    assert clerk.expect("call")["kiosk_id"] == KIOSK_ID

    platform.revoke_device(credential.device_id)
    assert harness.kiosk(headers=signed()).closed_with() == (4403, "device_revoked")


def test_a_kiosk_asking_again_on_a_new_socket_keeps_its_place(harness: Harness) -> None:
    first = harness.kiosk()
    request_id = harness.ask_for_help(first)
    later = harness.kiosk("K-PD-0002")
    harness.ask_for_help(later)
    # The old socket has not been seen to drop when the kiosk asks again.
    again = harness.kiosk()
    assert harness.ask_for_help(again) == request_id
    assert first.closed_with()[0] == 4409
    clerk = harness.clerk("clerk01")
    clerk.expect("ringing", request_id=request_id)
    clerk.send("take", request_id=request_id)
    again.expect("answered")
