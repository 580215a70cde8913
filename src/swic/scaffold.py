"""Create a chapter notebook from the template and register it (``python -m swic new-chapter``)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import yaml

from swic import notebooks, paths, registry

TEMPLATE_INTRO = """# {title}

Schrijf hier in eigen woorden wat de lezer op deze pagina leert. Cijfers in de tekst komen uit de
data via `glue`, bijvoorbeeld: in dit hoofdstuk gaat het om {{glue:text}}`{id}_n_figuren` figuren uit
de raadpleging.
"""

PARAMETERS = """edition, chapter, baseline, min_n = 2025, {chapter}, 2020, 10
"""

SETUP = """from swic import page

s = page.Survey(edition, chapter, baseline=baseline, min_n=min_n)
locators = list(dict.fromkeys(s.df["locator"]))
s.glue({id}_n_figuren=str(len(locators)))
"""

FIRST_CHART = """s.figure(locators[0])"""


def _cell_id(page_id: str, i: int) -> str:
    return f"{page_id}-{i}"


def make_notebook(page_id: str, title: str, chapter: int) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    cells = [
        nbformat.v4.new_code_cell(PARAMETERS.format(chapter=chapter), metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(SETUP.format(id=page_id.replace("-", "_"))),
        nbformat.v4.new_markdown_cell(TEMPLATE_INTRO.format(title=title, id=page_id.replace("-", "_"))),
        nbformat.v4.new_code_cell(FIRST_CHART),
    ]
    for i, c in enumerate(cells):
        c["id"] = _cell_id(page_id, i)
    nb.cells = cells
    return nb


def new_chapter(page_id: str, title: str, chapter: int | None = None, root: Path | None = None) -> Path:
    root = Path(root or paths.root())
    if not registry.ID_PATTERN.match(page_id):
        raise registry.RegistryError(f"page id {page_id!r}: use lowercase letters, digits and dashes")
    pages = registry.load(root)
    if any(p.id == page_id for p in pages):
        raise registry.RegistryError(f"page id {page_id!r} already exists in {registry.REGISTRY_FILE}")
    nb_path = root / "chapters" / f"{page_id}{notebooks.SUFFIX}"
    if nb_path.exists():
        raise registry.RegistryError(f"{nb_path.relative_to(root)} already exists")
    chapter = 1 if chapter is None else chapter
    from swic import data

    have = data.survey_chapters(2025)
    if chapter not in have:
        raise registry.RegistryError(
            f"chapter {chapter} has no data: add data/raadpleging/2025/hoofdstuk-{chapter:02d}.csv first "
            f"(chapters with data: {', '.join(map(str, have))})"
        )
    taken = [p.id for p in pages if p.parameters.get("chapter") == chapter]
    if taken:
        raise registry.RegistryError(
            f"chapter {chapter} already has a page: {', '.join(taken)} ({registry.REGISTRY_FILE}); edit that "
            "chapter, or give the new page another chapter"
        )
    notebooks.write(make_notebook(page_id, title, chapter), nb_path)

    # Register: append to pages.yml (keeping its comments) and to the toc's last part.
    reg = root / registry.REGISTRY_FILE
    entry = {
        "id": page_id,
        "notebook": f"chapters/{page_id}{notebooks.SUFFIX}",
        "title": title,
        "parameters": {"edition": 2025, "baseline": 2020, "chapter": chapter, "min_n": 10},
    }
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)
    text = reg.read_text(encoding="utf-8").rstrip("\n") + "\n" + _indent(block, 2)
    reg.write_text(text, encoding="utf-8")

    add_to_toc(root / "_toc.yml", f"{registry.PAGES_DIR}/{page_id}")
    registry.check_toc(registry.load(root), root)
    return nb_path


CHAPTER_PART = "De stem van sociaal werkers"


def add_to_toc(toc_path: Path, entry: str, part: str = CHAPTER_PART) -> None:
    """Append a page to a part of _toc.yml (the chapters part by default), keeping the header comment."""
    text = toc_path.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    toc = yaml.safe_load(text)
    parts = toc.get("parts", [])
    target = next((p for p in parts if p.get("caption") == part), parts[0] if parts else None)
    if target is None:
        raise registry.RegistryError("_toc.yml has no parts to add the chapter to")
    target.setdefault("chapters", []).append({"file": entry})
    toc_path.write_text(header + yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _indent(text: str, n: int) -> str:
    return "".join((" " * n + line) if line.strip() else line for line in text.splitlines(keepends=True))
