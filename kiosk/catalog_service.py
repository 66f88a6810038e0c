"""Keeps the kiosk's catalog current, and the last good one when it cannot."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum

from kiosk.catalog import Catalog, CatalogFormatError, parse_catalog
from kiosk.platform_client import PlatformClient, PlatformRejected, PlatformUnavailable
from kiosk.platform_key import PinnedPlatformKey, SignatureRefused
from offline_cache.catalog_store import CatalogStore

log = logging.getLogger(__name__)


class CatalogRefresh(StrEnum):
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED_SIGNATURE = "refused_signature"
    REFUSED_FORMAT = "refused_format"
    UNREACHABLE = "unreachable"


class CatalogService:
    def __init__(self, store: CatalogStore, platform_key: PinnedPlatformKey) -> None:
        self._store = store
        self._key = platform_key
        self._lock = threading.Lock()
        self._catalog: Catalog | None = None
        self._listeners: list[Callable[[Catalog], None]] = []

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog

    def on_change(self, listener: Callable[[Catalog], None]) -> None:
        self._listeners.append(listener)

    def load_cached(self) -> Catalog | None:
        """Load the offline copy, checking its signature again: disks get edited."""
        snapshot = self._store.load()
        if snapshot is None:
            return None
        try:
            self._key.verify_header(snapshot.body, snapshot.signature)
            catalog = parse_catalog(snapshot.body)
        except (SignatureRefused, CatalogFormatError) as exc:
            log.error("cached catalog refused: %s", exc)
            return None
        self._set(catalog)
        return catalog

    def refresh(self, client: PlatformClient) -> CatalogRefresh:
        snapshot = self._store.load()
        etag = snapshot.etag if snapshot and self._catalog else None
        try:
            download = client.fetch_catalog(etag)
        except (PlatformUnavailable, PlatformRejected) as exc:
            log.warning("catalog not refreshed, platform unavailable: %s", exc)
            return CatalogRefresh.UNREACHABLE
        if download is None:
            self._store.touch()
            return CatalogRefresh.UNCHANGED
        try:
            self._key.verify_header(download.body, download.signature)
        except SignatureRefused as exc:
            log.error("catalog refused, keeping version %s: %s", self._version(), exc)
            return CatalogRefresh.REFUSED_SIGNATURE
        try:
            catalog = parse_catalog(download.body)
        except CatalogFormatError as exc:
            log.error("catalog refused, keeping version %s: %s", self._version(), exc)
            return CatalogRefresh.REFUSED_FORMAT
        self._store.save(download.body, download.etag, download.signature or "", catalog.version)
        changed = self._catalog is None or self._catalog.version != catalog.version
        self._set(catalog)
        log.info("catalog version %s loaded (%d items)", catalog.version, len(catalog.items))
        return CatalogRefresh.UPDATED if changed else CatalogRefresh.UNCHANGED

    def _version(self) -> str:
        return self._catalog.version if self._catalog else "none"

    def _set(self, catalog: Catalog) -> None:
        with self._lock:
            self._catalog = catalog
        for listener in list(self._listeners):
            listener(catalog)

