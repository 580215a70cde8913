"""The build CLI: bad input fails loudly and leaves the published site untouched; caching; determinism.

These tests work on a copy of the project that includes the last build (``_build``), so they can
check that a failing build leaves ``_build/html`` byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from swic import notebooks

from .conftest import ROOT, copy_project, run_cli, validate_in

pytestmark = pytest.mark.slow


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory, site):
    """A copy of the project with a finished build (shared by the read-only tests)."""
    return copy_project(tmp_path_factory.mktemp("built") / "project")


@pytest.fixture
def fresh_copy(tmp_path, site):
    return copy_project(tmp_path / "project")


def first_survey_csv(project: Path) -> Path:
    return sorted((project / "data" / "raadpleging" / "2025").glob("hoofdstuk-01.csv"))[0]


def replace_cell(csv_path: Path, row: int, column: str, new: str) -> None:
    """Set one cell (row = data row, 1-based) using the csv module, so quoting stays right."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"), newline="")))
    col = rows[0].index(column)
    rows[row][col] = new
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    csv_path.write_text(out.getvalue(), encoding="utf-8")


def first_row_where(csv_path: Path, **conds) -> int:
    import csv

    with csv_path.open(encoding="utf-8", newline="") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=1):
            if all(r[k] == v for k, v in conds.items()):
                return i
    raise AssertionError(f"no row with {conds} in {csv_path}")


# --------------------------------------------------------------------------- bad input corpus


def _non_numeric(p):
    f = first_survey_csv(p)
    replace_cell(f, 3, "value", "dertig")
    return r"data/raadpleging/2025/hoofdstuk-01\.csv \(\d+ problems?\)\n  row 4, column 'value': 'dertig' is not a number"


def _missing_column(p):
    f = p / "data" / "sources.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:-1] for r in rows])
    f.write_text(out.getvalue(), encoding="utf-8")
    return r"data/sources\.csv \(1 problem\)\n  row 1: missing column\(s\): short"


def _duplicate_key(p):
    f = first_survey_csv(p)
    lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
    f.write_text("".join(lines[:2] + [lines[1]] + lines[2:]), encoding="utf-8")
    return r"hoofdstuk-01\.csv \(.*\n(.*\n)*  row 3, .*duplicate key.*already in row 2"


def _percent_above_100(p):
    f = first_survey_csv(p)
    row = first_row_where(f, unit="percent", quality="table")
    replace_cell(f, row, "value", "130")
    return rf"hoofdstuk-01\.csv \(.*\n(.*\n)*  row {row + 1}, column 'value': percentage 130 is outside 0–100"


def _distribution_does_not_sum(p):
    f = first_survey_csv(p)
    row = first_row_where(f, answer_type="single", unit="percent", quality="table")
    import csv

    with f.open(encoding="utf-8", newline="") as fh:
        old = float(list(csv.DictReader(fh))[row - 1]["value"])
    replace_cell(f, row, "value", f"{old + 30:g}" if old < 70 else f"{old - 30:g}")
    return r"hoofdstuk-01\.csv \(.*\n(.*\n)*  row \d+, column 'value': single-choice distribution .* sums to "


def _unknown_locator(p):
    f = first_survey_csv(p)
    row = first_row_where(f, locator="Tabel 1.1")
    replace_cell(f, row, "locator", "Tabel 1.9")
    return rf"hoofdstuk-01\.csv \(.*\n(.*\n)*  row {row + 1}, column 'locator': unknown locator 'Tabel 1\.9'"


def _unknown_source(p):
    f = first_survey_csv(p)
    replace_cell(f, 1, "source", "raadpleging-2030")
    return r"hoofdstuk-01\.csv \(.*\n(.*\n)*  row 2, column 'source': 'raadpleging-2030' is not one of"


def _empty_file(p):
    first_survey_csv(p).write_text("", encoding="utf-8")
    return r"hoofdstuk-01\.csv \(1 problem\)\n  the file is empty"


def _wrong_encoding(p):
    f = first_survey_csv(p)
    f.write_bytes(f.read_text(encoding="utf-8").replace("Organisatie", "Organisatië").encode("cp1252"))
    return r"hoofdstuk-01\.csv \(1 problem\)\n  not valid UTF-8 at line \d+"


def _missing_file(p):
    first_survey_csv(p).unlink()
    return r"hoofdstuk-01\.csv \(1 problem\)\n  file not found"


def _unknown_parameter(p):
    reg = p / "pages.yml"
    reg.write_text(
        reg.read_text(encoding="utf-8").replace("baseline: 2020", "basislijn: 2020", 1), encoding="utf-8"
    )
    return r"pages\.yml, page '[a-z0-9-]+': unknown parameter 'basislijn'"


def _ill_typed_parameter(p):
    reg = p / "pages.yml"
    reg.write_text(
        reg.read_text(encoding="utf-8").replace("edition: 2025", "edition: tweeduizend", 1), encoding="utf-8"
    )
    return r"pages\.yml, page 'index': parameter 'edition' is str 'tweeduizend'.*expects int"


def _invalid_datapackage(p):
    (p / "data" / "datapackage.json").write_text("{ not json", encoding="utf-8")
    return r"data/datapackage\.json \(1 problem\)\n  invalid JSON at line 1, column 3"


def _broken_notebook(p):
    nb = p / "chapters" / "inleiding.md"
    nb.write_text(nb.read_text(encoding="utf-8")[:40], encoding="utf-8")  # cut off inside the header
    return r"chapters/inleiding\.md: not a MyST Markdown notebook"


BAD_INPUTS = {
    "non-numeric value": _non_numeric,
    "missing column": _missing_column,
    "duplicate key": _duplicate_key,
    "percentage above 100": _percent_above_100,
    "distribution does not sum": _distribution_does_not_sum,
    "unknown locator": _unknown_locator,
    "unknown source id": _unknown_source,
    "empty file": _empty_file,
    "wrong encoding": _wrong_encoding,
    "missing file": _missing_file,
    "unknown parameter": _unknown_parameter,
    "ill-typed parameter": _ill_typed_parameter,
    "invalid datapackage.json": _invalid_datapackage,
    "broken notebook": _broken_notebook,
}


# These stop the build before anything is executed; each is checked against the validator's report (in
# this process), and three of them, one of each kind, also through a real build that must leave the site.
BUILD_CASES = ["non-numeric value", "unknown parameter", "broken notebook"]


@pytest.mark.parametrize("case", [c for c in BAD_INPUTS if c not in BUILD_CASES])
def test_bad_input_is_reported_clearly(tmp_path, case, monkeypatch):
    project = copy_project(tmp_path / "project", with_build=False)
    expected = BAD_INPUTS[case](project)
    ok, out = validate_in(project, monkeypatch)
    assert not ok, f"{case}: validation passed"
    assert re.search(expected, out), f"{case}: message not as expected:\n{out}"


@pytest.mark.parametrize("case", BUILD_CASES)
def test_bad_input_fails_clearly_and_keeps_the_site(fresh_copy, case):
    html = fresh_copy / "_build" / "html"
    before = tree_hash(html)
    expected = BAD_INPUTS[case](fresh_copy)
    proc = run_cli(fresh_copy, "build")
    assert proc.returncode != 0, f"{case}: build succeeded\n{proc.stdout}"
    assert re.search(expected, proc.stderr), f"{case}: message not as expected:\n{proc.stderr}"
    assert tree_hash(html) == before, f"{case}: the published site changed"


def _assert_clean_message(stderr: str) -> None:
    assert "\x1b[" not in stderr, "ANSI colour codes in the message"
    assert "IPKernelApp" not in stderr and "KeyboardInterrupt" not in stderr, "kernel noise in the message"
    assert "_build/book-" not in stderr, "a staging path in the message"
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("Build failed (") and "last good site" in last, (
        f"no summary line at the end: {last!r}"
    )


def test_failing_cell_names_chapter_cell_and_line_and_keeps_the_site(fresh_copy):
    html = fresh_copy / "_build" / "html"
    before = tree_hash(html)
    nb_path = fresh_copy / "chapters" / "inleiding.md"
    nb = notebooks.read(nb_path)
    nb.cells[1]["source"] = "x = 1\nraise ValueError('kapotte cel')\n"
    notebooks.write(nb, nb_path)
    line = nb_path.read_text(encoding="utf-8").splitlines().index("raise ValueError('kapotte cel')") + 1
    proc = run_cli(fresh_copy, "build")
    assert proc.returncode == 1
    assert re.search(
        rf"chapters/inleiding\.md, cell 2 \(line {line}\) \(page 'index'\): ValueError: kapotte cel\n"
        rf"    {line} \| raise ValueError\('kapotte cel'\)\n"
        r"    full traceback: _build/logs/index\.traceback\.txt",
        proc.stderr,
    ), proc.stderr
    assert (fresh_copy / "_build" / "logs" / "index.traceback.txt").exists()
    _assert_clean_message(proc.stderr)
    assert tree_hash(html) == before


def test_book_build_errors_name_the_chapter_or_page_and_keep_the_site(fresh_copy):
    """Two errors that only the strict book build sees, in one build: a glue typo in a chapter (mapped back
    to the chapter file, its cell and line) and a dangling cross-reference in a Markdown page."""
    html = fresh_copy / "_build" / "html"
    before = tree_hash(html)
    nb_path = fresh_copy / "chapters" / "administratie.md"
    text = nb_path.read_text(encoding="utf-8")
    m = re.search(r"\{glue:text\}`(\w+)`", text[text.index("\n# ") :])
    text = text.replace(m.group(0), "{glue:text}`typfout_in_glue`", 1)
    nb_path.write_text(text, encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), start=1) if "typfout_in_glue" in x)
    md = sorted((fresh_copy / "pages").glob("*.md"))[0]
    md.write_text(
        md.read_text(encoding="utf-8") + "\n\nZie {ref}`een-label-dat-niet-bestaat`.\n", encoding="utf-8"
    )
    proc = run_cli(fresh_copy, "build")
    assert proc.returncode == 1
    assert "the book build failed" in proc.stderr
    assert re.search(
        rf"chapters/administratie\.md, cell \d+ \(line {line}\): WARNING: No key 'typfout_in_glue'",
        proc.stderr,
    ), proc.stderr
    assert re.search(rf"pages/{md.name}, line \d+: WARNING: undefined label", proc.stderr), proc.stderr
    assert "een-label-dat-niet-bestaat" in proc.stderr
    _assert_clean_message(proc.stderr)
    assert tree_hash(html) == before
    assert not list((fresh_copy / "_build").glob("book-*")), "temporary build folder left behind"


def test_a_clone_without_node_modules_fails_fast_and_names_the_fix(tmp_path):
    """The prerequisites are checked before any page is executed: seconds, not the minutes of a build."""
    import time

    project = copy_project(tmp_path / "project", with_build=False)
    (project / "node_modules").unlink(missing_ok=True)
    t = time.perf_counter()
    proc = run_cli(project, "build", timeout=120)
    seconds = time.perf_counter() - t
    assert proc.returncode == 1, proc.stdout
    assert "node_modules/vega/build/vega.min.js" in proc.stderr and "`npm ci`" in proc.stderr, proc.stderr
    assert "missing prerequisite" in proc.stderr.strip().splitlines()[-1], proc.stderr
    assert "Executed" not in proc.stdout and "ran in" not in proc.stdout, proc.stdout
    assert not (project / "_build" / "executed").exists(), "pages were executed"
    assert seconds < 15, f"took {seconds:.1f} s"


# --------------------------------------------------------------------------- cache


def test_noop_rebuild_executes_nothing(fresh_copy):
    proc = run_cli(fresh_copy, "build")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"Executed 0 page\(s\), \d+ from cache, 0 failed", proc.stdout), proc.stdout
    assert "Site is up to date" in proc.stdout, proc.stdout
    # a new version (a commit) re-executes only the pages that name it: the data downloads cite it
    proc = run_cli(fresh_copy, "execute", env={"SWIC_VERSION": "v-test"})
    assert proc.returncode == 0, proc.stderr
    assert re.findall(r"\] (\S+)\s+ran in", proc.stdout) == ["data"], proc.stdout


def test_data_change_reexecutes_exactly_the_pages_that_read_it(fresh_copy):
    """Add a page that reads no survey data; a chapter-1 edit re-runs the readers of that file only."""
    import nbformat

    from swic.scaffold import add_to_toc

    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nb.cells = [
        nbformat.v4.new_code_cell("edition = 2025", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("from swic import data\nsources = data.sources()"),
        nbformat.v4.new_markdown_cell("# Bronnen (test)\n\nAlleen de lijst met bronnen."),
    ]
    for i, c in enumerate(nb.cells):
        c["id"] = f"bronnen-test-{i}"
    notebooks.write(nb, fresh_copy / "chapters" / "bronnen-test.md")
    reg = fresh_copy / "pages.yml"
    reg.write_text(
        reg.read_text(encoding="utf-8") + "  - id: bronnen-test\n    notebook: chapters/bronnen-test.md\n"
        "    title: Bronnen (test)\n",
        encoding="utf-8",
    )
    add_to_toc(fresh_copy / "_toc.yml", "pages/bronnen-test")
    proc = run_cli(fresh_copy, "execute")
    assert proc.returncode == 0, proc.stderr
    assert re.findall(r"\] (\S+)\s+ran in", proc.stdout) == ["bronnen-test"]

    cache = fresh_copy / "_build" / "cache" / "pages"
    readers = sorted(
        p.stem
        for p in cache.glob("*.json")
        if "data/raadpleging/2025/hoofdstuk-01.csv" in json.loads(p.read_text())["reads"]
    )
    assert readers and "bronnen-test" not in readers
    f = first_survey_csv(fresh_copy)
    row = first_row_where(f, quality="table")
    replace_cell(f, row, "note", "edited by test")
    proc = run_cli(fresh_copy, "execute")
    assert proc.returncode == 0, proc.stderr
    ran = sorted(re.findall(r"\] (\S+)\s+ran in", proc.stdout))
    assert ran == readers
    assert "bronnen-test" in re.findall(r"\] (\S+)\s+cached", proc.stdout)


# Pages whose re-execution must reproduce the build byte for byte: between them every kind of output
# (findings charts, chapter figures with every download, comparisons, matrices, the data downloads, a
# topic page, context pages). nbval re-executes every page and compares its outputs; this test adds the
# files pages write (SVG, PNG, Excel, CSV, ZIP) and the HTML of the book built from them.
REPRODUCED = [
    "index",
    "administratie",
    "vergelijking",
    "advies-naar-actie",
    "data",
    "onderwerp-polarisatie",
    "sectoromvang",
    "tijdlijn",
]


def test_re_executed_pages_reproduce_the_site_byte_for_byte(fresh_copy):
    build = fresh_copy / "_build"
    for pid in REPRODUCED:  # as if never built: no cache entry, no executed notebook, none of its files
        entry = build / "cache" / "pages" / f"{pid}.json"
        for f in json.loads(entry.read_text())["writes"]:
            (fresh_copy / f).unlink()
        entry.unlink()
        (build / "executed" / f"{pid}.ipynb").unlink()
    (build / "cache" / "site.key").unlink()  # the book is built again even if nothing differs
    for kind in ("vega-svg", "svg-png"):  # every picture drawn again, not taken from the cache
        shutil.rmtree(build / "cache" / "memo" / kind, ignore_errors=True)
    proc = run_cli(fresh_copy, "build")
    assert proc.returncode == 0, proc.stderr
    ran = sorted(re.findall(r"\] (\S+)\s+ran in", proc.stdout))
    assert ran == sorted(REPRODUCED), proc.stdout
    assert list((build / "cache" / "memo" / "vega-svg").iterdir()), "the pictures were not drawn again"
    for folder in ("executed", "html"):
        new, old = build / folder, ROOT / "_build" / folder
        new_files = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
        old_files = {p.relative_to(old) for p in old.rglob("*") if p.is_file()}
        assert new_files == old_files, f"_build/{folder}: files differ: {sorted(new_files ^ old_files)[:10]}"
        diffs = [str(p) for p in sorted(new_files) if (new / p).read_bytes() != (old / p).read_bytes()]
        assert not diffs, f"_build/{folder} differs between two builds: {diffs[:10]}"


def test_an_incremental_build_after_a_prose_edit_equals_a_full_one(fresh_copy):
    """A sentence, a heading and a finding that other pages copy, edited and built as make preview does (the
    book without a new search index, then the index alone): no page is executed, Sphinx writes what changed
    (the copies of the finding too), and the site equals the one a fresh Sphinx environment builds from the
    same tree, byte for byte. The edit goes from a tree with the changes back to the checkout's own text, so
    the full build to compare with is the checkout's site (``make book``), and Sphinx's environment for the
    incremental build is the one the full build of the changed tree leaves."""
    build = fresh_copy / "_build"
    chapter = fresh_copy / "chapters" / "zeggenschap.md"
    original = chapter.read_text(encoding="utf-8")
    assert "## Over het algemeen: genoeg ruimte" in original
    assert "Bij de gemeente merkt " in original  # a finding the start page and a topic page copy
    changed = original.replace("## Over het algemeen: genoeg ruimte", "## Over het algemeen: ruim genoeg", 1)
    changed = changed.replace("Bij de gemeente merkt ", "Bij de gemeente ervaart ", 1) + "\nEen extra zin.\n"
    chapter.write_text(changed, encoding="utf-8")
    (build / "cache" / "site.key").unlink()
    proc = run_cli(fresh_copy, "build")  # a full Sphinx build (a copy has no environment); it keeps one
    assert proc.returncode == 0, proc.stderr
    assert (build / "book" / "_build").is_dir()
    assert "Een extra zin." in (build / "html" / "pages" / "zeggenschap.html").read_text(encoding="utf-8")
    chapter.write_text(original, encoding="utf-8")  # the edit: back to the checkout's text
    # as make preview does: the edit built without a new search index, then (once edits pause) the index alone
    proc = run_cli(fresh_copy, "build", "--preview")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"Executed 0 page\(s\), \d+ from cache, 0 failed", proc.stdout), proc.stdout
    assert re.search(r"zeggenschap\s+cached, prose updated", proc.stdout), proc.stdout
    proc = run_cli(fresh_copy, "build")
    assert proc.returncode == 0, proc.stderr
    assert "Search index built" in proc.stdout and "Building the book" not in proc.stdout, proc.stdout
    assert "Een extra zin." not in (build / "html" / "pages" / "zeggenschap.html").read_text(encoding="utf-8")
    for page in ("zeggenschap", "index", "onderwerp-invloed-op-beleid"):
        html = (build / "html" / "pages" / f"{page}.html").read_text(encoding="utf-8")
        assert "Bij de gemeente merkt" in html and "Bij de gemeente ervaart" not in html, page
    incremental, full = build / "html", ROOT / "_build" / "html"
    a = {p.relative_to(incremental) for p in incremental.rglob("*") if p.is_file()}
    b = {p.relative_to(full) for p in full.rglob("*") if p.is_file()}
    assert a == b, f"files differ: {sorted(a ^ b)[:10]}"
    diffs = [str(p) for p in sorted(a) if (incremental / p).read_bytes() != (full / p).read_bytes()]
    assert not diffs, f"the incremental build differs from a full one: {diffs[:10]}"
