"""verify_presentation: the section 7 order, profile D proofs and replay, on locally issued codes."""

from __future__ import annotations

import pytest

from kiosk.suishen import (
    HolderCategory,
    InMemoryReplayMemory,
    Profile,
    TrustDocumentKind,
    TrustStore,
    VerificationResult,
    verify_presentation,
)
from kiosk.suishen.cbor import CborTag, encode
from kiosk.suishen.replay import RETENTION_MARGIN_SECONDS
from tests.suishen.conftest import REVOKED_RID
from tests.suishen.issuing import (
    DAY,
    ES256,
    NOW,
    SM2,
    Signer,
    bytes_to_sc1,
    credential_payload,
    key_entry,
    proof_payload,
    revocation_list,
    sign1,
    to_sc1,
    trust_list,
)

R = VerificationResult
T = NOW // 30  # the time step a phone would draw at NOW


def check(world, text: str, now: int = NOW) -> VerificationResult:
    return verify_presentation(text, world.store.state, now, world.replay).result


def dynamic(world, issuer=None, holder=None, t=T, nonce=None, sid=b"\x11" * 16, **claims) -> str:
    issuer = issuer or world.sm2_issuer
    holder = holder or world.sm2_holder
    credential = sign1(issuer, credential_payload(hk=holder.spki, sid=sid, **claims))
    proof = sign1(holder, proof_payload(t, sid=sid, nonce=nonce), protected={1: holder.alg})
    return to_sc1([credential, proof])


@pytest.mark.parametrize("issuer_name", ["sm2_issuer", "es256_issuer"])
def test_static_code_valid_in_every_accepted_wrapping(world, issuer_name):
    issuer = getattr(world, issuer_name)
    structure = sign1(issuer, credential_payload(), tag=None)
    for item in (structure, CborTag(18, structure), CborTag(61, CborTag(18, structure))):
        verification = verify_presentation(to_sc1(item), world.store.state, NOW, world.replay)
        assert verification.result is R.VALID
        claims = verification.claims
        assert claims is not None
        assert (claims.profile, claims.nm, claims.cat) == (
            Profile.STATIC,
            "张*明",
            HolderCategory.ELDER,
        )
        assert (claims.sid, claims.idh, claims.iss) == (b"\x11" * 16, b"\x22" * 8, "SH-BDC")
    assert len(world.replay) == 0  # profile S is never remembered


@pytest.mark.parametrize(
    "wrap",
    [
        lambda s: CborTag(18, CborTag(61, s)),
        lambda s: CborTag(61, s),
        lambda s: CborTag(61, CborTag(61, CborTag(18, s))),
        lambda s: CborTag(17, s),
        lambda s: CborTag(98, s),
        lambda s: CborTag(55799, CborTag(18, s)),
        lambda s: CborTag(24, encode(CborTag(18, s))),
        lambda s: encode(CborTag(18, s)),  # a bstr holding the credential
    ],
)
def test_other_tags_around_the_credential_are_invalid_format(world, wrap):
    structure = sign1(world.sm2_issuer, credential_payload(), tag=None)
    assert check(world, to_sc1(wrap(structure))) is R.INVALID_FORMAT


def test_undecodable_text_has_no_claims(world):
    verification = verify_presentation("SC1:", world.store.state, NOW, world.replay)
    assert verification.result is R.INVALID_FORMAT and verification.claims is None


def test_stale_trust_data_comes_first(world, signers):
    text = "HC1:not even base45"
    assert verify_presentation(text, world.store.state, NOW + DAY + 1, world.replay).result is (
        R.STALE_TRUST_DATA
    )
    empty = TrustStore(signers["anchor"].spki)
    assert verify_presentation(text, empty.state, NOW, world.replay).result is R.STALE_TRUST_DATA
    only_list = TrustStore(signers["anchor"].spki)
    only_list.apply(TrustDocumentKind.TRUST_LIST, world.store.state.trust.document)
    good = to_sc1(sign1(world.sm2_issuer, credential_payload()))
    assert (
        verify_presentation(good, only_list.state, NOW, world.replay).result is R.STALE_TRUST_DATA
    )
    # Trust list exp is inclusive.
    assert verify_presentation(good, world.store.state, NOW + DAY, world.replay).result is R.VALID


def test_protected_header_requirements(world):
    issuer = world.sm2_issuer
    payload = credential_payload()
    kid_unprotected = sign1(issuer, payload, protected={1: SM2}, unprotected={4: issuer.kid})
    assert check(world, to_sc1(kid_unprotected)) is R.INVALID_FORMAT
    alg_unprotected = sign1(issuer, payload, protected={4: issuer.kid}, unprotected={1: SM2})
    assert check(world, to_sc1(alg_unprotected)) is R.INVALID_FORMAT
    text_alg = sign1(issuer, payload, protected={1: "SM2", 4: issuer.kid})
    assert check(world, to_sc1(text_alg)) is R.INVALID_FORMAT
    empty = sign1(issuer, payload, protected_bytes=b"", unprotected={1: SM2, 4: issuer.kid})
    assert check(world, to_sc1(empty)) is R.INVALID_FORMAT
    # {1: alg, 4: kid, 4: kid}, signed that way.
    protected = b"\xa3" + encode(1) + encode(SM2) + (encode(4) + encode(issuer.kid)) * 2
    signed = sign1(issuer, payload, protected_bytes=protected)
    assert check(world, to_sc1(signed)) is R.INVALID_FORMAT
    # A wrong kid in the unprotected header is ignored.
    ignored = sign1(issuer, payload, unprotected={4: b"\x00" * 8})
    assert check(world, to_sc1(ignored)) is R.VALID


def test_non_deterministic_encoding_of_signed_parts_is_valid(world):
    issuer = world.es256_issuer
    # Protected header as an indefinite-length map; payload map with unsorted keys.
    protected = b"\xbf" + encode(4) + encode(issuer.kid) + encode(1) + encode(ES256) + b"\xff"
    payload = credential_payload()
    unsorted = b"\xa4" + b"".join(encode(k) + encode(payload[k]) for k in (-65601, 4, 6, 1))
    structure = sign1(issuer, None, protected_bytes=protected, payload_bytes=unsorted, tag=None)
    # The outer COSE array as an indefinite-length array, and the protected
    # bstr as two chunks: the signature covers the bytes inside, not the framing.
    chunked = b"\x5f" + encode(protected[:3]) + encode(protected[3:]) + b"\xff"
    outer = b"\xd2\x9f" + chunked + b"".join(encode(part) for part in structure[1:]) + b"\xff"
    assert check(world, bytes_to_sc1(outer)) is R.VALID


def test_trailing_bytes_inside_signed_bstrs_are_invalid_format(world):
    issuer = world.sm2_issuer
    payload_bytes = encode(credential_payload()) + b"\xf6"
    assert (
        check(world, to_sc1(sign1(issuer, None, payload_bytes=payload_bytes))) is R.INVALID_FORMAT
    )
    protected = encode({1: SM2, 4: issuer.kid}) + b"\x00"
    signed = sign1(issuer, credential_payload(), protected_bytes=protected)
    assert check(world, to_sc1(signed)) is R.INVALID_FORMAT


@pytest.mark.parametrize(
    ("claims", "result"),
    [
        ({"v": 2}, R.INVALID_FORMAT),
        ({"v": True}, R.INVALID_FORMAT),
        ({"cat": "Elder"}, R.INVALID_FORMAT),
        ({"sid": b"\x11" * 15}, R.INVALID_FORMAT),
        ({"idh": b"\x22" * 9}, R.INVALID_FORMAT),
        ({"rid": "33333333"}, R.INVALID_FORMAT),
        ({"nm": b"x"}, R.INVALID_FORMAT),
        ({"hk": "not bytes"}, R.INVALID_FORMAT),
        ({"rid": None}, R.INVALID_FORMAT),
        ({"extra": CborTag(1, 5), "note": 1.5}, R.VALID),
    ],
)
def test_suishen_claim_types(world, claims, result):
    assert check(world, to_sc1(sign1(world.sm2_issuer, credential_payload(**claims)))) is result


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: p.update({6: CborTag(1, NOW - DAY)}),
        lambda p: p.update({6: float(NOW - DAY)}),
        lambda p: p.update({4: True}),
        lambda p: p.update({1: b"SH-BDC"}),
        lambda p: p.pop(-65601),
        lambda p: p.update({-65601: []}),
    ],
)
def test_cwt_claim_types(world, mutate):
    payload = credential_payload()
    mutate(payload)
    assert check(world, to_sc1(sign1(world.es256_issuer, payload))) is R.INVALID_FORMAT


def test_unknown_key_before_signature_and_later_checks(world):
    stranger = Signer.sm2()
    text = to_sc1(sign1(stranger, credential_payload(exp=NOW - 1, rid=REVOKED_RID)))
    assert check(world, text) is R.UNKNOWN_KEY


def test_bad_signatures(world):
    issuer = world.es256_issuer
    structure = sign1(issuer, credential_payload(), tag=None)
    r, s = structure[3][:32], structure[3][32:]
    der = b"\x30\x44\x02\x20" + r + b"\x02\x20" + s  # a DER-shaped signature
    for signature in (b"", structure[3][:63], b"\x00" + structure[3], structure[3] * 2, der):
        assert check(world, to_sc1(structure[:3] + [signature])) is R.BAD_SIGNATURE
    flipped = bytearray(structure[3])
    flipped[10] ^= 0x01
    assert check(world, to_sc1(structure[:3] + [bytes(flipped)])) is R.BAD_SIGNATURE
    # The header alg of the other algorithm with this key's kid: no entry of that alg.
    other_alg = sign1(issuer, credential_payload(), protected={1: SM2, 4: issuer.kid})
    assert check(world, to_sc1(other_alg)) is R.BAD_SIGNATURE


def test_ecdsa_twin_signature_is_still_valid_for_profile_s(world):
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    structure = sign1(world.es256_issuer, credential_payload(), tag=None)
    r, s = structure[3][:32], int.from_bytes(structure[3][32:], "big")
    twin = structure[:3] + [r + (order - s).to_bytes(32, "big")]
    assert check(world, to_sc1(structure)) is R.VALID
    assert check(world, to_sc1(twin)) is R.VALID


def _world_with_entries(signers, entries):
    store = TrustStore(signers["anchor"].spki)
    store.apply(TrustDocumentKind.TRUST_LIST, trust_list(signers["anchor"], entries))
    store.apply(TrustDocumentKind.REVOCATION_LIST, revocation_list(signers["anchor"], []))
    return store


def test_key_usage_validity_and_time_checks_in_order(signers):
    issuer = signers["sm2_issuer"]
    store = _world_with_entries(
        signers, [key_entry(issuer, nbf=NOW - 10 * DAY, exp=NOW - DAY, cats=["resident"])]
    )
    replay = InMemoryReplayMemory()

    def result(**kwargs) -> VerificationResult:
        text = to_sc1(sign1(issuer, credential_payload(**kwargs)))
        return verify_presentation(text, store.state, NOW, replay).result

    # Wrong category AND iat outside the key's validity: usage is checked first.
    assert result(cat="elder", iat=NOW - 20 * DAY) is R.KEY_USAGE
    assert result(cat="resident", iat=NOW - 20 * DAY) is R.KEY_NOT_VALID_AT_ISSUE
    assert result(cat="resident", iat=NOW - DAY + 1) is R.KEY_NOT_VALID_AT_ISSUE
    assert result(cat="resident", iat=NOW - DAY) is R.VALID  # key exp inclusive
    assert result(cat="resident", iat=NOW - 10 * DAY) is R.VALID  # key nbf inclusive


def test_not_yet_valid_and_expired_boundaries(world):
    text = to_sc1(sign1(world.sm2_issuer, credential_payload(iat=NOW, exp=NOW + 1000)))
    assert check(world, text, NOW - 301) is R.NOT_YET_VALID
    assert check(world, text, NOW - 300) is R.VALID
    assert check(world, text, NOW + 999) is R.VALID
    assert check(world, text, NOW + 1000) is R.EXPIRED


def test_revoked_before_missing_proof(world):
    lone = to_sc1(sign1(world.sm2_issuer, credential_payload(hk=world.sm2_holder.spki)))
    assert check(world, lone) is R.PROOF_INVALID
    revoked = sign1(world.sm2_issuer, credential_payload(hk=world.sm2_holder.spki, rid=REVOKED_RID))
    assert check(world, to_sc1(revoked)) is R.REVOKED


@pytest.mark.parametrize(
    ("issuer_name", "holder_name"), [("sm2_issuer", "es256_holder"), ("es256_issuer", "sm2_holder")]
)
def test_dynamic_code_valid_then_replayed(world, issuer_name, holder_name):
    text = dynamic(world, getattr(world, issuer_name), getattr(world, holder_name))
    verification = verify_presentation(text, world.store.state, NOW, world.replay)
    assert verification.result is R.VALID and verification.claims.profile is Profile.DYNAMIC
    assert check(world, text, NOW + 5) is R.REPLAYED
    assert len(world.replay) == 1


def test_proof_faults(world):
    holder, other = world.sm2_holder, Signer.sm2()
    credential = sign1(world.sm2_issuer, credential_payload(hk=holder.spki))
    good_proof_payload = proof_payload(T)

    def with_proof(proof) -> VerificationResult:
        return check(world, to_sc1([credential, proof]))

    assert with_proof(sign1(other, good_proof_payload, protected={1: SM2})) is R.PROOF_INVALID
    assert with_proof(sign1(holder, good_proof_payload, protected={1: ES256})) is R.PROOF_INVALID
    wrong_sid = proof_payload(T, sid=b"\x12" * 16)
    assert with_proof(sign1(holder, wrong_sid, protected={1: SM2})) is R.PROOF_INVALID
    assert with_proof(None) is R.INVALID_FORMAT
    assert with_proof(sign1(holder, good_proof_payload, protected={})) is R.INVALID_FORMAT
    as_array = [T, b"\x00" * 8, b"\x11" * 16]
    assert with_proof(sign1(holder, as_array, protected={1: SM2})) is R.INVALID_FORMAT
    float_t = {1: float(T), 2: b"\x00" * 8, 3: b"\x11" * 16}
    assert with_proof(sign1(holder, float_t, protected={1: SM2})) is R.INVALID_FORMAT
    for tag in (61, 17, 55799):
        proof = sign1(holder, good_proof_payload, protected={1: SM2}, tag=tag)
        assert with_proof(proof) is R.INVALID_FORMAT
    assert with_proof(sign1(holder, good_proof_payload, protected={1: SM2})) is R.VALID
    assert len(world.replay) == 1  # only the accepted proof was remembered


def test_holder_key_that_is_no_key_and_pair_without_hk(world):
    bad_hk = sign1(world.sm2_issuer, credential_payload(hk=b"\x30\x00"))
    proof = sign1(world.sm2_holder, proof_payload(T), protected={1: SM2})
    assert check(world, to_sc1([bad_hk, proof])) is R.PROOF_INVALID
    no_hk = sign1(world.sm2_issuer, credential_payload())
    assert check(world, to_sc1([no_hk, proof])) is R.PROOF_INVALID


def test_outer_array_must_be_untagged_pair(world):
    credential = sign1(world.sm2_issuer, credential_payload(hk=world.sm2_holder.spki))
    proof = sign1(world.sm2_holder, proof_payload(T), protected={1: SM2})
    for wrapped in (CborTag(55799, [credential, proof]), CborTag(61, [credential, proof])):
        assert check(world, to_sc1(wrapped)) is R.INVALID_FORMAT
    assert check(world, to_sc1([credential, proof, proof])) is R.INVALID_FORMAT
    assert check(world, to_sc1([credential, proof])) is R.VALID


def test_proof_window_boundaries_and_only_valid_remembered(world):
    early = dynamic(world, nonce=b"\x01" * 8)
    assert check(world, early, 30 * T - 61) is R.PROOF_STALE
    assert len(world.replay) == 0  # a failed presentation is not remembered
    assert check(world, early, 30 * T - 60) is R.VALID
    late = dynamic(world, nonce=b"\x02" * 8)
    assert check(world, late, 30 * T + 90) is R.PROOF_STALE
    assert check(world, late, 30 * T + 89) is R.VALID
    assert check(world, late, 30 * T + 89) is R.REPLAYED


def test_replay_key_is_sid_t_nonce(world):
    nonce = b"\x05" * 8
    assert check(world, dynamic(world, nonce=nonce)) is R.VALID
    assert check(world, dynamic(world, nonce=nonce, t=T + 1), NOW + 30) is R.VALID
    other_sid = b"\x44" * 16
    assert check(world, dynamic(world, nonce=nonce, sid=other_sid)) is R.VALID
    assert check(world, dynamic(world, nonce=b"\x06" * 8)) is R.VALID
    # A fresh signature over the same (sid, t, nonce) is still a replay.
    assert check(world, dynamic(world, nonce=nonce)) is R.REPLAYED


def test_replay_memory_entries_expire_after_the_window(world):
    assert check(world, dynamic(world, nonce=b"\x07" * 8)) is R.VALID
    assert len(world.replay) == 1
    later = 30 * T + 90 + RETENTION_MARGIN_SECONDS + 1
    world.replay.remember(b"\x00" * 16, later // 30, b"\x00" * 8, later + 200, later)
    assert not world.replay.contains(b"\x11" * 16, T, b"\x07" * 8)
