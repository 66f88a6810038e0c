"""Who the resident at the kiosk is, as far as this session knows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kiosk.id_numbers import (
    age_on,
    birth_date_of,
    mask_document_number,
    mask_id_number,
    mask_name,
)


class IdentificationMethod(StrEnum):
    ID_CARD = "id_card"
    SOCIAL_SECURITY_CARD = "social_security_card"
    SUISHEN_CODE = "suishen_code"
    FACE = "face"
    PASSPORT = "passport"  # ICAO 9303 e-passport, read with BAC from the typed details


@dataclass(frozen=True)
class ResidentIdentity:
    """The `identity.*` prefill attributes, read at the kiosk from a document."""

    method: IdentificationMethod
    name: str
    id_number: str
    sex: str = ""
    ethnicity: str = ""
    birth_date: str = ""
    address: str = ""
    id_valid_to: str = ""
    # ICAO 3-letter code, from a passport; "" for Chinese ID documents.
    nationality: str = ""
    # The passport number. Kept apart from `id_number` on purpose: forms and
    # pre-review treat `identity.id_number` as a GB 11643 citizen number.
    document_number: str = ""

    def __repr__(self) -> str:
        # Sessions get logged; the identity must never leak through repr().
        number = (
            mask_document_number(self.document_number)
            if self.document_number
            else mask_id_number(self.id_number)
        )
        return f"ResidentIdentity({self.method.value}, {mask_name(self.name)}, {number})"

    def attribute(self, name: str) -> str:
        return str(getattr(self, name, "") or "")

    def age_on(self, today: dt.date) -> int:
        birth = dt.date.fromisoformat(self.birth_date) if self.birth_date else birth_date_of(
            self.id_number
        )
        return age_on(birth, today)


def identity_from_document(document: object, method: IdentificationMethod) -> ResidentIdentity:
    """Build from a driver's identity document or social-security card data.

    Duck-typed on purpose: the core must not depend on a driver module, and
    both the ID-card and the social-security-card records carry these names.
    A passport's number goes to `document_number`, never to `id_number`.
    """

    def text(name: str) -> str:
        value = getattr(document, name, None)
        if value is None:
            return ""
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    number = text("id_number").upper()
    is_passport = method is IdentificationMethod.PASSPORT
    return ResidentIdentity(
        method=method,
        name=text("name"),
        id_number="" if is_passport else number,
        sex=text("sex"),
        ethnicity=text("ethnicity"),
        birth_date=text("birth_date"),
        address=text("address"),
        id_valid_to=text("valid_to"),
        nationality=text("nationality"),
        document_number=number if is_passport else "",
    )


def applicant_of(identity: ResidentIdentity) -> dict[str, str]:
    """The applicant as the platform's application API takes it."""
    if identity.method is IdentificationMethod.PASSPORT:
        return {
            "passport_number": identity.document_number,
            "nationality": identity.nationality,
            "birth_date": identity.birth_date,
            "name": identity.name,
        }
    return {"id_number": identity.id_number, "name": identity.name}
