"""gmcrypto.sm2 against the standard's published examples, and its refusals."""

from __future__ import annotations

import secrets
import statistics
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmcrypto import sm2
from gmcrypto.sm2 import (
    DEFAULT_USER_ID,
    SM2P256V1,
    SM2PrivateKey,
    SM2PublicKey,
    _digest,
    _Domain,
    _sign_digest,
    _verify_digest,
    _verify_digest_by_points,
    sm2_z,
)

N = SM2P256V1.n

# GM/T 0003.2-2012 appendix A: the 256-bit example curve (not the recommended one).
EXAMPLE_CURVE = _Domain(
    name="gmt0003-example-fp256",
    p=0x8542D69E_4C044F18_E8B92435_BF6FF7DE_45728391_5C45517D_722EDB8B_08F1DFC3,
    a=0x787968B4_FA32C3FD_2417842E_73BBFEFF_2F3C848B_6831D7E0_EC65228B_3937E498,
    b=0x63E4C6D3_B23B0C84_9CF84241_484BFE48_F61D59A5_B16BA06E_6E12D1DA_27C5249A,
    n=0x8542D69E_4C044F18_E8B92435_BF6FF7DD_29772063_0485628D_5AE74EE7_C32E79B7,
    gx=0x421DEBD6_1B62EAB6_746434EB_C3CC315E_32220B3B_ADD50BDC_4C4E6C14_7FEDD43D,
    gy=0x0680512B_CBB42C07_D47349D2_153B70C4_E5D7FDFC_BFA36EA1_A85841B9_E46E09A2,
)

# The recommended-curve example (GB/T 32918.2-2016 style), default user ID.
RECOMMENDED_D = bytes.fromhex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8")
RECOMMENDED_K = 0x59276E27_D506861A_16680F3A_D9C02DCC_EF3CC1FA_3CDBE4CE_6D54B80D_EAC1BC21
RECOMMENDED_SIGNATURE = bytes.fromhex(
    "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
    "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
)


def test_example_curve_appendix_a_known_answer():
    d = 0x128B2FA8_BD433C6C_068C8D80_3DFF7979_2A519A55_171B1B65_0C23661D_15897263
    public = EXAMPLE_CURVE.curve.G * d
    assert public.x == 0x0AE4C779_8AA0F119_471BEE11_825BE462_02BB79E2_A5844495_E97C04FF_4DF2548A
    assert public.y == 0x7C0240F8_8F1CD4E1_6352A73C_17B7F16F_07353E53_A176D684_A9FE0C6B_B798E857
    user_id = b"ALICE123@YAHOO.COM"
    assert sm2._z(EXAMPLE_CURVE, user_id, public.x, public.y) == bytes.fromhex(
        "F4A38489E32B45B6F876E3AC2168CA392362DC8F23459C1D1146FC3DBFB7BC9A"
    )
    e = _digest(EXAMPLE_CURVE, user_id, public.x, public.y, b"message digest")
    assert e == 0xB524F552_CD82B8B0_28476E00_5C377FB1_9A87E6FC_682D48BB_5D42E3D9_B9EFFE76
    k = 0x6CB28D99_385C175C_94F94E93_4817663F_C176D925_DD72B727_260DBAAE_1FB2F96F
    r, s = _sign_digest(EXAMPLE_CURVE, d, e, k)
    assert r == 0x40F1EC59_F793D9F4_9E09DCEF_49130D41_94F79FB1_EED2CAA5_5BACDB49_C4E755D1
    assert s == 0x6FC6DAC3_2C5D5CF1_0C77DFB2_0F7C2EB6_67A45787_2FB09EC5_6327A67E_C7DEEBE7
    assert _verify_digest(EXAMPLE_CURVE, public.x, public.y, e, r, s)
    assert not _verify_digest(EXAMPLE_CURVE, public.x, public.y, e, r, s - 1)


def test_recommended_curve_known_answer_through_public_api():
    key = SM2PrivateKey.from_bytes(RECOMMENDED_D)
    public = key.public_key()
    assert public.sec1_uncompressed().hex().upper() == (
        "04"
        "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
        "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
    )
    e = int.from_bytes(sm2._sm3(sm2_z(public) + b"message digest"), "big")
    r, s = _sign_digest(SM2P256V1, int.from_bytes(RECOMMENDED_D, "big"), e, RECOMMENDED_K)
    assert r.to_bytes(32, "big") + s.to_bytes(32, "big") == RECOMMENDED_SIGNATURE
    assert public.verify(RECOMMENDED_SIGNATURE, b"message digest")
    assert public.verify(RECOMMENDED_SIGNATURE, b"message digest", DEFAULT_USER_ID)
    # Z binds the identity: the same signature under another ID fails.
    assert not public.verify(RECOMMENDED_SIGNATURE, b"message digest", b"ALICE123@YAHOO.COM")
    assert not public.verify(RECOMMENDED_SIGNATURE, b"message digest.")


def test_sm3_known_answer():
    assert sm2._sm3(b"abc").hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_sign_verify_round_trip_and_tampering():
    key = SM2PrivateKey.generate()
    public = key.public_key()
    signature = key.sign(b"hello", b"someone")
    assert len(signature) == 64
    assert public.verify(signature, b"hello", b"someone")
    assert not public.verify(signature, b"hello")
    assert not public.verify(signature, b"hellO", b"someone")
    for index in (0, 31, 32, 63):
        flipped = bytearray(signature)
        flipped[index] ^= 0x01
        assert not public.verify(bytes(flipped), b"hello", b"someone")
    other = SM2PrivateKey.generate().public_key()
    assert not other.verify(signature, b"hello", b"someone")
    # Nonces are fresh: two signatures of one message differ.
    assert key.sign(b"hello") != key.sign(b"hello")


@pytest.mark.parametrize(
    "signature",
    [
        b"",
        b"\x00" * 63,
        b"\x00" * 65,
        b"\x00" * 64,  # r = s = 0
        (N).to_bytes(32, "big") + (1).to_bytes(32, "big"),  # r = n
        (1).to_bytes(32, "big") + (N).to_bytes(32, "big"),  # s = n
        b"\xff" * 64,
        (1).to_bytes(32, "big") + (N - 1).to_bytes(32, "big"),  # r + s = n
    ],
)
def test_malformed_signatures_are_false_not_errors(signature):
    key = SM2PrivateKey.generate()
    assert key.public_key().verify(signature, b"m") is False


def test_der_encoded_signature_is_refused():
    key = SM2PrivateKey.generate()
    raw = key.sign(b"m")
    r, s = raw[:32], raw[32:]

    def der_int(value: bytes) -> bytes:
        value = value.lstrip(b"\x00")
        if value[0] & 0x80:
            value = b"\x00" + value
        return b"\x02" + bytes([len(value)]) + value

    body = der_int(r) + der_int(s)
    assert key.public_key().verify(b"\x30" + bytes([len(body)]) + body, b"m") is False


def test_verify_tolerates_wrong_types():
    public = SM2PrivateKey.generate().public_key()
    assert public.verify(None, b"m") is False  # type: ignore[arg-type]
    assert public.verify("x" * 64, b"m") is False  # type: ignore[arg-type]
    assert public.verify(b"\x01" * 64, None) is False  # type: ignore[arg-type]
    assert public.verify(b"\x01" * 64, b"m", b"x" * 9000) is False


def test_reduced_verification_agrees_with_explicit_point_arithmetic():
    key = SM2PrivateKey.generate()
    public = key.public_key()
    for index in range(20):
        message = secrets.token_bytes(index)
        signature = key.sign(message)
        e = _digest(SM2P256V1, DEFAULT_USER_ID, public.x, public.y, message)
        r = int.from_bytes(signature[:32], "big")
        s = int.from_bytes(signature[32:], "big")
        for candidate_s in (s, (s + 1) % N, N - s):
            expected = _verify_digest_by_points(SM2P256V1, public.x, public.y, e, r, candidate_s)
            assert _verify_digest(SM2P256V1, public.x, public.y, e, r, candidate_s) == expected
        assert _verify_digest(SM2P256V1, public.x, public.y, e, r, s)


def test_reduction_fallback_when_r_equals_e():
    # r - e = 0 (mod n) cannot be fed to ECDSA; the explicit path must answer.
    public = SM2PrivateKey.generate().public_key()
    e = 12345
    assert _verify_digest(SM2P256V1, public.x, public.y, e, e, 777) is False


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=0, max_size=80), st.binary(min_size=0, max_size=40))
def test_arbitrary_bytes_never_raise(signature, message):
    public = SM2PrivateKey.from_bytes(RECOMMENDED_D).public_key()
    assert public.verify(signature, message) is False


def test_spki_round_trip_and_shape():
    public = SM2PrivateKey.from_bytes(RECOMMENDED_D).public_key()
    der = public.spki_der()
    assert der.hex().startswith("3059301306072a8648ce3d020106082a811ccf5501822d034200")
    assert SM2PublicKey.from_spki_der(der) == public
    compressed = bytes([2 + (public.y & 1)]) + public.x.to_bytes(32, "big")
    body = (
        bytes.fromhex("301306072a8648ce3d020106082a811ccf5501822d") + b"\x03\x22\x00" + compressed
    )
    assert SM2PublicKey.from_spki_der(b"\x30" + bytes([len(body)]) + body) == public


def _p256_spki() -> bytes:
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    return key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


def test_spki_refusals():
    der = SM2PrivateKey.from_bytes(RECOMMENDED_D).public_key().spki_der()
    bad_inputs = [
        b"",
        der[:-1],
        der + b"\x00",
        _p256_spki(),
        der.replace(bytes.fromhex("822d"), bytes.fromhex("822e")),  # another curve OID
        der[:-1] + bytes([der[-1] ^ 1]),  # point off the curve
        der[:26] + b"\x05" + der[27:],  # hybrid/unknown point form
        der[:25] + b"\x01" + der[26:],  # unused bits in the BIT STRING
    ]
    for bad in bad_inputs:
        with pytest.raises(ValueError):
            SM2PublicKey.from_spki_der(bad)


def test_private_key_range():
    with pytest.raises(ValueError):
        SM2PrivateKey.from_bytes(b"\x00" * 32)
    with pytest.raises(ValueError):
        SM2PrivateKey.from_bytes((N - 1).to_bytes(32, "big"))
    with pytest.raises(ValueError):
        SM2PrivateKey.from_bytes(b"\x01" * 31)
    key = SM2PrivateKey.generate()
    assert SM2PrivateKey.from_bytes(key.to_bytes()).public_key() == key.public_key()
    assert key.to_bytes().hex() not in repr(key)


def test_verify_time_is_measured():
    # Recorded, not asserted: timing depends on the machine.
    key = SM2PrivateKey.generate()
    public = key.public_key()
    signature = key.sign(b"x" * 200)
    samples = []
    for _ in range(50):
        start = time.perf_counter()
        assert public.verify(signature, b"x" * 200)
        samples.append(time.perf_counter() - start)
    assert statistics.median(samples) > 0
