"""The site's version: ``git describe`` of the working tree and the date of its last commit.

``SWIC_VERSION`` (and ``SWIC_VERSION_DATE``, ISO) override both, for a build from an archive without git
history, and for tests that build a copy of the project.
"""

from __future__ import annotations

import os
import subprocess

from swic import paths


def describe() -> tuple[str, str]:
    """(version, ISO date of the last commit); ('onbekend', '') outside git."""
    if os.environ.get("SWIC_VERSION"):
        return os.environ["SWIC_VERSION"], os.environ.get("SWIC_VERSION_DATE", "")
    root = paths.root()
    try:
        desc = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        date = subprocess.run(
            ["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        return desc, date
    except (OSError, subprocess.CalledProcessError):
        return "onbekend", ""
