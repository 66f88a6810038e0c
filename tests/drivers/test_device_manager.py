"""DeviceManager: opening, hot-plug by polling, one event stream, asking the resident."""

from __future__ import annotations

import threading
import time

import pytest

from drivers.device import (
    DeviceEventKind,
    DeviceHealth,
    DeviceKind,
    DeviceUnavailable,
)
from drivers.device_manager import (
    DeviceManager,
    UserAnswer,
    UserPromptRequest,
    UserRequest,
)
from drivers.device_set import register_driver
from drivers.simulated.speech import SimulatedSpeech

FAST = {"poll_interval_s": 0.02, "reopen_interval_s": 0.05}


class SwitchableSpeech(SimulatedSpeech):
    """A device that can be absent at start, and vanish without saying so.

    Stands in for a driver that never emits LOST/FOUND itself, so only the
    manager's polling can notice.
    """

    def __init__(self, device_id: str = "speech", present: bool = True) -> None:
        super().__init__(device_id)
        self.present = present
        self.is_open = False
        self.opens = 0
        self.closes = 0

    def open(self) -> None:
        if not self.present:
            raise DeviceUnavailable(self.device_id, "switched off")
        super().open()
        self.is_open = True
        self.opens += 1

    def close(self) -> None:
        super().close()
        self.is_open = False
        self.closes += 1

    def health(self) -> DeviceHealth:
        if self.is_open and self.present:
            return DeviceHealth.READY
        return DeviceHealth.UNAVAILABLE


class BrokenSpeech(SwitchableSpeech):
    def open(self) -> None:
        raise RuntimeError("driver bug")


register_driver(DeviceKind.SPEECH, "switchable-test", SwitchableSpeech)
register_driver(DeviceKind.SPEECH, "broken-test", BrokenSpeech)


def wait_until(predicate, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


@pytest.fixture
def managers():
    started: list[DeviceManager] = []
    yield started
    for manager in started:
        manager.stop()


def started(managers, config, **options) -> DeviceManager:
    manager = DeviceManager(config, **{**FAST, **options})
    managers.append(manager)
    manager.start()
    return manager


def test_every_simulated_kind_opens_and_reports_itself(managers, tmp_path):
    config = {
        kind: {
            "driver": "simulated",
            **({"output_dir": str(tmp_path)} if kind == "document_printer" else {}),
        }
        for kind in (
            "id_card_reader",
            "smart_card_reader",
            "camera",
            "document_camera",
            "code_scanner",
            "receipt_printer",
            "document_printer",
            "speech",
        )
    }
    manager = started(managers, config)
    status = {entry.slot: entry for entry in manager.status()}
    assert set(status) == set(config)
    assert all(entry.opened and entry.driver == "simulated" for entry in status.values())
    assert all(entry.health is not DeviceHealth.UNAVAILABLE for entry in status.values())
    assert manager.available("receipt_printer") is manager.devices.receipt_printer
    assert manager.health_report()["receipt_printer"] == "ready"


def test_bad_configuration_is_refused_before_anything_opens():
    with pytest.raises(ValueError, match="unknown device kinds"):
        DeviceManager({"fax": {"driver": "simulated"}})
    with pytest.raises(ValueError, match="unknown driver"):
        DeviceManager({"speech": {"driver": "nonesuch"}})


def test_a_device_switched_on_after_the_kiosk_is_found_once(managers, record_events):
    manager = DeviceManager({"speech": {"driver": "switchable-test", "present": False}}, **FAST)
    managers.append(manager)
    recorder = record_events(manager)
    manager.start()
    speech = manager.device("speech")
    status = manager.status()[0]
    assert not status.opened and status.health is DeviceHealth.UNAVAILABLE
    assert "switched off" in status.detail
    assert manager.available("speech") is None
    assert manager.health_report()["speech"] == "unavailable"

    speech.present = True
    recorder.wait_for(DeviceEventKind.FOUND)
    assert manager.available("speech") is speech
    assert manager.status()[0].detail is None
    time.sleep(0.2)  # several more polls: still one FOUND, no LOST
    assert recorder.kinds == [DeviceEventKind.FOUND]


def test_a_silent_loss_is_noticed_by_polling_and_the_return_too(managers, record_events):
    manager = DeviceManager({"speech": {"driver": "switchable-test"}}, **FAST)
    managers.append(manager)
    recorder = record_events(manager)
    manager.start()
    speech = manager.device("speech")
    speech.present = False
    event = recorder.wait_for(DeviceEventKind.LOST)
    assert event.device_id == "speech"
    assert manager.available("speech") is None
    speech.present = True
    wait_until(lambda: recorder.kinds == [DeviceEventKind.LOST, DeviceEventKind.FOUND])
    assert manager.available("speech") is speech


def test_a_device_lost_for_long_is_closed_and_opened_afresh(managers, record_events):
    manager = DeviceManager({"speech": {"driver": "switchable-test"}}, restart_after_s=0.1, **FAST)
    managers.append(manager)
    recorder = record_events(manager)
    manager.start()
    speech = manager.device("speech")
    speech.present = False
    wait_until(lambda: speech.closes >= 1)
    assert not manager.status()[0].opened
    speech.present = True
    wait_until(lambda: speech.opens == 2)
    wait_until(lambda: manager.available("speech") is speech)
    assert recorder.kinds == [DeviceEventKind.LOST, DeviceEventKind.FOUND]


def test_driver_and_poll_both_seeing_an_unplug_report_it_once(managers, record_events):
    manager = started(managers, {"id_card_reader": {"driver": "simulated"}})
    recorder = record_events(manager)
    reader = manager.device("id_card_reader")
    reader.unplug()  # the simulator emits LOST itself; the poll sees UNAVAILABLE too
    recorder.wait_for(DeviceEventKind.LOST)
    time.sleep(0.2)
    reader.replug()
    recorder.wait_for(DeviceEventKind.FOUND)
    time.sleep(0.2)
    assert recorder.kinds == [DeviceEventKind.LOST, DeviceEventKind.FOUND]


def test_every_device_event_reaches_one_subscription(managers, record_events, tmp_path):
    manager = started(
        managers,
        {"id_card_reader": {"driver": "simulated"}, "receipt_printer": {"driver": "simulated"}},
    )
    recorder = record_events(manager)
    manager.device("id_card_reader").insert_card("wang_xiuying")
    manager.device("receipt_printer").set_paper("out")
    recorder.wait_for(DeviceEventKind.CARD_INSERTED)
    recorder.wait_for(DeviceEventKind.PAPER_OUT, 5.0)
    assert threading.current_thread() not in recorder.threads


def test_a_driver_bug_in_open_does_not_stop_the_other_devices(managers):
    manager = started(
        managers,
        {"speech": {"driver": "broken-test"}, "receipt_printer": {"driver": "simulated"}},
    )
    assert manager.available("receipt_printer") is not None
    broken = next(entry for entry in manager.status() if entry.slot == "speech")
    assert not broken.opened and "driver bug" in broken.detail


def test_stop_closes_everything(managers):
    manager = started(managers, {"speech": {"driver": "switchable-test"}})
    speech = manager.device("speech")
    manager.stop()
    assert not speech.is_open
    assert manager.available("speech") is None


class RecordingPrompt:
    def __init__(self, manager: DeviceManager, reply: UserAnswer | None = None) -> None:
        self.manager = manager
        self.reply = reply
        self.shown: list[tuple[int, UserPromptRequest]] = []
        self.dismissed: list[int] = []

    def show(self, prompt_id: int, request: UserPromptRequest) -> None:
        self.shown.append((prompt_id, request))
        if self.reply is not None:
            # The resident answers a moment later, from the UI thread.
            threading.Timer(0.05, self.manager.answer, (prompt_id, self.reply)).start()

    def dismiss(self, prompt_id: int) -> None:
        self.dismissed.append(prompt_id)


def test_asking_without_a_front_end_says_so():
    manager = DeviceManager({})
    answer = manager.ask_user("reader", UserRequest.PLACE_CARD_AGAIN, 1.0)
    assert answer is UserAnswer.NO_FRONT_END


def test_the_residents_tap_is_the_answer():
    manager = DeviceManager({})
    prompt = RecordingPrompt(manager, UserAnswer.CANCELLED)
    manager.set_user_prompt(prompt)
    answer = manager.ask_user("reader", UserRequest.PLACE_CARD_AGAIN, 5.0)
    assert answer is UserAnswer.CANCELLED
    assert prompt.shown[0][1] == UserPromptRequest("reader", UserRequest.PLACE_CARD_AGAIN)
    assert prompt.dismissed == []  # the front end closed it itself


def test_the_device_seeing_it_done_takes_the_question_away():
    manager = DeviceManager({})
    prompt = RecordingPrompt(manager)
    manager.set_user_prompt(prompt)
    done = threading.Event()
    threading.Timer(0.05, done.set).start()
    answer = manager.ask_user("reader", UserRequest.TAKE_YOUR_CARD, 5.0, done=done)
    assert answer is UserAnswer.DONE
    assert prompt.dismissed == [prompt.shown[0][0]]


def test_an_unanswered_question_times_out_and_goes_away():
    manager = DeviceManager({})
    prompt = RecordingPrompt(manager)
    manager.set_user_prompt(prompt)
    answer = manager.ask_user("printer", UserRequest.TAKE_YOUR_PAPER, 0.1)
    assert answer is UserAnswer.TIMED_OUT
    assert prompt.dismissed == [prompt.shown[0][0]]
    manager.answer(prompt.shown[0][0], UserAnswer.CONFIRMED)  # a late tap is ignored
