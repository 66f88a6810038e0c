"""The kiosk's step and button names, as a clerk reads them.

The mirror and the ring carry the kiosk's own names (`form`, `submit`);
the console shows them in the clerk's language, and an unknown name as it
came (a newer kiosk may add steps before the console knows them).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def step_text(step: str) -> str:
    texts = {
        "idle": QCoreApplication.translate("KioskTerms", "home screen"),
        "identifying": QCoreApplication.translate("KioskTerms", "identifying"),
        "choosing": QCoreApplication.translate("KioskTerms", "choosing a service"),
        "guide": QCoreApplication.translate("KioskTerms", "reading the guide"),
        "form": QCoreApplication.translate("KioskTerms", "filling in the form"),
        "materials": QCoreApplication.translate("KioskTerms", "capturing materials"),
        "review": QCoreApplication.translate("KioskTerms", "checking and signing"),
        "submitted": QCoreApplication.translate("KioskTerms", "submitted"),
        "rating": QCoreApplication.translate("KioskTerms", "rating"),
        "help": QCoreApplication.translate("KioskTerms", "help screen"),
        "leaving": QCoreApplication.translate("KioskTerms", "leaving"),
    }
    return texts.get(step, step)


def button_text(name: str) -> str:
    texts = {
        "start": QCoreApplication.translate("KioskTerms", "Start"),
        "back": QCoreApplication.translate("KioskTerms", "Back"),
        "next": QCoreApplication.translate("KioskTerms", "Next"),
        "submit": QCoreApplication.translate("KioskTerms", "Submit"),
        "capture": QCoreApplication.translate("KioskTerms", "Capture"),
        "signature_clear": QCoreApplication.translate("KioskTerms", "Clear signature"),
        "print_again": QCoreApplication.translate("KioskTerms", "Print again"),
        "finish": QCoreApplication.translate("KioskTerms", "Finish"),
        "skip": QCoreApplication.translate("KioskTerms", "Skip"),
        "send": QCoreApplication.translate("KioskTerms", "Send"),
        "stay": QCoreApplication.translate("KioskTerms", "Stay"),
        "cancel": QCoreApplication.translate("KioskTerms", "Cancel"),
        "help": QCoreApplication.translate("KioskTerms", "Help"),
        "exit": QCoreApplication.translate("KioskTerms", "Exit"),
        "elderly_mode": QCoreApplication.translate("KioskTerms", "Elderly mode"),
        "language": QCoreApplication.translate("KioskTerms", "Language"),
        "id_card": QCoreApplication.translate("KioskTerms", "ID card"),
        "suishen_code": QCoreApplication.translate("KioskTerms", "Suishen code"),
        "face": QCoreApplication.translate("KioskTerms", "Face"),
        "passport": QCoreApplication.translate("KioskTerms", "Passport"),
        "page_previous": QCoreApplication.translate("KioskTerms", "Previous page"),
        "page_next": QCoreApplication.translate("KioskTerms", "Next page"),
    }
    return texts.get(name, name)
