"""The four other documents as data: completeness, links between datasets, own words, provenance.

The provenance and own-words checks need the plain-text sources (``../shared/sources`` or
``SWIC_SOURCES``); without them they skip with a reason, as in a public clone.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import pytest

from swic import data, paths

BRONNEN = sorted(p.stem for p in (paths.data_dir() / "bronnen").glob("*.csv"))


def load(name: str) -> pd.DataFrame:
    return data.load_resource(name)


def have(name: str) -> bool:
    return name in BRONNEN


@cache
def source_text(source_id: str) -> str | None:
    src = data.sources().set_index("id")
    path = paths.sources_dir() / src.loc[source_id, "file"]
    return path.read_text(encoding="utf-8") if path.exists() else None


def need_text(source_id: str) -> str:
    text = source_text(source_id)
    if text is None:
        pytest.skip(f"source texts not available at {paths.sources_dir()} (set SWIC_SOURCES to audit)")
    return text


def normalise(text: str) -> str:
    """Lower case, hyphenation at line ends joined, whitespace collapsed: OCR line breaks don't count."""
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).lower()


WORDS = (
    "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
    "zeventien achttien negentien twintig"
).split()


def dutch_forms(v: float) -> list[str]:
    """The ways a Dutch document writes a number: 55.000, 55000, 1,4 miljoen, 16,7, zeven ..."""
    forms = []
    if float(v).is_integer():
        i = int(v)
        forms += [str(i), f"{i:,}".replace(",", "."), f"{i:,}".replace(",", " ")]
        if 2 <= i < len(WORDS):  # 'een' is too common to prove anything
            forms.append(WORDS[i])
        for word, f in (("miljoen", 1_000_000), ("miljard", 1_000_000_000), ("duizend", 1000)):
            if i >= f and i % (f // 100 or 1) == 0:
                m = f"{i / f:g}".replace(".", ",")
                forms += [f"{m} {word}", f"{m}{word}"]
    else:
        forms += [f"{v:g}".replace(".", ","), f"{v:g}"]
    return list(dict.fromkeys(forms))


def occurs(v: float, text: str) -> bool:
    for form in dutch_forms(v):
        if re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d]|[,.]\d)", text):
            return True
    return False


# --------------------------------------------------------------------------- completeness and links


def test_every_dataset_names_a_known_source():
    known = set(data.sources()["id"])
    for name in BRONNEN:
        df = load(name)
        if "source" in df:
            assert set(df["source"]) <= known, f"data/bronnen/{name}.csv: unknown source ids"


@pytest.mark.skipif(not have("sectorplan-acties"), reason="sector plan data not yet extracted")
def test_sectorplan_has_five_themes_and_eighteen_actions():
    themes, actions = load("sectorplan-themas"), load("sectorplan-acties")
    assert list(themes["id"]) == [f"T{i}" for i in range(1, 6)]
    assert list(actions["id"]) == [f"A{i:02d}" for i in range(1, 19)]
    assert set(actions["theme"]) == set(themes["id"]), "every theme has actions, every action a theme"
    assert actions["summary"].str.len().ge(40).all(), "every action is summarised"


@pytest.mark.skipif(not have("sib-adviezen"), reason="Sociaal in Beweging data not yet extracted")
def test_nine_adviezen_each_taken_up_by_known_themes_or_explained():
    adv = load("sib-adviezen")
    themes = set(load("sectorplan-themas")["id"])
    assert list(adv["id"]) == [f"SIB{i}" for i in range(1, 10)]
    for _, r in adv.iterrows():
        linked = [t for t in r["themes"].split(";") if t]
        assert set(linked) <= themes, f"{r['id']}: unknown themes {linked}"
        assert linked or r["note"], f"{r['id']}: no theme and no note saying why"


@pytest.mark.skipif(not have("sectorplan-arbeidsmarkt"), reason="forecast table not yet extracted")
def test_forecast_totals_match_their_occupations_or_are_flagged():
    fc = load("sectorplan-arbeidsmarkt")
    for year, grp in fc.groupby("year"):
        total = grp[grp["is_total"]]
        parts = grp[~grp["is_total"]]
        assert len(total) == 1, f"{year}: one total row expected"
        diff = abs(parts["value"].sum() - total["value"].iloc[0])
        assert diff <= len(parts) * 50 or "known-issue:" in total["note"].iloc[0], (
            f"{year}: occupations sum to {parts['value'].sum():g}, the table's total is "
            f"{total['value'].iloc[0]:g}; record the difference as a known issue"
        )


@pytest.mark.skipif(not have("jaarplan-onderdelen"), reason="annual plan data not yet extracted")
def test_jaarplan_has_four_themes_three_programmes_with_activities_and_stakeholders():
    parts = load("jaarplan-onderdelen")
    assert (parts["kind"] == "thema").sum() == 4
    assert (parts["kind"] == "programma").sum() == 3
    acts, holders = load("jaarplan-activiteiten"), load("jaarplan-stakeholders")
    assert set(acts["part"]) <= set(parts["id"]) and set(holders["part"]) <= set(parts["id"])
    assert set(acts["part"]) == set(parts["id"]), "every theme and programme lists its activities"


@pytest.mark.skipif(not have("advies-aandachtspunten"), reason="advice data not yet extracted")
def test_advies_has_a_generalist_point_and_specific_points():
    ap = load("advies-aandachtspunten")
    assert ap["generalist"].sum() >= 1 and (~ap["generalist"]).sum() >= 3


def test_key_figures_cover_each_document_and_topic():
    cf = load("cijfers")
    if cf.empty:
        pytest.skip("no key figures yet")
    prefixes = set(cf["id"].str.split("-").str[0])
    assert prefixes >= {"sp", "adv", "jp", "wis"}, f"documents without figures: {prefixes}"
    needed = {"arbeidsmarkt", "sectoromvang", "maatschappelijke-opgaven"}
    assert needed <= set(cf["topic"])


def test_approximate_figures_quote_their_wording():
    cf = load("cijfers")
    bad = cf[cf["approximate"] & (cf["note"] == "")]
    assert bad.empty, f"approximate figures without the source's wording: {list(bad['id'])}"


def test_derived_and_unreadable_figures_explain_themselves():
    for name in BRONNEN:
        df = load(name)
        if "quality" not in df:
            continue
        why = df[df["quality"].isin(["derived", "not-recoverable"])]
        if "note" in df:
            assert (why["note"] != "").all(), f"{name}: derived/not-recoverable rows need a note"


# --------------------------------------------------------------------------- provenance and own words


def numeric_rows() -> list[tuple[str, int, str, float]]:
    """(dataset, row, source, value) of every number read from a table or the text."""
    out = []
    for name in BRONNEN:
        df = load(name)
        if not {"value", "quality", "source"} <= set(df.columns):
            continue
        for i, r in df.iterrows():
            if r["quality"] in ("table", "prose") and not pd.isna(r["value"]):
                out.append((name, i + 1, r["source"], float(r["value"])))
    return out


def test_every_read_number_occurs_in_its_document():
    rows = numeric_rows()
    if not rows:
        pytest.skip("no numbers yet")
    missing = []
    for name, row, source, value in rows:
        text = normalise(need_text(source))
        if not occurs(value, text):
            missing.append(f"data/bronnen/{name}.csv row {row}: {value:g} not in {source}")
    assert not missing, "\n".join(missing)


SUMMARY_COLUMNS = ("summary", "activity")
COPY_RUN = 9  # words in a row shared with the source = copied, not summarised


def test_summaries_are_in_our_own_words():
    copied = []
    for name in BRONNEN:
        df = load(name)
        cols = [c for c in SUMMARY_COLUMNS if c in df]
        if not cols or "source" not in df:
            continue
        for i, r in df.iterrows():
            text = normalise(need_text(r["source"]))
            for c in cols:
                words = normalise(r[c]).split()
                for k in range(len(words) - COPY_RUN + 1):
                    run = " ".join(words[k : k + COPY_RUN])
                    if run in text:
                        copied.append(f"data/bronnen/{name}.csv row {i + 1}, {c}: '{run}'")
                        break
    assert not copied, "summaries copy the source word for word:\n" + "\n".join(copied)
