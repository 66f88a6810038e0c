"""Who the resident at the kiosk is, as far as this session knows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kiosk.id_numbers import age_on, birth_date_of, mask_id_number, mask_name


class IdentificationMethod(StrEnum):
    ID_CARD = "id_card"
    SOCIAL_SECURITY_CARD = "social_security_card"
    SUISHEN_CODE = "suishen_code"
    FACE = "face"


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

    def __repr__(self) -> str:
        # Sessions get logged; the identity must never leak through repr().
        return (
            f"ResidentIdentity({self.method.value}, {mask_name(self.name)}, "
            f"{mask_id_number(self.id_number)})"
        )

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
    """

    def text(name: str) -> str:
        value = getattr(document, name, None)
        if value is None:
            return ""
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    return ResidentIdentity(
        method=method,
        name=text("name"),
        id_number=text("id_number").upper(),
        sex=text("sex"),
        ethnicity=text("ethnicity"),
        birth_date=text("birth_date"),
        address=text("address"),
        id_valid_to=text("valid_to"),
    )
