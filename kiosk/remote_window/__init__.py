"""The media core of the remote virtual window (docs/remote-window.md), free of Qt.

KioskCall and ClerkCall run signaling and WebRTC media on one MediaLoop
thread; front ends call them from any thread and receive the events of
call_events on that loop thread (a Qt front end re-emits them on its own).

Additions to the agreed API (nothing was renamed or removed):
- events `RingCancelled(request_id)` (the platform's `ring_cancelled` to a
  clerk) and `RecordingFailed(call_id, recording_ref, detail)` (a recording
  could not be written or sealed); `PlatformError` reaches the kiosk too;
- `KioskCall.answer_reveal` sends `reveal_answer {call_id, guide_id, field,
  value}`, the kiosk's answer to a `guide` action `reveal`;
- `KioskCall.close(timeout_s=5.0)` and `ClerkCall.close(timeout_s=30.0)`
  wait at most that long (sealing a recording takes a moment);
- `KioskCall.request_id`, `ClerkCall.recorder`, `ClerkAccount.call()` and
  `.audit()`; `VideoSink.count`, `.add_listener()` (every frame, on the
  loop: recorder, tests, benchmarks); `simulate_network_drop()` on both
  calls and `ClerkCall.simulate_console_lost()` for tests and benchmarks;
- audio: `ToneAudioSource`/`CountingAudioSink` (simulated twins),
  `DeviceAudioSource`/`DeviceAudioSink` (ALSA through PyAV; raise OSError
  when absent) and `microphone_or_simulated()`/`speaker_or_simulated()`.
"""
