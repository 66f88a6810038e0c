"""How a resident is identified: ID card, social-security card, or Suishen code
(face checks: ui/face_flow.py).

A mixin of KioskController (it uses the controller's session, devices,
window, core and background runner). Cards are read and codes verified off
the UI thread; consent comes before anything is fetched from the platform.
"""

from __future__ import annotations

import logging
import threading

from drivers.device import CardReadIncomplete, DeviceError, DeviceEvent, DeviceEventKind
from drivers.device_manager import UserAnswer, UserRequest
from drivers.social_security_card import FileNotFound, SecurityStatusNotSatisfied
from kiosk.identity import IdentificationMethod, identity_from_document
from kiosk.kiosk_core import RecordsOutcome
from kiosk.session import ResidentSession, SessionState
from kiosk.suishen import HolderCategory, Profile, Verification, VerificationResult, idh_matches
from ui.messages import (
    code_login_needs_network_text,
    code_verdict_text,
    device_error_text,
    identity_problem_text,
    records_outcome_text,
    static_code_mismatch_text,
)
from ui.screens.identify import IdentifyPhase

log = logging.getLogger(__name__)

_CARD_READ_TIMEOUT_S = 5.0
# Long enough for an elderly resident to pick the card up and lay it down again.
_PLACE_AGAIN_TIMEOUT_S = 30.0


class IdentificationFlow:
    def _available_methods(self) -> list[IdentificationMethod]:
        methods = []
        if self.devices.id_card_reader is not None:
            methods.append(IdentificationMethod.ID_CARD)
        if self.devices.smart_card_reader is not None:
            methods.append(IdentificationMethod.SOCIAL_SECURITY_CARD)
        has_code_reader = self.devices.camera is not None or self.devices.code_scanner is not None
        if has_code_reader and self.core.suishen_trust is not None:
            methods.append(IdentificationMethod.SUISHEN_CODE)
        if self._face_method_available():
            methods.append(IdentificationMethod.FACE)
        if self._passport_method_available():  # ui/passport_flow.py
            methods.append(IdentificationMethod.PASSPORT)
        return methods

    def choose_method(self, method_value: str) -> None:
        method = IdentificationMethod(method_value)
        if method is IdentificationMethod.SUISHEN_CODE:
            self._start_scanning()
            return
        if method is IdentificationMethod.FACE:
            self._start_face_check()  # ui/face_flow.py
            return
        if method is IdentificationMethod.PASSPORT:
            self._start_passport_entry()  # ui/passport_flow.py
            return
        self.window.identify.show_phase(IdentifyPhase.WAITING, method)
        self._probe_card(method)

    def _start_scanning(self) -> None:
        self.stop_face_check()  # the camera serves one of them at a time
        self.window.identify.show_phase(IdentifyPhase.SCANNING)
        self._start_camera_scan()  # ui/device_presence_flow.py

    def stop_scanning(self) -> None:
        self.preview_timer.stop()
        self.scan.stop()

    def _update_preview(self) -> None:
        image = self.scan.preview()
        if image is not None and self.window.identify.phase is IdentifyPhase.SCANNING:
            self.window.identify.show_preview(image)

    def _code_read(self, text: str) -> None:
        if self.session.state is not SessionState.IDENTIFYING:
            return
        if self.window.identify.phase is not IdentifyPhase.SCANNING:
            return
        session = self.session
        self.runner.run(
            lambda: self.core.verify_code(text),
            lambda verification: self._code_verified(session, text, verification),
        )

    def _code_verified(
        self, session: ResidentSession, text: str, verification: Verification
    ) -> None:
        if session is not self.session or self.session.state is not SessionState.IDENTIFYING:
            return
        if verification.result is not VerificationResult.VALID:
            log.info("Suishen code refused: %s", verification.result.value)
            self.window.identify.show_error(
                code_verdict_text(verification.result), phase=IdentifyPhase.SCANNING
            )
            self.read_out()
            self.scan.rearm()
            return
        self.stop_scanning()
        claims = verification.claims
        if claims.profile is Profile.DYNAMIC:
            self._pending_code = text
            self.window.identify.show_phase(IdentifyPhase.CONSENT, resident_name=claims.nm)
            return
        # A paper code proves rights, not presence: the ID card must follow and match.
        self._static_claims = claims
        if claims.cat is HolderCategory.ELDER and not self.session.elderly_mode:
            self.set_elderly_mode(True)
        self.window.identify.show_phase(
            IdentifyPhase.STATIC_CODE_NEEDS_CARD, IdentificationMethod.ID_CARD
        )
        self._probe_card(IdentificationMethod.ID_CARD, quiet=True)

    def _reader(self, method: IdentificationMethod) -> object | None:
        if method is IdentificationMethod.ID_CARD:
            return self.devices.id_card_reader
        return self.devices.smart_card_reader

    def _probe_card(self, method: IdentificationMethod, quiet: bool = False) -> None:
        """Read a card already on the reader; otherwise its insertion event will."""
        reader = self._reader(method)
        if reader is None:
            return

        def present(is_present: bool) -> None:
            if is_present and self.session.state is SessionState.IDENTIFYING:
                self.window.identify.show_phase(IdentifyPhase.WAITING, method)
                self._read_card(method)

        def failed(exc: Exception) -> None:
            if not quiet:  # on arrival, a broken reader is news only if it was chosen
                self._card_failed(exc, method)

        self.runner.run(reader.is_card_present, present, failed)

    def _on_device_event(self, event: DeviceEvent) -> None:
        if event.kind is DeviceEventKind.CARD_INSERTED:
            method = (
                IdentificationMethod.ID_CARD
                if self.devices.id_card_reader is not None
                and event.device_id == self.devices.id_card_reader.device_id
                else IdentificationMethod.SOCIAL_SECURITY_CARD
            )
            if (
                self.session.state is SessionState.IDLE
                and self.core.catalog is not None
                and self.core.sync.device_refusal is None  # out of service
            ):
                self.start_session()
            if self.session.state is SessionState.IDENTIFYING and self.window.identify.phase in (
                IdentifyPhase.CHOOSE,
                IdentifyPhase.WAITING,
                IdentifyPhase.STATIC_CODE_NEEDS_CARD,
            ):
                self.window.identify.show_phase(IdentifyPhase.WAITING, method)
                self._read_card(method)
        elif event.kind in (DeviceEventKind.LOST, DeviceEventKind.FOUND):
            self._device_presence_changed(event)  # ui/device_presence_flow.py
        elif event.kind is DeviceEventKind.PAPER_OUT:
            log.warning("device %s reports %s", event.device_id, event.kind.value)

    def _read_card(self, method: IdentificationMethod) -> None:
        if self.reading_card:
            return
        self.reading_card = True
        self.window.identify.show_phase(IdentifyPhase.READING, method)
        reader = self._reader(method)
        if method is IdentificationMethod.ID_CARD:

            def work() -> object:
                try:
                    return reader.read_card(_CARD_READ_TIMEOUT_S)
                except CardReadIncomplete:
                    # Slid off mid-read: ask for it back, then read once more.
                    if not self._card_placed_again(reader):
                        raise
                    return reader.read_card(_CARD_READ_TIMEOUT_S)
        else:

            def work() -> object:
                from drivers.social_security_card import read_social_security_card

                connection = reader.connect(_CARD_READ_TIMEOUT_S)
                try:
                    return read_social_security_card(connection)
                finally:
                    connection.close()

        self.runner.run(
            work,
            lambda document: self._card_read(document, method),
            lambda exc: self._card_failed(exc, method),
        )

    def _card_placed_again(self, reader: object) -> bool:
        """On the read's worker thread: ask the resident to put the card back.

        True once the reader sees a card arrive (or the resident says it is
        there); False if they chose another way, or no one answered.
        """
        manager = self.device_manager
        if manager is None:
            return False
        arrived = threading.Event()

        def watch(event: DeviceEvent) -> None:
            if event.kind is DeviceEventKind.CARD_INSERTED:
                arrived.set()

        unsubscribe = reader.subscribe(watch)
        try:
            answer = manager.ask_user(
                reader.device_id, UserRequest.PLACE_CARD_AGAIN, _PLACE_AGAIN_TIMEOUT_S, arrived
            )
        finally:
            unsubscribe()
        return answer in (UserAnswer.DONE, UserAnswer.CONFIRMED)

    def _card_read(self, document: object, method: IdentificationMethod) -> None:
        self.reading_card = False
        if self.session.state is not SessionState.IDENTIFYING:
            return  # the resident left while the card was being read
        identity = identity_from_document(document, method)
        problem = self.core.identity_problem(identity)
        if problem is not None:
            self.window.identify.show_error(identity_problem_text(problem))
            self.read_out()
            return
        claims, self._static_claims = self._static_claims, None
        if claims is not None and not idh_matches(claims.idh, identity.id_number, claims.sid):
            self.window.identify.show_error(static_code_mismatch_text())
            self.read_out()
            return
        self._pending_identity = identity
        self.window.identify.show_phase(IdentifyPhase.CONSENT, resident_name=identity.name)

    def _card_failed(self, exc: Exception, method: IdentificationMethod) -> None:
        self.reading_card = False
        if self.session.state is not SessionState.IDENTIFYING:
            return
        if (
            method is IdentificationMethod.SOCIAL_SECURITY_CARD
            and isinstance(exc, FileNotFound | SecurityStatusNotSatisfied)
            and self._passport_method_available()
        ):
            # No social-security application on the chip, or one that wants
            # access control first: most likely a passport laid on the reader
            # before its method was chosen.
            self._start_passport_entry()
            return
        if not isinstance(exc, DeviceError):
            log.error("card read failed unexpectedly: %s", type(exc).__name__)
        self.window.identify.show_error(device_error_text(exc, method))
        self.read_out()

    def consent(self, agreed: bool) -> None:
        code, self._pending_code = self._pending_code, None
        if code is not None:
            self._consent_by_code(code, agreed)
            return
        identity = self._pending_identity
        self._pending_identity = None
        if identity is None:
            return
        if not agreed:
            self.session.identity = identity
            self._after_records(RecordsOutcome.NOT_REGISTERED, declined=True)
            return
        self.window.identify.show_phase(IdentifyPhase.FETCHING)
        session = self.session
        self.runner.run(
            lambda: self.core.identify(session, identity),
            lambda outcome: self._after_records(outcome) if session is self.session else None,
            lambda exc: self._after_records(RecordsOutcome.PLATFORM_UNREACHABLE),
        )

    def _consent_by_code(self, code: str, agreed: bool) -> None:
        if not agreed:
            # The code names nobody: without consent there is no identity to work with.
            self.window.identify.show_error(code_login_needs_network_text())
            self.read_out()
            return
        self.window.identify.show_phase(IdentifyPhase.FETCHING)
        session = self.session

        def done(outcome: RecordsOutcome) -> None:
            if session is not self.session:
                return
            if outcome is RecordsOutcome.AVAILABLE:
                self._after_records(outcome)
            elif outcome is RecordsOutcome.PLATFORM_UNREACHABLE:
                self.window.identify.show_error(code_login_needs_network_text())
                self.read_out()
            else:
                self.window.identify.show_error(code_verdict_text(VerificationResult.BAD_SIGNATURE))
                self.read_out()

        self.runner.run(
            lambda: self.core.identify_by_code(session, code),
            done,
            lambda exc: done(RecordsOutcome.PLATFORM_UNREACHABLE),
        )

    def _after_records(self, outcome: RecordsOutcome, declined: bool = False) -> None:
        if self.session.state is not SessionState.IDENTIFYING or self.core.catalog is None:
            return
        self.stop_scanning()
        self._go(SessionState.CHOOSING)
        note = (
            "" if outcome is RecordsOutcome.AVAILABLE else records_outcome_text(outcome, declined)
        )
        self.window.services.show_catalog(self.core.catalog, self.session.identity.name, note)
