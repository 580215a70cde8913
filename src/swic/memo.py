"""Values derived from a file's content, kept on disk by that content (``_build/cache/memo/<kind>/``).

Every build reads every chapter for its parameters and the fingerprint of its code; parsing a chapter takes
tens of milliseconds, and a build that follows a one-sentence edit should not spend a second on it. The value
is kept as its ``repr`` and read back with :func:`ast.literal_eval`, so only plain literals (strings,
numbers, lists, tuples, dicts, booleans, None) can be kept. A new kind of value, or a new way of computing
one, takes a new ``kind`` name.

:func:`bytes_by_key` keeps bytes by a key the caller makes from everything that decides them (the rendered
pictures of a chart: its spec, the renderer's version and the fonts).
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Callable
from pathlib import Path

from swic import paths


def by_content(kind: str, path: Path, compute: Callable[[], object], *, root: Path | None = None):
    """``compute()``, or the value kept for a file with ``path``'s name and bytes. A file that cannot be
    read, or a value that cannot be kept, is computed every time."""
    try:
        data = path.read_bytes()
    except OSError:
        return compute()
    key = hashlib.sha256(kind.encode() + b"\0" + path.name.encode() + b"\0" + data).hexdigest()[:32]
    folder = Path(root or paths.root()) / "_build" / "cache" / "memo" / kind
    kept = folder / key
    try:
        return ast.literal_eval(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError, SyntaxError):
        pass
    value = compute()
    text = repr(value)
    try:
        if ast.literal_eval(text) != value:
            return value
    except (ValueError, SyntaxError):
        return value
    try:
        paths.replace_file(kept, text.encode("utf-8"))
    except OSError:
        pass
    return value


def bytes_by_key(kind: str, key: bytes, compute: Callable[[], bytes], *, root: Path | None = None) -> bytes:
    """``compute()``, or the bytes kept for this ``key`` (``_build/cache/memo/<kind>/``). The key must hold
    everything the bytes depend on; a value that cannot be kept is computed every time."""
    name = hashlib.sha256(kind.encode() + b"\0" + key).hexdigest()[:32]
    kept = Path(root or paths.root()) / "_build" / "cache" / "memo" / kind / name
    try:
        return kept.read_bytes()
    except OSError:
        pass
    value = compute()
    try:
        paths.replace_file(kept, value)
    except OSError:
        pass
    return value
