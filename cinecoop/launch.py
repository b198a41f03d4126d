"""Start the dashboard as its own process on a free loopback port and stop it: for the browser tests, the benchmarks and
the load test (one launcher, so they all run the app the way `make run` does)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from cinecoop.paths import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether the server at url answers Streamlit's health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


class Server:
    """`python -m cinecoop.serve` (headless, 127.0.0.1) reading data_dir on a free port, its output in a log file."""

    def __init__(
        self, data_dir: Path, log: Path, env: dict[str, str] | None = None, timeout: float = 120.0, port: int | None = None
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log = log.open("w")
        environment = dict(os.environ, CINECOOP_DATA_DIR=str(data_dir), **(env or {}))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cinecoop.serve", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(self.port)],
            cwd=PROJECT_ROOT, env=environment, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if healthy(self.url):
                return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the dashboard did not start; see {self.log_path}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
