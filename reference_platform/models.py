"""Request and response bodies of the platform API (docs/platform-api.md)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from .catalog_schema import LocalizedText
from .seed import Category, Licence
from .suishen_decoding import MAX_CODE_TEXT

KIOSK_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"
ID_NUMBER_PATTERN = r"^\d{17}[\dX]$"

FormValue = str | int | float | bool | None


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer. Kiosks never show `detail` to residents."""

    error: str = Field(description="Machine-readable error code", examples=["resident_unknown"])
    detail: str = Field(description="English text for logs")


class PlatformKey(BaseModel):
    """The catalog signing key, for pinning at install time."""

    key_id: str = Field(description="Identifies the key in X-Catalog-Signature")
    alg: Literal["ed25519"]
    public_key: str = Field(description="Base64 of the raw 32-byte Ed25519 public key")


# --- consent and records -------------------------------------------------


class ConsentMethod(StrEnum):
    id_card = "id_card"
    social_security_card = "social_security_card"
    suishen_code = "suishen_code"
    face = "face"


class ConsentScope(StrEnum):
    records = "records"
    licences = "licences"
    history = "history"


class ConsentRequest(BaseModel):
    """A resident, identified at the kiosk, agrees to let it read their records.

    Either `id_number` and `name` (every method), or, for `suishen_code`
    only, `code`: the dynamic Suishen code the resident showed, from which
    the platform learns who they are. Method `face` is refused here: a face
    consent is granted only by a face check the platform itself made.
    """

    id_number: str | None = Field(
        default=None,
        pattern=ID_NUMBER_PATTERN,
        description="Citizen ID number; required unless `code` is given",
    )
    name: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="Name as on the ID document; required unless `code` is given",
    )
    method: ConsentMethod = Field(description="How the kiosk identified the resident")
    scope: list[ConsentScope] = Field(
        min_length=1, description="Which parts of the records the kiosk may read"
    )
    code: str | None = Field(
        default=None,
        max_length=MAX_CODE_TEXT,
        description=(
            'Method `suishen_code` only: the scanned QR text ("SC1:..."), a dynamic'
            " (profile D) code; then `id_number` and `name` must be absent"
        ),
        examples=["SC1:NCF..."],
    )

    @model_validator(mode="after")
    def _identifies_the_resident(self) -> ConsentRequest:
        if self.method is ConsentMethod.face:
            # Only the platform's own comparison may vouch for a face: a kiosk
            # claiming "face" with a typed ID number would be a login by number.
            raise ValueError("face consents come only from POST /api/v1/face-checks")
        if self.code is None:
            if self.id_number is None or self.name is None:
                raise ValueError("id_number and name are required (or, for suishen_code, code)")
        elif self.method is not ConsentMethod.suishen_code:
            raise ValueError("code is only for method suishen_code")
        elif self.id_number is not None or self.name is not None:
            raise ValueError("send either code, or id_number and name, not both")
        return self


class ConsentGranted(BaseModel):
    token: str = Field(description="Opaque bearer token: `Authorization: Consent <token>`")
    expires_at: AwareDatetime = Field(description="15 minutes after the grant")


class ResidentSummary(BaseModel):
    """Who the consent is for; sex, ethnicity and address are as on their ID card, so a
    kiosk that identified the resident by Suishen code can fill identity fields."""

    id_number: str
    name: str
    birth_date: date
    category: Category
    sex: str = Field(description="M or F", examples=["F"])
    ethnicity: str = Field(description="民族 as on the ID card", examples=["汉"])
    address: str = Field(
        description="住址 as on the ID card", examples=["上海市浦东新区崂山路591弄8号402室"]
    )


class ResidentRecords(BaseModel):
    """Government-held data of the consenting resident; parts outside the scope are empty."""

    resident: ResidentSummary
    records: dict[str, str] = Field(description="Keys are the records.* prefill attributes")
    licences: list[Licence] = Field(description="Electronic licences held for the resident")
    history: dict[str, str] = Field(description="Field values given in earlier applications")


# --- applications --------------------------------------------------------


class Applicant(BaseModel):
    """Who applies: a citizen ID number, or (foreign residents) a passport.

    Exactly one of `id_number`, or `passport_number` with `nationality` and
    `birth_date` (as read from the passport's chip).
    """

    id_number: str | None = Field(
        default=None, max_length=18, description="Checked against GB 11643"
    )
    name: str = Field(min_length=1, max_length=64)
    passport_number: str | None = Field(
        default=None, pattern=r"^[A-Z0-9]{1,9}$", description="ICAO 9303 document number"
    )
    nationality: str | None = Field(
        default=None, pattern=r"^[A-Z]{1,3}$", description="ICAO 9303 three-letter code"
    )
    birth_date: date | None = Field(default=None, description="Passport holders only")

    @model_validator(mode="after")
    def _one_document(self) -> Applicant:
        if self.passport_number is None:
            if self.id_number is None:
                raise ValueError("id_number, or passport_number with nationality, is required")
            if self.nationality is not None or self.birth_date is not None:
                raise ValueError("nationality and birth_date go with passport_number only")
        elif self.id_number is not None:
            raise ValueError("send id_number or passport_number, not both")
        elif self.nationality is None or self.birth_date is None:
            raise ValueError("passport_number needs nationality and birth_date")
        return self

    @property
    def key(self) -> str:
        """What records, history and the applications table know the applicant by."""
        if self.passport_number is not None:
            return f"PASSPORT:{self.nationality}:{self.passport_number}"
        return self.id_number or ""


class MaterialUpload(BaseModel):
    code: str = Field(min_length=1, max_length=64, description="MATERIAL code of the item")
    content_type: str = Field(min_length=3, max_length=100, examples=["image/jpeg"])
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$", description="Hex SHA-256 of the data")
    data_b64: str = Field(max_length=24_000_000, description="Base64 of the material bytes")


class ApplicationRequest(BaseModel):
    """An application as submitted by a kiosk (written to its outbox first)."""

    submission_ref: str = Field(
        pattern=r"^[A-Za-z0-9_.:-]{4,64}$",
        description="The kiosk's own reference, printed on the receipt",
        examples=["K-PD-0001-20261130-0007"],
    )
    check_code: str = Field(
        pattern=r"^[A-Za-z0-9]{4,16}$",
        description="Secret printed on the receipt; needed to look the status up",
    )
    item_code: str = Field(min_length=1, max_length=64)
    kiosk_id: str = Field(pattern=KIOSK_ID_PATTERN)
    applicant: Applicant
    form: dict[str, FormValue] = Field(description="Field key to value")
    materials: list[MaterialUpload] = Field(default_factory=list, max_length=50)
    prefill_ratio: float | None = Field(default=None, ge=0.0, le=1.0)
    submitted_at: AwareDatetime


class ApplicationStatus(StrEnum):
    received = "received"
    in_review = "in_review"
    approved = "approved"
    rejected = "rejected"
    completed = "completed"
    # Accepted by a clerk in a remote-window call, with the resident's recorded consent.
    accepted = "accepted"


class CertificateHolder(BaseModel):
    name: str = Field(description="The applicant's name as submitted", examples=["王秀英"])
    id_number_masked: str = Field(examples=["3101**********0021"])


class CertificateField(BaseModel):
    label: LocalizedText
    value: str = Field(description="Text as printed; amounts in yuan with two decimals")


class CertificateTable(BaseModel):
    columns: list[LocalizedText] = Field(min_length=1)
    rows: list[list[str]] = Field(description="Newest first; each row has one cell per column")

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> CertificateTable:
        if any(len(row) != len(self.columns) for row in self.rows):
            raise ValueError("every row needs exactly one cell per column")
        return self


class CertificateDocument(BaseModel):
    """A certificate (证明) issued with an application, for the kiosk's A4 printer."""

    document_no: str = Field(
        pattern=r"^ZM\d{8}\d{6}$",
        description="ZM + YYYYMMDD + daily sequence (separate from application numbers)",
        examples=["ZM20261130000001"],
    )
    title: LocalizedText
    issuer: LocalizedText = Field(description="The item's department")
    issued_at: AwareDatetime = Field(description="Equal to the application's received_at")
    holder: CertificateHolder
    fields: list[CertificateField]
    table: CertificateTable | None = Field(description="Null when there is nothing to tabulate")
    note: LocalizedText
    verify_url: str = Field(
        description="For the QR code: /v/{document_no}?c=<check code> on the platform's base URL",
        examples=["http://127.0.0.1:8700/v/ZM20261130000001?c=K7Q2XR"],
    )


class ApplicationReceived(BaseModel):
    application_no: str = Field(
        pattern=r"^SH\d{8}\d{6}$",
        description="SH + YYYYMMDD + daily sequence",
        examples=["SH20261130000001"],
    )
    submission_ref: str
    status: ApplicationStatus
    received_at: AwareDatetime
    # SkipJsonSchema: the key is absent, never null, for other items.
    document: CertificateDocument | SkipJsonSchema[None] = Field(
        default=None,
        description="Only for items whose output is `certificate`; the key is absent otherwise",
    )


class DocumentVerification(BaseModel):
    """What a certificate's QR code confirms: issued here, to this (masked) holder."""

    document_no: str
    title: LocalizedText
    holder_masked: str = Field(examples=["王*英"])
    issued_at: AwareDatetime
    authentic: Literal[True]


class ApplicationStatusView(BaseModel):
    """What the receipt's QR code shows on a phone."""

    submission_ref: str
    application_no: str
    item_code: str
    item_name: LocalizedText
    status: ApplicationStatus
    received_at: AwareDatetime
    applicant_masked: str = Field(examples=["王*英"])
    # Set when a clerk accepted the application remotely (status `accepted`).
    accepted_by: str | None = Field(default=None, description="The accepting clerk's id")
    accepted_at: AwareDatetime | None = None
    call_id: str | None = Field(default=None, description="The video call of the acceptance")
    recording_ref: str | None = Field(default=None, description="That call's recording")


# --- ratings, reports, heartbeat -----------------------------------------


class RatingReason(StrEnum):
    long_wait = "long_wait"
    hard_to_use = "hard_to_use"
    too_many_materials = "too_many_materials"
    unclear_guide = "unclear_guide"
    system_error = "system_error"
    staff_attitude = "staff_attitude"
    other = "other"


class RatingRequest(BaseModel):
    """好差评: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意."""

    kiosk_id: str = Field(pattern=KIOSK_ID_PATTERN)
    item_code: str | None = Field(default=None, max_length=64)
    submission_ref: str | None = Field(
        default=None, max_length=64, description="Null for a session that submitted nothing"
    )
    grade: int = Field(ge=1, le=5)
    reasons: list[RatingReason] = Field(
        default_factory=list, description="At least one is required for grades 1 and 2"
    )
    comment: str = Field(default="", max_length=500)
    rated_at: AwareDatetime
    call_id: str | None = Field(
        default=None, max_length=64, description="The remote-window call rated, if any"
    )


class RatingCreated(BaseModel):
    rating_id: int


class ReportReason(StrEnum):
    cannot_find_service = "cannot_find_service"
    missing_material = "missing_material"
    system_error = "system_error"
    too_complicated = "too_complicated"
    not_eligible = "not_eligible"
    device_problem = "device_problem"
    other = "other"


class ReportRequest(BaseModel):
    """办不成事: a resident gave up; where and why."""

    kiosk_id: str = Field(pattern=KIOSK_ID_PATTERN)
    item_code: str | None = Field(default=None, max_length=64)
    step: str = Field(
        min_length=1, max_length=64, description="The session state the resident left from"
    )
    reason: ReportReason
    reported_at: AwareDatetime


class ReportCreated(BaseModel):
    report_id: int


class Heartbeat(BaseModel):
    app_version: str = Field(min_length=1, max_length=40)
    catalog_version: str | None = Field(default=None, max_length=64)
    outbox_pending: int = Field(ge=0, description="Records waiting in the kiosk's outbox")
    devices: dict[str, str] = Field(
        default_factory=dict, description="Device name to status, e.g. receipt_printer: paper_low"
    )
    sent_at: AwareDatetime


class HeartbeatAck(BaseModel):
    server_time: AwareDatetime


class Health(BaseModel):
    status: Literal["ok"]


def documented_errors(codes: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for error statuses, all with the ErrorBody shape."""
    return {
        status: {"model": ErrorBody, "description": description}
        for status, description in codes.items()
    }


KIOSK_ERRORS = {400: "kiosk_id_required: X-Kiosk-Id missing or malformed"}
INVALID_REQUEST = {422: "invalid_request: the request does not follow the schema"}
WRITE_ERRORS = {
    400: "idempotency_key_required / idempotency_key_invalid / kiosk_id_required /"
    " kiosk_id_mismatch",
    409: "idempotency_key_reused: the key was used with a different body",
}
