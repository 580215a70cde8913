"""Shared fixtures: the project root, the built site, throw-away project copies."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
EXECUTED = ROOT / "_build" / "executed"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("The site is not built: run `make book` (or `make test`, which builds it first).")
    return SITE


# values kept by what decides them (font subsets by face and characters, pictures by spec, a chapter's
# parameters by its bytes); files there are only ever replaced, never written into, so copies link them
KEPT = ("fonts", "memo")


def copy_project(dest: Path, with_build: bool = True, with_kept: bool = True) -> Path:
    """A copy of the project (sources, data, notebooks, and optionally the last build). ``with_kept``: link
    the kept values of ``_build/cache`` (:data:`KEPT`), so a copy does not spend seconds per page making
    again what the checkout already has."""
    ignore = shutil.ignore_patterns(
        ".venv*", "node_modules", ".git", "__pycache__", ".pytest_cache", "_build", ".ruff_cache"
    )
    shutil.copytree(ROOT, dest, ignore=ignore)
    if (ROOT / "node_modules").is_dir():  # the chart library the build copies into the site
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
    cache = ROOT / "_build" / "cache"
    if with_build and (ROOT / "_build").exists():
        skip = shutil.ignore_patterns("book", "book-*", "html.old-*", ".lock")

        def ignore_build(folder, names):
            # not Sphinx's incremental state (_build/book): large, and a copy's first book build is a full one
            return set(skip(folder, names)) | ({*KEPT} & set(names) if Path(folder) == cache else set())

        shutil.copytree(ROOT / "_build", dest / "_build", ignore=ignore_build)
    for kept in KEPT if with_kept else ():
        if (cache / kept).is_dir():
            shutil.copytree(cache / kept, dest / "_build" / "cache" / kept, copy_function=_link_or_copy)
    return dest


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system
        shutil.copy2(src, dst)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def same_site_env() -> dict[str, str]:
    """What a copy (which has no git history) needs to build the same site as this checkout: its version
    and the date the current site was built."""
    from swic import cite

    version, version_date = cite.version()
    env = {"SWIC_VERSION": version, "SWIC_VERSION_DATE": version_date}
    built = ROOT / "_build" / "cache" / "site.date"
    if built.exists():
        env["SWIC_BUILD_DATE"] = built.read_text().strip()
    return env


def run_cli(
    project: Path, *args: str, timeout: int = 900, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ, **same_site_env(), "SWIC_ROOT": str(project), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "swic", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def validate_in(project: Path, monkeypatch, only: list[str] | None = None) -> tuple[bool, str]:
    """`make validate` on a project copy, in this process (seconds instead of a new Python each time);
    ``only``: just these checks (validation.CHECKS)."""
    from swic import validation

    monkeypatch.setenv("SWIC_ROOT", str(project))
    monkeypatch.delenv("SWIC_SOURCES", raising=False)
    problems = validation.run(only)
    return not problems, validation.report(problems)


# --------------------------------------------------------------------------- the order of the files

# The files that take longest, longest first: `make test` hands whole files to two workers (pytest-xdist
# --dist loadfile) in the order collected, so these start first and the many short files and notebooks
# fill the gaps; otherwise a long file that starts last keeps one worker busy while the other waits.
LONGEST_FIRST = [
    "test_build.py",
    "test_validate_trials.py",
    "test_browser.py",
    "test_browser_narrow.py",
    "test_browser_phone.py",
    "test_execute.py",
    "test_browser_fonts.py",
    "test_findings.py",
    "test_scaffold.py",
    "test_voice.py",
]


def pytest_collection_modifyitems(items):
    def rank(indexed):
        i, item = indexed
        name = item.path.name
        if name in LONGEST_FIRST:
            return (0, LONGEST_FIRST.index(name), i)
        if item.path.suffix == ".py":
            return (1, 0, i)  # then the other tests
        return (2, -item.path.stat().st_size, i)  # then the notebooks, the largest (the longest) first

    items[:] = [item for _, item in sorted(enumerate(items), key=rank)]


# --------------------------------------------------------------------------- the browser tests' fixtures


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from swic import browser as swic_browser

    try:
        swic_browser.chromium_path()
    except swic_browser.BrowserNotFound as exc:
        pytest.fail(str(exc))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = swic_browser.launch(pw)
        yield b
        b.close()


@pytest.fixture(scope="module")
def contexts(browser):
    """One browser context per width, shared by the pages (a fresh context per page costs seconds)."""
    made = {}

    def get(width: int, **kw):
        key = (width, repr(sorted(kw.items())))
        if key not in made:
            made[key] = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL", **kw)
        return made[key]

    yield get
    for ctx in made.values():
        ctx.close()
