"""The site's version: ``git describe`` of the working tree and the date of its last commit.

``SWIC_VERSION`` (and ``SWIC_VERSION_DATE``, ISO) override both, for a build from an archive without git
history, and for tests that build a copy of the project.
"""

from __future__ import annotations

import functools
import os
import subprocess

from swic import paths

# set by `make preview`: its builds are drafts of an edited tree, always "-dirty" (else the first edit, which
# makes the tree dirty, and undoing it would change the version, and so every page's citation, each time)
DRAFT = "SWIC_DRAFT"


def describe() -> tuple[str, str]:
    """(version, ISO date of the last commit); ('onbekend', '') outside git."""
    if os.environ.get("SWIC_VERSION"):
        return os.environ["SWIC_VERSION"], os.environ.get("SWIC_VERSION_DATE", "")
    return _git_describe(str(paths.root()), bool(os.environ.get(DRAFT)))


@functools.lru_cache(maxsize=8)
def _git_describe(root: str, draft: bool) -> tuple[str, str]:
    """Once per process (a build asks for the version for every page and download)."""
    try:
        desc = subprocess.run(
            ["git", "describe", "--tags", "--always"] + ([] if draft else ["--dirty"]),
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        date = subprocess.run(
            ["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        return (f"{desc}-dirty" if draft else desc), date
    except (OSError, subprocess.CalledProcessError):
        return "onbekend", ""
