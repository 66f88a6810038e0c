"""What a call tells its front end: one frozen dataclass per event.

Events are delivered on the media loop thread; a Qt front end re-emits them
on its own thread. Field values come from the platform or the media stack,
never UI text.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Queued:
    request_id: str
    position: int
    expected_wait_s: int


@dataclass(frozen=True)
class NoAnswer:
    request_id: str
    hotline: str


@dataclass(frozen=True)
class CallbackBooked:
    request_id: str


@dataclass(frozen=True)
class Answered:
    call_id: str
    clerk_name: str
    staff_number: str


@dataclass(frozen=True)
class MediaConnected:
    """The first remote video frame was decoded."""

    call_id: str


@dataclass(frozen=True)
class GuideReceived:
    call_id: str
    guide_id: str
    action: str
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ConsentRequested:
    call_id: str
    acceptance_id: str
    clerk_name: str
    staff_number: str
    service_title: str
    submission_ref: str


@dataclass(frozen=True)
class AcceptanceStored:
    call_id: str
    acceptance_id: str
    submission_ref: str
    accepted_at: str


@dataclass(frozen=True)
class PeerLost:
    """The other side's connection dropped; the platform waits for it."""

    call_id: str


@dataclass(frozen=True)
class PeerBack:
    call_id: str


@dataclass(frozen=True)
class Requeued:
    """Kiosk: the clerk was lost; the request is back at the front of the queue."""

    request_id: str
    position: int
    expected_wait_s: int


@dataclass(frozen=True)
class CallEnded:
    call_id: str
    by: str  # "clerk" | "kiosk" | "platform"


@dataclass(frozen=True)
class SignalingLost:
    """The platform is unreachable or the socket closed; reconnecting."""

    detail: str


@dataclass(frozen=True)
class SignalingFailed:
    """Gave up, or was refused (e.g. device not enrolled): offer the hotline."""

    detail: str


# -- clerk side ---------------------------------------------------------------


@dataclass(frozen=True)
class ClerkStatus:
    available: bool
    waiting: int
    in_call: str | None


@dataclass(frozen=True)
class Ringing:
    request_id: str
    kiosk_id: str
    service_title: str
    step: str
    skill: str
    language: str
    elderly: bool
    waited_s: int


@dataclass(frozen=True)
class RingCancelled:
    """The ring stopped (taken elsewhere, timed out, or the resident left)."""

    request_id: str


@dataclass(frozen=True)
class CallStarted:
    call_id: str
    request_id: str
    kiosk_id: str
    kiosk_location: str
    service_title: str
    step: str
    skill: str
    language: str
    elderly: bool
    recording_ref: str


@dataclass(frozen=True)
class ScreenMirrored:
    call_id: str
    screen: dict


@dataclass(frozen=True)
class FillAnswered:
    call_id: str
    guide_id: str
    accepted: bool


@dataclass(frozen=True)
class ConsentAnswered:
    call_id: str
    acceptance_id: str
    agreed: bool


@dataclass(frozen=True)
class DocumentCameraChanged:
    call_id: str
    on: bool
    available: bool


@dataclass(frozen=True)
class Revealed:
    call_id: str
    field: str
    value: str


@dataclass(frozen=True)
class RecordingSealed:
    call_id: str
    recording_ref: str
    path: str
    sm3: str
    sha256: str


@dataclass(frozen=True)
class RecordingFailed:
    """The recording could not be written or sealed (detail: a short reason code)."""

    call_id: str
    recording_ref: str
    detail: str


@dataclass(frozen=True)
class PlatformError:
    error: str
    detail: str
