"""Suishen codes issued over HTTP decode per the SC1 spec and verify under the trust data."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import httpx
import pytest

from reference_platform import EmbeddedPlatform, PlatformSettings

from .payloads import LI, WANG, ZHAO
from .sc1 import (
    ALG_ES256,
    ALG_SM2,
    CLAIM_EXP,
    CLAIM_IAT,
    CLAIM_ISS,
    CLAIM_SSC,
    decode_qr,
    is_deterministic,
    sign1,
    verify_sign1,
    verifying_entries,
)
from .suishen_calls import consent_token, demo_code, issue, issued, revocations, trust_list

ALGS = {"SM2": ALG_SM2, "ES256": ALG_ES256}
DAY = 24 * 3600


@pytest.mark.parametrize("alg", ["SM2", "ES256"])
def test_static_code_decodes_per_spec_and_verifies_under_the_trust_list(
    client: httpx.Client, alg: str
) -> None:
    before = int(time.time())
    body = issued(client, WANG, "S", alg)
    after = int(time.time())
    presentation = decode_qr(body["qr"])

    assert presentation.proof is None
    credential = presentation.credential
    assert credential.tag == 18
    assert credential.protected == {1: ALGS[alg], 4: bytes.fromhex(body["kid"])}
    assert credential.unprotected == {}
    claims = presentation.claims
    assert set(claims) == {CLAIM_ISS, CLAIM_IAT, CLAIM_EXP, CLAIM_SSC}
    assert claims[CLAIM_ISS] == "SH-BDC"
    assert before <= claims[CLAIM_IAT] <= after
    assert claims[CLAIM_EXP] - claims[CLAIM_IAT] == 180 * DAY
    ssc = presentation.ssc
    assert set(ssc) == {"v", "sid", "nm", "cat", "idh", "rid"}
    assert ssc["v"] == 1 and type(ssc["v"]) is int
    assert ssc["nm"] == "王*英" and ssc["cat"] == "elder"
    assert len(ssc["sid"]) == 16 and len(ssc["rid"]) == 8
    assert WANG["id_number"].encode() not in presentation.raw_cbor
    expected_idh = hashlib.sha256(WANG["id_number"].encode() + ssc["sid"]).digest()[:8]
    assert ssc["idh"] == expected_idh
    assert (body["rid"], body["exp"], body["category"]) == (ssc["rid"].hex(), claims[4], "elder")
    assert bytes.fromhex(body["credential"]) == presentation.raw_cbor

    (entry,) = verifying_entries(credential, trust_list(client).payload)
    assert entry["alg"] == ALGS[alg]
    assert entry["nbf"] <= claims[CLAIM_IAT] <= entry["exp"]
    assert "cats" not in entry or "elder" in entry["cats"]


def test_encodings_are_deterministic(client: httpx.Client) -> None:
    body = issued(client, ZHAO, "D", "SM2")
    presentation = decode_qr(body["qr"])
    assert is_deterministic(presentation.raw_cbor)
    for part in (presentation.credential, presentation.proof):
        assert part is not None
        assert is_deterministic(part.protected_bytes) and is_deterministic(part.payload_bytes)
    for path in ("/api/v1/suishen/trust-list", "/api/v1/suishen/revocations"):
        document = client.get(path).content
        assert is_deterministic(document)
        assert is_deterministic(sign1(document).payload_bytes)


@pytest.mark.parametrize("alg", ["SM2", "ES256"])
def test_dynamic_code_carries_a_holder_key_and_a_fresh_proof(
    client: httpx.Client, alg: str
) -> None:
    before = int(time.time())
    body = issued(client, LI, "D", alg)
    after = int(time.time())
    presentation = decode_qr(body["qr"])
    ssc, proof = presentation.ssc, presentation.proof

    assert ssc["cat"] == "resident" and ssc["nm"] == "李*国"
    assert presentation.claims[CLAIM_EXP] - presentation.claims[CLAIM_IAT] == DAY
    assert verifying_entries(presentation.credential, trust_list(client).payload)
    assert proof is not None and proof.tag == 18
    assert proof.protected == {1: ALGS[alg]}
    assert set(proof.payload) == {1, 2, 3}
    assert before // 30 <= proof.payload[1] <= after // 30
    assert proof.payload[1] == body["proof_t"]
    assert len(proof.payload[2]) == 8
    assert proof.payload[3] == ssc["sid"]
    assert verify_sign1(proof, ALGS[alg], ssc["hk"])
    assert presentation.raw_cbor.endswith(bytes.fromhex(body["proof"]))

    # The same phone (holder key) and subject for the next code; new nonce and rid.
    again = decode_qr(issued(client, LI, "D", alg)["qr"])
    assert again.ssc["hk"] == ssc["hk"] and again.ssc["sid"] == ssc["sid"]
    assert again.ssc["rid"] != ssc["rid"]
    assert again.proof is not None and again.proof.payload[2] != proof.payload[2]


def test_static_code_is_refused_to_an_ineligible_resident(client: httpx.Client) -> None:
    token = consent_token(client, LI)  # category resident
    response = issue(client, token, "S", "SM2")
    assert response.status_code == 403
    assert response.json()["error"] == "not_eligible"
    assert issue(client, token, "D", "SM2").status_code == 201


def test_issuing_needs_a_consent_from_this_kiosk(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    missing = client.post("/api/v1/suishen/codes", json={"profile": "S"})
    assert missing.status_code == 401 and missing.json()["error"] == "consent_required"
    token = consent_token(client, WANG)
    with httpx.Client(base_url=platform.url, headers={"X-Kiosk-Id": "K-OTHER-9"}) as other:
        elsewhere = issue(other, token)
    assert elsewhere.status_code == 403 and elsewhere.json()["error"] == "consent_invalid"
    no_kiosk = httpx.post(
        platform.url + "/api/v1/suishen/codes",
        json={"profile": "S"},
        headers={"Authorization": f"Consent {token}"},
    )
    assert no_kiosk.status_code == 400
    assert issue(client, token, "X").status_code == 422


def test_a_new_static_code_revokes_the_previous_one(client: httpx.Client) -> None:
    first = issued(client, ZHAO, "S", "SM2")
    before = revocations(client).payload
    second = issued(client, ZHAO, "S", "ES256")
    after = revocations(client).payload

    assert second["revocation_seq"] == after["seq"] > before["seq"]
    assert bytes.fromhex(first["rid"]) in after["rids"]
    assert bytes.fromhex(second["rid"]) not in after["rids"]
    assert after["rids"] == sorted(set(after["rids"]))
    delta = revocations(client, since=before["seq"]).payload
    assert set(delta) == {"seq", "iat", "exp", "base", "add", "del"}
    assert delta["base"] == before["seq"] and delta["seq"] == after["seq"]
    assert delta["add"] == [bytes.fromhex(first["rid"])]
    assert delta["del"] == []
    assert (delta["iat"], delta["exp"]) == (after["iat"], after["exp"])
    # Same subject, same sid: the kiosk's ID-card match keeps working.
    assert decode_qr(first["qr"]).ssc["sid"] == decode_qr(second["qr"]).ssc["sid"]


def test_demo_codes_are_what_they_claim(client: httpx.Client) -> None:
    listed = trust_list(client).payload
    now = int(time.time())

    valid = decode_qr(demo_code(client, WANG, "valid")["qr"])
    assert verifying_entries(valid.credential, listed)
    assert valid.claims[CLAIM_EXP] > now + 179 * DAY

    expired = decode_qr(demo_code(client, WANG, "expired", "D", "ES256")["qr"])
    assert expired.claims[CLAIM_EXP] <= int(time.time())
    (entry,) = verifying_entries(expired.credential, listed)
    assert entry["nbf"] <= expired.claims[CLAIM_IAT] <= entry["exp"]
    assert expired.proof is not None
    assert verify_sign1(expired.proof, ALG_ES256, expired.ssc["hk"])

    seq_before = revocations(client).payload["seq"]
    revoked_body = demo_code(client, WANG, "revoked")
    revoked = decode_qr(revoked_body["qr"])
    assert verifying_entries(revoked.credential, listed)
    now_listed = revocations(client).payload
    assert revoked.ssc["rid"] in now_listed["rids"]
    assert now_listed["seq"] == revoked_body["revocation_seq"] > seq_before

    bad = {kind: decode_qr(demo_code(client, WANG, kind)["qr"]) for kind in ("forged", "tampered")}
    for kind, code in bad.items():
        # A listed kid (so not UNKNOWN_KEY), but no listed key verifies: BAD_SIGNATURE.
        assert [e for e in listed["keys"] if e["kid"] == code.credential.kid], kind
        assert verifying_entries(code.credential, listed) == [], kind
    tampered = bad["tampered"]
    assert tampered.claims[CLAIM_EXP] - tampered.claims[CLAIM_IAT] > 180 * DAY


def test_demo_codes_leave_the_residents_real_code_alone(client: httpx.Client) -> None:
    real = issued(client, WANG, "S", "SM2")
    demo_code(client, WANG, "valid")
    assert bytes.fromhex(real["rid"]) not in revocations(client).payload["rids"]


def test_demo_codes_need_a_known_resident(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/suishen/demo-codes", json={"id_number": "310101195105120029", "kind": "valid"}
    )
    assert response.status_code == 404 and response.json()["error"] == "resident_unknown"
    ineligible = client.post(
        "/api/v1/suishen/demo-codes", json={"id_number": LI["id_number"], "profile": "S"}
    )
    assert ineligible.status_code == 403


def test_demo_codes_do_not_exist_when_switched_off(tmp_path: Path) -> None:
    settings = PlatformSettings(data_dir=tmp_path, demo_codes=False)
    with EmbeddedPlatform(settings) as real:
        response = httpx.post(
            real.url + "/api/v1/suishen/demo-codes",
            json={"id_number": WANG["id_number"], "kind": "valid"},
        )
        assert response.status_code == 404
        paths = httpx.get(real.url + "/openapi.json").json()["paths"]
        assert "/api/v1/suishen/demo-codes" not in paths
        assert "/api/v1/suishen/codes" in paths
