"""A small SC1 world for the tests: an anchor, issuers, holders and synced trust data."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kiosk.suishen import InMemoryReplayMemory, TrustDocumentKind, TrustStore
from tests.suishen.issuing import Signer, key_entry, revocation_list, trust_list

REVOKED_RID = b"\x99" * 8


@dataclass
class World:
    anchor: Signer
    sm2_issuer: Signer
    es256_issuer: Signer
    sm2_holder: Signer
    es256_holder: Signer
    store: TrustStore
    replay: InMemoryReplayMemory


@pytest.fixture(scope="session")
def signers() -> dict[str, Signer]:
    # Key generation is the slow part; the keys are immutable, so share them.
    return {
        "anchor": Signer.sm2(),
        "sm2_issuer": Signer.sm2(),
        "es256_issuer": Signer.es256(),
        "sm2_holder": Signer.sm2(),
        "es256_holder": Signer.es256(),
    }


@pytest.fixture
def world(signers) -> World:
    store = TrustStore(signers["anchor"].spki)
    entries = [key_entry(signers["sm2_issuer"]), key_entry(signers["es256_issuer"])]
    assert store.apply(
        TrustDocumentKind.TRUST_LIST, trust_list(signers["anchor"], entries)
    ).accepted
    assert store.apply(
        TrustDocumentKind.REVOCATION_LIST, revocation_list(signers["anchor"], [REVOKED_RID])
    ).accepted
    return World(store=store, replay=InMemoryReplayMemory(), **signers)
