"""Offline verification of Suishen codes in the SC1 format (随申码, docs: suishen-code-v1).

Entry points:
- `verify_presentation(text, trust_state, now, replay_memory) -> Verification`
- `TrustStore(anchor_spki, archive=None).apply(kind, document) -> TrustUpdateOutcome`
- `idh_matches(idh, id_number, sid)` to pair a static code with an ID card.
"""

from kiosk.suishen.pairing import idh_for, idh_matches
from kiosk.suishen.presentation import HolderCategory, Profile
from kiosk.suishen.replay import InMemoryReplayMemory, ReplayMemory
from kiosk.suishen.results import TrustUpdateOutcome, VerificationResult
from kiosk.suishen.trust_documents import TrustDocumentKind
from kiosk.suishen.trust_state import TrustDocumentArchive, TrustState, TrustStore
from kiosk.suishen.verifier import PresentedClaims, Verification, verify_presentation

__all__ = [
    "HolderCategory",
    "InMemoryReplayMemory",
    "PresentedClaims",
    "Profile",
    "ReplayMemory",
    "TrustDocumentArchive",
    "TrustDocumentKind",
    "TrustState",
    "TrustStore",
    "TrustUpdateOutcome",
    "Verification",
    "VerificationResult",
    "idh_for",
    "idh_matches",
    "verify_presentation",
]
