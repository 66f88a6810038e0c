"""The video-help screens for `main.py screenshots`: a demo clerk answers the kiosk.

The clerk is the real console side (ClerkAccount, ClerkCall) signed in to the
embedded platform as the demo clerk 王敏, showing a synthetic portrait on a
simulated camera; media stays on 127.0.0.1.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from drivers.simulated.camera import SimulatedCamera
from kiosk.remote_window import call_events as ev
from kiosk.remote_window.clerk_account import ClerkAccount
from kiosk.remote_window.clerk_call import ClerkCall
from kiosk.remote_window.ice_addresses import restrict_host_addresses
from kiosk.remote_window.media_loop import MediaLoop
from kiosk.remote_window.video_settings import VideoSettings
from ui.call_panel import CallPhase
from ui.kiosk_app import RunningKiosk

DEMO_CLERK = ("clerk01", "window-demo-01")
# Any demo resident's synthetic portrait stands in for the clerk's face.
CLERK_PORTRAIT_ID = "310115195105120021"


class DemoClerk:
    def __init__(self, platform) -> None:
        restrict_host_addresses(["127.0.0.1"])
        self.account = ClerkAccount.sign_in(platform.url, *DEMO_CLERK)
        self.loop = MediaLoop("demo-clerk-media")
        self.loop.start()
        self.camera = SimulatedCamera("demo-clerk-camera", width=640, height=480, fps=15)
        self.camera.open()
        self.camera.show_face(platform.demo_face(CLERK_PORTRAIT_ID))
        self._events: list[object] = []
        self._lock = threading.Lock()
        self.call = ClerkCall(
            self.loop, platform.url, self.account.token, self._keep, self.camera,
            video=VideoSettings(),
        )  # fmt: skip
        self.call.connect()

    def _keep(self, event: object) -> None:
        with self._lock:
            self._events.append(event)

    def latest(self, kind: type):
        with self._lock:
            found = [event for event in self._events if isinstance(event, kind)]
        return found[-1] if found else None

    def forget_events(self) -> None:
        with self._lock:
            self._events.clear()

    def close(self) -> None:
        self.call.close()
        self.loop.stop()
        self.camera.close()


def walk_video_call(
    kiosk: RunningKiosk,
    clerk: DemoClerk,
    shoot: Callable[[str], None],
    pump_until: Callable[..., None],
    to_form: Callable[[RunningKiosk], None],
) -> None:
    """Queue, a call with the clerk's picture, a proposed value, and the consent question."""
    controller, window = kiosk.controller, kiosk.window
    flow, panel = controller.call_flow, window.call_panel
    pump_until(lambda: clerk.latest(ev.ClerkStatus) is not None, 10, "clerk connected")
    clerk.call.set_available(False)
    clerk.forget_events()
    to_form(kiosk)
    controller.ask_for_help()
    flow.request_help()
    pump_until(lambda: window.help.position > 0, 15, "queue position")
    shoot("26-video-help-queue")
    clerk.call.set_available(True)
    pump_until(lambda: clerk.latest(ev.Ringing) is not None, 15, "ringing")
    clerk.call.take(clerk.latest(ev.Ringing).request_id)
    pump_until(
        lambda: panel.phase is CallPhase.IN_CALL and panel.clerk_video.displayed_frame is not None,
        20,
        "clerk video",
    )
    settle = time.monotonic() + 0.5  # a few frames, so the picture is a settled one
    pump_until(lambda: time.monotonic() > settle, what="video")
    shoot("27-video-call")
    clerk.call.guide("fill", field="phone", value="13800138000")
    pump_until(lambda: window.guidance.isVisible(), 10, "fill suggestion")
    shoot("28-clerk-suggests")
    window.guidance.no_button.click()
    pump_until(lambda: clerk.latest(ev.FillAnswered) is not None, 10, "fill answer")
    # Remote acceptance needs a submitted application; the question itself is what is shown.
    name, staff = flow.clerk
    session = controller.session
    flow._handle(
        ev.ConsentRequested(
            flow.call_id or "", "demo", name, staff, session.item.name.zh_CN, "SH-DEMO-0001-DEMO"
        )
    )
    shoot("29-consent")
    window.guidance.forget()
    clerk.call.set_available(False)
    flow.hang_up()
    pump_until(lambda: panel.phase is CallPhase.ENDED, 15, "call ended")
    panel.closed.emit()
    controller.end_session()
