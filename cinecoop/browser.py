"""The one way to find a Chromium on this machine: for the brief's charts, the browser tests and the load test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

BROWSER_ENV = ("CHROMIUM_PATH", "BROWSER_PATH")
# Flags for a headless Chromium on a machine with no network beyond loopback: without the background-networking ones,
# Chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def _executable(path: str) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def chromium_path() -> str | None:
    """CHROMIUM_PATH (or kaleido's BROWSER_PATH), else `chromium` or `chromium-browser` on PATH, else /usr/bin/chromium;
    None when there is none. A path set in the environment is final: when it names no browser, there is none."""
    for name in BROWSER_ENV:
        chosen = os.environ.get(name, "").strip()
        if chosen:
            return chosen if _executable(chosen) else None
    for candidate in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and _executable(candidate):
            return candidate
    return None
