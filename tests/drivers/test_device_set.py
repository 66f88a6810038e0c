import pytest

from drivers import device_set
from drivers.camera import Camera
from drivers.code_scanner import CodeScanner
from drivers.device import DeviceKind
from drivers.device_set import (
    NOT_CONFIGURED,
    DeviceSet,
    build_device_set,
    driver_names,
    register_driver,
)
from drivers.document_printer import DocumentPrinter
from drivers.espeak_speech import EspeakSpeech
from drivers.id_card_reader import IdCardReader
from drivers.receipt_printer import ReceiptPrinter
from drivers.simulated.code_scanner import SimulatedCodeScanner
from drivers.simulated.id_card_reader import SimulatedIdCardReader
from drivers.smart_card_reader import SmartCardReader
from drivers.speech import SpeechOutput


def simulated_config(tmp_path) -> dict:
    return {
        "id_card_reader": {"driver": "simulated", "read_delay_s": 0.01},
        "smart_card_reader": {"driver": "simulated"},
        "camera": {"driver": "simulated", "fps": 10},
        "document_camera": {"driver": "simulated", "width": 640, "height": 480},
        "code_scanner": {"driver": "simulated"},
        "receipt_printer": {"driver": "simulated", "print_time_s": 0.0, "poll_interval_s": 0},
        "document_printer": {"driver": "simulated", "output_dir": str(tmp_path)},
        "speech": {"driver": "simulated"},
    }


def test_builds_every_kind_from_configuration(tmp_path):
    devices = build_device_set(simulated_config(tmp_path))
    expected = {
        "id_card_reader": IdCardReader,
        "smart_card_reader": SmartCardReader,
        "camera": Camera,
        "document_camera": Camera,
        "code_scanner": CodeScanner,
        "receipt_printer": ReceiptPrinter,
        "document_printer": DocumentPrinter,
        "speech": SpeechOutput,
    }
    for name, interface in expected.items():
        device = getattr(devices, name)
        assert isinstance(device, interface)
        assert device.kind is DeviceKind(name)
        assert device.device_id == name
    assert devices.document_camera.resolution == (640, 480)
    assert devices.id_card_reader._read_delay_s == 0.01


def test_open_all_close_all_and_health_report(tmp_path):
    devices = build_device_set(simulated_config(tmp_path))
    assert set(devices.health_report().values()) == {"unavailable"}
    assert devices.open_all() == {}
    assert set(devices.health_report().values()) == {"ready"}
    devices.close_all()
    assert set(devices.health_report().values()) == {"unavailable"}


def test_open_all_keeps_going_past_a_failing_device():
    devices = build_device_set(
        {"code_scanner": {"driver": "simulated"}, "id_card_reader": {"driver": "simulated"}}
    )
    devices.code_scanner.unplug()
    failures = devices.open_all()
    assert list(failures) == ["code_scanner"]
    assert devices.health_report()["id_card_reader"] == "ready"
    devices.close_all()


def test_unconfigured_kinds_are_none_and_reported():
    devices = build_device_set({"speech": {"driver": "simulated"}, "camera": None})
    assert devices.camera is None and devices.receipt_printer is None
    report = devices.health_report()
    assert report["speech"] == "unavailable"
    assert report["camera"] == NOT_CONFIGURED
    assert set(report) == set(DeviceSet().health_report())
    assert list(devices.devices()) == ["speech"]


def test_unknown_driver_names_kind_and_choices():
    with pytest.raises(ValueError) as caught:
        build_device_set({"receipt_printer": {"driver": "epson-usb"}})
    message = str(caught.value)
    assert "receipt_printer" in message and "epson-usb" in message and "simulated" in message


def test_unknown_kind():
    with pytest.raises(ValueError, match="fingerprint_reader"):
        build_device_set({"fingerprint_reader": {"driver": "simulated"}})


def test_unknown_option_is_an_error_not_ignored():
    with pytest.raises(ValueError, match="id_card_reader"):
        build_device_set({"id_card_reader": {"driver": "simulated", "read_dealy_s": 1}})


def test_missing_required_option():
    with pytest.raises(ValueError, match="output_dir"):
        build_device_set({"document_printer": {"driver": "simulated"}})


def test_entry_needs_a_driver():
    with pytest.raises(ValueError, match="driver"):
        build_device_set({"speech": {"rate": 1}})


def test_espeak_is_selectable_by_configuration(tmp_path):
    devices = build_device_set(
        {"speech": {"driver": "espeak", "wav_path": str(tmp_path / "a.wav")}}
    )
    assert isinstance(devices.speech, EspeakSpeech)
    assert "espeak" in driver_names("speech")


def test_device_id_can_be_configured():
    devices = build_device_set({"code_scanner": {"driver": "simulated", "device_id": "door-1"}})
    assert devices.code_scanner.device_id == "door-1"


def test_registered_driver_is_used_and_checked(monkeypatch):
    # Keep the global registry clean for other tests.
    registry = device_set._DRIVERS
    monkeypatch.setitem(registry, DeviceKind.CODE_SCANNER, dict(registry[DeviceKind.CODE_SCANNER]))
    register_driver("code_scanner", "test-double", SimulatedCodeScanner)
    devices = build_device_set({"code_scanner": {"driver": "test-double"}})
    assert isinstance(devices.code_scanner, SimulatedCodeScanner)

    register_driver("code_scanner", "wrong-kind", SimulatedIdCardReader)
    with pytest.raises(ValueError, match="wrong-kind"):
        build_device_set({"code_scanner": {"driver": "wrong-kind"}})
