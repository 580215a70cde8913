"""The package's layout keeps its promises: layers that point down, no import cycle, rooms of a readable
size, no module reaching into another's private names. The layers and what each module is for are in
``src/swic/__init__.py``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "swic"
MAX_LINES = 700

# Layer of every module: a module imports only from its own layer or below.
LAYERS = {
    "leaves": ["paths", "fmt", "text", "markup", "runtime", "version", "locators", "memo", "textscan"],
    "data": ["tableschema", "contract", "data", "sources", "known_issues", "labels", "cite", "datapackage"],
    "drawing": ["fonts", "theme", "render", "charts", "downloads"],
    "chapter API": [
        "glue",
        "survey",
        "context",
        "synthesis",
        "page",
        "findings",
        "documents",
        "opendata",
        "gaps",
        "corrections",
        "datapage",
    ],
    "tooling": [
        "validation",
        "cache",
        "execute",
        "build",
        "changes",
        "cli",
        "registry",
        "notebooks",
        "errors",
        "scaffold",
        "browser",
        "bibstyle",
        "postprocess",
        "search",
        "slim",
        "sphinxext",
        "preview",
        "warmbuild",
        "prerequisites",
        "__main__",
    ],
}
RANK = {m: i for i, mods in enumerate(LAYERS.values()) for m in mods}


def modules() -> dict[str, Path]:
    """'charts.bars' -> its file, for every module of the package (the package's own __init__ aside)."""
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        rel = p.relative_to(PKG).with_suffix("")
        parts = list(rel.parts)
        if parts == ["__init__"]:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _resolve(name: str, known: set[str]) -> str | None:
    """'swic.charts.figure' -> 'charts.figure' (the longest known module it names)."""
    if not name.startswith("swic."):
        return None
    parts = name.split(".")[1:]
    while parts:
        cand = ".".join(parts)
        if cand in known:
            return cand
        parts = parts[:-1]
    return None


def imports(path: Path, known: set[str]) -> set[str]:
    """The package's modules a module imports, anywhere in it (inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if (m := _resolve(a.name, known)) is not None:
                    found.add(m)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "swic":
                for a in node.names:
                    if a.name in known:
                        found.add(a.name)
            elif (m := _resolve(node.module, known)) is not None:
                subs = {f"{m}.{a.name}" for a in node.names} & known
                found |= subs  # 'from swic.charts import honest' imports the submodule
                if len(subs) < len(node.names):
                    found.add(m)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {m: imports(p, known) - {m} for m, p in mods.items()}


def top(module: str) -> str:
    return module.split(".")[0]


def test_every_module_has_a_layer():
    missing = sorted({top(m) for m in modules()} - set(RANK))
    assert not missing, f"modules without a layer in tests/test_layout.py: {missing}"


def test_imports_point_down():
    wrong = []
    for m, deps in graph().items():
        for d in deps:
            if top(d) == top(m):
                continue
            if RANK[top(d)] > RANK[top(m)]:
                wrong.append(f"{m} ({_layer(m)}) imports {d} ({_layer(d)})")
    assert not wrong, "imports that point up:\n  " + "\n  ".join(sorted(wrong))


def _layer(m: str) -> str:
    return list(LAYERS)[RANK[top(m)]]


def test_no_import_cycle():
    g = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for d in sorted(g[m]):
            if state.get(d) == 1:
                cycles.append(" -> ".join([*stack[stack.index(d) :], d]))
            elif d not in state:
                visit(d, [*stack, d])
        state[m] = 2

    for m in sorted(g):
        if m not in state:
            visit(m, [m])
    assert not cycles, "import cycles:\n  " + "\n  ".join(cycles)


@pytest.mark.parametrize("module", sorted(modules()))
def test_module_is_of_a_readable_size(module):
    n = len(modules()[module].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{module}: {n} lines (at most {MAX_LINES}); split it by what it does"


def test_no_module_uses_another_modules_private_names():
    mods = modules()
    known = set(mods)
    found = []
    for m, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}  # local name -> module
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                base = "swic" if node.module == "swic" else _resolve(node.module, known)
                for a in node.names:
                    target = a.name if base == "swic" else f"{base}.{a.name}"
                    if target in known:
                        aliases[a.asname or a.name] = target
                    elif base and a.name.startswith("_") and not a.name.startswith("__"):
                        found.append(f"{m} imports {base}.{a.name}")
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if (t := _resolve(a.name, known)) is not None and a.asname:
                        aliases[a.asname] = t
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and aliases[node.value.id] != m
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(f"{m} uses {aliases[node.value.id]}.{node.attr}")
    assert not found, "private names used from another module:\n  " + "\n  ".join(sorted(set(found)))


def test_the_module_map_names_every_module():
    doc = ast.get_docstring(ast.parse((PKG / "__init__.py").read_text(encoding="utf-8"))) or ""
    missing = sorted(m for m in {top(x) for x in modules()} if m != "__main__" and f"``{m}``" not in doc)
    assert not missing, f"src/swic/__init__.py's module map does not mention: {missing}"


def test_the_files_that_start_first_exist():
    """conftest.LONGEST_FIRST names files by name: a renamed file would silently lose its early start."""
    from .conftest import LONGEST_FIRST

    here = Path(__file__).parent
    assert [n for n in LONGEST_FIRST if not (here / n).exists()] == []
