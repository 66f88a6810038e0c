"""The service catalog (`kiosk-catalog/1`, docs/catalog-format.md) as pydantic models.

The platform validates its own catalog with these before serving it, and
they give /openapi.json a precise description of the catalog body.
Cross-references (bundle includes, rule fields, prefill sources) are
checked in catalog_check.py.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt

CATALOG_FORMAT = "kiosk-catalog/1"


class _Strict(BaseModel):
    # Kiosks refuse catalogs with surprises, so the platform must never emit one.
    model_config = ConfigDict(extra="forbid")


class LocalizedText(_Strict):
    """User-visible text in Simplified Chinese and English."""

    zh_CN: str = Field(min_length=1, description="Simplified Chinese text (shown first)")
    en: str = Field(min_length=1, description="English text")


class Audience(StrEnum):
    personal = "personal"
    enterprise = "enterprise"


class ItemKind(StrEnum):
    print_record = "print_record"
    query = "query"
    apply = "apply"
    bundle = "bundle"


class Output(StrEnum):
    receipt = "receipt"
    certificate = "certificate"
    offline_code = "offline_code"


class FieldType(StrEnum):
    text = "text"
    id_number = "id_number"
    phone = "phone"
    date = "date"
    postcode = "postcode"
    bank_account = "bank_account"
    number = "number"
    choice = "choice"
    address = "address"


class ResidentCategory(StrEnum):
    elder = "elder"
    minor = "minor"
    disabled = "disabled"


class Eligibility(_Strict):
    """Who may use the item; checked before the form opens."""

    min_age: NonNegativeInt | None = None
    max_age: NonNegativeInt | None = None
    categories: list[ResidentCategory] | None = Field(default=None, min_length=1)


class Material(_Strict):
    """A document the resident supplies (or the platform already holds)."""

    code: str = Field(min_length=1, max_length=64)
    name: LocalizedText
    required: bool
    e_licence: str | None = Field(
        default=None,
        description="Licence type the platform may already hold; counts as present when it does",
    )


class Choice(_Strict):
    value: str = Field(min_length=1)
    label: LocalizedText


class FormField(_Strict):
    """One form field, with where its value can be prefilled from."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: LocalizedText
    type: FieldType
    required: bool
    prefill: list[str] = Field(description="SOURCE strings tried in order")
    choices: list[Choice] | None = None
    editable: bool = True
    sensitive: bool = False
    max_length: PositiveInt | None = None


class EqualsRule(_Strict):
    rule: Literal["equals"]
    field: str
    source: str


class DateOrderRule(_Strict):
    rule: Literal["date_order"]
    earlier: str
    later: str


class DateNotFutureRule(_Strict):
    rule: Literal["date_not_future"]
    field: str


class OneOfRequiredRule(_Strict):
    rule: Literal["one_of_required"]
    fields: list[str] = Field(min_length=2)


class AgeAtLeastRule(_Strict):
    rule: Literal["age_at_least"]
    years: NonNegativeInt


class AgeAtMostRule(_Strict):
    rule: Literal["age_at_most"]
    years: NonNegativeInt


Rule = Annotated[
    EqualsRule
    | DateOrderRule
    | DateNotFutureRule
    | OneOfRequiredRule
    | AgeAtLeastRule
    | AgeAtMostRule,
    Field(discriminator="rule"),
]


class CatalogItem(_Strict):
    """One government service (事项), or a bundle of them (一件事)."""

    code: str = Field(pattern=r"^[A-Z0-9-]{3,40}$")
    name: LocalizedText
    department: LocalizedText
    audience: Audience
    kind: ItemKind
    includes: list[str] | None = Field(default=None, description="Bundles only: item codes")
    summary: LocalizedText
    guide: list[LocalizedText] = Field(min_length=1)
    eligibility: Eligibility | None = None
    output: Output
    time_limit_days: NonNegativeInt = Field(description="0 means done on the spot")
    materials: list[Material]
    fields: list[FormField] = Field(min_length=1)
    rules: list[Rule]


class Catalog(_Strict):
    """The whole catalog as served by GET /api/v1/catalog."""

    format: Literal["kiosk-catalog/1"]
    version: str = Field(min_length=1, max_length=64)
    items: list[CatalogItem] = Field(min_length=1)
