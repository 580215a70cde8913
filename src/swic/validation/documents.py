"""Checks on the other four documents (themes, actions, adviezen, forecast, annual plan, key figures) and on
the synthesis's crosswalk (links resolve, every element placed, every topic has findings and plans)."""

from __future__ import annotations

import re

from swic import data, locators, sources
from swic.validation.base import Problem, SourcesUnavailable, bronnen, load, source_lines


def check_documents() -> list[Problem]:
    out: list[Problem] = []

    def fail(name, message, row=None, column=None, value=None, expected=None):
        out.append(Problem("documents", f"data/bronnen/{name}.csv", message, row, column, value, expected))

    known = set(data.load_resource("sources")["id"])
    for name in bronnen():
        df = load(name)
        if df is None:
            continue
        if "source" in df:
            for i, s in df["source"].items():
                if s not in known:
                    fail(
                        name, f"unknown source {s!r}", int(i) + 1, "source", s, "an id from data/sources.csv"
                    )
        if {"quality", "note"} <= set(df.columns):
            for i, r in df[df["quality"].isin(["derived", "not-recoverable"])].iterrows():
                if not r["note"]:
                    fail(
                        name,
                        f"a {r['quality']} value needs a note",
                        int(i) + 1,
                        "note",
                        "",
                        "how it was derived, or why it cannot be read",
                    )
    themes, actions = load("sectorplan-themas"), load("sectorplan-acties")
    if themes is not None and actions is not None:
        if list(themes["id"]) != [f"T{i}" for i in range(1, 6)]:
            fail("sectorplan-themas", "the sector plan has five themes T1-T5", expected="T1, T2, T3, T4, T5")
        if list(actions["id"]) != [f"A{i:02d}" for i in range(1, 19)]:
            fail("sectorplan-acties", "the sector plan has eighteen actions A01-A18", expected="A01 ... A18")
        if set(actions["theme"]) != set(themes["id"]):
            fail(
                "sectorplan-acties", "every theme has actions and every action a known theme", column="theme"
            )
        for i, r in actions.iterrows():
            if len(r["summary"]) < 40:
                fail(
                    "sectorplan-acties",
                    "summary too short",
                    int(i) + 1,
                    "summary",
                    r["summary"],
                    "a summary in your own words of at least 40 characters",
                )
    adv = load("sib-adviezen")
    if adv is not None and themes is not None:
        if list(adv["id"]) != [f"SIB{i}" for i in range(1, 10)]:
            fail("sib-adviezen", "Sociaal in Beweging has nine adviezen SIB1-SIB9")
        for i, r in adv.iterrows():
            linked = [t for t in r["themes"].split(";") if t]
            if not set(linked) <= set(themes["id"]):
                fail(
                    "sib-adviezen",
                    "unknown theme",
                    int(i) + 1,
                    "themes",
                    r["themes"],
                    "ids from sectorplan-themas",
                )
            if not linked and not r["note"]:
                fail("sib-adviezen", "no theme and no note saying why", int(i) + 1, "note")
    fc = load("sectorplan-arbeidsmarkt")
    if fc is not None:
        for year, grp in fc.groupby("year"):
            total, parts = grp[grp["is_total"]], grp[~grp["is_total"]]
            if len(total) != 1:
                fail("sectorplan-arbeidsmarkt", f"{year}: one total row expected", column="is_total")
                continue
            diff = abs(parts["value"].sum() - total["value"].iloc[0])
            if diff > len(parts) * 50 and "known-issue:" not in total["note"].iloc[0]:
                fail(
                    "sectorplan-arbeidsmarkt",
                    f"{year}: the occupations add up to {parts['value'].sum():g}, the "
                    f"table's total is {total['value'].iloc[0]:g}",
                    int(total.index[0]) + 1,
                    "value",
                    expected="the total, or a known issue tagged in the note",
                )
    parts = load("jaarplan-onderdelen")
    acts, holders = load("jaarplan-activiteiten"), load("jaarplan-stakeholders")
    if parts is not None and acts is not None and holders is not None:
        if (parts["kind"] == "thema").sum() != 4 or (parts["kind"] == "programma").sum() != 3:
            fail("jaarplan-onderdelen", "the annual plan has four themes and three programmes", column="kind")
        for name, df in (("jaarplan-activiteiten", acts), ("jaarplan-stakeholders", holders)):
            for i, p in df["part"].items():
                if p not in set(parts["id"]):
                    fail(name, "unknown part", int(i) + 1, "part", p, "an id from jaarplan-onderdelen")
        for p in sorted(set(parts["id"]) - set(acts["part"])):
            fail("jaarplan-activiteiten", f"part {p} has no activities", expected="every theme and programme")
    ap = load("advies-aandachtspunten")
    if ap is not None and not (ap["generalist"].sum() >= 1 and (~ap["generalist"]).sum() >= 3):
        fail("advies-aandachtspunten", "the advice has a generalist point and at least three specific points")
    cf = load("cijfers")
    if cf is not None and not cf.empty:
        prefixes = set(cf["id"].str.split("-").str[0])
        for p in sorted({"sp", "adv", "jp", "wis"} - prefixes):
            fail("cijfers", f"no key figure from the document with prefix {p!r}")
        for t in sorted({"arbeidsmarkt", "sectoromvang", "maatschappelijke-opgaven"} - set(cf["topic"])):
            fail("cijfers", f"no key figure for topic {t!r}", column="topic")
        for i in cf[(cf["bound"] != "") & (cf["note"] == "")].index:
            fail("cijfers", "a figure with a bound needs the document's wording in note", int(i) + 1, "note")
    return out


SYNTH_DATASETS = {
    "aandachtspunt": "advies-aandachtspunten",
    "sib-advies": "sib-adviezen",
    "sectorplan-actie": "sectorplan-acties",
    "sectorplan-thema": "sectorplan-themas",
    "jaarplan-onderdeel": "jaarplan-onderdelen",
    "jaarplan-activiteit": "jaarplan-activiteiten",
    "cijfer": "cijfers",
}
ADVIES_OR_PLAN = {"aandachtspunt", "sib-advies", "sectorplan-actie", "sectorplan-thema"}


def check_synthesis() -> list[Problem]:
    out: list[Problem] = []
    topics, links = load("onderwerpen"), load("koppelingen")
    if topics is None or links is None:
        return out
    tf, lf = "data/synthese/onderwerpen.csv", "data/synthese/koppelingen.csv"

    def fail(file, message, row=None, column=None, value=None, expected=None):
        out.append(Problem("synthesis", file, message, row, column, value, expected))

    if sorted(topics["order"]) != list(range(1, len(topics) + 1)):
        fail(tf, "topics are ordered 1 to n", column="order")
    if "geen" in set(topics["id"]):
        fail(tf, "'geen' is reserved for elements that fit no topic", column="id", value="geen")
    for i, r in topics.iterrows():
        if len(r["summary"]) < 120:
            fail(tf, "summary too short", int(i) + 1, "summary", expected="a summary of a few sentences")
    known_topics = set(topics["id"]) | {"geen"}
    placed_refs = set(links.loc[links["topic"] != "geen", "ref"])
    elements = {k: load(v) for k, v in SYNTH_DATASETS.items()}
    for i, r in links.iterrows():
        row = int(i) + 1
        if r["topic"] not in known_topics:
            fail(lf, "unknown topic", row, "topic", r["topic"], "an id from onderwerpen.csv, or geen")
        if r["topic"] == "geen" and not r["note"]:
            fail(lf, "an element linked to 'geen' needs the reason in note", row, "note")
        if r["topic"] == "geen" and r["ref"] in placed_refs:
            fail(lf, f"{r['ref']} is linked to 'geen' and to a topic", row, "ref", r["ref"])
        if r["kind"] == "raadpleging":
            if r["source"] != "raadpleging-2025":
                fail(
                    lf,
                    "a raadpleging link has source raadpleging-2025",
                    row,
                    "source",
                    r["source"],
                    "raadpleging-2025",
                )
            continue
        el = elements.get(r["kind"])
        if el is None:
            continue
        el = el.set_index("id")
        if r["ref"] not in el.index:
            fail(lf, f"no such id in {SYNTH_DATASETS[r['kind']]}", row, "ref", r["ref"])
        elif el.loc[r["ref"], "source"] != r["source"]:
            fail(
                lf,
                f"the element is from {el.loc[r['ref'], 'source']}",
                row,
                "source",
                r["source"],
                el.loc[r["ref"], "source"],
            )
    # every element is placed: linked to a topic, or to 'geen' with the reason (a sib-advies to a topic)
    for kind in ("sectorplan-actie", "aandachtspunt", "sib-advies", "jaarplan-activiteit", "cijfer"):
        el = elements[kind]
        if el is None:
            continue
        placed = set(links.loc[(links["kind"] == kind) & (links["topic"] != "geen"), "ref"])
        if kind != "sib-advies":
            placed |= set(links.loc[(links["kind"] == kind) & (links["topic"] == "geen"), "ref"])
        for ref in sorted(set(el["id"]) - placed):
            fail(
                lf,
                f"{kind} {ref} is not linked to any topic",
                value=ref,
                expected="a link to a topic (or to geen, with a reason)",
            )
    for topic in topics["id"]:
        mine = links[links["topic"] == topic]
        if not (mine["kind"] == "raadpleging").any():
            fail(
                lf, f"topic {topic} has no raadpleging table or figure", expected="a link of kind raadpleging"
            )
        if not mine["kind"].isin(ADVIES_OR_PLAN).any():
            fail(lf, f"topic {topic} has nothing from the advies or the sector plan")
    try:
        lines = source_lines("raadpleging-2025")
    except SourcesUnavailable as exc:
        return out + [Problem("synthesis", "sources/", str(exc))]
    caps = sources.captions(lines)
    cov = load("raadpleging-2025-coverage")
    without = (
        set(cov.loc[~cov["status"].isin(["complete", "partial"]), "locator"]) if cov is not None else set()
    )
    ok = {
        loc for loc, cap in caps.items() if loc not in without and not re.search(r"woord(en)?wolk", cap, re.I)
    }
    for i, r in links[links["kind"] == "raadpleging"].iterrows():
        if r["topic"] == "geen":
            if r["ref"] not in caps:
                fail(lf, "not a numbered table or figure of the report", int(i) + 1, "ref", r["ref"])
        elif r["ref"] not in ok:
            fail(lf, "not a numbered table or figure with readable numbers", int(i) + 1, "ref", r["ref"])
    # every numbered table and figure of the raadpleging is placed (a topic, or geen with the reason)
    linked = set(links.loc[links["kind"] == "raadpleging", "ref"])
    for loc in sorted(set(caps) - linked, key=lambda x: (locators.parse(x) or ("", 0, 0))[1:]):
        fail(
            lf,
            f"raadpleging {loc} is not linked to any topic",
            value=loc,
            expected="a link to a topic (or to geen, with a reason)",
        )
    return out
