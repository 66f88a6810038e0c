"""Reference implementation of the city platform that kiosks talk to (docs/platform-api.md)."""

from .app import create_app
from .server import EmbeddedPlatform, run
from .settings import PlatformSettings
from .signing import PlatformPublicKey, platform_public_key

__all__ = [
    "EmbeddedPlatform",
    "PlatformPublicKey",
    "PlatformSettings",
    "create_app",
    "platform_public_key",
    "run",
]
