"""Request and response bodies of the Suishen endpoints (docs/platform-api.md)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from .models import ID_NUMBER_PATTERN
from .seed import Category
from .suishen_codes import CodeKind, IssuedCode, Profile
from .suishen_encoding import CoseAlg
from .suishen_trust import IssuerKey

HEX_RID_PATTERN = r"^[0-9a-fA-F]{16}$"


class SuishenAlg(StrEnum):
    """Signature algorithms by name; CoseAlg holds their COSE ids."""

    SM2 = "SM2"
    ES256 = "ES256"

    @property
    def cose(self) -> CoseAlg:
        return CoseAlg[self.value]


class CodeRequest(BaseModel):
    """A code for the consenting resident."""

    profile: Profile = Field(description="S: static offline code; D: dynamic phone code")
    alg: SuishenAlg = Field(default=SuishenAlg.SM2, description="Issuer signature algorithm")


class DemoCodeRequest(BaseModel):
    """A test code for the kiosk demo's simulated camera (demo platforms only)."""

    id_number: str = Field(pattern=ID_NUMBER_PATTERN, description="A demo resident")
    kind: CodeKind = Field(default=CodeKind.valid, description="The verifier outcome to provoke")
    profile: Profile = Profile.S
    alg: SuishenAlg = SuishenAlg.SM2


class IssuedCodeView(BaseModel):
    qr: str = Field(description='The QR text, "SC1:" + base45', examples=["SC1:NCF..."])
    profile: Profile
    kind: CodeKind = Field(description="`valid` for every code of POST /api/v1/suishen/codes")
    alg: SuishenAlg
    kid: str = Field(description="Hex kid of the issuer key that signed (or claims to)")
    iat: int = Field(description="Issued at, Unix seconds (as in the code)")
    exp: int = Field(description="Expires at, Unix seconds; S: iat + 180 days")
    rid: str = Field(description="Hex of the 8-byte revocation id")
    category: Category
    credential: str = Field(description="Hex of the credential alone (COSE_Sign1, tag 18)")
    proof: str | None = Field(description="Profile D: hex of the holder's proof for proof_t")
    proof_t: int | None = Field(description="Profile D: the proof's 30-second time step")
    revocation_seq: int | None = Field(
        description="Seq of the revocation list this issuance published (a previous S code"
        " revoked, or a `revoked` demo code), else null"
    )

    @classmethod
    def of(cls, code: IssuedCode) -> IssuedCodeView:
        return cls(
            qr=code.qr,
            profile=code.profile,
            kind=code.kind,
            alg=SuishenAlg(code.alg.name),
            kid=code.kid.hex(),
            iat=code.iat,
            exp=code.exp,
            rid=code.rid.hex(),
            category=Category(code.category),
            credential=code.credential.hex(),
            proof=None if code.proof is None else code.proof.hex(),
            proof_t=code.proof_step,
            revocation_seq=code.revocation_seq,
        )


class AnchorKey(BaseModel):
    """The trust anchor, for pinning in kiosk configuration at install time."""

    alg: Literal["SM2"]
    cose_alg: int = Field(examples=[-65537])
    kid: str = Field(description="Hex of SHA-256(SPKI)[:8], the documents' protected kid")
    spki: str = Field(description="Hex of the DER SubjectPublicKeyInfo")


class RevokeRequest(BaseModel):
    rid: str = Field(pattern=HEX_RID_PATTERN, description="Hex of an 8-byte rid")


class RevokeResult(BaseModel):
    rid: str
    revocation_seq: int = Field(description="Seq of the current revocation list")
    changed: bool = Field(description="False if the rid was already listed")


class RotateRequest(BaseModel):
    cats: list[Category] | None = Field(
        default=None,
        min_length=1,
        description="Categories the new keys may issue; null or absent: all",
    )


class IssuerKeyView(BaseModel):
    kid: str
    alg: SuishenAlg
    nbf: int
    exp: int
    cats: list[Category] | None

    @classmethod
    def of(cls, key: IssuerKey) -> IssuerKeyView:
        return cls(
            kid=key.kid.hex(),
            alg=SuishenAlg(key.alg.name),
            nbf=key.nbf,
            exp=key.exp,
            cats=None if key.cats is None else [Category(c) for c in key.cats],
        )


class RotateResult(BaseModel):
    trust_seq: int = Field(description="Seq of the trust list that publishes the new keys")
    keys: list[IssuerKeyView] = Field(description="The keys added: one SM2, one ES256")
