"""One resident's visit to the kiosk, from first touch to privacy wipe."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.catalog import ServiceItem
from kiosk.forms import FormState, PrefillSources
from kiosk.identity import ResidentIdentity


class SessionState(StrEnum):
    IDLE = "idle"
    IDENTIFYING = "identifying"
    CHOOSING = "choosing"
    GUIDE = "guide"
    FORM = "form"
    MATERIALS = "materials"
    REVIEW = "review"
    SUBMITTED = "submitted"
    RATING = "rating"
    HELP = "help"
    LEAVING = "leaving"  # asked in one tap why the resident could not finish


# The forward journey, plus going back one step. HELP and LEAVING are
# reachable from every active state and handled separately.
_TRANSITIONS: dict[SessionState, frozenset[SessionState]] = {
    SessionState.IDLE: frozenset({SessionState.IDENTIFYING}),
    SessionState.IDENTIFYING: frozenset({SessionState.CHOOSING}),
    SessionState.CHOOSING: frozenset({SessionState.GUIDE, SessionState.IDENTIFYING}),
    SessionState.GUIDE: frozenset({SessionState.FORM, SessionState.CHOOSING}),
    SessionState.FORM: frozenset(
        {SessionState.MATERIALS, SessionState.REVIEW, SessionState.GUIDE}
    ),
    SessionState.MATERIALS: frozenset({SessionState.REVIEW, SessionState.FORM}),
    SessionState.REVIEW: frozenset(
        {SessionState.SUBMITTED, SessionState.FORM, SessionState.MATERIALS}
    ),
    SessionState.SUBMITTED: frozenset({SessionState.RATING, SessionState.CHOOSING}),
    SessionState.RATING: frozenset({SessionState.IDLE, SessionState.CHOOSING}),
    SessionState.HELP: frozenset(),
    SessionState.LEAVING: frozenset({SessionState.IDLE}),
}

# Leaving after a submission is not a failure to finish, so it is not asked why.
_UNFINISHED = frozenset(
    {
        SessionState.IDENTIFYING,
        SessionState.CHOOSING,
        SessionState.GUIDE,
        SessionState.FORM,
        SessionState.MATERIALS,
        SessionState.REVIEW,
    }
)


class TransitionRefused(Exception):
    pass


@dataclass
class CapturedMaterial:
    code: str
    content_type: str
    data: bytes


@dataclass
class SubmissionReceipt:
    submission_ref: str
    check_code: str
    status_url: str
    item_code: str
    created_at: str
    application_no: str | None = None  # known once the platform has it


@dataclass
class ResidentSession:
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    state: SessionState = SessionState.IDLE
    elderly_mode: bool = False
    language: str = "zh_CN"
    identity: ResidentIdentity | None = None
    consent_token: str | None = None
    records_available: bool = False
    category: str | None = None
    records: dict[str, str] = field(default_factory=dict)
    history: dict[str, str] = field(default_factory=dict)
    licences: set[str] = field(default_factory=set)
    item: ServiceItem | None = None
    form: FormState | None = None
    sources: PrefillSources | None = None
    materials: dict[str, CapturedMaterial] = field(default_factory=dict)
    signature_png: bytes | None = None
    submission: SubmissionReceipt | None = None
    rated: bool = False
    _return_state: SessionState | None = None

    def go(self, target: SessionState) -> None:
        if target is self.state:
            return  # showing the same step again (after a fix) is not a transition
        if target is SessionState.HELP:
            if self.state is not SessionState.HELP:
                self._return_state = self.state
            self.state = target
            return
        if target is SessionState.LEAVING:
            self._return_state = self.state if self.state is not SessionState.HELP else self._return_state
            self.state = target
            return
        if self.state is SessionState.HELP:
            if target is not self._return_state:
                raise TransitionRefused(f"help returns to {self._return_state}, not {target}")
            self.state = target
            return
        if target not in _TRANSITIONS[self.state]:
            raise TransitionRefused(f"{self.state} -> {target}")
        self.state = target

    @property
    def left_from(self) -> SessionState | None:
        """The step the resident was on when they asked to leave or for help."""
        return self._return_state

    def should_ask_why_leaving(self) -> bool:
        step = self.state if self.state not in (SessionState.HELP, SessionState.LEAVING) else (
            self._return_state
        )
        return step in _UNFINISHED and self.submission is None

    def wipe(self) -> None:
        """Forget every personal datum this session held.

        Python cannot guarantee memory is overwritten; dropping every
        reference (and clearing containers shared with widgets) is what the
        runtime allows, and the UI clears its own copies at the same time.
        """
        if self.form is not None:
            self.form.wipe()
        for material in self.materials.values():
            material.data = b""
        self.materials.clear()
        self.records.clear()
        self.history.clear()
        self.licences.clear()
        self.identity = None
        self.consent_token = None
        self.records_available = False
        self.category = None
        self.item = None
        self.form = None
        self.sources = None
        self.signature_png = None
        self.submission = None
        self.rated = False
        self._return_state = None
        self.state = SessionState.IDLE

    def holds_personal_data(self) -> bool:
        return any(
            (
                self.identity,
                self.consent_token,
                self.records,
                self.history,
                self.licences,
                self.form,
                self.materials,
                self.signature_png,
                self.submission,
            )
        )
