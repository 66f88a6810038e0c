"""What the clerk sees of the kiosk's screen: a description built from the session.

The mirror is never a screen grab: it is built from the session's own state,
so personal data can be masked by kind before it leaves the kiosk, and the
clerk asks (audited) to see one value in clear. The dict is the ScreenMirror
of docs/remote-window.md.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

from kiosk.catalog import FieldType, FormField
from kiosk.id_numbers import mask_generic, mask_id_number, mask_name, mask_phone
from kiosk.session import ResidentSession, SessionState

THUMBNAIL_MAX_PX = 320
_THUMBNAIL_QUALITY = 70

# Fields holding a person's name (not a company's or bank's): masked 张*.
_PERSON_NAME_KEYS = frozenset(
    {
        "name",
        "spouse_name",
        "newborn_name",
        "guardian_name",
        "employee_name",
        "handler_name",
    }
)
_DISTRICT_END = re.compile(r"^.*?(?:[^市]区|县)")

# What each screen offers to tap, by the names the clerk can highlight.
SCREEN_BUTTONS: dict[SessionState, tuple[str, ...]] = {
    SessionState.IDLE: ("start",),
    SessionState.IDENTIFYING: ("id_card", "suishen_code", "face", "passport", "cancel"),
    SessionState.CHOOSING: ("page_previous", "page_next"),
    SessionState.GUIDE: ("back", "start"),
    SessionState.FORM: ("back", "next"),
    SessionState.MATERIALS: ("back", "capture", "next"),
    SessionState.REVIEW: ("back", "signature_clear", "submit"),
    SessionState.SUBMITTED: ("print_again", "finish"),
    SessionState.RATING: ("skip", "send"),
    SessionState.HELP: ("back",),
    SessionState.LEAVING: ("skip", "stay"),
}
_COMMON_BUTTONS = ("help", "exit", "elderly_mode", "language")


@dataclass(frozen=True)
class MaskedValue:
    value: str
    masked: bool


def mask_address(address: str) -> str:
    """Keep the address up to its district (上海市浦东新区****): enough to route, not to visit."""
    match = _DISTRICT_END.match(address)
    if match is None:
        # No district to cut at: the street and number are what must not leave.
        return address[:2] + "****" if len(address) > 2 else "*" * len(address)
    kept = match.group(0)
    return kept + "****" if len(address) > len(kept) else kept


def mask_bank_card(number: str) -> str:
    digits = number.replace(" ", "")
    return "****" + digits[-4:] if len(digits) > 4 else "*" * len(digits)


def is_person_name(form_field: FormField) -> bool:
    return form_field.key in _PERSON_NAME_KEYS or "identity.name" in form_field.prefill


def mask_field_value(form_field: FormField, value: str) -> MaskedValue:
    """The value as the clerk may see it without asking."""
    if not value:
        return MaskedValue("", False)
    match form_field.type:
        case FieldType.ID_NUMBER:
            return MaskedValue(mask_id_number(value), True)
        case FieldType.PHONE:
            return MaskedValue(mask_phone(value), True)
        case FieldType.BANK_ACCOUNT:
            return MaskedValue(mask_bank_card(value), True)
        case FieldType.ADDRESS:
            return MaskedValue(mask_address(value), True)
    if form_field.type is FieldType.TEXT and is_person_name(form_field):
        return MaskedValue(mask_name(value), True)
    if form_field.sensitive:
        return MaskedValue(mask_generic(value), True)
    return MaskedValue(value, False)


def jpeg_thumbnail(jpeg: bytes, max_px: int = THUMBNAIL_MAX_PX) -> bytes:
    """A small JPEG of a captured page, at most `max_px` wide and high."""
    import cv2  # OpenCV loads slowly; only a call with a captured material needs it
    import numpy as np

    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        return b""
    height, width = image.shape[:2]
    scale = min(1.0, max_px / max(width, height))
    if scale < 1.0:
        size = (max(1, int(width * scale)), max(1, int(height * scale)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, _THUMBNAIL_QUALITY])
    return encoded.tobytes() if ok else b""


@dataclass
class ScreenMirror:
    """Builds the mirror; remembers thumbnails so a form edit does not re-encode pages."""

    _thumbnails: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def clear(self) -> None:
        """Forget the last resident's thumbnails (privacy wipe)."""
        self._thumbnails.clear()

    def _thumbnail_b64(self, code: str, data: bytes) -> str:
        key = (code, id(data), len(data))
        if key not in self._thumbnails:
            self._thumbnails[key] = base64.b64encode(jpeg_thumbnail(data)).decode("ascii")
        return self._thumbnails[key]

    def build(
        self,
        session: ResidentSession,
        title: str = "",
        errors: dict[str, str] | None = None,
        highlighted: str | None = None,
    ) -> dict:
        """The ScreenMirror of what the resident sees now.

        `errors` maps a field key to the named problem shown beside it;
        `highlighted` is the field or button the clerk is pointing at.
        """
        errors = errors or {}
        state = session.state
        step = session.left_from if state is SessionState.HELP and session.left_from else state
        item = session.item
        language = "en" if session.language == "en" else "zh"
        mirror: dict = {
            "screen": state.value,
            "title": title,
            "service_code": item.code if item else "",
            "service_title": item.name.in_language(session.language) if item else "",
            "step": step.value,
            "elderly": session.elderly_mode,
            "language": language,
            "fields": [],
            "materials": [],
            "buttons": list(SCREEN_BUTTONS.get(state, ())) + list(_COMMON_BUTTONS),
            "submission_ref": session.submission.submission_ref if session.submission else None,
        }
        if session.form is not None:
            for form_field in session.form.item.fields:
                shown = mask_field_value(form_field, session.form.value(form_field.key))
                mirror["fields"].append(
                    {
                        "key": form_field.key,
                        "label": form_field.label.in_language(session.language),
                        "value": shown.value,
                        "masked": shown.masked,
                        "required": form_field.required,
                        "error": errors.get(form_field.key),
                        "highlighted": form_field.key == highlighted,
                    }
                )
        if item is not None:
            for material in item.materials:
                captured = session.materials.get(material.code)
                entry = {
                    "code": material.code,
                    "name": material.name.in_language(session.language),
                    "captured": captured is not None,
                    "pages": 1 if captured is not None else 0,
                    "thumbnail_jpeg_b64": None,
                }
                if captured is not None and captured.data:
                    entry["thumbnail_jpeg_b64"] = self._thumbnail_b64(material.code, captured.data)
                mirror["materials"].append(entry)
        return mirror

    def clear_value(self, session: ResidentSession, key: str) -> str | None:
        """The clear value of one form field, for an audited reveal; None if there is none."""
        if session.form is None:
            return None
        try:
            session.form.item.field(key)
        except KeyError:
            return None
        return session.form.value(key)
