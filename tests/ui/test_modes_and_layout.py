"""Elderly mode, language switch, orientation and touch targets."""

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.session import SessionState
from tests.ui.journey import find, identify, open_item, state, tap, to_review
from ui.theme import ELDERLY, MIN_TOUCH_PX, STANDARD, contrast_ratio


def test_palettes_meet_their_contrast_targets():
    for name, (fg, bg) in ELDERLY.text_pairs().items():
        assert contrast_ratio(fg, bg) >= 7.0, name
    for name, (fg, bg) in STANDARD.text_pairs().items():
        assert contrast_ratio(fg, bg) >= 4.5, name
    assert ELDERLY.base_pt >= 1.5 * STANDARD.base_pt


def test_contrast_formula_matches_known_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_elderly_mode_is_one_tap_away_enlarges_reads_out_and_doubles_time(qtbot, kiosk):
    window = kiosk.window
    identify(qtbot, kiosk)
    title = window.services.title
    standard_px = title.fontInfo().pixelSize()
    tap(qtbot, find(window, "elderly_toggle"))
    assert kiosk.controller.session.elderly_mode
    qtbot.waitUntil(lambda: title.fontInfo().pixelSize() >= 1.5 * standard_px, timeout=2_000)
    assert kiosk.controller.idle.policy.idle_s == 120
    qtbot.waitUntil(lambda: bool(kiosk.devices.speech.spoken), timeout=2_000)
    spoken = kiosk.devices.speech.spoken[-1]
    assert "选择办理事项" in str(spoken)
    # Simpler layout: fewer, larger tiles per page.
    assert len(window.services.tiles) <= 6
    open_item(qtbot, kiosk, window.services.tiles[0].property("item_code"))
    assert state(kiosk) is SessionState.FORM
    tap(qtbot, find(window, "elderly_toggle"))
    assert not kiosk.controller.session.elderly_mode


def test_language_switch_changes_every_text_and_back(qtbot, kiosk):
    window = kiosk.window
    assert window.home.start_button.text() == "点击这里开始办理"
    tap(qtbot, find(window, "language_toggle"))
    assert window.home.start_button.text() == "Tap here to start"
    identify(qtbot, kiosk)
    tile = window.services.tiles[0]
    assert "Print" in tile.text() and "社保" not in tile.text()
    tap(qtbot, find(window, "language_toggle"))
    assert "打印" in window.services.tiles[0].text()
    assert window.services.title.text() == "选择办理事项"


def _visible_buttons(window):
    return [b for b in window.findChildren(QPushButton) if b.isVisibleTo(window)]


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("elderly", [False, True])
def test_every_screen_fits_and_every_target_is_large(qtbot, make_kiosk, size, elderly):
    kiosk = make_kiosk(size=size)
    window = kiosk.window
    if elderly:
        tap(qtbot, find(window, "elderly_toggle"))
    checked = set()

    def check() -> None:
        qtbot.wait(50)
        assert window.width() == size[0] and window.height() == size[1], "content forced the window to grow"
        for widget in _visible_buttons(window):
            if widget.window() is not window:
                continue
            assert widget.height() >= MIN_TOUCH_PX, (widget.objectName(), widget.height())
            assert widget.width() >= MIN_TOUCH_PX, (widget.objectName(), widget.width())
        checked.add(state(kiosk))

    check()
    identify(qtbot, kiosk)
    check()
    open_item(qtbot, kiosk, "LN-ZHJT-SQ")
    check()
    tap(qtbot, find(window, "edit_phone"))
    check()
    to_review(qtbot, kiosk)
    check()
    assert {SessionState.IDLE, SessionState.CHOOSING, SessionState.FORM, SessionState.REVIEW} <= checked


def test_portrait_services_use_fewer_columns(qtbot, make_kiosk):
    kiosk = make_kiosk(size=(1080, 1920))
    identify(qtbot, kiosk)
    tiles = kiosk.window.services.tiles
    # Layouts settle on the next event pass; then the tiles stand in two columns.
    qtbot.waitUntil(lambda: len({tile.x() for tile in tiles}) > 1, timeout=2_000)
    assert len({tile.x() for tile in tiles}) == 2


def test_no_text_on_screen_is_selectable(qtbot, kiosk):
    identify(qtbot, kiosk)
    for label in kiosk.window.findChildren(QLabel):
        assert label.textInteractionFlags() == label.textInteractionFlags().NoTextInteraction
