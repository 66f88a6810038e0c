"""Named outcomes of a face check, from the platform's answer codes.

The face check itself happens on the platform (POST /api/v1/face-checks):
the kiosk sends the ID number the resident typed and the face photo that
`kiosk.face_capture` took, and the platform compares it with the photo it
holds. This module only names what came back, so the UI has words for each.
"""

from __future__ import annotations

from enum import StrEnum


class FaceCheckOutcome(StrEnum):
    MATCHED = "matched"  # consent granted, records fetched
    NO_MATCH = "no_match"
    LOCKED = "locked"  # too many recent mismatches for this ID number
    UNKNOWN_RESIDENT = "unknown_resident"
    NOT_ENROLLED = "not_enrolled"  # the platform holds no photo for them
    PHOTO_UNUSABLE = "photo_unusable"  # the platform found no face, or several
    BAD_NUMBER = "bad_number"  # the ID number fails its checksum
    PLATFORM_UNREACHABLE = "platform_unreachable"  # a face check needs the network


_BY_ERROR = {
    "face_mismatch": FaceCheckOutcome.NO_MATCH,
    "face_check_locked": FaceCheckOutcome.LOCKED,
    "resident_unknown": FaceCheckOutcome.UNKNOWN_RESIDENT,
    "face_not_enrolled": FaceCheckOutcome.NOT_ENROLLED,
    "no_face": FaceCheckOutcome.PHOTO_UNUSABLE,
    "several_faces": FaceCheckOutcome.PHOTO_UNUSABLE,
    "image_unreadable": FaceCheckOutcome.PHOTO_UNUSABLE,
    "image_too_large": FaceCheckOutcome.PHOTO_UNUSABLE,
    "invalid_request": FaceCheckOutcome.BAD_NUMBER,
}


def outcome_of_refusal(error: str) -> FaceCheckOutcome:
    """The outcome for a platform error code; an unknown code is a mismatch (fail closed)."""
    return _BY_ERROR.get(error, FaceCheckOutcome.NO_MATCH)
