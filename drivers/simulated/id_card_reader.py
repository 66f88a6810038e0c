"""A simulated ID card reader whose cards are JSON files.

Like AusweisApp's simulator card, the cards live as data
(`drivers/simulated/cards/<name>.json`), so demo residents can be added
without touching code.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from enum import StrEnum
from pathlib import Path

from drivers.device import (
    CardNotPresent,
    CardReadIncomplete,
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
)
from drivers.id_card_reader import IdCardReader
from drivers.identity_document import (
    IdentityDocument,
    IdentityDocumentType,
    id_number_checksum_valid,
)
from drivers.simulated.hot_plug import HotPlugSimulation

DEFAULT_CARDS_DIR = Path(__file__).with_name("cards")


class SimulatedIdReaderFault(StrEnum):
    # The read stops halfway, as when a card is slid off the reader.
    HALF_READ = "half_read"
    # The reader stops answering (SAM module hung).
    TIMEOUT = "timeout"
    UNPLUGGED = "unplugged"


def load_identity_card(path: Path) -> IdentityDocument:
    """Parse one card file; raises ValueError naming the file on bad data."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    try:
        document = IdentityDocument(
            doc_type=IdentityDocumentType(raw["doc_type"]),
            name=raw["name"],
            sex=raw["sex"],
            ethnicity=raw["ethnicity"],
            birth_date=dt.date.fromisoformat(raw["birth_date"]),
            address=raw["address"],
            id_number=raw["id_number"],
            issuer=raw["issuer"],
            valid_from=dt.date.fromisoformat(raw["valid_from"]),
            valid_to=dt.date.fromisoformat(raw["valid_to"]) if raw["valid_to"] else None,
            photo_wlt=bytes.fromhex(raw.get("photo_wlt_hex", "")),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise ValueError(f"invalid card file {path.name}: {error}") from error
    if not id_number_checksum_valid(document.id_number):
        raise ValueError(f"invalid card file {path.name}: id_number check digit wrong")
    return document


class SimulatedIdCardReader(HotPlugSimulation, IdCardReader):
    def __init__(
        self,
        device_id: str = "simulated-id-card-reader",
        cards_dir: str | Path | None = None,
        read_delay_s: float = 0.3,
    ) -> None:
        super().__init__(device_id)
        self._cards_dir = Path(cards_dir) if cards_dir else DEFAULT_CARDS_DIR
        self._read_delay_s = read_delay_s
        self._condition = threading.Condition()
        self._card: IdentityDocument | None = None
        # Bumped on every insert/remove so a read notices a swapped card.
        self._card_generation = 0
        self._fault: SimulatedIdReaderFault | None = None
        self._reading = False

    # -- simulation controls -------------------------------------------------

    def available_cards(self) -> list[str]:
        return sorted(path.stem for path in self._cards_dir.glob("*.json"))

    def card_document(self, card_name: str) -> IdentityDocument:
        """What the named card holds, without a read (for demo tools that need its number)."""
        return load_identity_card(self._cards_dir / f"{card_name}.json")

    def insert_card(self, card_name: str) -> None:
        path = self._cards_dir / f"{card_name}.json"
        if not path.is_file():
            raise ValueError(f"no simulated card {card_name!r}; have {self.available_cards()}")
        document = load_identity_card(path)
        with self._condition:
            had_card = self._card is not None
            self._card = document
            self._card_generation += 1
            self._condition.notify_all()
        if had_card:
            self._emit(DeviceEventKind.CARD_REMOVED)
        self._emit(DeviceEventKind.CARD_INSERTED)

    def remove_card(self) -> None:
        with self._condition:
            if self._card is None:
                return
            self._card = None
            self._card_generation += 1
            self._condition.notify_all()
        self._emit(DeviceEventKind.CARD_REMOVED)

    @property
    def fault(self) -> SimulatedIdReaderFault | None:
        if not self._plugged_in:
            return SimulatedIdReaderFault.UNPLUGGED
        return self._fault

    @fault.setter
    def fault(self, fault: SimulatedIdReaderFault | str | None) -> None:
        new_fault = SimulatedIdReaderFault(fault) if fault is not None else None
        self._fault = new_fault
        if new_fault is SimulatedIdReaderFault.UNPLUGGED:
            self.unplug()
        else:
            self.replug()

    # -- Device / IdCardReader ------------------------------------------------

    def health(self) -> DeviceHealth:
        presence = self._presence_health()
        if presence is not None:
            return presence
        if self._fault is SimulatedIdReaderFault.TIMEOUT:
            return DeviceHealth.FAULT
        return DeviceHealth.BUSY if self._reading else DeviceHealth.READY

    def is_card_present(self) -> bool:
        with self._condition:
            self._require_usable()
            return self._card is not None

    def read_card(self, timeout_s: float) -> IdentityDocument:
        deadline = time.monotonic() + timeout_s
        with self._condition:
            self._require_usable()
            if self._fault is SimulatedIdReaderFault.TIMEOUT:
                self._condition.wait_for(lambda: not self._plugged_in, timeout_s)
                self._require_usable()
                raise DeviceTimeout(self.device_id, "reader did not answer")
            self._condition.wait_for(
                lambda: self._card is not None or not self._plugged_in or not self._is_open,
                max(0.0, deadline - time.monotonic()),
            )
            self._require_usable()
            if self._card is None:
                raise CardNotPresent(self.device_id)
            document, generation = self._card, self._card_generation
            read_time_s = self._read_delay_s
            timed_out = time.monotonic() + read_time_s > deadline
            if timed_out:
                read_time_s = max(0.0, deadline - time.monotonic())
            self._reading = True
            try:
                interrupted = self._condition.wait_for(
                    lambda: self._card_generation != generation or not self._plugged_in,
                    read_time_s,
                )
            finally:
                self._reading = False
            self._require_usable()
            if interrupted or self._fault is SimulatedIdReaderFault.HALF_READ:
                raise CardReadIncomplete(self.device_id)
            if timed_out:
                raise DeviceTimeout(self.device_id, "read did not finish in time")
            return document

    def close(self) -> None:
        with self._condition:
            super().close()
            self._condition.notify_all()

    def _on_plug_changed(self) -> None:
        with self._condition:
            self._condition.notify_all()
