"""A simulated resident for demos and screenshots: a real kiosk call without a kiosk.

It asks for video help, mirrors a plausible form, and answers the clerk the
way a cooperative resident would (confirms fills, agrees to remote
acceptance, shows the document camera when asked).
"""

from __future__ import annotations

import base64
import logging
from datetime import UTC, datetime

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage, QPainter

from drivers.camera import Camera
from drivers.device import DeviceKind
from drivers.simulated.camera import SimulatedCamera
from kiosk.remote_window import call_events as ev
from kiosk.remote_window.kiosk_call import HelpContext, KioskCall
from kiosk.remote_window.media_loop import MediaLoop

log = logging.getLogger(__name__)

DEMO_KIOSK_ID = "SH-DEMO-CLERK-01"
DEMO_SUBMISSION_REF = "SQ-DEMO-000001"
DEMO_SERVICE = ("LN-ZHJT-SQ", "老年综合津贴申请")
# The clear values behind the masked demo fields, revealed only when a clerk asks.
DEMO_CLEAR_VALUES = {"name": "王秀英", "id_number": "310101195001010027", "phone": "13812345678"}
NEXT_CALL_DELAY_S = 8.0


def material_thumbnail_b64() -> str:
    image = QImage(240, 170, QImage.Format.Format_RGB888)
    image.fill(QColor("#F3EBDD"))
    painter = QPainter(image)
    painter.setPen(QColor("#7A1F1F"))
    painter.drawRect(10, 10, 220, 150)
    painter.drawText(30, 60, "户口簿 常住人口登记卡")
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return base64.b64encode(bytes(buffer.data())).decode()


def demo_mirror(submission_ref: str | None = None, thumbnail_b64: str | None = None) -> dict:
    """The demo resident's screen: a form with masked personal data, or its review."""
    return {
        "screen": "review" if submission_ref else "form",
        "title": "确认申请信息" if submission_ref else "填写申请信息",
        "service_code": DEMO_SERVICE[0],
        "service_title": DEMO_SERVICE[1],
        "step": "review" if submission_ref else "form",
        "elderly": True,
        "language": "zh",
        "fields": [
            {"key": "name", "label": "姓名", "value": "王*英", "masked": True,
             "required": True, "error": None, "highlighted": False},
            {"key": "id_number", "label": "身份证号", "value": "3101**********0027",
             "masked": True, "required": True, "error": None, "highlighted": False},
            {"key": "phone", "label": "联系电话", "value": "138****5678", "masked": True,
             "required": True, "error": None if submission_ref else "号码不完整",
             "highlighted": False},
            {"key": "bank", "label": "收款银行", "value": "上海农商银行", "masked": False,
             "required": True, "error": None, "highlighted": False},
        ],
        "materials": [
            {"code": "hukou", "name": "户口簿", "captured": True, "pages": 2,
             "thumbnail_jpeg_b64": thumbnail_b64},
            {"code": "bank_card", "name": "银行卡", "captured": False, "pages": 0,
             "thumbnail_jpeg_b64": None},
        ],
        "buttons": ["next", "back", "help"],
        "submission_ref": submission_ref,
    }  # fmt: skip


def store_demo_submission(platform, kiosk_id: str, ref: str) -> None:
    """Put the demo application on an embedded platform, as if the kiosk had submitted it.

    `platform` is a running embedded reference platform (duck-typed: the
    console never imports the platform's code).
    """
    now = datetime.now(UTC).isoformat()
    with platform.state.db.write() as conn:
        if conn.execute("SELECT 1 FROM applications WHERE submission_ref = ?", (ref,)).fetchone():
            return
        conn.execute(
            "INSERT INTO applications (application_no, submission_ref, check_code, item_code,"
            " item_name_json, kiosk_id, applicant_id_number, applicant_name, form_json,"
            " prefill_ratio, submitted_at, received_at, status, idempotency_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (f"SH-{ref}", ref, "0000", DEMO_SERVICE[0],
             '{"zh": "老年综合津贴申请", "en": "Senior citizen allowance"}', kiosk_id,
             DEMO_CLEAR_VALUES["id_number"], DEMO_CLEAR_VALUES["name"], "{}", 1.0, now, now,
             "received", f"demo-{ref}"),
        )  # fmt: skip


def _opened(camera: Camera) -> Camera:
    camera.open()
    return camera


class DemoResident:
    """Calls again a few seconds after each call ends, until closed."""

    def __init__(
        self,
        loop: MediaLoop,
        platform_url: str,
        submission_ref: str | None = None,
        kiosk_id: str = DEMO_KIOSK_ID,
    ) -> None:
        self._loop = loop
        self._mirror = demo_mirror(submission_ref, material_thumbnail_b64())
        self.call = KioskCall(
            loop,
            platform_url,
            kiosk_id,
            self._on_event,
            camera=_opened(SimulatedCamera("demo-resident-camera", width=640, height=480)),
            document_camera=_opened(
                SimulatedCamera("demo-resident-document", DeviceKind.DOCUMENT_CAMERA)
            ),
        )
        self._closed = False

    def start(self) -> None:
        self.call.request_help(HelpContext(*DEMO_SERVICE, step="review", elderly=True))

    def close(self) -> None:
        self._closed = True
        self.call.close()

    def _on_event(self, event: object) -> None:
        """On the media loop thread: answer as a cooperative resident would."""
        call = self.call
        if isinstance(event, ev.Answered):
            call.send_screen(self._mirror)
        elif isinstance(event, ev.GuideReceived):
            details = event.details
            if event.action == "reveal":
                field = str(details.get("field", ""))
                call.answer_reveal(event.guide_id, field, DEMO_CLEAR_VALUES.get(field, ""))
            elif event.action == "fill":
                call.answer_fill(event.guide_id, True)
            elif event.action == "document_camera":
                call.set_document_camera(bool(details.get("on")))
        elif isinstance(event, ev.ConsentRequested):
            call.answer_consent(event.acceptance_id, True)
        elif isinstance(event, ev.CallEnded) and not self._closed:
            self._loop.call_soon(self._call_again_later)

    def _call_again_later(self) -> None:
        self._loop.loop.call_later(NEXT_CALL_DELAY_S, self._call_again)

    def _call_again(self) -> None:
        if not self._closed:
            self.start()
