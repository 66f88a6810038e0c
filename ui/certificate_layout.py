"""The A4 certificate (证明) a resident takes home, rendered to PDF with Qt.

The platform issues the content (it holds the records); the kiosk lays it
out for the page, in the resident's language, with a QR code that opens the
platform's verification page.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ui.widgets import qr_image


class CertificateDocumentError(ValueError):
    """The platform's document lacks what a certificate must show."""


def _text(value: object, language: str) -> str:
    if isinstance(value, dict):
        chosen = value.get("en" if language == "en" else "zh_CN") or value.get("zh_CN") or ""
        return html.escape(str(chosen))
    return html.escape("" if value is None else str(value))


def certificate_html(document: dict, language: str) -> str:
    for key in ("document_no", "title", "issuer", "issued_at", "holder", "verify_url"):
        if not document.get(key):
            raise CertificateDocumentError(f"document lacks '{key}'")
    holder = document["holder"]
    rows = [
        (_text({"zh_CN": "持有人", "en": "Holder"}, language), _text(holder.get("name"), language)),
        (
            _text({"zh_CN": "证件号码", "en": "ID number"}, language),
            _text(holder.get("id_number_masked"), language),
        ),
    ]
    rows += [(_text(f.get("label"), language), _text(f.get("value"), language)) for f in document.get("fields") or []]
    parts = [
        f"<h1 align='center'>{_text(document['title'], language)}</h1>",
        f"<p align='right'>{_text({'zh_CN': '证明编号', 'en': 'No.'}, language)} "
        f"{_text(document['document_no'], language)}</p>",
        "<table width='100%' cellspacing='0' cellpadding='6' border='1'>",
        *(f"<tr><td width='35%'>{label}</td><td>{value}</td></tr>" for label, value in rows),
        "</table>",
    ]
    table = document.get("table")
    if table and table.get("columns"):
        parts.append("<p></p><table width='100%' cellspacing='0' cellpadding='4' border='1'><tr>")
        parts += [f"<th>{_text(column, language)}</th>" for column in table["columns"]]
        parts.append("</tr>")
        for row in table.get("rows") or []:
            parts.append("<tr>" + "".join(f"<td>{_text(cell, language)}</td>" for cell in row) + "</tr>")
        parts.append("</table>")
    parts += [
        f"<p>{_text(document.get('note'), language)}</p>",
        "<table width='100%'><tr>",
        f"<td><p>{_text(document['issuer'], language)}</p>"
        f"<p>{_text(document['issued_at'], language)[:10]}</p></td>",
        "<td align='right'><img src='qr:verify' width='150' height='150'></td>",
        "</tr></table>",
    ]
    return "\n".join(parts)


def render_certificate_pdf(document: dict, language: str, font_family: str) -> bytes:
    """A4 PDF bytes; raises CertificateDocumentError if the document is incomplete.

    Uses only QTextDocument, QImage and QPdfWriter, so it runs on a worker thread.
    """
    text = QTextDocument()
    text.setDefaultFont(QFont(font_family, 11))
    text.addResource(
        QTextDocument.ResourceType.ImageResource,
        QUrl("qr:verify"),
        qr_image(str(document.get("verify_url", "")), 300),
    )
    text.setHtml(certificate_html(document, language))
    return _a4_pdf(text, str(document["document_no"]))


def render_test_page_pdf(kiosk_id: str, at: str, font_family: str) -> bytes:
    """The A4 page a technician prints to check the printer, the paper and Chinese text.

    A fixed bilingual test pattern, not translated: it must show both scripts.
    """
    text = QTextDocument()
    text.setDefaultFont(QFont(font_family, 14))
    text.setHtml(
        "<h1>打印测试 Test page</h1>"
        f"<p>终端 Kiosk: {html.escape(kiosk_id)}</p><p>时间 Time: {html.escape(at)}</p>"
        "<p>一网通办 中文字符 ABC abc 0123456789</p>"
    )
    return _a4_pdf(text, "test page")


def _a4_pdf(text: QTextDocument, title: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("yiwangtongban-kiosk")
    text.print_(writer)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data)
