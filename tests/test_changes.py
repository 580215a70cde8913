"""The change report for reviewers: data rows, figures and glued numbers, old -> new, nothing unrelated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from swic import changes

from .conftest import ROOT, copy_project


def _copy_tree(dest: Path) -> Path:
    project = copy_project(dest, with_build=False)
    executed = ROOT / "_build" / "executed"
    (project / "_build" / "executed").mkdir(parents=True)
    for page in ("administratie", "vitaliteit"):
        shutil.copy2(executed / f"{page}.ipynb", project / "_build" / "executed" / f"{page}.ipynb")
    return project


def _edit_executed(project: Path, page: str, old: str, new: str) -> None:
    p = project / "_build" / "executed" / f"{page}.ipynb"
    p.write_text(p.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_changed_value_is_reported_with_its_page_figure_and_old_and_new(tmp_path, site):
    base = _copy_tree(tmp_path / "base")
    head = _copy_tree(tmp_path / "head")
    # one value of Figuur 9.1 changes: in the data, in the figure's table and in the glued prose
    csv_path = head / "data" / "raadpleging" / "2025" / "hoofdstuk-09.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    k = next(i for i, line in enumerate(lines) if ",Figuur 9.1," in line and ",Aantal,76," in line)
    lines[k] = lines[k].replace(",Aantal,76,", ",Aantal,77,")
    csv_path.write_text("".join(lines), encoding="utf-8")
    nb = json.loads((head / "_build" / "executed" / "administratie.ipynb").read_text(encoding="utf-8"))
    assert '"76"' in json.dumps(nb) or "'76'" in json.dumps(nb)
    _edit_executed(head, "administratie", "'76'", "'77'")

    data = changes.data_changes(base, head)
    assert [d.file for d in data] == ["data/raadpleging/2025/hoofdstuk-09.csv"]
    assert (
        len(data[0].changed) == 1
        and "'76' → '77'" in data[0].changed[0]
        and "Figuur 9.1" in data[0].changed[0]
    )

    pages = changes.page_changes(base, head)
    assert [p.page for p in pages] == ["administratie"], "an unrelated page is reported"
    assert any("76 → 77" in g for g in pages[0].glue)


def test_figure_rows_old_and_new():
    old = ("Titel", [["Categorie", "Waarde"], ["Ja", "40"], ["Nee", "60"]])
    new = ("Titel", [["Categorie", "Waarde"], ["Ja", "45"], ["Nee", "60"]])
    text = changes._figure_diff("administratie", "fig-figuur-9-2", old, new)
    assert (
        "pages/administratie.html#fig-figuur-9-2" in text
        and "Ja: Waarde: 40 → 45" in text
        and "Nee" not in text
    )


def test_a_changed_figure_is_read_from_its_record_not_the_html(tmp_path):
    base = _copy_tree(tmp_path / "base")
    head = _copy_tree(tmp_path / "head")
    for tree, value in ((base, "40"), (head, "45")):
        rec = tree / "_build" / "executed" / "records" / "figuren" / "administratie" / "figuur-9-2.json"
        rec.parent.mkdir(parents=True)
        doc = {
            "anchor": "fig-figuur-9-2",
            "title": "Is de tijd voor administratie toegenomen?",
            "locator": "Figuur 9.2",
            "source": "Movisie",
            "n": "n = 600",
            "rows": [["Categorie", "Waarde"], ["Ja", value], ["Nee", "60"]],
        }
        rec.write_text(json.dumps(doc), encoding="utf-8")
    pages = changes.page_changes(base, head)
    assert [p.page for p in pages] == ["administratie"]
    assert len(pages[0].figures) == 1 and "Ja: Waarde: 40 → 45" in pages[0].figures[0]
    assert changes.figure_pages(head) == {"Figuur 9.2": [("administratie", "fig-figuur-9-2")]}
