"""Issuing Suishen codes to the demo residents (spec sections 1, 4 and 5).

Profile S is the static offline code (离线随申码) for residents who may lack
a phone; a resident holds one at a time, so a new one revokes the previous.
Profile D is bound to the resident's phone key. This platform also plays
the phone: it keeps a holder key per resident and algorithm and signs the
proof for the current 30-second step, so the demo and tests can show a
valid dynamic code.

Demo kinds other than "valid" make the codes the kiosk demo's simulated
camera needs to show each verifier outcome; they are only reachable when
PlatformSettings.demo_codes is on.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import cbor2

from .applications import mask_name
from .database import Database
from .settings import PlatformSettings
from .suishen_encoding import (
    CLAIM_EXP,
    CLAIM_IAT,
    CLAIM_ISS,
    CLAIM_SSC,
    COSE_SIGN1_TAG,
    FORMAT_VERSION,
    HEADER_ALG,
    HEADER_KID,
    NONCE_LEN,
    PROOF_NONCE,
    PROOF_SID,
    PROOF_STEP,
    RID_LEN,
    SID_LEN,
    CoseAlg,
    cose_sign1,
    deterministic_cbor,
    id_hash,
    qr_text,
    sig_structure,
    step_of,
)
from .suishen_keys import SigningKey, Sm2SigningKey, generate_key, load_key
from .suishen_revocation import RevocationLedger
from .suishen_trust import IssuerKey, IssuerKeyring, TrustDocument

# Who may hold a static code: the residents likely to come without a phone.
STATIC_CATEGORIES = frozenset({"elder", "minor", "disabled"})

# How far a "tampered" code's exp is pushed: what a forger would want.
TAMPER_EXTENSION_S = 365 * 24 * 3600


class Profile(StrEnum):
    S = "S"
    D = "D"


class CodeKind(StrEnum):
    """What a code is made to be; all but `valid` exist for demos and tests only."""

    valid = "valid"
    expired = "expired"  # exp already passed
    revoked = "revoked"  # its rid is in the revocation list
    forged = "forged"  # signed by a key outside the trust list, under a listed kid
    tampered = "tampered"  # genuinely signed, then its exp was changed


class ResidentUnknown(LookupError):
    pass


class NotEligible(Exception):
    """A static code was asked for a resident whose category has none."""


@dataclass(frozen=True)
class IssuedCode:
    qr: str
    profile: Profile
    kind: CodeKind
    alg: CoseAlg
    kid: bytes
    iat: int
    exp: int
    rid: bytes
    category: str
    credential: bytes  # the credential alone, deterministic CBOR (tag 18)
    proof: bytes | None  # profile D: the holder's proof, deterministic CBOR (tag 18)
    proof_step: int | None
    revocation_seq: int | None  # the list that revoked a previous S code, or this one


class SuishenIssuer:
    """Anchor, issuer keys, revocations and issuance of one platform."""

    def __init__(self, db: Database, settings: PlatformSettings, anchor: Sm2SigningKey) -> None:
        self.db = db
        self.settings = settings
        self.anchor = anchor
        self.keyring = IssuerKeyring(db, anchor, settings)
        self.revocations = RevocationLedger(db, anchor, settings)

    def start(self, now: int) -> None:
        """Keys on first start; both documents published if missing or due."""
        with self.db.write() as conn:
            if self.keyring.ensure_keys(conn, now):
                self.keyring.publish(conn, now)
        self.keyring.current(now)
        self.revocations.current(now)

    def trust_list(self, now: int) -> TrustDocument:
        return self.keyring.current(now)

    def revocation_list(self, now: int, since: int | None = None) -> TrustDocument:
        if since is None:
            return self.revocations.current(now)
        return self.revocations.since(since, now)

    def revoke(self, rid: bytes, now: int) -> tuple[TrustDocument, bool]:
        """List a rid (known to this platform or not); (current list, whether it changed)."""
        with self.db.write() as conn:
            row = conn.execute(
                "SELECT exp FROM suishen_credentials WHERE rid = ?", (rid,)
            ).fetchone()
            document = self.revocations.revoke(conn, now, {rid: row["exp"] if row else None})
        if document is not None:
            return document, True
        return self.revocations.current(now), False

    # -- issuance ------------------------------------------------------------

    def issue(
        self,
        id_number: str,
        profile: Profile,
        alg: CoseAlg,
        now: int,
        kind: CodeKind = CodeKind.valid,
        demo: bool = False,
    ) -> IssuedCode:
        """A code for a resident; raises ResidentUnknown or NotEligible.

        A real static code revokes the resident's previous ones, in the same
        transaction that records it. Demo codes (`demo`, needed for any kind
        but valid) are recorded as such and leave the resident's real codes
        alone.
        """
        if kind is not CodeKind.valid and not demo:
            raise ValueError(f"{kind.value} codes are demo codes")
        with self.db.write() as conn:
            resident = conn.execute(
                "SELECT name, category FROM residents WHERE id_number = ?", (id_number,)
            ).fetchone()
            if resident is None:
                raise ResidentUnknown(id_number)
            category = resident["category"]
            if profile is Profile.S and category not in STATIC_CATEGORIES:
                raise NotEligible(category)
            issuer = self.keyring.signing_key(conn, alg, category, now)
            sid = self._sid(conn, id_number)
            iat, exp = self._validity(profile, kind, issuer, now)
            rid = secrets.token_bytes(RID_LEN)
            ssc: dict[str, Any] = {
                "v": FORMAT_VERSION,
                "sid": sid,
                "nm": mask_name(resident["name"]),
                "cat": category,
                "idh": id_hash(id_number, sid),
                "rid": rid,
            }
            holder = self._holder_key(conn, id_number, alg) if profile is Profile.D else None
            if holder is not None:
                ssc["hk"] = holder.spki
            claims = {
                CLAIM_ISS: self.settings.suishen_issuer,
                CLAIM_IAT: iat,
                CLAIM_EXP: exp,
                CLAIM_SSC: ssc,
            }
            credential = self._sign_credential(issuer, claims, kind)
            conn.execute(
                "INSERT INTO suishen_credentials VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rid,
                    id_number,
                    profile.value,
                    int(alg),
                    issuer.kid,
                    iat,
                    exp,
                    _ledger_kind(kind, demo),
                ),
            )
            revocation = self._revocations_for(conn, kind, demo, profile, id_number, rid, exp, now)
        proof, step = (None, None)
        presentation: Any = credential
        if holder is not None:
            step = step_of(now)
            proof = _proof(holder, sid, step)
            presentation = [credential, proof]
        return IssuedCode(
            qr=qr_text(presentation),
            profile=profile,
            kind=kind,
            alg=alg,
            kid=issuer.kid,
            iat=iat,
            exp=exp,
            rid=rid,
            category=category,
            credential=deterministic_cbor(credential),
            proof=None if proof is None else deterministic_cbor(proof),
            proof_step=step,
            revocation_seq=None if revocation is None else revocation.seq,
        )

    def _validity(
        self, profile: Profile, kind: CodeKind, issuer: IssuerKey, now: int
    ) -> tuple[int, int]:
        validity = (
            self.settings.suishen_static_validity_s
            if profile is Profile.S
            else self.settings.suishen_dynamic_validity_s
        )
        if kind is not CodeKind.expired:
            return now, now + validity
        # As if issued a whole validity ago, but never before the key's nbf:
        # an iat outside the key's validity would fail an earlier check
        # (KEY_NOT_VALID_AT_ISSUE) and the code would not show EXPIRED.
        exp = now - 1
        return max(issuer.nbf, exp - validity), exp

    def _sign_credential(
        self, issuer: IssuerKey, claims: dict[int, Any], kind: CodeKind
    ) -> cbor2.CBORTag:
        payload = deterministic_cbor(claims)
        if kind is CodeKind.forged:
            # A forger can copy a published kid but holds no listed private key.
            impostor = generate_key(issuer.alg)
            protected = deterministic_cbor({HEADER_ALG: int(issuer.alg), HEADER_KID: issuer.kid})
            signature = impostor.sign(sig_structure(protected, payload))
            return cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature])
        credential = cose_sign1(issuer.key, payload)
        if kind is CodeKind.tampered:
            protected, unprotected, _, signature = credential.value
            claims = {**claims, CLAIM_EXP: claims[CLAIM_EXP] + TAMPER_EXTENSION_S}
            credential = cbor2.CBORTag(
                COSE_SIGN1_TAG, [protected, unprotected, deterministic_cbor(claims), signature]
            )
        return credential

    def _revocations_for(
        self,
        conn: sqlite3.Connection,
        kind: CodeKind,
        demo: bool,
        profile: Profile,
        id_number: str,
        rid: bytes,
        exp: int,
        now: int,
    ) -> TrustDocument | None:
        if kind is CodeKind.revoked:
            return self.revocations.revoke(conn, now, {rid: exp})
        if demo or profile is not Profile.S:
            return None
        # One static code per resident: the previous ones that could still be shown.
        previous = conn.execute(
            "SELECT rid, exp FROM suishen_credentials WHERE id_number = ? AND profile = 'S'"
            " AND kind = 'issued' AND rid != ? AND exp > ?",
            (id_number, rid, now),
        ).fetchall()
        return self.revocations.revoke(conn, now, {bytes(r["rid"]): r["exp"] for r in previous})

    def _sid(self, conn: sqlite3.Connection, id_number: str) -> bytes:
        row = conn.execute(
            "SELECT sid FROM suishen_subjects WHERE id_number = ?", (id_number,)
        ).fetchone()
        if row is not None:
            return bytes(row["sid"])
        sid = secrets.token_bytes(SID_LEN)
        conn.execute("INSERT INTO suishen_subjects VALUES (?, ?)", (id_number, sid))
        return sid

    def _holder_key(self, conn: sqlite3.Connection, id_number: str, alg: CoseAlg) -> SigningKey:
        row = conn.execute(
            "SELECT private_key FROM suishen_holder_keys WHERE id_number = ? AND alg = ?",
            (id_number, int(alg)),
        ).fetchone()
        if row is not None:
            return load_key(alg, bytes(row["private_key"]))
        key = generate_key(alg)
        conn.execute(
            "INSERT INTO suishen_holder_keys VALUES (?, ?, ?)",
            (id_number, int(alg), key.to_bytes()),
        )
        return key


def _ledger_kind(kind: CodeKind, demo: bool) -> str:
    return "demo-" + kind.value if demo else "issued"


def _proof(holder: SigningKey, sid: bytes, step: int) -> cbor2.CBORTag:
    """The phone's proof for time step `step`: protected {1: alg} only (spec section 5)."""
    payload = deterministic_cbor(
        {PROOF_STEP: step, PROOF_NONCE: secrets.token_bytes(NONCE_LEN), PROOF_SID: sid}
    )
    return cose_sign1(holder, payload, with_kid=False)
