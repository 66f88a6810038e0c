"""Consent by Suishen code: a resident logs in with the dynamic code on their phone.

POST /api/v1/consents {"method": "suishen_code", "code": "SC1:...", "scope": [...]}
names the resident from the code alone. Every refusal is checked twice where
it can be: with the demo platform's ready-made bad codes, and with a real
code altered here, so no test rests on how the platform labels demo codes.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from gmcrypto.sm2 import SM2PrivateKey
from reference_platform import EmbeddedPlatform, PlatformSettings

from .payloads import KIOSK_ID, LI, WANG, ZHANG, ZHAO, FakeClock
from .sc1 import (
    ALG_ES256,
    ALG_SM2,
    CLAIM_EXP,
    CLAIM_SSC,
    Sign1,
    as_item,
    base45_encode,
    decode_qr,
    encode_qr,
)
from .suishen_calls import admin, demo_code, issued

ALL_SCOPES = ["records", "licences", "history"]
DAY = 24 * 3600


def by_code(client: httpx.Client, code: Any, **extra: Any) -> httpx.Response:
    return client.post(
        "/api/v1/consents",
        json={"method": "suishen_code", "code": code, "scope": ALL_SCOPES, **extra},
    )


def refused(response: httpx.Response, error: str = "code_invalid") -> bool:
    return response.status_code == 403 and response.json()["error"] == error


def records(client: httpx.Client, token: str) -> httpx.Response:
    return client.get("/api/v1/records", headers={"Authorization": f"Consent {token}"})


def kiosk_client(platform: EmbeddedPlatform) -> httpx.Client:
    return httpx.Client(base_url=platform.url, headers={"X-Kiosk-Id": KIOSK_ID}, timeout=10)


# -- building altered codes: the test plays the phone (and the forger) --------


def holder_key(platform: EmbeddedPlatform, id_number: str, alg: int) -> bytes:
    """The demo phone's private key, as the platform stores it."""
    path = platform.settings.data_dir / "platform.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        (key,) = conn.execute(
            "SELECT private_key FROM suishen_holder_keys WHERE id_number = ? AND alg = ?",
            (id_number, alg),
        ).fetchone()
    return key


def sign_raw(alg: int, private_key: bytes, message: bytes) -> bytes:
    """r||s over message, SM2 (raw scalar) or ES256 (PKCS#8 DER)."""
    if alg == ALG_SM2:
        return SM2PrivateKey.from_bytes(private_key).sign(message)
    key = serialization.load_der_private_key(private_key, password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    r, s = decode_dss_signature(key.sign(message, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def signed(alg: int, private_key: bytes, protected: dict[int, Any], payload: Any) -> Any:
    protected_bytes, payload_bytes = cbor2.dumps(protected), cbor2.dumps(payload)
    message = cbor2.dumps(["Signature1", protected_bytes, b"", payload_bytes])
    signature = sign_raw(alg, private_key, message)
    return cbor2.CBORTag(18, [protected_bytes, {}, payload_bytes, signature])


def proof_for(
    credential: Sign1, key: bytes, step: int, sid: bytes | None = None, nonce: bytes = b"N" * 8
) -> Any:
    """A proof as the phone draws it: protected {1: alg}, payload {1: t, 2: nonce, 3: sid}."""
    sid = credential.payload[CLAIM_SSC]["sid"] if sid is None else sid
    alg = credential.alg
    return signed(alg, key, {1: alg}, {1: step, 2: nonce, 3: sid})


def with_proof(qr: str, proof: Any) -> str:
    return encode_qr([as_item(decode_qr(qr).credential), proof])


def proof_step(qr: str) -> int:
    proof = decode_qr(qr).proof
    assert proof is not None
    return proof.payload[1]


# -- the happy path ----------------------------------------------------------


@pytest.mark.parametrize("alg", ["SM2", "ES256"])
def test_dynamic_code_grants_consent_for_its_resident(client: httpx.Client, alg: str) -> None:
    li_code = issued(client, LI, "D", alg)["qr"]
    wang_code = issued(client, WANG, "D", alg)["qr"]

    granted = by_code(client, li_code)
    assert granted.status_code == 201, granted.text
    body = granted.json()
    assert set(body) == {"token", "expires_at"}
    assert len(body["token"]) >= 32 and body["expires_at"].endswith("+08:00")
    li = records(client, body["token"]).json()
    assert li["resident"] == {
        "id_number": LI["id_number"],
        "name": "李建国",
        "birth_date": "1968-09-03",
        "category": "resident",
        "sex": "M",
        "ethnicity": "汉",
        "address": "上海市徐汇区田林路140弄15号601室",
    }
    assert li["records"]["employer_name"] == "上海浦江精工机械有限公司"
    assert li["licences"] and li["history"]

    wang = records(client, by_code(client, wang_code).json()["token"]).json()
    assert wang["resident"]["id_number"] == WANG["id_number"]
    assert wang["resident"]["address"] == "上海市浦东新区崂山路591弄8号402室"
    assert LI["id_number"] not in str(wang) and WANG["id_number"] not in str(li)


def test_consent_by_code_keeps_scope_and_kiosk_binding(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    code = issued(client, ZHANG, "D", "SM2")["qr"]
    response = client.post(
        "/api/v1/consents", json={"method": "suishen_code", "code": code, "scope": ["records"]}
    )
    token = response.json()["token"]
    body = records(client, token).json()
    assert body["resident"]["id_number"] == ZHANG["id_number"]
    assert body["records"] and body["licences"] == [] and body["history"] == {}
    other_kiosk = httpx.get(
        platform.url + "/api/v1/records",
        headers={"X-Kiosk-Id": "K-XH-0009", "Authorization": f"Consent {token}"},
    )
    assert other_kiosk.status_code == 403
    assert client.delete(f"/api/v1/consents/{token}").status_code == 204
    assert records(client, token).status_code == 403


def test_valid_demo_code_logs_in_on_a_demo_platform(client: httpx.Client) -> None:
    code = demo_code(client, LI, "valid", profile="D")["qr"]
    response = by_code(client, code)
    assert response.status_code == 201, response.text
    assert records(client, response.json()["token"]).json()["resident"]["name"] == "李建国"


# -- static codes ------------------------------------------------------------


@pytest.mark.parametrize("who", [WANG, ZHAO])
def test_static_code_alone_needs_an_id_card(client: httpx.Client, who: dict[str, str]) -> None:
    code = issued(client, who, "S", "SM2")["qr"]
    assert refused(by_code(client, code), "static_code_needs_id_card")


def test_static_credential_with_a_proof_is_invalid(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    static = issued(client, WANG, "S", "SM2")["qr"]
    dynamic = issued(client, WANG, "D", "SM2")["qr"]  # makes sure the phone key exists
    credential = decode_qr(static).credential
    proof = proof_for(
        credential, holder_key(platform, WANG["id_number"], ALG_SM2), proof_step(dynamic)
    )
    assert refused(by_code(client, with_proof(static, proof)))


# -- codes the platform must refuse ----------------------------------------


@pytest.mark.parametrize("profile", ["S", "D"])
@pytest.mark.parametrize("kind", ["forged", "tampered", "revoked", "expired"])
def test_bad_demo_codes_are_invalid(client: httpx.Client, kind: str, profile: str) -> None:
    code = demo_code(client, WANG, kind, profile=profile)["qr"]
    assert refused(by_code(client, code))


def test_tampered_real_code_is_invalid(client: httpx.Client) -> None:
    code = issued(client, LI, "D", "SM2")["qr"]
    presentation = decode_qr(code)
    credential = presentation.credential
    claims = dict(credential.payload)
    claims[CLAIM_EXP] += 365 * DAY
    tampered = cbor2.CBORTag(
        18, [credential.protected_bytes, {}, cbor2.dumps(claims), credential.signature]
    )
    assert by_code(client, code).status_code == 201  # the original is fine
    assert refused(by_code(client, encode_qr([tampered, as_item(presentation.proof)])))


def test_forged_real_code_is_invalid(client: httpx.Client) -> None:
    """Re-signed by a key outside the platform, under the genuine kid and payload."""
    code = issued(client, LI, "D", "SM2")["qr"]
    presentation = decode_qr(code)
    credential = presentation.credential
    impostor = SM2PrivateKey.generate().to_bytes()
    forged = signed(ALG_SM2, impostor, credential.protected, credential.payload)
    assert refused(by_code(client, encode_qr([forged, as_item(presentation.proof)])))


def test_revoked_real_code_is_invalid(client: httpx.Client, platform: EmbeddedPlatform) -> None:
    body = issued(client, LI, "D", "ES256")
    assert by_code(client, body["qr"]).status_code == 201
    revoked = admin(client, platform.admin_token, "/api/v1/suishen/revoke", {"rid": body["rid"]})
    assert revoked.status_code == 200
    assert refused(by_code(client, body["qr"]))


def test_code_of_another_platform_is_invalid(
    client: httpx.Client, clocked_platform: EmbeddedPlatform
) -> None:
    with kiosk_client(clocked_platform) as elsewhere:
        code = issued(elsewhere, LI, "D", "SM2")["qr"]
        assert by_code(elsewhere, code).status_code == 201
    assert refused(by_code(client, code))


@pytest.fixture
def clocked_client(clocked_platform: EmbeddedPlatform) -> Iterator[httpx.Client]:
    with kiosk_client(clocked_platform) as client:
        yield client


def test_expired_real_code_is_invalid_even_with_a_fresh_proof(
    clocked_platform: EmbeddedPlatform, clocked_client: httpx.Client, clock: FakeClock
) -> None:
    code = issued(clocked_client, LI, "D", "SM2")["qr"]
    credential = decode_qr(code).credential
    key = holder_key(clocked_platform, LI["id_number"], ALG_SM2)

    def fresh() -> str:
        now = int(clock().timestamp())
        return with_proof(code, proof_for(credential, key, now // 30))

    clock.advance(seconds=DAY - 1)  # the phone redraws the code all day long
    assert by_code(clocked_client, fresh()).status_code == 201
    clock.advance(seconds=1)  # now == exp: expired
    assert refused(by_code(clocked_client, fresh()))


def test_code_issued_in_the_future_is_invalid(
    clocked_platform: EmbeddedPlatform, clocked_client: httpx.Client, clock: FakeClock
) -> None:
    """iat at most 300 s ahead of the clock (spec check 7), whatever the proof says."""
    code = issued(clocked_client, LI, "D", "SM2")["qr"]
    credential = decode_qr(code).credential
    key = holder_key(clocked_platform, LI["id_number"], ALG_SM2)

    def fresh() -> str:
        return with_proof(code, proof_for(credential, key, int(clock().timestamp()) // 30))

    clock.advance(seconds=-300)
    assert by_code(clocked_client, fresh()).status_code == 201
    clock.advance(seconds=-1)
    assert refused(by_code(clocked_client, fresh()))


# -- the holder proof --------------------------------------------------------


def test_proof_goes_stale_after_its_window(clocked_client: httpx.Client, clock: FakeClock) -> None:
    code = issued(clocked_client, LI, "D", "SM2")["qr"]
    clock.advance(seconds=60)  # 30t <= now - 60 < 30t + 30: still inside 30t + 90
    assert by_code(clocked_client, code).status_code == 201
    clock.advance(seconds=30)  # now >= 30t + 90: a replayed screenshot
    assert refused(by_code(clocked_client, code))


@pytest.mark.parametrize(
    ("ahead", "accepted"), [(0, True), (2, True), (-2, True), (3, False), (-3, False)]
)
def test_proof_step_must_be_current(
    clocked_platform: EmbeddedPlatform,
    clocked_client: httpx.Client,
    ahead: int,
    accepted: bool,
) -> None:
    code = issued(clocked_client, LI, "D", "SM2")["qr"]
    credential = decode_qr(code).credential
    key = holder_key(clocked_platform, LI["id_number"], ALG_SM2)
    step = proof_step(code) + ahead
    response = by_code(clocked_client, with_proof(code, proof_for(credential, key, step)))
    # 30t - 60 <= now < 30t + 90 with now in [30t0, 30t0 + 30): t0 - 2 .. t0 + 2 are current.
    assert response.status_code == 201 if accepted else refused(response)


@pytest.mark.parametrize("alg", ["SM2", "ES256"])
def test_dynamic_credential_without_its_proof_is_invalid(client: httpx.Client, alg: str) -> None:
    code = issued(client, LI, "D", alg)["qr"]
    alone = encode_qr(as_item(decode_qr(code).credential))
    assert refused(by_code(client, alone))


def test_proof_must_be_signed_by_the_residents_holder_key(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    code = issued(client, LI, "D", "SM2")["qr"]
    credential = decode_qr(code).credential
    step = proof_step(code)
    stranger = SM2PrivateKey.generate().to_bytes()
    assert refused(by_code(client, with_proof(code, proof_for(credential, stranger, step))))
    # Another resident's phone key, for the same algorithm.
    issued(client, ZHANG, "D", "SM2")
    other_phone = holder_key(platform, ZHANG["id_number"], ALG_SM2)
    assert refused(by_code(client, with_proof(code, proof_for(credential, other_phone, step))))
    # The resident's own key signs a proof the platform accepts: the checks above are the key's.
    own = holder_key(platform, LI["id_number"], ALG_SM2)
    assert by_code(client, with_proof(code, proof_for(credential, own, step))).status_code == 201


def test_proof_must_name_the_holder_keys_algorithm(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    """Signed by the right SM2 key, but its protected header claims ES256."""
    code = issued(client, LI, "D", "SM2")["qr"]
    credential = decode_qr(code).credential
    key = holder_key(platform, LI["id_number"], ALG_SM2)
    sid = credential.payload[CLAIM_SSC]["sid"]
    mislabelled = signed(ALG_SM2, key, {1: ALG_ES256}, {1: proof_step(code), 2: b"N" * 8, 3: sid})
    assert refused(by_code(client, with_proof(code, mislabelled)))


def test_proof_must_carry_the_credentials_sid(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    code = issued(client, LI, "D", "ES256")["qr"]
    credential = decode_qr(code).credential
    key = holder_key(platform, LI["id_number"], ALG_ES256)
    other_sid = decode_qr(issued(client, ZHANG, "D", "ES256")["qr"]).ssc["sid"]
    proof = proof_for(credential, key, proof_step(code), sid=other_sid)
    assert refused(by_code(client, with_proof(code, proof)))


def test_another_residents_proof_does_not_fit(client: httpx.Client) -> None:
    li = decode_qr(issued(client, LI, "D", "SM2")["qr"])
    zhang = decode_qr(issued(client, ZHANG, "D", "SM2")["qr"])
    assert li.proof is not None and zhang.proof is not None
    assert refused(by_code(client, encode_qr([as_item(li.credential), as_item(zhang.proof)])))


# -- garbage -----------------------------------------------------------------


def _deep(levels: int) -> bytes:
    return b"\x81" * levels + b"\x00"


GARBAGE = {
    "empty": "",
    "words": "hello",
    "prefix only": "SC1:",
    "lower-case prefix": "sc1:" + base45_encode(zlib.compress(cbor2.dumps(1))),
    "not base45": "SC1:abc",
    "not base45 either": "SC1:AB!",
    "base45 3k+1": "SC1:ABCD",
    "base45 overflow": "SC1:GGW",
    "not zlib": "SC1:" + base45_encode(b"plain bytes"),
    "raw deflate": "SC1:" + base45_encode(zlib.compress(cbor2.dumps([1, 2]))[2:-4]),
    "truncated zlib": "SC1:" + base45_encode(zlib.compress(cbor2.dumps([1, 2, 3]))[:-3]),
    "bytes after zlib": "SC1:" + base45_encode(zlib.compress(cbor2.dumps(1)) + b"\x00"),
    "zlib bomb": "SC1:" + base45_encode(zlib.compress(b"\x00" * 1_000_000, 9)),
    "not CBOR": encode_qr(b"\xff\xfe", raw=True),
    "bytes after CBOR": encode_qr(cbor2.dumps(1) + b"\x01", raw=True),
    "an int": encode_qr(7),
    "a map": encode_qr({"sid": b"x"}),
    "empty array": encode_qr([]),
    "pair of ints": encode_qr([1, 2]),
    "COSE of ints": encode_qr(cbor2.CBORTag(18, [1, 2, 3, 4])),
    "COSE of empty bytes": encode_qr(cbor2.CBORTag(18, [b"", {}, b"", b""])),
    "wrong tag": encode_qr(cbor2.CBORTag(17, [b"", {}, b"", b""])),
    "deep nesting": encode_qr(_deep(5000), raw=True),
    "bad regex tag": encode_qr(bytes.fromhex("d8 23 61 28".replace(" ", "")), raw=True),
    "bad date tag": encode_qr(bytes.fromhex("c1 fb 7fefffffffffffff".replace(" ", "")), raw=True),
    "invalid utf-8": encode_qr(b"\x62\xff\xfe", raw=True),
    "duplicate key": encode_qr(b"\xa2\x01\x01\x01\x02", raw=True),
    "longest QR text": "SC1:" + "A" * 4292,
}


@pytest.mark.parametrize("code", list(GARBAGE.values()), ids=list(GARBAGE))
def test_garbage_code_is_invalid_never_a_crash(client: httpx.Client, code: str) -> None:
    assert refused(by_code(client, code))


def test_garbage_inside_a_well_formed_shell_is_invalid(client: httpx.Client) -> None:
    """Protected header or payload that are not CBOR maps, under a genuine-looking frame."""
    code = decode_qr(issued(client, LI, "D", "SM2")["qr"])
    credential, proof = code.credential, code.proof
    assert proof is not None
    shells = [
        cbor2.CBORTag(18, [b"\xff", {}, credential.payload_bytes, credential.signature]),
        cbor2.CBORTag(18, [credential.protected_bytes, {}, b"\x01", credential.signature]),
        cbor2.CBORTag(18, [cbor2.dumps({1: "SM2"}), {}, credential.payload_bytes, b""]),
        cbor2.CBORTag(18, [credential.protected_bytes, [], credential.payload_bytes, b""]),
    ]
    for shell in shells:
        assert refused(by_code(client, encode_qr([shell, as_item(proof)])))
    bad_proof = cbor2.CBORTag(18, [proof.protected_bytes, {}, cbor2.dumps({1: "now"}), b""])
    assert refused(by_code(client, encode_qr([as_item(credential), bad_proof])))
    # The genuine parts, re-wrapped in the CWT tag the spec allows, still log in.
    cwt = cbor2.CBORTag(61, as_item(credential))
    assert by_code(client, encode_qr([cwt, as_item(proof)])).status_code == 201


def test_genuine_code_in_a_sloppy_encoding_is_invalid(client: httpx.Client) -> None:
    """Strict decoding (spec section 2): only the genuine bytes themselves log in."""
    code = decode_qr(issued(client, LI, "D", "SM2")["qr"])
    assert code.proof is not None
    pair = [as_item(code.credential), as_item(code.proof)]
    compressed = zlib.compress(cbor2.dumps(pair))
    assert by_code(client, "SC1:" + base45_encode(compressed)).status_code == 201
    assert refused(by_code(client, encode_qr(cbor2.dumps(pair) + b"\x00", raw=True)))
    assert refused(by_code(client, "SC1:" + base45_encode(compressed + b"\x00")))
    assert refused(by_code(client, "SC1:" + base45_encode(compressed[2:-4])))  # raw deflate
    # Padding in the unsigned header that inflates beyond any real code (16 KiB).
    padded = code.credential.unprotected | {"pad": b"\x00" * 17_000}
    credential = cbor2.CBORTag(
        18,
        [
            code.credential.protected_bytes,
            padded,
            code.credential.payload_bytes,
            code.credential.signature,
        ],
    )
    assert len(encode_qr([credential, as_item(code.proof)])) < 4296
    assert refused(by_code(client, encode_qr([credential, as_item(code.proof)])))


# -- the request shape -------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"method": "suishen_code", "scope": ["records"]},  # neither code nor id
        {"method": "suishen_code", "code": 42, "scope": ["records"]},
        {"method": "suishen_code", "code": "SC1:" + "A" * 5000, "scope": ["records"]},
        {"method": "suishen_code", "code": "SC1:AB", "scope": []},
        {"method": "suishen_code", "code": "SC1:AB", **WANG, "scope": ["records"]},
        {"method": "suishen_code", "code": "SC1:AB", "name": "王秀英", "scope": ["records"]},
        {"method": "id_card", "code": "SC1:AB", **WANG, "scope": ["records"]},
        {"method": "face", "code": "SC1:AB", "scope": ["records"]},
    ],
)
def test_malformed_requests_are_422(client: httpx.Client, body: dict[str, Any]) -> None:
    response = client.post("/api/v1/consents", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


@pytest.mark.parametrize("method", ["id_card", "social_security_card", "face", "suishen_code"])
@pytest.mark.parametrize("missing", ["id_number", "name"])
def test_without_a_code_id_number_and_name_stay_required(
    client: httpx.Client, method: str, missing: str
) -> None:
    body = {**WANG, "method": method, "scope": ["records"]}
    del body[missing]
    response = client.post("/api/v1/consents", json=body)
    assert response.status_code == 422 and response.json()["error"] == "invalid_request"
    del body["id_number" if missing == "name" else "name"]
    assert client.post("/api/v1/consents", json=body).status_code == 422


@pytest.mark.parametrize("method", ["id_card", "suishen_code"])
def test_id_number_and_name_work_as_before(client: httpx.Client, method: str) -> None:
    """suishen_code without a code: a static code paired with an ID card read at the kiosk."""
    granted = client.post("/api/v1/consents", json={**WANG, "method": method, "scope": ["records"]})
    assert granted.status_code == 201
    assert records(client, granted.json()["token"]).json()["resident"]["name"] == "王秀英"
    wrong = client.post(
        "/api/v1/consents",
        json={**WANG, "name": "王秀", "method": method, "scope": ["records"]},
    )
    assert wrong.status_code == 404 and wrong.json()["error"] == "resident_unknown"


def test_openapi_describes_consent_by_code(platform: EmbeddedPlatform) -> None:
    spec = httpx.get(platform.url + "/openapi.json").json()
    schemas = spec["components"]["schemas"]
    request = schemas["ConsentRequest"]
    assert "code" in request["properties"]
    assert set(request["required"]) == {"method", "scope"}
    assert {"sex", "ethnicity", "address"} <= set(schemas["ResidentSummary"]["required"])
    answers = spec["paths"]["/api/v1/consents"]["post"]["responses"]
    assert "code_invalid" in answers["403"]["description"]
    assert "static_code_needs_id_card" in answers["403"]["description"]


# -- residents' ID-card attributes in an older database -----------------------

_OLD_RESIDENTS_TABLE = """
CREATE TABLE residents (
    id_number     TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    category      TEXT NOT NULL,
    records_json  TEXT NOT NULL,
    licences_json TEXT NOT NULL,
    history_json  TEXT NOT NULL
);
INSERT INTO residents VALUES
    ('310115195105120021', '王秀英', '1951-05-12', 'elder', '{}', '[]', '{}');
"""


def test_database_of_an_earlier_release_gains_the_id_card_attributes(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "platform.sqlite3") as conn:
        conn.executescript(_OLD_RESIDENTS_TABLE)
    conn.close()
    with (
        EmbeddedPlatform(PlatformSettings(data_dir=tmp_path)) as running,
        kiosk_client(running) as client,
    ):
        token = client.post(
            "/api/v1/consents", json={**WANG, "method": "id_card", "scope": ["records"]}
        ).json()["token"]
        resident = records(client, token).json()["resident"]
    assert resident["sex"] == "F" and resident["ethnicity"] == "汉"
    assert resident["address"] == "上海市浦东新区崂山路591弄8号402室"


@pytest.mark.parametrize("alg", ["SM2", "ES256"])
def test_a_phone_proof_gives_one_consent_only(client: httpx.Client, alg: str) -> None:
    code = issued(client, LI, "D", alg)["qr"]
    assert by_code(client, code).status_code == 201
    # The same screen shown again (or a screenshot at another kiosk) is refused.
    assert refused(by_code(client, code))
    fresh = issued(client, LI, "D", alg)["qr"]  # the phone refreshes: a new nonce
    assert by_code(client, fresh).status_code == 201
