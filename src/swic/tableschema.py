"""A checker for Frictionless Table Schemas: one CSV against its schema, every violation named.

It implements the part of the Table Schema spec the project uses (types string, integer, number,
boolean; constraints required, enum, minimum, maximum, pattern, unique; primaryKey) without importing
frictionless, which keeps notebook start-up fast. Each violation is a :class:`DataError` that names the
file, the row and the column, so that a contributor who mistypes a number sees exactly where. Foreign
keys, which need the other tables of the package, are checked by :mod:`swic.data`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pandas as pd

from swic import paths, runtime


class DataError(ValueError):
    """A data file breaks its schema or a rule of the data contract.

    ``row`` is the data row (1 = the first row under the header); messages show the row as a
    spreadsheet numbers it (the header is row 1), so ``row=3`` reads "row 4".
    """

    def __init__(
        self,
        file: Path | str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        *,
        expected: str | None = None,
    ):
        self.file = paths.rel(file)
        self.row = row
        self.column = column
        self.message = message
        self.expected = expected
        super().__init__(str(self))

    @property
    def file_row(self) -> int | None:
        return None if self.row is None else self.row + 1

    @property
    def where(self) -> str:
        where = ""
        if self.row is not None:
            where += f"row {self.file_row}"
        if self.column is not None:
            where += (", " if where else "") + f"column '{self.column}'"
        return where

    def __str__(self) -> str:
        where = f"{self.file}, {self.where}" if self.where else self.file
        tail = f" (expected: {self.expected})" if self.expected else ""
        return f"{where}: {self.message}{tail}"


def report(errors: list | None, err: DataError) -> None:
    """Raise the error (loading: the first error stops), or collect it (validation: report all)."""
    if errors is None:
        raise err
    errors.append(err)


_INT = re.compile(r"^[+-]?\d+$")
_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _parse_cell(raw: str, field: dict, file: Path, row: int):
    name = field["name"]
    ftype = field.get("type", "string")
    cons = field.get("constraints", {})
    if raw == "":
        if cons.get("required"):
            raise DataError(file, "a value is required here but the cell is empty", row, name)
        return None
    if ftype == "integer":
        if not _INT.match(raw):
            raise DataError(
                file, f"'{raw}' is not a whole number", row, name, expected="a whole number, e.g. 661"
            )
        value = int(raw)
    elif ftype == "number":
        if not _NUM.match(raw):
            hint = " (use a dot as decimal separator: 6.4, not 6,4)" if re.match(r"^\d+,\d+$", raw) else ""
            raise DataError(
                file,
                f"'{raw}' is not a number{hint}",
                row,
                name,
                expected="a number with a decimal point, e.g. 6.4",
            )
        value = float(raw)
        if not math.isfinite(value):
            raise DataError(file, f"'{raw}' is not a finite number", row, name)
    elif ftype == "boolean":
        if raw.lower() not in {"true", "false"}:
            raise DataError(file, f"'{raw}' is not true or false", row, name, expected="true or false")
        value = raw.lower() == "true"
    else:
        value = raw
    if "enum" in cons and value not in cons["enum"]:
        allowed = ", ".join(map(str, cons["enum"]))
        raise DataError(file, f"'{raw}' is not one of the allowed values", row, name, expected=allowed)
    if "minimum" in cons and value < cons["minimum"]:
        raise DataError(file, f"{raw} is below the minimum {cons['minimum']}", row, name)
    if "maximum" in cons and value > cons["maximum"]:
        raise DataError(file, f"{raw} is above the maximum {cons['maximum']}", row, name)
    if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
        raise DataError(
            file,
            f"'{raw}' does not match the pattern {cons['pattern']}",
            row,
            name,
            expected=_pattern_hint(cons),
        )
    return value


def _pattern_hint(cons: dict) -> str | None:
    return cons.get("patternDescription")


def _read_text(path: Path) -> str:
    if not path.exists():
        raise DataError(path, "file not found (is it listed in data/datapackage.json with the right path?)")
    runtime.record_read(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = ""
        try:
            raw.decode("cp1252")
            guess = "; it looks like Windows-1252 (Excel's 'CSV' on Windows): save as 'CSV UTF-8' instead"
        except UnicodeDecodeError:
            pass
        raise DataError(
            path, f"not valid UTF-8 at line {line} (byte {exc.start}); save the file as UTF-8{guess}"
        ) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise DataError(path, "the file is empty (a header row is required)")
    return text


def _semicolon_hint(header_line: str, expected: list[str]) -> str:
    if ";" in header_line and header_line.count(";") >= len(expected) - 1 and "," not in header_line:
        return (
            "; the file is separated by ';' (saved from Dutch Excel?): save it as CSV with ',' between "
            "fields, or use 'CSV UTF-8' with the list separator set to ','"
        )
    return ""


def validate_table(path: Path, schema: dict, errors: list | None = None) -> list[dict]:
    """Validate one CSV against its Table Schema; return the typed rows (dicts).

    Without ``errors`` the first problem raises :class:`DataError`; with a list, every problem is
    appended to it and the rows that could be read are returned.
    """
    path = Path(path)
    try:
        text = _read_text(path)
    except DataError as err:
        report(errors, err)
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    hint = _semicolon_hint(text.splitlines()[0], expected)
    missing = [c for c in expected if c not in header]
    if missing:
        report(
            errors,
            DataError(path, f"missing column(s): {', '.join(missing)}{hint}", 0, expected=",".join(expected)),
        )
        return []
    extra = [c for c in header if c not in expected]
    if extra:
        report(
            errors,
            DataError(
                path,
                f"column(s) not described in data/datapackage.json: {', '.join(extra)}",
                0,
                expected=",".join(expected),
            ),
        )
        return []
    if header != expected:
        report(errors, DataError(path, "columns are in the wrong order", 0, expected=",".join(expected)))
        return []

    rows: list[dict] = []
    n_rows = 0
    for i, cells in enumerate(reader, start=1):
        n_rows = i
        if not cells or all(c == "" for c in cells):
            report(errors, DataError(path, "empty row", i, expected="a row of values, or no line at all"))
            continue
        if len(cells) != len(fields):
            report(
                errors,
                DataError(
                    path,
                    f"has {len(cells)} cells, expected {len(fields)} (check quotes and commas)",
                    i,
                    expected=",".join(expected),
                ),
            )
            continue
        row: dict = {}
        bad = False
        for f, c in zip(fields, cells, strict=True):
            try:
                row[f["name"]] = _parse_cell(c, f, path, i)
            except DataError as err:
                report(errors, err)
                row[f["name"]] = None
                bad = True
        if not bad or errors is not None:
            rows.append(row)
    if n_rows == 0:
        report(
            errors, DataError(path, "has a header but no rows", expected="at least one row under the header")
        )

    for f in fields:
        if f.get("constraints", {}).get("unique"):
            check_unique(path, rows, [f["name"]], errors)
    pk = schema.get("primaryKey")
    if pk:
        check_unique(path, rows, [pk] if isinstance(pk, str) else list(pk), errors)
    return rows


def check_unique(path: Path, rows: list[dict], cols: list[str], errors: list | None = None) -> None:
    seen: dict[tuple, int] = {}
    for i, r in enumerate(rows, start=1):
        key = tuple(r[c] for c in cols)
        if key in seen:
            shown = ", ".join(f"{c}={r[c]!r}" for c in cols if r[c] not in (None, ""))
            report(
                errors,
                DataError(
                    path,
                    f"duplicate key ({shown}); the same combination is already in row {seen[key] + 1}",
                    i,
                    cols[-1] if len(cols) == 1 else "+".join(cols),
                ),
            )
            continue
        seen[key] = i


def to_frame(rows: list[dict], schema: dict) -> pd.DataFrame:
    cols = [f["name"] for f in schema["fields"]]
    df = pd.DataFrame(rows, columns=cols)
    for f in schema["fields"]:
        name, ftype = f["name"], f.get("type", "string")
        if ftype == "integer":
            df[name] = pd.array(df[name].tolist(), dtype="Int64")
        elif ftype == "number":
            df[name] = pd.to_numeric(df[name], errors="raise").astype(float)
        elif ftype == "string":
            df[name] = df[name].fillna("").astype(str)
    df.index = pd.RangeIndex(1, len(df) + 1, name="row")
    return df


def records(df: pd.DataFrame):
    """``(index, row as a dict)`` for each row: what ``DataFrame.iterrows`` gives for reading cells, without
    building a Series per row (the checks read every row of the data several times)."""
    return zip(df.index, df.to_dict("records"), strict=True)
