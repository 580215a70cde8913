"""Shared fixtures: the project root, the built site, throw-away project copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


def copy_project(dest: Path, with_build: bool = True) -> Path:
    """A copy of the project (sources, data, notebooks, and optionally the last build)."""
    ignore = shutil.ignore_patterns(
        ".venv", "node_modules", ".git", "__pycache__", ".pytest_cache", "_build", ".ruff_cache"
    )
    shutil.copytree(ROOT, dest, ignore=ignore)
    if (ROOT / "node_modules").is_dir():  # the chart library the build copies into the site
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
    if with_build and (ROOT / "_build").exists():
        shutil.copytree(
            ROOT / "_build", dest / "_build", ignore=shutil.ignore_patterns("book-*", "html.old-*")
        )
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def run_cli(project: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {**os.environ, "SWIC_ROOT": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "swic", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def validate_in(project: Path, monkeypatch) -> tuple[bool, str]:
    """`make validate` on a project copy, in this process (seconds instead of a new Python each time)."""
    from swic import validation

    monkeypatch.setenv("SWIC_ROOT", str(project))
    monkeypatch.delenv("SWIC_SOURCES", raising=False)
    problems = validation.run()
    return not problems, validation.report(problems)


def pytest_collection_modifyitems(config, items):
    """With `--dist loadgroup`, the cells of one executed notebook (nbval) stay on one worker, in order;
    everything else is spread over the workers test by test."""
    for item in items:
        path = str(getattr(item, "path", ""))
        if path.endswith(".ipynb"):
            item.add_marker(pytest.mark.xdist_group(name=path))
