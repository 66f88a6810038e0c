"""Signing a clerk in to the platform, off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout, QWidget

from ui.background import BackgroundRunner
from ui.widgets import button, label

# The platform locks an account for this long after five wrong passwords in a row;
# shown when the refusal does not say how long is left.
LOCK_MINUTES = 5


class SignInProblem(Enum):
    NONE = "none"
    MISSING = "missing"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    UNREACHABLE = "unreachable"


def classify_sign_in_error(exc: Exception) -> tuple[SignInProblem, int | None]:
    """(what went wrong, minutes until a locked account opens again if known)."""
    from kiosk.remote_window.clerk_account import PlatformUnavailable, SignInRefusal, SignInRefused

    if isinstance(exc, SignInRefused):
        if exc.reason is SignInRefusal.LOCKED:
            seconds = getattr(exc, "retry_after_s", None)
            if seconds is None:
                return SignInProblem.LOCKED, LOCK_MINUTES
            return SignInProblem.LOCKED, max(1, -(-int(seconds) // 60))
        return SignInProblem.BAD_CREDENTIALS, None
    if isinstance(exc, PlatformUnavailable):
        return SignInProblem.UNREACHABLE, None
    raise exc


class SignInView(QWidget):
    signed_in = Signal(object)  # ClerkAccount

    def __init__(
        self,
        sign_in: Callable[[str, str], object],
        runner: BackgroundRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign_in")
        self._sign_in = sign_in
        self._runner = runner
        self.problem = SignInProblem.NONE
        self.locked_minutes: int | None = None
        self.busy = False

        panel = QFrame()
        panel.setProperty("role", "panel")
        panel.setMaximumWidth(520)
        form = QVBoxLayout(panel)
        self.title = label("title", "sign_in_title")
        self.subtitle = label("subtitle", "sign_in_subtitle")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.submit)
        self.sign_in_button = button("primary", "sign_in_button")
        self.sign_in_button.clicked.connect(self.submit)
        self.message = label("error", "sign_in_message")
        self.message.hide()
        for widget in (
            self.title,
            self.subtitle,
            self.username,
            self.password,
            self.sign_in_button,
            self.message,
        ):
            form.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.retranslate()

    def reset(self) -> None:
        self.password.clear()
        self._show_problem(SignInProblem.NONE)

    def submit(self) -> None:
        if self.busy:
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self._show_problem(SignInProblem.MISSING)
            return
        self.busy = True
        self.sign_in_button.setEnabled(False)
        self._runner.run(lambda: self._sign_in(username, password), self._done, self._failed)
        self.retranslate()

    def _done(self, account: object) -> None:
        self.busy = False
        self.password.clear()
        self._show_problem(SignInProblem.NONE)
        self.signed_in.emit(account)

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        problem, minutes = classify_sign_in_error(exc)
        self.password.clear()
        self._show_problem(problem, minutes)

    def _show_problem(self, problem: SignInProblem, minutes: int | None = None) -> None:
        self.problem = problem
        self.locked_minutes = minutes
        self.sign_in_button.setEnabled(not self.busy)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Remote service window"))
        self.subtitle.setText(self.tr("Sign in with your clerk account"))
        self.username.setPlaceholderText(self.tr("User name"))
        self.password.setPlaceholderText(self.tr("Password"))
        self.sign_in_button.setText(self.tr("Signing in…") if self.busy else self.tr("Sign in"))
        if self.problem is SignInProblem.LOCKED:
            if self.locked_minutes is None:
                text = self.tr("Too many wrong passwords: the account is locked for a few minutes.")
            else:
                text = self.tr(
                    "Too many wrong passwords: the account is locked for %n more minute(s).",
                    "",
                    self.locked_minutes,
                )
        else:
            text = {
                SignInProblem.NONE: "",
                SignInProblem.MISSING: self.tr("Enter your user name and password."),
                SignInProblem.BAD_CREDENTIALS: self.tr("Wrong user name or password."),
                SignInProblem.UNREACHABLE: self.tr(
                    "The platform cannot be reached. Check the network and try again."
                ),
            }[self.problem]
        self.message.setText(text)
        self.message.setVisible(bool(text))
