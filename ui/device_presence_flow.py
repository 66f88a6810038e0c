"""What the screens do when a device goes away or comes back while in use.

A mixin of KioskController. The device manager reports every LOST / FOUND
once; here each is turned into words on the screen the resident is on and,
when the device returns, the way back (scanning resumes by itself; a
printer that is back is announced, and the resident taps to print, because
a receipt or certificate must not come out for someone who has walked away).
"""

from __future__ import annotations

import logging
import threading

from drivers.device import DeviceEvent, DeviceEventKind, DeviceKind, DeviceUnavailable
from drivers.device_manager import DeviceManager, UserRequest
from kiosk.session import SessionState
from ui.messages import device_back_text, device_gone_text
from ui.screens.identify import IdentifyPhase
from ui.screens.submitted import CertificateState, PrintState

log = logging.getLogger(__name__)

# Long enough to notice and turn back; the home screen is usable underneath.
_TAKE_CARD_S = 60.0


class DevicePresenceFlow:
    def _device_presence_changed(self, event: DeviceEvent) -> None:
        slot = self._slot_of(event.device_id)
        if slot is None:
            return
        back = event.kind is DeviceEventKind.FOUND
        log.info("%s %s", slot, "is back" if back else "is gone")
        if slot == DeviceKind.CAMERA:
            self._camera_presence(back)
        elif slot == DeviceKind.RECEIPT_PRINTER and back:
            self._receipt_printer_back()
        elif slot == DeviceKind.DOCUMENT_PRINTER and back:
            self._document_printer_back()

    def _remind_to_take_cards(self) -> None:
        """At session end, a card left in a reader: ask its owner to take it.

        Forgotten ID cards are the commonest loss at self-service kiosks; the
        question goes away by itself once the card is lifted.
        """
        manager = self.device_manager
        if manager is None:
            return
        for slot in (DeviceKind.ID_CARD_READER, DeviceKind.SMART_CARD_READER):
            reader = manager.available(slot)
            if reader is not None:
                self.runner.run(
                    lambda reader=reader: _ask_to_take_card(manager, reader),
                    lambda _: None,
                    lambda exc: log.info("card reminder skipped: %s", type(exc).__name__),
                )

    def _slot_of(self, device_id: str) -> str | None:
        for slot, device in self.devices.devices().items():
            if device.device_id == device_id:
                return slot
        return None

    def _scanning_codes(self) -> bool:
        return (
            self.session.state is SessionState.IDENTIFYING
            and self.window.identify.phase is IdentifyPhase.SCANNING
        )

    def _camera_presence(self, back: bool) -> None:
        if not self._scanning_codes():
            return
        if back:
            self._start_scanning()  # clears the message and uses the camera again
        else:
            self._scan_without_camera()

    def _scan_without_camera(self) -> None:
        """Keep the hardware scanner reading; tell the resident the camera is gone."""
        self.preview_timer.stop()
        self.scan.start(None, self.devices.code_scanner)
        self.window.identify.show_error(
            device_gone_text(DeviceKind.CAMERA), phase=IdentifyPhase.SCANNING
        )
        self.read_out()

    def _start_camera_scan(self) -> None:
        """Scan with the camera and the scanner; without the camera if it is gone."""
        try:
            self.scan.start(self.devices.camera, self.devices.code_scanner)
        except DeviceUnavailable:
            self._scan_without_camera()
            return
        self.preview_timer.start()

    def _receipt_printer_back(self) -> None:
        submitted = self.window.submitted
        if (
            self.session.state is SessionState.SUBMITTED
            and submitted.print_state is PrintState.FAILED
        ):
            submitted.set_print_state(
                PrintState.FAILED, device_back_text(DeviceKind.RECEIPT_PRINTER)
            )

    def _document_printer_back(self) -> None:
        submitted = self.window.submitted
        if (
            self.session.state is SessionState.SUBMITTED
            and submitted.certificate_state is CertificateState.FAILED
            and not submitted.offline_code
        ):
            submitted.set_certificate_state(
                CertificateState.FAILED, device_back_text(DeviceKind.DOCUMENT_PRINTER)
            )


def _ask_to_take_card(manager: DeviceManager, reader) -> None:
    """On a worker thread: ask until the card is lifted, tapped away, or time runs out."""
    removed = threading.Event()

    def watch(event: DeviceEvent) -> None:
        if event.kind is DeviceEventKind.CARD_REMOVED:
            removed.set()

    unsubscribe = reader.subscribe(watch)
    try:
        if reader.is_card_present():
            manager.ask_user(reader.device_id, UserRequest.TAKE_YOUR_CARD, _TAKE_CARD_S, removed)
    finally:
        unsubscribe()
