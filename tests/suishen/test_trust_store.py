"""TrustStore: section 6 acceptance rules and their named outcomes."""

from __future__ import annotations

import pytest

from kiosk.suishen import (
    InMemoryReplayMemory,
    TrustDocumentKind,
    TrustStore,
    TrustUpdateOutcome,
    VerificationResult,
    verify_presentation,
)
from kiosk.suishen.cbor import CborTag, encode
from tests.suishen.issuing import (
    DAY,
    ES256,
    NOW,
    Signer,
    credential_payload,
    key_entry,
    revocation_delta,
    revocation_list,
    sign1,
    to_sc1,
    trust_list,
)

Outcome = TrustUpdateOutcome
TRUST = TrustDocumentKind.TRUST_LIST
REVOCATION = TrustDocumentKind.REVOCATION_LIST
R1, R2, R3 = b"\x01" * 8, b"\x02" * 8, b"\x03" * 8


@pytest.fixture
def anchor(signers) -> Signer:
    return signers["anchor"]


@pytest.fixture
def store(anchor) -> TrustStore:
    return TrustStore(anchor.spki)


def test_trust_list_seq_rules(store, anchor, signers):
    first = trust_list(anchor, [key_entry(signers["sm2_issuer"])], seq=5)
    assert store.apply(TRUST, first) is Outcome.ACCEPTED
    assert store.apply(TRUST, first) is Outcome.UNCHANGED
    other_same_seq = trust_list(anchor, [key_entry(signers["es256_issuer"])], seq=5)
    assert store.apply(TRUST, other_same_seq) is Outcome.REFUSED_CONFLICT
    assert store.apply(TRUST, trust_list(anchor, [], seq=4)) is Outcome.REFUSED_ROLLBACK
    assert store.state.trust.document == first
    newer = trust_list(anchor, [], seq=6, exp=NOW - 10)  # already expired: accepted anyway
    assert store.apply(TRUST, newer) is Outcome.ACCEPTED
    assert store.state.trust_list.seq == 6


def test_bad_anchor_signature_keeps_the_old_list(store, anchor, signers):
    good = trust_list(anchor, [key_entry(signers["sm2_issuer"])], seq=1)
    assert store.apply(TRUST, good) is Outcome.ACCEPTED
    impostor = trust_list(Signer.sm2(), [key_entry(signers["es256_issuer"])], seq=2)
    assert store.apply(TRUST, impostor) is Outcome.REFUSED_SIGNATURE
    structure = encode([encode({1: anchor.alg, 4: anchor.kid}), {}, b"\xa0", b"\x00" * 64])
    assert store.apply(TRUST, structure) is Outcome.REFUSED_SIGNATURE
    header_alg_not_anchors = sign1(
        anchor, {"seq": 3, "iat": 0, "exp": 0, "keys": []}, protected={1: ES256, 4: anchor.kid}
    )
    assert store.apply(TRUST, encode(header_alg_not_anchors)) is Outcome.REFUSED_SIGNATURE
    assert store.state.trust.document == good


def test_tampered_payload_is_refused(store, anchor):
    item = sign1(anchor, {"seq": 1, "iat": 0, "exp": NOW, "keys": []}, tag=None)
    payload = bytearray(item[2])
    payload[-2] ^= 0x01
    assert (
        store.apply(TRUST, encode(item[:2] + [bytes(payload)] + item[3:]))
        is Outcome.REFUSED_SIGNATURE
    )
    assert store.state.trust is None


@pytest.mark.parametrize(
    "payload",
    [
        {"seq": 2, "exp": NOW, "keys": []},
        {"seq": 2, "iat": 0, "exp": "soon", "keys": []},
        {"seq": 2.0, "iat": 0, "exp": NOW, "keys": []},
        {"seq": True, "iat": 0, "exp": NOW, "keys": []},
        {"seq": 2, "iat": CborTag(1, 0), "exp": NOW, "keys": []},
        {"seq": 2, "iat": 0, "exp": NOW, "keys": {}},
        {
            "seq": 2,
            "iat": 0,
            "exp": NOW,
            "keys": [{"kid": b"1234567", "alg": -7, "spki": b"", "nbf": 0, "exp": 1}],
        },
        {
            "seq": 2,
            "iat": 0,
            "exp": NOW,
            "keys": [{"kid": b"12345678", "alg": -7, "spki": b"", "exp": 1}],
        },
        {
            "seq": 2,
            "iat": 0,
            "exp": NOW,
            "keys": [{"kid": b"12345678", "alg": "ES256", "spki": b"", "nbf": 0, "exp": 1}],
        },
        {
            "seq": 2,
            "iat": 0,
            "exp": NOW,
            "keys": [{"kid": b"12345678", "alg": -7, "spki": b"", "nbf": 0, "exp": 1, "cats": [1]}],
        },
        {
            "seq": 2,
            "iat": 0,
            "exp": NOW,
            "keys": [{"kid": b"12345678", "alg": -7, "spki": "x", "nbf": 0, "exp": 1}],
        },
        {"seq": 2, "iat": 0, "exp": NOW, "keys": [[]]},
    ],
)
def test_trust_list_field_typing(store, anchor, payload):
    assert store.apply(TRUST, trust_list(anchor, [], seq=1)) is Outcome.ACCEPTED
    assert store.apply(TRUST, encode(sign1(anchor, payload))) is Outcome.REFUSED_FORMAT
    assert store.state.trust_list.seq == 1


def test_trust_document_envelope(store, anchor):
    payload = {"seq": 1, "iat": 0, "exp": NOW, "keys": []}
    assert store.apply(TRUST, encode(sign1(anchor, payload, tag=61))) is Outcome.REFUSED_FORMAT
    assert store.apply(TRUST, encode(sign1(anchor, payload)) + b"\x00") is Outcome.REFUSED_FORMAT
    assert store.apply(TRUST, b"") is Outcome.REFUSED_FORMAT
    assert store.apply(TRUST, encode(sign1(anchor, payload, tag=None))) is Outcome.ACCEPTED


def test_revocation_full_lists(store, anchor):
    assert store.apply(REVOCATION, revocation_list(anchor, [R1, R2], seq=7)) is Outcome.ACCEPTED
    assert store.state.revocations.rids == {R1, R2}
    unsorted = encode(sign1(anchor, {"seq": 8, "iat": 0, "exp": NOW, "rids": [R2, R1]}))
    assert store.apply(REVOCATION, unsorted) is Outcome.REFUSED_FORMAT
    duplicated = encode(sign1(anchor, {"seq": 8, "iat": 0, "exp": NOW, "rids": [R1, R1]}))
    assert store.apply(REVOCATION, duplicated) is Outcome.REFUSED_FORMAT
    nine_bytes = encode(sign1(anchor, {"seq": 8, "iat": 0, "exp": NOW, "rids": [R1, b"\xff" * 9]}))
    assert store.apply(REVOCATION, nine_bytes) is Outcome.REFUSED_FORMAT
    both = {"seq": 8, "iat": 0, "exp": NOW, "rids": [], "base": 7, "add": [], "del": []}
    assert store.apply(REVOCATION, encode(sign1(anchor, both))) is Outcome.REFUSED_FORMAT
    neither = {"seq": 8, "iat": 0, "exp": NOW}
    assert store.apply(REVOCATION, encode(sign1(anchor, neither))) is Outcome.REFUSED_FORMAT
    assert store.apply(REVOCATION, revocation_list(anchor, [R3], seq=6)) is Outcome.REFUSED_ROLLBACK
    assert store.apply(REVOCATION, revocation_list(anchor, [R3], seq=7)) is Outcome.REFUSED_CONFLICT
    assert store.state.revocations.rids == {R1, R2}


def test_revocation_deltas_apply_only_on_their_base(store, anchor):
    assert store.apply(REVOCATION, revocation_delta(anchor, base=1, seq=2, add=[R1])) is (
        Outcome.REFUSED_WRONG_BASE  # nothing held yet
    )
    assert store.apply(REVOCATION, revocation_list(anchor, [R1], seq=10)) is Outcome.ACCEPTED
    assert store.apply(REVOCATION, revocation_delta(anchor, base=9, seq=11, add=[R2])) is (
        Outcome.REFUSED_WRONG_BASE
    )
    assert store.apply(REVOCATION, revocation_delta(anchor, base=11, seq=12, add=[R2])) is (
        Outcome.REFUSED_WRONG_BASE
    )
    delta = revocation_delta(anchor, base=10, seq=11, add=[R2], delete=[R1], exp=NOW + 5 * DAY)
    assert store.apply(REVOCATION, delta) is Outcome.ACCEPTED
    held = store.state.revocations
    assert (held.seq, held.exp, held.rids) == (11, NOW + 5 * DAY, frozenset({R2}))
    assert store.apply(REVOCATION, delta) is Outcome.UNCHANGED
    # A full list at the seq the delta produced is "same seq, other content".
    assert (
        store.apply(REVOCATION, revocation_list(anchor, [R2], seq=11)) is Outcome.REFUSED_CONFLICT
    )
    chained = revocation_delta(anchor, base=11, seq=12, add=[R3])
    assert store.apply(REVOCATION, chained) is Outcome.ACCEPTED
    assert store.state.revocations.rids == {R2, R3}


@pytest.mark.parametrize(
    "payload",
    [
        {"seq": 2, "iat": 0, "exp": NOW, "base": 1, "add": [R2, R1], "del": []},
        {"seq": 2, "iat": 0, "exp": NOW, "base": 1, "add": [R1], "del": [R1]},
        {"seq": 2, "iat": 0, "exp": NOW, "base": 1, "add": [R1]},
        {"seq": 2, "iat": 0, "exp": NOW, "base": "1", "add": [R1], "del": []},
        {"seq": 2, "iat": 0, "exp": NOW, "base": 1, "add": [R1], "del": [R2, R2]},
        {"seq": 2, "iat": 0, "exp": NOW, "base": 1, "add": ["R1"], "del": []},
    ],
)
def test_malformed_deltas_are_refused(store, anchor, payload):
    assert store.apply(REVOCATION, revocation_list(anchor, [], seq=1)) is Outcome.ACCEPTED
    assert store.apply(REVOCATION, encode(sign1(anchor, payload))) is Outcome.REFUSED_FORMAT
    assert store.state.revocations.seq == 1


def test_each_kind_has_its_own_seq(store, anchor):
    assert store.apply(REVOCATION, revocation_list(anchor, [], seq=7)) is Outcome.ACCEPTED
    assert store.apply(TRUST, trust_list(anchor, [], seq=9000)) is Outcome.ACCEPTED
    assert store.apply(REVOCATION, revocation_list(anchor, [R1], seq=8)) is Outcome.ACCEPTED


def test_expiry_of_either_document_gives_stale_trust_data(store, anchor, signers):
    issuer = signers["es256_issuer"]
    store.apply(TRUST, trust_list(anchor, [key_entry(issuer)], seq=1, exp=NOW))
    store.apply(REVOCATION, revocation_list(anchor, [], seq=1, exp=NOW + 10))
    text = to_sc1(sign1(issuer, credential_payload()))
    replay = InMemoryReplayMemory()
    assert verify_presentation(text, store.state, NOW, replay).result is VerificationResult.VALID
    assert verify_presentation(text, store.state, NOW + 1, replay).result is (
        VerificationResult.STALE_TRUST_DATA
    )
    store.apply(TRUST, trust_list(anchor, [key_entry(issuer)], seq=2, exp=NOW + 100))
    assert (
        verify_presentation(text, store.state, NOW + 10, replay).result is VerificationResult.VALID
    )
    assert verify_presentation(text, store.state, NOW + 11, replay).result is (
        VerificationResult.STALE_TRUST_DATA
    )


def test_unusable_anchor_refuses_everything(anchor):
    store = TrustStore(b"\x30\x00")
    assert not store.anchor_is_usable
    assert store.apply(TRUST, trust_list(anchor, [])) is Outcome.REFUSED_SIGNATURE


def test_es256_anchor(signers):
    anchor = Signer.es256()
    store = TrustStore(anchor.spki)
    assert (
        store.apply(TRUST, trust_list(anchor, [key_entry(signers["sm2_issuer"])]))
        is Outcome.ACCEPTED
    )
    assert store.apply(TRUST, trust_list(signers["anchor"], [], seq=2)) is Outcome.REFUSED_SIGNATURE
