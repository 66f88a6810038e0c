"""`main.py screenshots --out DIR`: every kiosk screen as a PNG, to look at.

Walks a real journey (embedded platform, simulated devices) in each
orientation and mode, and grabs the window at every step.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint

from drivers.device_manager import UserRequest
from drivers.simulated.virtual_passport import VirtualPassport
from kiosk.feedback import Grade
from kiosk.identity import IdentificationMethod
from kiosk.session import SessionState
from ui.call_screenshots import DemoClerk, walk_video_call
from ui.demo import demo_config, prepare_demo_scene, start_demo_platform
from ui.kiosk_app import RunningKiosk, assemble_kiosk
from ui.screens.identify import IdentifyPhase
from ui.screens.submitted import CertificateState, PrintState

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
DEMO_RESIDENT_CARD = "wang_xiuying"
DEMO_ITEM = "LN-ZHJT-SQ"  # 老年综合津贴申请: consent, prefill, materials, signature
CERTIFICATE_RESIDENT_CARD = "li_jianguo"
CERTIFICATE_ITEM = "SB-JFQK-DY"  # 社保个人缴费情况打印: an A4 certificate


class JourneyStalled(RuntimeError):
    pass


def pump_until(condition: Callable[[], bool], timeout_s: float = 10.0, what: str = "") -> None:
    """Process Qt events until `condition` holds; background work reports through them."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise JourneyStalled(f"timed out waiting for {what or condition}")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def walk_to_services(kiosk: RunningKiosk, card: str = DEMO_RESIDENT_CARD, shoot=None) -> None:
    shoot = shoot or (lambda name: None)
    controller = kiosk.controller
    controller.start_session()
    shoot("02-identify")
    kiosk.devices.id_card_reader.insert_card(card)
    pump_until(lambda: kiosk.window.identify.phase is IdentifyPhase.CONSENT, what="card read")
    shoot("03-consent")
    controller.consent(True)
    pump_until(lambda: controller.session.state is SessionState.CHOOSING, what="records")
    kiosk.devices.id_card_reader.remove_card()


def _sign(kiosk: RunningKiosk) -> None:
    pad = kiosk.window.review.signature
    width, height = pad.width(), pad.height()
    points = [
        QPoint(int(width * (0.2 + 0.6 * i / 40)), int(height * (0.5 + 0.25 * ((i % 8) - 4) / 4)))
        for i in range(41)
    ]
    pad.stroke(points)


def walk_journey(kiosk: RunningKiosk, shoot: Callable[[str], None]) -> None:
    controller, window = kiosk.controller, kiosk.window
    shoot("01-home")
    walk_to_services(kiosk, shoot=shoot)
    shoot("04-services")
    controller.choose_item(DEMO_ITEM)
    shoot("05-guide")
    controller.open_form()
    shoot("06-form")
    window.form.edit_field("phone")
    shoot("07-form-keypad")
    window.form.editor.clear()
    controller.after_form()
    shoot("08-materials")
    session = controller.session
    for material in session.item.materials:
        if material.required and material.e_licence not in session.licences:
            controller.capture_material(material.code)
            pump_until(
                lambda code=material.code: code in controller.session.materials, what="capture"
            )
    shoot("09-materials-captured")
    saved_phone = session.form.value("phone")
    session.form.set_by_resident("phone", "1391765")
    controller.open_review()
    shoot("10-review-findings")
    session.form.set_by_resident("phone", saved_phone)
    controller.open_review()
    _sign(kiosk)
    shoot("11-review-ready")
    controller.submit()
    pump_until(
        lambda: (
            window.submitted.print_state is not PrintState.PRINTING
            and session.state is SessionState.SUBMITTED
        ),
        15,
        "receipt",
    )
    shoot("12-submitted")
    window.submitted.done.emit()
    window.rating.choose(Grade.DISSATISFIED)
    shoot("13-rating")
    window.rating.skipped.emit()
    pump_until(lambda: controller.session.state is SessionState.IDLE, what="end")
    controller.start_session()
    controller.ask_for_help()
    shoot("14-help")
    controller.leave_help()
    controller.exit_requested()
    shoot("15-leaving")
    window.leaving.skipped.emit()
    controller.start_session()
    window.idle_overlay.show_countdown(12)
    shoot("16-idle-warning")
    controller.end_session()


def walk_code_scan(kiosk: RunningKiosk, platform, shoot: Callable[[str], None]) -> None:
    """A resident shows an expired paper Suishen code: the verdict in words."""
    controller, window = kiosk.controller, kiosk.window
    pump_until(lambda: kiosk.core.suishen_sync.age().trust_list_seq is not None, 15, "trust data")
    controller.start_session()
    controller.choose_method(IdentificationMethod.SUISHEN_CODE.value)
    card = kiosk.devices.id_card_reader.card_document(DEMO_RESIDENT_CARD)
    kiosk.devices.camera.show_qr(platform.issue_demo_code(card.id_number, "expired", "S", "SM2").qr)
    pump_until(lambda: bool(window.identify.error_text), 15, "code verdict")
    pump_until(
        lambda: (
            window.identify.preview.pixmap() is not None
            and not window.identify.preview.pixmap().isNull()
        ),
        5,
        "preview",
    )
    shoot("17-code-verdict")
    kiosk.devices.camera.show_qr(None)
    controller.end_session()


def walk_face_check(kiosk: RunningKiosk, platform, shoot: Callable[[str], None]) -> None:
    """Face identification: the ID-number pad, then the camera with its guidance line."""
    controller, window = kiosk.controller, kiosk.window
    card = kiosk.devices.id_card_reader.card_document(DEMO_RESIDENT_CARD)
    controller.start_session()
    controller.choose_method(IdentificationMethod.FACE.value)
    for key in card.id_number[:-4]:
        window.identify.face.press(key)
    shoot("19-face-number")
    for key in card.id_number[-4:]:
        window.identify.face.press(key)
    window.identify.face.confirm()
    face = window.identify.face
    pump_until(
        lambda: face.preview.pixmap() is not None and not face.preview.pixmap().isNull(),
        5,
        "face preview",
    )
    shoot("20-face-camera")
    # The demo resident steps in front of the camera: photo, check, records.
    kiosk.devices.camera.show_face(platform.demo_face(card.id_number))
    pump_until(lambda: controller.session.state is SessionState.CHOOSING, 20, "face check")
    kiosk.devices.camera.show_face(None)
    controller.end_session()


def walk_passport(kiosk: RunningKiosk, shoot: Callable[[str], None]) -> None:
    """A foreign resident's e-passport: the three details, then a detail the chip refuses."""
    controller, window = kiosk.controller, kiosk.window
    panel = window.identify.passport
    controller.start_session()
    controller.choose_method(IdentificationMethod.PASSPORT.value)
    for key in "L898902C4":  # the specimen's number with its last character mistyped
        panel.press(key)
    panel.confirm()
    for key in "197408":
        panel.press(key)
    settle = time.monotonic() + 0.3  # the panel's layout settles over a few event passes
    pump_until(lambda: time.monotonic() > settle, what="layout")
    shoot("21-passport-details")
    for key in "1220120415":
        panel.press(key)
    kiosk.devices.smart_card_reader.insert_card(VirtualPassport())
    panel.confirm()
    pump_until(lambda: bool(window.identify.error_text), 10, "passport refusal")
    shoot("22-passport-mismatch")
    kiosk.devices.smart_card_reader.remove_card()
    controller.end_session()


def walk_technician(kiosk: RunningKiosk, shoot: Callable[[str], None]) -> None:
    """The hidden technician screen, and a device asking the resident for something."""
    tools, window = kiosk.technician, kiosk.window
    tools.ask_for_pin()
    for digit in "2468":
        window.technician_pin.keypad.key_pressed.emit(digit)
    shoot("23-technician-pin")
    window.technician_pin.hide()
    tools.open_panel()
    kiosk.devices.receipt_printer.unplug()
    pump_until(
        lambda: any(
            status.slot == "receipt_printer" and not status.health.value == "ready"
            for status in kiosk.device_manager.status()
        ),
        10,
        "printer unplugged",
    )
    tools.refresh()
    shoot("24-technician-devices")
    kiosk.devices.receipt_printer.replug()
    tools.close_panel()
    window.device_prompt.ask(0, UserRequest.PLACE_CARD_AGAIN)
    shoot("25-device-asks-the-resident")
    window.device_prompt.take_away(0)


def walk_certificate(kiosk: RunningKiosk, shoot: Callable[[str], None]) -> None:
    """A print-a-record item: the platform issues a certificate, the A4 printer prints it."""
    controller, window = kiosk.controller, kiosk.window
    walk_to_services(kiosk, card=CERTIFICATE_RESIDENT_CARD)
    controller.choose_item(CERTIFICATE_ITEM)
    controller.open_form()
    controller.after_form()
    controller.submit()
    pump_until(
        lambda: (
            window.submitted.certificate_state
            in (CertificateState.PRINTED, CertificateState.FAILED)
            and window.submitted.print_state is not PrintState.PRINTING
        ),
        20,
        "certificate",
    )
    shoot("18-certificate-printed")
    window.submitted.done.emit()
    window.rating.skipped.emit()
    pump_until(lambda: controller.session.state is SessionState.IDLE, what="end")


def walk_to_form(kiosk: RunningKiosk) -> None:
    walk_to_services(kiosk)
    kiosk.controller.choose_item(DEMO_ITEM)
    kiosk.controller.open_form()


def write_screenshots(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as temporary:
        data_dir = Path(temporary)
        platform = start_demo_platform(data_dir)
        kiosk = assemble_kiosk(demo_config(data_dir, platform))
        prepare_demo_scene(kiosk)
        clerk = DemoClerk(platform)
        try:
            for orientation, size in SIZES.items():
                for elderly in (False, True):
                    kiosk.window.resize(*size)
                    kiosk.window.show()
                    kiosk.controller.set_elderly_mode(elderly)
                    mode = "elderly" if elderly else "standard"

                    def shoot(
                        name: str, orientation=orientation, mode=mode, elderly=elderly
                    ) -> None:
                        if elderly and not kiosk.controller.session.elderly_mode:
                            kiosk.controller.set_elderly_mode(True)
                        QCoreApplication.processEvents()
                        path = out / f"{orientation}-{mode}-{name}.png"
                        kiosk.window.grab().save(str(path))
                        written.append(path)

                    walk_journey(kiosk, shoot)
                    walk_code_scan(kiosk, platform, shoot)
                    walk_face_check(kiosk, platform, shoot)
                    walk_passport(kiosk, shoot)
                    walk_technician(kiosk, shoot)
                    walk_certificate(kiosk, shoot)
                    walk_video_call(kiosk, clerk, shoot, pump_until, walk_to_form)
            preview = kiosk.devices.receipt_printer.last_preview_png()
            if preview:
                receipt_path = out / "printed-receipt.png"
                receipt_path.write_bytes(preview)
                written.append(receipt_path)
        finally:
            kiosk.shutdown()
            clerk.close()
            platform.stop()
    return written
