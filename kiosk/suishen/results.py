"""The named outcomes of SC1 verification and of trust-data synchronisation."""

from __future__ import annotations

from enum import StrEnum


class VerificationResult(StrEnum):
    """Exactly the results of SC1 section 7; the value is the name the spec uses."""

    VALID = "VALID"
    STALE_TRUST_DATA = "STALE_TRUST_DATA"
    INVALID_FORMAT = "INVALID_FORMAT"
    UNKNOWN_KEY = "UNKNOWN_KEY"
    BAD_SIGNATURE = "BAD_SIGNATURE"
    KEY_USAGE = "KEY_USAGE"
    KEY_NOT_VALID_AT_ISSUE = "KEY_NOT_VALID_AT_ISSUE"
    NOT_YET_VALID = "NOT_YET_VALID"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    PROOF_INVALID = "PROOF_INVALID"
    PROOF_STALE = "PROOF_STALE"
    REPLAYED = "REPLAYED"


class TrustUpdateOutcome(StrEnum):
    """What became of one trust document offered to the kiosk (SC1 section 6)."""

    ACCEPTED = "ACCEPTED"
    UNCHANGED = "UNCHANGED"  # same seq, identical bytes
    REFUSED_SIGNATURE = "REFUSED_SIGNATURE"  # not signed by the installed anchor
    REFUSED_FORMAT = "REFUSED_FORMAT"  # not COSE_Sign1, or a missing or mistyped field
    REFUSED_ROLLBACK = "REFUSED_ROLLBACK"  # seq lower than the accepted one
    REFUSED_CONFLICT = "REFUSED_CONFLICT"  # same seq, other bytes
    REFUSED_WRONG_BASE = "REFUSED_WRONG_BASE"  # a delta whose base is not the held seq

    @property
    def accepted(self) -> bool:
        return self is TrustUpdateOutcome.ACCEPTED
