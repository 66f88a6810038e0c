"""`main.py demo`: the whole product on one machine, with simulated devices.

A second small window stands in for the resident's hands: it puts demo
residents' cards on the simulated readers and takes paper out of the
simulated printer, so every path can be walked through.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.config import KioskConfig, RemoteWindowConfig
from kiosk.platform_key import PinnedPlatformKey
from kiosk.technician_access import hash_pin
from reference_platform.server import EmbeddedPlatform
from reference_platform.settings import PlatformSettings
from ui.kiosk_app import RunningKiosk, assemble_kiosk, simulated_devices_config

log = logging.getLogger(__name__)

DEMO_KIOSK_ID = "SH-DEMO-0001"


# Demo builds only; a real kiosk's PIN is set at installation and rotated by the platform.
DEMO_TECHNICIAN_PIN = "246810"


def demo_config(data_dir: Path, platform: EmbeddedPlatform, voice: bool = False) -> KioskConfig:
    return KioskConfig(
        kiosk_id=DEMO_KIOSK_ID,
        platform_url=platform.url,
        platform_key=PinnedPlatformKey(platform.key_id, platform.public_key_b64),
        data_dir=data_dir / "kiosk",
        devices=simulated_devices_config(data_dir / "kiosk", voice=voice),
        suishen_anchor_spki=platform.trust_anchor_spki_hex,
        catalog_refresh_s=30.0,
        heartbeat_s=30.0,
        technician_pin_hash=hash_pin(DEMO_TECHNICIAN_PIN),
        # Video help from the embedded platform's demo clerks (`main.py clerk`); media stays
        # on this machine.
        remote_window=RemoteWindowConfig(enabled=True, ice_host_addresses=("127.0.0.1",)),
    )


def start_demo_platform(data_dir: Path) -> EmbeddedPlatform:
    return EmbeddedPlatform(PlatformSettings(data_dir=data_dir / "platform")).start()


def prepare_demo_scene(kiosk: RunningKiosk) -> None:
    """A paper form lies under the simulated document camera, ready to capture."""
    kiosk.devices.document_camera.show_document("form")


class DemoDevicePanel(QWidget):
    """Stands in for the resident's hands at the simulated devices (demo only)."""

    def __init__(self, kiosk: RunningKiosk, platform: EmbeddedPlatform) -> None:
        super().__init__()
        self._platform = platform
        self.setWindowTitle("Simulated devices")
        devices = kiosk.devices
        layout = QVBoxLayout(self)
        self.card_choice = QComboBox()
        self.card_choice.addItems(devices.id_card_reader.available_cards())
        layout.addWidget(self.card_choice)
        row = QHBoxLayout()
        for text, action in (
            (
                "Place ID card",
                lambda: devices.id_card_reader.insert_card(self.card_choice.currentText()),
            ),
            ("Remove ID card", devices.id_card_reader.remove_card),
            ("Insert social security card", self._insert_social_security_card),
            ("Remove social security card", devices.smart_card_reader.remove_card),
        ):
            row.addWidget(self._button(text, action))
        layout.addLayout(row)
        row = QHBoxLayout()
        for text, action in (
            ("Place the specimen passport", self._place_specimen_passport),
            ("Take the passport away", devices.smart_card_reader.remove_card),
        ):
            row.addWidget(self._button(text, action))
        layout.addLayout(row)
        row = QHBoxLayout()
        for text, kind, profile in (
            ("Phone Suishen code", "valid", "D"),
            ("Paper Suishen code", "valid", "S"),
            ("Expired code", "expired", "S"),
            ("Revoked code", "revoked", "S"),
            ("Forged code", "forged", "S"),
            ("Take code away", None, None),
        ):
            row.addWidget(self._button(text, lambda k=kind, p=profile: self._show_code(k, p)))
        layout.addLayout(row)
        row = QHBoxLayout()
        for text, whose in (
            ("Show this resident's face", "own"),
            ("Show another resident's face", "other"),
            ("Step away from the camera", None),
        ):
            row.addWidget(self._button(text, lambda w=whose: self._show_face(w)))
        layout.addLayout(row)
        printer = devices.receipt_printer
        row = QHBoxLayout()
        for text, action in (
            ("Printer: paper out", lambda: printer.set_paper("out")),
            ("Printer: paper low", lambda: printer.set_paper("near_end")),
            ("Printer: paper refilled", lambda: printer.set_paper("ok")),
        ):
            row.addWidget(self._button(text, action))
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(
            self._button("Open the clerk console (sign in as clerk01 / window-demo-01)", self._open_clerk_console)
        )
        layout.addLayout(row)
        self._kiosk = kiosk
        self._clerk_console = None

    def _open_clerk_console(self) -> None:
        """A clerk at the embedded platform, to answer the kiosk's video help."""
        if self._clerk_console is not None and self._clerk_console.isVisible():
            self._clerk_console.raise_()
            return
        from ui.clerk_window import open_clerk_console  # aiortc: only when asked

        data_dir = self._kiosk.core.config.data_dir.parent / "clerk"
        self._clerk_console = open_clerk_console(
            self._platform.url, data_dir, audio_devices=("default", "default"), own_translation=False
        )

    def close_clerk_console(self) -> None:
        if self._clerk_console is not None:
            self._clerk_console.close_console()
            self._clerk_console = None

    def _show_code(self, kind: str | None, profile: str | None) -> None:
        """Hold a demo resident's Suishen code in front of the simulated camera."""
        camera = self._kiosk.devices.camera
        if kind is None:
            camera.show_qr(None)
            return
        card = self._kiosk.devices.id_card_reader.card_document(self.card_choice.currentText())
        code = self._platform.issue_demo_code(card.id_number, kind, profile, "SM2")
        camera.show_qr(code.qr)

    def _show_face(self, whose: str | None) -> None:
        """Stand a demo resident in front of the simulated camera (for face checks).

        The faces are the platform's synthetic portraits, the pictures it
        enrolled the demo residents with: type the chosen card's ID number at
        the kiosk, then show "this resident's face" to pass, "another" to fail.
        """
        camera = self._kiosk.devices.camera
        if whose is None:
            camera.show_face(None)
            return
        reader = self._kiosk.devices.id_card_reader
        names = reader.available_cards()
        chosen = self.card_choice.currentText()
        if whose == "other":
            chosen = names[(names.index(chosen) + 1) % len(names)]
        camera.show_face(self._platform.demo_face(reader.card_document(chosen).id_number))

    def _place_specimen_passport(self) -> None:
        """The ICAO 9303 specimen e-passport on the smart-card reader.

        At the kiosk choose Passport and type L898902C3, 1974-08-12 and
        2012-04-15 (its data page); any other details are refused by the chip.
        """
        from drivers.simulated.virtual_passport import VirtualPassport  # only when asked

        self._kiosk.devices.smart_card_reader.insert_card(VirtualPassport())

    def _insert_social_security_card(self) -> None:
        reader = self._kiosk.devices.smart_card_reader
        wanted = self.card_choice.currentText()
        cards = reader.available_cards()
        reader.insert_card(wanted if wanted in cards else cards[0])

    @staticmethod
    def _button(text: str, action) -> QPushButton:
        widget = QPushButton(text)
        widget.clicked.connect(lambda: action())
        return widget


def run_demo(data_dir: Path, windowed: bool = False, portrait: bool = False) -> int:
    data_dir.mkdir(parents=True, exist_ok=True)
    platform = start_demo_platform(data_dir)
    panels: list[DemoDevicePanel] = []

    def devices_ready(_devices) -> None:
        prepare_demo_scene(kiosk)
        panels.append(DemoDevicePanel(kiosk, platform))
        panels[0].show()

    kiosk = assemble_kiosk(
        demo_config(data_dir, platform, voice=True), defer_devices=True, on_devices=devices_ready
    )
    try:
        if windowed or portrait:
            kiosk.window.resize(*((1080, 1920) if portrait else (1920, 1080)))
            kiosk.window.show()
        else:
            kiosk.window.showFullScreen()
        return kiosk.app.exec()
    finally:
        for panel in panels:
            panel.close_clerk_console()
        kiosk.shutdown()
        platform.stop()
