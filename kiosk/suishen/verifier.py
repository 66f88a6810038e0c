"""SC1 verification (section 7): one result, the first failing check, from (text, trust, now).

Pure apart from the replay memory, which is read at check 12 and written
only when a profile D presentation comes out VALID.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.suishen.presentation import (
    HolderCategory,
    Presentation,
    PresentationFormatError,
    Profile,
    parse_presentation,
)
from kiosk.suishen.replay import ReplayMemory, forget_after, proof_window
from kiosk.suishen.results import VerificationResult
from kiosk.suishen.signature_keys import load_verifying_key
from kiosk.suishen.trust_documents import IssuerKeyEntry
from kiosk.suishen.trust_state import TrustState

# Allowed lead of a credential's iat over the kiosk clock (check 7).
CLOCK_SKEW_SECONDS = 300


@dataclass(frozen=True)
class PresentedClaims:
    """What the UI may show or match. Authenticated only when the result is VALID."""

    profile: Profile
    nm: str  # masked display name
    cat: HolderCategory
    idh: bytes  # pairs the code with an ID card, see pairing.idh_matches
    sid: bytes
    iat: int
    exp: int
    iss: str


@dataclass(frozen=True)
class Verification:
    result: VerificationResult
    claims: PresentedClaims | None = None  # None when the text could not be decoded

    @property
    def is_valid(self) -> bool:
        return self.result is VerificationResult.VALID


def _claims_of(presentation: Presentation) -> PresentedClaims:
    claims = presentation.claims
    return PresentedClaims(
        profile=presentation.profile,
        nm=claims.nm,
        cat=claims.cat,
        idh=claims.idh,
        sid=claims.sid,
        iat=claims.iat,
        exp=claims.exp,
        iss=claims.iss,
    )


def verify_presentation(
    text: str, trust: TrustState, now: int, replay: ReplayMemory
) -> Verification:
    """Verify one scanned SC1 text against the held trust data at time now (unix seconds)."""
    try:
        presentation: Presentation | None = parse_presentation(text)
    except PresentationFormatError:
        presentation = None
    claims = _claims_of(presentation) if presentation is not None else None
    if not trust.is_fresh(now):
        return Verification(VerificationResult.STALE_TRUST_DATA, claims)
    if presentation is None:
        return Verification(VerificationResult.INVALID_FORMAT)
    return Verification(_checks_after_format(presentation, trust, now, replay), claims)


def _find_signing_entry(
    presentation: Presentation, entries: tuple[IssuerKeyEntry, ...]
) -> IssuerKeyEntry | None:
    """The first entry, in list order, of the header alg whose key verifies the credential."""
    to_be_signed = presentation.credential.to_be_signed()
    for entry in entries:
        if entry.alg != presentation.alg or entry.key is None:
            continue
        if entry.key.algorithm != entry.alg:
            continue  # the published alg does not match the SPKI's key type
        if entry.key.verify(presentation.credential.signature, to_be_signed):
            return entry
    return None


def _proof_verifies(presentation: Presentation) -> bool:
    """Check 10: hk is a key, a proof is there, it verifies under hk and names this sid."""
    hk, proof = presentation.claims.hk, presentation.proof
    if hk is None or proof is None:
        return False
    holder_key = load_verifying_key(hk)
    if holder_key is None or proof.alg != holder_key.algorithm:
        return False
    if not holder_key.verify(proof.sign1.signature, proof.sign1.to_be_signed()):
        return False
    return proof.claims.sid == presentation.claims.sid


def _checks_after_format(
    presentation: Presentation, trust: TrustState, now: int, replay: ReplayMemory
) -> VerificationResult:
    trust_list, revocations = trust.trust_list, trust.revocations
    assert trust_list is not None and revocations is not None  # is_fresh held
    claims = presentation.claims

    entries = trust_list.entries_for(presentation.kid)
    if not entries:
        return VerificationResult.UNKNOWN_KEY
    entry = _find_signing_entry(presentation, entries)
    if entry is None:
        return VerificationResult.BAD_SIGNATURE
    if entry.cats is not None and claims.cat.value not in entry.cats:
        return VerificationResult.KEY_USAGE
    if not entry.nbf <= claims.iat <= entry.exp:
        return VerificationResult.KEY_NOT_VALID_AT_ISSUE
    if claims.iat > now + CLOCK_SKEW_SECONDS:
        return VerificationResult.NOT_YET_VALID
    if now >= claims.exp:
        return VerificationResult.EXPIRED
    if claims.rid in revocations.rids:
        return VerificationResult.REVOKED
    if presentation.profile is Profile.STATIC:
        return VerificationResult.VALID

    if not _proof_verifies(presentation):
        return VerificationResult.PROOF_INVALID
    assert presentation.proof is not None
    proof = presentation.proof.claims
    window_start, window_end = proof_window(proof.t)
    if not window_start <= now < window_end:
        return VerificationResult.PROOF_STALE
    if replay.contains(proof.sid, proof.t, proof.nonce):
        return VerificationResult.REPLAYED
    replay.remember(proof.sid, proof.t, proof.nonce, forget_after(proof.t), now)
    return VerificationResult.VALID
