"""Video help: the real kiosk and a real clerk (ClerkCall) on one embedded platform.

Media runs over 127.0.0.1 only; both peers send PatternCamera frames, so the
picture the kiosk paints can be read back as a frame counter.
"""

from __future__ import annotations

import dataclasses
import threading

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QPushButton

from drivers.simulated.pattern_camera import PatternCamera, read_pattern
from kiosk.device_identity import DeviceCredential, DeviceRequestSigner
from kiosk.remote_window import call_events as ev
from kiosk.remote_window.clerk_account import ClerkAccount
from kiosk.remote_window.clerk_call import ClerkCall
from kiosk.remote_window.ice_addresses import restrict_host_addresses
from kiosk.remote_window.media_loop import MediaLoop
from kiosk.remote_window.video_settings import VideoSettings
from kiosk.session import SessionState
from reference_platform.server import EmbeddedPlatform
from reference_platform.settings import PlatformSettings
from tests.ui.journey import find, identify, open_item, sign, state, tap, to_review
from ui.call_panel import CallPhase
from ui.kiosk_app import enable_remote_window
from ui.screens.help import HelpPhase

ITEM = "LN-ZHJT-SQ"
SMALL_VIDEO = VideoSettings(width=320, height=240, fps=15)
WAIT_MS = 20_000


@pytest.fixture
def platform(request, tmp_path):
    """The shared fixture's platform, with this test's remote-window settings."""
    overrides = getattr(request, "param", {})
    settings = dataclasses.replace(
        PlatformSettings(data_dir=tmp_path / "platform"),
        help_reconnect_grace_s=2.0,
        **overrides,
    )
    with EmbeddedPlatform(settings) as running:
        yield running


@pytest.fixture(autouse=True)
def media_on_loopback():
    restrict_host_addresses(["127.0.0.1"])
    yield
    restrict_host_addresses(None)


class Clerk:
    """The demo clerk 王敏 at a console: every event it receives is kept, in order."""

    def __init__(self, platform_url: str) -> None:
        self.account = ClerkAccount.sign_in(platform_url, "clerk01", "window-demo-01")
        self.loop = MediaLoop("clerk-media")
        self.loop.start()
        self.camera = PatternCamera("clerk-camera", width=320, height=240, fps=15)
        self.camera.open()
        self.events: list[object] = []
        self._lock = threading.Lock()
        self.call = ClerkCall(
            self.loop, platform_url, self.account.token, self._keep, self.camera,
            video=SMALL_VIDEO,
        )  # fmt: skip
        self.call.connect()

    def _keep(self, event: object) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: type) -> list:
        with self._lock:
            return [event for event in self.events if isinstance(event, kind)]

    def wait(self, qtbot, kind: type, where=lambda event: True, timeout: int = WAIT_MS):
        qtbot.waitUntil(lambda: any(where(e) for e in self.of(kind)), timeout=timeout)
        return [e for e in self.of(kind) if where(e)][-1]

    def vanish(self) -> None:
        """The console's network goes and does not come back."""

        async def cut() -> None:
            signaling = self.call._signaling
            signaling._closing = True  # no reconnection: the console is gone
            await signaling.drop()

        self.loop.submit(cut()).result(5)

    def close(self) -> None:
        self.call.close()
        self.loop.stop()
        self.camera.close()


@pytest.fixture
def clerk(qtbot, platform):
    console = Clerk(platform.url)
    console.wait(qtbot, ev.ClerkStatus)  # signed in and connected: ready to go available
    yield console
    console.close()


@pytest.fixture
def video_kiosk(make_kiosk):
    # In English, so the assertions read what the resident is told.
    kiosk = make_kiosk(language="en")
    camera = PatternCamera("kiosk-camera", width=320, height=240, fps=15)
    camera.open()
    enable_remote_window(kiosk, camera=camera)
    yield kiosk
    camera.close()


def _ask_for_video_help(qtbot, kiosk) -> None:
    tap(qtbot, kiosk.window.top_bar.help_button)
    assert state(kiosk) is SessionState.HELP
    tap(qtbot, find(kiosk.window, "help_video"))


def _answer(qtbot, kiosk, clerk: Clerk) -> str:
    """The clerk takes the kiosk's request; returns the call id once video flows."""
    ringing = clerk.wait(qtbot, ev.Ringing)
    assert ringing.service_title == kiosk.controller.session.item.name.zh_CN
    assert (ringing.step, ringing.skill, ringing.elderly) == ("form", "personal", False)
    clerk.call.take(ringing.request_id)
    started = clerk.wait(qtbot, ev.CallStarted)
    panel = kiosk.window.call_panel
    qtbot.waitUntil(lambda: panel.phase is CallPhase.IN_CALL, timeout=WAIT_MS)
    return started.call_id


def _mirrored(clerk: Clerk, where) -> bool:
    return any(where(event.screen) for event in clerk.of(ev.ScreenMirrored))


def _field(screen: dict, key: str) -> dict:
    return next(entry for entry in screen["fields"] if entry["key"] == key)


def test_queue_answer_video_mirror_and_guidance(qtbot, video_kiosk, clerk):
    kiosk, window = video_kiosk, video_kiosk.window
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, ITEM)
    _ask_for_video_help(qtbot, kiosk)
    # Nobody is available yet: the resident waits first in line.
    qtbot.waitUntil(
        lambda: "number 1 in line" in window.help.queue_status.text(), timeout=WAIT_MS
    )
    assert window.help.queue_status.isVisible()
    clerk.call.set_available(True)
    call_id = _answer(qtbot, kiosk, clerk)

    # Back on the form, with the clerk beside it.
    assert state(kiosk) is SessionState.FORM
    panel = window.call_panel
    assert panel.isVisible()
    assert "王敏" in panel.clerk.text() and "0101" in panel.clerk.text()
    video = panel.clerk_video
    qtbot.waitUntil(lambda: video.displayed_frame is not None, timeout=WAIT_MS)
    first = read_pattern(video.displayed_frame)
    assert first is not None
    qtbot.waitUntil(
        lambda: (read_pattern(video.displayed_frame) or (-1, 0))[0] > first[0] + 5,
        timeout=WAIT_MS,
    )

    # The clerk sees the form, personal values masked.
    phone = kiosk.controller.session.form.value("phone")
    qtbot.waitUntil(
        lambda: _mirrored(clerk, lambda s: s["screen"] == "form" and s["fields"]), timeout=WAIT_MS
    )
    screen = clerk.of(ev.ScreenMirrored)[-1].screen
    assert _field(screen, "phone")["value"] == phone[:3] + "****" + phone[-4:]
    assert _field(screen, "name")["value"] == "王*英"
    assert phone not in str(screen)

    # Highlight: the phone row is outlined.
    clerk.call.guide("highlight", target="phone")
    highlight = window.highlight
    qtbot.waitUntil(lambda: highlight.isVisible(), timeout=WAIT_MS)
    assert highlight.target is window.form.findChild(type(highlight.target), "row_phone")

    # A proposed value the resident accepts.
    clerk.call.guide("fill", field="phone", value="13800138000")
    guidance = window.guidance
    qtbot.waitUntil(lambda: guidance.isVisible(), timeout=WAIT_MS)
    assert "13800138000" in guidance.message.text()
    tap(qtbot, guidance.yes_button)
    answered = clerk.wait(qtbot, ev.FillAnswered)
    assert answered.accepted is True
    assert kiosk.controller.session.form.value("phone") == "13800138000"
    assert window.form.value_labels["phone"].text() == "13800138000"  # the form is refreshed
    qtbot.waitUntil(
        lambda: _mirrored(clerk, lambda s: s["fields"] and _field(s, "phone")["value"] == "138****8000"),
        timeout=WAIT_MS,
    )

    # And one they refuse: nothing changes.
    clerk.call.guide("fill", field="phone", value="13900000000")
    qtbot.waitUntil(lambda: guidance.isVisible(), timeout=WAIT_MS)
    tap(qtbot, guidance.no_button)
    refused = clerk.wait(qtbot, ev.FillAnswered, lambda e: not e.accepted)
    assert refused.call_id == call_id
    assert kiosk.controller.session.form.value("phone") == "13800138000"

    # The resident hangs up, and rates the clerk.
    tap(qtbot, panel.hang_up_button)
    qtbot.waitUntil(lambda: panel.phase is CallPhase.ENDED, timeout=WAIT_MS)
    clerk.wait(qtbot, ev.CallEnded)
    tap(qtbot, find(window, "call_grade_5"))
    tap(qtbot, find(window, "call_rating_send"))
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (clerk.account.calls()[0].get("rating") or {}).get("grade") == 5, timeout=WAIT_MS
    )
    assert clerk.account.calls()[0]["call_id"] == call_id
    assert clerk.account.calls()[0]["ended_by"].startswith("kiosk")


def test_remote_acceptance_with_consent_then_clerk_hangs_up(qtbot, video_kiosk, clerk):
    kiosk, window = video_kiosk, video_kiosk.window
    clerk.call.set_available(True)
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, ITEM)
    _ask_for_video_help(qtbot, kiosk)
    call_id = _answer(qtbot, kiosk, clerk)
    to_review(qtbot, kiosk)
    sign(qtbot, kiosk)
    tap(qtbot, find(window, "review_submit"))
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.SUBMITTED, timeout=WAIT_MS)
    ref = kiosk.controller.session.submission.submission_ref
    qtbot.waitUntil(lambda: _mirrored(clerk, lambda s: s["submission_ref"] == ref), timeout=WAIT_MS)

    # The resident may refuse: the clerk is told and nothing is stored.
    clerk.account.accept_remotely(call_id, ref)
    guidance = window.guidance
    qtbot.waitUntil(lambda: guidance.isVisible(), timeout=WAIT_MS)
    tap(qtbot, guidance.no_button)
    refused = clerk.wait(qtbot, ev.ConsentAnswered)
    assert refused.agreed is False
    assert clerk.account.calls()[0]["acceptance"] is None
    assert not window.submitted.remote_acceptance.isVisible()

    clerk.account.accept_remotely(call_id, ref)
    qtbot.waitUntil(lambda: guidance.isVisible(), timeout=WAIT_MS)
    text = guidance.message.text()
    assert "王敏" in text and "0101" in text and "recorded" in text
    tap(qtbot, guidance.yes_button)
    stored = clerk.wait(qtbot, ev.AcceptanceStored)
    assert (stored.call_id, stored.submission_ref) == (call_id, ref)
    label = window.submitted.remote_acceptance
    qtbot.waitUntil(lambda: label.isVisible(), timeout=WAIT_MS)
    assert "王敏" in label.text()
    qtbot.waitUntil(
        lambda: (clerk.account.calls()[0].get("acceptance") or {}).get("submission_ref") == ref,
        timeout=WAIT_MS,
    )

    # The clerk ends the call: the resident is asked to rate the clerk.
    clerk.call.hang_up()
    panel = window.call_panel
    qtbot.waitUntil(lambda: panel.phase is CallPhase.ENDED, timeout=WAIT_MS)
    tap(qtbot, find(window, "call_grade_2"))
    assert not find(window, "call_rating_send").isEnabled()  # a low grade needs a reason
    tap(qtbot, find(window, "call_reason_long_wait"))
    tap(qtbot, find(window, "call_rating_send"))
    qtbot.waitUntil(
        lambda: (clerk.account.calls()[0].get("rating") or {}).get("grade") == 2, timeout=WAIT_MS
    )
    assert clerk.account.calls()[0]["rating"]["reasons"] == ["long_wait"]
    assert clerk.account.calls()[0]["ended_by"].startswith("clerk")


def test_clerk_lost_puts_the_resident_first_in_line_again(qtbot, video_kiosk, clerk):
    kiosk, window = video_kiosk, video_kiosk.window
    clerk.call.set_available(True)
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, ITEM)
    _ask_for_video_help(qtbot, kiosk)
    _answer(qtbot, kiosk, clerk)
    clerk.vanish()
    panel = window.call_panel
    qtbot.waitUntil(lambda: panel.phase is CallPhase.CLERK_RECONNECTING, timeout=WAIT_MS)
    assert "reconnecting" in panel.status.text()
    qtbot.waitUntil(lambda: panel.phase is CallPhase.REQUEUED, timeout=WAIT_MS)
    assert "first in line again" in panel.status.text()
    assert not panel.clerk_video.isVisible()
    # Leaving the line from the panel ends the wait.
    tap(qtbot, panel.hang_up_button)
    assert not panel.isVisible()
    assert not kiosk.controller.call_flow.active


@pytest.mark.parametrize("platform", [{"help_answer_deadline_s": 1.0}], indirect=True)
def test_no_clerk_in_time_offers_a_call_back(qtbot, video_kiosk):
    kiosk, window = video_kiosk, video_kiosk.window
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, ITEM)
    _ask_for_video_help(qtbot, kiosk)
    help_screen = window.help
    qtbot.waitUntil(lambda: help_screen.phase is HelpPhase.NO_ANSWER, timeout=WAIT_MS)
    assert help_screen.hotline.isVisible() and help_screen.hotline.text() == "12345"
    tap(qtbot, find(window, "help_callback"))
    # The government records' number is offered, masked.
    records_phone = kiosk.controller.session.records["phone"]
    assert help_screen.phone_line.text() == records_phone[:3] + "****" + records_phone[-4:]
    for key in "1380013":
        help_screen.press(key)
    tap(qtbot, find(window, "help_callback_send"))
    assert "not a phone number" in help_screen.phone_caption.text()
    for key in "8000":
        help_screen.press(key)
    tap(qtbot, find(window, "help_callback_send"))
    qtbot.waitUntil(lambda: help_screen.phase is HelpPhase.CALLBACK_BOOKED, timeout=WAIT_MS)
    assert "138****8000" in help_screen.problem.text()
    tap(qtbot, help_screen.back_button)
    assert state(kiosk) is SessionState.FORM
    assert not window.call_panel.isVisible()


def test_refused_remote_window_offers_the_hotline(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    # A device credential the platform never enrolled: the call's handshake is refused.
    stranger = DeviceCredential("dev-unknown", kiosk.core.config.kiosk_id, Ed25519PrivateKey.generate())
    enable_remote_window(kiosk, camera=None, request_signer=DeviceRequestSigner(stranger))
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, ITEM)
    _ask_for_video_help(qtbot, kiosk)
    help_screen = window.help
    qtbot.waitUntil(lambda: help_screen.phase is HelpPhase.UNAVAILABLE, timeout=WAIT_MS)
    assert help_screen.problem.isVisible()
    # In Chinese, as every session starts.
    assert "视频求助暂时不能使用" in help_screen.problem.text()
    assert "12345" in help_screen.problem.text()
    assert help_screen.hotline.isVisible() and help_screen.hotline.text() == "12345"
    assert not window.call_panel.isVisible()


def test_note_video_link_elderly_mode_and_document_camera(qtbot, video_kiosk, clerk):
    kiosk, window = video_kiosk, video_kiosk.window
    clerk.call.set_available(True)
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, ITEM)
    _ask_for_video_help(qtbot, kiosk)
    _answer(qtbot, kiosk, clerk)
    guidance, panel = window.guidance, window.call_panel

    # Two guides in a row: the second waits for the first to be dismissed.
    clerk.call.guide("note", text="请核对您的银行账号")
    clerk.call.guide("video_link", url="https://example.gov.cn/guide.mp4", title="办理指南")
    qtbot.waitUntil(lambda: guidance.isVisible(), timeout=WAIT_MS)
    assert guidance.message.text() == "请核对您的银行账号"
    qtbot.waitUntil(lambda: len(guidance.waiting) == 1, timeout=WAIT_MS)
    tap(qtbot, guidance.yes_button)
    assert guidance.isVisible() and guidance.heading.text() == "办理指南"
    assert guidance.qr.isVisible() and not guidance.qr.pixmap().isNull()
    tap(qtbot, guidance.yes_button)
    assert not guidance.isVisible()

    # The clerk makes the text large; the call panel grows with it.
    narrow = panel.width()
    clerk.call.guide("elderly_mode", on=True)
    qtbot.waitUntil(lambda: kiosk.controller.session.elderly_mode, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.width() > narrow, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _mirrored(clerk, lambda s: s["elderly"] is True), timeout=WAIT_MS)

    clerk.call.guide("document_camera", on=True)
    qtbot.waitUntil(lambda: panel.document_camera.isVisible(), timeout=WAIT_MS)
    assert "document camera" in panel.document_camera.text()
    changed = clerk.wait(qtbot, ev.DocumentCameraChanged)
    assert changed.available is True

    # The session ends mid-call (the resident walks away): the call ends with it.
    kiosk.controller.end_session()
    clerk.wait(qtbot, ev.CallEnded)
    assert not panel.isVisible()
    assert not kiosk.controller.call_flow.active


def test_reveal_answers_the_asked_field_in_clear(qtbot, video_kiosk, clerk):
    kiosk = video_kiosk
    clerk.call.set_available(True)
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, ITEM)
    _ask_for_video_help(qtbot, kiosk)
    _answer(qtbot, kiosk, clerk)
    # An audited reveal: only the asked field, in clear, only to the clerk.
    clerk.call.reveal("bank_account", "resident asked to check the account")
    revealed = clerk.wait(qtbot, ev.Revealed)
    form = kiosk.controller.session.form
    assert (revealed.field, revealed.value) == ("bank_account", form.value("bank_account"))
    clerk.call.reveal("no_such_field", "a typo")
    clerk.call.reveal("phone", "resident asked to check the number")
    revealed = clerk.wait(qtbot, ev.Revealed, lambda e: e.field == "phone")
    assert revealed.value == form.value("phone")
    assert [e.field for e in clerk.of(ev.Revealed)] == ["bank_account", "phone"]


def test_the_demo_panel_opens_a_clerk_console_that_answers_the_kiosk(
    qtbot, video_kiosk, platform
):
    from PySide6.QtCore import Qt

    from ui.demo import DemoDevicePanel

    kiosk = video_kiosk
    panel = DemoDevicePanel(kiosk, platform)
    qtbot.addWidget(panel)
    opener = next(b for b in panel.findChildren(QPushButton) if "clerk console" in b.text())
    qtbot.mouseClick(opener, Qt.MouseButton.LeftButton)
    console = panel._clerk_console
    try:
        assert console is not None and console.sign_in_ready()
        console.sign_in.username.setText("clerk01")
        console.sign_in.password.setText("window-demo-01")
        qtbot.mouseClick(console.sign_in.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(console.queue.availability_button.isEnabled, timeout=WAIT_MS)
        qtbot.mouseClick(console.queue.availability_button, Qt.MouseButton.LeftButton)
        identify(qtbot, kiosk)
        open_item(qtbot, kiosk, ITEM)
        _ask_for_video_help(qtbot, kiosk)
        qtbot.waitUntil(lambda: console.queue.ringing is not None, timeout=WAIT_MS)
        assert console.queue.ringing.service_title == kiosk.controller.session.item.name.zh_CN
    finally:
        panel.close_clerk_console()
        qtbot.wait(50)  # its deleteLater runs here, on the GUI thread
