"""Face identification at the kiosk: ID number on the pad, guided photo, platform check."""

from PySide6.QtWidgets import QLabel

from kiosk.identity import IdentificationMethod
from kiosk.session import SessionState
from tests.core.face_pictures import portrait_crop
from tests.ui.journey import find, state, tap
from ui.screens.identify import IdentifyPhase

WANG = "310115195105120021"
LI = "310104196809030118"


def _type_id_number(qtbot, kiosk, number: str) -> None:
    for key in number:
        tap(qtbot, find(kiosk.window, f"face_key_{key}"))


def _choose_face(qtbot, kiosk) -> None:
    tap(qtbot, kiosk.window.home.start_button)
    qtbot.waitUntil(
        lambda: IdentificationMethod.FACE in kiosk.window.identify.available_methods,
        timeout=5_000,
    )
    tap(qtbot, find(kiosk.window, "method_face"))
    assert kiosk.window.identify.phase is IdentifyPhase.FACE_NUMBER


def test_face_check_with_the_astronaut_reaches_the_services(qtbot, kiosk, platform):
    # Test-only: the astronaut portrait stands in for Wang's ID photo and for her at the kiosk.
    platform.state.faces.enrol(WANG, portrait_crop())
    _choose_face(qtbot, kiosk)
    confirm = find(kiosk.window, "face_id_confirm")
    _type_id_number(qtbot, kiosk, WANG[:-1] + "9")  # one wrong digit: checksum fails
    assert confirm.isEnabled()
    tap(qtbot, confirm)
    assert find(kiosk.window, "face_id_number_error", QLabel).isVisible()
    assert kiosk.window.identify.phase is IdentifyPhase.FACE_NUMBER  # nothing was sent
    tap(qtbot, find(kiosk.window, "face_key_backspace"))
    _type_id_number(qtbot, kiosk, WANG[-1])
    tap(qtbot, confirm)
    assert kiosk.window.identify.phase is IdentifyPhase.FACE_CAMERA
    guidance = find(kiosk.window, "face_guidance", QLabel)
    qtbot.waitUntil(lambda: "look straight" in guidance.text().lower() or "正" in guidance.text())
    assert guidance.isVisible()
    kiosk.devices.camera.show_face(portrait_crop())
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.CHOOSING, timeout=20_000)
    session = kiosk.controller.session
    assert session.identity.method is IdentificationMethod.FACE
    assert session.identity.id_number == WANG and session.records_available
    assert not kiosk.controller.face_camera.running  # the camera stops after the photo
    kiosk.devices.camera.show_face(None)


def test_someone_elses_face_is_refused_with_other_ways_in(qtbot, kiosk, platform):
    _choose_face(qtbot, kiosk)
    _type_id_number(qtbot, kiosk, LI)
    tap(qtbot, find(kiosk.window, "face_id_confirm"))
    kiosk.devices.camera.show_face(platform.demo_face(WANG))  # Wang is not Li
    error = find(kiosk.window, "identify_error", QLabel)
    qtbot.waitUntil(error.isVisible, timeout=20_000)
    assert kiosk.window.identify.phase is IdentifyPhase.CHOOSE
    assert find(kiosk.window, "method_id_card").isVisible()
    assert state(kiosk) is SessionState.IDENTIFYING
    kiosk.devices.camera.show_face(None)


def test_demo_resident_passes_with_their_synthetic_face(qtbot, kiosk, platform):
    _choose_face(qtbot, kiosk)
    _type_id_number(qtbot, kiosk, LI)
    tap(qtbot, find(kiosk.window, "face_id_confirm"))
    kiosk.devices.camera.show_face(platform.demo_face(LI))
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.CHOOSING, timeout=20_000)
    assert kiosk.controller.session.identity.name == "李建国"
    kiosk.devices.camera.show_face(None)


def test_network_down_says_face_check_needs_the_network(qtbot, kiosk, platform):
    tap(qtbot, kiosk.window.home.start_button)
    platform.stop()
    tap(qtbot, find(kiosk.window, "method_face"))
    error = find(kiosk.window, "identify_error", QLabel)
    qtbot.waitUntil(error.isVisible, timeout=20_000)
    assert "网络" in error.text() or "network" in error.text()
    assert kiosk.window.identify.phase is IdentifyPhase.CHOOSE
    assert find(kiosk.window, "method_id_card").isVisible()


def test_every_guidance_and_outcome_has_words(qapp):
    from kiosk.face_capture import FaceGuidance
    from kiosk.face_check import FaceCheckOutcome
    from ui.messages import face_check_outcome_text, face_guidance_text

    texts = [face_guidance_text(g) for g in FaceGuidance]
    texts += [face_check_outcome_text(o) for o in FaceCheckOutcome]
    assert all(texts) and len(set(texts)) == len(texts)
    code_names = [v.value for v in (*FaceGuidance, *FaceCheckOutcome) if "_" in v.value]
    assert not any(name in text for name in code_names for text in texts)


def test_camera_unplugged_before_the_photo_says_so(qtbot, kiosk):
    _choose_face(qtbot, kiosk)
    _type_id_number(qtbot, kiosk, LI)
    kiosk.devices.camera.unplug()
    try:
        tap(qtbot, find(kiosk.window, "face_id_confirm"))
        error = find(kiosk.window, "identify_error", QLabel)
        assert error.isVisible() and error.text()
        assert kiosk.window.identify.phase is IdentifyPhase.CHOOSE
        assert not kiosk.controller.face_camera.running
        assert kiosk.window.identify.face.number == ""  # the typed number is gone
    finally:
        kiosk.devices.camera.replug()
