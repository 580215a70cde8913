"""Chapter notebooks as text: MyST Markdown notebooks (jupytext, ``format_name: myst``).

Chapters are stored as ``chapters/<name>.md``: prose is plain Markdown, code sits in
```` ```{code-cell} ```` blocks, so a pull request diffs as text. This module is the one place that
reads them:

* :func:`read` turns a chapter into an in-memory notebook with deterministic cell ids
  (``<name>-00``, ``<name>-01``, ...), which papermill executes;
* :func:`check` lists what is wrong with a chapter file (not MyST, not in jupytext's canonical
  form, no ``parameters`` cell, ...), for ``python -m swic check-notebooks`` and pre-commit;
* :func:`cell_lines` maps a cell number to its first line in the file, so errors point home;
* :func:`write` saves a notebook in the canonical form (the scaffold uses it).
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

import nbformat

FORMAT = "md:myst"
SUFFIX = ".md"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


class NotebookError(ValueError):
    """A chapter file cannot be read as a MyST notebook."""


def is_text_notebook(text: str) -> bool:
    """A MyST notebook starts with a YAML header naming jupytext's ``myst`` format."""
    head = text.split("\n---", 1)[0] if text.startswith("---") else ""
    return bool(re.search(r"format_name:\s*myst\b", head))


@functools.lru_cache(maxsize=256)
def _parse(text: str) -> nbformat.NotebookNode:
    """jupytext's parse of a chapter's text, kept per text: the registry, the validator and the build read
    the same chapters several times (and the validator's trials read identical copies)."""
    import jupytext

    return jupytext.reads(text, fmt=FORMAT)


def read(path: Path | str) -> nbformat.NotebookNode:
    """The chapter as a notebook: cells in file order, ids ``<stem>-NN``, outputs empty."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    if path.suffix != SUFFIX or not is_text_notebook(text):
        raise NotebookError(
            f"{path}: not a MyST Markdown notebook (the file must be .md and start with a jupytext header "
            "with 'format_name: myst'; convert a .ipynb with `jupytext --to myst chapters/<name>.ipynb`)"
        )
    try:
        nb = copy.deepcopy(_parse(text))
    except Exception as exc:  # jupytext raises several kinds of errors for broken files
        raise NotebookError(f"{path}: jupytext cannot read it: {exc}") from exc
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = dict(nb.metadata.get("kernelspec") or KERNELSPEC)
    nb.metadata.setdefault("language_info", {"name": "python"})
    width = max(2, len(str(len(nb.cells) - 1)))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{path.stem}-{i:0{width}d}"
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


def code_fingerprint(path: Path | str) -> str:
    """Hash of what executing a chapter depends on: its code cells (source and metadata, in order) and the
    notebook's metadata, not its Markdown cells. A prose edit leaves it unchanged, so the page's outputs are
    reused (:func:`swic.execute.reassemble`). A file that cannot be read hashes as its bytes."""
    from swic import memo

    path = Path(path)
    return memo.by_content("code-fingerprint-1", path, lambda: _code_fingerprint(path))


def _code_fingerprint(path: Path) -> str:
    import hashlib
    import json

    try:
        nb = read(path)
    except (NotebookError, OSError):
        try:
            return "file:" + hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return "missing"
    code = [
        {"source": c.source, "metadata": c.get("metadata", {})} for c in nb.cells if c.cell_type == "code"
    ]
    blob = json.dumps({"stem": path.stem, "metadata": nb.metadata, "code": code}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def canonical(nb: nbformat.NotebookNode) -> str:
    """The text jupytext writes for a notebook (the stored form of a chapter)."""
    import jupytext

    nb = nbformat.from_dict(nb)
    nb.metadata = {"kernelspec": dict(nb.metadata.get("kernelspec") or KERNELSPEC)}
    for cell in nb.cells:
        cell.pop("id", None)
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    text = jupytext.writes(nb, fmt=FORMAT)
    # jupytext records its own version in the header; leave it out, so that a jupytext upgrade does
    # not rewrite every chapter
    return re.sub(r"\n\s*jupytext_version: [^\n]*", "", text)


def write(nb: nbformat.NotebookNode, path: Path | str) -> Path:
    path = Path(path)
    path.write_text(canonical(nb), encoding="utf-8")
    return path


def check(path: Path | str) -> list[str]:
    """What is wrong with a stored chapter (empty list: nothing)."""
    path = Path(path)
    try:
        nb = read(path)
    except NotebookError as exc:
        return [str(exc)]
    problems = []
    # a chapter saved from JupyterLab records jupytext's version in its header: that alone is fine
    text = re.sub(r"\n\s*jupytext_version: [^\n]*", "", path.read_text(encoding="utf-8"))
    if canonical(nb) != text:
        problems.append(
            f"{path}: not in jupytext's canonical MyST form; run `python -m swic format-notebooks` "
            "(or `make format`) and commit the result"
        )
    return problems


_CODE_FENCE = re.compile(r"^(`{3,}|~{3,})\{code-cell\}")
_MD_SPLIT = re.compile(r"^\+\+\+")


def cell_lines(path: Path | str) -> list[int]:
    """1-based line in the file where each cell's content starts (index = cell number - 1).

    Code cells: the line after the ```` ```{code-cell} ```` fence and its options; Markdown cells:
    their first non-empty line. Used to turn 'cell 3, line 2' into 'chapters/x.md, line 41'.
    """
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    i = 0
    # skip the YAML header
    if lines and lines[0].strip() == "---":
        i = 1
        while i < len(lines) and lines[i].strip() != "---":
            i += 1
        i += 1
    starts: list[int] = []
    in_md = False
    while i < len(lines):
        line = lines[i]
        m = _CODE_FENCE.match(line)
        if m:
            fence = m[1]
            j = i + 1
            # options: ':key: value' lines, then a blank line
            while j < len(lines) and lines[j].startswith(":"):
                j += 1
            if j < len(lines) and lines[j].strip() == "" and j > i + 1:
                j += 1
            starts.append(j + 1)
            in_md = False
            while j < len(lines) and not lines[j].startswith(fence):
                j += 1
            i = j + 1
            continue
        if _MD_SPLIT.match(line):
            in_md = False
            i += 1
            continue
        if line.strip() and not in_md:
            starts.append(i + 1)
            in_md = True
        i += 1
    return starts


def source_line(path: Path | str, cell_number: int, line_in_cell: int = 1) -> int | None:
    """Line in the file of line ``line_in_cell`` of cell ``cell_number`` (both 1-based)."""
    starts = cell_lines(path)
    if not 1 <= cell_number <= len(starts):
        return None
    return starts[cell_number - 1] + max(0, line_in_cell - 1)


# --------------------------------------------------------------------------- lint and format


def _ruff() -> str:
    import shutil
    import sys

    exe = Path(sys.executable).parent / "ruff"
    return str(exe) if exe.exists() else (shutil.which("ruff") or "ruff")


def lint(paths: list[Path], *, fix: bool = False) -> list[str]:
    """Run ruff (lint, and format check) over the code cells of MyST chapters.

    ruff understands notebooks, so each chapter is written to a temporary ``.ipynb`` and checked
    there; messages are mapped back to the chapter file and its line. With ``fix``, code cells are
    formatted and the chapter is rewritten in its canonical form.
    """
    import subprocess
    import tempfile

    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="swic-lint-") as tmp:
        tmp_paths: dict[Path, Path] = {}
        for p in paths:
            p = Path(p)
            try:
                nb = read(p)
            except NotebookError as exc:
                problems.append(str(exc))
                continue
            t = Path(tmp) / f"{p.stem}.ipynb"
            nbformat.write(nb, t)
            tmp_paths[t] = p
        if not tmp_paths:
            return problems
        files = [str(t) for t in tmp_paths]
        by_name = {t.name: p for t, p in tmp_paths.items()}
        if fix:
            subprocess.run([_ruff(), "format", "--quiet", *files], check=False)
            for t, p in tmp_paths.items():
                write(nbformat.read(t, as_version=4), p)
            return problems
        proc = subprocess.run(
            [_ruff(), "check", "--output-format=concise", "--no-cache", *files],
            capture_output=True,
            text=True,
        )
        for line in proc.stdout.splitlines():
            m = re.match(r"^(.*?\.ipynb):cell (\d+):(\d+):(\d+): (.*)$", line)
            if not m:
                continue
            src = by_name[Path(m[1]).name]
            file_line = source_line(src, int(m[2]), int(m[3]))
            problems.append(f"{src}, cell {m[2]} (line {file_line}): {m[5]}")
        proc = subprocess.run(
            [_ruff(), "format", "--check", "--no-cache", "--output-format=concise", *files],
            capture_output=True,
            text=True,
        )
        seen: set[str] = set()
        for line in (proc.stdout + proc.stderr).splitlines():
            m = re.match(r"^(.*?\.ipynb):cell (\d+):(\d+):\d+: (.*)$", line)
            if m and Path(m[1]).name in by_name:
                src = by_name[Path(m[1]).name]
                where = f"{src}, cell {m[2]} (line {source_line(src, int(m[2]), int(m[3]))})"
                if where not in seen:
                    seen.add(where)
                    problems.append(f"{where}: code not formatted; run `make format`")
    return problems
