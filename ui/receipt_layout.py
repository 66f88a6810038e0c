"""The receipt a resident takes home, in their language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from drivers.receipt import Align, Cut, Feed, Field, QrCode, ReceiptDocument, Rule, Text, Title
from kiosk.catalog import ServiceItem
from kiosk.id_numbers import mask_name
from kiosk.session import SubmissionReceipt


def _t(text: str) -> str:
    return QCoreApplication.translate("Receipt", text)


def application_receipt(
    item: ServiceItem,
    receipt: SubmissionReceipt,
    applicant_name: str,
    kiosk_id: str,
    language: str,
) -> ReceiptDocument:
    blocks = [
        Title(_t("Shanghai One-Network Services")),
        Text(_t("Application receipt"), bold=True, align=Align.CENTER),
        Rule(),
        Field(_t("Service"), item.name.in_language(language)),
        Field(_t("Department"), item.department.in_language(language)),
        Field(_t("Applicant"), mask_name(applicant_name)),
        Field(_t("Reference"), receipt.submission_ref),
    ]
    if receipt.application_no:
        blocks.append(Field(_t("Application no."), receipt.application_no))
    blocks += [
        Field(_t("Submitted"), receipt.created_at.replace("T", " ")[:19]),
        Field(_t("Kiosk"), kiosk_id),
    ]
    if item.time_limit_days:
        blocks.append(
            Field(_t("Time limit"), _t("%1 working days").replace("%1", str(item.time_limit_days)))
        )
    blocks += [
        Rule(),
        Text(_t("Scan to follow your application:"), align=Align.CENTER),
        QrCode(receipt.status_url, module_px=6),
        Text(_t("Hotline 12345"), align=Align.CENTER),
        Feed(3),
        Cut(),
    ]
    return ReceiptDocument(blocks)
