"""Every check on the data, the registry and the sources, reported all at once.

``python -m swic validate`` (``make validate``) runs :func:`run` and prints the problems grouped by
file: the file, the row as a spreadsheet numbers it (the header is row 1), the column, the value and
what was expected. The data tests call the same checks (``tests/test_validation.py``), so the two
can never disagree.

Checks (by name; ``run(only=[...])`` runs a subset):

* ``sources``: every source text is present and unchanged (sha256 in ``sources/*.meta.yml``);
* ``tables``: every CSV against its Table Schema (types, required, enums, patterns, keys, foreign keys),
  empty files and header-only files, encoding, ``;``-separated files saved from Excel;
* ``datapackage``: ``data/datapackage.json`` is up to date and every CSV is described;
* ``descriptions``: every column has a description (shown to readers on the data page);
* ``survey``: the data contract of the raadpleging (not-recoverable needs a reason, derived a note,
  percentages 0-100, counts not above n, single-choice distributions add up, and so do the answers of one
  statement summarised in words and the answers of a question whose caption allows at most k, unless a
  known issue is tagged; known-issue tags exist, and each known issue of the report is tagged on a row);
* ``coverage``: the manifest of numbered tables and figures agrees with the report and the data;
* ``registry``: ``pages.yml`` and ``_toc.yml`` agree, parameters exist in the notebooks and point at data
  that exists (edition, chapter, topic, source);
* ``provenance``: every number read from a table, a chart or the text occurs where its row says;
* ``recovered``: a value recovered from a garbled label (``ocr: '<token>'`` in its note) decodes from a token
  that occurs near its locator; a computed one (``berekend: <arithmetic> = <result>``) adds up and is the
  value; quality pdf has its pdf_page, and only it;
* ``completeness``: every percentage in the report's sentences is in the data or listed as left out;
* ``comparability``: every item compared with 2020 says whether the question and group are comparable;
* ``corrections``: every value in ``data/`` that differs from the last release (the newest tag ``uitgave-*``)
  has its line in ``data/wijzigingen.csv``; without git or a tag it says so and passes;
* ``documents``: the structure of the other four documents (themes, actions, adviezen, forecast);
* ``synthesis``: the crosswalk's links resolve and every element is placed;
* ``own-words``: summaries do not copy the sources word for word.

Modules: :mod:`~swic.validation.files`, :mod:`~swic.validation.survey`, :mod:`~swic.validation.provenance`,
:mod:`~swic.validation.pages`, :mod:`~swic.validation.documents`; what they share is in
:mod:`~swic.validation.base`.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable

from swic import data
from swic.validation import documents, files, pages, provenance, survey
from swic.validation.base import Problem, clear_caches, first_path, from_error

__all__ = ["CHECKS", "NOT_BLOCKING_BUILD", "Problem", "report", "run"]

CHECKS: dict[str, Callable[[], list[Problem]]] = {
    "sources": files.check_sources,
    "tables": files.check_tables,
    "datapackage": files.check_datapackage,
    "descriptions": files.check_descriptions,
    "survey": survey.check_survey,
    "coverage": survey.check_coverage,
    "registry": pages.check_registry,
    "provenance": provenance.check_provenance,
    "recovered": provenance.check_recovered,
    "completeness": provenance.check_completeness,
    "comparability": survey.check_comparability,
    "documents": documents.check_documents,
    "corrections": files.check_corrections,
    "synthesis": documents.check_synthesis,
    "own-words": provenance.check_own_words,
}


# Checks a build may proceed without: a gap in completeness or a column without a description blocks
# CI and `make validate`, but a contributor can still preview the site while filling it in.
NOT_BLOCKING_BUILD = {"completeness", "descriptions", "comparability"}


def run(only: Iterable[str] | None = None) -> list[Problem]:
    clear_caches()
    names = list(only) if only else list(CHECKS)
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        raise ValueError(f"unknown check(s) {unknown}; known: {', '.join(CHECKS)}")
    problems: list[Problem] = []
    broken_files: set[str] | None = None
    for name in names:
        try:
            problems += CHECKS[name]()
        except Exception as exc:  # a check that crashes is itself a problem to report, not a traceback
            if isinstance(exc, data.DataError):
                if broken_files is None:
                    broken_files = {p.file for p in files.check_tables()}
                if exc.file in broken_files:
                    continue  # a file the 'tables' check reports as unreadable; nothing more to say
                problems.append(from_error(name, exc))
                continue
            problems.append(
                Problem(name, first_path(str(exc)), f"the check could not run: {type(exc).__name__}: {exc}")
            )
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    """The same problem found by two checks is reported once."""
    seen = set()
    out = []
    for p in problems:
        key = (p.file, p.row, p.column, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def report(problems: list[Problem]) -> str:
    """Problems grouped by file, in file order, rows ascending."""
    if not problems:
        return "No problems found."
    by_file: dict[str, list[Problem]] = collections.defaultdict(list)
    for p in problems:
        by_file[p.file].append(p)
    out = []
    for file in sorted(by_file):
        items = sorted(by_file[file], key=lambda p: (p.row or 0, p.column or ""))
        out.append(f"{file} ({len(items)} problem{'s' if len(items) != 1 else ''})")
        for p in items:
            where = ", ".join(
                x
                for x in (
                    f"row {p.row}" if p.row is not None else "",
                    f"column '{p.column}'" if p.column else "",
                )
                if x
            )
            line = f"  {where + ': ' if where else ''}{p.message}"
            if p.value is not None and p.value not in p.message:
                line += f" [value: {p.value}]"
            if p.expected:
                line += f"\n      expected: {p.expected}"
            out.append(line)
    n_files = len(by_file)
    out.append(
        f"\n{len(problems)} problem{'s' if len(problems) != 1 else ''} in {n_files} file{'s' if n_files != 1 else ''}."
    )
    return "\n".join(out)
