"""What the checks share: the :class:`Problem` they report, the source texts, and the raadpleging's
chapter files read once per run (rows that break their schema left out, files that cannot be read at all
remembered, so that other checks leave them alone)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pandas as pd

from swic import data, paths, sources, tableschema


@dataclass(frozen=True)
class Problem:
    """One thing that is wrong. ``row`` is the row as numbered in the file (header = 1)."""

    check: str
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = f"{', '.join(where)}: {self.message}"
        if self.value is not None and self.value not in self.message:
            text += f" [value: {self.value}]"
        if self.expected:
            text += f" (expected: {self.expected})"
        return text


def from_error(check: str, err: Exception) -> Problem:
    if isinstance(err, data.DataError):
        return Problem(check, err.file, err.message, err.file_row, err.column, None, err.expected)
    return Problem(check, first_path(str(err)), str(err))


def first_path(message: str) -> str:
    m = re.match(r"^([\w./-]+\.(?:csv|json|yml|yaml|md|txt|ipynb))", message)
    return m[1] if m else "(project)"


class SourcesUnavailable(Exception):
    pass


def source_lines(source_id: str) -> list[str]:
    try:
        return sources.lines(source_id)
    except sources.SourceError as exc:
        raise SourcesUnavailable(str(exc)) from exc


def survey_frames(edition: int) -> list[tuple[data.Resource, pd.DataFrame]]:
    """Each chapter file of an edition as a typed frame, without the rows that break the schema (those
    are reported by the 'tables' check; the other rows are still checked)."""
    return survey_frames_cached(edition)[0]


@functools.cache
def survey_frames_cached(edition: int):
    frames = []
    broken: set[str] = set()
    unreadable: set[int] = set()
    all_res = data.resources()
    for res in data.survey_resources(edition):
        errors: list = []
        rows = tableschema.validate_table(res.path, res.schema, errors)
        data.check_foreign_keys(res, rows, all_res, errors)
        if any(e.row in (None, 0) for e in errors) or not rows:
            # the file as a whole is unreadable (encoding, header, empty): 'tables' says so, and the
            # checks that need its rows leave its chapter alone rather than report every row as missing
            unreadable.add(data.chapter_of(res))
            continue
        bad = {e.row for e in errors}
        df = tableschema.to_frame(rows, res.schema)
        df["file"] = paths.rel(res.path)
        df["row"] = df.index
        broken |= set(df.loc[df.index.isin(bad), "locator"])
        frames.append((res, df[~df.index.isin(bad)]))
    return frames, broken, unreadable


def unreadable_chapters(edition: int) -> set[int]:
    return survey_frames_cached(edition)[2]


def broken_locators(edition: int) -> set[str]:
    """Locators with a row that breaks the schema: their counts cannot be checked."""
    return survey_frames_cached(edition)[1]


@functools.cache
def survey_table(edition: int) -> pd.DataFrame:
    frames = [df for _, df in survey_frames(edition)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def known_issue_ids() -> set[str]:
    try:
        return set(data.load_resource("known-issues")["id"])
    except data.DataError:
        return set()


@functools.cache
def normalised_text(source_id: str) -> str:
    return sources.normalise("\n".join(source_lines(source_id)))


def bronnen() -> list[str]:
    return sorted(p.stem for p in (paths.data_dir() / "bronnen").glob("*.csv"))


def load(name: str) -> pd.DataFrame | None:
    try:
        return data.load_resource(name)
    except data.DataError:
        return None  # reported by the 'tables' check


def clear_caches() -> None:
    survey_table.cache_clear()
    survey_frames_cached.cache_clear()
    normalised_text.cache_clear()
