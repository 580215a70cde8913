"""What a change does for readers: ``python -m swic changes BASE`` (``make changes BASE=origin/main``).

Compares the site of a git ref (BASE) with the working tree, for a reviewer:

* whether the data still passes every check (said first when it does not);
* data files with rows added, removed or changed (by each file's primary key);
* pages added, removed or changed;
* per changed figure, its rows old -> new, from the figure's own record (its data as the build wrote it,
  ``_build/executed/records/figuren/<page>/<figure>.json``; a build without records is read from the
  figures' CSV files);
* every number glued into the prose that changed, old -> new (from the executed notebooks' glue).

BASE is exported with ``git archive`` into ``_build/changes/<sha>`` and built with its own code. Its
build starts from this tree's cache of executed pages, so only the pages whose inputs differ are executed
again: the report costs about one incremental build. The output is Markdown (CI writes it to the pull
request's job summary); links point into the built site, relative to its root.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from swic import locators, paths, runtime
from swic import text as nl


class ChangesError(RuntimeError):
    pass


def _git(*args: str, root: Path) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ChangesError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout.strip()


def export_base(base: str, root: Path) -> Path:
    """The tree of ``base`` in ``_build/changes/<sha>`` (kept: a second report reuses its build)."""
    sha = _git("rev-parse", "--verify", f"{base}^{{commit}}", root=root)
    target = root / "_build" / "changes" / sha[:12]
    if (target / "pages.yml").exists():
        return target
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", sha], cwd=root, capture_output=True)
    if archive.returncode != 0:
        raise ChangesError(archive.stderr.decode(errors="replace"))
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp, filter="data")
    # start from this tree's executed pages: whatever did not change is taken from the cache
    for part in ("executed", "cache"):
        src = root / "_build" / part
        if src.is_dir():
            shutil.copytree(src, tmp / "_build" / part, dirs_exist_ok=True)
    (tmp / "_build" / "cache" / "validated.key").unlink(missing_ok=True)
    if (root / "node_modules").is_dir() and not (tmp / "node_modules").exists():
        (tmp / "node_modules").symlink_to(root / "node_modules")
    os.replace(tmp, target)
    return target


def build_tree(tree: Path, *, code: Path) -> subprocess.CompletedProcess:
    """Build a tree with the package of ``code`` (BASE is built with BASE's own code)."""
    env = {**os.environ, "SWIC_ROOT": str(tree), "PYTHONPATH": str(code / "src"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "swic", "build"], cwd=tree, env=env, capture_output=True, text=True
    )


# --------------------------------------------------------------------------- comparing


def _schemas(tree: Path) -> dict[str, list[str]]:
    """Primary key columns of each CSV of a tree, from its datapackage (data path -> key)."""
    pkg_path = tree / "data" / "datapackage.json"
    if not pkg_path.exists():
        return {}
    try:
        pkg = json.loads(pkg_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {}
    out = {}
    for res in pkg.get("resources", []):
        schema = res.get("schema")
        if isinstance(schema, str) and (tree / "data" / schema).exists():
            schema = json.loads((tree / "data" / schema).read_text(encoding="utf-8"))
        pk = (schema or {}).get("primaryKey") or []
        out[f"data/{res['path']}"] = [pk] if isinstance(pk, str) else list(pk)
    return out


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, UnicodeDecodeError):
        return [], []
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def _key(row: dict, key: list[str]) -> tuple:
    return tuple(row.get(c, "") for c in key) if key else tuple(row.items())


def _show(row: dict, key: list[str]) -> str:
    if key:
        return " / ".join(str(x) for x in _key(row, key) if x)
    return ", ".join(f"{c}={row[c]}" for c in list(row)[:4])


@dataclass
class DataChange:
    file: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def data_changes(base: Path, head: Path) -> list[DataChange]:
    keys = {**_schemas(base), **_schemas(head)}
    files = sorted(
        {str(p.relative_to(base)) for p in (base / "data").rglob("*.csv")}
        | {str(p.relative_to(head)) for p in (head / "data").rglob("*.csv")}
    )
    out = []
    for f in files:
        cols_a, a = _rows(base / f)
        cols_b, b = _rows(head / f)
        if a == b and cols_a == cols_b:
            continue
        key = [c for c in keys.get(f, []) if c in cols_a or c in cols_b]
        ch = DataChange(f)

        ia = {_key(r, key): (i, r) for i, r in enumerate(a, start=2)}
        ib = {_key(r, key): (i, r) for i, r in enumerate(b, start=2)}
        for kk, (i, r) in ib.items():
            if kk not in ia:
                ch.added.append(f"row {i}: {_show(r, key)}")
            elif ia[kk][1] != r:
                old = ia[kk][1]
                diffs = [
                    f"{c}: {old.get(c, '')!r} → {r.get(c, '')!r}" for c in cols_b if old.get(c) != r.get(c)
                ]
                ch.changed.append(f"row {i}: {_show(r, key)} — " + "; ".join(diffs))
        for kk, (i, r) in ia.items():
            if kk not in ib:
                ch.removed.append(f"row {i} (in BASE): {_show(r, key)}")
        if cols_a != cols_b:
            ch.changed.insert(0, f"columns: {','.join(cols_a)} → {','.join(cols_b)}")
        out.append(ch)
    return out


def _outputs(nb: dict) -> tuple[dict[str, str], str]:
    """Glued values (name -> text) and the prose of an executed notebook (whitespace collapsed, so that
    text moved between cells is the same text)."""
    glue: dict[str, str] = {}
    prose = []
    for cell in nb.get("cells", []):
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        if cell.get("cell_type") == "markdown":
            prose.append(src)
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                data = out.get("data", {})
                prefix = out["metadata"]["scrapbook"].get("mime_prefix", "")
                val = data.get(f"{prefix}text/markdown") or data.get(f"{prefix}text/plain") or ""
                glue[name] = "".join(val) if isinstance(val, list) else str(val)
    return glue, " ".join(" ".join(prose).split())


_GLUE_ROLE = re.compile(r"\{glue(?::\w+)?\}`([^`]+)`")


def _as_read(glue: dict[str, str], prose: str) -> tuple[str, list[str]]:
    """The prose as a reader reads it (every glue role replaced by its value) and the glued values in the
    order they stand in it: what changes for readers, whatever the values are called in the chapter."""
    used: list[str] = []

    def value(m: re.Match) -> str:
        used.append(_text(glue.get(m[1].split(":")[0], "–")))
        return used[-1]

    return _GLUE_ROLE.sub(value, prose), used


Figures = dict[str, tuple[str, list[list[str]]]]  # anchor -> (title, rows with the header first)


def figures(tree: Path, page: str) -> Figures:
    """The figures a page showed in a build of ``tree``: from their records, or (a build made before
    records existed) from their CSV files, titled by file name."""
    executed = tree / "_build" / "executed"
    out: Figures = {}
    recs = sorted((executed / runtime.RECORDS / "figuren" / page).glob("*.json"))
    if recs:
        for p in recs:
            doc = json.loads(p.read_text(encoding="utf-8"))
            out[doc["anchor"]] = (doc["title"], doc["rows"])
        return out
    for p in sorted((executed / runtime.ASSETS / "figuren" / page).glob("*-internationaal.csv")):
        stem = p.name.removesuffix("-internationaal.csv")
        with p.open(encoding="utf-8", newline="") as fh:
            out[f"fig-{stem}"] = (stem, [row for row in csv.reader(fh)])
    return out


def _text(v: str) -> str:
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        v = v[1:-1]
    return v


@dataclass
class PageChange:
    page: str
    status: str  # added | removed | changed
    figures: list[str] = field(default_factory=list)
    glue: list[str] = field(default_factory=list)
    prose: bool = False


def page_changes(base: Path, head: Path) -> list[PageChange]:
    ea, eb = base / "_build" / "executed", head / "_build" / "executed"
    ids = sorted({p.stem for p in ea.glob("*.ipynb")} | {p.stem for p in eb.glob("*.ipynb")})
    out = []
    for pid in ids:
        pa, pb = ea / f"{pid}.ipynb", eb / f"{pid}.ipynb"
        if not pa.exists():
            out.append(PageChange(pid, "added"))
            continue
        if not pb.exists():
            out.append(PageChange(pid, "removed"))
            continue
        ga, ta = _outputs(json.loads(pa.read_text(encoding="utf-8")))
        gb, tb = _outputs(json.loads(pb.read_text(encoding="utf-8")))
        fa, fb = figures(base, pid), figures(head, pid)
        read_a, used_a = _as_read(ga, ta)
        read_b, used_b = _as_read(gb, tb)
        ch = PageChange(pid, "changed", prose=read_a != read_b)
        if len(used_a) == len(used_b):  # the same sentences: the numbers in them, old -> new
            ch.glue += [f"{old} → {new}" for old, new in zip(used_a, used_b, strict=True) if old != new]
        else:
            ch.glue += [f"– → {v}" for v in used_b if v not in used_a]
            ch.glue += [f"{v} → –" for v in used_a if v not in used_b]
        for anchor in list(dict.fromkeys([*fb, *fa])):
            if anchor not in fa:
                ch.figures.append(f"new figure [{fb[anchor][0]}](pages/{pid}.html#{anchor})")
            elif anchor not in fb:
                ch.figures.append(f"figure removed: {fa[anchor][0]}")
            elif fa[anchor][1] != fb[anchor][1] or (_titled(base, pid) and fa[anchor][0] != fb[anchor][0]):
                ch.figures.append(_figure_diff(pid, anchor, fa[anchor], fb[anchor]))
        if ch.glue or ch.figures or ch.prose:
            out.append(ch)
    # Markdown pages
    for md in sorted(
        {p.name for p in (base / "pages").glob("*.md")} | {p.name for p in (head / "pages").glob("*.md")}
    ):
        a, b = base / "pages" / md, head / "pages" / md
        if not a.exists() or not b.exists() or a.read_bytes() != b.read_bytes():
            out.append(
                PageChange(
                    Path(md).stem,
                    "added" if not a.exists() else "removed" if not b.exists() else "changed",
                    prose=True,
                )
            )
    return out


def _titled(tree: Path, page: str) -> bool:
    """Whether a build recorded its figures' titles (builds before records did not)."""
    return (tree / "_build" / "executed" / runtime.RECORDS / "figuren" / page).is_dir()


def _figure_diff(pid: str, anchor: str, old, new) -> str:
    (cap_a, rows_a), (cap_b, rows_b) = old, new
    lines = [f"[{cap_b}](pages/{pid}.html#{anchor})"]
    if cap_a != cap_b:
        lines.append(f"  - title: {cap_a} → {cap_b}")
    head_a, head_b = (rows_a[0] if rows_a else []), (rows_b[0] if rows_b else [])
    body_a = {r[0]: r for r in rows_a[1:] if r}
    body_b = {r[0]: r for r in rows_b[1:] if r}
    for key in dict.fromkeys([*body_b, *body_a]):
        ra, rb = body_a.get(key), body_b.get(key)
        if ra == rb:
            continue
        if ra is None:
            lines.append(f"  - {key}: new row ({', '.join(rb[1:])})")
        elif rb is None:
            lines.append(f"  - {key}: row removed")
        else:
            cells = [
                f"{h}: {x} → {y}"
                for h, x, y in zip(head_b[1:] or head_a[1:], ra[1:], rb[1:], strict=False)
                if x != y
            ]
            lines.append(f"  - {key}: " + "; ".join(cells))
    return "\n".join(lines)


def figure_pages(tree: Path) -> dict[str, list[tuple[str, str]]]:
    """'Figuur 9.1' -> the pages (and anchors) whose figures chart it, from the figures' records."""
    out: dict[str, list[tuple[str, str]]] = {}
    for p in sorted((tree / "_build" / "executed" / runtime.RECORDS / "figuren").glob("*/*.json")):
        doc = json.loads(p.read_text(encoding="utf-8"))
        for loc in locators.named_in(doc.get("locator", "")):
            out.setdefault(loc, []).append((p.parent.name, doc["anchor"]))
    return out


# --------------------------------------------------------------------------- the report


def report(base_ref: str, *, build: bool = True, log=print) -> str:
    root = paths.root()
    from swic import validation

    problems = validation.run()
    lines = [f"## Wat deze wijziging doet voor lezers (vergeleken met `{base_ref}`)", ""]
    if problems:
        blocking = [p for p in problems if p.check not in validation.NOT_BLOCKING_BUILD]
        lines += [
            f"**De data halen de controles niet: {nl.count(len(problems), 'probleem')}"
            + (" (de site wordt niet gebouwd)" if blocking else "")
            + ".** `make validate` geeft de lijst; de eerste:",
            "",
            "```",
            *[str(p) for p in problems[:10]],
            "```",
            "",
        ]
    built = True
    if build:  # the working tree first: BASE's build then starts from its cache
        log("Building the working tree ...")
        proc_head = build_tree(root, code=root)
    base = export_base(base_ref, root)
    if build:
        log(f"Building {base_ref} in {base.relative_to(root)} ...")
        proc_base = build_tree(base, code=base)
        built = proc_base.returncode == 0 and proc_head.returncode == 0
        if not built:
            failed = proc_head if proc_head.returncode else proc_base
            which = "deze wijziging" if proc_head.returncode else base_ref
            lines += [
                f"**De site van {which} kon niet worden gebouwd:**",
                "",
                "```",
                *failed.stderr.strip().splitlines()[-15:],
                "```",
                "",
            ]
    data = data_changes(base, root)
    lines += ["### Data", ""]
    if not data:
        lines.append("Geen databestanden gewijzigd.")
    # the pages that show a figure: from both sites (the working tree's may not be built)
    shown_on = figure_pages(base)
    for loc, where in figure_pages(root).items():
        shown_on[loc] = list(dict.fromkeys([*where, *shown_on.get(loc, [])]))
    for ch in data:
        lines.append(
            f"- `{ch.file}`: {nl.count(len(ch.added), 'rij')} erbij, {len(ch.removed)} weg, "
            f"{len(ch.changed)} gewijzigd"
        )
        for x in ch.added[:10] + ch.removed[:10] + ch.changed[:15]:
            named = locators.named_in(x)
            where = shown_on.get(named[0], []) if named else []
            if where:
                x += f" — {named[0]} staat op " + ", ".join(f"[{p}](pages/{p}.html#{a})" for p, a in where)
            lines.append(f"  - {x}")
    lines.append("")
    if built:
        pages = page_changes(base, root)
        lines += ["### Pagina's", ""]
        if not pages:
            lines.append("Geen pagina verandert voor lezers.")
        for p in pages:
            link = f"[{p.page}](pages/{p.page}.html)"
            if p.status != "changed":
                lines.append(f"- {link}: {'nieuw' if p.status == 'added' else 'verwijderd'}")
                continue
            what = []
            if p.figures:
                what.append(nl.count(len(p.figures), "figuur"))
            if p.glue:
                what.append(f"{nl.count(len(p.glue), 'getal')} in de tekst")
            if p.prose:
                what.append("tekst")
            lines.append(f"- {link}: {', '.join(what)}")
            for f in p.figures:
                lines += ["  - " + f.replace("\n", "\n  ")]
            for g in p.glue:
                lines.append(f"  - in de tekst {g}")
        lines.append("")
        lines.append("Links wijzen naar pagina's in de gebouwde site (artefact *site-preview*).")
    return "\n".join(lines) + "\n"
