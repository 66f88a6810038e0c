"""Interface of a resident ID card reader (GA/T 467 SAM readers and the like)."""

from __future__ import annotations

import abc

from drivers.device import Device, DeviceKind
from drivers.identity_document import IdentityDocument


class IdCardReader(Device):
    """Reads contactless identity documents.

    Events: CARD_INSERTED / CARD_REMOVED when a card is placed on or taken
    off the reader, LOST / FOUND when the reader disappears or comes back.
    Real readers detect a card by polling (寻卡) on their I/O thread.
    """

    def __init__(self, device_id: str) -> None:
        super().__init__(device_id, DeviceKind.ID_CARD_READER)

    @abc.abstractmethod
    def is_card_present(self) -> bool: ...

    @abc.abstractmethod
    def read_card(self, timeout_s: float) -> IdentityDocument:
        """Wait up to `timeout_s` for a card and read it.

        Raises:
            CardNotPresent: no card arrived before the timeout.
            CardReadIncomplete: the card was moved away mid-read or read partly.
            DeviceTimeout: the reader itself stopped answering.
            DeviceUnavailable: the reader is unplugged or not opened.
        """
