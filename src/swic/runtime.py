"""What a notebook knows about the page it is executed for, and the state that lives one page long.

The build executes each page with papermill and injects, besides the page's parameters,
``swic_page`` (the page id). Figures use it to name their files (``figuren/<page>/<figure>.svg``),
so a re-execution by nbval produces the same HTML. Files a page writes for the site are logged
(``SWIC_WRITES_LOG``), so the build cache knows them; outside a build nothing is written.

Element ids handed out on a page (figure anchors, chart ids) are unique per page and forgotten by
:func:`begin_page`, which the build calls before each page on a reused kernel.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from swic import paths, version

ASSETS = "assets"  # _build/executed/assets/<site path>: files pages write for the site
RECORDS = "records"  # _build/executed/records/<path>: what pages record for the build (not published)
VERSION_INPUT = "@version"  # an input that is not a file: the site's version (git describe and date)

_anchors_seen: dict[str, int] = {}
_charts_seen: dict[str, int] = {}


def begin_page() -> None:
    """Forget per-page state (ids handed out): called before each page on a reused kernel."""
    _anchors_seen.clear()
    _charts_seen.clear()


def anchor(base: str) -> str:
    """A unique element id on this page: ``base``, then ``base-2``, ``base-3`` ..."""
    count = _anchors_seen.get(base, 0) + 1
    _anchors_seen[base] = count
    return base if count == 1 else f"{base}-{count}"


def chart_id(payload: str) -> str:
    """The element id of a chart: a hash of its spec, so that ids do not shift when a chart is added."""
    digest = hashlib.sha1(payload.encode()).hexdigest()[:12]
    count = _charts_seen.get(digest, 0) + 1
    _charts_seen[digest] = count
    return f"swic-chart-{digest}" + (f"-{count}" if count > 1 else "")


def page_id() -> str | None:
    """The id of the page being executed, or None (a notebook opened by hand)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return None
    ip = get_ipython()
    if ip is None:
        return None
    value = ip.user_ns.get("swic_page")
    return str(value) if value else None


def record_read(path: Path | str) -> None:
    """Log a file as read by this page (the build cache executes the page again when it changes)."""
    log = os.environ.get("SWIC_READS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(str(Path(path).resolve()) + "\n")


def record_input(name: str) -> None:
    """Log an input of the page that is not a data file (e.g. :data:`VERSION_INPUT`): the build cache
    stores its value and executes the page again when it changes. Outside a build: nothing."""
    log = os.environ.get("SWIC_READS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(name + "\n")


def input_value(name: str) -> str:
    """The current value of a non-file input, as the cache stores it."""
    if name == VERSION_INPUT:
        return "|".join(version.describe())
    raise ValueError(f"unknown build input {name!r}")


def building() -> bool:
    """True while the build executes a page (files for the site are written only then)."""
    return bool(os.environ.get("SWIC_WRITES_LOG"))


def assets_dir() -> Path:
    return paths.root() / "_build" / "executed" / ASSETS


def records_dir() -> Path:
    return paths.root() / "_build" / "executed" / RECORDS


def write_asset(site_path: str, content: bytes) -> Path | None:
    """Write a file the site serves at ``site_path`` (e.g. 'figuren/administratie/figuur-9-1.svg').

    Only during a build; the path is logged so the cache can remove it when the page changes.
    """
    return _write(assets_dir() / site_path, content)


def write_record(path: str, content: bytes) -> Path | None:
    """Write a record of the page for the build's own use (what the change report compares), not
    published. Only during a build; logged like an asset."""
    return _write(records_dir() / path, content)


def _write(target: Path, content: bytes) -> Path | None:
    if not building():
        return None
    if not target.exists() or target.read_bytes() != content:
        paths.replace_file(target, content)
    with open(os.environ["SWIC_WRITES_LOG"], "a", encoding="utf-8") as fh:
        fh.write(str(target) + "\n")
    return target
