import copy
import json

import pytest

from kiosk.catalog import Audience, CatalogFormatError, ItemKind, parse_catalog
from tests.core.catalog_fixtures import seed_catalog, seed_catalog_bytes

REQUIRED_ITEMS = [
    "社保个人缴费情况打印",
    "医保个人账户查询",
    "公积金缴存证明打印",
    "个人纳税（完税）证明打印",
    "居住证签注",
    "就医记录册补发",
    "老年综合津贴申请",
    "灵活就业登记",
    "离线随申码打印",
    "出生一件事",
]


def test_seed_catalog_is_accepted_and_complete():
    catalog = seed_catalog()
    names = [item.name.zh_CN for item in catalog.items]
    assert len(catalog.items) >= 12
    for wanted in REQUIRED_ITEMS:
        assert any(wanted in name for name in names), wanted
    assert catalog.for_audience(Audience.ENTERPRISE)
    bundle = next(item for item in catalog.items if item.kind is ItemKind.BUNDLE)
    assert len(bundle.includes) >= 2


def _raw():
    return json.loads(seed_catalog_bytes())


def _refused(raw) -> str:
    with pytest.raises(CatalogFormatError) as caught:
        parse_catalog(json.dumps(raw, ensure_ascii=False).encode())
    return str(caught.value)


def test_garbage_is_refused_with_a_reason():
    with pytest.raises(CatalogFormatError, match="not JSON"):
        parse_catalog(b"\x00\xffnot json")
    with pytest.raises(CatalogFormatError, match="expected an object"):
        parse_catalog(b"[1, 2, 3]")


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda raw: raw.update(format="kiosk-catalog/2"), "format"),
        (lambda raw: raw.update(items=[]), "no items"),
        (lambda raw: raw["items"][0].pop("name"), "missing 'name'"),
        (lambda raw: raw["items"][0].update(kind="teleport"), "'kind' is not one of"),
        (lambda raw: raw["items"][0]["fields"][0].update(type="colour"), "'type' is not one of"),
        (lambda raw: raw["items"][0]["fields"][0].update(prefill=["identity.shoe_size"]), "unknown identity attribute"),
        (lambda raw: raw["items"][0]["fields"][0].update(prefill=["gossip"]), "malformed"),
        (lambda raw: raw["items"][0]["fields"][0].update(required="yes"), "wrong type"),
        (lambda raw: raw["items"][0]["name"].update(en=""), "empty text"),
        (lambda raw: raw["items"][1].update(code=raw["items"][0]["code"]), "duplicate item codes"),
        (lambda raw: raw["items"][0].update(rules=[{"rule": "equals", "field": "nope", "source": "identity.name"}]), "unknown field"),
        (lambda raw: raw["items"][0].update(rules=[{"rule": "age_at_least", "years": True}]), "wrong type"),
        (lambda raw: raw["items"][0].update(time_limit_days=-1), "negative"),
    ],
)
def test_each_fault_is_refused_and_named(mutate, reason):
    raw = copy.deepcopy(_raw())
    mutate(raw)
    assert reason in _refused(raw)


def test_bundle_must_include_existing_plain_items():
    raw = _raw()
    bundle = next(item for item in raw["items"] if item["kind"] == "bundle")
    bundle["includes"] = ["NO-SUCH-ITEM"]
    assert "not a plain item" in _refused(raw)
