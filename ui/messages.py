"""What residents read for each named result of the core and the drivers.

The core and drivers report enums; this is the one place they become words,
in the resident's language. Never show a raw code name.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from drivers.device import (
    CardNotPresent,
    CardReadIncomplete,
    DeviceTimeout,
    DeviceUnavailable,
    PrinterProblem,
)
from kiosk.catalog import FieldType, ItemKind
from kiosk.document_capture import PageProblem
from kiosk.face_capture import FaceGuidance
from kiosk.face_check import FaceCheckOutcome
from kiosk.feedback import DissatisfactionReason, Grade, LeaveReason
from kiosk.identity import IdentificationMethod
from kiosk.kiosk_core import IdentityProblem, RecordsOutcome
from kiosk.prereview import Finding, PrereviewProblem
from kiosk.suishen import VerificationResult

# lupdate finds translate("Context", "literal") calls; keep them literal.
translate = QCoreApplication.translate


def grade_text(grade: Grade) -> str:
    return {
        Grade.VERY_SATISFIED: translate("Messages", "Very satisfied"),
        Grade.SATISFIED: translate("Messages", "Satisfied"),
        Grade.BASICALLY_SATISFIED: translate("Messages", "Basically satisfied"),
        Grade.DISSATISFIED: translate("Messages", "Dissatisfied"),
        Grade.VERY_DISSATISFIED: translate("Messages", "Very dissatisfied"),
    }[grade]


def dissatisfaction_text(reason: DissatisfactionReason) -> str:
    return {
        DissatisfactionReason.LONG_WAIT: translate("Messages", "I waited too long"),
        DissatisfactionReason.HARD_TO_USE: translate("Messages", "The kiosk was hard to use"),
        DissatisfactionReason.TOO_MANY_MATERIALS: translate(
            "Messages", "Too many materials were asked for"
        ),
        DissatisfactionReason.UNCLEAR_GUIDE: translate("Messages", "The guide was unclear"),
        DissatisfactionReason.SYSTEM_ERROR: translate("Messages", "Something did not work"),
        DissatisfactionReason.STAFF_ATTITUDE: translate("Messages", "Staff attitude"),
        DissatisfactionReason.OTHER: translate("Messages", "Other"),
    }[reason]


def leave_reason_text(reason: LeaveReason) -> str:
    return {
        LeaveReason.CANNOT_FIND_SERVICE: translate("Messages", "I could not find my service"),
        LeaveReason.MISSING_MATERIAL: translate("Messages", "I do not have a material with me"),
        LeaveReason.SYSTEM_ERROR: translate("Messages", "Something did not work"),
        LeaveReason.TOO_COMPLICATED: translate("Messages", "It is too complicated"),
        LeaveReason.NOT_ELIGIBLE: translate("Messages", "I am not eligible"),
        LeaveReason.DEVICE_PROBLEM: translate(
            "Messages", "A device (card reader, printer) did not work"
        ),
        LeaveReason.OTHER: translate("Messages", "Another reason"),
    }[reason]


def kind_text(kind: ItemKind) -> str:
    return {
        ItemKind.PRINT_RECORD: translate("Messages", "Print"),
        ItemKind.QUERY: translate("Messages", "Look up"),
        ItemKind.APPLY: translate("Messages", "Apply"),
        ItemKind.BUNDLE: translate("Messages", "One-stop bundle"),
    }[kind]


def source_text(source: str | None) -> str:
    """Where a prefilled value came from, shown beside the field."""
    if source is None:
        return translate("Messages", "Entered by you")
    scope = source.split(".", 1)[0]
    return {
        "identity": translate("Messages", "From your ID card"),
        "records": translate("Messages", "From government records"),
        "history": translate("Messages", "From your earlier applications"),
        "derived": translate("Messages", "Filled in automatically"),
    }.get(scope, translate("Messages", "Filled in automatically"))


def identity_problem_text(problem: IdentityProblem) -> str:
    return {
        IdentityProblem.BAD_NUMBER: translate(
            "Messages", "This card could not be verified. Please use another card or ask for help."
        ),
        IdentityProblem.EXPIRED: translate(
            "Messages",
            "This card has expired. Please renew it at a police service window, "
            "or use another card.",
        ),
    }[problem]


def _format_text(field_type: FieldType | None, label: str) -> str:
    messages = {
        FieldType.ID_NUMBER: translate(
            "Messages", "The ID number in “%1” is not correct: please check every digit."
        ),
        FieldType.PHONE: translate(
            "Messages", "“%1” must be an 11-digit mobile number or a landline number."
        ),
        FieldType.DATE: translate("Messages", "“%1” must be a date like 2024-05-01."),
        FieldType.POSTCODE: translate("Messages", "“%1” must be a 6-digit postcode."),
        FieldType.BANK_ACCOUNT: translate(
            "Messages", "The bank card number in “%1” is not correct."
        ),
        FieldType.NUMBER: translate("Messages", "“%1” must be a number."),
    }
    return messages.get(
        field_type, translate("Messages", "“%1” is not filled in correctly.")
    ).replace("%1", label)


def finding_text(finding: Finding, field_label: str = "", material_name: str = "") -> str:
    years = str(finding.params.get("years", ""))
    match finding.problem:
        case PrereviewProblem.MISSING_VALUE:
            return translate("Messages", "Please fill in “%1”.").replace("%1", field_label)
        case PrereviewProblem.BAD_FORMAT:
            return _format_text(finding.field_type, field_label)
        case PrereviewProblem.NOT_A_CHOICE:
            return translate("Messages", "Please choose one of the options for “%1”.").replace(
                "%1", field_label
            )
        case PrereviewProblem.TOO_LONG:
            return translate("Messages", "“%1” is too long.").replace("%1", field_label)
        case PrereviewProblem.MISMATCH:
            return translate("Messages", "“%1” does not match your ID card.").replace(
                "%1", field_label
            )
        case PrereviewProblem.DATE_ORDER:
            return translate("Messages", "“%1” cannot be earlier than the start date.").replace(
                "%1", field_label
            )
        case PrereviewProblem.DATE_IN_FUTURE:
            return translate("Messages", "“%1” cannot be in the future.").replace("%1", field_label)
        case PrereviewProblem.ONE_OF_REQUIRED:
            return translate(
                "Messages", "Please fill in “%1” or one of the related fields."
            ).replace("%1", field_label)
        case PrereviewProblem.TOO_YOUNG:
            return translate("Messages", "This service is for residents aged %1 or over.").replace(
                "%1", years
            )
        case PrereviewProblem.TOO_OLD:
            return translate("Messages", "This service is for residents aged %1 or under.").replace(
                "%1", years
            )
        case PrereviewProblem.NOT_IN_CATEGORY:
            return translate(
                "Messages",
                "This service is for residents aged 60 or over, minors and disabled residents.",
            )
        case PrereviewProblem.MATERIAL_MISSING:
            return translate("Messages", "Please capture “%1” with the document camera.").replace(
                "%1", material_name
            )
    return translate("Messages", "Please check this item.")


def device_error_text(exc: Exception, method: IdentificationMethod | None = None) -> str:
    """A device failed: say what happened and what the resident can do instead."""
    if isinstance(exc, CardReadIncomplete):
        return translate(
            "Messages",
            "The card was only partly read. Please lay it flat on the reader, keep it still, "
            "and try again.",
        )
    if isinstance(exc, CardNotPresent):
        return translate(
            "Messages", "No card was found. Please place your card on the reader and try again."
        )
    if isinstance(exc, DeviceTimeout):
        return translate("Messages", "The device did not answer in time. Please try again.")
    if isinstance(exc, DeviceUnavailable):
        if method is IdentificationMethod.ID_CARD:
            return translate(
                "Messages",
                "The ID card reader is not working right now. Please use your social security "
                "card, or tap Help.",
            )
        return translate(
            "Messages", "This device is not working right now. Please try another way, or tap Help."
        )
    return translate(
        "Messages", "Something went wrong with the device. Please try again, or tap Help."
    )


def printer_problem_text(problem: PrinterProblem) -> str:
    return {
        PrinterProblem.PAPER_OUT: translate("Messages", "The receipt printer is out of paper."),
        PrinterProblem.COVER_OPEN: translate("Messages", "The receipt printer cover is open."),
        PrinterProblem.PAPER_JAM: translate("Messages", "The receipt printer is jammed."),
        PrinterProblem.OFFLINE: translate(
            "Messages", "The receipt printer is not working right now."
        ),
    }[problem]


def document_printer_problem_text(problem: PrinterProblem) -> str:
    return {
        PrinterProblem.PAPER_OUT: translate("Messages", "The A4 printer is out of paper."),
        PrinterProblem.COVER_OPEN: translate("Messages", "The A4 printer cover is open."),
        PrinterProblem.PAPER_JAM: translate("Messages", "The A4 printer is jammed."),
        PrinterProblem.OFFLINE: translate("Messages", "The A4 printer is not working right now."),
    }[problem]


def records_outcome_text(outcome: RecordsOutcome, declined: bool) -> str:
    if declined:
        return translate(
            "Messages",
            "You chose to fill in forms yourself: only your ID card details are filled in.",
        )
    if outcome is RecordsOutcome.PLATFORM_UNREACHABLE:
        return translate(
            "Messages",
            "The network is down, so only your ID card details can be filled in. "
            "You can still apply: it is sent when the network is back.",
        )
    return translate(
        "Messages", "No government records were found for you: please fill in the forms yourself."
    )


def code_verdict_text(result: VerificationResult) -> str:
    """Why a Suishen code was not accepted, and what to do instead (never the code name)."""
    texts = {
        VerificationResult.STALE_TRUST_DATA: translate(
            "Messages",
            "This kiosk cannot check Suishen codes right now (its security data is out of date). "
            "Please use your ID card or social security card.",
        ),
        VerificationResult.INVALID_FORMAT: translate(
            "Messages",
            "This is not a Suishen code. Please open the Suishen code in the Suishenban app.",
        ),
        VerificationResult.UNKNOWN_KEY: translate(
            "Messages", "This code could not be verified. Please use your ID card, or tap Help."
        ),
        VerificationResult.BAD_SIGNATURE: translate(
            "Messages", "This code could not be verified. Please use your ID card, or tap Help."
        ),
        VerificationResult.KEY_USAGE: translate(
            "Messages", "This code could not be verified. Please use your ID card, or tap Help."
        ),
        VerificationResult.KEY_NOT_VALID_AT_ISSUE: translate(
            "Messages", "This code could not be verified. Please use your ID card, or tap Help."
        ),
        VerificationResult.NOT_YET_VALID: translate(
            "Messages", "This code is not valid yet. Please check the date and time on your phone."
        ),
        VerificationResult.EXPIRED: translate(
            "Messages",
            "This code has expired. Open the Suishenban app for a new one; a paper code can be "
            "renewed with the service “Print offline Suishen code”.",
        ),
        VerificationResult.REVOKED: translate(
            "Messages",
            "This code was replaced by a newer one and no longer works. Please use your newest code.",
        ),
        VerificationResult.PROOF_INVALID: translate(
            "Messages",
            "This code could not be verified. Please refresh it in the app and show it again.",
        ),
        VerificationResult.PROOF_STALE: translate(
            "Messages", "This code is out of date. Please refresh it in the app and show it again."
        ),
        VerificationResult.REPLAYED: translate(
            "Messages",
            "This code was already used. Please refresh it in the app and show it again.",
        ),
    }
    return texts.get(result, translate("Messages", "This code could not be verified."))


def static_code_mismatch_text() -> str:
    return translate(
        "Messages",
        "The paper Suishen code does not belong to this ID card. Please use your own code and card.",
    )


def code_login_needs_network_text() -> str:
    return translate(
        "Messages",
        "Logging in with a Suishen code needs the network, which is down. "
        "Please use your ID card or social security card.",
    )


def offline_code_refused_text() -> str:
    return translate(
        "Messages",
        "A new code is issued only after you agree to the kiosk fetching your records. "
        "Please start again and agree, or ask at a staffed window.",
    )


def page_problem_text(problem: PageProblem) -> str:
    """What to fix when the document camera's picture of a page is not usable."""
    return {
        PageProblem.NO_PAGE: translate(
            "Messages", "No page was found. Lay the page flat, face up, under the document camera."
        ),
        PageProblem.PAGE_CUT_OFF: translate(
            "Messages",
            "Part of the page is outside the picture. Move it to the middle of the area.",
        ),
        PageProblem.TOO_BLURRY: translate(
            "Messages", "The picture is blurred. Keep the page flat and still, then capture again."
        ),
        PageProblem.GLARE: translate(
            "Messages",
            "There is a reflection on the page. Take it out of any plastic cover and capture again.",
        ),
        PageProblem.TOO_SMALL: translate(
            "Messages",
            "The page is too small in the picture. Lay it in the middle of the marked area.",
        ),
        PageProblem.TOO_DARK: translate(
            "Messages",
            "The picture is too dark. Please ask staff to check the document camera light.",
        ),
    }[problem]


def face_guidance_text(guidance: FaceGuidance) -> str:
    """The one line a resident reads while the camera takes their face photo."""
    return {
        FaceGuidance.NO_FACE: translate("Messages", "Please look straight at the camera."),
        FaceGuidance.SEVERAL_FACES: translate(
            "Messages", "Only one person at a time, please. Others please step aside."
        ),
        FaceGuidance.MOVE_CLOSER: translate("Messages", "Please come a little closer."),
        FaceGuidance.MOVE_BACK: translate("Messages", "Please step back a little."),
        FaceGuidance.CENTRE_YOUR_FACE: translate(
            "Messages", "Please move so your face is in the middle of the picture."
        ),
        FaceGuidance.TOO_DARK: translate(
            "Messages", "Your face is too dark. Please face the light above the screen."
        ),
        FaceGuidance.GLARE: translate(
            "Messages", "Your glasses reflect the light. Please tilt your head or take them off."
        ),
        FaceGuidance.BLURRED: translate("Messages", "The picture is blurred. Please keep still."),
        FaceGuidance.HOLD_STILL: translate("Messages", "Good. Hold still…"),
        FaceGuidance.GOOD: translate("Messages", "Photo taken."),
    }[guidance]


def face_check_outcome_text(outcome: FaceCheckOutcome) -> str:
    """Why a face check did not identify the resident, and what to do instead."""
    return {
        FaceCheckOutcome.MATCHED: translate("Messages", "Your face matches your ID photo."),
        FaceCheckOutcome.NO_MATCH: translate(
            "Messages",
            "Your face did not match the photo held for this ID number. Check the number and "
            "try again, or use your ID card or Suishen code.",
        ),
        FaceCheckOutcome.LOCKED: translate(
            "Messages",
            "Face checks for this ID number are paused after several failed attempts. Please "
            "use your ID card or Suishen code, or try again in 15 minutes.",
        ),
        FaceCheckOutcome.UNKNOWN_RESIDENT: translate(
            "Messages",
            "This ID number is not registered on the platform. Please check it, or use your ID "
            "card.",
        ),
        FaceCheckOutcome.NOT_ENROLLED: translate(
            "Messages",
            "No photo is held for you, so a face check is not possible. Please use your ID card "
            "or Suishen code.",
        ),
        FaceCheckOutcome.PHOTO_UNUSABLE: translate(
            "Messages", "The photo could not be used. Please try again, alone in the picture."
        ),
        FaceCheckOutcome.BAD_NUMBER: translate(
            "Messages", "This is not a valid ID number. Please check it and correct it."
        ),
        FaceCheckOutcome.PLATFORM_UNREACHABLE: face_check_needs_network_text(),
    }[outcome]


def face_check_needs_network_text() -> str:
    return translate(
        "Messages",
        "A face check needs the network, which is down. "
        "Please use your ID card or Suishen code instead.",
    )
