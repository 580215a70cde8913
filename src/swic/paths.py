"""Where the project's files live, and how a path is shown in a message.

The repository root is found from the package location (editable install) and can be
overridden with the environment variable ``SWIC_ROOT`` (used by tests that build a copy).
"""

from __future__ import annotations

import os
from pathlib import Path


def root() -> Path:
    env = os.environ.get("SWIC_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "_config.yml").exists() and (parent / "data").is_dir():
            return parent
    raise RuntimeError(
        "Cannot find the project root (a folder with _config.yml and data/). "
        "Install the package in editable mode (pip install -e .) or set SWIC_ROOT."
    )


def data_dir() -> Path:
    return root() / "data"


def sources_dir() -> Path:
    """Folder with the plain-text source documents: the repository's ``sources/``, or ``SWIC_SOURCES``."""
    env = os.environ.get("SWIC_SOURCES")
    if env:
        return Path(env).resolve()
    return root() / "sources"


def replace_file(target: Path, data: bytes) -> None:
    """Put ``data`` at ``target`` as a new file: written beside it, then renamed into place. A reader never sees
    half a file, and a file that another name links to (the build hard-links figures and downloads) is
    never written into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def rel(path: Path | str) -> str:
    """A path as messages show it: relative to the project root when it is inside, else as given."""
    try:
        return str(Path(path).resolve().relative_to(root()))
    except (ValueError, RuntimeError):
        return str(path)
