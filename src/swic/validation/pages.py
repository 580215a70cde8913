"""Checks on the registry of pages: ``pages.yml`` and ``_toc.yml`` agree, and every page's parameters
point at data that exists (edition, chapter, topic, source)."""

from __future__ import annotations

import re

from swic import data, paths, registry
from swic.validation.base import Problem, first_path, from_error


def check_registry() -> list[Problem]:
    out: list[Problem] = []
    try:
        pages = registry.load()
        registry.check_toc(pages)
    except registry.RegistryError as exc:
        return [
            Problem(
                "registry", first_path(str(exc)) if "pages.yml" not in str(exc) else "pages.yml", str(exc)
            )
        ]
    out += [Problem("registry", first_path(p), p) for p in registry.stray_ipynb()]
    try:
        editions = set(data.editions())
        survey_chapters = {ed: set(data.survey_chapters(ed)) for ed in editions}
        source_ids = set(data.load_resource("sources")["id"])
        topics = set(data.load_resource("onderwerpen")["id"]) if "onderwerpen" in data.resources() else set()
    except data.DataError as err:
        return out + [from_error("registry", err)]
    lines = _yaml_lines("pages.yml")
    for p in pages:
        where = lines.get(p.id)
        prm = p.parameters
        ed = prm.get("edition")
        if ed is not None and ed not in editions:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': edition {ed} has no survey data",
                    where,
                    "edition",
                    str(ed),
                    f"one of {sorted(editions)}",
                )
            )
        if "chapter" in prm and ed in survey_chapters and prm["chapter"] not in survey_chapters[ed]:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': chapter {prm['chapter']} has no data",
                    where,
                    "chapter",
                    str(prm["chapter"]),
                    f"a chapter with data/raadpleging/{ed}/hoofdstuk-NN.csv: "
                    f"{', '.join(map(str, sorted(survey_chapters[ed])))}",
                )
            )
        if "baseline" in prm and prm["baseline"] is not None and ed is not None and prm["baseline"] >= ed:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': baseline {prm['baseline']} is not before edition {ed}",
                    where,
                    "baseline",
                    str(prm["baseline"]),
                    "an earlier year",
                )
            )
        if p.notebook.name == "onderwerp.md" and prm.get("topic") not in topics:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': unknown topic {prm.get('topic')!r}",
                    where,
                    "topic",
                    str(prm.get("topic")),
                    "an id from data/synthese/onderwerpen.csv",
                )
            )
        if "source" in prm and prm["source"] and prm["source"] not in source_ids:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': unknown source {prm['source']!r}",
                    where,
                    "source",
                    prm["source"],
                    "an id from data/sources.csv",
                )
            )
        if "min_n" in prm and prm["min_n"] is not None and prm["min_n"] < 1:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': min_n must be at least 1",
                    where,
                    "min_n",
                    str(prm["min_n"]),
                    "a whole number, 1 or more",
                )
            )
    return out


def _yaml_lines(name: str) -> dict[str, int]:
    """Line number of each '- id: x' in a registry file."""
    found = {}
    for i, line in enumerate((paths.root() / name).read_text(encoding="utf-8").splitlines(), start=1):
        m = re.match(r"^\s*-\s*id:\s*([\w-]+)", line)
        if m:
            found[m[1]] = i
    return found
