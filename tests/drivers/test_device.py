import threading

import pytest

from drivers.device import (
    CardNotPresent,
    CardReadIncomplete,
    Device,
    DeviceError,
    DeviceEvent,
    DeviceEventKind,
    DeviceHealth,
    DeviceKind,
    DeviceTimeout,
    DeviceUnavailable,
    PrinterNotReady,
    PrinterProblem,
)


class PlainDevice(Device):
    def __init__(self) -> None:
        super().__init__("plain-1", DeviceKind.CODE_SCANNER)

    def health(self) -> DeviceHealth:
        return DeviceHealth.READY

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def fire(self, kind: DeviceEventKind, data: object = None) -> None:
        self._emit(kind, data=data)


def test_events_arrive_in_order_on_a_device_thread(record_events):
    device = PlainDevice()
    recorder = record_events(device)
    for number in range(20):
        device.fire(DeviceEventKind.CODE_READ, data=number)
    assert device.wait_events_delivered(2.0)
    assert [event.data for event in recorder.events] == list(range(20))
    assert all(event.device_id == "plain-1" for event in recorder.events)
    assert threading.current_thread() not in recorder.threads


def test_failing_listener_does_not_silence_others(record_events):
    device = PlainDevice()

    def broken(event: DeviceEvent) -> None:
        raise RuntimeError("listener bug")

    device.subscribe(broken)
    recorder = record_events(device)
    device.fire(DeviceEventKind.FOUND)
    device.fire(DeviceEventKind.LOST)
    assert device.wait_events_delivered(2.0)
    assert recorder.kinds == [DeviceEventKind.FOUND, DeviceEventKind.LOST]


def test_unsubscribe_stops_delivery():
    device = PlainDevice()
    received: list[DeviceEvent] = []
    unsubscribe = device.subscribe(received.append)
    device.fire(DeviceEventKind.FOUND)
    assert device.wait_events_delivered(2.0)
    unsubscribe()
    unsubscribe()  # twice is harmless
    device.fire(DeviceEventKind.LOST)
    assert device.wait_events_delivered(2.0)
    assert [event.kind for event in received] == [DeviceEventKind.FOUND]


def test_subscribe_is_thread_safe():
    device = PlainDevice()
    received: list[DeviceEvent] = []
    lock = threading.Lock()

    def listener(event: DeviceEvent) -> None:
        with lock:
            received.append(event)

    def subscribe_many() -> None:
        for _ in range(50):
            device.subscribe(listener)

    threads = [threading.Thread(target=subscribe_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    device.fire(DeviceEventKind.FOUND)
    assert device.wait_events_delivered(2.0)
    assert len(received) == 200


def test_event_is_immutable():
    event = DeviceEvent("x", DeviceEventKind.CODE_READ, data="abc")
    with pytest.raises(AttributeError):
        event.data = "changed"  # type: ignore[misc]


def test_error_hierarchy():
    for error_type in (DeviceUnavailable, DeviceTimeout, CardNotPresent, CardReadIncomplete):
        error = error_type("dev", "why")
        assert isinstance(error, DeviceError)
        assert error.device_id == "dev"
    assert isinstance(DeviceTimeout("dev"), TimeoutError)
    refused = PrinterNotReady("printer", PrinterProblem.PAPER_OUT)
    assert isinstance(refused, DeviceError)
    assert refused.reason is PrinterProblem.PAPER_OUT


def test_required_enum_members_exist():
    assert {kind.name for kind in DeviceKind} == {
        "ID_CARD_READER", "SMART_CARD_READER", "CAMERA", "DOCUMENT_CAMERA",
        "CODE_SCANNER", "RECEIPT_PRINTER", "DOCUMENT_PRINTER", "SPEECH",
    }  # fmt: skip
    assert {health.name for health in DeviceHealth} == {
        "READY", "BUSY", "DEGRADED", "UNAVAILABLE", "FAULT",
    }  # fmt: skip
    assert {
        "FOUND", "LOST", "CARD_INSERTED", "CARD_REMOVED", "PAPER_LOW", "PAPER_OUT",
        "PAPER_OK", "COVER_OPEN", "COVER_CLOSED", "CODE_READ",
    } <= {kind.name for kind in DeviceEventKind}  # fmt: skip
