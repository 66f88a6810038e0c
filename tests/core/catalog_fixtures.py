"""The platform's seed data, read the way the kiosk reads it."""

import datetime as dt
import json
from pathlib import Path

from kiosk.catalog import parse_catalog
from kiosk.identity import IdentificationMethod, ResidentIdentity

SEED = Path(__file__).resolve().parents[2] / "reference_platform" / "seed"
TODAY = dt.date(2026, 11, 30)


def seed_catalog_bytes() -> bytes:
    return (SEED / "catalog.json").read_bytes()


def seed_catalog():
    return parse_catalog(seed_catalog_bytes())


def seed_residents() -> list[dict]:
    return json.loads((SEED / "residents.json").read_text(encoding="utf-8"))["residents"]


def identity_of(resident: dict) -> ResidentIdentity:
    card = resident.get("id_card", {})
    valid_to = card.get("valid_to", "")
    return ResidentIdentity(
        method=IdentificationMethod.ID_CARD,
        name=resident["name"],
        id_number=resident["id_number"],
        sex=resident["sex"],
        ethnicity=resident.get("ethnicity", ""),
        birth_date=resident["birth_date"],
        address=card.get("address", ""),
        id_valid_to="" if valid_to == "长期" else valid_to,
    )
