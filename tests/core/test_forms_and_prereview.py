import datetime as dt

import pytest

from kiosk.forms import FieldNotEditable, PrefillSources, prefill_form
from kiosk.prereview import PrereviewProblem, eligibility_findings, prereview
from tests.core.catalog_fixtures import TODAY, identity_of, seed_catalog, seed_residents


def _sources(resident: dict, today: dt.date = TODAY) -> PrefillSources:
    return PrefillSources(
        today=today,
        identity=identity_of(resident),
        records={k: str(v) for k, v in resident["records"].items()},
        history={k: str(v) for k, v in resident.get("history", {}).items()},
    )


def _resident(name: str) -> dict:
    return next(r for r in seed_residents() if r["name"] == name)


def test_every_item_reaches_the_prefill_target_for_some_demo_resident():
    catalog = seed_catalog()
    for item in catalog.items:
        best = max(prefill_form(item, _sources(r)).prefill_ratio for r in seed_residents())
        assert best >= 0.7, f"{item.code} prefills only {best:.0%}"


def test_prefill_records_where_each_value_came_from():
    item = seed_catalog().item("LN-ZHJT-SQ")
    form = prefill_form(item, _sources(_resident("王秀英")))
    assert form.value("name") == "王秀英"
    assert form.source("name") == "identity.name"
    assert form.value("phone") == "13917650321"
    assert form.source("phone").split(".")[0] in ("history", "records")


def test_without_records_only_the_card_prefills():
    item = seed_catalog().item("LN-ZHJT-SQ")
    sources = PrefillSources(today=TODAY, identity=identity_of(_resident("王秀英")))
    form = prefill_form(item, sources)
    assert form.value("phone") == ""
    assert 0 < form.prefill_ratio < 0.7


def test_authoritative_fields_cannot_be_overwritten():
    item = seed_catalog().item("LN-ZHJT-SQ")
    form = prefill_form(item, _sources(_resident("王秀英")))
    with pytest.raises(FieldNotEditable):
        form.set_by_resident("id_number", "310104196809030118")
    assert form.value("id_number") == "310115195105120021"


def test_a_complete_form_passes_and_faults_are_named():
    item = seed_catalog().item("LN-ZHJT-SQ")
    resident = _resident("王秀英")
    sources = _sources(resident)
    form = prefill_form(item, sources)
    licences = {lic["type"] for lic in resident["licences"]}
    captured = {m.code for m in item.materials}
    assert prereview(item, form, sources, captured, licences) == []

    form.set_by_resident("phone", "1391765")
    findings = prereview(item, form, sources, captured, licences)
    assert [(f.problem, f.field_key) for f in findings] == [(PrereviewProblem.BAD_FORMAT, "phone")]

    form.set_by_resident("phone", "")
    findings = prereview(item, form, sources, captured, licences)
    assert [(f.problem, f.field_key) for f in findings] == [(PrereviewProblem.MISSING_VALUE, "phone")]


def test_missing_material_is_found_unless_held_as_e_licence():
    item = seed_catalog().item("LN-ZHJT-SQ")
    resident = _resident("王秀英")
    sources = _sources(resident)
    form = prefill_form(item, sources)
    findings = prereview(item, form, sources, set(), set())
    missing = {f.material_code for f in findings if f.problem is PrereviewProblem.MATERIAL_MISSING}
    required = {m.code for m in item.materials if m.required}
    assert missing == required
    held = {m.e_licence for m in item.materials if m.e_licence}
    findings = prereview(item, form, sources, set(), held)
    missing = {f.material_code for f in findings if f.problem is PrereviewProblem.MATERIAL_MISSING}
    assert missing == {m.code for m in item.materials if m.required and not m.e_licence}


def test_age_eligibility_for_the_senior_allowance():
    item = seed_catalog().item("LN-ZHJT-SQ")
    assert eligibility_findings(item.eligibility, _sources(_resident("王秀英")), "elder") == []
    findings = eligibility_findings(item.eligibility, _sources(_resident("张伟")), "resident")
    assert [f.problem for f in findings] == [PrereviewProblem.TOO_YOUNG]


def test_offline_code_is_for_elder_minor_or_disabled_only():
    item = next(i for i in seed_catalog().items if i.output.value == "offline_code")
    for name, category in (("王秀英", "elder"), ("赵雨涵", "minor"), ("刘志强", "disabled")):
        assert eligibility_findings(item.eligibility, _sources(_resident(name)), category) == []
    findings = eligibility_findings(item.eligibility, _sources(_resident("李建国")), "resident")
    assert [f.problem for f in findings] == [PrereviewProblem.NOT_IN_CATEGORY]


def test_cross_field_rules():
    from kiosk.catalog import Rule
    from kiosk.prereview import _rule_findings

    item = seed_catalog().item("LN-ZHJT-SQ")
    sources = _sources(_resident("王秀英"))
    form = prefill_form(item, sources)
    form.set_by_resident("phone", "13800000000")
    rule = Rule("equals", {"field": "phone", "source": "records.phone"})
    assert [f.problem for f in _rule_findings(rule, form, sources, TODAY)] == [PrereviewProblem.MISMATCH]
