"""A private cupsd for tests and benchmarks: its own config, dirs and sockets.

Never the system's cupsd or /run/cups: everything (ServerRoot, spool,
cache, state, logs, ServerBin) lives in one temporary directory; cupsd
listens on 127.0.0.1:<free port> and on a unix socket in that directory,
runs in the foreground as our child, and is stopped (or killed, to test a
crash) by its pid. Its ServerBin has the system's helper programs (cups-exec
starts every backend) and one backend, `kiosk-pdf`, the simulated A4 printer
(drivers/simulated/cups_pdf_backend.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import cups

from drivers.simulated.cups_pdf_backend import SCHEME, install_backend

_SBIN_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
_SYSTEM_SERVER_BIN = Path("/usr/lib/cups")


def cups_tool(name: str) -> str | None:
    """Path of a CUPS program (cupsd, lpadmin and cupsenable live in sbin)."""
    return shutil.which(name, path=_SBIN_PATH)


def missing_tools() -> list[str]:
    missing = [
        tool for tool in ("cupsd", "lpadmin", "cupsenable", "cupsdisable") if not cups_tool(tool)
    ]
    if not (_SYSTEM_SERVER_BIN / "daemon" / "cups-exec").exists():
        missing.append(str(_SYSTEM_SERVER_BIN / "daemon" / "cups-exec"))
    return missing


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateCupsd:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = _free_port()
        self.socket_path = root / "cups.sock"
        self.error_log = root / "log" / "error_log"
        self._process: subprocess.Popen | None = None
        for name in ("conf", "serverroot", "spool/tmp", "cache", "state", "log", "bin/backend"):
            (root / name).mkdir(parents=True, exist_ok=True)
        # cupsd refuses (as root) to run programs from directories others can write.
        root.chmod(0o700)
        server_bin = root / "bin"
        for helper in ("daemon", "notifier", "filter", "cgi-bin", "monitor", "driver"):
            if (_SYSTEM_SERVER_BIN / helper).exists():
                (server_bin / helper).symlink_to(_SYSTEM_SERVER_BIN / helper)
        install_backend(server_bin / "backend")
        self.files_conf = root / "conf" / "cups-files.conf"
        self.files_conf.write_text(
            "\n".join(
                [
                    f"ServerRoot {root / 'serverroot'}",
                    f"RequestRoot {root / 'spool'}",
                    f"TempDir {root / 'spool' / 'tmp'}",
                    f"CacheDir {root / 'cache'}",
                    f"StateDir {root / 'state'}",
                    f"ServerBin {server_bin}",
                    f"ErrorLog {self.error_log}",
                    f"AccessLog {root / 'log' / 'access_log'}",
                    f"PageLog {root / 'log' / 'page_log'}",
                    "Printcap",  # empty: do not write /run/cups/printcap
                    "FileDevice No",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        self.cupsd_conf = root / "conf" / "cupsd.conf"
        self.cupsd_conf.write_text(
            "\n".join(
                [
                    "LogLevel info",
                    f"Listen 127.0.0.1:{self.port}",
                    f"Listen {self.socket_path}",
                    "Browsing No",
                    "WebInterface No",
                    "DefaultAuthType None",
                    # Jobs a backend asked to retry must not come back on their own
                    # during a test run.
                    "JobRetryInterval 3600",
                    # Write printers.conf at once: a test kills cupsd right after
                    # lpadmin, and the queue must survive it as on a real kiosk.
                    "DirtyCleanInterval 0",
                    # Only our own test process talks to this cupsd: no
                    # authentication, every operation allowed.
                    "<Location />",
                    "  Order allow,deny",
                    "  Allow all",
                    "</Location>",
                    "<Policy default>",
                    "  <Limit All>",
                    "    Order deny,allow",
                    "  </Limit>",
                    "</Policy>",
                    "",
                ]
            ),
            encoding="utf-8",
        )

    @property
    def tcp_server(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    # -- life cycle -------------------------------------------------------------

    def start(self, timeout_s: float = 30.0) -> None:
        cupsd = cups_tool("cupsd")
        assert cupsd, "cupsd not installed"
        log = open(self.root / "log" / "cupsd.out", "ab")  # noqa: SIM115 - lives as long as cupsd
        self._process = subprocess.Popen(
            [cupsd, "-f", "-c", str(self.cupsd_conf), "-s", str(self.files_conf)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"cupsd exited with {self._process.returncode}: {self.log_tail()}"
                )
            if self.answers():
                return
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"cupsd did not answer within {timeout_s} s: {self.log_tail()}")
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            cups.Connection(host=str(self.socket_path)).getPrinters()
        except (RuntimeError, cups.IPPError, cups.HTTPError):
            return False
        return True

    def stop(self, timeout_s: float = 20.0) -> None:
        """SIGTERM and wait (cupsd stops its jobs' backends itself); SIGKILL if it must."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout_s)
        self._reap_strays()

    def kill(self) -> None:
        """A crash: SIGKILL, nothing cleaned up (the socket file stays)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(10.0)
        self._reap_strays()

    def suspend(self) -> None:
        """cupsd still accepts connections (the kernel does) but never answers."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)

    def stray_processes(self) -> list[int]:
        """Processes still running our programs (backends of a killed cupsd)."""
        marker = str(self.root).encode() + b"/"
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if marker in command:
                found.append(int(entry.name))
        return found

    def _reap_strays(self) -> None:
        for pid in self.stray_processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def log_tail(self, lines: int = 30) -> str:
        text = ""
        for name in ("cupsd.out", "error_log"):
            path = self.root / "log" / name
            if path.exists():
                text += "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) + "\n"
        return text

    # -- administration (the commands a technician would type) -------------------

    def run_tool(self, tool: str, *args: str) -> None:
        path = cups_tool(tool)
        assert path, f"{tool} not installed"
        completed = subprocess.run(
            [path, "-h", str(self.socket_path), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"{tool} {args}: {completed.stderr.strip()}")

    def add_queue(self, name: str, output_dir: Path) -> None:
        """A raw queue (-m raw: deprecated in CUPS 2.4, still accepted) on the simulated printer."""
        output_dir.mkdir(parents=True, exist_ok=True)
        self.run_tool("lpadmin", "-p", name, "-v", f"{SCHEME}:{output_dir}", "-m", "raw", "-E")

    def delete_queue(self, name: str) -> None:
        self.run_tool("lpadmin", "-x", name)

    def connection(self) -> cups.Connection:
        """A pycups connection for a test's own checks (main thread only)."""
        return cups.Connection(host=str(self.socket_path))
