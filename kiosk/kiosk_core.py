"""The kiosk's core: one resident session at a time, over cache, platform and sync.

The UI calls these methods; the ones that touch the network or disk are
meant to be run off the UI thread. Nothing here knows about Qt.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.catalog import Catalog, ServiceItem
from kiosk.catalog_service import CatalogService
from kiosk.clock import SHANGHAI, Clock, system_clock
from kiosk.config import KioskConfig
from kiosk.device_identity import device_signer_for
from kiosk.face_check import FaceCheckOutcome, outcome_of_refusal
from kiosk.feedback import DissatisfactionReason, Grade, LeaveReason, RatingRefused
from kiosk.forms import PrefillSources, prefill_form
from kiosk.id_numbers import id_number_problem
from kiosk.identity import IdentificationMethod, ResidentIdentity, applicant_of
from kiosk.kiosk_policy import PolicyService
from kiosk.platform_client import (
    DeviceRefused,
    PlatformClient,
    PlatformRejected,
    PlatformUnavailable,
)
from kiosk.prereview import Finding, eligibility_findings, prereview
from kiosk.session import CapturedMaterial, ResidentSession, SubmissionReceipt
from kiosk.suishen import TrustState, TrustStore, Verification, verify_presentation
from kiosk.suishen_trust_sync import SuishenTrustSync
from kiosk.sync_worker import SyncWorker
from offline_cache.catalog_store import CatalogStore
from offline_cache.database import CacheDatabase
from offline_cache.outbox import Outbox, OutboxState
from offline_cache.sealed_box import SealedBox
from offline_cache.trust_store import SqliteReplayMemory, SqliteTrustDocumentArchive

log = logging.getLogger(__name__)

# What a kiosk keeps of the platform's answer once the resident has gone.
_RESPONSE_KEPT_AFTER_SESSION = ("application_no", "submission_ref", "status", "received_at")
_CHECK_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread


class IdentityProblem(StrEnum):
    BAD_NUMBER = "bad_number"
    EXPIRED = "expired"


class RecordsOutcome(StrEnum):
    AVAILABLE = "available"
    PLATFORM_UNREACHABLE = "platform_unreachable"  # carry on with what the card says
    NOT_REGISTERED = "not_registered"
    # The platform holds records by Chinese ID number: a passport brings none,
    # so forms are filled from the document alone (like a declined consent).
    DOCUMENT_ONLY = "document_only"


class NotReadyToSubmit(Exception):
    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} pre-review findings")
        self.findings = findings


@dataclass(frozen=True)
class DeliveryStatus:
    state: OutboxState
    application_no: str | None
    attempts: int
    document: dict | None = None  # the certificate the platform issued, for print items


class KioskCore:
    def __init__(
        self,
        config: KioskConfig,
        clock: Clock = system_clock,
        device_health: Callable[[], dict[str, str]] = dict,
    ) -> None:
        self.config = config
        self._clock = clock
        self._device_health = device_health
        self.db = CacheDatabase(config.database_path)
        self.outbox = Outbox(self.db, SealedBox.from_key_file(config.key_path))
        self.catalog_service = CatalogService(CatalogStore(self.db), config.platform_key)
        self.client = PlatformClient(
            config.platform_url, config.kiosk_id, device_signer=device_signer_for(config)
        )
        self.replay_memory = SqliteReplayMemory(self.db)
        self.policy = PolicyService(config.data_dir, config.platform_key)
        self.policy.load_cached()
        self.suishen_trust: TrustStore | None = None
        self.suishen_sync: SuishenTrustSync | None = None
        if config.suishen_anchor_spki:
            self.suishen_trust = TrustStore(
                bytes.fromhex(config.suishen_anchor_spki), SqliteTrustDocumentArchive(self.db)
            )
            self.suishen_sync = SuishenTrustSync(self.suishen_trust, self.client, self.db)
        self.sync = SyncWorker(
            self.outbox,
            self.client,
            self.catalog_service,
            self._heartbeat_payload,
            catalog_refresh_s=config.catalog_refresh_s,
            heartbeat_s=config.heartbeat_s,
            trust_refresh=self._refresh_signed_data,
        )
        self.catalog_service.load_cached()

    def _refresh_signed_data(self) -> None:
        """On the catalog's cadence: Suishen trust data and the kiosk policy."""
        if self.suishen_sync is not None:
            self.suishen_sync.refresh()
        self.policy.refresh(self.client)

    def technician_pin_hash(self) -> str:
        """The platform's rotated PIN when it has set one, else the installed one."""
        return self.policy.policy.technician_pin_hash or self.config.technician_pin_hash

    def set_device_health(self, device_health: Callable[[], dict[str, str]]) -> None:
        self._device_health = device_health

    @property
    def catalog(self) -> Catalog | None:
        return self.catalog_service.catalog

    def start_background_sync(self) -> None:
        self.sync.start()

    def shutdown(self) -> None:
        self.sync.stop()
        self.client.close()
        self.db.close()

    def today(self) -> dt.date:
        return self._clock().date()

    # -- Suishen codes --------------------------------------------------------

    def verify_code(self, text: str) -> Verification:
        """Offline verdict on a scanned Suishen code, from the synced trust data."""
        state = self.suishen_trust.state if self.suishen_trust else TrustState()
        return verify_presentation(text, state, int(self._clock().timestamp()), self.replay_memory)

    # -- identification ---------------------------------------------------

    def identity_problem(self, identity: ResidentIdentity) -> IdentityProblem | None:
        if identity.method is IdentificationMethod.PASSPORT:
            # BAC and DG1's check digits already vouch for the passport. An
            # expired one still names its holder, and the kiosk submits nothing
            # on a passport's word alone, so expiry is not refused here.
            return None if identity.document_number else IdentityProblem.BAD_NUMBER
        if id_number_problem(identity.id_number) is not None:
            return IdentityProblem.BAD_NUMBER
        if identity.id_valid_to:
            try:
                if dt.date.fromisoformat(identity.id_valid_to) < self.today():
                    return IdentityProblem.EXPIRED
            except ValueError:
                return IdentityProblem.EXPIRED
        return None

    def identify(self, session: ResidentSession, identity: ResidentIdentity) -> RecordsOutcome:
        """Attach the identity and fetch government-held records with consent (network)."""
        session.identity = identity
        body = self._consented_records(
            session,
            lambda: self.client.create_consent(identity.id_number, identity.name, identity.method),
        )
        if isinstance(body, RecordsOutcome):
            return body
        self._take_records(session, body)
        return RecordsOutcome.AVAILABLE

    def _consented_records(
        self, session: ResidentSession, grant: Callable[[], str]
    ) -> dict | RecordsOutcome:
        """Grant a consent, then fetch the records; a named outcome when either fails."""
        try:
            token = grant()
            session.consent_token = token
            return self.client.fetch_records(token)
        except DeviceRefused as exc:
            # The platform refuses this kiosk, not the resident: say it as offline.
            log.error("platform refuses this kiosk: %s", exc.error)
            return RecordsOutcome.PLATFORM_UNREACHABLE
        except PlatformRejected as exc:
            log.info("consent or records refused: %s", exc.error)
            return RecordsOutcome.NOT_REGISTERED
        except PlatformUnavailable as exc:
            log.warning("records unavailable, continuing offline: %s", exc)
            return RecordsOutcome.PLATFORM_UNREACHABLE

    def identify_by_passport(
        self, session: ResidentSession, identity: ResidentIdentity
    ) -> RecordsOutcome:
        """Attach a passport holder's identity; no records are fetched (no network).

        The platform keys residents' records by Chinese ID number, so there is
        nothing to ask it for and no consent to ask: forms are prefilled from
        the passport alone, as when a resident declines consent.
        """
        session.identity = identity
        session.records_available = False
        return RecordsOutcome.DOCUMENT_ONLY

    def identify_by_code(self, session: ResidentSession, code_text: str) -> RecordsOutcome:
        """Log in with a verified dynamic Suishen code: the platform names the resident.

        The code carries no ID number, so unlike a card this needs the network;
        offline the resident is asked for their ID card instead.
        """
        body = self._consented_records(
            session, lambda: self.client.create_consent_by_code(code_text)
        )
        if isinstance(body, RecordsOutcome):
            return body
        return self._identity_from_records(session, body, IdentificationMethod.SUISHEN_CODE)

    def face_checks_offered(self) -> bool:
        """Whether the platform compares faces (network; PlatformUnavailable when unreachable)."""
        return bool(self.client.face_check_service()["available"])

    def identify_by_face(
        self, session: ResidentSession, id_number: str, jpeg: bytes
    ) -> FaceCheckOutcome:
        """Identify by the ID number typed and a face photo the platform compares.

        Like a code, this needs the network: only the platform holds the photo.
        The photo is not kept in the session; only the outcome is.
        """
        id_number = id_number.strip().upper()
        if id_number_problem(id_number) is not None:
            return FaceCheckOutcome.BAD_NUMBER
        try:
            token = self.client.check_face(id_number, jpeg)
            session.consent_token = token
            body = self.client.fetch_records(token)
        except DeviceRefused as exc:
            log.error("platform refuses this kiosk: %s", exc.error)
            return FaceCheckOutcome.PLATFORM_UNREACHABLE
        except PlatformRejected as exc:
            log.info("face check refused: %s", exc.error)
            return outcome_of_refusal(exc.error)
        except PlatformUnavailable as exc:
            log.warning("face check needs the platform: %s", exc)
            return FaceCheckOutcome.PLATFORM_UNREACHABLE
        outcome = self._identity_from_records(session, body, IdentificationMethod.FACE)
        if outcome is not RecordsOutcome.AVAILABLE or session.identity.id_number != id_number:
            session.identity = None
            return FaceCheckOutcome.NO_MATCH
        return FaceCheckOutcome.MATCHED

    def _identity_from_records(
        self, session: ResidentSession, body: dict, method: IdentificationMethod
    ) -> RecordsOutcome:
        """The platform named the resident (code or face): take identity and records."""
        resident = body["resident"]
        session.identity = ResidentIdentity(
            method=method,
            name=str(resident.get("name", "")),
            id_number=str(resident.get("id_number", "")).upper(),
            sex=str(resident.get("sex", "") or ""),
            ethnicity=str(resident.get("ethnicity", "") or ""),
            birth_date=str(resident.get("birth_date", "") or ""),
            address=str(resident.get("address", "") or ""),
        )
        if self.identity_problem(session.identity) is IdentityProblem.BAD_NUMBER:
            session.identity = None
            return RecordsOutcome.NOT_REGISTERED
        self._take_records(session, body)
        return RecordsOutcome.AVAILABLE

    def issue_offline_code(self, session: ResidentSession) -> tuple[str, dt.date]:
        """A new static code (离线随申码) and its last valid day; the old code is revoked."""
        if not session.consent_token:
            raise PlatformRejected(403, "consent_required")
        answer = self.client.issue_suishen_code(session.consent_token, "S")
        expires = answer.get("exp")
        if not isinstance(expires, int):
            raise PlatformUnavailable("code answer has no expiry")
        return answer["qr"], dt.datetime.fromtimestamp(expires, SHANGHAI).date()

    def _take_records(self, session: ResidentSession, body: dict) -> None:
        session.records = {k: str(v) for k, v in body["records"].items() if v is not None}
        session.history = {k: str(v) for k, v in body["history"].items() if v is not None}
        session.licences = {
            str(licence.get("type")) for licence in body["licences"] if isinstance(licence, dict)
        }
        category = body["resident"].get("category")
        session.category = category if isinstance(category, str) else None
        session.records_available = True

    # -- choosing and filling ----------------------------------------------

    def sources_for(self, session: ResidentSession) -> PrefillSources:
        return PrefillSources(
            today=self.today(),
            identity=session.identity,
            records=session.records,
            history=session.history,
        )

    def open_item(self, session: ResidentSession, item: ServiceItem) -> list[Finding]:
        """Check eligibility and prefill the form; findings mean the item is not for them."""
        sources = self.sources_for(session)
        findings = eligibility_findings(item.eligibility, sources, session.category)
        if findings:
            return findings
        session.item = item
        session.sources = sources
        session.form = prefill_form(item, sources)
        session.materials.clear()
        return []

    def add_material(self, session: ResidentSession, code: str, jpeg: bytes) -> None:
        session.materials[code] = CapturedMaterial(code, "image/jpeg", jpeg)

    def review(self, session: ResidentSession) -> list[Finding]:
        assert session.item and session.form and session.sources
        return prereview(
            session.item,
            session.form,
            session.sources,
            set(session.materials),
            session.licences,
            session.category,
        )

    # -- submitting ---------------------------------------------------------

    def submit(self, session: ResidentSession) -> SubmissionReceipt:
        """Save the application locally and queue it; return once it is on disk."""
        findings = self.review(session)
        if findings:
            raise NotReadyToSubmit(findings)
        assert session.item and session.form and session.identity
        if session.submission is not None:
            return session.submission  # a double tap must not submit twice
        now = self._clock()
        day = now.strftime("%Y%m%d")
        check_code = "".join(secrets.choice(_CHECK_CODE_ALPHABET) for _ in range(6))
        materials = [
            {
                "code": m.code,
                "content_type": m.content_type,
                "sha256": hashlib.sha256(m.data).hexdigest(),
                "data_b64": base64.b64encode(m.data).decode(),
            }
            for m in session.materials.values()
        ]
        if session.signature_png:
            materials.append(
                {
                    "code": "signature",
                    "content_type": "image/png",
                    "sha256": hashlib.sha256(session.signature_png).hexdigest(),
                    "data_b64": base64.b64encode(session.signature_png).decode(),
                }
            )
        with self.db.transaction() as conn:
            sequence = self.db.next_counter(conn, f"submission:{day}")
            ref = f"{self.config.kiosk_id}-{day}-{sequence:04d}"
            payload = {
                "submission_ref": ref,
                "check_code": check_code,
                "item_code": session.item.code,
                "kiosk_id": self.config.kiosk_id,
                "applicant": applicant_of(session.identity),
                "form": session.form.as_dict(),
                "materials": materials,
                "prefill_ratio": round(session.form.prefill_ratio, 4),
                "submitted_at": now.isoformat(timespec="seconds"),
            }
            key = self.outbox.add(conn, "application", "/api/v1/applications", payload)
            conn.execute(
                "INSERT INTO submissions(submission_ref, item_code, check_code, outbox_key, "
                "created_at) VALUES (?, ?, ?, ?, ?)",
                (ref, session.item.code, check_code, key, now.timestamp()),
            )
        session.submission = SubmissionReceipt(
            submission_ref=ref,
            check_code=check_code,
            status_url=f"{self.config.phone_url_base}/s/{ref}?c={check_code}",
            item_code=session.item.code,
            created_at=now.isoformat(timespec="seconds"),
        )
        self.sync.wake()
        return session.submission

    def delivery_status(self, submission_ref: str) -> DeliveryStatus | None:
        rows = self.db.query(
            "SELECT outbox_key FROM submissions WHERE submission_ref = ?", (submission_ref,)
        )
        if not rows:
            return None
        record = self.outbox.get(rows[0]["outbox_key"])
        if record is None:
            return None
        response = record.response or {}
        number = response.get("application_no")
        document = response.get("document")
        return DeliveryStatus(
            record.state,
            number if isinstance(number, str) else None,
            record.attempts,
            document if isinstance(document, dict) else None,
        )

    # -- feedback -----------------------------------------------------------

    def rate(
        self,
        session: ResidentSession,
        grade: Grade,
        reasons: list[DissatisfactionReason],
        comment: str = "",
        call_id: str | None = None,
    ) -> None:
        """Queue a 好差评 rating; with `call_id` it rates the clerk of that video call."""
        if grade.needs_reasons and not reasons:
            raise RatingRefused("a low grade needs at least one reason")
        payload = {
            "kiosk_id": self.config.kiosk_id,
            "item_code": session.item.code if session.item else None,
            "submission_ref": session.submission.submission_ref if session.submission else None,
            "grade": int(grade),
            "reasons": [reason.value for reason in reasons],
            "comment": comment,
            "rated_at": self._clock().isoformat(timespec="seconds"),
        }
        if call_id:
            payload["call_id"] = call_id
        self.outbox.enqueue("rating", "/api/v1/ratings", payload)
        if call_id is None:
            session.rated = True
        self.sync.wake()

    def report_leaving(self, session: ResidentSession, reason: LeaveReason) -> None:
        step = session.left_from or session.state
        self.outbox.enqueue(
            "report",
            "/api/v1/reports",
            {
                "kiosk_id": self.config.kiosk_id,
                "item_code": session.item.code if session.item else None,
                "step": step.value,
                "reason": reason.value,
                "reported_at": self._clock().isoformat(timespec="seconds"),
            },
        )
        self.sync.wake()

    def end_session(self, session: ResidentSession) -> None:
        """Privacy wipe: revoke consent at the platform, forget everything here."""
        if session.consent_token:
            self.sync.revoke_consent_later(session.consent_token)
        if session.submission is not None:
            self._forget_document(session.submission.submission_ref)
        session.wipe()

    def _forget_document(self, submission_ref: str) -> None:
        """A printed certificate's content must not outlive the session on disk."""
        rows = self.db.query(
            "SELECT outbox_key FROM submissions WHERE submission_ref = ?", (submission_ref,)
        )
        if rows:
            self.outbox.redact_response(rows[0]["outbox_key"], keep=_RESPONSE_KEPT_AFTER_SESSION)

    def _heartbeat_payload(self) -> dict:
        catalog = self.catalog
        return {
            "app_version": self.config.app_version,
            "catalog_version": catalog.version if catalog else None,
            "outbox_pending": self.outbox.pending_count(),
            "devices": self._device_health(),
            "sent_at": self._clock().isoformat(timespec="seconds"),
        }
