"""The anchor, the signed trust list and revocation documents, rotation and revocation."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reference_platform import EmbeddedPlatform, PlatformSettings

from .payloads import KIOSK_ID, LI, WANG, ZHAO, FakeClock
from .sc1 import ALG_ES256, ALG_SM2, CLAIM_SSC, decode_qr, sign1, verifying_entries
from .suishen_calls import admin, anchor_spki, demo_code, issued, revocations, trust_list

DAY = 24 * 3600
SM2_CURVE_OID = bytes.fromhex("06082a811ccf5501822d")  # 1.2.156.10197.1.301
P256_CURVE_OID = bytes.fromhex("06082a8648ce3d030107")  # 1.2.840.10045.3.1.7
VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "testvectors" / "suishen"


def kiosk_client(platform: EmbeddedPlatform) -> httpx.Client:
    return httpx.Client(base_url=platform.url, headers={"X-Kiosk-Id": KIOSK_ID}, timeout=10)


@pytest.fixture
def own_platform(tmp_path: Path) -> Iterator[EmbeddedPlatform]:
    """A platform of its own, for tests that rotate keys."""
    with EmbeddedPlatform(PlatformSettings(data_dir=tmp_path)) as running:
        yield running


def test_anchor_is_served_for_pinning_and_signs_both_documents(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    body = client.get("/api/v1/suishen/anchor").json()
    spki = bytes.fromhex(body["spki"])
    assert body["alg"] == "SM2" and body["cose_alg"] == ALG_SM2
    assert body["spki"] == platform.trust_anchor_spki_hex
    assert SM2_CURVE_OID in spki
    kid = hashlib.sha256(spki).digest()[:8]
    assert body["kid"] == kid.hex()
    for path in ("/api/v1/suishen/trust-list", "/api/v1/suishen/revocations"):
        document = sign1(client.get(path).content)
        assert document.tag == 18
        assert document.protected == {1: ALG_SM2, 4: kid}
    key_file = platform.settings.data_dir / "suishen_anchor_key.sm2"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_trust_list_lists_both_algorithms_per_spec(client: httpx.Client) -> None:
    payload = trust_list(client).payload
    assert list(payload) == ["exp", "iat", "seq", "keys"]  # deterministic order
    assert all(type(payload[k]) is int for k in ("seq", "iat", "exp"))
    assert payload["exp"] - payload["iat"] == 7 * DAY
    assert {entry["alg"] for entry in payload["keys"]} >= {ALG_SM2, ALG_ES256}
    for entry in payload["keys"]:
        assert set(entry) <= {"kid", "alg", "spki", "nbf", "exp", "cats"}
        assert {"kid", "alg", "spki", "nbf", "exp"} <= set(entry)
        assert entry["kid"] == hashlib.sha256(entry["spki"]).digest()[:8]
        curve = SM2_CURVE_OID if entry["alg"] == ALG_SM2 else P256_CURVE_OID
        assert curve in entry["spki"]
        assert type(entry["nbf"]) is int and entry["nbf"] < entry["exp"]


@pytest.mark.skipif(not VECTORS.is_dir(), reason=f"public SC1 vectors not at {VECTORS}")
def test_layout_matches_the_public_conformance_vectors(client: httpx.Client) -> None:
    case = json.loads((VECTORS / "S-VALID-SM2.json").read_text())

    def shape(value: object) -> object:
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return sorted({repr(shape(v)) for v in value})
        return type(value).__name__

    theirs = sign1(bytes.fromhex(case["trust_list"]))
    ours = trust_list(client)
    assert theirs.tag == ours.tag and set(theirs.protected) == set(ours.protected)
    assert set(theirs.payload) == set(ours.payload)
    their_entry = next(e for e in theirs.payload["keys"] if "cats" not in e)
    our_entry = next(e for e in ours.payload["keys"] if "cats" not in e)
    assert shape(their_entry) == shape(our_entry)
    their_rl, our_rl = sign1(bytes.fromhex(case["revocation_list"])), revocations(client)
    assert shape(their_rl.payload) == shape({**our_rl.payload, "rids": [b"\0" * 8]})

    their_code = decode_qr(next(p["qr"] for p in case["presentations"] if "qr" in p))
    our_code = decode_qr(issued(client, WANG, "S", "SM2")["qr"])
    assert shape(their_code.claims) == shape(our_code.claims)
    assert set(their_code.claims[CLAIM_SSC]) == set(our_code.claims[CLAIM_SSC])


def test_documents_answer_304_to_their_etag(client: httpx.Client) -> None:
    for path in ("/api/v1/suishen/trust-list", "/api/v1/suishen/revocations"):
        first = client.get(path)
        etag = first.headers["ETag"]
        assert etag == '"' + hashlib.sha256(first.content).hexdigest() + '"'
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        stale = client.get(path, headers={"If-None-Match": '"0000"'})
        assert stale.status_code == 200 and stale.content == first.content
    assert httpx.get(str(client.base_url) + "/api/v1/suishen/trust-list").status_code == 400


def test_revocations_since_answers_delta_full_or_304(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    base = revocations(client).payload["seq"]
    rids = [bytes.fromhex(demo_code(client, ZHAO, "revoked")["rid"]) for _ in range(2)]
    current = revocations(client).payload
    assert current["seq"] == base + 2

    delta_response = client.get("/api/v1/suishen/revocations", params={"since": base})
    assert delta_response.headers["X-Suishen-Base"] == str(base)
    delta = revocations(client, since=base).payload
    assert "rids" not in delta
    assert (delta["base"], delta["seq"], delta["del"]) == (base, current["seq"], [])
    assert delta["add"] == sorted(rids)
    # Signed once: the same question gets the same bytes (and ETag).
    assert client.get("/api/v1/suishen/revocations", params={"since": base}).content == (
        delta_response.content
    )

    current_seq = client.get("/api/v1/suishen/revocations", params={"since": current["seq"]})
    assert current_seq.status_code == 304
    for unknown in (0, current["seq"] + 1000):
        full = revocations(client, since=unknown).payload
        assert "base" not in full and full["seq"] == current["seq"]
        assert set(rids) <= set(full["rids"])


def test_admin_calls_need_the_admin_token(client: httpx.Client, platform: EmbeddedPlatform) -> None:
    rid = {"rid": "00" * 8}
    missing = client.post("/api/v1/suishen/revoke", json=rid)
    assert missing.status_code == 401 and missing.json()["error"] == "admin_required"
    wrong = admin(client, "x" * 32, "/api/v1/suishen/revoke", rid)
    assert wrong.status_code == 403 and wrong.json()["error"] == "admin_invalid"
    consent = client.post(
        "/api/v1/suishen/issuer-keys/rotate", json={}, headers={"Authorization": "Consent abc"}
    )
    assert consent.status_code == 401
    assert (
        admin(client, platform.admin_token, "/api/v1/suishen/revoke", {"rid": "xyz"}).status_code
        == 422
    )


def test_revoke_lists_a_rid_once(client: httpx.Client, platform: EmbeddedPlatform) -> None:
    code = issued(client, LI, "D", "ES256")
    before = revocations(client).payload["seq"]
    first = admin(client, platform.admin_token, "/api/v1/suishen/revoke", {"rid": code["rid"]})
    assert first.status_code == 200
    assert first.json() == {"rid": code["rid"], "revocation_seq": before + 1, "changed": True}
    assert bytes.fromhex(code["rid"]) in revocations(client).payload["rids"]
    again = admin(client, platform.admin_token, "/api/v1/suishen/revoke", {"rid": code["rid"]})
    assert again.json()["changed"] is False and again.json()["revocation_seq"] == before + 1
    assert platform.revoke_rid(bytes(8)) == before + 2


def test_rotation_publishes_new_keys_and_keeps_the_old(own_platform: EmbeddedPlatform) -> None:
    with kiosk_client(own_platform) as client:
        old_code = decode_qr(issued(client, WANG, "S", "SM2")["qr"])
        before = trust_list(client).payload
        response = admin(client, own_platform.admin_token, "/api/v1/suishen/issuer-keys/rotate", {})
        assert response.status_code == 200, response.text
        rotated = response.json()
        after = trust_list(client).payload

        assert rotated["trust_seq"] == after["seq"] == before["seq"] + 1
        assert {k["alg"] for k in rotated["keys"]} == {"SM2", "ES256"}
        new_kids = {bytes.fromhex(k["kid"]) for k in rotated["keys"]}
        old_kids = {e["kid"] for e in before["keys"]}
        assert {e["kid"] for e in after["keys"]} == old_kids | new_kids
        assert verifying_entries(old_code.credential, after)  # still verifies
        for alg in ("SM2", "ES256"):
            new_code = decode_qr(issued(client, WANG, "S", alg)["qr"])
            assert new_code.credential.kid in new_kids
            assert verifying_entries(new_code.credential, after)

        restricted = own_platform.rotate_issuer_keys(cats=["elder", "minor", "disabled"])
        listed = trust_list(client).payload
        assert listed["seq"] == restricted.trust_seq == after["seq"] + 1
        entries = {e["kid"]: e for e in listed["keys"]}
        assert all(
            entries[kid]["cats"] == ["elder", "minor", "disabled"] for kid in restricted.kids
        )
        elder = decode_qr(issued(client, WANG, "D", "SM2")["qr"]).credential
        resident = decode_qr(issued(client, LI, "D", "SM2")["qr"]).credential
        assert elder.kid in restricted.kids
        assert resident.kid in new_kids and "cats" not in entries[resident.kid]


def test_restart_keeps_anchor_keys_and_documents(tmp_path: Path) -> None:
    settings = PlatformSettings(data_dir=tmp_path)
    with EmbeddedPlatform(settings) as first, kiosk_client(first) as client:
        anchor = anchor_spki(client)
        trust = client.get("/api/v1/suishen/trust-list").content
        code = issued(client, ZHAO, "S", "ES256")
    with EmbeddedPlatform(settings) as second, kiosk_client(second) as client:
        assert anchor_spki(client) == anchor
        assert client.get("/api/v1/suishen/trust-list").content == trust
        again = issued(client, ZHAO, "S", "ES256")
        assert again["kid"] == code["kid"]
        assert bytes.fromhex(code["rid"]) in revocations(client).payload["rids"]
        assert decode_qr(again["qr"]).ssc["sid"] == decode_qr(code["qr"]).ssc["sid"]


def test_list_validity_is_configurable(tmp_path: Path) -> None:
    settings = PlatformSettings(
        data_dir=tmp_path, trust_list_validity_s=600, revocation_list_validity_s=120
    )
    with EmbeddedPlatform(settings) as running, kiosk_client(running) as client:
        trust = trust_list(client).payload
        revoked = revocations(client).payload
    assert trust["exp"] - trust["iat"] == 600
    assert revoked["exp"] - revoked["iat"] == 120


def test_documents_are_republished_before_they_expire(
    clocked_platform: EmbeddedPlatform, clock: FakeClock
) -> None:
    with kiosk_client(clocked_platform) as client:
        trust, revoked = trust_list(client).payload, revocations(client).payload
        clock.advance(days=3, hours=11)
        assert trust_list(client).payload == trust
        assert revocations(client).payload == revoked
        clock.advance(hours=1)
        renewed = trust_list(client).payload
        assert renewed["seq"] == trust["seq"] + 1 and renewed["keys"] == trust["keys"]
        assert renewed["exp"] > trust["exp"]
        assert revocations(client).payload["seq"] == revoked["seq"] + 1


def test_rids_of_expired_codes_leave_the_list_as_a_delta_del(
    clocked_platform: EmbeddedPlatform, clock: FakeClock
) -> None:
    with kiosk_client(clocked_platform) as client:
        old = issued(client, WANG, "S", "SM2")
        issued(client, WANG, "S", "SM2")  # revokes `old`
        listed = revocations(client).payload
        old_rid = bytes.fromhex(old["rid"])
        assert old_rid in listed["rids"]
        clock.advance(days=182)  # old expired more than a day ago
        now_listed = revocations(client).payload
        assert old_rid not in now_listed["rids"]
        delta = revocations(client, since=listed["seq"]).payload
        assert (delta["add"], delta["del"]) == ([], [old_rid])
