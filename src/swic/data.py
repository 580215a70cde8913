"""Loading the book's data: the Data Package under ``data/``, each table validated on load.

Every CSV under ``data/`` is described by a resource in ``data/datapackage.json`` with a Frictionless
Table Schema. :func:`load_resource` checks a file against its schema (:mod:`swic.tableschema`) and its
foreign keys against the other tables, :func:`load_survey` also applies the raadpleging's data contract
(:mod:`swic.contract`). Every violation is a :class:`DataError` naming file, row and column. Every file
read is logged for the build cache (:func:`swic.runtime.record_read`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from swic import contract, paths, runtime
from swic.tableschema import DataError, report, to_frame, validate_table

PACKAGE_FILE = "datapackage.json"

__all__ = ["DataError", "Resource", "load_resource", "load_survey", "resources", "sources"]


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
    runtime.record_read(pkg_path)
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
            runtime.record_read(schema_path)
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


@functools.lru_cache(maxsize=256)
def _load_cached(path: str, mtime: float, schema_json: str) -> tuple[pd.DataFrame, list[dict]]:
    schema = json.loads(schema_json)
    rows = validate_table(Path(path), schema)
    return to_frame(rows, schema), rows


def check_foreign_keys(
    res: Resource, rows: list[dict], all_res: dict[str, Resource], errors: list | None = None
) -> None:
    for fk in res.schema.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        target = all_res.get(ref["resource"])
        if target is None:
            report(
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
                report(
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
    runtime.record_read(res.path)
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
    check_foreign_keys(res, rows, all_res)
    return df.copy()


def sources(data_dir: Path | None = None) -> pd.DataFrame:
    return load_resource("sources", data_dir).set_index("id", drop=False)


def short_name(source_id: str) -> str:
    """A document's short name as the site writes it under a figure (``short`` in data/sources.csv)."""
    names = sources()["short"]
    return names.get(source_id, source_id)


# --------------------------------------------------------------------------- survey data

SURVEY_RESOURCE = re.compile(r"^raadpleging-(?P<edition>\d{4})-h(?P<chapter>\d{2})$")


def survey_resources(edition: int, data_dir: Path | None = None) -> list[Resource]:
    found = []
    for name, res in resources(data_dir).items():
        m = SURVEY_RESOURCE.match(name)
        if m and int(m["edition"]) == int(edition):
            found.append(res)
    return sorted(found, key=lambda r: r.name)


def survey_chapters(edition: int, data_dir: Path | None = None) -> list[int]:
    """The chapters of an edition that have a data file (hoofdstuk-NN.csv), in order."""
    return [chapter_of(r) for r in survey_resources(edition, data_dir)]


def chapter_of(res: Resource) -> int:
    """The report chapter of a survey resource ('raadpleging-2025-h09' -> 9)."""
    return int(SURVEY_RESOURCE.match(res.name)["chapter"])


def editions(data_dir: Path | None = None) -> list[int]:
    eds = {int(m["edition"]) for name in resources(data_dir) if (m := SURVEY_RESOURCE.match(name))}
    return sorted(eds)


def fieldwork_start(edition: int, data_dir: Path | None = None):
    """The day the fieldwork of a raadpleging started (``tijdlijn.csv``: the event of the edition's source
    whose id names 'veldwerk'), or None when the timeline does not have it."""
    import datetime

    t = load_resource("tijdlijn", data_dir)
    sel = t[(t["source"] == f"raadpleging-{edition}") & t["id"].str.contains("veldwerk") & t["date"].notna()]
    if sel.empty:
        return None
    d = sel["date"].iloc[0]
    return d if isinstance(d, datetime.date) else datetime.date.fromisoformat(str(d)[:10])


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
        res_list = [r for r in res_list if chapter_of(r) in wanted]
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
        check_foreign_keys(res, rows, all_res)
        contract.check_survey_rules(df, res.path, known_issue_ids=known, coverage_locators=coverage)
        df = df.copy()
        df["file"] = paths.rel(res.path)
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
