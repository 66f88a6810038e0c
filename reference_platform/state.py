"""What one running platform instance holds in memory, and request-level accessors."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from .catalog_schema import CatalogItem
from .database import DB_FILE_NAME, Database
from .devices import DeviceRegistry, verify_device_request
from .errors import ApiError
from .face_enrolment import FaceEnrolment
from .kiosk_policy import PolicyStore
from .models import KIOSK_ID_PATTERN
from .seed import load_catalog, load_residents, validate_catalog
from .settings import PlatformSettings
from .signing import CatalogSigner, load_or_create_signing_key, private_key_from
from .suishen_codes import SuishenIssuer
from .suishen_keys import load_or_create_anchor_key


@dataclass(frozen=True)
class PublishedCatalog:
    """A catalog exactly as served: body bytes with their ETag and signature."""

    version: str
    body: bytes
    etag: str
    signature: str
    items: dict[str, CatalogItem]


class PlatformState:
    """Database, catalog, signing keys and Suishen issuer of one platform; on app.state.platform."""

    def __init__(self, settings: PlatformSettings) -> None:
        self.settings = settings
        # Residents' records and materials live here: owner-only when we create it.
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Read per response by the delay middleware, so tests may change it live.
        self.response_delay_s = settings.response_delay_s
        key = (
            private_key_from(settings.signing_key)
            if settings.signing_key is not None
            else load_or_create_signing_key(settings.data_dir)
        )
        self.signer = CatalogSigner(key)
        self.db = Database(settings.data_dir / DB_FILE_NAME)
        residents = load_residents(settings.residents_path)
        self.db.load_residents(residents)
        self.faces = FaceEnrolment()
        if settings.demo_faces:
            self.faces.enrol_demo_residents(r.id_number for r in residents)
        self.catalog = self._publish(load_catalog(settings.catalog_path)[0])
        self.suishen = SuishenIssuer(
            self.db, settings, load_or_create_anchor_key(settings.data_dir)
        )
        self.suishen.start(self.unix_now())
        self.devices = DeviceRegistry(self.db, settings)
        self.kiosk_policy = PolicyStore(settings.data_dir)

    def now(self) -> datetime:
        return self.settings.clock()

    def unix_now(self) -> int:
        """The clock as integer Unix seconds, the time unit of Suishen codes."""
        return int(self.now().timestamp())

    def _publish(self, raw: dict[str, Any]) -> PublishedCatalog:
        catalog = validate_catalog(raw)
        # Served as authored (no defaults filled in), compactly, as UTF-8.
        body = json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return PublishedCatalog(
            version=catalog.version,
            body=body,
            etag='"' + hashlib.sha256(body).hexdigest() + '"',
            signature=self.signer.signature_header(body),
            items={item.code: item for item in catalog.items},
        )

    def replace_catalog(self, raw: dict[str, Any]) -> None:
        """Publish a new catalog (after the same checks as the seed); raises SeedError."""
        # One attribute assignment: readers see the old or the new catalog, never a mix.
        self.catalog = self._publish(raw)


def get_state(request: Request) -> PlatformState:
    return request.app.state.platform


async def require_kiosk_id(
    request: Request,
    x_kiosk_id: Annotated[
        str | None,
        Header(
            alias="X-Kiosk-Id",
            description="Identifies the calling kiosk; required on every kiosk call",
        ),
    ] = None,
) -> str:
    """The X-Kiosk-Id header; 400 kiosk_id_required when absent or malformed.

    Whatever takes a kiosk id is a kiosk call, so this is also where the
    device signature is checked (reference_platform/devices.py): no kiosk
    call can be added that skips it.
    """
    if x_kiosk_id is None or not re.match(KIOSK_ID_PATTERN, x_kiosk_id):
        raise ApiError(400, "kiosk_id_required", "X-Kiosk-Id header missing or malformed")
    await verify_device_request(request, x_kiosk_id)
    return x_kiosk_id


def require_same_kiosk(body_kiosk_id: str, header_kiosk_id: str) -> None:
    """A body or path naming another kiosk than the header is a client bug: 400."""
    if body_kiosk_id != header_kiosk_id:
        raise ApiError(400, "kiosk_id_mismatch", "kiosk_id differs from the X-Kiosk-Id header")


State = Annotated[PlatformState, Depends(get_state)]
KioskId = Annotated[str, Depends(require_kiosk_id)]
