"""What residents read for each named result of the core and the drivers.

The core and drivers report enums; this is the one place they become words,
in the resident's language. Never show a raw code name.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from drivers.device import (
    CardNotPresent,
    CardReadIncomplete,
    DeviceKind,
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
from kiosk.passport_details import PassportDetailField, PassportDetailProblem
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


def source_text(source: str | None, method: IdentificationMethod | None = None) -> str:
    """Where a prefilled value came from, shown beside the field."""
    if source is None:
        return translate("Messages", "Entered by you")
    scope = source.split(".", 1)[0]
    if scope == "identity" and method is IdentificationMethod.PASSPORT:
        return translate("Messages", "From your passport")
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


def device_error_text(
    exc: Exception,
    method: IdentificationMethod | None = None,
    kind: DeviceKind | None = None,
) -> str:
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
        return device_gone_text(kind or _KIND_BY_METHOD.get(method))
    return translate(
        "Messages", "Something went wrong with the device. Please try again, or tap Help."
    )


_KIND_BY_METHOD = {
    IdentificationMethod.ID_CARD: DeviceKind.ID_CARD_READER,
    IdentificationMethod.SOCIAL_SECURITY_CARD: DeviceKind.SMART_CARD_READER,
    IdentificationMethod.SUISHEN_CODE: DeviceKind.CAMERA,
    IdentificationMethod.FACE: DeviceKind.CAMERA,
}


def device_gone_text(kind: DeviceKind | None) -> str:
    """A device is unplugged or switched off: which one, and the other way to go on."""
    match kind:
        case DeviceKind.ID_CARD_READER:
            return translate(
                "Messages",
                "The ID card reader is not working right now. Please use your social security "
                "card, or tap Help.",
            )
        case DeviceKind.SMART_CARD_READER:
            return translate(
                "Messages",
                "The social security card reader is not working right now. Please use your ID "
                "card or Suishen code, or tap Help.",
            )
        case DeviceKind.CAMERA:
            return translate(
                "Messages",
                "The camera is not working right now. Please hold your code to the code "
                "scanner, or use your ID card.",
            )
        case DeviceKind.DOCUMENT_CAMERA:
            return translate(
                "Messages",
                "The document camera is not working right now. Everything you filled in is "
                "kept: try again in a moment, or tap Help and a clerk can take this material.",
            )
        case DeviceKind.CODE_SCANNER:
            return translate(
                "Messages",
                "The code scanner is not working right now. Please hold your code to the camera.",
            )
        case DeviceKind.RECEIPT_PRINTER:
            return translate("Messages", "The receipt printer is not working right now.")
        case DeviceKind.DOCUMENT_PRINTER:
            return translate(
                "Messages",
                "The A4 printer is not working right now. Your certificate is kept until you "
                "leave: print it again when the printer is back, or ask at a staffed window.",
            )
    return translate(
        "Messages", "This device is not working right now. Please try another way, or tap Help."
    )


def device_back_text(kind: DeviceKind) -> str:
    """The device that failed is working again: what to tap."""
    if kind is DeviceKind.DOCUMENT_PRINTER:
        return translate(
            "Messages", "The A4 printer is working again. Tap Print the certificate again."
        )
    return translate("Messages", "The receipt printer is working again. Tap Print again.")


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
        # Offline or unplugged: the same words, with what happens to the certificate.
        PrinterProblem.OFFLINE: device_gone_text(DeviceKind.DOCUMENT_PRINTER),
    }[problem]


def records_outcome_text(outcome: RecordsOutcome, declined: bool) -> str:
    if declined:
        return translate(
            "Messages",
            "You chose to fill in forms yourself: only your ID card details are filled in.",
        )
    if outcome is RecordsOutcome.DOCUMENT_ONLY:
        return passport_only_text()
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


# -- passports (ui/passport_flow.py) ------------------------------------------


def passport_only_text() -> str:
    return translate(
        "Messages",
        "Your forms are filled in from your passport only: government records are found by "
        "Chinese ID number, so none were fetched. Please fill in the rest yourself.",
    )


def passport_field_name(field: PassportDetailField) -> str:
    return {
        PassportDetailField.DOCUMENT_NUMBER: translate("Messages", "Passport number"),
        PassportDetailField.BIRTH_DATE: translate("Messages", "Date of birth"),
        PassportDetailField.EXPIRY_DATE: translate("Messages", "Expiry date"),
    }[field]


def passport_detail_text(field: PassportDetailField, problem: PassportDetailProblem) -> str:
    """What is wrong with one typed passport detail, naming the field."""
    text = {
        PassportDetailProblem.EMPTY: translate("Messages", "Please type “%1”."),
        PassportDetailProblem.INCOMPLETE: translate(
            "Messages", "Please type all 8 digits of “%1”: year, month, day."
        ),
        PassportDetailProblem.NOT_A_DATE: translate(
            "Messages", "“%1” is not a real date. Please check the month and day."
        ),
        PassportDetailProblem.IN_THE_FUTURE: translate("Messages", "“%1” cannot be in the future."),
        PassportDetailProblem.TOO_EARLY: translate(
            "Messages", "“%1” is too early. Please check the year."
        ),
        PassportDetailProblem.TOO_LATE: translate(
            "Messages", "“%1” is too far ahead. Please check the year."
        ),
        PassportDetailProblem.CHARACTERS: translate(
            "Messages", "“%1” has only letters A to Z and digits 0 to 9."
        ),
    }[problem]
    return text.replace("%1", passport_field_name(field))


def passport_read_error_text(exc: Exception) -> str:
    """Why the passport was not read, and what the resident can do."""
    # Imported here: the passport driver (and its 3DES) loads with the first
    # passport read, not with every kiosk start.
    from drivers.icao_passport import PassportErrorReason

    reason = getattr(exc, "reason", None)
    if reason is PassportErrorReason.DETAILS_DO_NOT_MATCH:
        return translate(
            "Messages",
            "The passport details you typed do not match the passport. Please check them.",
        )
    if reason is PassportErrorReason.NOT_A_PASSPORT:
        return translate(
            "Messages",
            "This is not an e-passport. Please use a passport with the chip symbol on its cover, "
            "or choose another way.",
        )
    if reason is PassportErrorReason.PROTOCOL:
        return translate(
            "Messages",
            "The passport chip could not be read. Please try again, or choose another way.",
        )
    if isinstance(exc, CardReadIncomplete):
        return translate(
            "Messages",
            "The passport was moved before it was read. Please keep it still on the reader "
            "and try again.",
        )
    if isinstance(exc, CardNotPresent):
        return translate(
            "Messages",
            "No passport was found. Please lay your passport flat on the reader and try again.",
        )
    if isinstance(exc, DeviceUnavailable):
        return translate(
            "Messages",
            "The passport reader is not working right now. Please choose another way, "
            "or tap Help.",
        )
    return device_error_text(exc)
