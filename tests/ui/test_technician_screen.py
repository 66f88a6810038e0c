"""The hidden technician screen: gesture, PIN with lockout, device tests, report, quit."""

from __future__ import annotations

import json
import threading

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from drivers.device_manager import UserAnswer, UserRequest
from kiosk.technician_access import MAX_FAILED_ATTEMPTS
from tests.ui.journey import find, tap
from ui.demo import DEMO_TECHNICIAN_PIN


def hold_top_bar(qtbot, kiosk, hold_ms: int) -> None:
    bar = kiosk.window.top_bar
    spot = QPoint(bar.width() // 2, bar.height() // 2)  # empty bar, not a button
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=spot)
    qtbot.wait(hold_ms)
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=spot)


def type_pin(qtbot, kiosk, pin: str) -> None:
    for digit in pin:
        tap(qtbot, find(kiosk.window, f"pin_key_{digit}"))
    tap(qtbot, find(kiosk.window, "technician_pin_ok"))


def open_panel(qtbot, kiosk) -> None:
    kiosk.technician.detector._timer.setInterval(200)
    hold_top_bar(qtbot, kiosk, 400)
    qtbot.waitUntil(kiosk.window.technician_pin.isVisible, timeout=2_000)
    type_pin(qtbot, kiosk, DEMO_TECHNICIAN_PIN)
    qtbot.waitUntil(kiosk.window.technician_panel.isVisible, timeout=5_000)


def test_a_three_second_hold_asks_for_the_pin_and_a_short_one_does_not(qtbot, kiosk):
    hold_top_bar(qtbot, kiosk, 1000)
    qtbot.wait(2500)
    assert not kiosk.window.technician_pin.isVisible()
    hold_top_bar(qtbot, kiosk, 3300)
    qtbot.waitUntil(kiosk.window.technician_pin.isVisible, timeout=2_000)
    display = find(kiosk.window, "technician_pin_display", QLabel)
    tap(qtbot, find(kiosk.window, "pin_key_2"))
    tap(qtbot, find(kiosk.window, "pin_key_4"))
    assert display.text() == "●●"  # the PIN itself never shows


def test_no_way_in_during_a_residents_session(qtbot, kiosk):
    kiosk.technician.detector._timer.setInterval(200)
    tap(qtbot, kiosk.window.home.start_button)
    hold_top_bar(qtbot, kiosk, 400)
    qtbot.wait(300)
    assert not kiosk.window.technician_pin.isVisible()


def test_wrong_pins_are_refused_then_locked_out_even_for_the_right_one(qtbot, kiosk):
    kiosk.technician.detector._timer.setInterval(200)
    hold_top_bar(qtbot, kiosk, 400)
    qtbot.waitUntil(kiosk.window.technician_pin.isVisible, timeout=2_000)
    message = find(kiosk.window, "technician_pin_message", QLabel)
    type_pin(qtbot, kiosk, "135790")
    qtbot.waitUntil(lambda: "不正确" in message.text(), timeout=5_000)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        type_pin(qtbot, kiosk, "135790")
    qtbot.waitUntil(lambda: "分钟" in message.text(), timeout=5_000)
    type_pin(qtbot, kiosk, DEMO_TECHNICIAN_PIN)
    qtbot.wait(500)
    assert not kiosk.window.technician_panel.isVisible()
    assert "分钟" in message.text()


def test_panel_shows_tests_and_reports_every_device(qtbot, kiosk):
    open_panel(qtbot, kiosk)
    window = kiosk.window
    for slot in ("id_card_reader", "receipt_printer", "camera", "document_printer"):
        assert find(window, f"technician_state_{slot}", QLabel).text() == "就绪"

    tap(qtbot, find(window, "technician_test_camera"))
    result = find(window, "technician_result_camera", QLabel)
    qtbot.waitUntil(lambda: result.text().startswith("正常"), timeout=10_000)
    assert "frame" in result.text()

    printer = kiosk.devices.receipt_printer
    tap(qtbot, find(window, "technician_test_page_receipt_printer"))
    qtbot.waitUntil(lambda: len(printer.printed) == 1, timeout=10_000)
    assert "打印测试" in "\n".join(printer.last_printed().lines)
    assert printer.last_printed().cuts == 1

    # Unplugged while the panel is open: the manager's polling shows it.
    printer.unplug()
    qtbot.waitUntil(
        lambda: find(window, "technician_state_receipt_printer", QLabel).text() == "未连接",
        timeout=5_000,
    )
    tap(qtbot, find(window, "technician_test_receipt_printer"))
    assert "未连接" in find(window, "technician_result_receipt_printer", QLabel).text()

    tap(qtbot, find(window, "technician_self_check"))
    report = find(window, "technician_report", QLabel)
    qtbot.waitUntil(lambda: "报告已保存" in report.text(), timeout=20_000)
    assert "device:receipt_printer" in report.text()
    saved = list((kiosk.core.config.data_dir / "reports").glob("self-check-*.json"))
    assert len(saved) == 1
    checks = {check["name"]: check for check in json.loads(saved[0].read_text())["checks"]}
    assert checks["device:receipt_printer"]["status"] == "FAILED"
    assert checks["device:camera"]["status"] == "OK"
    assert checks["platform"]["status"] == "OK"

    printer.replug()
    qtbot.waitUntil(
        lambda: find(window, "technician_state_receipt_printer", QLabel).text() == "就绪",
        timeout=5_000,
    )
    tap(qtbot, find(window, "technician_close"))
    assert not window.technician_panel.isVisible()


def test_the_scanner_test_waits_for_a_code_and_never_shows_it(qtbot, kiosk):
    open_panel(qtbot, kiosk)
    tap(qtbot, find(kiosk.window, "technician_test_code_scanner"))
    result = find(kiosk.window, "technician_result_code_scanner", QLabel)
    qtbot.waitUntil(lambda: "扫码器" in result.text(), timeout=5_000)

    # Held to the scanner until it answers, as a technician would: the test
    # starts listening on a worker thread a moment after the tap.
    def scanned_and_answered() -> bool:
        kiosk.devices.code_scanner.present("SC1:SECRET-CODE-TEXT")
        return result.text().startswith("正常")

    qtbot.waitUntil(scanned_and_answered, timeout=10_000)
    assert "20" in result.text() and "SECRET" not in result.text()


def test_quit_is_a_technician_action(qtbot, kiosk):
    open_panel(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.technician.quit_requested, timeout=2_000):
        tap(qtbot, find(kiosk.window, "technician_quit"))


def test_the_panel_closes_itself_when_left_open(qtbot, kiosk):
    open_panel(qtbot, kiosk)
    kiosk.technician.auto_close.start(300)
    qtbot.waitUntil(lambda: not kiosk.window.technician_panel.isVisible(), timeout=3_000)


def test_a_device_asks_the_resident_through_one_prompt(qtbot, kiosk):
    answers = []
    asking = threading.Thread(
        target=lambda: answers.append(
            kiosk.device_manager.ask_user("id_card_reader", UserRequest.PLACE_CARD_AGAIN, 10.0)
        )
    )
    asking.start()
    overlay = kiosk.window.device_prompt
    qtbot.waitUntil(overlay.isVisible, timeout=5_000)
    assert "再次放" in find(kiosk.window, "device_prompt_message", QLabel).text()
    tap(qtbot, find(kiosk.window, "device_prompt_ok"))
    qtbot.waitUntil(lambda: answers == [UserAnswer.CONFIRMED], timeout=5_000)
    asking.join(5)
    assert not overlay.isVisible()
