"""A chapter created with the scaffold builds and passes nbval without further edits."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from swic import notebooks, registry

from .conftest import copy_project, run_cli

pytestmark = pytest.mark.slow


def test_new_chapter_builds_and_passes_nbval(tmp_path, site):
    project = copy_project(tmp_path / "project")
    # a chapter that has data but no page of its own: take chapter 1's page out of the registry first
    reg = project / "pages.yml"
    reg.write_text(reg.read_text(encoding="utf-8").replace("      chapter: 1\n", ""), encoding="utf-8")
    proc = run_cli(project, "new-chapter", "werkdruk-test", "--title", "Werkdruk (test)", "--chapter", "1")
    assert proc.returncode == 0, proc.stderr
    nb_path = project / "chapters" / "werkdruk-test.md"
    nb = notebooks.read(nb_path)
    assert any("parameters" in c["metadata"].get("tags", []) for c in nb["cells"])
    assert "```{code-cell}" in nb_path.read_text(encoding="utf-8")
    pages = registry.load(project)
    page = next(p for p in pages if p.id == "werkdruk-test")
    assert page.parameters["chapter"] == 1
    assert registry.check_notebooks(project) == []

    proc = run_cli(project, "build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"Executed 1 page\(s\)", proc.stdout), proc.stdout
    html = (project / "_build" / "html" / "pages" / "werkdruk-test.html").read_text(encoding="utf-8")
    assert "swic-figure" in html and "Werkdruk (test)" in html

    executed = project / "_build" / "executed" / "werkdruk-test.ipynb"
    nbval = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", str(executed)],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "SWIC_ROOT": str(project)},
    )
    assert nbval.returncode == 0, nbval.stdout[-3000:]


def test_scaffold_refuses_an_existing_id(tmp_path):
    project = copy_project(tmp_path / "project", with_build=False)
    proc = run_cli(project, "new-chapter", "index", "--title", "Dubbel")
    assert proc.returncode == 1 and "already exists" in proc.stderr


def test_scaffold_refuses_a_chapter_that_has_a_page_or_no_data(tmp_path):
    project = copy_project(tmp_path / "project", with_build=False)
    proc = run_cli(project, "new-chapter", "dubbel", "--title", "Dubbel", "--chapter", "11")
    assert proc.returncode == 1 and "already has a page: vitaliteit" in proc.stderr, proc.stderr
    proc = run_cli(project, "new-chapter", "leeg", "--title", "Leeg", "--chapter", "42")
    assert proc.returncode == 1 and "chapter 42 has no data" in proc.stderr, proc.stderr
    assert "dubbel" not in (project / "pages.yml").read_text(encoding="utf-8")
