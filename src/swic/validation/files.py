"""Checks on the files themselves: source texts unchanged, every CSV against its schema, the package
descriptor up to date, every column described."""

from __future__ import annotations

import re

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


RELEASE_TAGS = "uitgave-*"
CORRECTIONS = "wijzigingen"


def _git(*args: str) -> str | None:
    import subprocess

    try:
        proc = subprocess.run(
            ["git", *args], cwd=paths.root(), capture_output=True, text=True, check=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout


def last_release() -> str | None:
    """The state the site last published: the newest tag ``uitgave-<date>``, else the ``commit`` that
    CITATION.cff names as released (clones often come without tags); None outside git or when that commit
    is not in this clone's history (a shallow clone)."""
    out = _git("tag", "--list", RELEASE_TAGS, "--sort=-refname")
    tags = out.split() if out else []
    if tags:
        return tags[0]
    cff = paths.root() / "CITATION.cff"
    text = cff.read_text(encoding="utf-8") if cff.exists() else ""
    found = re.search(r'^commit:\s*"?([0-9a-f]{7,40})"?\s*$', text, re.M)
    if found and _git("cat-file", "-e", f"{found.group(1)}^{{commit}}") is not None:
        return found.group(1)[:12]
    return None


def _values(text: str, key_fields: list[str]) -> dict[str, str]:
    import csv
    import io

    out = {}
    for r in csv.DictReader(io.StringIO(text)):
        if "value" not in r:
            return {}
        out[" | ".join(r.get(k) or "" for k in key_fields)] = (r["value"] or "").strip()
    return out


def _same(a: str, b: str) -> bool:
    if not a or not b:
        return a == b
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b


def check_corrections() -> list[Problem]:
    """Every value in data/ that differs from the last release has its line in data/wijzigingen.csv (file,
    key, old, new). Without git or without a release tag (a source archive) there is nothing to compare:
    the check says so on stderr and passes."""
    import sys

    tag = last_release()
    if tag is None:
        print(
            f"corrections: no git, no tag {RELEASE_TAGS} and no released commit (CITATION.cff) in this clone; "
            "values not compared with the last release",
            file=sys.stderr,
        )
        return []
    try:
        all_res = data.resources()
        record = data.load_resource(CORRECTIONS)
        record_file = paths.rel(all_res[CORRECTIONS].path)
    except (data.DataError, KeyError) as err:
        return [from_error("corrections", err)] if isinstance(err, data.DataError) else []
    lines = {(r["file"], r["key"]): [] for _, r in record.iterrows()}
    for _, r in record.iterrows():
        lines[(r["file"], r["key"])].append((str(r["old"]), str(r["new"])))
    out: list[Problem] = []
    for res in all_res.values():
        fields = [f["name"] for f in res.schema.get("fields", [])]
        key_fields = res.schema.get("primaryKey") or []
        if "value" not in fields or not key_fields or not res.path.exists():
            continue
        rel = paths.rel(res.path)
        before_text = _git("show", f"{tag}:{rel}")
        before = _values(before_text, key_fields) if before_text is not None else {}
        now_text = res.path.read_text(encoding="utf-8")
        now = _values(now_text, key_fields)
        row_of = {k: i + 2 for i, k in enumerate(now)}
        for key in list(now) + [k for k in before if k not in now]:
            old, new = before.get(key, ""), now.get(key, "")
            if _same(old, new):
                continue
            if any(_same(o, old) and _same(n, new) for o, n in lines.get((rel, key), [])):
                continue
            out.append(
                Problem(
                    "corrections",
                    rel,
                    f"the value differs from the last release ({tag}): {old or '(none)'} -> {new or '(none)'}, "
                    f"with no line in {record_file}",
                    row_of.get(key),
                    "value",
                    new,
                    f"a line in {record_file}: file {rel}, key '{key}', old '{old}', new '{new}', and why",
                )
            )
    return out
