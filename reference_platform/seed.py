"""Loading the seed catalog and the demo residents' government-held records."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .catalog_check import catalog_problems
from .catalog_schema import Catalog
from .id_numbers import birth_date_of, is_valid_id_number


class SeedError(ValueError):
    """The seed data is unusable; the platform refuses to start with it."""


class Category(StrEnum):
    resident = "resident"
    elder = "elder"
    minor = "minor"
    disabled = "disabled"


class Licence(BaseModel):
    """An electronic licence (电子证照) the platform holds for a resident."""

    type: str = Field(description="Licence type, e.g. hukou_booklet")
    number: str
    issuer: str


class IdCard(BaseModel):
    """What the resident's ID card carries beyond the top-level attributes."""

    model_config = ConfigDict(extra="forbid")

    address: str
    issuer: str
    valid_from: date
    valid_to: str = Field(description="YYYY-MM-DD, or 长期 for a card without end date")


class SeedResident(BaseModel):
    """One demo resident and everything the platform holds about them."""

    model_config = ConfigDict(extra="forbid")

    id_number: str
    name: str
    sex: str = Field(pattern="^[MF]$")
    ethnicity: str
    birth_date: date
    category: Category
    id_card: IdCard
    records: dict[str, str]
    licences: list[Licence]
    history: dict[str, str]

    @model_validator(mode="after")
    def _consistent_with_id_number(self) -> SeedResident:
        if not is_valid_id_number(self.id_number):
            raise ValueError(f"{self.id_number} fails the GB 11643 checksum")
        if birth_date_of(self.id_number) != self.birth_date:
            raise ValueError(f"{self.id_number}: birth date differs from the ID number")
        # GB 11643: the 17th digit is odd for men, even for women.
        if (int(self.id_number[16]) % 2 == 1) != (self.sex == "M"):
            raise ValueError(f"{self.id_number}: sex differs from the ID number")
        return self

    def identity(self) -> dict[str, str]:
        """The identity.* attributes a kiosk reads from this resident's ID card."""
        return {
            "name": self.name,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "birth_date": self.birth_date.isoformat(),
            "address": self.id_card.address,
            "id_number": self.id_number,
            "id_valid_to": self.id_card.valid_to,
        }


class ResidentsFile(BaseModel):
    format: str = Field(pattern="^reference-residents/1$")
    residents: list[SeedResident]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SeedError(f"cannot read {path}: {exc}") from exc


def validate_catalog(raw: Any) -> Catalog:
    """Parse and cross-check a catalog document; raise SeedError if it is not servable."""
    try:
        catalog = Catalog.model_validate(raw)
    except ValueError as exc:
        raise SeedError(f"catalog does not follow kiosk-catalog/1: {exc}") from exc
    problems = catalog_problems(catalog)
    if problems:
        raise SeedError("catalog problems: " + "; ".join(problems))
    return catalog


def load_catalog(path: Path) -> tuple[dict[str, Any], Catalog]:
    """The catalog as authored (served as-is) and its parsed form."""
    raw = _read_json(path)
    return raw, validate_catalog(raw)


def load_residents(path: Path) -> list[SeedResident]:
    try:
        residents = ResidentsFile.model_validate(_read_json(path)).residents
    except ValueError as exc:
        raise SeedError(f"residents file {path} is invalid: {exc}") from exc
    ids = [r.id_number for r in residents]
    if len(set(ids)) != len(ids):
        raise SeedError("duplicate resident id_number")
    return residents
