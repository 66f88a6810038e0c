"""A CUPS backend that stands in for the kiosk's A4 printer.

It is a real backend (see backend(7)): cupsd runs it for each job of a raw
queue whose device URI is `kiosk-pdf:/some/dir`, with the arguments
`job-id user title copies options [file]` and DEVICE_URI in the
environment. Instead of paper it writes the job's bytes to
`/some/dir/job-<id>.pdf` and, like a real printer's backend, tells cupsd
about the printer on stderr (`STATE: +media-empty-error`) and through its
exit code (CUPS_BACKEND_STOP when a person must act). An unreachable
printer is waited for, reporting `offline-report`, as CUPS' network
backends do, and the job handed back with CUPS_BACKEND_RETRY if it stays
away (cupsd forgets offline-report when the job ends).

What the "printer" reports is set by a conditions file next to the output
directory (`/some/dir.conditions`), one keyword per line:

    media-empty | media-low | cover-open | media-jam | offline
    print-time-s=0.5      (how long the sheet takes; conditions are read
                           again after it, so a jam can spoil a sheet)
    offline-wait-s=2      (how long an unreachable printer is waited for)

A CUPS command file (`#CUPS-COMMAND`, type application/vnd.cups-command) is
a status check: the backend reports the conditions and prints nothing,
which is how the kiosk learns that paper was loaded while the queue idles.

It imports only the standard library: cupsd runs backends with a bare
environment and no project on the path. `install_backend` puts a shim for it
into a cupsd's ServerBin/backend directory.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SCHEME = "kiosk-pdf"

# Exit codes from <cups/backend.h>.
CUPS_BACKEND_OK = 0
CUPS_BACKEND_FAILED = 1
CUPS_BACKEND_STOP = 4
CUPS_BACKEND_RETRY = 6

CONDITIONS = ("media-empty", "media-low", "cover-open", "media-jam", "offline")
# The printer-state-reasons keyword each condition is reported as, with the
# severity a real printer gives it.
_KEYWORDS = {
    "media-empty": "media-empty-error",
    "media-low": "media-low-warning",
    "cover-open": "cover-open-error",
    "media-jam": "media-jam-error",
    "offline": "offline-report",
}
# Conditions that keep a sheet from printing, and what cupsd should do then:
# stop the queue until someone loads paper, clears the jam or closes the
# cover; retry later when the printer is merely unreachable (switched off).
_EXIT_CODES = {
    "media-empty": CUPS_BACKEND_STOP,
    "media-jam": CUPS_BACKEND_STOP,
    "cover-open": CUPS_BACKEND_STOP,
    "offline": CUPS_BACKEND_RETRY,
}
_MESSAGES = {
    "media-empty": "Out of paper.",
    "media-jam": "Paper jam.",
    "cover-open": "Cover open.",
    "offline": "Printer not connected; will retry later.",
}
_COMMAND_MAGIC = b"#CUPS-COMMAND"


def conditions_file(output_dir: str | Path) -> Path:
    output_dir = Path(output_dir)
    return output_dir.with_name(output_dir.name + ".conditions")


def set_conditions(
    output_dir: str | Path,
    conditions: list[str] | tuple[str, ...] = (),
    print_time_s: float = 0,
    offline_wait_s: float | None = None,
) -> None:
    """Set what the simulated printer reports from now on (atomically)."""
    unknown = set(conditions) - set(CONDITIONS)
    if unknown:
        raise ValueError(f"unknown conditions: {sorted(unknown)}")
    lines = list(conditions)
    if print_time_s:
        lines.append(f"print-time-s={print_time_s}")
    if offline_wait_s is not None:
        lines.append(f"offline-wait-s={offline_wait_s}")
    target = conditions_file(output_dir)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text("".join(f"{line}\n" for line in lines), encoding="ascii")
    os.replace(temporary, target)


def install_backend(backend_dir: str | Path, python: str = sys.executable) -> Path:
    """Install the `kiosk-pdf` backend shim into a cupsd's ServerBin/backend directory.

    Mode 0700: backends without world permissions run as root when cupsd
    runs as root (backend(7)), so it can write into a private test
    directory; run by a normal user's cupsd it runs as that user anyway.
    """
    shim = Path(backend_dir) / SCHEME
    script = Path(__file__).resolve()
    # cupsd starts backends with a bare environment: absolute paths only; -I
    # keeps the caller's PYTHON* variables from changing how it runs.
    shim.write_text(f"#!/bin/sh\nexec '{python}' -I '{script}' \"$@\"\n", encoding="utf-8")
    shim.chmod(0o700)
    return shim


@dataclass
class _Printer:
    active: set[str] = field(default_factory=set)
    print_time_s: float = 0.0
    offline_wait_s: float = 2.0


def _read_conditions(output_dir: Path) -> _Printer:
    printer = _Printer()
    try:
        lines = conditions_file(output_dir).read_text(encoding="ascii").split()
    except FileNotFoundError:
        return printer
    for line in lines:
        name, _, value = line.partition("=")
        if name == "print-time-s":
            printer.print_time_s = float(value)
        elif name == "offline-wait-s":
            printer.offline_wait_s = float(value)
        elif line in CONDITIONS:
            printer.active.add(line)
    return printer


def _wait_while_offline(output_dir: Path, printer: _Printer) -> _Printer:
    """Keep trying an unreachable printer for a while, as network backends do."""
    deadline = time.monotonic() + printer.offline_wait_s
    while "offline" in printer.active and time.monotonic() < deadline:
        time.sleep(0.1)
        printer = _read_conditions(output_dir)
    _report(printer.active)
    return printer


def _report(active: set[str]) -> None:
    """Tell cupsd the whole state: set what is active, clear what is not.

    Clearing matters: cupsd keeps a reason a backend set (even across its
    own restarts, in printers.conf) until a backend clears it.
    """
    raised = [_KEYWORDS[name] for name in CONDITIONS if name in active]
    cleared = [_KEYWORDS[name] for name in CONDITIONS if name not in active]
    if cleared:
        _say(f"STATE: -{','.join(cleared)}")
    if raised:
        _say(f"STATE: +{','.join(raised)}")


def _blocking(active: set[str]) -> str | None:
    return next((name for name in _EXIT_CODES if name in active), None)


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _output_dir(device_uri: str) -> Path:
    scheme, _, rest = device_uri.partition(":")
    if scheme != SCHEME or not rest:
        raise ValueError(f"not a {SCHEME}: URI")
    # Accept kiosk-pdf:/dir and kiosk-pdf:///dir alike.
    path = "/" + rest.lstrip("/")
    return Path(path)


def _write_atomically(directory: Path, name: str, data: bytes) -> None:
    # Readers (tests, the demo window) must never see half a document.
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, directory / name)


def main(argv: list[str]) -> int:
    if len(argv) == 1:
        # Device discovery (lpinfo -v): a direct device, nothing to probe.
        print(f'direct {SCHEME} "Kiosk" "Kiosk simulated A4 printer (PDF to a folder)"')
        return CUPS_BACKEND_OK
    if len(argv) not in (6, 7):
        _say(f"ERROR: usage: {SCHEME} job-id user title copies options [file]")
        return CUPS_BACKEND_FAILED
    job_id = argv[1]
    try:
        output_dir = _output_dir(os.environ.get("DEVICE_URI", ""))
    except ValueError as error:
        _say(f"ERROR: {error}")
        return CUPS_BACKEND_FAILED
    # The title (argv[3]) may hold a resident's name: never echoed.
    if len(argv) == 7:
        data = Path(argv[6]).read_bytes()
    else:
        data = sys.stdin.buffer.read()
    _say(f"DEBUG: job {job_id}: {len(data)} bytes")

    printer = _read_conditions(output_dir)
    _report(printer.active)
    printer = _wait_while_offline(output_dir, printer)
    content_type = os.environ.get("CONTENT_TYPE")
    if content_type == "application/vnd.cups-command" or data.startswith(_COMMAND_MAGIC):
        # A status check prints nothing and stops the queue for nobody; only
        # a printer that never answered hands the check back.
        return CUPS_BACKEND_RETRY if "offline" in printer.active else CUPS_BACKEND_OK
    blocking = _blocking(printer.active)
    if blocking is None and printer.print_time_s > 0:
        time.sleep(printer.print_time_s)
        printer = _read_conditions(output_dir)
        _report(printer.active)
        blocking = _blocking(printer.active)
    if blocking is not None:
        _say(f"ERROR: {_MESSAGES[blocking]}")
        return _EXIT_CODES[blocking]
    output_dir.mkdir(parents=True, exist_ok=True)
    _write_atomically(output_dir, f"job-{job_id}.pdf", data)
    return CUPS_BACKEND_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv))
