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


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmd:
            found.append(f"{proc.name}: {cmd}")
    return found


def test_a_build_stopped_with_sigterm_leaves_no_kernels_or_logs_behind(tmp_path):
    """CI runners and `timeout` stop a build with SIGTERM: the kernels are shut down, their folders and the
    pages' read/write logs removed."""
    import signal
    import subprocess
    import sys
    import time

    from .conftest import same_site_env

    project = copy_project(tmp_path / "project", with_build=False)
    tmp = tmp_path / "tmp"  # the build's own temporary directory, apart from other builds on the machine
    tmp.mkdir()
    env = {**os.environ, **same_site_env(), "SWIC_ROOT": str(project), "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "swic", "build", "--jobs", "2"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        # the kernels have started once both have their connection files, and pages are running once
        # a page's read log exists
        while time.monotonic() < deadline and proc.poll() is None:
            kernels = list(tmp.glob("swic-k-*/connection.json"))
            if len(kernels) == 2 and list(tmp.glob("swic-reads-*.log")):
                break
            time.sleep(0.1)
        assert proc.poll() is None, f"the build ended before the kernels started:\n{proc.stderr.read()}"
        assert len(list(tmp.glob("swic-k-*"))) == 2, "the kernels did not start in time"
        time.sleep(1)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, (proc.returncode, out[-2000:], err[-2000:])
    time.sleep(0.5)
    left = sorted(p.name for p in tmp.iterdir() if p.name.startswith("swic-"))
    assert not left, f"left in the temporary directory: {left}"
    assert not _processes_mentioning(str(tmp)), "kernels still running"
    assert not list((project / "_build").glob("book-*")), "a staging folder left behind"
    assert not list((project / "_build" / "executed").glob("*.tmp.ipynb")), "a partial notebook left behind"


def test_a_prose_edit_reassembles_exactly_what_executing_again_writes(tmp_path, monkeypatch):
    """Markdown cells changed, added and removed; code cells unchanged: the executed copy re-assembled from
    the cached outputs equals the page executed afresh, byte for byte (cell ids shift with the new cells)."""
    from swic import cache, notebooks

    project = copy_project(tmp_path / "project", with_build=False)
    monkeypatch.setenv("SWIC_ROOT", str(project))
    page = next(p for p in registry.load(project) if p.id == "zeggenschap")
    out = project / "_build" / "executed" / "zeggenschap.ipynb"
    out.parent.mkdir(parents=True)
    kernel = execute.WarmKernel(project / "_build" / "logs", project)
    kernel.start()
    try:
        assert execute.execute_page(page, str(out), str(project), kernel=kernel).status == "ran"
        key = cache.page_key(page, "pkg")
        text = page.notebook.read_text(encoding="utf-8")
        first_md = text.index("\n# Autonomie")
        text = text[:first_md] + "\n+++\n\nEen nieuwe alinea vooraan.\n" + text[first_md:]
        text = text.replace("## Over het algemeen", "## Over het algemeen (herschreven)", 1)
        text += "\n+++\n\nEen extra zin aan het eind.\n"
        page.notebook.write_text(text, encoding="utf-8")
        assert cache.page_key(page, "pkg") == key, "a prose edit changed the page's cache key"
        assert execute.reassemble(page, out)
        reassembled = out.read_bytes()
        assert "Een nieuwe alinea vooraan" in out.read_text(encoding="utf-8")
        assert execute.execute_page(page, str(out), str(project), kernel=kernel).status == "ran"
    finally:
        kernel.shutdown()
    assert reassembled == out.read_bytes(), "the re-assembled notebook differs from a fresh execution"
    nb = notebooks.read(page.notebook)
    code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and i > 2)
    nb.cells[code]["source"] += "\nx = 1"
    notebooks.write(nb, page.notebook)
    assert cache.page_key(page, "pkg") != key, "a code edit kept the page's cache key"
    assert not execute.reassemble(page, out), "a code edit was re-assembled instead of executed"


def test_a_pool_worker_dies_with_its_build(tmp_path):
    """A build killed outright (SIGKILL: no handler runs) takes its workers along: each worker asked the
    kernel for SIGTERM on its parent's death (and its SIGTERM handler kills its warm kernel)."""
    import signal
    import subprocess
    import sys
    import time

    if not sys.platform.startswith("linux"):
        pytest.skip("parent-death signal is Linux only")
    pidfile = tmp_path / "worker.pid"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import multiprocessing as mp, time\n"
            "def work(path):\n"
            "    from swic import execute\n"
            "    execute.die_with_parent()\n"
            "    import os; open(path, 'w').write(str(os.getpid()))\n"
            "    time.sleep(120)\n"
            "if __name__ == '__main__':\n"
            f"    mp.Process(target=work, args=({str(pidfile)!r},)).start()\n"
            "    time.sleep(120)\n",
        ]
    )
    try:
        deadline = time.monotonic() + 30
        while not pidfile.exists() or not pidfile.read_text():
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.1)
        worker = int(pidfile.read_text())
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{worker}").exists() and "Z" not in _state(worker):
            assert time.monotonic() < deadline, "the worker outlived its killed parent"
            time.sleep(0.1)
    finally:
        parent.kill()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return "Z"
