"""Every text a resident reads exists in Chinese; the switch really swaps languages."""

import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication

from ui.i18n import TS_DIR, LanguageSwitch, compiled_translation


def _messages():
    tree = ET.parse(TS_DIR / "kiosk_zh_CN.ts")
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            yield context.find("name").text, message


def test_every_message_has_a_finished_chinese_translation():
    messages = list(_messages())
    assert len(messages) > 150
    for _context, message in messages:
        translation = message.find("translation")
        source = message.find("source").text
        assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), source
        # A plural message (%n) has its text in <numerusform> children.
        forms = [form.text or "" for form in translation.findall("numerusform")]
        for text in forms or [translation.text or ""]:
            assert text.strip(), source
            for placeholder in ("%1", "%2", "%n"):
                assert source.count(placeholder) == text.count(placeholder), source


def test_translation_compiles_and_loads(qapp):
    assert compiled_translation("zh_CN").stat().st_size > 1000
    switch = LanguageSwitch(qapp)
    try:
        switch.use("zh_CN")
        assert QCoreApplication.translate("Messages", "Very satisfied") == "非常满意"
        switch.use("en")
        assert QCoreApplication.translate("Messages", "Very satisfied") == "Very satisfied"
    finally:
        switch.uninstall()
