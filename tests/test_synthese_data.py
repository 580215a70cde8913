"""The synthesis crosswalk: topics and the links from every document element to them.

Checks that every sector-plan action, advies focus point and Sociaal in Beweging advies is placed,
that every topic is backed by the raadpleging and by the advies or sector plan, that every link
points at an existing element of the right document, and that the texts are our own words.
The raadpleging locators and the own-words check need the plain-text sources (``../shared/sources``
or ``SWIC_SOURCES``); without them those checks skip, as in a public clone.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import pytest

from swic import data, paths

SYNTHESE = {p.stem for p in (paths.data_dir() / "synthese").glob("*.csv")}
pytestmark = pytest.mark.skipif(
    not {"onderwerpen", "koppelingen"} <= SYNTHESE, reason="synthesis crosswalk not yet curated"
)

RAADPLEGING = "raadpleging-2025"
ADVIES_OR_PLAN = {"aandachtspunt", "sib-advies", "sectorplan-actie", "sectorplan-thema"}
# kind -> dataset whose ids the refs of that kind point at
DATASETS = {
    "aandachtspunt": "advies-aandachtspunten",
    "sib-advies": "sib-adviezen",
    "sectorplan-actie": "sectorplan-acties",
    "sectorplan-thema": "sectorplan-themas",
    "jaarplan-onderdeel": "jaarplan-onderdelen",
    "jaarplan-activiteit": "jaarplan-activiteiten",
    "cijfer": "cijfers",
}
CAPTION = re.compile(r"^\s*(Figuur|Tabel) (\d+\.\d+)\.?\s+(.*)$", re.MULTILINE)
COPY_RUN = 9  # words in a row shared with the source = copied, not summarised


@cache
def topics() -> pd.DataFrame:
    return data.load_resource("onderwerpen")


@cache
def links() -> pd.DataFrame:
    return data.load_resource("koppelingen")


@cache
def elements(kind: str) -> pd.DataFrame:
    return data.load_resource(DATASETS[kind]).set_index("id")


def source_text(source_id: str) -> str:
    src = data.sources().set_index("id")
    path = paths.sources_dir() / src.loc[source_id, "file"]
    if not path.exists():
        pytest.skip(f"source texts not available at {paths.sources_dir()} (set SWIC_SOURCES to audit)")
    return path.read_text(encoding="utf-8")


@cache
def numbered_captions() -> dict[str, str]:
    """'Figuur 9.2' -> caption, for every numbered table and figure of the raadpleging that carries numbers."""
    text = source_text(RAADPLEGING)
    caps = {f"{m[1]} {m[2]}": m[3] for m in CAPTION.finditer(text)}
    coverage = data.load_resource("raadpleging-2025-coverage")
    # a linked figure is charted on the topic page: it needs readable numbers
    without_numbers = set(coverage.loc[~coverage["status"].isin(["complete", "partial"]), "locator"])
    return {
        loc: cap
        for loc, cap in caps.items()
        if loc not in without_numbers and not re.search(r"woord(en)?wolk", cap, re.IGNORECASE)
    }


def normalise(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).lower()


def test_topics_are_ordered_one_to_n():
    t = topics()
    assert sorted(t["order"]) == list(range(1, len(t) + 1))
    assert "geen" not in set(t["id"]), "'geen' is reserved for elements that fit no topic"
    assert t["summary"].str.len().ge(120).all(), "every topic has a summary of a few sentences"


def test_links_point_at_known_topics_and_explain_geen():
    k = links()
    assert set(k["topic"]) <= set(topics()["id"]) | {"geen"}
    geen = k[k["topic"] == "geen"]
    assert (geen["note"].fillna("") != "").all(), "an element linked to 'geen' needs the reason in note"
    both = set(geen["ref"]) & set(k.loc[k["topic"] != "geen", "ref"])
    assert not both, f"linked to 'geen' and to a topic: {sorted(both)}"


def test_refs_exist_and_sources_match():
    problems = []
    for i, r in links().iterrows():
        where = f"data/synthese/koppelingen.csv row {i + 1} ({r['kind']} {r['ref']})"
        if r["kind"] == "raadpleging":
            if r["source"] != RAADPLEGING:
                problems.append(f"{where}: source should be {RAADPLEGING}")
            continue
        el = elements(r["kind"])
        if r["ref"] not in el.index:
            problems.append(f"{where}: no such id in {DATASETS[r['kind']]}")
        elif el.loc[r["ref"], "source"] != r["source"]:
            problems.append(
                f"{where}: source {r['source']} but the element is from {el.loc[r['ref'], 'source']}"
            )
    if (links()["kind"] == "jaarplan-activiteit").any():
        acts = links()[links()["kind"] == "jaarplan-activiteit"]
        assert acts["ref"].str.match(r"^J[TP]\d-\d{2}$").all()
    assert not problems, "\n".join(problems)


def test_raadpleging_refs_are_numbered_tables_or_figures_with_numbers():
    caps = numbered_captions()
    refs = links().loc[links()["kind"] == "raadpleging", "ref"]
    bad = sorted(set(refs) - set(caps))
    assert not bad, f"not a numbered table/figure with numbers in the raadpleging: {bad}"


@pytest.mark.parametrize("kind", ["sectorplan-actie", "aandachtspunt", "sib-advies"])
def test_every_element_is_placed(kind):
    k = links()
    placed = set(k.loc[(k["kind"] == kind) & (k["topic"] != "geen"), "ref"])
    if kind != "sib-advies":  # actions and focus points may fit no topic, if the note says why
        placed |= set(k.loc[(k["kind"] == kind) & (k["topic"] == "geen"), "ref"])
    missing = sorted(set(elements(kind).index) - placed)
    assert not missing, f"{kind}: not linked to any topic: {missing}"


def test_every_topic_has_survey_evidence_and_an_advies_or_plan_link():
    k = links()
    for topic in topics()["id"]:
        mine = k[k["topic"] == topic]
        assert (mine["kind"] == "raadpleging").any(), f"{topic}: no raadpleging table or figure"
        assert mine["kind"].isin(ADVIES_OR_PLAN).any(), f"{topic}: nothing from the advies or the sector plan"


def test_texts_are_in_our_own_words():
    copied = []
    all_sources = " ".join(normalise(source_text(s)) for s in data.sources()["id"])
    for i, r in topics().iterrows():
        for col in ("summary", "question"):
            copied += _runs(normalise(r[col]), all_sources, f"onderwerpen.csv row {i + 1}, {col}")
    for i, r in links().iterrows():
        copied += _runs(
            normalise(r["summary"]), normalise(source_text(r["source"])), f"koppelingen.csv row {i + 1}"
        )
    assert not copied, "summaries copy the source word for word:\n" + "\n".join(copied)


def _runs(text: str, source: str, where: str) -> list[str]:
    words = text.split()
    for k in range(len(words) - COPY_RUN + 1):
        run = " ".join(words[k : k + COPY_RUN])
        if run in source:
            return [f"{where}: '{run}'"]
    return []


def test_a_topic_without_actions_says_so_on_its_page():
    from swic import synthesis

    c = synthesis.coverage_matrix()
    gaps = list(c[c["sectorplan-actie"] == 0].index)
    if not gaps:
        pytest.skip("every topic has a sector-plan action")
    html = synthesis.links_table(gaps[0], ["sectorplan-actie"], "Acties", "Geen actie.")._repr_html_()
    assert "Geen koppeling." in html and "<table" not in html
    full = c[c["sectorplan-actie"] > 0].index[0]
    assert "<table" in synthesis.links_table(full, ["sectorplan-actie"], "Acties", "x")._repr_html_()
