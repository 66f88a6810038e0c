import base64
import json

import cv2
import numpy as np

from kiosk.forms import PrefillSources, prefill_form
from kiosk.screen_mirror import (
    THUMBNAIL_MAX_PX,
    ScreenMirror,
    mask_address,
    mask_bank_card,
)
from kiosk.session import CapturedMaterial, ResidentSession, SessionState, SubmissionReceipt
from tests.core.catalog_fixtures import TODAY, identity_of, seed_catalog, seed_residents

ITEM = "LN-ZHJT-SQ"


def _session(state: SessionState = SessionState.FORM) -> ResidentSession:
    resident = next(r for r in seed_residents() if r["name"] == "王秀英")
    item = seed_catalog().item(ITEM)
    sources = PrefillSources(
        today=TODAY,
        identity=identity_of(resident),
        records={k: str(v) for k, v in resident["records"].items()},
        history={k: str(v) for k, v in resident.get("history", {}).items()},
    )
    session = ResidentSession(state=state, identity=sources.identity)
    session.item = item
    session.form = prefill_form(item, sources)
    return session


def _fields(mirror: dict) -> dict[str, dict]:
    return {entry["key"]: entry for entry in mirror["fields"]}


def test_personal_values_are_masked_by_kind():
    session = _session()
    fields = _fields(ScreenMirror().build(session, title="Check your application form"))
    assert fields["name"]["value"] == "王*英"
    assert fields["id_number"]["value"] == "3101**********0021"
    assert fields["phone"]["value"] == "139****0321"
    assert fields["bank_account"]["value"] == "****8901"
    assert fields["residence_address"]["value"] == "上海市浦东新区****"
    assert all(fields[key]["masked"] for key in ("name", "id_number", "phone", "bank_account"))
    # A bank's name and today's date are not personal data.
    assert fields["bank_name"]["value"] == session.form.value("bank_name")
    assert fields["bank_name"]["masked"] is False
    assert fields["apply_date"]["value"] == TODAY.isoformat()


def test_no_clear_personal_value_anywhere_in_the_mirror():
    session = _session()
    text = json.dumps(ScreenMirror().build(session), ensure_ascii=False)
    for key in ("name", "id_number", "phone", "bank_account", "residence_address"):
        clear = session.form.value(key)
        assert clear and clear not in text, key


def test_the_mirror_names_screen_service_labels_buttons_and_state():
    session = _session()
    session.elderly_mode = True
    mirror = ScreenMirror().build(
        session, title="T", errors={"phone": "phone_format"}, highlighted="phone"
    )
    assert mirror["screen"] == "form"
    assert mirror["step"] == "form"
    assert mirror["service_code"] == ITEM
    assert mirror["service_title"] == session.item.name.zh_CN
    assert mirror["elderly"] is True
    assert mirror["language"] == "zh"
    assert "next" in mirror["buttons"] and "help" in mirror["buttons"]
    phone = _fields(mirror)["phone"]
    assert phone["label"] == session.item.field("phone").label.zh_CN
    assert phone["error"] == "phone_format"
    assert phone["highlighted"] is True
    assert _fields(mirror)["name"]["error"] is None
    assert mirror["submission_ref"] is None


def test_help_screen_reports_the_step_the_resident_came_from():
    session = _session()
    session.go(SessionState.HELP)
    mirror = ScreenMirror().build(session)
    assert (mirror["screen"], mirror["step"]) == ("help", "form")


def test_english_session_mirrors_english_labels():
    session = _session()
    session.language = "en"
    mirror = ScreenMirror().build(session)
    assert mirror["language"] == "en"
    assert _fields(mirror)["phone"]["label"] == session.item.field("phone").label.en


def test_captured_material_carries_a_small_thumbnail():
    session = _session(SessionState.MATERIALS)
    page = np.full((1600, 1200, 3), 255, np.uint8)
    cv2.putText(page, "FORM", (100, 400), cv2.FONT_HERSHEY_SIMPLEX, 8, (0, 0, 0), 20)
    jpeg = cv2.imencode(".jpg", page)[1].tobytes()
    code = session.item.materials[0].code
    session.materials[code] = CapturedMaterial(code, "image/jpeg", jpeg)
    mirror = ScreenMirror().build(session)
    entries = {entry["code"]: entry for entry in mirror["materials"]}
    captured = entries[code]
    assert captured["captured"] is True and captured["pages"] == 1
    thumb = cv2.imdecode(
        np.frombuffer(base64.b64decode(captured["thumbnail_jpeg_b64"]), np.uint8),
        cv2.IMREAD_COLOR,
    )
    assert max(thumb.shape[:2]) <= THUMBNAIL_MAX_PX
    assert thumb.shape[0] > thumb.shape[1]  # the page's proportions are kept
    others = [entry for c, entry in entries.items() if c != code]
    assert all(not entry["captured"] and entry["thumbnail_jpeg_b64"] is None for entry in others)


def test_submission_reference_is_mirrored_after_submit():
    session = _session(SessionState.SUBMITTED)
    session.submission = SubmissionReceipt("SH-1-REF", "1234", "https://x/s", ITEM, "2026")
    assert ScreenMirror().build(session)["submission_ref"] == "SH-1-REF"


def test_an_empty_session_mirrors_just_the_screen():
    mirror = ScreenMirror().build(ResidentSession())
    assert mirror["screen"] == "idle"
    assert mirror["fields"] == [] and mirror["materials"] == []
    assert mirror["service_code"] == ""


def test_clear_value_is_only_for_a_known_field():
    session = _session()
    mirror = ScreenMirror()
    assert mirror.clear_value(session, "phone") == "13917650321"
    assert mirror.clear_value(session, "no_such_field") is None
    assert mirror.clear_value(ResidentSession(), "phone") is None


def test_address_and_bank_card_masks():
    assert mask_address("上海市黄浦区人民大道200号") == "上海市黄浦区****"
    assert mask_address("上海市崇明县城桥镇") == "上海市崇明县****"
    assert "100" not in mask_address("某地某路100号")
    assert mask_bank_card("6228 9200 1234 5678") == "****5678"
