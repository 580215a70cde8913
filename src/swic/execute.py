"""Execute pages with papermill on warm kernels: one kernel per worker process, reused for its pages.

A kernel costs about two seconds to start and to import pandas, Altair and the package. A cold build
pays that once per worker instead of once per page: each worker starts one kernel (over IPC sockets,
so no TCP ports to race for and no "running over TCP" warning), imports the package in it, and then
executes page after page in it with papermill (``km=``). Before each page the kernel's namespace is
reset (``%reset -f``) and the package's per-page state is cleared (:func:`swic.runtime.begin_page`),
so a page's output is the same as in a fresh kernel (``tests/test_execute.py`` compares them). A
page that fails gets a fresh kernel for the next one. Kernel output goes to a log file, not to the
terminal.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing.util
import os
import shutil
import signal
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from swic import errors, notebooks, paths, registry, runtime

PRELOAD = (
    "import pandas, altair, myst_nb\n"
    "import swic.charts, swic.context, swic.data, swic.documents, swic.downloads, swic.fmt, swic.fonts, "
    "swic.gaps, swic.glue, swic.known_issues, swic.markup, swic.opendata, swic.page, swic.render, swic.runtime, "
    "swic.survey, swic.synthesis, swic.text\n"
    # the imported modules (Altair's schema above all) live as long as the kernel: frozen, the garbage
    # collector stops walking them on every collection (measured: GC was 8% of a cold build's CPU)
    "import gc\n"
    "gc.collect()\n"
    "gc.freeze()\n"
)
# the parameter papermill injects besides the page's own: figures name their files after the page
PAGE_PARAMETER = "swic_page"


@dataclass
class Result:
    page: str
    status: str  # cached | reassembled (prose edited, code cached) | ran | failed
    seconds: float = 0.0
    error: str = ""
    reads: dict | None = None
    writes: list[str] | None = None


class WarmKernel:
    """One IPython kernel, started once and reused for many notebooks."""

    def __init__(self, log_dir: Path, cwd: Path):
        self.log_dir = Path(log_dir)
        self.cwd = Path(cwd)
        self.km = None
        self.pages = 0
        self._tmp = tempfile.mkdtemp(prefix="swic-k-")

    def start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.log_dir.mkdir(parents=True, exist_ok=True)
        os.makedirs(self._tmp, exist_ok=True)
        log = open(self.log_dir / f"kernel-{os.getpid()}.log", "a", encoding="utf-8")  # noqa: SIM115
        # sockets and connection file in the kernel's own temporary folder, removed at shutdown
        self.km = AsyncKernelManager(
            kernel_name="python3",
            transport="ipc",
            ip=os.path.join(self._tmp, "k"),
            connection_file=os.path.join(self._tmp, "connection.json"),
        )
        run_sync(self.km.start_kernel)(
            stdout=log,
            stderr=log,
            cwd=str(self.cwd),
            env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1", "NO_COLOR": "1"},
        )
        self.run(PRELOAD)

    def run(self, code: str, timeout: float = 120) -> None:
        """Execute code in the kernel outside any notebook; raise if it fails."""
        from jupyter_core.utils import run_sync

        kc = self.km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=60)
            reply = run_sync(kc.execute_interactive)(code, timeout=timeout, output_hook=lambda msg: None)
        finally:
            kc.stop_channels()
        if reply["content"]["status"] != "ok":
            c = reply["content"]
            raise RuntimeError(f"kernel set-up failed: {c.get('ename')}: {c.get('evalue')}")

    def restart(self) -> None:
        self.shutdown()
        self.start()

    def kill(self) -> None:
        """Stop the kernel at once, without messages (safe in a signal handler), and remove its folder."""
        km, self.km = self.km, None
        proc = getattr(getattr(km, "provisioner", None), "process", None)
        if proc is not None:
            try:  # the kernel leads its own process group (jupyter_client starts it in a new session)
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                proc.wait(timeout=5)
            except Exception:
                pass
        shutil.rmtree(self._tmp, ignore_errors=True)

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        if self.km is not None and self.km.has_kernel:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # a dead kernel cannot be shut down twice
                pass
        self.km = None
        shutil.rmtree(self._tmp, ignore_errors=True)


_kernel: WarmKernel | None = None
# the files of the page being executed (its read and write logs, its partial notebook): removed when stopped
_current: list[str] = []


def _stop_worker(signum, frame) -> None:
    """SIGTERM in a pool worker: kill the kernel, remove the page's temporary files, exit at once."""
    if _kernel is not None:
        _kernel.kill()
    for f in _current:
        Path(f).unlink(missing_ok=True)
    os._exit(128 + signum)


def die_with_parent() -> None:
    """Linux: this process gets SIGTERM when the process that started it dies, however it dies (SIGKILL,
    a crash, a test runner stopped). Without it a pool worker whose build was killed outright lives on with
    its warm kernel (seen: four orphaned workers and their kernels using half a core for minutes)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the call: nobody would signal us
        os.kill(os.getpid(), signal.SIGTERM)


def init_worker(root: str) -> None:
    """Process-pool initializer: environment, quiet logging, one warm kernel."""
    global _kernel
    signal.signal(signal.SIGTERM, _stop_worker)
    if multiprocessing.parent_process() is not None:  # a pool worker, not a page run in the build itself
        die_with_parent()
    os.environ["SWIC_ROOT"] = root
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    logging.getLogger("papermill").setLevel(logging.ERROR)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    _kernel = WarmKernel(Path(root) / "_build" / "logs", Path(root))
    _kernel.start()
    # a pool worker leaves through multiprocessing's exit path, where atexit handlers do not run
    multiprocessing.util.Finalize(None, _kernel.shutdown, exitpriority=10)
    atexit.register(_kernel.shutdown)


def _begin_page(kernel: WarmKernel, page: registry.Page, reads_log: str, writes_log: str) -> None:
    kernel.run(
        "%reset -f\n"
        "import os as _os\n"
        f"_os.chdir({str(page.notebook.parent)!r})\n"
        f"_os.environ['SWIC_READS_LOG'] = {reads_log!r}\n"
        f"_os.environ['SWIC_WRITES_LOG'] = {writes_log!r}\n"
        "import swic.runtime as _rt\n"
        "_rt.begin_page()\n"
        "del _os, _rt\n"
    )


def execute_page(
    page: registry.Page, out_path: str, root: str, *, kernel: WarmKernel | None = None
) -> Result:
    """Execute one page on the worker's warm kernel (or the one given); log what it reads and writes."""
    import papermill as pm

    kernel = kernel or _kernel
    if kernel is None:  # called outside a pool: a kernel of its own
        init_worker(root)
        kernel = _kernel
    start = time.perf_counter()
    fd, reads_log = tempfile.mkstemp(prefix="swic-reads-", suffix=".log")
    os.close(fd)
    fd, writes_log = tempfile.mkstemp(prefix="swic-writes-", suffix=".log")
    os.close(fd)
    tmp_out = out_path.removesuffix(".ipynb") + ".tmp.ipynb"
    _current[:] = [reads_log, writes_log, tmp_out]
    try:
        _begin_page(kernel, page, reads_log, writes_log)
        pm.execute_notebook(
            notebooks.read(page.notebook),
            tmp_out,
            parameters={**page.parameters, PAGE_PARAMETER: page.id},
            kernel_name="python3",
            km=kernel.km,
            progress_bar=False,
            log_output=False,
            report_mode=False,
            request_save_on_cell_execute=False,
            execution_timeout=600,
        )
    except pm.PapermillExecutionError as exc:
        kernel.restart()
        msg = errors.execution_error(page, exc, Path(tmp_out), Path(root))
        return Result(page.id, "failed", time.perf_counter() - start, msg)
    except Exception as exc:  # kernel death, a broken chapter file, ...
        try:
            kernel.restart()
        except Exception:
            pass
        rel = paths.rel(page.notebook)
        return Result(
            page.id,
            "failed",
            time.perf_counter() - start,
            f"{rel}: page '{page.id}' could not be executed: {type(exc).__name__}: {errors.plain(str(exc))}",
        )
    finally:
        reads_raw = _read_log(reads_log)
        writes_raw = _read_log(writes_log)
        _current.clear()
    normalise(Path(tmp_out))
    os.replace(tmp_out, out_path)
    kernel.pages += 1
    reads = {}
    for p in sorted(set(reads_raw)):
        if p.startswith("@"):  # an input that is not a file (the version): its value
            reads[p] = runtime.input_value(p)
            continue
        try:
            key = str(Path(p).relative_to(root))
        except ValueError:
            key = p
        reads[key] = _file_hash(Path(p))
    writes = sorted({str(Path(p).relative_to(root)) for p in writes_raw if Path(p).is_relative_to(root)})
    return Result(page.id, "ran", time.perf_counter() - start, reads=reads, writes=writes)


def _read_log(path: str) -> list[str]:
    p = Path(path)
    try:
        return [x for x in p.read_text(encoding="utf-8").split("\n") if x.strip()] if p.exists() else []
    finally:
        p.unlink(missing_ok=True)


def _file_hash(path: Path) -> str:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


def reassemble(page: registry.Page, out_path: Path) -> bool:
    """After a prose-only edit: the executed copy with the chapter's new Markdown cells and the outputs of
    its unchanged code cells (glue values live in code cells, so they stay), as executing it again would
    write it. False when the code cells do not match the executed copy's (then the page is executed).
    """
    import json

    out_path = Path(out_path)
    try:
        old = json.loads(out_path.read_text(encoding="utf-8"))
        src = notebooks.read(page.notebook)
    except (OSError, ValueError):
        return False
    old_code = [c for c in old["cells"] if c["cell_type"] == "code"]
    new_code = [c for c in src.cells if c.cell_type == "code"]
    executed = [c for c in old_code if c.get("id") != "injected-parameters"]
    if len(executed) != len(new_code) or any(
        "".join(o["source"]) != n.source for o, n in zip(executed, new_code, strict=True)
    ):
        return False
    # papermill's parameters cell follows the page's parameters cell
    follows: dict[int, list[dict]] = {}
    k = -1
    for c in old["cells"]:
        if c["cell_type"] == "code" and c.get("id") != "injected-parameters":
            k += 1
        elif c["cell_type"] == "code":
            follows.setdefault(k, []).append(c)
    cells = []
    k = -1
    for cell in src.cells:
        if cell.cell_type == "code":
            k += 1
            cells.append({**executed[k], "id": cell["id"]})
            cells += follows.get(k, [])
        else:
            md = dict(cell.get("metadata", {}))
            md.setdefault("tags", [])
            cells.append(
                {
                    "cell_type": cell.cell_type,
                    "id": cell["id"],
                    "metadata": md,
                    "source": cell.source.splitlines(keepends=True),
                }
            )
    cells = [c for c in cells if c.get("cell_type") != "raw" or c.get("source")]
    tmp = out_path.with_suffix(".tmp.ipynb")
    _dump({**old, "cells": cells}, tmp)
    normalise(tmp)
    os.replace(tmp, out_path)
    return True


def _dump(nb: dict, path: Path) -> None:
    import json

    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def normalise(nb_path: Path) -> None:
    """Make an executed notebook deterministic and hide from readers what they need not see: papermill's
    parameter cells and code cells without output (cells that only glue values).

    Execution counts are renumbered from 1: on a warm kernel they continue from the previous page.
    """
    import json

    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    pm_meta = nb.get("metadata", {}).get("papermill", {})
    params = {k: v for k, v in pm_meta.get("parameters", {}).items()}
    nb["metadata"]["papermill"] = {"parameters": params}
    nb["metadata"].pop("widgets", None)
    count = 0
    for cell in nb["cells"]:
        md = cell.setdefault("metadata", {})
        md.pop("papermill", None)
        md.pop("execution", None)
        tags = md.get("tags", [])
        # what readers do not see: the parameters, and code cells that show nothing (they glue values)
        shows_nothing = cell.get("cell_type") == "code" and all(
            out.get("metadata", {}).get("scrapbook") for out in cell.get("outputs", [])
        )
        if (
            "injected-parameters" in tags or "parameters" in tags or shows_nothing
        ) and "remove-cell" not in tags:
            md["tags"] = [*tags, "remove-cell"]
        if "injected-parameters" in md.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        if cell.get("cell_type") == "code":
            if cell.get("execution_count") is not None:
                count += 1
                cell["execution_count"] = count
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = cell["execution_count"]
    _dump(nb, nb_path)


class Terminated(SystemExit):
    """The build was stopped by a signal (SIGTERM: CI runners, `timeout`); exits with 128 + the signal."""


@contextlib.contextmanager
def stop_cleanly_on_sigterm(log=print):
    """While the block runs, SIGTERM stops the pool's workers (each kills its kernel and removes its
    temporary files, see :func:`_stop_worker`) and then raises :class:`Terminated`, so that the callers'
    ``finally`` blocks run and nothing is left in the temporary directory."""
    import multiprocessing
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough
        children = multiprocessing.active_children()
        for child in children:
            child.terminate()
        for child in children:
            child.join(timeout=10)
        if _kernel is not None:  # pages executed in this process (jobs=1 outside a pool, tests)
            _kernel.kill()
        for f in _current:
            Path(f).unlink(missing_ok=True)
        log(f"Stopped by signal {signum}; kernels shut down.")
        raise Terminated(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def default_jobs() -> int:
    """Pages executed at once: two warm kernels per core. A page spends part of its time outside its
    kernel (messages to and from papermill, writing the notebook), so one kernel per core leaves the cores
    idle; measured on 2 cores, 37 pages: 49 s with 2 kernels, 38-42 s with 4, no better with 5 or 6."""
    return 2 * (os.cpu_count() or 1)
