"""Signing in: the platform's answers, in words a clerk understands."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.clerk.conftest import WAIT_MS, sign_in
from ui.clerk.sign_in import SignInProblem


def test_wrong_password_then_locked_then_signed_in_and_out(qtbot, make_console, clerk_platform):
    console = make_console()
    assert console.sign_in_ready()
    view = console.sign_in
    qtbot.mouseClick(view.sign_in_button, Qt.MouseButton.LeftButton)
    assert view.problem is SignInProblem.MISSING

    sign_in(qtbot, console, "clerk01", "not-the-password")
    qtbot.waitUntil(lambda: view.problem is SignInProblem.BAD_CREDENTIALS, timeout=WAIT_MS)
    assert view.message.isVisible() and view.message.text()
    assert view.password.text() == ""

    # super01's account: five wrong passwords lock it, and then even the right one is refused.
    for _ in range(5):
        sign_in(qtbot, console, "super01", "wrong")
        qtbot.waitUntil(lambda: not view.busy, timeout=WAIT_MS)
    sign_in(qtbot, console, "super01", "window-demo-09")
    qtbot.waitUntil(lambda: not view.busy, timeout=WAIT_MS)
    assert view.problem is SignInProblem.LOCKED
    assert view.locked_minutes == 5
    assert "5" in view.message.text()
    assert console.pages.currentWidget() is view

    sign_in(qtbot, console, "clerk01", "window-demo-01")
    qtbot.waitUntil(lambda: console.pages.currentWidget() is console.work_page, timeout=WAIT_MS)
    assert "王敏" in console.who.text() and "0101" in console.who.text()
    qtbot.waitUntil(lambda: console.banner.isHidden(), timeout=WAIT_MS)
    token = console.account.token

    qtbot.mouseClick(console.sign_out_button, Qt.MouseButton.LeftButton)
    assert console.pages.currentWidget() is view
    import requests

    def token_refused() -> bool:
        answer = requests.get(
            clerk_platform.url + "/api/v1/calls",
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
        return answer.status_code == 401

    qtbot.waitUntil(token_refused, timeout=WAIT_MS)


def test_unreachable_platform_is_said_plainly(qtbot, make_console):
    console = make_console(platform_url="http://127.0.0.1:9")
    sign_in(qtbot, console, "clerk01", "window-demo-01")
    qtbot.waitUntil(lambda: console.sign_in.problem is SignInProblem.UNREACHABLE, timeout=WAIT_MS)
    assert console.sign_in.message.text()
    assert console.pages.currentWidget() is console.sign_in


def test_chinese_by_default_with_an_english_toggle(qtbot, clerk_platform, media_loop, tmp_path):
    from PySide6.QtWidgets import QApplication

    from ui.clerk.console_window import ClerkConsoleWindow
    from ui.i18n import LanguageSwitch

    switch = LanguageSwitch(QApplication.instance())
    switch.use("zh_CN")
    console = ClerkConsoleWindow(
        clerk_platform.url, tmp_path / "clerk", loop=media_loop, language_switch=switch
    )
    qtbot.addWidget(console)
    try:
        console.show()
        assert console.sign_in_ready()
        assert console.language_button.isVisible()  # before signing in, too
        assert not console.sign_out_button.isVisible()
        assert console.language_button.text() == "English"
        qtbot.mouseClick(console.language_button, Qt.MouseButton.LeftButton)
        assert switch.language == "en"
        assert console.language_button.text() == "中文"
        assert console.sign_in.sign_in_button.text() == "Sign in"
        qtbot.mouseClick(console.language_button, Qt.MouseButton.LeftButton)
        assert switch.language == "zh_CN"
    finally:
        console.shutdown()
        switch.uninstall()
