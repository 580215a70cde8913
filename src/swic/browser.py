"""How the project starts headless Chromium (tests and tools/screenshot.py share this)."""

from __future__ import annotations

import shutil

# Without the background-networking flags Chromium tries to reach Google's hosts at every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"
