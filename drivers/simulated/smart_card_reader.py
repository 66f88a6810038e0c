"""A simulated PC/SC reader holding virtual cards."""

from __future__ import annotations

import threading
import time
from enum import StrEnum
from pathlib import Path

from drivers.device import (
    CardNotPresent,
    DeviceEventKind,
    DeviceHealth,
    DeviceUnavailable,
)
from drivers.simulated.hot_plug import HotPlugSimulation
from drivers.simulated.social_security_card import (
    DEFAULT_CARDS_DIR,
    VirtualCard,
    VirtualSocialSecurityCard,
    load_social_security_card,
)
from drivers.smart_card_reader import CardConnection, SmartCardReader


class SimulatedSmartCardFault(StrEnum):
    # The card is pulled after `pull_after_apdus` further APDUs.
    PULLED_MID_READ = "pulled_mid_read"
    UNPLUGGED = "unplugged"


class SimulatedCardConnection(CardConnection):
    def __init__(self, reader: SimulatedSmartCardReader, session: int, atr: bytes) -> None:
        super().__init__(reader.device_id)
        self._reader = reader
        self._session = session
        self._atr = atr
        self._closed = False

    @property
    def atr(self) -> bytes:
        return self._atr

    def transmit(self, apdu: bytes, timeout_s: float = 5.0) -> tuple[bytes, int, int]:
        if self._closed:
            raise DeviceUnavailable(self.reader_id, "connection closed")
        response = self._reader._exchange(self._session, apdu)
        return response[:-2], response[-2], response[-1]

    def close(self) -> None:
        self._closed = True


class SimulatedSmartCardReader(HotPlugSimulation, SmartCardReader):
    def __init__(
        self,
        device_id: str = "simulated-smart-card-reader",
        cards_dir: str | Path | None = None,
        apdu_delay_s: float = 0.002,
        pull_after_apdus: int = 5,
    ) -> None:
        super().__init__(device_id)
        self._cards_dir = Path(cards_dir) if cards_dir else DEFAULT_CARDS_DIR
        self._apdu_delay_s = apdu_delay_s
        self.pull_after_apdus = pull_after_apdus
        self._condition = threading.Condition()
        self._card: VirtualCard | None = None
        # A new session number per insertion; old connections become stale.
        self._session = 0
        self._apdus_until_pull: int | None = None
        self._fault: SimulatedSmartCardFault | None = None

    # -- simulation controls -------------------------------------------------

    def available_cards(self) -> list[str]:
        return sorted(path.stem for path in self._cards_dir.glob("*.json"))

    def make_card(self, card_name: str) -> VirtualSocialSecurityCard:
        path = self._cards_dir / f"{card_name}.json"
        if not path.is_file():
            raise ValueError(f"no simulated card {card_name!r}; have {self.available_cards()}")
        return VirtualSocialSecurityCard(load_social_security_card(path))

    def insert_card(self, card: str | VirtualCard) -> VirtualCard:
        """Insert a named demo card or a prepared virtual card; returns the card."""
        virtual_card = self.make_card(card) if isinstance(card, str) else card
        virtual_card.reset()
        self.remove_card()
        with self._condition:
            self._card = virtual_card
            self._session += 1
            if self._fault is SimulatedSmartCardFault.PULLED_MID_READ:
                self._apdus_until_pull = self.pull_after_apdus
            self._condition.notify_all()
        self._emit(DeviceEventKind.CARD_INSERTED)
        return virtual_card

    def remove_card(self) -> None:
        with self._condition:
            if self._card is None:
                return
            self._card = None
            self._session += 1
            self._apdus_until_pull = None
            self._condition.notify_all()
        self._emit(DeviceEventKind.CARD_REMOVED)

    def pull_card_after(self, apdu_count: int) -> None:
        """Remove the inserted card once `apdu_count` more APDUs were answered."""
        with self._condition:
            self._apdus_until_pull = apdu_count

    @property
    def fault(self) -> SimulatedSmartCardFault | None:
        if not self._plugged_in:
            return SimulatedSmartCardFault.UNPLUGGED
        return self._fault

    @fault.setter
    def fault(self, fault: SimulatedSmartCardFault | str | None) -> None:
        new_fault = SimulatedSmartCardFault(fault) if fault is not None else None
        self._fault = new_fault
        if new_fault is SimulatedSmartCardFault.PULLED_MID_READ:
            self.pull_card_after(self.pull_after_apdus)
        if new_fault is SimulatedSmartCardFault.UNPLUGGED:
            self.unplug()
        else:
            self.replug()

    # -- Device / SmartCardReader ---------------------------------------------

    def health(self) -> DeviceHealth:
        return self._presence_health() or DeviceHealth.READY

    def is_card_present(self) -> bool:
        with self._condition:
            self._require_usable()
            return self._card is not None

    def connect(self, timeout_s: float) -> CardConnection:
        with self._condition:
            self._require_usable()
            self._condition.wait_for(
                lambda: self._card is not None or not self._plugged_in or not self._is_open,
                timeout_s,
            )
            self._require_usable()
            if self._card is None:
                raise CardNotPresent(self.device_id)
            self._card.reset()
            return SimulatedCardConnection(self, self._session, self._card.atr)

    def close(self) -> None:
        with self._condition:
            super().close()
            self._condition.notify_all()

    def _on_plug_changed(self) -> None:
        with self._condition:
            self._condition.notify_all()

    def _exchange(self, session: int, apdu: bytes) -> bytes:
        pulled = False
        with self._condition:
            self._require_usable()
            if self._card is None or session != self._session:
                raise CardNotPresent(self.device_id)
            if self._apdus_until_pull is not None and self._apdus_until_pull <= 0:
                pulled = True
            else:
                if self._apdus_until_pull is not None:
                    self._apdus_until_pull -= 1
                response = self._card.process_apdu(apdu)
        if pulled:
            self.remove_card()
            raise CardNotPresent(self.device_id, "card removed")
        if self._apdu_delay_s:
            time.sleep(self._apdu_delay_s)
        return response
