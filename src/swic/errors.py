"""Build errors that point home: a failure names the chapter file, its cell and line, not a staging copy.

* Execution errors (a cell raised): the chapter file, the cell number, the failing line (number and
  text) and the exception, plus the path of the saved full traceback.
* Book errors (Sphinx warnings such as a glue key, a citation or a reference that does not exist):
  the staging path ``_build/book-xxxx/src/pages/<id>.ipynb:40013`` becomes the chapter file and line
  (myst-nb numbers lines as (cell index + 1) * 10000 + line in the cell).
* No ANSI colour codes in any message.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from swic import notebooks, paths

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
LOGS = "logs"


def plain(text: str) -> str:
    """Text without terminal colour codes."""
    return ANSI.sub("", text)


def _executed_to_source_cell(executed: dict, index: int) -> int | None:
    """1-based number of the chapter's cell for cell ``index`` of the executed notebook."""
    cells = [
        c
        for c in executed["cells"]
        if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])
    ]
    injected = [
        i for i, c in enumerate(cells) if "injected-parameters" in c.get("metadata", {}).get("tags", [])
    ]
    if injected and index == injected[0]:
        return None
    offset = 1 if injected and injected[0] < index else 0
    return index + 1 - offset


def _cell_line_from_traceback(traceback: list[str]) -> int | None:
    """The line of the failing cell that raised: IPython writes 'Cell In[5], line 12'."""
    for frame in traceback:
        m = re.search(r"Cell In\[\d+\], line (\d+)", plain(frame))
        if m:
            return int(m[1])
    return None


def execution_error(page, exc, executed_path: Path, root: Path) -> str:
    """Message for a papermill execution error; the full traceback goes to _build/logs/<page>.traceback.txt."""
    chapter = Path(page.notebook)
    try:
        executed = json.loads(Path(executed_path).read_text(encoding="utf-8"))
        cells = [
            c for c in executed["cells"] if "papermill-error-cell-tag" not in c["metadata"].get("tags", [])
        ]
        cell_no = _executed_to_source_cell(executed, exc.cell_index)
        source = "".join(cells[exc.cell_index]["source"]).splitlines()
    except Exception:
        cell_no, source = exc.cell_index + 1, (exc.source or "").splitlines()
    line_in_cell = _cell_line_from_traceback(exc.traceback or [])
    file_line = notebooks.source_line(chapter, cell_no, line_in_cell or 1) if cell_no else None
    log_dir = Path(root) / "_build" / LOGS
    log_dir.mkdir(parents=True, exist_ok=True)
    tb_file = log_dir / f"{page.id}.traceback.txt"
    tb_file.write_text(
        f"page {page.id} ({paths.rel(chapter)}), cell {cell_no}\n\n"
        + plain("\n".join(exc.traceback or []))
        + "\n",
        encoding="utf-8",
    )
    where = f"{paths.rel(chapter)}"
    if cell_no:
        where += f", cell {cell_no}"
    if file_line:
        where += f" (line {file_line})"
    failing = ""
    if line_in_cell and 1 <= line_in_cell <= len(source):
        failing = f"\n    {file_line or line_in_cell} | {source[line_in_cell - 1].strip()}"
    elif source:
        failing = f"\n    cell starts with: {source[0].strip()[:80]}"
    page_note = f" (page '{page.id}')" if chapter.stem != page.id else ""
    return (
        f"{where}{page_note}: {exc.ename}: {plain(str(exc.evalue))}{failing}\n"
        f"    full traceback: {paths.rel(tb_file)}"
    )


_STAGED = re.compile(
    r"(?P<path>\S*?/_build/book(?:-[^/\s]+)?/src/(?P<rel>[^\s:]+?))(?::(?P<line>\d+))?:(?= )"
)


def map_book_output(output: str, pages: list, stage_src: Path | None = None) -> list[str]:
    """Sphinx warnings and errors of the book build, with paths mapped to the repository."""
    by_id = {p.id: p for p in pages}
    executed_dir = paths.root() / "_build" / "executed"
    out = []
    for raw in plain(output).splitlines():
        line = raw.strip()
        if not re.search(r"WARNING|ERROR|Error|Exception", line):
            continue
        m = _STAGED.search(line)
        if m:
            target = _map_location(m["rel"], m["line"], by_id, executed_dir, _named_key(line))
            line = line.replace(m.group(0), target + ":")
        line = re.sub(r"\S*/_build/book(?:-[^/\s]+)?/src/", "", line)
        out.append(line)
    return list(dict.fromkeys(out))


_KEY = re.compile(
    r"""(?:No key|bibtex key|undefined label:|unknown document:|target not found:)\s*['"]([^'"]+)['"]"""
)


def _named_key(message: str) -> str | None:
    """The glue key, citation key or label a warning is about, if it names one."""
    m = _KEY.search(message)
    return m[1] if m else None


def _nearest_line(chapter: Path, approx: int, key: str | None) -> int:
    """Sphinx's line numbers inside a paragraph are approximate: the line that names the key, nearest
    to the reported one."""
    if not key:
        return approx
    lines = chapter.read_text(encoding="utf-8").splitlines()
    hits = [i for i, x in enumerate(lines, start=1) if key in x]
    return min(hits, key=lambda i: abs(i - approx)) if hits else approx


def _map_location(
    staged_rel: str, line: str | None, by_id: dict, executed_dir: Path, key: str | None = None
) -> str:
    p = Path(staged_rel)
    if p.parts[:1] == ("pages",) and p.suffix == ".ipynb" and p.stem in by_id:
        page = by_id[p.stem]
        chapter = Path(page.notebook)
        note = f" (page '{page.id}')" if chapter.stem != page.id else ""
        if not line:
            return f"{paths.rel(chapter)}{note}"
        n = int(line)
        executed_index, line_in_cell = n // 10000 - 1, n % 10000
        try:
            executed = json.loads((executed_dir / f"{page.id}.ipynb").read_text(encoding="utf-8"))
            cell_no = _executed_to_source_cell(executed, executed_index)
        except Exception:
            cell_no = None
        if not cell_no:
            return f"{paths.rel(chapter)}{note}"
        file_line = notebooks.source_line(chapter, cell_no, max(1, line_in_cell))
        if file_line:
            file_line = _nearest_line(chapter, file_line, key)
        return f"{paths.rel(chapter)}, cell {cell_no} (line {file_line}){note}"
    # a Markdown page or another file of the book: the same path in the repository
    return f"{staged_rel}" + (f", line {line}" if line else "")


def summary(what: str) -> str:
    """The last line of a failed build."""
    return f"Build failed ({what}); the last good site in _build/html is unchanged."
