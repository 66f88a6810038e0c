"""The seed catalog and residents: structure, cross-references and prefill coverage."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reference_platform.catalog_check import (
    catalog_problems,
    prefill_ratio,
    resolve_source,
    source_problem,
)
from reference_platform.catalog_schema import Catalog, CatalogItem, FieldType, ItemKind
from reference_platform.id_numbers import age_on, is_valid_id_number
from reference_platform.seed import SeedError, SeedResident, load_catalog, load_residents
from reference_platform.seed import validate_catalog as validate
from reference_platform.settings import SEED_DIR

PREFILL_TARGET = 0.70
TODAY = date.today()


@pytest.fixture(scope="module")
def raw_catalog() -> dict[str, Any]:
    return load_catalog(SEED_DIR / "catalog.json")[0]


@pytest.fixture(scope="module")
def items(raw_catalog: dict[str, Any]) -> dict[str, CatalogItem]:
    return {item.code: item for item in validate(raw_catalog).items}


@pytest.fixture(scope="module")
def residents() -> list[SeedResident]:
    return load_residents(SEED_DIR / "residents.json")


def _by_name(items: dict[str, CatalogItem], zh: str) -> CatalogItem:
    matches = [item for item in items.values() if item.name.zh_CN.startswith(zh)]
    assert matches, f"no item named {zh}"
    return matches[0]


def test_required_items_exist(items: dict[str, CatalogItem]) -> None:
    assert len(items) >= 13
    for zh in [
        "社保个人缴费情况打印",
        "医保个人账户查询",
        "住房公积金缴存证明打印",
        "个人纳税（完税）证明打印",
        "居住证签注",
        "就医记录册补发",
        "老年综合津贴申请",
        "灵活就业登记",
        "离线随申码打印",
        "出生一件事",
        "单位社保缴费证明打印",
        "企业职工参保登记",
    ]:
        _by_name(items, zh)
    assert _by_name(items, "医保个人账户查询").kind is ItemKind.query
    elder_allowance = _by_name(items, "老年综合津贴申请")
    assert elder_allowance.eligibility is not None and elder_allowance.eligibility.min_age == 65
    offline_code = _by_name(items, "离线随申码打印")
    assert offline_code.output.value == "offline_code"
    assert offline_code.eligibility is not None
    assert {c.value for c in offline_code.eligibility.categories or []} == {
        "elder",
        "minor",
        "disabled",
    }
    assert sum(item.audience.value == "enterprise" for item in items.values()) >= 2


def test_bundle_includes_exist_and_are_not_bundles(items: dict[str, CatalogItem]) -> None:
    bundle = _by_name(items, "出生一件事")
    assert bundle.kind is ItemKind.bundle
    assert bundle.includes and len(bundle.includes) >= 3
    for item in items.values():
        for code in item.includes or []:
            assert code in items
            assert items[code].kind is not ItemKind.bundle


def test_seed_catalog_has_no_cross_reference_problems(raw_catalog: dict[str, Any]) -> None:
    assert catalog_problems(validate(raw_catalog)) == []


def test_every_prefill_source_and_rule_source_is_well_formed(
    items: dict[str, CatalogItem],
) -> None:
    for item in items.values():
        for field in item.fields:
            for source in field.prefill:
                assert source_problem(source) is None, (item.code, field.key, source)
        if any(f.key == "id_number" for f in item.fields):
            id_field = next(f for f in item.fields if f.key == "id_number")
            assert id_field.prefill[0] == "identity.id_number" and id_field.editable is False


def _eligible(item: CatalogItem, resident: SeedResident) -> bool:
    rule = item.eligibility
    if rule is None:
        return True
    age = age_on(resident.birth_date, TODAY)
    if rule.min_age is not None and age < rule.min_age:
        return False
    if rule.max_age is not None and age > rule.max_age:
        return False
    return rule.categories is None or resident.category.value in {c.value for c in rule.categories}


def test_every_item_reaches_the_prefill_target_for_some_eligible_resident(
    items: dict[str, CatalogItem], residents: list[SeedResident]
) -> None:
    for item in items.values():
        best = max(
            (
                prefill_ratio(item, r.identity(), r.records, r.history, TODAY)
                for r in residents
                if _eligible(item, r)
            ),
            default=0.0,
        )
        assert best >= PREFILL_TARGET, f"{item.code} prefills only {best:.0%}"


def test_prefilled_choice_values_are_valid_choices(
    items: dict[str, CatalogItem], residents: list[SeedResident]
) -> None:
    for item in items.values():
        for field in item.fields:
            if field.type is not FieldType.choice:
                continue
            allowed = {c.value for c in field.choices or []}
            for r in residents:
                for source in field.prefill:
                    value = resolve_source(source, r.identity(), r.records, r.history, TODAY)
                    assert value is None or value in allowed, (item.code, field.key, r.name, value)


def test_checker_catches_broken_catalogs(raw_catalog: dict[str, Any]) -> None:
    broken = copy.deepcopy(raw_catalog)
    bundle = next(i for i in broken["items"] if i["kind"] == "bundle")
    bundle["includes"].append("NO-SUCH-ITEM")
    broken["items"][0]["fields"][0]["prefill"] = ["identity.shoe_size"]
    problems = catalog_problems(Catalog.model_validate(broken))
    assert any("NO-SUCH-ITEM" in p for p in problems)
    assert any("shoe_size" in p for p in problems)
    with pytest.raises(SeedError):
        validate(broken)

    missing_en = copy.deepcopy(raw_catalog)
    del missing_en["items"][0]["name"]["en"]
    with pytest.raises(SeedError):
        validate(missing_en)


def test_prefill_ratio_counts_only_resolvable_sources(items: dict[str, CatalogItem]) -> None:
    item = items["SB-JFQK-DY"]
    nobody = prefill_ratio(item, {}, {}, {}, TODAY)
    # Only derived.today resolves for an unknown resident.
    assert nobody == pytest.approx(1 / len(item.fields))


DEMO_RESIDENTS = {
    "310115195105120021": ("王秀英", "F", "1951-05-12", "elder"),
    "310104196809030118": ("李建国", "M", "1968-09-03", "resident"),
    "310105199402180042": ("陈晓婷", "F", "1994-02-18", "resident"),
    "310110198911250033": ("张伟", "M", "1989-11-25", "resident"),
    "310106201007010066": ("赵雨涵", "F", "2010-07-01", "minor"),
    "310107197903140050": ("刘志强", "M", "1979-03-14", "disabled"),
}


def test_demo_residents_are_exactly_as_specified(residents: list[SeedResident]) -> None:
    found = {
        r.id_number: (r.name, r.sex, r.birth_date.isoformat(), r.category.value) for r in residents
    }
    assert found == DEMO_RESIDENTS
    for r in residents:
        assert r.ethnicity == "汉"
        assert "弄" in r.records["residence_address"] and "室" in r.records["residence_address"]
        assert r.records["residence_address"].startswith("上海市")
        assert len(r.records["phone"]) == 11 and r.records["phone"].startswith("1")
        for key in ("spouse_id_number", "guardian_id_number"):
            if key in r.records:
                assert is_valid_id_number(r.records[key])
    by_name = {r.name: r for r in residents}
    assert "浦东新区" in by_name["王秀英"].records["residence_address"]
    assert any(lic.type == "hukou_booklet" for lic in by_name["王秀英"].licences)
    assert by_name["王秀英"].records["phone"] == "13917650321"
    assert by_name["陈晓婷"].records["spouse_name"] == "周明"
    assert by_name["陈晓婷"].records["spouse_id_number"][6:10] == "1992"
    assert by_name["刘志强"].records["disability_cert_no"].startswith("310107197903140050")


def test_residents_with_wrong_checksum_are_refused(tmp_path: Path) -> None:
    text = (SEED_DIR / "residents.json").read_text(encoding="utf-8")
    bad = tmp_path / "residents.json"
    bad.write_text(text.replace("310115195105120021", "310115195105120022", 1), encoding="utf-8")
    with pytest.raises(SeedError):
        load_residents(bad)
