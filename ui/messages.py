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
from kiosk.feedback import DissatisfactionReason, Grade, LeaveReason
from kiosk.identity import IdentificationMethod
from kiosk.kiosk_core import IdentityProblem, RecordsOutcome
from kiosk.prereview import Finding, PrereviewProblem


def _t(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def grade_text(grade: Grade) -> str:
    return {
        Grade.VERY_SATISFIED: _t("Very satisfied"),
        Grade.SATISFIED: _t("Satisfied"),
        Grade.BASICALLY_SATISFIED: _t("Basically satisfied"),
        Grade.DISSATISFIED: _t("Dissatisfied"),
        Grade.VERY_DISSATISFIED: _t("Very dissatisfied"),
    }[grade]


def dissatisfaction_text(reason: DissatisfactionReason) -> str:
    return {
        DissatisfactionReason.LONG_WAIT: _t("I waited too long"),
        DissatisfactionReason.HARD_TO_USE: _t("The kiosk was hard to use"),
        DissatisfactionReason.TOO_MANY_MATERIALS: _t("Too many materials were asked for"),
        DissatisfactionReason.UNCLEAR_GUIDE: _t("The guide was unclear"),
        DissatisfactionReason.SYSTEM_ERROR: _t("Something did not work"),
        DissatisfactionReason.STAFF_ATTITUDE: _t("Staff attitude"),
        DissatisfactionReason.OTHER: _t("Other"),
    }[reason]


def leave_reason_text(reason: LeaveReason) -> str:
    return {
        LeaveReason.CANNOT_FIND_SERVICE: _t("I could not find my service"),
        LeaveReason.MISSING_MATERIAL: _t("I do not have a material with me"),
        LeaveReason.SYSTEM_ERROR: _t("Something did not work"),
        LeaveReason.TOO_COMPLICATED: _t("It is too complicated"),
        LeaveReason.NOT_ELIGIBLE: _t("I am not eligible"),
        LeaveReason.DEVICE_PROBLEM: _t("A device (card reader, printer) did not work"),
        LeaveReason.OTHER: _t("Another reason"),
    }[reason]


def kind_text(kind: ItemKind) -> str:
    return {
        ItemKind.PRINT_RECORD: _t("Print"),
        ItemKind.QUERY: _t("Look up"),
        ItemKind.APPLY: _t("Apply"),
        ItemKind.BUNDLE: _t("One-stop bundle"),
    }[kind]


def source_text(source: str | None) -> str:
    """Where a prefilled value came from, shown beside the field."""
    if source is None:
        return _t("Entered by you")
    scope = source.split(".", 1)[0]
    return {
        "identity": _t("From your ID card"),
        "records": _t("From government records"),
        "history": _t("From your earlier applications"),
        "derived": _t("Filled in automatically"),
    }.get(scope, _t("Filled in automatically"))


def identity_problem_text(problem: IdentityProblem) -> str:
    return {
        IdentityProblem.BAD_NUMBER: _t(
            "This card could not be verified. Please use another card or ask for help."
        ),
        IdentityProblem.EXPIRED: _t(
            "This card has expired. Please renew it at a police service window, "
            "or use another card."
        ),
    }[problem]


def _format_text(field_type: FieldType | None, label: str) -> str:
    messages = {
        FieldType.ID_NUMBER: _t("The ID number in “%1” is not correct: please check every digit."),
        FieldType.PHONE: _t("“%1” must be an 11-digit mobile number or a landline number."),
        FieldType.DATE: _t("“%1” must be a date like 2024-05-01."),
        FieldType.POSTCODE: _t("“%1” must be a 6-digit postcode."),
        FieldType.BANK_ACCOUNT: _t("The bank card number in “%1” is not correct."),
        FieldType.NUMBER: _t("“%1” must be a number."),
    }
    return messages.get(field_type, _t("“%1” is not filled in correctly.")).replace("%1", label)


def finding_text(finding: Finding, field_label: str = "", material_name: str = "") -> str:
    years = str(finding.params.get("years", ""))
    match finding.problem:
        case PrereviewProblem.MISSING_VALUE:
            return _t("Please fill in “%1”.").replace("%1", field_label)
        case PrereviewProblem.BAD_FORMAT:
            return _format_text(finding.field_type, field_label)
        case PrereviewProblem.NOT_A_CHOICE:
            return _t("Please choose one of the options for “%1”.").replace("%1", field_label)
        case PrereviewProblem.TOO_LONG:
            return _t("“%1” is too long.").replace("%1", field_label)
        case PrereviewProblem.MISMATCH:
            return _t("“%1” does not match your ID card.").replace("%1", field_label)
        case PrereviewProblem.DATE_ORDER:
            return _t("“%1” cannot be earlier than the start date.").replace("%1", field_label)
        case PrereviewProblem.DATE_IN_FUTURE:
            return _t("“%1” cannot be in the future.").replace("%1", field_label)
        case PrereviewProblem.ONE_OF_REQUIRED:
            return _t("Please fill in “%1” or one of the related fields.").replace("%1", field_label)
        case PrereviewProblem.TOO_YOUNG:
            return _t("This service is for residents aged %1 or over.").replace("%1", years)
        case PrereviewProblem.TOO_OLD:
            return _t("This service is for residents aged %1 or under.").replace("%1", years)
        case PrereviewProblem.NOT_IN_CATEGORY:
            return _t(
                "This service is for residents aged 60 or over, minors and disabled residents."
            )
        case PrereviewProblem.MATERIAL_MISSING:
            return _t("Please capture “%1” with the document camera.").replace("%1", material_name)
    return _t("Please check this item.")


def device_error_text(exc: Exception, method: IdentificationMethod | None = None) -> str:
    """A device failed: say what happened and what the resident can do instead."""
    if isinstance(exc, CardReadIncomplete):
        return _t(
            "The card was only partly read. Please lay it flat on the reader, keep it still, "
            "and try again."
        )
    if isinstance(exc, CardNotPresent):
        return _t("No card was found. Please place your card on the reader and try again.")
    if isinstance(exc, DeviceTimeout):
        return _t("The device did not answer in time. Please try again.")
    if isinstance(exc, DeviceUnavailable):
        if method is IdentificationMethod.ID_CARD:
            return _t(
                "The ID card reader is not working right now. Please use your social security "
                "card, or tap Help."
            )
        return _t("This device is not working right now. Please try another way, or tap Help.")
    return _t("Something went wrong with the device. Please try again, or tap Help.")


def printer_problem_text(problem: PrinterProblem) -> str:
    return {
        PrinterProblem.PAPER_OUT: _t("The receipt printer is out of paper."),
        PrinterProblem.COVER_OPEN: _t("The receipt printer cover is open."),
        PrinterProblem.PAPER_JAM: _t("The receipt printer is jammed."),
        PrinterProblem.OFFLINE: _t("The receipt printer is not working right now."),
    }[problem]


def records_outcome_text(outcome: RecordsOutcome, declined: bool) -> str:
    if declined:
        return _t("You chose to fill in forms yourself: only your ID card details are filled in.")
    if outcome is RecordsOutcome.PLATFORM_UNREACHABLE:
        return _t(
            "The network is down, so only your ID card details can be filled in. "
            "You can still apply: it is sent when the network is back."
        )
    return _t("No government records were found for you: please fill in the forms yourself.")
