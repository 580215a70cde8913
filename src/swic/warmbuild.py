"""``make preview``'s builds, started warm.

A build spends its first seconds importing: Python's own start, pandas and Altair for the project, then
``jupyter-book`` starting Sphinx, MyST-NB and the theme in a process of its own. For a one-sentence edit that is
half the build. So ``make preview`` keeps one helper process (``python -m swic.warmbuild``) that imports those
libraries once and then waits. Each build is a child forked from it:

* the child imports the project's own modules afresh (the helper imports none of them), so an edit under
  ``src/`` counts as it does in a normal build;
* the child runs Sphinx in a process forked from itself (:func:`run_book_builder`) instead of starting
  ``jupyter-book`` anew: the same command line, the same code, already imported;
* a child serves one build and exits: nothing a build leaves in memory reaches the next.

The protocol is one JSON line per build on the helper's stdin (argv, environment, working folder, log file),
answered by one JSON line with the exit code. Only on systems with ``fork`` (Linux, macOS); elsewhere
``make preview`` starts each build as a new process, as ``make book`` does.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback

# what a build imports that takes time; a library that is missing is simply not warmed
WARM_MODULES = [
    "pandas",
    "numpy",
    "yaml",
    "altair",
    "nbformat",
    "jupytext",
    "fontTools.ttLib",
    "fontTools.subset",
    "docutils.core",
    "sphinx.application",
    "sphinx.builders.html",
    "myst_parser",
    "myst_nb",
    "myst_nb.sphinx_ext",
    "jupyter_book.cli.main",
    "jupyter_book.config",
    "sphinx_book_theme",
    "pydata_sphinx_theme",
    "sphinx_external_toc",
    "sphinxcontrib.bibtex",
    "sphinx_design",
]
IN_PROCESS = "SWIC_BOOK_BUILDER_FORKED"  # set in a child: Sphinx runs forked from it, not as a new program


def warm() -> None:
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a library that does not import is left to the build to report
            pass


def serve() -> None:
    """The helper: warm up, say so, then one forked build per request line until stdin closes."""
    warm()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which leaves with os._exit
            _child(request)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"rc": os.waitstatus_to_exitcode(status)}), flush=True)


def _child(request: dict) -> None:  # pragma: no cover - runs in the forked child
    """One build, as ``python -m swic <argv>`` would run it, its output in the request's log file."""

    def build() -> None:
        import runpy

        from swic import execute

        os.environ.update(request["env"])
        os.environ[IN_PROCESS] = "1"
        os.chdir(request["cwd"])
        execute.die_with_parent()  # the helper stopped (preview stopped): the build stops too
        sys.argv = ["swic", *request["argv"]]
        runpy.run_module("swic", run_name="__main__", alter_sys=True)

    fd = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    _run_and_exit(fd, build)


def _run_and_exit(fd: int, work) -> None:  # pragma: no cover - runs in a forked process
    """In a forked process: print to ``fd``, run ``work()``, leave with its exit code (0 when it returns,
    a SystemExit's code, 1 on an exception, whose traceback goes to ``fd``). Never returns."""
    code = 1
    try:
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        sys.stdout = open(1, "w", encoding="utf-8", buffering=1, closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", buffering=1, closefd=False)  # noqa: SIM115
        work()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported in the output, the exit code says it failed
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def run_book_builder(cmd: list[str], cwd, env: dict) -> tuple[int, str]:
    """``jupyter-book`` with these arguments, in a process forked from this one (which has imported it):
    (exit code, what it printed). Called by the build inside a warm child instead of starting the program."""
    import tempfile

    def jupyter_book() -> None:
        from jupyter_book.cli.main import main

        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        main.main(args=cmd[1:], prog_name="jupyter-book", standalone_mode=True)

    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the forked Sphinx
            _run_and_exit(out.fileno(), jupyter_book)
        try:
            _, status = os.waitpid(pid, 0)
        except BaseException:
            try:
                os.kill(pid, 15)
                os.waitpid(pid, 0)
            except OSError:
                pass
            raise
        out.seek(0)
        return os.waitstatus_to_exitcode(status), out.read()


if __name__ == "__main__":
    serve()
