"""Pages executed on a warm (reused) kernel give exactly the output of a fresh kernel."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from swic import execute, registry

from .conftest import copy_project

pytestmark = pytest.mark.slow


def test_a_page_after_other_pages_on_a_warm_kernel_equals_a_fresh_kernel(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project", with_build=False)
    monkeypatch.setenv("SWIC_ROOT", str(project))
    pages = {p.id: p for p in registry.load(project)}
    out = project / "_build" / "executed"
    out.mkdir(parents=True)

    def run(kernel, page_id: str, name: str) -> bytes:
        target = out / f"{name}.ipynb"
        r = execute.execute_page(pages[page_id], str(target), str(project), kernel=kernel)
        assert r.status == "ran", r.error
        return target.read_bytes()

    fresh = execute.WarmKernel(project / "_build" / "logs", project)
    fresh.start()
    try:
        isolated = run(fresh, "administratie", "isolated")
    finally:
        fresh.shutdown()

    warm = execute.WarmKernel(project / "_build" / "logs", project)
    warm.start()
    try:
        run(warm, "vitaliteit", "first")  # leaves variables, chart ids and imports behind
        run(warm, "onderwerp-administratie", "second")
        again = run(warm, "administratie", "warm")
    finally:
        warm.shutdown()
    assert again == isolated, "a page's output depends on the pages executed before it on the same kernel"


def test_kernel_output_does_not_reach_the_terminal(tmp_path, capfd, monkeypatch):
    project = copy_project(tmp_path / "project", with_build=False)
    monkeypatch.setenv("SWIC_ROOT", str(project))
    kernel = execute.WarmKernel(project / "_build" / "logs", project)
    kernel.start()
    try:
        kernel.run("import sys; print('noise', file=sys.stderr)")
    finally:
        kernel.shutdown()
    err = capfd.readouterr().err
    assert "Kernel is running over TCP" not in err and "noise" not in err
    assert not os.path.exists(kernel._tmp), "the kernel's sockets and connection file are left in /tmp"
    assert os.path.isdir(Path(project) / "_build" / "logs")
