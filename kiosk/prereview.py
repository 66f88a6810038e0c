"""Pre-review (智能预审): the checks a counter clerk would make, before submit.

Findings are named values; the UI turns each into a sentence a resident
understands, in their language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.catalog import Eligibility, FieldType, Rule, ServiceItem
from kiosk.field_formats import format_ok, parse_date
from kiosk.forms import FormState, PrefillSources


class PrereviewProblem(StrEnum):
    MISSING_VALUE = "missing_value"
    BAD_FORMAT = "bad_format"
    NOT_A_CHOICE = "not_a_choice"
    TOO_LONG = "too_long"
    MISMATCH = "mismatch"
    DATE_ORDER = "date_order"
    DATE_IN_FUTURE = "date_in_future"
    ONE_OF_REQUIRED = "one_of_required"
    TOO_YOUNG = "too_young"
    TOO_OLD = "too_old"
    NOT_IN_CATEGORY = "not_in_category"
    MATERIAL_MISSING = "material_missing"


@dataclass(frozen=True)
class Finding:
    problem: PrereviewProblem
    field_key: str | None = None
    material_code: str | None = None
    field_type: FieldType | None = None
    params: dict = field(default_factory=dict)


def _field_findings(item: ServiceItem, form: FormState) -> list[Finding]:
    findings = []
    for form_field in item.fields:
        value = form.value(form_field.key)
        if not value:
            if form_field.required:
                findings.append(Finding(PrereviewProblem.MISSING_VALUE, form_field.key))
            continue
        if form_field.max_length is not None and len(value) > form_field.max_length:
            findings.append(
                Finding(
                    PrereviewProblem.TOO_LONG,
                    form_field.key,
                    params={"max_length": form_field.max_length},
                )
            )
        elif form_field.type is FieldType.CHOICE:
            if value not in {choice.value for choice in form_field.choices}:
                findings.append(Finding(PrereviewProblem.NOT_A_CHOICE, form_field.key))
        elif not format_ok(form_field.type, value):
            findings.append(
                Finding(PrereviewProblem.BAD_FORMAT, form_field.key, field_type=form_field.type)
            )
    return findings


def _rule_findings(
    rule: Rule, form: FormState, sources: PrefillSources, today: dt.date
) -> list[Finding]:
    params = rule.params
    match rule.rule:
        case "equals":
            value, expected = form.value(params["field"]), sources.lookup(params["source"])
            if value and expected and value.upper() != expected.upper():
                return [Finding(PrereviewProblem.MISMATCH, params["field"], params=dict(params))]
        case "date_order":
            earlier = parse_date(form.value(params["earlier"]))
            later = parse_date(form.value(params["later"]))
            if earlier and later and earlier > later:
                return [Finding(PrereviewProblem.DATE_ORDER, params["later"], params=dict(params))]
        case "date_not_future":
            date = parse_date(form.value(params["field"]))
            if date and date > today:
                return [Finding(PrereviewProblem.DATE_IN_FUTURE, params["field"])]
        case "one_of_required":
            if not any(form.value(key) for key in params["fields"]):
                return [
                    Finding(PrereviewProblem.ONE_OF_REQUIRED, params["fields"][0], params=dict(params))
                ]
        case "age_at_least" | "age_at_most":
            identity = sources.identity
            if identity is None:
                return []
            age = identity.age_on(today)
            if rule.rule == "age_at_least" and age < params["years"]:
                return [Finding(PrereviewProblem.TOO_YOUNG, params={"years": params["years"]})]
            if rule.rule == "age_at_most" and age > params["years"]:
                return [Finding(PrereviewProblem.TOO_OLD, params={"years": params["years"]})]
    return []


def eligibility_findings(
    eligibility: Eligibility | None, sources: PrefillSources, category: str | None
) -> list[Finding]:
    """Who may use an item at all; checked before the form opens."""
    if eligibility is None or sources.identity is None:
        return []
    findings = []
    age = sources.identity.age_on(sources.today)
    if eligibility.categories:
        # Age alone qualifies for the elder/minor categories even when the
        # platform's records were unreachable.
        derived = {"elder"} if age >= 60 else {"minor"} if age < 18 else set()
        held = derived | ({category} if category else set())
        if not held & set(eligibility.categories):
            findings.append(
                Finding(
                    PrereviewProblem.NOT_IN_CATEGORY,
                    params={"categories": list(eligibility.categories)},
                )
            )
    if eligibility.min_age is not None and age < eligibility.min_age:
        findings.append(Finding(PrereviewProblem.TOO_YOUNG, params={"years": eligibility.min_age}))
    if eligibility.max_age is not None and age > eligibility.max_age:
        findings.append(Finding(PrereviewProblem.TOO_OLD, params={"years": eligibility.max_age}))
    return findings


def material_findings(
    item: ServiceItem, captured: set[str], licences: set[str]
) -> list[Finding]:
    return [
        Finding(PrereviewProblem.MATERIAL_MISSING, material_code=material.code)
        for material in item.materials
        if material.required
        and material.code not in captured
        and not (material.e_licence and material.e_licence in licences)
    ]


def prereview(
    item: ServiceItem,
    form: FormState,
    sources: PrefillSources,
    captured_materials: set[str],
    licences: set[str],
    category: str | None = None,
) -> list[Finding]:
    """All findings, in the order the form shows them; empty means ready to submit."""
    findings = eligibility_findings(item.eligibility, sources, category)
    findings += _field_findings(item, form)
    for rule in item.rules:
        findings += _rule_findings(rule, form, sources, sources.today)
    findings += material_findings(item, captured_materials, licences)
    return findings
