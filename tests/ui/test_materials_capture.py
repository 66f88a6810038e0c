"""Materials through the document camera: a usable page is kept, a bad one explained."""

from PySide6.QtWidgets import QLabel

from kiosk.session import SessionState
from tests.form_answers import complete_form
from tests.ui.journey import find, identify, open_item, state, tap


def _to_materials(qtbot, kiosk):
    identify(qtbot, kiosk, card="zhang_wei")
    open_item(qtbot, kiosk, "JZZ-QZ")  # 居住证签注: needs papers the platform does not hold
    complete_form(kiosk.controller.session)
    tap(qtbot, find(kiosk.window, "form_next"))
    assert state(kiosk) is SessionState.MATERIALS
    return next(m for m in kiosk.controller.session.item.materials if m.required and not m.e_licence)


def test_a_page_under_the_camera_is_straightened_and_kept(qtbot, kiosk):
    material = _to_materials(qtbot, kiosk)
    tap(qtbot, find(kiosk.window, f"capture_{material.code}"))
    qtbot.waitUntil(lambda: material.code in kiosk.controller.session.materials, timeout=10_000)
    jpeg = kiosk.controller.session.materials[material.code].data
    assert jpeg.startswith(b"\xff\xd8")
    thumb = find(kiosk.window, f"material_thumb_{material.code}", QLabel)
    qtbot.waitUntil(lambda: thumb.pixmap() is not None and not thumb.pixmap().isNull(), timeout=2_000)
    # Straightened to A4 proportions, portrait.
    assert thumb.pixmap().height() > thumb.pixmap().width()


def test_no_page_tells_the_resident_what_to_do_and_keeps_nothing(qtbot, kiosk):
    material = _to_materials(qtbot, kiosk)
    kiosk.devices.document_camera.show_document(None)
    tap(qtbot, find(kiosk.window, f"capture_{material.code}"))
    error = find(kiosk.window, "materials_error", QLabel)
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10_000)
    assert "高拍仪" in error.text()
    assert material.code not in kiosk.controller.session.materials
