"""Checks on the files themselves: source texts unchanged, every CSV against its schema, the package
descriptor up to date, every column described."""

from __future__ import annotations

from swic import data, datapackage, paths, sources, tableschema
from swic.validation.base import Problem, first_path, from_error


def check_sources() -> list[Problem]:
    return [Problem("sources", first_path(p), p) for p in sources.problems()]


def check_tables() -> list[Problem]:
    out: list[Problem] = []
    try:
        all_res = data.resources()
    except data.DataError as err:
        return [from_error("tables", err)]
    for res in all_res.values():
        errors: list = []
        rows = tableschema.validate_table(res.path, res.schema, errors)
        if not errors:
            data.check_foreign_keys(res, rows, all_res, errors)
        out += [from_error("tables", e) for e in errors]
    return out


def check_datapackage() -> list[Problem]:
    out: list[Problem] = []
    try:
        if not datapackage.is_current():
            out.append(
                Problem(
                    "datapackage",
                    "data/datapackage.json",
                    "out of date with the files under data/",
                    expected="run `python -m swic datapackage` and commit the result",
                )
            )
        described = {res.path.resolve() for res in data.resources().values()}
    except data.DataError as err:
        return [from_error("datapackage", err)]
    for csv_path in sorted(paths.data_dir().rglob("*.csv")):
        if csv_path.resolve() not in described:
            out.append(
                Problem(
                    "datapackage",
                    paths.rel(csv_path),
                    "not described in data/datapackage.json",
                    expected="a schema in data/schemas/ and `python -m swic datapackage`",
                )
            )
    return out


def check_descriptions() -> list[Problem]:
    """Every column is described (the data page and the workbook show these descriptions to readers)."""
    out: list[Problem] = []
    try:
        all_res = data.resources()
    except data.DataError as err:
        return [from_error("descriptions", err)]
    for res in all_res.values():
        for f in res.schema.get("fields", []):
            if not str(f.get("description", "")).strip():
                out.append(
                    Problem(
                        "descriptions",
                        paths.rel(res.schema_path or res.path),
                        f"column '{f['name']}' has no description",
                        column=f["name"],
                        expected="a description in Dutch for readers of the data page",
                    )
                )
    return out
