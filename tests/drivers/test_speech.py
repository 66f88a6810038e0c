import shutil
import time

import pytest

from drivers.device import DeviceEventKind, DeviceHealth, DeviceUnavailable
from drivers.espeak_speech import EspeakSpeech
from drivers.simulated.speech import SimulatedSpeech
from drivers.speech import SpeechLanguage, Utterance


@pytest.fixture
def speech():
    device = SimulatedSpeech(seconds_per_char=0.05)
    device.open()
    yield device
    device.close()


def test_say_does_not_block_and_is_recorded(speech):
    started = time.monotonic()
    speech.say("请将身份证放在读卡区", "zh")
    assert time.monotonic() - started < 0.05
    assert speech.is_speaking()
    assert speech.health() is DeviceHealth.BUSY
    assert speech.wait_until_idle(2.0)
    assert speech.spoken == [Utterance("请将身份证放在读卡区", SpeechLanguage.ZH)]
    assert speech.interrupted == []
    assert speech.health() is DeviceHealth.READY


def test_new_say_interrupts_the_previous(speech):
    speech.say("a long announcement " * 5, SpeechLanguage.EN)
    time.sleep(0.05)
    speech.say("短", "zh")
    assert speech.wait_until_idle(2.0)
    assert [u.text for u in speech.spoken] == ["a long announcement " * 5, "短"]
    assert [u.text for u in speech.interrupted] == ["a long announcement " * 5]


def test_stop_silences(speech):
    speech.say("a long announcement " * 5, "en")
    time.sleep(0.05)
    speech.stop()
    assert speech.wait_until_idle(0.5)
    assert len(speech.interrupted) == 1


def test_closed_speech_drops_requests():
    speech = SimulatedSpeech()
    speech.say("nobody hears this")
    assert speech.spoken == []
    assert speech.health() is DeviceHealth.UNAVAILABLE


def test_unplugged_speaker_drops_speech_and_comes_back(speech, record_events):
    recorder = record_events(speech)
    speech.say("a long announcement " * 5, "en")
    speech.unplug()
    assert speech.wait_until_idle(1.0)  # cut short, not left hanging
    assert speech.health() is DeviceHealth.UNAVAILABLE
    speech.say("nobody hears this")
    recorder.wait_for(DeviceEventKind.LOST)
    speech.replug()
    recorder.wait_for(DeviceEventKind.FOUND)
    speech.say("back", "en")
    assert speech.wait_until_idle(2.0)
    spoken = [u.text for u in speech.spoken]
    assert spoken[-1] == "back" and "nobody hears this" not in spoken


def test_unknown_language_rejected(speech):
    with pytest.raises(ValueError):
        speech.say("bonjour", "fr")


def test_espeak_command_uses_language_voices_and_keeps_text_out_of_argv(tmp_path):
    engine = EspeakSpeech(binary="/usr/bin/espeak-ng", wav_path=tmp_path / "out.wav")
    zh = engine.command(SpeechLanguage.ZH)
    assert zh[zh.index("-v") + 1] == "cmn"
    assert "--stdin" in zh and str(tmp_path / "out.wav") in zh
    en = engine.command(SpeechLanguage.EN)
    assert en[en.index("-v") + 1] == "en"


def test_espeak_missing_binary_is_unavailable(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    engine = EspeakSpeech()
    assert engine.binary is None
    assert engine.health() is DeviceHealth.UNAVAILABLE
    with pytest.raises(DeviceUnavailable):
        engine.open()


ESPEAK = shutil.which("espeak-ng")


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng binary not installed")
@pytest.mark.parametrize(
    ("text", "language"), [("您好，欢迎使用一网通办", "zh"), ("Welcome to the kiosk", "en")]
)
def test_espeak_writes_a_wav(tmp_path, text, language):
    wav = tmp_path / "speech.wav"
    engine = EspeakSpeech(wav_path=wav)
    engine.open()
    engine.say(text, language)
    assert engine.wait_until_idle(15.0)
    engine.close()
    data = wav.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert len(data) > 8000  # well over a header: real audio samples
    assert engine.health() is DeviceHealth.UNAVAILABLE  # closed


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng binary not installed")
def test_espeak_stop_ends_the_process_quickly(tmp_path):
    engine = EspeakSpeech(wav_path=tmp_path / "long.wav", rate_wpm=80)
    engine.open()
    engine.say("这是一段很长的语音提示。" * 40, "zh")
    time.sleep(0.1)
    engine.stop()
    assert engine.wait_until_idle(2.0)
    engine.close()
