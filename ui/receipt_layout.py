"""The receipt a resident takes home, in their language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from drivers.receipt import Align, Cut, Feed, Field, QrCode, ReceiptDocument, Rule, Text, Title
from kiosk.catalog import ServiceItem
from kiosk.id_numbers import mask_name
from kiosk.session import SubmissionReceipt

# lupdate finds translate("Context", "literal") calls; keep them literal.
translate = QCoreApplication.translate


def application_receipt(
    item: ServiceItem,
    receipt: SubmissionReceipt,
    applicant_name: str,
    kiosk_id: str,
    language: str,
) -> ReceiptDocument:
    blocks = [
        Title(translate("Receipt", "Shanghai One-Network Services")),
        Text(translate("Receipt", "Application receipt"), bold=True, align=Align.CENTER),
        Rule(),
        Field(translate("Receipt", "Service"), item.name.in_language(language)),
        Field(translate("Receipt", "Department"), item.department.in_language(language)),
        Field(translate("Receipt", "Applicant"), mask_name(applicant_name)),
        Field(translate("Receipt", "Reference"), receipt.submission_ref),
    ]
    if receipt.application_no:
        blocks.append(Field(translate("Receipt", "Application no."), receipt.application_no))
    blocks += [
        Field(translate("Receipt", "Submitted"), receipt.created_at.replace("T", " ")[:19]),
        Field(translate("Receipt", "Kiosk"), kiosk_id),
    ]
    if item.time_limit_days:
        blocks.append(
            Field(
                translate("Receipt", "Time limit"),
                translate("Receipt", "%1 working days").replace("%1", str(item.time_limit_days)),
            )
        )
    blocks += [
        Rule(),
        Text(translate("Receipt", "Scan to follow your application:"), align=Align.CENTER),
        QrCode(receipt.status_url, module_px=6),
        Text(translate("Receipt", "Hotline 12345"), align=Align.CENTER),
        Feed(3),
        Cut(),
    ]
    return ReceiptDocument(blocks)


def offline_code_receipt(
    code_text: str, applicant_name: str, valid_until: str, module_px: int
) -> ReceiptDocument:
    """The 离线随申码 on paper: large enough to scan, and says what to do with it."""
    return ReceiptDocument(
        [
            Title(translate("Receipt", "Offline Suishen code")),
            Text(mask_name(applicant_name), bold=True, align=Align.CENTER),
            QrCode(code_text, module_px=module_px),
            Field(translate("Receipt", "Valid until"), valid_until),
            Text(
                translate(
                    "Receipt",
                    "Show this code with your ID card at any kiosk or window. "
                    "Your previous paper code no longer works.",
                ),
                align=Align.CENTER,
            ),
            Text(translate("Receipt", "Hotline 12345"), align=Align.CENTER),
            Feed(3),
            Cut(),
        ]
    )
