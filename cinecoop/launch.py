"""Start and stop dashboard processes (`python -m cinecoop.serve` on a port with its own environment, ready when healthy):
the one launcher of the browser tests, the benchmarks, the load test and the cluster."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from cinecoop.paths import PROJECT_ROOT


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (the OS picks it; another process could take it before use, which start() reports)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    """True when the server at url answers Streamlit's health check with ok."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_stcore/health", timeout=timeout) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


class Replica:
    """One `python -m cinecoop.serve` on address:port, its output in log; start() waits until /_stcore/health says ok."""

    def __init__(
        self,
        log: Path,
        *,
        port: int | None = None,
        address: str = "127.0.0.1",
        env: Mapping[str, str] | None = None,
        options: Sequence[str] = (),
        name: str | None = None,
    ):
        self.address = address
        self.port = port or free_port(address)
        self.url = f"http://{address}:{self.port}"
        self.name = name or f"replica-{self.port}"
        self.log_path = log
        self.environment = dict(os.environ, **(env or {}))
        self.options = list(options)
        self.process: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 120.0) -> Replica:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cinecoop.serve", "--server.headless", "true",
             "--server.address", self.address, "--server.port", str(self.port), *self.options],
            cwd=PROJECT_ROOT, env=self.environment, stdout=self._log, stderr=subprocess.STDOUT,
            # A session of its own: a terminal's Ctrl+C reaches whoever started the replica, which stops it in order.
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if healthy(self.url):
                return self
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} did not become healthy on {self.url}; see {self.log_path}")

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no shutdown handler runs, every socket drops at once."""
        if self.alive:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.alive:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def serve(data_dir: Path, log: Path, env: Mapping[str, str] | None = None, timeout: float = 120.0, port: int | None = None) -> Replica:
    """The dashboard on loopback reading data_dir, started and healthy: what the browser tests, the benchmarks and the
    load test run (as `make run` serves it)."""
    return Replica(log, port=port, env={"CINECOOP_DATA_DIR": str(data_dir), **(env or {})}).start(timeout)
