"""The synthesis: per topic, what the advies asked, what the sector plan promised, what the branch
planned in 2018 and what social workers report — from the crosswalk in ``data/synthese/``.

``koppelingen.csv`` links a topic to elements of the documents by id (``A05``, ``AP03``, ``SIB2``,
``JT1-03``, ``sp-tekort-zw-2032``) or, for the raadpleging, by locator (``Figuur 9.2``). This module
resolves those links to the elements' own data, so topic pages only narrate: a topic page takes its
counts (:func:`topic_counts`), its tables (:func:`advies_table`, :func:`sectorplan_table`,
:func:`jaarplan_table`, :func:`key_figures_table`) and its figures (:func:`topic_figures`) from here, and
the page *Van advies naar actie* and the start page the crosswalk's counts (:func:`counts`,
:func:`counted`), figures and the gaps it shows (:func:`unanswered_points_list`,
:func:`findings_without_action_list`).
"""

from __future__ import annotations

import pandas as pd

from swic import charts, data, fmt, locators, markup, survey, text

NONE_TOPIC = "geen"

# kind of link -> (dataset, label column)
KIND_DATASET = {
    "aandachtspunt": ("advies-aandachtspunten", "title"),
    "sib-advies": ("sib-adviezen", "title"),
    "sectorplan-actie": ("sectorplan-acties", "title"),
    "sectorplan-thema": ("sectorplan-themas", "title"),
    "jaarplan-onderdeel": ("jaarplan-onderdelen", "title"),
    "jaarplan-activiteit": ("jaarplan-activiteiten", "activity"),
    "cijfer": ("cijfers", "indicator"),
}
KIND_LABEL = {
    "aandachtspunt": "Aandachtspunt advies SWN (2022)",
    "sib-advies": "Advies Sociaal in Beweging (2022)",
    "sectorplan-actie": "Actie sectorplan HSS (2023)",
    "sectorplan-thema": "Thema sectorplan HSS (2023)",
    "jaarplan-onderdeel": "Thema of programma jaarplan SWN (2018)",
    "jaarplan-activiteit": "Activiteit jaarplan SWN (2018)",
    "raadpleging": "Raadpleging 2025",
    "cijfer": "Kerncijfer",
}
KIND_SHORT = {
    "aandachtspunt": "Advies: punt",
    "sib-advies": "Sociaal in Beweging",
    "sectorplan-actie": "Sectorplan: actie",
    "sectorplan-thema": "Sectorplan: thema",
    "jaarplan-onderdeel": "Jaarplan: onderdeel",
    "jaarplan-activiteit": "Jaarplan: activiteit",
    "raadpleging": "Raadpleging",
    "cijfer": "Kerncijfer",
}


class CrosswalkError(LookupError):
    pass


def topics() -> pd.DataFrame:
    return data.load_resource("onderwerpen").sort_values("order", kind="stable").reset_index(drop=True)


def links() -> pd.DataFrame:
    return data.load_resource("koppelingen")


def topic(topic_id: str) -> pd.Series:
    t = topics()
    sel = t[t["id"] == topic_id]
    if sel.empty:
        known = ", ".join(t["id"])
        raise CrosswalkError(f"unknown topic {topic_id!r} (data/synthese/onderwerpen.csv has: {known})")
    return sel.iloc[0]


def element(kind: str, ref: str) -> pd.Series:
    """The row a link points at, or CrosswalkError naming the dataset."""
    dataset, _ = KIND_DATASET[kind]
    df = data.load_resource(dataset)
    sel = df[df["id"] == ref]
    if sel.empty:
        raise CrosswalkError(f"link to {kind} {ref!r}: no such id in data/bronnen/{dataset}.csv")
    return sel.iloc[0]


def topic_links(topic_id: str, kind: str | None = None) -> pd.DataFrame:
    """The links of one topic, with the linked element's label (and for actions: theme, actors, type)."""
    lk = links()
    lk = lk[lk["topic"] == topic_id]
    if kind is not None:
        lk = lk[lk["kind"] == kind]
    rows = []
    for _, r in lk.iterrows():
        row = r.to_dict()
        if r["kind"] in KIND_DATASET:
            el = element(r["kind"], r["ref"])
            row["label"] = el[KIND_DATASET[r["kind"]][1]]
            row["locator"] = el.get("locator", "")
            for extra in ("theme", "actors", "type", "number", "part", "value", "unit", "year"):
                if extra in el:
                    row[extra] = el[extra]
        else:
            row["label"] = r["ref"]
            row["locator"] = r["ref"]
        rows.append(row)
    return pd.DataFrame(rows)


def topic_chapters(topic_id: str) -> list[int]:
    """The chapters of the raadpleging whose tables and figures a topic links ('Figuur 9.1' -> 9).

    A topic page loads only these chapters' data, so an edit elsewhere does not re-execute it.
    """
    lk = links()
    refs = lk[(lk["topic"] == topic_id) & (lk["kind"] == "raadpleging")]["ref"]
    return sorted({c for ref in refs if (c := locators.chapter(ref)) is not None})


def elements_table(topic_id: str, kind: str) -> pd.DataFrame:
    """A reader-facing table of one kind of linked element: id, title, what it says here."""
    lk = topic_links(topic_id, kind)
    if lk.empty:
        return lk
    out = pd.DataFrame(
        {
            "Nr.": lk["ref"],
            "Titel": lk["label"],
            "Wat het zegt over dit onderwerp": lk["summary"],
        }
    )
    if kind == "sectorplan-actie":
        out.insert(2, "Wie", lk["actors"].str.replace(";", ", "))
    return out


def coverage_matrix() -> pd.DataFrame:
    """Per topic, how many elements of each document speak to it (0 where none: a gap)."""
    lk = links()
    lk = lk[lk["topic"] != NONE_TOPIC]
    t = topics()
    counts = lk.pivot_table(index="topic", columns="kind", values="ref", aggfunc="count", fill_value=0)
    counts = counts.reindex(index=t["id"], columns=list(KIND_LABEL), fill_value=0)
    counts.index.name = "topic"
    return counts


def advies_action_matrix() -> pd.DataFrame:
    """Focus points of the advies × actions of the sector plan: the number of topics they share."""
    lk = links()
    lk = lk[lk["topic"] != NONE_TOPIC]
    ap = data.load_resource("advies-aandachtspunten")
    acts = data.load_resource("sectorplan-acties")
    ap_topics = lk[lk["kind"] == "aandachtspunt"].groupby("ref")["topic"].apply(set)
    act_topics = lk[lk["kind"] == "sectorplan-actie"].groupby("ref")["topic"].apply(set)
    rows = []
    for _, a in ap.iterrows():
        for _, b in acts.iterrows():
            shared = ap_topics.get(a["id"], set()) & act_topics.get(b["id"], set())
            rows.append(
                {
                    "aandachtspunt": f"{a['id']} {a['title']}",
                    "actie": f"{b['id']} {b['title']}",
                    "actie_id": b["id"],
                    "gedeeld": len(shared),
                    "onderwerpen": ", ".join(sorted(shared)),
                }
            )
    return pd.DataFrame(rows)


def unanswered_focus_points() -> pd.DataFrame:
    """Focus points of the advies that share no topic with any sector-plan action."""
    m = advies_action_matrix()
    per = m.groupby("aandachtspunt", sort=False)["gedeeld"].sum()
    return per[per == 0].index.to_frame(index=False)


def topics_without_action() -> list[str]:
    """Topics where social workers' findings are linked but no sector-plan action is."""
    c = coverage_matrix()
    return list(c[(c["raadpleging"] > 0) & (c["sectorplan-actie"] == 0)].index)


def matrix_figure() -> charts.Figure:
    m = advies_action_matrix()
    acts = data.load_resource("sectorplan-acties")
    act_order = [f"{r['id']} {r['title']}" for _, r in acts.iterrows()]
    ap_order = list(dict.fromkeys(m["aandachtspunt"]))
    return charts.heatmap(
        m,
        "Acties van het sectorplan (2023) tegenover de aandachtspunten van het advies (2022)",
        f"Raster met de {text.count(len(acts), 'actie')} van het sectorplan als rijen en de aandachtspunten van "
        "het advies van Sociaal Werk Nederland als kolommen. Een cel telt de onderwerpen die actie en punt "
        "delen; een lege kolom is een aandachtspunt waar geen actie op aansluit. De tabel eronder geeft "
        "dezelfde getallen.",
        x="aandachtspunt",
        y="actie",
        value="gedeeld",
        x_title="Aandachtspunt advies",
        y_title="Actie sectorplan",
        x_order=ap_order,
        y_order=act_order,
        x_angle=-40,
        value_title="Gedeelde onderwerpen",
        source="Eigen koppeling (data/synthese/koppelingen.csv) van advies SWN 2022 en sectorplan HSS 2023",
        notes=[
            "Afgeleid: de koppeling van punten en acties aan onderwerpen is een redactionele keuze van "
            "deze site, met per koppeling een toelichting in de dataset."
        ],
    )


def coverage_figure() -> charts.Figure:
    c = coverage_matrix()
    t = topics().set_index("id")
    long = c.reset_index().melt(id_vars="topic", var_name="kind", value_name="aantal")
    long["onderwerp"] = long["topic"].map(t["title"])
    long["document"] = long["kind"].map(KIND_SHORT)
    return charts.heatmap(
        long,
        "Welke documenten spreken over welk onderwerp?",
        "Raster met de onderwerpen als rijen en de soorten elementen uit de documenten als kolommen "
        "(aandachtspunten van het advies, acties van het sectorplan, onderdelen van het jaarplan, "
        "figuren uit de raadpleging). Een cel telt de gekoppelde elementen; een leeg vakje is een gat.",
        x="document",
        y="onderwerp",
        value="aantal",
        x_title="Document en soort element",
        y_title="Onderwerp",
        x_order=[KIND_SHORT[k] for k in c.columns],
        x_angle=-35,
        y_order=list(t.loc[c.index, "title"]),
        value_title="Aantal koppelingen",
        source="Eigen koppeling (data/synthese/koppelingen.csv)",
        notes=["Afgeleid: telling van de koppelingen in de dataset van deze site."],
    )


def key_figures_table(topic_id: str) -> markup.HTML:
    """The key figures linked to a topic as a table (or a sentence when there are none)."""
    import html

    lk = topic_links(topic_id, "cijfer")
    if lk.empty:
        return markup.HTML("<p>Bij dit onderwerp noemen de documenten geen aparte kerncijfers.</p>")
    cf = data.load_resource("cijfers").set_index("id")
    rows = []
    for _, r in lk.iterrows():
        c = cf.loc[r["ref"]]
        rows.append(
            {
                "Cijfer": c["indicator"],
                "Waarde": "ontbreekt in onze tekstversie"
                if pd.isna(c["value"])
                else fmt.value(c["value"], c["unit"], c["bound"], nouns=True),
                "Jaar": "" if pd.isna(c["year"]) else str(int(c["year"])),
                "Bron": data.short_name(c["source"]) + f", {c['locator']}",
                "Aangehaalde bron": c["cited_source"],
            }
        )
    table = pd.DataFrame(rows)
    return markup.HTML(markup.table(table, f"Kerncijfers: {html.unescape(topic(topic_id)['title'])}"))


def unanswered_points_list() -> markup.HTML:
    """The focus points of the advies that no action of the sector plan answers, as a list (each with
    its summary), or a sentence when every point shares a topic with an action."""
    import html

    unanswered = unanswered_focus_points()
    if unanswered.empty:
        return markup.HTML(
            "<p>Elk aandachtspunt van het advies deelt minstens één onderwerp met een actie.</p>"
        )
    ap = data.load_resource("advies-aandachtspunten").set_index("id")
    items = []
    for label in unanswered["aandachtspunt"]:
        ap_id, title = label.split(" ", 1)  # the id stays in the data tables, not in running text
        items.append(
            f"<li><strong>{html.escape(title)}</strong>: {html.escape(ap.loc[ap_id, 'summary'])}</li>"
        )
    return markup.HTML(f"<ul>{''.join(items)}</ul>")


def findings_without_action_list() -> markup.HTML:
    """The topics where social workers' findings meet no action of the sector plan, as a list with the
    findings' one-line summaries, or a sentence when there are none."""
    import html

    missing = topics_without_action()
    if not missing:
        return markup.HTML("<p>Bij elk onderwerp met cijfers uit de raadpleging hoort ook een actie.</p>")
    t = topics().set_index("id")
    items = []
    for tid in missing:
        lk = topic_links(tid, "raadpleging")
        sub = "".join(
            f"<li>{html.escape(r['ref'])}: {html.escape(r['summary'])}</li>" for _, r in lk.iterrows()
        )
        items.append(f"<li><strong>{html.escape(t.loc[tid, 'title'])}</strong><ul>{sub}</ul></li>")
    return markup.HTML(f"<ul>{''.join(items)}</ul>")


def links_table(topic_id: str, kinds: list[str], caption: str, empty: str) -> markup.HTML:
    """The linked elements of these kinds as one table, or a sentence naming the gap when there are
    none (a gap is a finding, so it is said, not left blank)."""
    import html

    tables = [t for t in (elements_table(topic_id, k) for k in kinds) if not t.empty]
    if not tables:
        return markup.HTML(f'<p class="swic-gap">{html.escape(empty)}</p>')
    return markup.HTML(markup.table(pd.concat(tables, ignore_index=True), caption))


# ------------------------------------------------------------------ what the pages say in numbers and tables

COUNT_NOUNS = {
    "topics": "onderwerp",
    "points": "aandachtspunt",
    "actions": "actie",
    "unanswered": "aandachtspunt",
    "no_action": "onderwerp",
}


def counts() -> dict[str, int]:
    """The crosswalk in numbers: topics, focus points of the advies, actions of the sector plan, focus
    points no action answers ('unanswered') and topics with findings but no action ('no_action')."""
    return {
        "topics": len(topics()),
        "points": len(data.load_resource("advies-aandachtspunten")),
        "actions": len(data.load_resource("sectorplan-acties")),
        "unanswered": len(unanswered_focus_points()),
        "no_action": len(topics_without_action()),
    }


def counted() -> dict[str, str]:
    """:func:`counts` with their nouns: '12 onderwerpen', '18 acties', '1 aandachtspunt'."""
    return {k: text.count(n, COUNT_NOUNS[k]) for k, n in counts().items()}


def year_of(source_id: str) -> str:
    """The year of one of the documents ('2023' for the sector plan), as text."""
    return str(int(data.sources().loc[source_id, "year"]))


def topic_counts(topic_id: str) -> dict:
    """What a topic links, counted with nouns: ``points`` of the adviezen, ``actions`` of the sector plan,
    ``jaarplan`` parts of the 2018 plan and ``figures`` of the raadpleging, and ``links_sentence``, the
    sentence that says them (what is not there said once: '..., maar geen actie uit het sectorplan')."""
    kinds = links()
    kinds = kinds[kinds["topic"] == topic_id]["kind"].value_counts()
    n = lambda *ks: sum(int(kinds.get(k, 0)) for k in ks)  # noqa: E731
    return {
        "points": text.count(n("aandachtspunt", "sib-advies"), "punt"),
        "actions": text.count(n("sectorplan-actie"), "actie"),
        "jaarplan": text.count(n("jaarplan-onderdeel", "jaarplan-activiteit"), "onderdeel"),
        "figures": text.count(n("raadpleging"), "tabel of figuur", "tabellen en figuren"),
        "links_sentence": text.counts_sentence(
            [
                (n("aandachtspunt", "sib-advies"), "punt", "uit de adviezen"),
                (n("sectorplan-actie"), "actie", "uit het sectorplan"),
                (n("jaarplan-onderdeel", "jaarplan-activiteit"), "onderdeel", "van het jaarplan"),
                (n("raadpleging"), "tabel of figuur", "uit de raadpleging", "tabellen en figuren"),
            ]
        ),
    }


def advies_table(topic_id: str) -> markup.HTML:
    """The focus points of the advies and the adviezen of Sociaal in Beweging on a topic."""
    return links_table(
        topic_id,
        ["aandachtspunt", "sib-advies"],
        "Aandachtspunten en adviezen bij dit onderwerp",
        "Het advies van Sociaal Werk Nederland en Sociaal in Beweging noemen dit onderwerp niet apart.",
    )


def sectorplan_table(topic_id: str) -> markup.HTML:
    """The actions and themes of the sector plan on a topic (a gap, said as one, when there are none)."""
    n_actions = text.count(len(data.load_resource("sectorplan-acties")), "actie")
    return links_table(
        topic_id,
        ["sectorplan-actie", "sectorplan-thema"],
        "Acties van het sectorplan bij dit onderwerp",
        f"Geen van de {n_actions} van het sectorplan gaat over dit onderwerp: hier zit een gat tussen wat "
        "gevraagd of gemeten is en wat het onderwijs zich voornam.",
    )


def jaarplan_table(topic_id: str) -> markup.HTML:
    """The parts and activities of the branch's 2018 plan on a topic."""
    return links_table(
        topic_id,
        ["jaarplan-onderdeel", "jaarplan-activiteit"],
        "Onderdelen en activiteiten van het jaarplan 2018",
        "Het jaarplan 2018 gaat niet op dit onderwerp in.",
    )


def topic_figures(topic_id: str, df: pd.DataFrame) -> list:
    """The raadpleging's tables and figures linked to a topic (drawn from ``df``, the survey's rows), each
    after what the chapters found about it: outputs to display in this order.

    What a chapter found is not restated here: a ``findings-for`` directive (``swic.sphinxext``) shows the
    chapters' findings whose ``:figure:`` is this figure (only those the link's ``findings`` names, if it
    names any; 'geen' for none), and the link's own summary where none is shown (that summary names no
    number and no judgement)."""
    from IPython.display import Markdown

    out = []
    for _, link in topic_links(topic_id, "raadpleging").iterrows():
        summary = " ".join(str(link["summary"]).split())
        only = link.get("findings")
        only = f":only: {only}\n" if isinstance(only, str) and only.strip() else ""
        out.append(Markdown(f"````{{findings-for}} {link['ref']}\n{only}{summary}\n````\n"))
        out.append(survey.figure(df, link["ref"]))
    return out
