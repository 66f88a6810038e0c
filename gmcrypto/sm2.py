"""SM2 digital signatures with SM3 (GB/T 32918.2-2016, GM/T 0003.2-2012, GM/T 0009-2012).

Why this shape:

- Point arithmetic runs in fastecdsa's native extension (Rust in 4.x), given
  the SM2 recommended curve as a custom short-Weierstrass curve. Measured
  (x86-64, CPython 3.11): a straightforward pure-Python verify (affine
  coordinates) costs ~30 ms and a tuned one (Jacobian, Shamir's trick)
  ~5 ms, against ~2 ms here. A kiosk verifies a code and, for dynamic codes,
  a proof per resident on a low-power board, and a nonce or scalar handled
  by our own bignum code is one more thing to get wrong. fastecdsa is
  maintained, ships wheels for our platforms, and `cryptography` (OpenSSL
  bindings) exposes no SM2.
- Verification is reduced to one native ECDSA verification on the same
  curve (see `_verify_digest`): both check the x-coordinate of a
  two-scalar combination u1*G + u2*Q, so choosing the ECDSA inputs as
  r' = r - e, s' = r'/t, e' = s*s' makes the native routine compute
  s*G + t*Q and compare its x with r - e, which is exactly SM2's
  R = (e + x1) mod n == r. This halves the cost against two separate
  scalar multiplications. The one case the reduction cannot express
  (r - e = 0 mod n) falls back to explicit point arithmetic.
- SM3 comes from `cryptography` (OpenSSL's SM3).
- Private scalars and signing nonces come from `secrets`, never `random`.
  Signing is for the issuing side and tests; the kiosk only verifies. The
  native scalar multiplication is not documented as constant-time, so
  production issuer keys belong in hardware (an HSM), not in this code.

Signatures are r||s, 32 bytes each, big-endian. The digest is
e = SM3(Z || M), Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from fastecdsa.curve import Curve
from fastecdsa.point import Point

# The default distinguishing identifier of GM/T 0009-2012 (ENTL = 0x0080).
DEFAULT_USER_ID = b"1234567812345678"

_COORDINATE_SIZE = 32
_SIGNATURE_SIZE = 2 * _COORDINATE_SIZE
# ENTL is a 16-bit count of ID *bits*.
_MAX_USER_ID_BYTES = 0xFFFF // 8


@dataclass(frozen=True)
class _Domain:
    """The parameters of an SM2 curve over a prime field, with its native twin."""

    name: str
    p: int
    a: int
    b: int
    n: int
    gx: int
    gy: int

    @property
    def curve(self) -> Curve:
        return _native_curve(self)


_native_curves: dict[str, Curve] = {}


def _native_curve(domain: _Domain) -> Curve:
    # Built once per domain: constructing a native Curve precomputes tables.
    curve = _native_curves.get(domain.name)
    if curve is None:
        curve = Curve(domain.name, domain.p, domain.a, domain.b, domain.n, domain.gx, domain.gy)
        _native_curves[domain.name] = curve
    return curve


# GB/T 32918.5-2017: the recommended 256-bit curve, "sm2p256v1".
SM2P256V1 = _Domain(
    name="sm2p256v1",
    p=0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFF,
    a=0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFC,
    b=0x28E9FA9E_9D9F5E34_4D5A9E4B_CF6509A7_F39789F5_15AB8F92_DDBCBD41_4D940E93,
    n=0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_7203DF6B_21C6052B_53BBF409_39D54123,
    gx=0x32C4AE2C_1F198119_5F990446_6A39C994_8FE30BBF_F2660BE1_715A4589_334C74C7,
    gy=0xBC3736A2_F4F6779C_59BDCEE3_6B692153_D0A9877C_C62A4740_02DF32E5_2139F0A0,
)

# DER of AlgorithmIdentifier { id-ecPublicKey (1.2.840.10045.2.1),
# namedCurve 1.2.156.10197.1.301 }: the only shape an SM2 SPKI may have.
_SM2_ALGORITHM_IDENTIFIER = bytes.fromhex("301306072a8648ce3d020106082a811ccf5501822d")


def _sm3(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def _int32(value: int) -> bytes:
    return value.to_bytes(_COORDINATE_SIZE, "big")


def _z(domain: _Domain, user_id: bytes, x: int, y: int) -> bytes:
    if len(user_id) > _MAX_USER_ID_BYTES:
        raise ValueError("SM2 user ID longer than 8191 bytes cannot be encoded in ENTL")
    entl = (len(user_id) * 8).to_bytes(2, "big")
    return _sm3(
        entl
        + user_id
        + _int32(domain.a)
        + _int32(domain.b)
        + _int32(domain.gx)
        + _int32(domain.gy)
        + _int32(x)
        + _int32(y)
    )


def _digest(domain: _Domain, user_id: bytes, x: int, y: int, message: bytes) -> int:
    return int.from_bytes(_sm3(_z(domain, user_id, x, y) + message), "big")


def _sign_digest(domain: _Domain, d: int, e: int, k: int) -> tuple[int, int] | None:
    """One signing attempt with nonce k; None when the standard says to draw another k."""
    n = domain.n
    point = domain.curve.G * k
    r = (e + point.x) % n
    if r == 0 or r + k == n:
        return None
    s = pow(1 + d, -1, n) * (k - r * d) % n
    if s == 0:
        return None
    return r, s


def _verify_digest(domain: _Domain, qx: int, qy: int, e: int, r: int, s: int) -> bool:
    n = domain.n
    if not (1 <= r < n and 1 <= s < n):
        return False
    t = (r + s) % n
    if t == 0:
        return False
    r_ecdsa = (r - e) % n
    if r_ecdsa == 0:
        return _verify_digest_by_points(domain, qx, qy, e, r, s)
    # ECDSA verify computes X = (e'/s')G + (r'/s')Q and checks X.x == r' (mod n);
    # with s' = r'/t and e' = s*s' that is X = sG + tQ, x1 == r - e (mod n).
    s_ecdsa = r_ecdsa * pow(t, -1, n) % n
    e_ecdsa = s * s_ecdsa % n
    return domain.curve.verify(
        r_ecdsa.to_bytes(_COORDINATE_SIZE, "little"),
        s_ecdsa.to_bytes(_COORDINATE_SIZE, "little"),
        e_ecdsa.to_bytes(_COORDINATE_SIZE, "little"),
        qx.to_bytes(_COORDINATE_SIZE, "little"),
        qy.to_bytes(_COORDINATE_SIZE, "little"),
    )


def _verify_digest_by_points(domain: _Domain, qx: int, qy: int, e: int, r: int, s: int) -> bool:
    """The standard's verification steps, spelled out (B5-B7 of GB/T 32918.2)."""
    n = domain.n
    if not (1 <= r < n and 1 <= s < n):
        return False
    t = (r + s) % n
    if t == 0:
        return False
    curve = domain.curve
    combined = curve.G * s + Point(qx, qy, curve) * t
    if combined.z == 0:  # the point at infinity has no x-coordinate
        return False
    return (e + combined.x) % n == r


def _public_point_is_valid(domain: _Domain, x: int, y: int) -> bool:
    # The curve has cofactor 1, so any affine point on it has order n.
    if not (0 <= x < domain.p and 0 <= y < domain.p):
        return False
    return (y * y - (x * x * x + domain.a * x + domain.b)) % domain.p == 0


def _decompress_y(domain: _Domain, x: int, odd: bool) -> int:
    p = domain.p
    rhs = (x * x * x + domain.a * x + domain.b) % p
    # p = 3 (mod 4) for sm2p256v1, so a square root is rhs^((p+1)/4).
    y = pow(rhs, (p + 1) // 4, p)
    if y * y % p != rhs:
        raise ValueError("compressed SM2 point: x has no point on the curve")
    if (y & 1) != odd:
        y = p - y
    return y


def _der_read(data: bytes, offset: int) -> tuple[int, bytes, int]:
    """Read one DER TLV at offset; return (tag, value, next offset). Strict DER lengths."""
    if offset + 2 > len(data):
        raise ValueError("truncated DER")
    tag = data[offset]
    first = data[offset + 1]
    offset += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 2 or offset + count > len(data):
            raise ValueError("unsupported DER length")
        length = int.from_bytes(data[offset : offset + count], "big")
        if length < 0x80 or data[offset] == 0:
            raise ValueError("non-minimal DER length")
        offset += count
    end = offset + length
    if end > len(data):
        raise ValueError("truncated DER")
    return tag, data[offset:end], end


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    encoded = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(encoded)]) + encoded


class SM2PublicKey:
    """A point on sm2p256v1, validated on construction."""

    __slots__ = ("x", "y")

    def __init__(self, x: int, y: int) -> None:
        if not _public_point_is_valid(SM2P256V1, x, y):
            raise ValueError("not a point on the SM2 curve")
        self.x = x
        self.y = y

    @classmethod
    def from_spki_der(cls, der: bytes) -> SM2PublicKey:
        """Parse a SubjectPublicKeyInfo: id-ecPublicKey, namedCurve 1.2.156.10197.1.301.

        Uncompressed (04) and compressed (02/03) points are accepted, as RFC 5480
        allows both; anything else raises ValueError.
        """
        if not isinstance(der, bytes | bytearray | memoryview):
            raise ValueError("SPKI must be bytes")
        der = bytes(der)
        tag, body, end = _der_read(der, 0)
        if tag != 0x30 or end != len(der):
            raise ValueError("SPKI is not exactly one DER SEQUENCE")
        tag, _, algorithm_end = _der_read(body, 0)
        if tag != 0x30 or body[:algorithm_end] != _SM2_ALGORITHM_IDENTIFIER:
            raise ValueError("SPKI algorithm is not id-ecPublicKey on the SM2 curve")
        tag, bit_string, key_end = _der_read(body, algorithm_end)
        if tag != 0x03 or key_end != len(body):
            raise ValueError("SPKI subjectPublicKey is not the final BIT STRING")
        if not bit_string or bit_string[0] != 0:
            raise ValueError("SPKI BIT STRING must have no unused bits")
        return cls.from_sec1(bit_string[1:])

    @classmethod
    def from_sec1(cls, encoded: bytes) -> SM2PublicKey:
        """Parse an SEC 1 point: 04||X||Y, or 02/03||X."""
        size = _COORDINATE_SIZE
        if len(encoded) == 1 + 2 * size and encoded[0] == 0x04:
            x = int.from_bytes(encoded[1 : 1 + size], "big")
            y = int.from_bytes(encoded[1 + size :], "big")
            return cls(x, y)
        if len(encoded) == 1 + size and encoded[0] in (0x02, 0x03):
            x = int.from_bytes(encoded[1:], "big")
            if x >= SM2P256V1.p:
                raise ValueError("compressed SM2 point: x out of range")
            return cls(x, _decompress_y(SM2P256V1, x, encoded[0] == 0x03))
        raise ValueError("not an SEC 1 encoded SM2 point")

    def sec1_uncompressed(self) -> bytes:
        return b"\x04" + _int32(self.x) + _int32(self.y)

    def spki_der(self) -> bytes:
        """DER SubjectPublicKeyInfo with the uncompressed point."""
        bit_string = b"\x00" + self.sec1_uncompressed()
        body = _SM2_ALGORITHM_IDENTIFIER + b"\x03" + _der_length(len(bit_string)) + bit_string
        return b"\x30" + _der_length(len(body)) + body

    def verify(self, signature: bytes, message: bytes, user_id: bytes = DEFAULT_USER_ID) -> bool:
        """True iff signature (r||s, 64 bytes) is valid for message; False on any bad input."""
        try:
            if not isinstance(signature, bytes | bytearray | memoryview):
                return False
            signature = bytes(signature)
            if len(signature) != _SIGNATURE_SIZE:
                return False
            r = int.from_bytes(signature[:_COORDINATE_SIZE], "big")
            s = int.from_bytes(signature[_COORDINATE_SIZE:], "big")
            e = _digest(SM2P256V1, bytes(user_id), self.x, self.y, bytes(message))
            return _verify_digest(SM2P256V1, self.x, self.y, e, r, s)
        except (ValueError, TypeError, OverflowError):
            return False

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SM2PublicKey):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self) -> int:
        return hash((self.x, self.y))

    def __repr__(self) -> str:
        return f"SM2PublicKey(x={self.x:#066x}, y={self.y:#066x})"


class SM2PrivateKey:
    """A private scalar d in [1, n-2] (1+d must be invertible mod n)."""

    __slots__ = ("_d", "_public")

    def __init__(self, d: int) -> None:
        if not 1 <= d <= SM2P256V1.n - 2:
            raise ValueError("SM2 private key out of range [1, n-2]")
        self._d = d
        point = SM2P256V1.curve.G * d
        self._public = SM2PublicKey(point.x, point.y)

    @classmethod
    def generate(cls) -> SM2PrivateKey:
        return cls(1 + secrets.randbelow(SM2P256V1.n - 2))

    @classmethod
    def from_bytes(cls, d: bytes) -> SM2PrivateKey:
        if len(d) != _COORDINATE_SIZE:
            raise ValueError("SM2 private key must be 32 bytes")
        return cls(int.from_bytes(d, "big"))

    def to_bytes(self) -> bytes:
        return _int32(self._d)

    def public_key(self) -> SM2PublicKey:
        return self._public

    def sign(self, message: bytes, user_id: bytes = DEFAULT_USER_ID) -> bytes:
        """r||s over e = SM3(Z||M), with a fresh nonce from `secrets` for every attempt."""
        public = self._public
        e = _digest(SM2P256V1, user_id, public.x, public.y, message)
        while True:
            k = 1 + secrets.randbelow(SM2P256V1.n - 1)
            result = _sign_digest(SM2P256V1, self._d, e, k)
            if result is not None:
                r, s = result
                return _int32(r) + _int32(s)

    def __repr__(self) -> str:
        # Never print the scalar.
        return f"SM2PrivateKey(public={self._public!r})"


def sm2_z(public: SM2PublicKey, user_id: bytes = DEFAULT_USER_ID) -> bytes:
    """Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA), the signer's identity hash."""
    return _z(SM2P256V1, user_id, public.x, public.y)
