"""The page registry (``pages.yml``): every page produced by executing a notebook.

One entry per page: an id (the page's file name in the book), the notebook, a title and the
papermill parameters. The same notebook may appear several times with other parameters.
The registry is checked against the notebooks' ``parameters`` cells and against ``_toc.yml``.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from swic import memo, notebooks, paths

REGISTRY_FILE = "pages.yml"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PAGES_DIR = "pages"  # where pages live in the book (toc entries are pages/<id>)


class RegistryError(ValueError):
    pass


@dataclass(frozen=True)
class Page:
    id: str
    notebook: Path
    title: str
    parameters: dict = field(default_factory=dict)

    @property
    def toc_file(self) -> str:
        return f"{PAGES_DIR}/{self.id}"

    def params_json(self) -> str:
        return json.dumps(self.parameters, sort_keys=True, ensure_ascii=False)


def notebook_parameters(nb_path: Path, root: Path | None = None) -> dict:
    """Names and defaults of the notebook's cell tagged ``parameters`` (evaluated literally); kept by the
    notebook's content (:mod:`swic.memo`)."""
    return memo.by_content("parameters-1", nb_path, lambda: _notebook_parameters(nb_path), root=root)


def _notebook_parameters(nb_path: Path) -> dict:
    try:
        nb = notebooks.read(nb_path)
    except notebooks.NotebookError as exc:
        raise RegistryError(str(exc).replace(str(nb_path), paths.rel(nb_path), 1)) from exc
    cells = [c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise RegistryError(f"{paths.rel(nb_path)}: no cell tagged 'parameters'")
    if len(cells) > 1:
        raise RegistryError(f"{paths.rel(nb_path)}: more than one cell tagged 'parameters'")
    src = "".join(cells[0]["source"]) if isinstance(cells[0]["source"], list) else cells[0]["source"]

    defaults: dict = {}
    try:
        tree = ast.parse(src)
    except SyntaxError as exc:
        raise RegistryError(f"{paths.rel(nb_path)}: the parameters cell is not valid Python: {exc}") from exc
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for name, value in _assigned(t, node.value):
                    try:
                        defaults[name] = ast.literal_eval(value) if value is not None else None
                    except ValueError as exc:
                        raise RegistryError(
                            f"{paths.rel(nb_path)}: parameter {name!r} must have a literal default value"
                        ) from exc
    return defaults


def _assigned(target: ast.expr, value: ast.expr | None) -> list[tuple[str, ast.expr | None]]:
    """(name, value) pairs of an assignment: ``a = 1`` and ``a, b = 1, 2`` alike."""
    if isinstance(target, ast.Name):
        return [(target.id, value)]
    if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts):
        return [pair for t, v in zip(target.elts, value.elts, strict=True) for pair in _assigned(t, v)]
    return []


def _type_ok(default, value) -> bool:
    if default is None or value is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    if isinstance(default, int):
        return isinstance(value, int)
    return isinstance(value, type(default))


def load(root: Path | None = None) -> list[Page]:
    root = Path(root or paths.root())
    reg_path = root / REGISTRY_FILE
    if not reg_path.exists():
        raise RegistryError(f"{REGISTRY_FILE} not found in {root}")
    try:
        doc = yaml.safe_load(reg_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RegistryError(f"{REGISTRY_FILE}: invalid YAML: {exc}") from exc
    entries = doc.get("pages")
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{REGISTRY_FILE}: needs a non-empty list 'pages'")
    pages: list[Page] = []
    seen: set[str] = set()
    param_cache: dict[Path, dict] = {}
    for i, e in enumerate(entries, start=1):
        where = f"{REGISTRY_FILE}, page #{i}"
        if not isinstance(e, dict):
            raise RegistryError(f"{where}: each page is a mapping with id, notebook, title, parameters")
        unknown = set(e) - {"id", "notebook", "title", "parameters"}
        if unknown:
            raise RegistryError(f"{where}: unknown key(s) {sorted(unknown)}")
        pid = e.get("id")
        if not isinstance(pid, str) or not ID_PATTERN.match(pid):
            raise RegistryError(f"{where}: 'id' must be lowercase letters, digits and dashes (got {pid!r})")
        where = f"{REGISTRY_FILE}, page '{pid}'"
        if pid in seen:
            raise RegistryError(f"{where}: duplicate id")
        seen.add(pid)
        nb = e.get("notebook")
        if not isinstance(nb, str):
            raise RegistryError(f"{where}: 'notebook' is required")
        nb_path = root / nb
        if not nb_path.exists():
            raise RegistryError(f"{where}: notebook {nb} not found")
        title = e.get("title")
        if not isinstance(title, str) or not title.strip():
            raise RegistryError(f"{where}: 'title' is required")
        params = e.get("parameters") or {}
        if not isinstance(params, dict):
            raise RegistryError(f"{where}: 'parameters' must be a mapping")
        if nb_path not in param_cache:
            param_cache[nb_path] = notebook_parameters(nb_path, root)
        defaults = param_cache[nb_path]
        for k, v in params.items():
            if k not in defaults:
                raise RegistryError(
                    f"{where}: unknown parameter {k!r}; the parameters cell of {nb} defines "
                    f"{', '.join(sorted(defaults)) or 'none'}"
                )
            if not _type_ok(defaults[k], v):
                raise RegistryError(
                    f"{where}: parameter {k!r} is {type(v).__name__} {v!r}, but {nb} expects "
                    f"{type(defaults[k]).__name__} (default {defaults[k]!r})"
                )
        pages.append(Page(pid, nb_path, title.strip(), dict(params)))
    return pages


def toc_files(root: Path | None = None) -> list[str]:
    root = Path(root or paths.root())
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(str(node["file"]))
            for k in ("root",):
                if k in node:
                    found.append(str(node[k]))
            for v in node.values():
                if isinstance(v, list | dict):
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(toc)
    return [re.sub(r"\.(md|ipynb)$", "", f) for f in found]


def check_toc(pages: list[Page], root: Path | None = None) -> None:
    """Every registry page is in _toc.yml, and every toc entry is a registry page or a Markdown file."""
    root = Path(root or paths.root())
    files = toc_files(root)
    ids = {p.toc_file for p in pages}
    for f in files:
        if f not in ids and not (root / f"{f}.md").exists():
            raise RegistryError(
                f"_toc.yml lists {f!r}, which is neither a page in {REGISTRY_FILE} nor {f}.md"
            )
    missing = sorted(ids - set(files))
    if missing:
        raise RegistryError(f"pages in {REGISTRY_FILE} missing from _toc.yml: {', '.join(missing)}")


def stray_ipynb(root: Path | None = None) -> list[str]:
    """Chapters saved as .ipynb (with outputs, as JSON): they stop the build with a hint."""
    root = Path(root or paths.root())
    return [
        f"{p.relative_to(root)}: chapters are stored as MyST Markdown notebooks, not .ipynb "
        f"(outputs and JSON do not belong in the repository); convert it with "
        f"`jupytext --to myst {p.relative_to(root)}`, then delete the .ipynb"
        for p in sorted((root / "chapters").glob("*.ipynb"))
    ]


def check_notebooks(root: Path | None = None) -> list[str]:
    """Problems with the chapter notebooks: not a canonical MyST notebook (a .ipynb, saved outputs,
    hand-broken header), no or duplicate parameters cell, not registered."""
    root = Path(root or paths.root())
    problems: list[str] = []
    registered = {p.notebook.resolve() for p in load(root)}
    problems += stray_ipynb(root)
    for nb_path in sorted((root / "chapters").glob("*.md")):
        rel = nb_path.relative_to(root)
        found = [p.replace(str(nb_path), str(rel)) for p in notebooks.check(nb_path)]
        problems += found
        if found and "not a MyST" in found[0]:
            continue
        try:
            notebook_parameters(nb_path)
        except RegistryError as exc:
            problems.append(str(exc))
        if nb_path.resolve() not in registered:
            problems.append(f"{rel}: not used by any page in {REGISTRY_FILE}")
    return problems
