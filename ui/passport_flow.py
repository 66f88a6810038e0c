"""Identification by e-passport: three typed details, then the chip read with BAC.

A mixin of KioskController, beside IdentificationFlow and FaceFlow. The
resident types the passport number, date of birth and expiry date
(ui/screens/passport_panel.py), then places the passport on the smart-card
reader; the read runs off the UI thread like every card read. Wrong details
(the chip refuses BAC) keep what was typed for correction; anything else
goes back to the choice of methods with the reason in words.

The platform holds records by Chinese ID number, so a passport brings no
records and needs no consent: the resident goes straight to the services,
told that forms are filled from the passport only.
"""

from __future__ import annotations

import logging

from drivers.device import DeviceError, DeviceEvent, DeviceEventKind, DeviceUnavailable
from kiosk.identity import IdentificationMethod, identity_from_document
from kiosk.passport_details import PassportDetails
from kiosk.session import ResidentSession, SessionState
from ui.messages import identity_problem_text, passport_read_error_text
from ui.screens.identify import IdentifyPhase

log = logging.getLogger(__name__)

# How long one read waits for the passport to arrive on the reader; the
# insertion event starts another read after that.
_PASSPORT_CONNECT_TIMEOUT_S = 5.0


def _details_refused(exc: Exception) -> bool:
    """The chip refused BAC: the typed details are wrong, the passport is fine."""
    if not isinstance(exc, DeviceError):
        return False
    from drivers.icao_passport import PassportAccessDenied  # loaded by the read already

    return isinstance(exc, PassportAccessDenied)


class PassportFlow:
    def _init_passport_flow(self) -> None:
        self._passport_details: PassportDetails | None = None
        self.reading_passport = False
        panel = self.window.identify.passport
        panel.today = self.core.today  # the core's clock, as for every other date check
        panel.details_entered.connect(self._passport_details_entered)
        self.bridge.event.connect(self._passport_device_event)

    def _passport_method_available(self) -> bool:
        return self.devices.smart_card_reader is not None

    def _start_passport_entry(self) -> None:
        self.stop_scanning()
        self.stop_face_check()
        self.stop_passport()
        self.window.identify.passport.wipe()
        self.window.identify.show_phase(IdentifyPhase.PASSPORT_DETAILS)
        self.read_out()

    def stop_passport(self) -> None:
        """Forget the typed details (session end, another method chosen)."""
        self._passport_details = None

    def _passport_details_entered(self, details: PassportDetails) -> None:
        if self.session.state is not SessionState.IDENTIFYING:
            return
        self._passport_details = details
        self.window.identify.show_phase(
            IdentifyPhase.PASSPORT_WAITING, IdentificationMethod.PASSPORT
        )
        self.read_out()
        reader = self.devices.smart_card_reader
        if reader is None:
            return

        def present(is_present: bool) -> None:
            if is_present and self._awaiting_passport():
                self._read_passport()

        # Already on the reader: read now; otherwise its insertion event will.
        session = self.session
        self.runner.run(
            reader.is_card_present, present, lambda exc: self._passport_failed(session, exc)
        )

    def _awaiting_passport(self) -> bool:
        return (
            self.session.state is SessionState.IDENTIFYING
            and self.window.identify.phase is IdentifyPhase.PASSPORT_WAITING
            and self._passport_details is not None
        )

    def _passport_device_event(self, event: DeviceEvent) -> None:
        reader = self.devices.smart_card_reader
        if reader is None or event.device_id != reader.device_id:
            return
        if event.kind is DeviceEventKind.CARD_INSERTED and self._awaiting_passport():
            self._read_passport()
        elif event.kind is DeviceEventKind.LOST and self._awaiting_passport():
            self._passport_failed(self.session, DeviceUnavailable(event.device_id, "reader lost"))

    def _read_passport(self) -> None:
        if self.reading_passport:
            return
        details, reader = self._passport_details, self.devices.smart_card_reader
        if details is None or reader is None:
            return
        self.reading_passport = True
        self.window.identify.show_phase(
            IdentifyPhase.PASSPORT_READING, IdentificationMethod.PASSPORT
        )
        self.read_out()
        today = self.core.today()

        def work() -> object:
            # Imported on first use: most sessions never read a passport.
            from drivers.icao_passport import read_passport

            connection = reader.connect(_PASSPORT_CONNECT_TIMEOUT_S)
            try:
                passport = read_passport(
                    connection,
                    details.document_number,
                    details.birth_date,
                    details.expiry_date,
                    today=today,
                )
            finally:
                connection.close()
            return passport.to_identity_document()

        session = self.session
        self.runner.run(
            work,
            lambda document: self._passport_read(session, document),
            lambda exc: self._passport_failed(session, exc),
        )

    def _passport_read(self, session: ResidentSession, document: object) -> None:
        self.reading_passport = False
        if session is not self.session or self.session.state is not SessionState.IDENTIFYING:
            return  # the resident left while the passport was being read
        identity = identity_from_document(document, IdentificationMethod.PASSPORT)
        problem = self.core.identity_problem(identity)
        if problem is not None:
            self._passport_failed_with(identity_problem_text(problem))
            return
        self.stop_passport()
        self.window.identify.passport.wipe()  # the chip's keys leave the screen
        outcome = self.core.identify_by_passport(self.session, identity)
        log.info("identified by passport: %r", identity)
        self._after_records(outcome)

    def _passport_failed(self, session: ResidentSession, exc: Exception) -> None:
        self.reading_passport = False
        if session is not self.session or self.session.state is not SessionState.IDENTIFYING:
            return
        if _details_refused(exc):
            # Keep what was typed: usually one character is wrong.
            log.info("passport refused the typed details (BAC)")
            self._passport_details = None
            self.window.identify.show_error(
                passport_read_error_text(exc), phase=IdentifyPhase.PASSPORT_DETAILS
            )
            self.read_out()
            return
        if not isinstance(exc, DeviceError):
            log.error("passport read failed unexpectedly: %s", type(exc).__name__)
        else:
            log.info("passport not read: %s", type(exc).__name__)
        self._passport_failed_with(passport_read_error_text(exc))

    def _passport_failed_with(self, text: str) -> None:
        """Back to the choice of methods, with the reason and the other ways in."""
        self.stop_passport()
        self.window.identify.passport.wipe()
        self.window.identify.show_error(text)
        self.read_out()
