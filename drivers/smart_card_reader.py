"""Interface of a contact smart card reader (PC/SC via pyscard in production)."""

from __future__ import annotations

import abc

from drivers.device import Device, DeviceKind


class CardConnection(abc.ABC):
    """An open session with one inserted card.

    `transmit` raises CardNotPresent once the card is removed; a session
    never survives a removal, even if the same card goes back in.
    """

    def __init__(self, reader_id: str) -> None:
        self.reader_id = reader_id

    @property
    @abc.abstractmethod
    def atr(self) -> bytes: ...

    @abc.abstractmethod
    def transmit(self, apdu: bytes, timeout_s: float = 5.0) -> tuple[bytes, int, int]:
        """Send one command APDU; returns (response data, SW1, SW2).

        Raises CardNotPresent, DeviceTimeout or DeviceUnavailable.
        """

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> CardConnection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class SmartCardReader(Device):
    """Events: CARD_INSERTED / CARD_REMOVED, LOST / FOUND (reader unplugged, pcscd restart)."""

    def __init__(self, device_id: str) -> None:
        super().__init__(device_id, DeviceKind.SMART_CARD_READER)

    @abc.abstractmethod
    def is_card_present(self) -> bool: ...

    @abc.abstractmethod
    def connect(self, timeout_s: float) -> CardConnection:
        """Wait up to `timeout_s` for a card and power it up.

        Raises CardNotPresent if none arrives, DeviceUnavailable if the
        reader is gone.
        """
