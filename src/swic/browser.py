"""How the project starts a headless browser (tests and tools share this).

The browser is found in this order: the environment variable ``SWIC_BROWSER`` (a path: the one switch
for tests, tools and CI), Chromium's headless shell (Debian's ``chromium-headless-shell``), Debian's
``chromium``, Google Chrome (preinstalled on GitHub's Ubuntu runners), ``chromium-browser``, and last
the headless shell or Chromium that Playwright downloads (``playwright install --only-shell chromium``).

The headless shell is the same engine as Chromium (the same layout, fonts, scripts, printing and
accessibility tree) without the parts a person at a screen needs; the browser tests spend about 40% less
processor time in it than in the full browser, so it comes first. ``tools/ensure-browser`` keeps the
same order.
"""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

# Without the background-networking flags Chromium tries to reach Google's hosts at every start;
# --no-sandbox because the sandbox fails as root and on GitHub's runners (actions/runner-images#12096).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

CANDIDATES = [
    "chromium-headless-shell",
    "chromium",
    "google-chrome",
    "google-chrome-stable",
    "chromium-browser",
]
# Playwright's downloads, newest first within each: the headless shell before the full browser
PLAYWRIGHT_GLOBS = [
    # chrome-headless-shell-linux64/chrome-headless-shell (Playwright 1.5x), chrome-linux/headless_shell (older)
    os.path.join("chromium_headless_shell-*", "chrome-*", "*headless?shell"),
    os.path.join("chromium-*", "chrome-linux*", "chrome"),
]


class BrowserNotFound(RuntimeError):
    pass


def _playwright_chromium() -> str | None:
    base = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache" / "ms-playwright")
    for pattern in PLAYWRIGHT_GLOBS:
        hits = sorted(glob.glob(os.path.join(base, pattern)))
        if hits:
            return hits[-1]
    return None


def chromium_path() -> str:
    """The browser to use; raises :class:`BrowserNotFound` with what to do."""
    env = os.environ.get("SWIC_BROWSER")
    if env:
        if not Path(env).exists():
            raise BrowserNotFound(f"SWIC_BROWSER={env} does not exist")
        return env
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    pw = _playwright_chromium()
    if pw:
        return pw
    raise BrowserNotFound(
        "no Chromium or Chrome found: install one (Debian: apt-get install chromium-headless-shell; "
        "elsewhere: `.venv/bin/playwright install --only-shell chromium`) or set SWIC_BROWSER to the "
        "browser's path"
    )


def launch(playwright, **kwargs):
    """A headless Chromium through Playwright, with the project's flags."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True, **kwargs
    )
