"""The build cache: what a page's executed copy depends on, and whether it is still current.

A page is executed again only when its key changed — the notebook's code cells (not its prose: a Markdown
edit re-assembles the executed copy from the cached outputs, see :func:`swic.execute.reassemble`), its
parameters, the package's source, the pinned dependencies — or when a file or input it read last time changed (the data loader logs every
file it reads, see :func:`swic.runtime.record_read`). One JSON entry per page under
``_build/cache/pages/`` records the key, the hash of the whole chapter file, the files read (with their hashes), the files written
and the seconds the page took.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from swic import notebooks, paths, registry, runtime


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str:
    try:
        return _sha(Path(path).read_bytes())
    except FileNotFoundError:
        return "missing"


def package_hash() -> str:
    """Hash of the package's own source and the pinned dependencies."""
    h = hashlib.sha256()
    pkg = Path(__file__).parent
    for p in sorted(pkg.rglob("*.py")):  # the site's CSS and scripts do not change what a page executes
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(pkg)).encode())
            h.update(p.read_bytes())
    lock = paths.root() / "requirements.lock"
    if lock.exists():
        h.update(lock.read_bytes())
    return h.hexdigest()


def page_key(page: registry.Page, pkg_hash: str) -> str:
    h = hashlib.sha256()
    h.update(page.id.encode())
    h.update(notebooks.code_fingerprint(page.notebook).encode())
    h.update(page.params_json().encode())
    h.update(pkg_hash.encode())
    return h.hexdigest()


def is_valid(entry: dict | None, key: str, root: Path, out_path: Path) -> bool:
    if not entry or entry.get("key") != key or not out_path.exists():
        return False
    if not all((root / f).exists() for f in entry.get("writes", [])):
        return False
    return all(
        (runtime.input_value(f) if f.startswith("@") else file_hash(root / f)) == h
        for f, h in entry.get("reads", {}).items()
    )


def last_seconds(entry_path: Path) -> float:
    try:
        return float(json.loads(entry_path.read_text()).get("seconds", 0))
    except (OSError, ValueError):
        return 0.0


def remove_writes(entry: dict | None, root: Path) -> None:
    """Delete the files a page wrote last time (it is about to write them again, or not at all)."""
    for f in (entry or {}).get("writes", []):
        (root / f).unlink(missing_ok=True)


def inputs_key() -> str:
    """Hash of everything the validator reads: data, sources, registry, chapters and the package."""
    root = paths.root()
    h = hashlib.sha256(package_hash().encode())
    files = [root / "pages.yml", root / "_toc.yml"]
    for folder in ("data", "sources"):
        files += sorted((root / folder).rglob("*"))
    # the validator reads a chapter's parameters, never its prose: a Markdown edit does not re-validate
    for f in sorted((root / "chapters").rglob("*")):
        if f.is_file():
            h.update(str(f.relative_to(root)).encode())
            h.update((notebooks.code_fingerprint(f) if f.suffix == ".md" else file_hash(f)).encode())
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(root)).encode())
            h.update(file_hash(f).encode())
    return h.hexdigest()
