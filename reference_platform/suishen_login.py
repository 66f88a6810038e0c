"""Which resident a presented Suishen code names, for consent by code.

A resident who logs in at a kiosk with the dynamic code on their phone has
no ID card read, so the kiosk passes the code on to POST /api/v1/consents
and the platform, which issued it, says whose it is. It trusts nothing in
the code it cannot check against its own records: the credential must be
in its ledger (by rid) and signed by its own issuer key, unexpired and
unrevoked, its sid must be that resident's, and a dynamic code's proof must
be signed by the holder key stored for them, for a current time step.

A genuine static code is refused all the same (StaticCodeOnly): it can be
copied, so it never logs a resident in by itself (spec section 1).
"""

from __future__ import annotations

import sqlite3

from .suishen_codes import Profile, SuishenIssuer
from .suishen_decoding import CodeUnreadable, PresentedCode, read_code
from .suishen_encoding import PROOF_STEP_S, CoseAlg, id_hash
from .suishen_keys import load_key, verify_signature

# Ledger kinds a login may use: real codes, and the demo platform's valid
# demo codes (the kiosk demo's simulated camera shows those). Expired,
# revoked, forged and tampered demo codes fail the checks below anyway.
LOGIN_KINDS = frozenset({"issued", "demo-valid"})

# Spec section 7: a proof for step t is current while 30t - 60 <= now < 30t + 90.
PROOF_EARLIEST_S = -60
PROOF_LATEST_S = 90
# Spec section 7, check 7: iat may lie this far ahead of the clock.
ISSUE_SKEW_S = 300


class CodeRefused(Exception):
    """Not a valid code of this platform; the message (for logs) says why."""


class StaticCodeOnly(Exception):
    """A valid profile S code: it needs an ID card (or face check) beside it."""


def resident_of_code(issuer: SuishenIssuer, text: object, now: int) -> str:
    """The id number of the resident whose valid dynamic code `text` is.

    Raises CodeRefused for anything else, StaticCodeOnly for a valid static code.
    """
    try:
        code = read_code(text)
    except CodeUnreadable as exc:
        raise CodeRefused(f"unreadable: {exc}") from exc
    with issuer.db.read() as conn:
        id_number, profile, alg = _check_credential(issuer, conn, code, now)
        if profile is Profile.S:
            if code.proof is not None:
                raise CodeRefused("a static credential presented with a proof")
            raise StaticCodeOnly(id_number)
        _check_proof(conn, code, id_number, alg, now)
    _spend_proof(issuer, code, now)
    return id_number


def _spend_proof(issuer: SuishenIssuer, code: PresentedCode, now: int) -> None:
    """A phone proof gives one consent: keyed on its signed (sid, t, nonce), as the
    spec keys kiosk replay memory, never on signature bytes (ECDSA twins)."""
    claims = code.proof_claims
    with issuer.db.write() as conn:
        # Proofs whose window has closed can never verify again: forget them.
        conn.execute(
            "DELETE FROM suishen_used_proofs WHERE step < ?",
            ((now - PROOF_LATEST_S) // PROOF_STEP_S,),
        )
        spent = conn.execute(
            "INSERT OR IGNORE INTO suishen_used_proofs (sid, step, nonce, used_at) "
            "VALUES (?, ?, ?, ?)",
            (claims.sid, claims.step, claims.nonce, now),
        ).rowcount
    if spent == 0:
        raise CodeRefused("this phone proof was already used for a consent")


def _check_credential(
    issuer: SuishenIssuer, conn: sqlite3.Connection, code: PresentedCode, now: int
) -> tuple[str, Profile, CoseAlg]:
    """The credential is one this platform issued and still stands behind."""
    claims = code.claims
    credential = code.credential
    row = conn.execute("SELECT * FROM suishen_credentials WHERE rid = ?", (claims.rid,)).fetchone()
    if row is None or row["kind"] not in LOGIN_KINDS:
        raise CodeRefused("not a code this platform issued")
    if credential.alg != row["alg"] or credential.kid != bytes(row["kid"]):
        raise CodeRefused("not signed under the key it was issued with")
    alg = CoseAlg(row["alg"])
    keys = [k for k in issuer.keyring.keys(conn) if k.kid == credential.kid and k.alg == alg]
    if not any(
        verify_signature(alg, k.key.spki, credential.signature, credential.to_be_signed())
        for k in keys
    ):
        raise CodeRefused("issuer signature does not verify")
    # Signed by us, so these hold unless the ledger and the code disagree.
    if (
        claims.iss != issuer.settings.suishen_issuer
        or claims.iat != row["iat"]
        or claims.exp != row["exp"]
    ):
        raise CodeRefused("claims differ from the ledger")
    if claims.iat > now + ISSUE_SKEW_S:
        raise CodeRefused("not yet valid")
    if now >= claims.exp:
        raise CodeRefused("expired")
    if issuer.revocations.is_revoked(conn, claims.rid):
        raise CodeRefused("revoked")
    id_number = row["id_number"]
    subject = conn.execute(
        "SELECT id_number FROM suishen_subjects WHERE sid = ?", (claims.sid,)
    ).fetchone()
    if subject is None or subject["id_number"] != id_number:
        raise CodeRefused("sid is not the resident's the code was issued to")
    if claims.idh != id_hash(id_number, claims.sid):
        raise CodeRefused("idh does not match the resident")
    if conn.execute("SELECT 1 FROM residents WHERE id_number = ?", (id_number,)).fetchone() is None:
        raise CodeRefused("the resident is no longer known")
    profile = Profile(row["profile"])
    if (profile is Profile.D) != (claims.hk is not None):
        raise CodeRefused("holder key present in a static code, or missing in a dynamic one")
    return id_number, profile, alg


def _check_proof(
    conn: sqlite3.Connection, code: PresentedCode, id_number: str, alg: CoseAlg, now: int
) -> None:
    """The proof is the resident's phone's, for a current time step (spec sections 5, 7)."""
    proof, proof_claims = code.proof, code.proof_claims
    if proof is None or proof_claims is None:
        raise CodeRefused("a dynamic credential without its proof")
    row = conn.execute(
        "SELECT private_key FROM suishen_holder_keys WHERE id_number = ? AND alg = ?",
        (id_number, int(alg)),
    ).fetchone()
    if row is None:
        raise CodeRefused("no holder key stored for the resident")
    holder = load_key(alg, bytes(row["private_key"]))
    if code.claims.hk != holder.spki:
        raise CodeRefused("hk is not the resident's stored holder key")
    if proof.alg != int(alg) or not verify_signature(
        alg, holder.spki, proof.signature, proof.to_be_signed()
    ):
        raise CodeRefused("proof signature does not verify under the holder key")
    if proof_claims.sid != code.claims.sid:
        raise CodeRefused("proof sid differs from the credential's")
    window_start = PROOF_STEP_S * proof_claims.step + PROOF_EARLIEST_S
    if not window_start <= now < PROOF_STEP_S * proof_claims.step + PROOF_LATEST_S:
        raise CodeRefused("proof time step is not current")
