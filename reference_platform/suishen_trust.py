"""Issuer keys and the trust list the anchor signs (spec section 6).

An issuer key signs codes while now is within its [nbf, exp]; rotation adds
newer keys, which take over. A key stays in the trust list until every code
it can have signed has expired (its exp plus the longest code validity), so
a code issued just before rotation, or just before the key's exp, still
verifies for its whole life.

Every document is published under a new seq and kept, so its bytes never
change once served. A document is republished (seq + 1) once half of its
validity has passed, so a kiosk syncing at least that often never holds a
stale one.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cbor2

from .database import Database
from .settings import PlatformSettings
from .suishen_encoding import HEADER_KID, CoseAlg, cose_sign1, deterministic_cbor
from .suishen_keys import SigningKey, Sm2SigningKey, generate_key, load_key

TRUST = "trust"
REVOCATION = "revocation"

CATEGORIES = ("elder", "minor", "disabled", "resident")


@dataclass(frozen=True)
class TrustDocument:
    """A signed trust list or revocation document exactly as served."""

    kind: str
    seq: int
    iat: int
    exp: int
    body: bytes
    # The seq a revocation delta applies to; None for full documents.
    base: int | None = None

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest() + '"'

    def is_due(self, now: int, anchor_kid: bytes) -> bool:
        """Half its validity has passed, or another anchor signed it: publish anew."""
        if now >= self.iat + (self.exp - self.iat) // 2:
            return True
        protected = cbor2.loads(cbor2.loads(self.body).value[0])
        return protected.get(HEADER_KID) != anchor_kid


def anchor_signed(anchor: Sm2SigningKey, payload: dict[str, Any]) -> bytes:
    """COSE_Sign1 (tag 18) by the anchor, protected {1: alg, 4: kid}, deterministic CBOR."""
    return deterministic_cbor(cose_sign1(anchor, deterministic_cbor(payload)))


def latest_document(conn: sqlite3.Connection, kind: str) -> TrustDocument | None:
    row = conn.execute(
        "SELECT * FROM suishen_documents WHERE kind = ? ORDER BY seq DESC LIMIT 1", (kind,)
    ).fetchone()
    if row is None:
        return None
    return TrustDocument(kind, row["seq"], row["iat"], row["exp"], bytes(row["document"]))


def store_document(conn: sqlite3.Connection, document: TrustDocument) -> None:
    conn.execute(
        "INSERT INTO suishen_documents VALUES (?, ?, ?, ?, ?)",
        (document.kind, document.seq, document.iat, document.exp, document.body),
    )


def next_seq(conn: sqlite3.Connection, kind: str) -> int:
    row = conn.execute(
        "SELECT MAX(seq) AS seq FROM suishen_documents WHERE kind = ?", (kind,)
    ).fetchone()
    return (row["seq"] or 0) + 1


@dataclass(frozen=True)
class KeyRotation:
    """What a rotation published: the trust list's seq and the new keys' kids."""

    trust_seq: int
    kids: tuple[bytes, ...]


@dataclass(frozen=True)
class IssuerKey:
    """An issuer key pair and its trust-list entry."""

    key: SigningKey
    nbf: int
    exp: int
    cats: tuple[str, ...] | None

    @property
    def alg(self) -> CoseAlg:
        return self.key.alg

    @property
    def kid(self) -> bytes:
        return self.key.kid

    def may_issue(self, category: str, at: int) -> bool:
        return self.nbf <= at <= self.exp and (self.cats is None or category in self.cats)

    def entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "kid": self.kid,
            "alg": int(self.alg),
            "spki": self.key.spki,
            "nbf": self.nbf,
            "exp": self.exp,
        }
        if self.cats is not None:
            entry["cats"] = list(self.cats)
        return entry


class IssuerKeyring:
    """The issuer keys in the database and the trust lists that publish them."""

    def __init__(self, db: Database, anchor: Sm2SigningKey, settings: PlatformSettings) -> None:
        self.db = db
        self.anchor = anchor
        self.settings = settings

    # -- keys --------------------------------------------------------------

    def keys(self, conn: sqlite3.Connection) -> list[IssuerKey]:
        """Every stored key, oldest first (the trust list's order)."""
        rows = conn.execute("SELECT * FROM suishen_issuer_keys ORDER BY id").fetchall()
        return [
            IssuerKey(
                key=load_key(CoseAlg(row["alg"]), bytes(row["private_key"])),
                nbf=row["nbf"],
                exp=row["exp"],
                cats=None if row["cats_json"] is None else tuple(json.loads(row["cats_json"])),
            )
            for row in rows
        ]

    def listed(self, keys: Sequence[IssuerKey], now: int) -> list[IssuerKey]:
        """Keys some still-valid code may have been signed with."""
        grace = max(
            self.settings.suishen_static_validity_s, self.settings.suishen_dynamic_validity_s
        )
        return [k for k in keys if k.exp + grace >= now]

    def add_keys(
        self,
        conn: sqlite3.Connection,
        now: int,
        algs: Sequence[CoseAlg] = (CoseAlg.SM2, CoseAlg.ES256),
        cats: Sequence[str] | None = None,
    ) -> list[IssuerKey]:
        """New keys valid from now; the caller publishes the trust list."""
        if cats is not None and (not cats or not set(cats) <= set(CATEGORIES)):
            raise ValueError(f"cats must be a non-empty subset of {CATEGORIES}")
        added = []
        for alg in algs:
            key = IssuerKey(
                key=generate_key(alg),
                nbf=now,
                exp=now + self.settings.suishen_issuer_key_validity_s,
                cats=None if cats is None else tuple(dict.fromkeys(cats)),
            )
            conn.execute(
                "INSERT INTO suishen_issuer_keys (alg, private_key, nbf, exp, cats_json)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    int(alg),
                    key.key.to_bytes(),
                    key.nbf,
                    key.exp,
                    None if key.cats is None else json.dumps(list(key.cats)),
                ),
            )
            added.append(key)
        return added

    def signing_key(
        self, conn: sqlite3.Connection, alg: CoseAlg, category: str, now: int
    ) -> IssuerKey:
        """The newest key of `alg` that may sign a `category` code now.

        When none may (all expired, or all restricted to other categories) a
        new unrestricted one is added and published first.
        """
        for key in reversed(self.keys(conn)):
            if key.alg == alg and key.may_issue(category, now):
                return key
        (key,) = self.add_keys(conn, now, algs=(alg,))
        self.publish(conn, now)
        return key

    # -- the trust list ----------------------------------------------------

    def publish(self, conn: sqlite3.Connection, now: int) -> TrustDocument:
        """Sign the keys now listed into a trust list with the next seq."""
        seq = next_seq(conn, TRUST)
        exp = now + self.settings.trust_list_validity_s
        entries = [k.entry() for k in self.listed(self.keys(conn), now)]
        body = anchor_signed(self.anchor, {"seq": seq, "iat": now, "exp": exp, "keys": entries})
        document = TrustDocument(TRUST, seq, now, exp, body)
        store_document(conn, document)
        return document

    def ensure_keys(self, conn: sqlite3.Connection, now: int) -> bool:
        """First start: one unrestricted key per algorithm. True if keys were added."""
        if conn.execute("SELECT 1 FROM suishen_issuer_keys LIMIT 1").fetchone():
            return False
        self.add_keys(conn, now)
        return True

    def current(self, now: int) -> TrustDocument:
        """The trust list to serve, republished first if it is due."""
        with self.db.read() as conn:
            document = latest_document(conn, TRUST)
        if document is not None and not document.is_due(now, self.anchor.kid):
            return document
        with self.db.write() as conn:
            # Re-read under the write lock: another request may have just published.
            document = latest_document(conn, TRUST)
            if document is None or document.is_due(now, self.anchor.kid):
                document = self.publish(conn, now)
        return document

    def rotate(
        self, now: int, cats: Sequence[str] | None = None
    ) -> tuple[TrustDocument, list[IssuerKey]]:
        """Add an SM2 and an ES256 key (newest signs from now on) and publish seq + 1."""
        with self.db.write() as conn:
            added = self.add_keys(conn, now, cats=cats)
            return self.publish(conn, now), added
