"""A real pcscd of our own, with one vsmartcard virtual reader (vpcd).

Tests and benchmarks run the production PC/SC path against it: pyscard ->
libpcsclite -> pcscd -> vpcd -> a virtual card speaking the vpcd socket
protocol. Nothing of the system's pcscd is touched:

- pcsc-lite 1.9.9's daemon ignores PCSCLITE_CSOCK_NAME (only the client
  library honours it; checked with `strings` and by running it), and always
  creates /run/pcscd/pcscd.comm. So pcscd runs in a private mount namespace
  (`unshare --mount`, with a user namespace when not root) where our own
  directory is bind-mounted over /run; its socket then appears at
  `<work_dir>/run/pcscd/pcscd.comm`, and clients reach it by setting
  PCSCLITE_CSOCK_NAME to that path before their first PC/SC call (the
  library reads it once per process).
- `-c <dir>` gives pcscd a reader.conf.d of its own, so it loads only our
  vpcd reader, on a free port; its two slots listen on PORT and PORT + 1.
  vpcd has no bind-address option and listens on all interfaces; the cards
  connect to 127.0.0.1, so the traffic stays on loopback.
- pcscd runs in the foreground (`-f`) without `--auto-exit`, so it lives
  exactly as long as this object lets it, and `stop()`/`kill()` end it by
  its process id.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

# Both slots of the vpcd driver; slot 0 is the one the cards use.
VPCD_READER_PREFIX = "Virtual PCD"
VPCD_SLOT0_READER = "Virtual PCD 00 00"
DEBIAN_PACKAGES = {
    "pcscd": "/usr/sbin/pcscd",
    "vsmartcard-vpcd": "/usr/lib/pcsc/drivers/serial/libifdvpcd.so",
    "util-linux (unshare)": "/usr/bin/unshare",
}


_PR_SET_PDEATHSIG = 1


class PcscEnvironmentMissing(RuntimeError):
    """A Debian package the PC/SC test rig needs is not installed."""


def missing_debian_packages() -> list[str]:
    """Packages (by Debian name) whose files are absent; scripts/setup.sh installs them."""
    missing = []
    for package, path in DEBIAN_PACKAGES.items():
        if not Path(path).exists() and not shutil.which(Path(path).name):
            missing.append(package)
    return missing


def free_port_pair(host: str = "0.0.0.0") -> int:
    """A port P such that P and P + 1 are both free (vpcd binds both, on all interfaces)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind((host, 0))
            port = first.getsockname()[1]
            if port >= 65535:
                continue
            with socket.socket() as second:
                try:
                    second.bind((host, port + 1))
                except OSError:
                    continue
        return port
    raise RuntimeError("no free pair of TCP ports for vpcd")


class PrivatePcscd:
    """One pcscd process with the vpcd reader; restartable on the same socket and port."""

    def __init__(self, work_dir: str | Path, vpcd_port: int | None = None) -> None:
        missing = missing_debian_packages()
        if missing:
            raise PcscEnvironmentMissing(
                "the PC/SC test rig needs the Debian package(s) "
                f"{', '.join(missing)}; run scripts/setup.sh"
            )
        self.work_dir = Path(work_dir)
        self.vpcd_port = vpcd_port if vpcd_port is not None else free_port_pair()
        self._run_dir = self.work_dir / "run"
        self._conf_dir = self.work_dir / "reader.conf.d"
        self.log_path = self.work_dir / "pcscd.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def socket_path(self) -> Path:
        return self._run_dir / "pcscd" / "pcscd.comm"

    @property
    def client_environment(self) -> dict[str, str]:
        """What a PC/SC client process needs in its environment to talk to this pcscd."""
        return {"PCSCLITE_CSOCK_NAME": str(self.socket_path)}

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout_s: float = 15.0) -> None:
        if self.is_running():
            return
        self._conf_dir.mkdir(parents=True, exist_ok=True)
        (self._run_dir / "pcscd").mkdir(parents=True, exist_ok=True)
        (self._conf_dir / "vpcd").write_text(
            f'FRIENDLYNAME "{VPCD_READER_PREFIX}"\n'
            f"DEVICENAME   /dev/null:{self.vpcd_port}\n"
            "LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\n"
            f"CHANNELID    {self.vpcd_port}\n",
            encoding="ascii",
        )
        namespace = ["unshare", "--mount", "--propagation", "private"]
        if os.geteuid() != 0:
            # Unprivileged: a user namespace maps us to root inside it, for the mount.
            namespace[1:1] = ["--user", "--map-root-user"]
        script = 'mount --bind "$1" /run && exec pcscd --foreground --info -c "$2"'
        with open(self.log_path, "ab") as log:
            self._process = subprocess.Popen(
                [*namespace, "sh", "-c", script, "sh", str(self._run_dir), str(self._conf_dir)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        self._wait_ready(timeout_s)

    def _wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                raise RuntimeError(f"pcscd exited at start; log:\n{self.log_tail()}")
            if self.socket_path.exists() and _accepts(self.socket_path) and self._vpcd_listening():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"pcscd not ready within {timeout_s:.0f}s; log:\n{self.log_tail()}")

    def _vpcd_listening(self) -> bool:
        # Read the kernel's table rather than connecting: a test connection
        # would look like a card to vpcd.
        wanted = f":{self.vpcd_port:04X} "
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = Path(table).read_text().splitlines()[1:]
            except OSError:
                continue
            for line in lines:
                fields = line.split()
                if len(fields) > 3 and fields[3] == "0A" and (fields[1] + " ").endswith(wanted):
                    return True
        return False

    def stop(self, timeout_s: float = 5.0) -> None:
        """Orderly stop (SIGTERM), then SIGKILL if pcscd does not leave in time."""
        self._end(signal.SIGTERM, timeout_s)

    def kill(self) -> None:
        """Crash pcscd (SIGKILL): clients see their context die, the socket file stays."""
        self._end(signal.SIGKILL, 5.0)

    def _end(self, sig: signal.Signals, timeout_s: float) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5.0)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __enter__(self) -> PrivatePcscd:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the process that started us dies.

    So a test run killed with -9 leaves no pcscd behind. unshare and sh exec
    in place, so the setting reaches pcscd itself.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: stop()/kill() still end it


def _accepts(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True
