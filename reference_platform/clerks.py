"""Clerk accounts of the remote virtual window: passwords, lockout, bearer sessions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .database import Database
from .errors import ApiError
from .settings import PlatformSettings

# scrypt at n=2^14, r=8: ~16 MiB and tens of milliseconds a guess.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


class ClerkRole(StrEnum):
    clerk = "clerk"
    supervisor = "supervisor"


@dataclass(frozen=True)
class Clerk:
    clerk_id: str
    username: str
    name: str
    staff_number: str
    role: ClerkRole
    skills: tuple[str, ...]
    languages: tuple[str, ...]

    @property
    def is_supervisor(self) -> bool:
        return self.role is ClerkRole.supervisor

    def view(self) -> dict:
        """ClerkView of docs/remote-window.md."""
        return {
            "clerk_id": self.clerk_id,
            "name": self.name,
            "staff_number": self.staff_number,
            "role": self.role.value,
            "skills": list(self.skills),
            "languages": list(self.languages),
        }

    @classmethod
    def of(cls, row: sqlite3.Row) -> Clerk:
        return cls(
            clerk_id=row["clerk_id"],
            username=row["username"],
            name=row["name"],
            staff_number=row["staff_number"],
            role=ClerkRole(row["role"]),
            skills=tuple(json.loads(row["skills_json"])),
            languages=tuple(json.loads(row["languages_json"])),
        )


@dataclass(frozen=True)
class ClerkSession:
    token: str  # shown once, never stored
    expires_at: datetime
    clerk: Clerk


# username, password, clerk_id, name, staff number, role, skills, languages
DEMO_CLERKS = (
    (
        "clerk01",
        "window-demo-01",
        "clerk-0101",
        "王敏",
        "0101",
        "clerk",
        ["personal"],
        ["zh", "en"],
    ),
    ("clerk02", "window-demo-02", "clerk-0102", "李强", "0102", "clerk", ["enterprise"], ["zh"]),
    (
        "super01",
        "window-demo-09",
        "clerk-0109",
        "陈静",
        "0109",
        "supervisor",
        ["personal", "enterprise"],
        ["zh", "en"],
    ),
)


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    b64 = base64.b64encode
    return (
        f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}$"
        f"{b64(salt).decode('ascii')}${b64(digest).decode('ascii')}"
    )


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        digest = hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest, expected)


# Compared against when the username is unknown, so timing does not tell which names exist.
_UNKNOWN_USER_HASH = hash_password("", salt=b"\0" * 16)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ClerkDirectory:
    """Clerk accounts and their sessions over the platform database."""

    def __init__(self, db: Database, settings: PlatformSettings) -> None:
        self._db = db
        self._settings = settings

    def add(
        self,
        username: str,
        password: str,
        clerk_id: str,
        name: str,
        staff_number: str,
        role: str,
        skills: list[str],
        languages: list[str],
    ) -> Clerk:
        password_hash = hash_password(password)
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO clerks (clerk_id, username, name, staff_number, role, skills_json,"
                " languages_json, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    clerk_id,
                    username,
                    name,
                    staff_number,
                    ClerkRole(role).value,
                    json.dumps(skills),
                    json.dumps(languages),
                    password_hash,
                ),
            )
            row = conn.execute("SELECT * FROM clerks WHERE clerk_id = ?", (clerk_id,)).fetchone()
        return Clerk.of(row)

    def seed_demo_clerks(self) -> None:
        """The demo accounts of docs/remote-window.md; existing accounts are left alone."""
        with self._db.read() as conn:
            present = {row["username"] for row in conn.execute("SELECT username FROM clerks")}
        for username, password, *rest in DEMO_CLERKS:
            if username not in present:
                self.add(username, password, *rest)

    def clerk(self, clerk_id: str) -> Clerk | None:
        with self._db.read() as conn:
            row = conn.execute("SELECT * FROM clerks WHERE clerk_id = ?", (clerk_id,)).fetchone()
        return Clerk.of(row) if row is not None else None

    def sign_in(self, username: str, password: str, now: datetime) -> ClerkSession:
        """A new session; ApiError 401 bad_credentials or 429 clerk_locked."""
        with self._db.read() as conn:
            row = conn.execute("SELECT * FROM clerks WHERE username = ?", (username,)).fetchone()
        if row is None:
            password_matches(password, _UNKNOWN_USER_HASH)
            raise ApiError(401, "bad_credentials", "unknown username or wrong password")
        locked_until = row["locked_until"]
        if locked_until is not None and now < datetime.fromisoformat(locked_until):
            raise ApiError(
                429, "clerk_locked", f"too many wrong passwords; locked until {locked_until}"
            )
        if not password_matches(password, row["password_hash"]):
            self._count_failure(row["clerk_id"], now)
            raise ApiError(401, "bad_credentials", "unknown username or wrong password")
        token = secrets.token_urlsafe(32)
        expires_at = now + timedelta(seconds=self._settings.clerk_session_ttl_s)
        with self._db.write() as conn:
            conn.execute(
                "UPDATE clerks SET failed_attempts = 0, locked_until = NULL WHERE clerk_id = ?",
                (row["clerk_id"],),
            )
            conn.execute(
                "INSERT INTO clerk_sessions (token_hash, clerk_id, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (_token_hash(token), row["clerk_id"], now.isoformat(), expires_at.isoformat()),
            )
        return ClerkSession(token=token, expires_at=expires_at, clerk=Clerk.of(row))

    def _count_failure(self, clerk_id: str, now: datetime) -> None:
        with self._db.write() as conn:
            (failures,) = conn.execute(
                "UPDATE clerks SET failed_attempts = failed_attempts + 1 WHERE clerk_id = ?"
                " RETURNING failed_attempts",
                (clerk_id,),
            ).fetchone()
            if failures >= self._settings.clerk_max_failures:
                # The count starts again after the lock, so each lock costs five more guesses.
                until = now + timedelta(seconds=self._settings.clerk_lockout_s)
                conn.execute(
                    "UPDATE clerks SET failed_attempts = 0, locked_until = ? WHERE clerk_id = ?",
                    (until.isoformat(), clerk_id),
                )

    def authenticate(self, token: str, now: datetime) -> Clerk | None:
        """The clerk of a live session token, or None (unknown, signed out or expired)."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT clerks.*, clerk_sessions.expires_at AS session_expires"
                " FROM clerk_sessions JOIN clerks USING (clerk_id)"
                " WHERE token_hash = ? AND ended_at IS NULL",
                (_token_hash(token),),
            ).fetchone()
        if row is None or now >= datetime.fromisoformat(row["session_expires"]):
            return None
        return Clerk.of(row)

    def sign_out(self, token: str, now: datetime) -> None:
        with self._db.write() as conn:
            conn.execute(
                "UPDATE clerk_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
                (now.isoformat(), _token_hash(token)),
            )
