"""The page registry is checked against the notebooks' parameters cells and the table of contents."""

from __future__ import annotations

import pytest

from swic import registry

from .conftest import copy_project


@pytest.fixture
def proj(tmp_path):
    return copy_project(tmp_path / "p", with_build=False)


def set_registry(proj, text: str) -> None:
    (proj / "pages.yml").write_text(text, encoding="utf-8")


def test_real_registry_is_valid(root):
    pages = registry.load(root)
    registry.check_toc(pages, root)
    assert len({p.id for p in pages}) == len(pages)


def test_every_chapter_notebook_is_clean_and_registered(root):
    assert registry.check_notebooks(root) == []


def test_unknown_parameter(proj):
    set_registry(
        proj,
        "pages:\n  - id: index\n    notebook: chapters/inleiding.md\n    title: X\n"
        "    parameters: {editie: 2025}\n",
    )
    with pytest.raises(
        registry.RegistryError, match=r"page 'index': unknown parameter 'editie'.*defines edition"
    ):
        registry.load(proj)


def test_ill_typed_parameter(proj):
    set_registry(
        proj,
        "pages:\n  - id: index\n    notebook: chapters/inleiding.md\n    title: X\n"
        "    parameters: {edition: '2025'}\n",
    )
    with pytest.raises(registry.RegistryError, match=r"parameter 'edition' is str '2025'.*expects int"):
        registry.load(proj)


def test_duplicate_id(proj):
    entry = "  - id: index\n    notebook: chapters/inleiding.md\n    title: X\n"
    set_registry(proj, "pages:\n" + entry + entry)
    with pytest.raises(registry.RegistryError, match="duplicate id"):
        registry.load(proj)


def test_missing_notebook(proj):
    set_registry(proj, "pages:\n  - id: index\n    notebook: chapters/nope.md\n    title: X\n")
    with pytest.raises(registry.RegistryError, match="notebook chapters/nope.md not found"):
        registry.load(proj)


def test_bad_id(proj):
    set_registry(proj, "pages:\n  - id: Hoofdstuk 1\n    notebook: chapters/inleiding.md\n    title: X\n")
    with pytest.raises(registry.RegistryError, match="lowercase"):
        registry.load(proj)


def test_toc_and_registry_must_agree(proj):
    from swic.scaffold import add_to_toc

    add_to_toc(proj / "_toc.yml", "pages/bestaat-niet")
    with pytest.raises(registry.RegistryError, match="pages/bestaat-niet"):
        registry.check_toc(registry.load(proj), proj)


def test_notebook_without_parameters_cell(proj):
    nb_path = proj / "chapters" / "inleiding.md"
    nb_path.write_text(
        nb_path.read_text(encoding="utf-8").replace(":tags: [parameters]", ""), encoding="utf-8"
    )
    with pytest.raises(registry.RegistryError, match="no cell tagged 'parameters'"):
        registry.load(proj)


def test_a_chapter_saved_as_ipynb_is_refused(proj):
    """A contributor who saves a chapter from Jupyter as .ipynb (with outputs) is told to convert it."""
    import jupytext
    import nbformat

    nb = jupytext.read(proj / "chapters" / "inleiding.md")
    nb.cells[1]["outputs"] = [nbformat.v4.new_output("stream", name="stdout", text="uitvoer")]
    jupytext.write(nb, proj / "chapters" / "inleiding-kopie.ipynb")
    problems = registry.check_notebooks(proj)
    assert any("inleiding-kopie.ipynb" in p and "MyST Markdown" in p for p in problems), problems


def test_a_chapter_not_in_canonical_form_is_reported(proj):
    nb_path = proj / "chapters" / "inleiding.md"
    nb_path.write_text(
        nb_path.read_text(encoding="utf-8").replace(
            "\n```\n\n```{code-cell}", "\n```\n\n\n\n```{code-cell}", 1
        ),
        encoding="utf-8",
    )
    problems = registry.check_notebooks(proj)
    assert any("canonical" in p for p in problems), problems


def test_registry_refuses_a_notebook_that_is_not_myst(proj):
    (proj / "chapters" / "kaal.md").write_text("# Gewone Markdown\n\nGeen notebook.\n", encoding="utf-8")
    set_registry(proj, "pages:\n  - id: index\n    notebook: chapters/kaal.md\n    title: X\n")
    with pytest.raises(registry.RegistryError, match=r"chapters/kaal\.md: not a MyST Markdown notebook"):
        registry.load(proj)
