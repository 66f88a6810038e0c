"""ICAO 9303 part 11 Basic Access Control cryptography and secure messaging (3DES).

Pure functions over bytes, shared by the terminal (`drivers.icao_passport`)
and the virtual passport the tests talk to; the worked example of ICAO
9303 part 11 appendix D is the test oracle for every step, so the two ends
cannot agree on a mistake.

- keys: SHA-1 over the MRZ information, then over seed || counter
  (1 = encryption, 2 = MAC), 16 bytes of two-key 3DES with DES parity;
- encryption: 3DES-CBC with a zero IV;
- MAC: ISO/IEC 9797-1 MAC algorithm 3 (retail MAC: single DES CBC, 3DES
  on the last block) with padding method 2 (80 00 ...);
- secure messaging: the send sequence counter (SSC) is incremented before
  every MAC, command and response alike.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from drivers.apdu import CommandApdu

BLOCK = 8
KEY_ENC = 1
KEY_MAC = 2
_ZERO_IV = bytes(BLOCK)


class SecureMessagingError(ValueError):
    """A protected APDU is malformed or its MAC is wrong."""


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % BLOCK)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise SecureMessagingError("bad padding")
    return stripped[:-1]


def _adjust_parity(key: bytes) -> bytes:
    return bytes((b & 0xFE) | ((bin(b & 0xFE).count("1") + 1) % 2) for b in key)


def derive_key(seed: bytes, counter: int) -> bytes:
    """16-byte two-key 3DES key from a 16-byte seed (ICAO 9303 part 11, 9.7.1)."""
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()
    return _adjust_parity(digest[:16])


def key_seed(mrz_information: str) -> bytes:
    return hashlib.sha1(mrz_information.encode("ascii")).digest()[:16]


def bac_keys(mrz_information: str) -> tuple[bytes, bytes]:
    """(K_enc, K_mac) of Basic Access Control for the given MRZ information."""
    seed = key_seed(mrz_information)
    return derive_key(seed, KEY_ENC), derive_key(seed, KEY_MAC)


def _des(key: bytes) -> TripleDES:
    # Spelled out as a three-key bundle (K1 K2 K1, or K K K for single DES):
    # cryptography deprecates the shorter key forms.
    if len(key) == BLOCK:
        return TripleDES(key * 3)
    return TripleDES(key + key[:BLOCK])


def encrypt(key: bytes, data: bytes) -> bytes:
    encryptor = Cipher(_des(key), modes.CBC(_ZERO_IV)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def decrypt(key: bytes, data: bytes) -> bytes:
    decryptor = Cipher(_des(key), modes.CBC(_ZERO_IV)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def retail_mac(key: bytes, message: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 over `pad(message)`, 8 bytes."""
    k1, k2 = key[:BLOCK], key[BLOCK : 2 * BLOCK]
    chained = Cipher(_des(k1), modes.CBC(_ZERO_IV)).encryptor()
    last = (chained.update(pad(message)) + chained.finalize())[-BLOCK:]
    undo = Cipher(_des(k2), modes.ECB()).decryptor()
    redo = Cipher(_des(k1), modes.ECB()).encryptor()
    return redo.update(undo.update(last) + undo.finalize()) + redo.finalize()


def tlv(tag: int, value: bytes) -> bytes:
    """A BER-TLV with a one-byte tag (all secure-messaging objects are)."""
    return bytes((tag,)) + encode_length(len(value)) + value


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes((length,))
    if length <= 0xFF:
        return bytes((0x81, length))
    return bytes((0x82, length >> 8, length & 0xFF))


def parse_tlvs(data: bytes) -> list[tuple[int, bytes]]:
    """Flat list of one-byte-tag TLVs (secure-messaging data objects)."""
    objects, offset = [], 0
    while offset < len(data):
        tag = data[offset]
        length, offset = decode_length(data, offset + 1)
        if offset + length > len(data):
            raise SecureMessagingError("data object runs past the end")
        objects.append((tag, data[offset : offset + length]))
        offset += length
    return objects


def decode_length(data: bytes, offset: int) -> tuple[int, int]:
    """(length, offset of the value) of the BER length at `offset`."""
    if offset >= len(data):
        raise SecureMessagingError("length missing")
    first = data[offset]
    if first < 0x80:
        return first, offset + 1
    count = first & 0x7F
    if count not in (1, 2, 3) or offset + 1 + count > len(data):
        raise SecureMessagingError("bad length")
    return int.from_bytes(data[offset + 1 : offset + 1 + count], "big"), offset + 1 + count


@dataclass
class SessionKeys:
    """Keys and counter of one secure-messaging session, established by BAC."""

    ks_enc: bytes
    ks_mac: bytes
    ssc: int

    @classmethod
    def from_bac(cls, k_ifd: bytes, k_icc: bytes, rnd_icc: bytes, rnd_ifd: bytes) -> SessionKeys:
        seed = bytes(a ^ b for a, b in zip(k_ifd, k_icc, strict=True))
        ssc = int.from_bytes(rnd_icc[4:8] + rnd_ifd[4:8], "big")
        return cls(derive_key(seed, KEY_ENC), derive_key(seed, KEY_MAC), ssc)

    def next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return self.ssc.to_bytes(8, "big")

    def mac(self, message: bytes) -> bytes:
        """MAC over SSC || message, after incrementing the SSC."""
        return retail_mac(self.ks_mac, self.next_ssc() + message)

    # -- terminal side --------------------------------------------------------------

    def protect(self, command: CommandApdu) -> bytes:
        """The protected form of a plain command APDU (CLA with 0C)."""
        cla = command.cla | 0x0C
        header = bytes((cla, command.ins, command.p1, command.p2))
        body = b""
        if command.data:
            body += tlv(0x87, b"\x01" + encrypt(self.ks_enc, pad(command.data)))
        if command.le is not None:
            body += tlv(0x97, bytes((command.le,)))
        body += tlv(0x8E, self.mac(pad(header) + body))
        return header + bytes((len(body),)) + body + b"\x00"

    def unprotect(self, response: bytes, sw1: int, sw2: int) -> tuple[bytes, int, int]:
        """Check a protected response's MAC; returns (plain data, SW1, SW2)."""
        objects = parse_tlvs(response)
        tags = [tag for tag, _ in objects]
        if not objects or tags[-1] != 0x8E or len(objects[-1][1]) != BLOCK:
            raise SecureMessagingError(f"response without a MAC (SW {sw1:02X}{sw2:02X})")
        covered = response[: len(response) - 10]  # everything before 8E 08 <mac>
        if not hmac.compare_digest(self.mac(covered), objects[-1][1]):
            raise SecureMessagingError("response MAC does not match")
        values = dict(objects)
        status = values.get(0x99)
        if status is not None and len(status) == 2:
            sw1, sw2 = status[0], status[1]
        data = b""
        encrypted = values.get(0x87)
        if encrypted is not None:
            if not encrypted or encrypted[0] != 0x01:
                raise SecureMessagingError("unknown padding indicator")
            data = unpad(decrypt(self.ks_enc, encrypted[1:]))
        return data, sw1, sw2
