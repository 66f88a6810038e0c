"""The console's widgets on their own: the mirrored kiosk screen and the guidance bar."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from ui.clerk.guidance_bar import FillState, GuidanceBar, valid_video_link
from ui.clerk.mirror_view import MirrorView
from ui.clerk.video_view import VideoView


def jpeg_b64(width: int = 240, height: int = 160) -> str:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor("#3366CC"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return base64.b64encode(bytes(buffer.data())).decode()


FORM_MIRROR = {
    "screen": "form",
    "title": "填写申请信息",
    "service_code": "LN-ZHJT-SQ",
    "service_title": "老年综合津贴申请",
    "step": "form",
    "elderly": False,
    "language": "zh",
    "fields": [
        {"key": "name", "label": "姓名", "value": "王*英", "masked": True, "required": True,
         "error": None, "highlighted": False},
        {"key": "phone", "label": "联系电话", "value": "138****5678", "masked": True,
         "required": True, "error": "号码不完整", "highlighted": False},
        {"key": "remark", "label": "备注", "value": "", "masked": False, "required": False,
         "error": None, "highlighted": False},
    ],
    "materials": [
        {"code": "hukou", "name": "户口簿", "captured": True, "pages": 2,
         "thumbnail_jpeg_b64": jpeg_b64()},
        {"code": "photo", "name": "照片", "captured": False, "pages": 0,
         "thumbnail_jpeg_b64": None},
    ],
    "buttons": ["next", "back", "help"],
    "submission_ref": None,
}  # fmt: skip


def test_mirror_shows_fields_masked_with_state(qtbot):
    view = MirrorView()
    qtbot.addWidget(view)
    view.show_screen(FORM_MIRROR)
    assert view.title.text() == "填写申请信息"
    assert "老年综合津贴申请" in view.service.text()
    assert view.field_keys() == ["name", "phone", "remark"]
    phone = view.rows["phone"]
    assert phone.value.text() == "138****5678"
    assert "masked" in phone.badges.text() and "required" in phone.badges.text()
    assert phone.error.text() == "号码不完整"
    assert not phone.error.isHidden()
    assert not phone.reveal_button.isHidden()
    assert view.rows["remark"].reveal_button.isHidden()
    assert view.rows["remark"].error.isHidden()
    assert "Next" in view.buttons_line.text()  # the kiosk's "next", in the clerk's words
    thumbnail = view.findChild(object, "material_thumbnail_hukou")
    assert thumbnail.pixmap() is not None and not thumbnail.pixmap().isNull()
    assert thumbnail.pixmap().width() <= 160
    assert "2" in view.material_labels["hukou"].text()
    assert view.submission.isHidden()
    assert view.submission_ref() is None


def test_reveal_asks_for_a_reason_then_shows_the_clear_value(qtbot):
    view = MirrorView()
    qtbot.addWidget(view)
    view.show_screen(FORM_MIRROR)
    asked = []
    view.reveal_requested.connect(lambda field, reason: asked.append((field, reason)))
    qtbot.mouseClick(view.rows["phone"].reveal_button, Qt.MouseButton.LeftButton)
    assert not view.reveal_panel.isHidden()
    assert "联系电话" in view.reveal_prompt.text()
    assert not view.reveal_confirm.isEnabled()  # no reason yet
    view.reveal_reason.setText("ok")
    assert not view.reveal_confirm.isEnabled()  # too short to mean anything
    view.reveal_reason.setText("核对联系方式")
    assert view.reveal_confirm.isEnabled()
    qtbot.mouseClick(view.reveal_confirm, Qt.MouseButton.LeftButton)
    assert asked == [("phone", "核对联系方式")]
    assert view.reveal_panel.isHidden()
    view.show_revealed("phone", "13812345678")
    assert view.rows["phone"].value.text() == "13812345678"
    assert view.rows["phone"].reveal_button.isHidden()
    assert "revealed" in view.rows["phone"].badges.text()
    # A later mirror (still masked) keeps showing what was revealed.
    view.show_screen({**FORM_MIRROR, "title": "again"})
    assert view.rows["phone"].value.text() == "13812345678"
    assert view.rows["name"].value.text() == "王*英"


def test_submission_ref_shows(qtbot):
    view = MirrorView()
    qtbot.addWidget(view)
    view.show_screen({**FORM_MIRROR, "submission_ref": "SQ-2026-000123"})
    assert view.submission_ref() == "SQ-2026-000123"
    assert "SQ-2026-000123" in view.submission.text()
    assert not view.submission.isHidden()


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://zwdt.sh.gov.cn/guide/video1", True),
        ("http://zwdt.sh.gov.cn/guide", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("https://exa mple.com/x", False),
        ("", False),
    ],
)
def test_video_links_must_be_https(url, ok):
    assert valid_video_link(url) is ok


def test_guidance_bar_emits_actions_and_tracks_fills(qtbot):
    bar = GuidanceBar()
    qtbot.addWidget(bar)
    sent = []
    bar.guide_requested.connect(lambda action, details: sent.append((action, details)))
    bar.set_targets([("name", "姓名"), ("phone", "联系电话")], ["next"])
    bar.highlight_target.setCurrentIndex(bar.highlight_target.findData("next"))
    qtbot.mouseClick(bar.highlight_button, Qt.MouseButton.LeftButton)
    bar.fill_field.setCurrentIndex(bar.fill_field.findData("phone"))
    bar.fill_value.setText("13812345678")
    qtbot.mouseClick(bar.fill_button, Qt.MouseButton.LeftButton)
    bar.fill_value.setText("王秀英")
    bar.fill_field.setCurrentIndex(bar.fill_field.findData("name"))
    qtbot.mouseClick(bar.fill_button, Qt.MouseButton.LeftButton)
    bar.video_url.setText("http://insecure.example/video")
    assert not bar.video_button.isEnabled()
    assert bar.video_error.text()
    bar.video_url.setText("https://zwdt.sh.gov.cn/v/1")
    bar.video_title.setText("如何上传材料")
    qtbot.mouseClick(bar.video_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.elderly_button, Qt.MouseButton.LeftButton)
    assert sent == [
        ("highlight", {"target": "next"}),
        ("fill", {"field": "phone", "value": "13812345678"}),
        ("fill", {"field": "name", "value": "王秀英"}),
        ("video_link", {"url": "https://zwdt.sh.gov.cn/v/1", "title": "如何上传材料"}),
        ("elderly_mode", {"on": True}),
    ]
    assert [p.state for p in bar.fills] == [FillState.PENDING, FillState.PENDING]
    assert bar.fill_answered(False).field == "phone"
    assert bar.fill_answered(True).field == "name"
    assert [p.state for p in bar.fills] == [FillState.REFUSED, FillState.CONFIRMED]
    assert "refused" in bar.fill_status.text() and "confirmed" in bar.fill_status.text()


class StillSource:
    def __init__(self) -> None:
        self.count = 0
        self.frame = None

    def latest(self):
        return self.count, self.frame


def test_video_view_paints_only_new_frames(qtbot):
    view = VideoView("resident_video")
    qtbot.addWidget(view)
    source = StillSource()
    view.show_source(source)
    view.refresh()
    assert view.image is None
    frame = np.zeros((48, 64, 3), dtype=np.uint8)
    frame[:, :, 2] = 200  # red in BGR
    source.count, source.frame = 1, frame
    view.refresh()
    view.refresh()
    assert view.frames_shown == 1
    shown = view.displayed_frame()
    assert shown.shape == (48, 64, 3)
    assert (shown == frame).all()
