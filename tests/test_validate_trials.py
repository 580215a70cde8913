"""Bad input a contributor could make, each caught by `make validate` with file and row, all at once.

Every trial works on a copy of the project (without a build) and runs, in this process, the check that
must catch it (a file that cannot be read: every check, as ``python -m swic validate`` does). That `make
validate` runs every check, and reports problems of several checks at once, is tested at the end.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from .conftest import copy_project, validate_in

H09 = "data/raadpleging/2025/hoofdstuk-09.csv"


def rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write(path: Path, table: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(p: Path, rel: str, file_row: int, column: str, value: str) -> None:
    """Set one cell; ``file_row`` as a spreadsheet numbers it (header = 1)."""
    t = rows(p / rel)
    t[file_row - 1][t[0].index(column)] = value
    write(p / rel, t)


def _header_only(p):
    f = p / H09
    f.write_text(f.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return [r"hoofdstuk-09\.csv \(\d+ problems?\)\n  has a header but no rows"]


def _unknown_chapter(p):
    reg = p / "pages.yml"
    reg.write_text(reg.read_text(encoding="utf-8").replace("chapter: 9\n", "chapter: 99\n"), encoding="utf-8")
    return [
        r"pages\.yml \(\d+ problems?\)\n(  .*\n(      .*\n)?)*  row \d+, column 'chapter': page 'administratie': chapter 99 has no data"
    ]


def _count_above_n(p):
    t = rows(p / H09)
    i = next(k for k, r in enumerate(t) if r[t[0].index("unit")] == "count" and r[t[0].index("n")]) + 1
    answer = t[0].index("answer_type")
    t[i - 1][answer] = "single"
    t[i - 1][t[0].index("value")] = str(int(t[i - 1][t[0].index("n")]) + 5)
    write(p / H09, t)
    return [rf"  row {i}, column 'value': count \d+ exceeds n=\d+"]


def _number_not_in_source(p):
    set_cell(p, H09, 6, "value", "987")
    return [r"  row 6, column 'value': 987 does not occur near Figuur 9\.1 in the report"]


def _undescribed_column(p):
    t = rows(p / H09)
    for r in t:
        r.append("extra" if r is t[0] else "")
    write(p / H09, t)
    return [
        r"hoofdstuk-09\.csv \(1 problem\)\n  row 1: column\(s\) not described in data/datapackage\.json: extra"
    ]


def _semicolons(p):
    f = p / H09
    t = rows(f)
    f.write_text("\n".join(";".join(r) for r in t) + "\n", encoding="utf-8")
    return [r"separated by ';' \(saved from Dutch Excel\?\)"]


def _windows_1252(p):
    f = p / H09
    f.write_bytes(f.read_text(encoding="utf-8").replace("regels", "regelsé").encode("cp1252"))
    return [r"not valid UTF-8 at line \d+ .*Windows-1252"]


def _source_text_changed(p):
    f = p / "sources" / "raadpleging-sociaal-werk-2025.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("588", "589", 1), encoding="utf-8")
    return [r"sources/raadpleging-sociaal-werk-2025\.txt: checksum .* differs"]


def _source_text_missing(p):
    (p / "sources" / "advies-swn-hss-2022.txt").unlink()
    return [r"sources/advies-swn-hss-2022\.txt: source text missing"]


def _bound_without_value(p):
    set_cell(p, H09, 7, "bound", "more-than")
    return [r"  row 7, column 'bound': a bound needs a value"]


def _unknown_known_issue(p):
    set_cell(p, H09, 3, "note", "known-issue:bestaat-niet")
    return [r"  row 3, column 'note': note refers to unknown known-issue 'bestaat-niet'"]


def _comparability_typo(p):
    f = p / "data" / "raadpleging" / "2025" / "vergelijkbaarheid.csv"
    t = rows(f)
    t[1][t[0].index("question")] += " (tikfout)"
    write(f, t)
    return [r"vergelijkbaarheid\.csv .*\n(.*\n)*  row 2, column 'question': no comparison in the data"]


def _left_out_excerpt_not_in_report(p):
    f = p / "data" / "raadpleging" / "2025" / "niet-overgenomen.csv"
    t = rows(f)
    t[1][t[0].index("excerpt")] = "deze woorden staan niet in het rapport"
    write(f, t)
    return [r"niet-overgenomen\.csv .*\n(.*\n)*  row 2, column 'excerpt': the excerpt does not occur"]


def _baseline_after_edition(p):
    reg = p / "pages.yml"
    text = reg.read_text(encoding="utf-8")
    reg.write_text(text.replace("baseline: 2020", "baseline: 2030", 1), encoding="utf-8")
    return [r"column 'baseline': page '\S+': baseline 2030 is not before edition 2025"]


H11 = "data/raadpleging/2025/hoofdstuk-11.csv"


def _row_with(p, rel: str, text: str) -> int:
    """The file row (header = 1) of the first row whose note contains ``text``."""
    t = rows(p / rel)
    return next(k for k, r in enumerate(t) if text in r[t[0].index("note")]) + 1


def _ocr_value_wrong(p):
    i = _row_with(p, H11, "ocr: '204'")
    set_cell(p, H11, i, "value", "3")
    return [rf"  row {i}, column 'value': ocr: '204' decodes to 2, not to the value 3"]


def _rewrite_note(p, rel: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in the note that holds it; the row's file row."""
    i = _row_with(p, rel, old)
    t = rows(p / rel)
    set_cell(p, rel, i, "note", t[i - 1][t[0].index("note")].replace(old, new))
    return i


def _ocr_token_not_in_report(p):
    i = _rewrite_note(p, H11, "ocr: '204'", "ocr: '20409'")
    return [rf"  row {i}, column 'note': ocr: '20409' does not occur near Tabel 11\.1"]


def _berekend_wrong(p):
    i = _rewrite_note(p, H11, "berekend: 46 - 31 = 15", "berekend: 46 - 30 = 15")
    return [rf"  row {i}, column 'note': berekend: 46 - 30 is 16, not 15"]


def _berekend_not_the_value(p):
    i = _row_with(p, H11, "berekend: 46 - 31 = 15")
    set_cell(p, H11, i, "value", "16")
    return [rf"  row {i}, column 'value': berekend: the result 15 is not the value 16"]


def _pdf_without_page(p):
    i = _row_with(p, H11, "berekend: 46 - 31 = 15")
    set_cell(p, H11, i, "quality", "pdf")
    j = _row_with(p, H11, "ocr: '204'")
    set_cell(p, H11, j, "pdf_page", "12")
    return [
        rf"  row {i}, column 'pdf_page': quality pdf needs the page",
        rf"  row {j}, column 'pdf_page': pdf_page is only for quality pdf",
    ]


def _git_release(p):
    """The copy as a git repository whose data is tagged as the last release."""
    import subprocess

    def git(*args):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=p,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "data")
    git("commit", "-qm", "release")
    git("tag", "uitgave-2026-12-04")


def _value_changed_since(p, release: str) -> list[str]:
    set_cell(p, H09, 6, "value", "33")
    return [
        r"hoofdstuk-09\.csv .*\n(.*\n)*  row 6, column 'value': the value differs from the last release "
        rf"\({release}\): \d+ -> 33, with no line in data/wijzigingen\.csv"
    ]


def _changed_without_correction(p):
    _git_release(p)
    set_cell(p, "data/bronnen/cijfers.csv", 2, "value", "1400001")
    return [
        *_value_changed_since(p, "uitgave-2026-12-04"),
        r"cijfers\.csv .*\n(.*\n)*  row 2, column 'value': the value differs from the last release",
    ]


def _changed_since_the_cited_release(p):
    """A clone without tags: the release is the commit CITATION.cff names."""
    import re
    import subprocess

    _git_release(p)
    subprocess.run(["git", "tag", "-d", "uitgave-2026-12-04"], cwd=p, check=True, capture_output=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=p, check=True, capture_output=True, text=True)
    head = head.stdout.strip()
    cff = p / "CITATION.cff"
    cff.write_text(re.sub(r"(?m)^commit: .*$", f'commit: "{head}"', cff.read_text()))
    return _value_changed_since(p, head[:12])


def _order_as_label(p):
    rel = "data/raadpleging/2025/hoofdstuk-04.csv"
    t = rows(p / rel)
    q = t[0].index("quality")
    i = next(k for k, r in enumerate(t) if r[q] == "chart-order") + 1
    set_cell(p, rel, i, "quality", "chart-label")
    return [
        rf"  row {i}, column 'quality': the note says this label was placed by the order of bars or legend"
    ]


def _element_not_linked(p):
    f = p / "data" / "synthese" / "koppelingen.csv"
    t = rows(f)
    keep = [r for r in t if r[2] not in ("JT1-02", "adv-daklozen", "Figuur 11.4")]
    write(f, keep)
    return [
        r"koppelingen\.csv .*\n(.*\n)*  jaarplan-activiteit JT1-02 is not linked to any topic",
        r"  cijfer adv-daklozen is not linked to any topic",
        r"  raadpleging Figuur 11\.4 is not linked to any topic",
    ]


def _comparison_box_without_verdict(p):
    f = p / "data" / "raadpleging" / "2025" / "vergelijkbaarheid.csv"
    write(f, [r for r in rows(f) if r[0] != "Vergelijking met raadpleging 2020 (h3)"])
    return [
        r"vergelijkbaarheid\.csv .*\n(.*\n)*  the report has a comparison box 'Vergelijking met raadpleging 2020 "
        r"\(h3\)' with no verdict"
    ]


def _sum_over_100_without_record(p):
    rel = "data/raadpleging/2025/hoofdstuk-01.csv"
    t = rows(p / rel)
    note = t[0].index("note")
    for r in t[1:]:
        r[note] = r[note].replace(" Zie known-issue:h1-dienstverband-103.", "")
    write(p / rel, t)
    return [
        r"single-choice answers \(Dienstverband en werkervaring, 2024; rows [\d, ]+\) add up to 103, more than"
    ]


def _untag(p, rel: str, issue: str) -> None:
    t = rows(p / rel)
    note = t[0].index("note")
    for r in t[1:]:
        r[note] = r[note].replace(f"known-issue:{issue}", "")
    write(p / rel, t)


def _statement_sum_over_100_without_record(p):
    _untag(p, "data/raadpleging/2025/hoofdstuk-15.csv", "h15-digitaal-present-102")
    return [
        r"the answers to 'Digitaal present' \(Figuur 15\.2, 2024\) \(rows [\d, ]+\) add up to 102, more than the "
        r"answers allow \(101\.5\)"
    ]


def _more_answers_than_the_caption_allows(p):
    _untag(p, "data/raadpleging/2025/hoofdstuk-10.csv", "h10-maximaal-antwoorden")
    return [r"the answers of Figuur 10\.2 \(at most 2 each, 2024\) \(rows [\d, ]+\) add up to \d+, more than"]


def _known_issue_not_linked(p):
    _untag(p, "data/raadpleging/2025/hoofdstuk-12.csv", "h12-movisie-niet-in-tabel")
    return [
        r"known-issues\.csv .*\n(.*\n)*  row \d+, column 'id': known issue h12-movisie-niet-in-tabel is named in "
        r"the note of no data row"
    ]


def _first_open_row(path: Path, locator: str) -> int:
    """The row number (as set_cell and the validation messages count) of a figure's first not-recoverable
    cell."""
    t = rows(path)
    loc, q = t[0].index("locator"), t[0].index("quality")
    return next(k for k, r in enumerate(t) if r[loc] == locator and r[q] == "not-recoverable") + 1


def _partial_figure_without_open_cells(p):
    rel = "data/raadpleging/2025/hoofdstuk-13.csv"
    t = rows(p / rel)
    loc, q = t[0].index("locator"), t[0].index("quality")
    write(p / rel, [r for r in t if not (r[loc] == "Figuur 13.1" and r[q] == "not-recoverable")])
    return [
        r"coverage\.csv .*\n(.*\n)*  row \d+, column 'status': Figuur 13\.1: partial, but the data has no row for its open cells"
    ]


def _whole_figure_placeholder(p):
    rel = "data/raadpleging/2025/hoofdstuk-07.csv"
    i = _first_open_row(p / rel, "Figuur 7.5")
    set_cell(p, rel, i, "category", "Alle stellingen en antwoordopties")
    return [
        rf"  row {i}, column 'category': Figuur 7\.5: one not-recoverable row stands for the whole figure"
    ]


def _cell_without_row(p):
    rel = "data/raadpleging/2025/hoofdstuk-07.csv"
    t = rows(p / rel)
    loc, cat, q = t[0].index("locator"), t[0].index("category"), t[0].index("quality")
    gone = next(r for r in t if r[loc] == "Figuur 7.1" and r[q] == "not-recoverable" and r[cat] == "Mee eens")
    write(p / rel, [r for r in t if r is not gone])
    return [r"  row \d+, column 'category': Figuur 7\.1: the bar '[^']+' has no row for 'Mee eens'"]


def _bar_placeholder_where_legend_known(p):
    rel = "data/raadpleging/2025/hoofdstuk-07.csv"
    t = rows(p / rel)
    loc, cat, q, item = (t[0].index(c) for c in ("locator", "category", "quality", "item"))
    bar = next(r[item] for r in t if r[loc] == "Figuur 7.1" and r[q] == "not-recoverable")
    cells = [r for r in t if r[loc] == "Figuur 7.1" and r[item] == bar and r[q] == "not-recoverable"]
    cells[0][cat] = "Niet leesbare delen (legenda niet in onze tekstversie)"
    write(p / rel, [r for r in t if r not in cells[1:]])
    return [
        r"  row \d+, column 'category': Figuur 7\.1: the placeholder 'Niet leesbare delen \(legenda niet in onze "
        r"tekstversie\)' is only for figures whose legend our text copy lacks"
    ]


def _answers_placeholder_elsewhere(p):
    rel = "data/raadpleging/2025/hoofdstuk-13.csv"
    i = _first_open_row(p / rel, "Figuur 13.1")
    set_cell(p, rel, i, "category", "Niet leesbare antwoorden (niet in onze tekstversie)")
    return [rf"  row {i}, column 'category': Figuur 13\.1: the placeholder 'Niet leesbare antwoorden"]


def _placeholder_of_its_own(p):
    rel = "data/raadpleging/2025/hoofdstuk-07.csv"
    t = rows(p / rel)
    loc, q = t[0].index("locator"), t[0].index("quality")
    i = next(k for k, r in enumerate(t) if r[loc] == "Figuur 7.5" and r[q] == "not-recoverable") + 1
    set_cell(p, rel, i, "category", "Niet leesbare delen van deze balk")
    return [
        rf"  row {i}, column 'category': Figuur 7\.5: the answer 'Niet leesbare delen van deze balk' stands for"
    ]


# each trial with the check that must catch it (validation.CHECKS)
TRIALS = {
    "header only": ("tables", _header_only),
    "chapter without data in pages.yml": ("registry", _unknown_chapter),
    "count above n": ("survey", _count_above_n),
    "number not in the source": ("provenance", _number_not_in_source),
    "column not described": ("tables", _undescribed_column),
    "saved from Dutch Excel": ("tables", _semicolons),
    "Windows-1252": ("tables", _windows_1252),
    "source text changed": ("sources", _source_text_changed),
    "source text missing": ("sources", _source_text_missing),
    "bound without value": ("survey", _bound_without_value),
    "unknown known issue": ("survey", _unknown_known_issue),
    "comparability typo": ("comparability", _comparability_typo),
    "left-out excerpt not in the report": ("completeness", _left_out_excerpt_not_in_report),
    "baseline after edition": ("registry", _baseline_after_edition),
    "ocr token decodes to another value": ("recovered", _ocr_value_wrong),
    "ocr token not in the report": ("recovered", _ocr_token_not_in_report),
    "berekend arithmetic wrong": ("recovered", _berekend_wrong),
    "berekend result not the value": ("recovered", _berekend_not_the_value),
    "pdf without page, page without pdf": ("recovered", _pdf_without_page),
    "value changed without a correction": ("corrections", _changed_without_correction),
    "value changed since the release CITATION.cff names": ("corrections", _changed_since_the_cited_release),
    "label placed by order recorded as read": ("survey", _order_as_label),
    "element of a document not linked": ("synthesis", _element_not_linked),
    "comparison box without a verdict": ("comparability", _comparison_box_without_verdict),
    "sum over 100 without a record": ("survey", _sum_over_100_without_record),
    "statement's answers over 100 without a record": ("survey", _statement_sum_over_100_without_record),
    "more answers than the caption allows without a record": (
        "survey",
        _more_answers_than_the_caption_allows,
    ),
    "known issue that no row links to": ("survey", _known_issue_not_linked),
    "partial figure without open cells": ("coverage", _partial_figure_without_open_cells),
    "placeholder for a whole figure": ("coverage", _whole_figure_placeholder),
    "unreadable cell without a row": ("coverage", _cell_without_row),
    "per-bar placeholder where the legend is known": ("coverage", _bar_placeholder_where_legend_known),
    "per-figure placeholder where the answers are known": ("coverage", _answers_placeholder_elsewhere),
    "placeholder of its own making": ("coverage", _placeholder_of_its_own),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("trials") / "project", with_build=False, with_kept=False)


@pytest.fixture
def project(pristine, tmp_path):
    import shutil

    return Path(shutil.copytree(pristine, tmp_path / "project", symlinks=True))


# A file that cannot be read is reported once by the check that reads it, and the other checks stay quiet
# about it (validation.run): those trials run every check, as `make validate` does. The others run the
# check that must catch them; that `make validate` runs every check is tested below, and the whole run
# in the tests after that.
WHOLE_RUN = {"tables", "sources"}


@pytest.mark.parametrize("case", list(TRIALS))
def test_validate_catches(project, case, monkeypatch):
    check, make = TRIALS[case]
    expected = make(project)
    ok, out = validate_in(project, monkeypatch, only=None if check in WHOLE_RUN else [check])
    assert not ok, f"{case}: validate passed"
    for pattern in expected:
        assert re.search(pattern, out), f"{case}: not reported as expected ({pattern}):\n{out}"


def test_make_validate_runs_every_check(monkeypatch):
    from swic import validation

    ran = []
    for name in validation.CHECKS:
        monkeypatch.setitem(validation.CHECKS, name, lambda name=name: ran.append(name) or [])
    assert validation.run() == [] and ran == list(validation.CHECKS)
    assert {check for check, _ in TRIALS.values()} <= set(validation.CHECKS)


def test_validate_reports_every_problem_at_once_grouped_by_file(project, monkeypatch):
    expected = _number_not_in_source(project) + _bound_without_value(project) + _unknown_known_issue(project)
    expected += _baseline_after_edition(project)
    ok, out = validate_in(project, monkeypatch)
    assert not ok
    for pattern in expected:
        assert re.search(pattern, out), f"not reported: {pattern}\n{out}"
    assert out.count("data/raadpleging/2025/hoofdstuk-09.csv (") == 1, "problems of one file in one group"


def test_make_validate_passes_on_the_real_data_in_seconds(pristine):
    import time

    from .conftest import run_cli

    t = time.perf_counter()
    proc = run_cli(pristine, "validate")
    assert proc.returncode == 0, proc.stdout
    assert "Checked in" in proc.stdout and time.perf_counter() - t < 60
