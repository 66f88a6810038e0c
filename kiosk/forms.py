"""Forms built from the catalog and filled from what the government already holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.catalog import FieldType, FormField, ServiceItem
from kiosk.identity import ResidentIdentity


@dataclass
class PrefillSources:
    """Everything a form may be prefilled from, for one resident and one day."""

    today: dt.date
    identity: ResidentIdentity | None = None
    records: dict[str, str] = field(default_factory=dict)
    history: dict[str, str] = field(default_factory=dict)

    def lookup(self, source: str) -> str | None:
        scope, attribute = source.split(".", 1)
        if scope == "identity":
            value = self.identity.attribute(attribute) if self.identity else ""
        elif scope == "records":
            value = self.records.get(attribute, "")
        elif scope == "history":
            value = self.history.get(attribute, "")
        elif scope == "derived" and attribute == "today":
            value = self.today.isoformat()
        else:
            value = ""
        value = "" if value is None else str(value).strip()
        return value or None


@dataclass
class FieldValue:
    value: str
    source: str | None  # the prefill source, or None when the resident typed it


class FieldNotEditable(Exception):
    """The field's value must come from an authoritative source."""


class FormState:
    """The values of one item's form during one session."""

    def __init__(self, item: ServiceItem) -> None:
        self.item = item
        self._values: dict[str, FieldValue] = {}
        self.prefilled_keys: frozenset[str] = frozenset()

    def value(self, key: str) -> str:
        entry = self._values.get(key)
        return entry.value if entry else ""

    def source(self, key: str) -> str | None:
        entry = self._values.get(key)
        return entry.source if entry else None

    def set_by_resident(self, key: str, value: str) -> None:
        form_field = self.item.field(key)
        if not form_field.editable and key in self.prefilled_keys:
            raise FieldNotEditable(key)
        self._values[key] = FieldValue(value.strip(), None)

    @property
    def prefill_ratio(self) -> float:
        """Share of the form's fields that arrived prefilled (platform target ≥ 0.7)."""
        return len(self.prefilled_keys) / len(self.item.fields)

    def as_dict(self) -> dict[str, str]:
        return {f.key: self.value(f.key) for f in self.item.fields}

    def wipe(self) -> None:
        self._values.clear()


def _prefill_value(form_field: FormField, sources: PrefillSources) -> tuple[str, str] | None:
    for source in form_field.prefill:
        value = sources.lookup(source)
        if value is None:
            continue
        if form_field.type is FieldType.CHOICE and value not in {c.value for c in form_field.choices}:
            continue
        return value, source
    return None


def prefill_form(item: ServiceItem, sources: PrefillSources) -> FormState:
    form = FormState(item)
    prefilled = set()
    for form_field in item.fields:
        found = _prefill_value(form_field, sources)
        if found:
            form._values[form_field.key] = FieldValue(*found)
            prefilled.add(form_field.key)
    form.prefilled_keys = frozenset(prefilled)
    return form
