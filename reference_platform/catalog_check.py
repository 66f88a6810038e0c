"""Cross-reference checks of a catalog, and how much of a form a resident gets prefilled.

Shape and types are enforced by catalog_schema; this module checks what a
schema cannot: references between items, fields, rules and SOURCE strings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from .catalog_schema import (
    Catalog,
    CatalogItem,
    DateNotFutureRule,
    DateOrderRule,
    EqualsRule,
    FieldType,
    FormField,
    ItemKind,
    OneOfRequiredRule,
)

IDENTITY_ATTRS = frozenset(
    {"name", "sex", "ethnicity", "birth_date", "address", "id_number", "id_valid_to"}
)
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def source_problem(source: str) -> str | None:
    """Why a SOURCE string is malformed, or None when it is well-formed."""
    if source == "derived.today":
        return None
    namespace, dot, attr = source.partition(".")
    if not dot:
        return f"source {source!r} has no namespace"
    if namespace == "identity":
        return None if attr in IDENTITY_ATTRS else f"unknown identity attribute in {source!r}"
    if namespace in ("records", "history"):
        return None if _KEY.match(attr) else f"malformed attribute in {source!r}"
    return f"unknown source namespace in {source!r}"


def catalog_problems(catalog: Catalog) -> list[str]:
    """Every cross-reference problem in the catalog; empty when it is sound."""
    problems: list[str] = []
    by_code: dict[str, CatalogItem] = {}
    for item in catalog.items:
        if item.code in by_code:
            problems.append(f"duplicate item code {item.code}")
        by_code[item.code] = item
    for item in catalog.items:
        problems.extend(f"{item.code}: {p}" for p in _item_problems(item, by_code))
    return problems


def _item_problems(item: CatalogItem, by_code: Mapping[str, CatalogItem]) -> list[str]:
    problems: list[str] = []
    if item.kind is ItemKind.bundle:
        if not item.includes:
            problems.append("a bundle must list the items it includes")
        for code in item.includes or []:
            included = by_code.get(code)
            if included is None:
                problems.append(f"includes unknown item {code}")
            elif included.kind is ItemKind.bundle:
                problems.append(f"includes another bundle {code}")
    elif item.includes is not None:
        problems.append("only bundles may have includes")

    material_codes = [m.code for m in item.materials]
    if len(set(material_codes)) != len(material_codes):
        problems.append("duplicate material code")

    fields = {f.key: f for f in item.fields}
    if len(fields) != len(item.fields):
        problems.append("duplicate field key")
    for f in item.fields:
        problems.extend(f"field {f.key}: {p}" for p in _field_problems(f))

    elig = item.eligibility
    if elig and elig.min_age is not None and elig.max_age is not None:
        if elig.min_age > elig.max_age:
            problems.append("eligibility min_age exceeds max_age")

    for rule in item.rules:
        problems.extend(f"rule {rule.rule}: {p}" for p in _rule_problems(rule, fields))
    return problems


def _field_problems(f: FormField) -> list[str]:
    problems = [p for s in f.prefill if (p := source_problem(s))]
    if f.type is FieldType.choice:
        if not f.choices:
            problems.append("choice field without choices")
        elif len({c.value for c in f.choices}) != len(f.choices):
            problems.append("duplicate choice value")
    elif f.choices is not None:
        problems.append("choices on a non-choice field")
    return problems


def _rule_problems(rule: object, fields: Mapping[str, FormField]) -> list[str]:
    def need(key: str, date_only: bool = False) -> list[str]:
        if key not in fields:
            return [f"unknown field {key}"]
        if date_only and fields[key].type is not FieldType.date:
            return [f"field {key} is not a date"]
        return []

    if isinstance(rule, EqualsRule):
        problem = source_problem(rule.source)
        return need(rule.field) + ([problem] if problem else [])
    if isinstance(rule, DateOrderRule):
        return need(rule.earlier, True) + need(rule.later, True)
    if isinstance(rule, DateNotFutureRule):
        return need(rule.field, True)
    if isinstance(rule, OneOfRequiredRule):
        return [p for key in rule.fields for p in need(key)]
    return []


def resolve_source(
    source: str,
    identity: Mapping[str, str],
    records: Mapping[str, str],
    history: Mapping[str, str],
    today: date,
) -> str | None:
    """The value a SOURCE string yields for a resident, or None when it yields nothing."""
    if source == "derived.today":
        return today.isoformat()
    namespace, _, attr = source.partition(".")
    pool = {"identity": identity, "records": records, "history": history}.get(namespace, {})
    value = pool.get(attr)
    return str(value) if value not in (None, "") else None


def prefill_ratio(
    item: CatalogItem,
    identity: Mapping[str, str],
    records: Mapping[str, str],
    history: Mapping[str, str],
    today: date,
) -> float:
    """Share of the item's fields that some prefill source fills for this resident."""
    filled = sum(
        1
        for f in item.fields
        if any(resolve_source(s, identity, records, history, today) for s in f.prefill)
    )
    return filled / len(item.fields)
