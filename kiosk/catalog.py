"""The service catalog: what the kiosk offers, parsed strictly.

The platform is trusted only after its signature checks out, and even then a
catalog that breaks `docs/catalog-format.md` is refused as a whole: a kiosk
showing half a form is worse than one showing yesterday's catalog.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

FORMAT_NAME = "kiosk-catalog/1"
_CODE = re.compile(r"^[A-Z0-9-]{3,40}$")
_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_SOURCE = re.compile(r"^(identity|records|history|derived)\.[a-z][a-z0-9_]*$")
IDENTITY_ATTRIBUTES = frozenset(
    {"name", "sex", "ethnicity", "birth_date", "address", "id_number", "id_valid_to"}
)
DERIVED_ATTRIBUTES = frozenset({"today"})


class CatalogFormatError(ValueError):
    """The catalog breaks the format; the message says where and why."""


class Audience(StrEnum):
    PERSONAL = "personal"
    ENTERPRISE = "enterprise"


class ItemKind(StrEnum):
    PRINT_RECORD = "print_record"
    QUERY = "query"
    APPLY = "apply"
    BUNDLE = "bundle"


class ItemOutput(StrEnum):
    RECEIPT = "receipt"
    CERTIFICATE = "certificate"
    OFFLINE_CODE = "offline_code"


class FieldType(StrEnum):
    TEXT = "text"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    DATE = "date"
    POSTCODE = "postcode"
    BANK_ACCOUNT = "bank_account"
    NUMBER = "number"
    CHOICE = "choice"
    ADDRESS = "address"


@dataclass(frozen=True)
class LocalizedText:
    zh_CN: str
    en: str

    def in_language(self, language: str) -> str:
        return self.en if language == "en" else self.zh_CN


@dataclass(frozen=True)
class Choice:
    value: str
    label: LocalizedText


@dataclass(frozen=True)
class FormField:
    key: str
    label: LocalizedText
    type: FieldType
    required: bool
    prefill: tuple[str, ...]
    choices: tuple[Choice, ...] = ()
    editable: bool = True
    sensitive: bool = False
    max_length: int | None = None


@dataclass(frozen=True)
class Material:
    code: str
    name: LocalizedText
    required: bool
    e_licence: str | None = None


@dataclass(frozen=True)
class Rule:
    rule: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Eligibility:
    min_age: int | None = None
    max_age: int | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceItem:
    code: str
    name: LocalizedText
    department: LocalizedText
    audience: Audience
    kind: ItemKind
    summary: LocalizedText
    guide: tuple[LocalizedText, ...]
    output: ItemOutput
    time_limit_days: int
    materials: tuple[Material, ...]
    fields: tuple[FormField, ...]
    rules: tuple[Rule, ...]
    eligibility: Eligibility | None = None
    includes: tuple[str, ...] = ()

    def field(self, key: str) -> FormField:
        for form_field in self.fields:
            if form_field.key == key:
                return form_field
        raise KeyError(key)


@dataclass(frozen=True)
class Catalog:
    version: str
    items: tuple[ServiceItem, ...]

    def item(self, code: str) -> ServiceItem:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def for_audience(self, audience: Audience) -> list[ServiceItem]:
        return [item for item in self.items if item.audience == audience]


_RULE_KEYS: dict[str, dict[str, type]] = {
    "equals": {"field": str, "source": str},
    "date_order": {"earlier": str, "later": str},
    "date_not_future": {"field": str},
    "one_of_required": {"fields": list},
    "age_at_least": {"years": int},
    "age_at_most": {"years": int},
}


class _Reader:
    """Walks the JSON with a path so every refusal names its place."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, message: str) -> CatalogFormatError:
        return CatalogFormatError(f"{self.path}: {message}")

    def get(self, obj: Any, key: str, kind: type | tuple[type, ...], required: bool = True) -> Any:
        if not isinstance(obj, dict):
            raise self.fail("expected an object")
        if key not in obj:
            if required:
                raise self.fail(f"missing '{key}'")
            return None
        value = obj[key]
        # bool is an int in Python; a catalog saying "years": true is wrong.
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(f"'{key}' has the wrong type")
        if not isinstance(value, kind):
            raise self.fail(f"'{key}' has the wrong type")
        return value

    def text(self, obj: Any, key: str, required: bool = True) -> LocalizedText | None:
        value = self.get(obj, key, dict, required)
        if value is None:
            return None
        sub = _Reader(f"{self.path}.{key}")
        zh, en = sub.get(value, "zh_CN", str), sub.get(value, "en", str)
        if not zh.strip() or not en.strip():
            raise sub.fail("empty text")
        return LocalizedText(zh, en)

    def enum(self, obj: Any, key: str, enum_type: type[StrEnum]) -> Any:
        value = self.get(obj, key, str)
        try:
            return enum_type(value)
        except ValueError:
            raise self.fail(f"'{key}' is not one of {[e.value for e in enum_type]}") from None


def _parse_source(reader: _Reader, source: str) -> str:
    if not _SOURCE.match(source):
        raise reader.fail(f"prefill source '{source}' is malformed")
    scope, attribute = source.split(".", 1)
    if scope == "identity" and attribute not in IDENTITY_ATTRIBUTES:
        raise reader.fail(f"unknown identity attribute '{attribute}'")
    if scope == "derived" and attribute not in DERIVED_ATTRIBUTES:
        raise reader.fail(f"unknown derived value '{attribute}'")
    return source


def _parse_field(reader: _Reader, raw: Any) -> FormField:
    key = reader.get(raw, "key", str)
    if not _FIELD_KEY.match(key):
        raise reader.fail(f"field key '{key}' is malformed")
    field_type = reader.enum(raw, "type", FieldType)
    prefill = reader.get(raw, "prefill", list, required=False) or []
    if not all(isinstance(source, str) for source in prefill):
        raise reader.fail("prefill sources must be strings")
    choices: list[Choice] = []
    if field_type is FieldType.CHOICE:
        raw_choices = reader.get(raw, "choices", list)
        if not raw_choices:
            raise reader.fail("a choice field needs choices")
        for index, raw_choice in enumerate(raw_choices):
            sub = _Reader(f"{reader.path}.choices[{index}]")
            choices.append(Choice(sub.get(raw_choice, "value", str), sub.text(raw_choice, "label")))
    editable = reader.get(raw, "editable", bool, required=False)
    sensitive = reader.get(raw, "sensitive", bool, required=False)
    max_length = reader.get(raw, "max_length", int, required=False)
    if max_length is not None and max_length < 1:
        raise reader.fail("max_length must be positive")
    return FormField(
        key=key,
        label=reader.text(raw, "label"),
        type=field_type,
        required=reader.get(raw, "required", bool),
        prefill=tuple(_parse_source(reader, source) for source in prefill),
        choices=tuple(choices),
        editable=True if editable is None else editable,
        sensitive=bool(sensitive),
        max_length=max_length,
    )


def _parse_rule(reader: _Reader, raw: Any, field_keys: set[str]) -> Rule:
    name = reader.get(raw, "rule", str)
    if name not in _RULE_KEYS:
        raise reader.fail(f"unknown rule '{name}'")
    params = {key: reader.get(raw, key, kind) for key, kind in _RULE_KEYS[name].items()}
    named = [params[k] for k in ("field", "earlier", "later") if k in params]
    named += params.get("fields", [])
    for key in named:
        if key not in field_keys:
            raise reader.fail(f"rule '{name}' names unknown field '{key}'")
    if "source" in params:
        _parse_source(reader, params["source"])
    return Rule(name, params)


def _parse_item(reader: _Reader, raw: Any) -> ServiceItem:
    code = reader.get(raw, "code", str)
    if not _CODE.match(code):
        raise reader.fail(f"item code '{code}' is malformed")
    reader = _Reader(f"items[{code}]")
    kind = reader.enum(raw, "kind", ItemKind)

    fields: list[FormField] = []
    for index, raw_field in enumerate(reader.get(raw, "fields", list)):
        fields.append(_parse_field(_Reader(f"{reader.path}.fields[{index}]"), raw_field))
    if not fields:
        raise reader.fail("an item needs at least one field")
    keys = [f.key for f in fields]
    if len(set(keys)) != len(keys):
        raise reader.fail("duplicate field keys")

    materials: list[Material] = []
    for index, raw_material in enumerate(reader.get(raw, "materials", list)):
        sub = _Reader(f"{reader.path}.materials[{index}]")
        materials.append(
            Material(
                code=sub.get(raw_material, "code", str),
                name=sub.text(raw_material, "name"),
                required=sub.get(raw_material, "required", bool),
                e_licence=sub.get(raw_material, "e_licence", str, required=False),
            )
        )
    if len({m.code for m in materials}) != len(materials):
        raise reader.fail("duplicate material codes")

    rules = tuple(
        _parse_rule(_Reader(f"{reader.path}.rules[{index}]"), raw_rule, set(keys))
        for index, raw_rule in enumerate(reader.get(raw, "rules", list))
    )
    eligibility = None
    raw_eligibility = reader.get(raw, "eligibility", dict, required=False)
    if raw_eligibility is not None:
        sub = _Reader(f"{reader.path}.eligibility")
        categories = sub.get(raw_eligibility, "categories", list, required=False) or []
        eligibility = Eligibility(
            min_age=sub.get(raw_eligibility, "min_age", int, required=False),
            max_age=sub.get(raw_eligibility, "max_age", int, required=False),
            categories=tuple(str(c) for c in categories),
        )
    includes = tuple(reader.get(raw, "includes", list, required=False) or ())
    if kind is ItemKind.BUNDLE and not includes:
        raise reader.fail("a bundle must include items")
    if kind is not ItemKind.BUNDLE and includes:
        raise reader.fail("only a bundle includes items")
    time_limit = reader.get(raw, "time_limit_days", int)
    if time_limit < 0:
        raise reader.fail("time_limit_days is negative")
    guide = tuple(
        _Reader(f"{reader.path}.guide").text({"step": step}, "step")
        for step in reader.get(raw, "guide", list)
    )
    return ServiceItem(
        code=code,
        name=reader.text(raw, "name"),
        department=reader.text(raw, "department"),
        audience=reader.enum(raw, "audience", Audience),
        kind=kind,
        summary=reader.text(raw, "summary"),
        guide=guide,
        output=reader.enum(raw, "output", ItemOutput),
        time_limit_days=time_limit,
        materials=tuple(materials),
        fields=tuple(fields),
        rules=rules,
        eligibility=eligibility,
        includes=includes,
    )


def parse_catalog(body: bytes) -> Catalog:
    """Parse and check a catalog document; raise CatalogFormatError on any fault."""
    try:
        raw = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogFormatError(f"not JSON: {exc}") from None
    reader = _Reader("catalog")
    if reader.get(raw, "format", str) != FORMAT_NAME:
        raise reader.fail(f"format is not {FORMAT_NAME}")
    version = reader.get(raw, "version", str)
    items = []
    for index, raw_item in enumerate(reader.get(raw, "items", list)):
        items.append(_parse_item(_Reader(f"items[{index}]"), raw_item))
    if not items:
        raise reader.fail("the catalog has no items")
    codes = [item.code for item in items]
    if len(set(codes)) != len(codes):
        raise reader.fail("duplicate item codes")
    by_code = {item.code: item for item in items}
    for item in items:
        for included in item.includes:
            target = by_code.get(included)
            if target is None or target.kind is ItemKind.BUNDLE:
                raise reader.fail(f"bundle {item.code} includes '{included}', not a plain item")
    return Catalog(version=version, items=tuple(items))
