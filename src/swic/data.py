"""Loading and validating the book's data.

Every CSV under ``data/`` is described by a resource in ``data/datapackage.json`` with a
Frictionless Table Schema. This module validates a file against its schema on load and
turns every violation into a :class:`DataError` that names the file, the row and the
column, so that a contributor who mistypes a number sees exactly where.

It implements the part of the Table Schema spec the project uses (types string, integer,
number, boolean; constraints required, enum, minimum, maximum, pattern, unique; primaryKey;
foreignKeys within the package) without importing frictionless, which keeps notebook
start-up fast. The frictionless CLI still validates the whole package in the test suite.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from swic import paths

PACKAGE_FILE = "datapackage.json"


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
        self.file = _display_path(file)
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


def _report(errors: list | None, err: DataError) -> None:
    """Raise the error (loading: the first error stops), or collect it (validation: report all)."""
    if errors is None:
        raise err
    errors.append(err)


def _display_path(file: Path | str) -> str:
    p = Path(file)
    try:
        return str(p.resolve().relative_to(paths.root()))
    except (ValueError, RuntimeError):
        return str(file)


def _record_read(path: Path) -> None:
    """Log a data file as read by this process (used by the build cache)."""
    log = os.environ.get("SWIC_READS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(str(Path(path).resolve()) + "\n")


# --------------------------------------------------------------------------- package


@dataclass(frozen=True)
class Resource:
    name: str
    path: Path
    schema: dict
    schema_path: Path | None
    title: str
    description: str


def package(data_dir: Path | None = None) -> dict:
    data_dir = Path(data_dir or paths.data_dir())
    pkg_path = data_dir / PACKAGE_FILE
    _record_read(pkg_path)
    return _read_json(pkg_path)


def _read_json(path: Path) -> dict:
    if not path.exists():
        raise DataError(path, "file not found")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc


def resources(data_dir: Path | None = None) -> dict[str, Resource]:
    data_dir = Path(data_dir or paths.data_dir())
    pkg = package(data_dir)
    out: dict[str, Resource] = {}
    for i, res in enumerate(pkg.get("resources", [])):
        name = res.get("name")
        if not name or "path" not in res or "schema" not in res:
            raise DataError(data_dir / PACKAGE_FILE, f"resource #{i + 1} needs 'name', 'path' and 'schema'")
        schema = res["schema"]
        schema_path = None
        if isinstance(schema, str):
            schema_path = data_dir / schema
            _record_read(schema_path)
            schema = _read_json(schema_path)
        out[name] = Resource(
            name=name,
            path=data_dir / res["path"],
            schema=schema,
            schema_path=schema_path,
            title=res.get("title", name),
            description=res.get("description", ""),
        )
    return out


# --------------------------------------------------------------------------- validation

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
    _record_read(path)
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
        _report(errors, err)
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    hint = _semicolon_hint(text.splitlines()[0], expected)
    missing = [c for c in expected if c not in header]
    if missing:
        _report(
            errors,
            DataError(path, f"missing column(s): {', '.join(missing)}{hint}", 0, expected=",".join(expected)),
        )
        return []
    extra = [c for c in header if c not in expected]
    if extra:
        _report(
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
        _report(errors, DataError(path, "columns are in the wrong order", 0, expected=",".join(expected)))
        return []

    rows: list[dict] = []
    n_rows = 0
    for i, cells in enumerate(reader, start=1):
        n_rows = i
        if not cells or all(c == "" for c in cells):
            _report(errors, DataError(path, "empty row", i, expected="a row of values, or no line at all"))
            continue
        if len(cells) != len(fields):
            _report(
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
                _report(errors, err)
                row[f["name"]] = None
                bad = True
        if not bad or errors is not None:
            rows.append(row)
    if n_rows == 0:
        _report(
            errors, DataError(path, "has a header but no rows", expected="at least one row under the header")
        )

    for f in fields:
        if f.get("constraints", {}).get("unique"):
            _check_unique(path, rows, [f["name"]], errors)
    pk = schema.get("primaryKey")
    if pk:
        _check_unique(path, rows, [pk] if isinstance(pk, str) else list(pk), errors)
    return rows


def _check_unique(path: Path, rows: list[dict], cols: list[str], errors: list | None = None) -> None:
    seen: dict[tuple, int] = {}
    for i, r in enumerate(rows, start=1):
        key = tuple(r[c] for c in cols)
        if key in seen:
            shown = ", ".join(f"{c}={r[c]!r}" for c in cols if r[c] not in (None, ""))
            _report(
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


def _to_frame(rows: list[dict], schema: dict) -> pd.DataFrame:
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


@functools.lru_cache(maxsize=256)
def _load_cached(path: str, mtime: float, schema_json: str) -> tuple[pd.DataFrame, list[dict]]:
    schema = json.loads(schema_json)
    rows = validate_table(Path(path), schema)
    return _to_frame(rows, schema), rows


def _check_foreign_keys(
    res: Resource, rows: list[dict], all_res: dict[str, Resource], errors: list | None = None
) -> None:
    for fk in res.schema.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        target = all_res.get(ref["resource"])
        if target is None:
            _report(
                errors,
                DataError(
                    res.schema_path or res.path, f"foreign key refers to unknown resource {ref['resource']!r}"
                ),
            )
            continue
        try:
            target_rows = _load(target)[1]
        except DataError:
            if errors is None:
                raise
            continue  # the target's own problems are reported for that file
        allowed = {tuple(r[c] for c in ref_fields) for r in target_rows}
        for i, r in enumerate(rows, start=1):
            key = tuple(r.get(c) for c in fields)
            if all(k in (None, "") for k in key):
                continue
            if key not in allowed:
                known = sorted("/".join(map(str, k)) for k in allowed)
                shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
                _report(
                    errors,
                    DataError(
                        res.path,
                        f"{'/'.join(map(str, key))!r} is not a known {'/'.join(ref_fields)} in {target.path.name}",
                        i,
                        fields[0],
                        expected=f"one of {shown}",
                    ),
                )


def _load(res: Resource) -> tuple[pd.DataFrame, list[dict]]:
    if not res.path.exists():
        raise DataError(res.path, f"file not found (resource {res.name!r} in data/datapackage.json)")
    _record_read(res.path)
    return _load_cached(str(res.path), res.path.stat().st_mtime_ns, json.dumps(res.schema, sort_keys=True))


def load_resource(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Load one resource of the data package by name, validated. Raises DataError."""
    all_res = resources(data_dir)
    if name not in all_res:
        known = ", ".join(sorted(all_res))
        raise DataError(
            Path(data_dir or paths.data_dir()) / PACKAGE_FILE, f"no resource named {name!r} (known: {known})"
        )
    res = all_res[name]
    df, rows = _load(res)
    _check_foreign_keys(res, rows, all_res)
    return df.copy()


def sources(data_dir: Path | None = None) -> pd.DataFrame:
    return load_resource("sources", data_dir).set_index("id", drop=False)


# --------------------------------------------------------------------------- survey data

SURVEY_RESOURCE = re.compile(r"^raadpleging-(?P<edition>\d{4})-h(?P<chapter>\d{2})$")


def survey_resources(edition: int, data_dir: Path | None = None) -> list[Resource]:
    found = []
    for name, res in resources(data_dir).items():
        m = SURVEY_RESOURCE.match(name)
        if m and int(m["edition"]) == int(edition):
            found.append(res)
    return sorted(found, key=lambda r: r.name)


def editions(data_dir: Path | None = None) -> list[int]:
    eds = {int(m["edition"]) for name in resources(data_dir) if (m := SURVEY_RESOURCE.match(name))}
    return sorted(eds)


def load_survey(
    edition: int = 2025, chapter: int | Iterable[int] | None = None, data_dir: Path | None = None
) -> pd.DataFrame:
    """All survey figures of one edition of the raadpleging (optionally some chapters), validated.

    Besides the schema, applies the data contract's rules (see ``check_survey_rules``).
    Adds a column ``file`` (the CSV) and ``row`` (data row in that file) for error messages.
    """
    all_res = resources(data_dir)
    res_list = survey_resources(edition, data_dir)
    if not res_list:
        raise DataError(
            Path(data_dir or paths.data_dir()) / PACKAGE_FILE,
            f"no survey data for edition {edition} (known editions: {editions(data_dir)})",
        )
    if chapter is not None:
        wanted = {int(chapter)} if isinstance(chapter, int | str) else {int(c) for c in chapter}
        res_list = [r for r in res_list if int(SURVEY_RESOURCE.match(r.name)["chapter"]) in wanted]
        if not res_list:
            raise DataError(
                Path(data_dir or paths.data_dir()) / PACKAGE_FILE,
                f"no survey data for chapter(s) {sorted(wanted)} of edition {edition} "
                "(add data/raadpleging/<edition>/hoofdstuk-NN.csv and run `python -m swic datapackage`)",
            )
    frames = []
    known = _known_issue_ids(data_dir)
    coverage = _coverage_locators(edition, data_dir)
    for res in res_list:
        df, rows = _load(res)
        _check_foreign_keys(res, rows, all_res)
        check_survey_rules(df, res.path, known_issue_ids=known, coverage_locators=coverage)
        df = df.copy()
        df["file"] = _display_path(res.path)
        df["row"] = df.index
        frames.append(df)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return out


def _known_issue_ids(data_dir: Path | None) -> set[str]:
    if "known-issues" not in resources(data_dir):
        return set()
    return set(load_resource("known-issues", data_dir)["id"])


def _coverage_locators(edition: int, data_dir: Path | None) -> set[str] | None:
    name = f"raadpleging-{edition}-coverage"
    if name not in resources(data_dir):
        return None
    return set(load_resource(name, data_dir)["locator"])


NUMBERED = re.compile(r"^(Tabel|Figuur) \d+\.\d+$")
KNOWN_ISSUE_TAG = re.compile(r"known-issue:([a-z0-9-]+)")


def sum_tolerance(n_categories: int) -> float:
    """How far a rounded single-choice distribution may stray from 100.

    Each percentage is rounded to whole numbers, so each is off by at most 0.5; k categories can
    add up to at most 0.5·k away from 100. One extra point allows for a category the source
    shows as '<1%' or leaves unlabeled at 0.
    """
    return 0.5 * n_categories + 1


def check_survey_rules(
    df: pd.DataFrame,
    file: Path,
    known_issue_ids: set[str] | None = None,
    coverage_locators: set[str] | None = None,
    errors: list | None = None,
) -> None:
    """The data contract's rules beyond the schema. Raises DataError naming file, row, column (or, with
    ``errors``, collects every violation)."""
    known_issue_ids = known_issue_ids or set()
    for row, r in df.iterrows():
        has_value = not pd.isna(r["value"])
        if r["quality"] == "not-recoverable":
            if has_value:
                _report(
                    errors, DataError(file, "quality is not-recoverable but a value is given", row, "value")
                )
            if not r["note"]:
                _report(
                    errors, DataError(file, "a not-recoverable value needs a note saying why", row, "note")
                )
        elif not has_value:
            _report(
                errors,
                DataError(
                    file,
                    f"value is empty but quality is {r['quality']!r}",
                    row,
                    "value",
                    expected="a number, or quality not-recoverable with a note saying why",
                ),
            )
        if "bound" in r and r["bound"] and not has_value:
            _report(
                errors,
                DataError(file, "a bound needs a value", row, "bound", expected="a value, or no bound"),
            )
        if r["quality"] == "derived" and not r["note"]:
            _report(
                errors, DataError(file, "a derived value needs a note saying how it was derived", row, "note")
            )
        if has_value and r["unit"] == "percent" and not 0 <= r["value"] <= 100:
            _report(
                errors,
                DataError(
                    file, f"percentage {r['value']:g} is outside 0–100", row, "value", expected="0 to 100"
                ),
            )
        for tag in KNOWN_ISSUE_TAG.findall(r["note"]):
            if tag not in known_issue_ids:
                _report(
                    errors,
                    DataError(
                        file,
                        f"note refers to unknown known-issue {tag!r}",
                        row,
                        "note",
                        expected="an id from data/known-issues.csv",
                    ),
                )
        if (
            coverage_locators is not None
            and NUMBERED.match(r["locator"])
            and r["locator"] not in coverage_locators
        ):
            _report(
                errors,
                DataError(
                    file,
                    f"unknown locator {r['locator']!r}: it is not in the coverage manifest",
                    row,
                    "locator",
                    expected="a table or figure listed in coverage.csv",
                ),
            )
        if (
            has_value
            and r["unit"] == "count"
            and not pd.isna(r["n"])
            and r["answer_type"] == "single"
            and r["value"] > r["n"]
        ):
            _report(
                errors,
                DataError(
                    file,
                    f"count {r['value']:g} exceeds n={r['n']}",
                    row,
                    "value",
                    expected=f"at most {r['n']}",
                ),
            )

    single = df[(df["answer_type"] == "single") & (df["unit"] == "percent")]
    for key, grp in single.groupby(["locator", "question", "item", "group", "year"], sort=False):
        if grp["value"].isna().any():
            continue  # a distribution with an unreadable value cannot be checked
        if "bound" in grp and (grp["bound"] != "").any():
            continue  # 'meer dan 40 procent' is not a number that adds up
        if any(KNOWN_ISSUE_TAG.search(n) for n in grp["note"]):
            continue  # the source's own inconsistency, recorded as a known issue
        total = grp["value"].sum()
        tol = sum_tolerance(len(grp))
        if abs(total - 100) > tol:
            locator, question, item, group, year = key
            what = (
                f"{locator}" + (f", item {item!r}" if item else "") + (f", group {group!r}" if group else "")
            )
            rows_shown = ", ".join(str(int(i) + 1) for i in grp.index)
            _report(
                errors,
                DataError(
                    file,
                    f"single-choice distribution ({what}, {year}; rows {rows_shown}) sums to {total:g}",
                    int(grp.index[0]),
                    "value",
                    expected=f"100 ± {tol:g}; fix the value, or record the source's inconsistency in "
                    "known-issues.csv and tag the rows' note with known-issue:<id>",
                ),
            )
