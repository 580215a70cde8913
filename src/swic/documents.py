"""What the pages about the four other documents compute from their rows: counts, derived facts, tables
and figures of the sector plan, the advies, the annual plan 2018, the sector's size and the timeline.

A page makes one object from its :class:`swic.page.Document` (and its parameters) and asks it for the
facts its prose glues and the tables and figures it shows, e.g.::

    plan = documents.SectorPlan(d, forecast_from, forecast_to)
    d.glue(n_sac=str(plan.actions_with(documents.SAC)))
    plan.actor_chart("Aantal acties per uitvoerende partij")

Titles and captions stay in the chapter; what a figure's description says about its numbers is written
here, from the same rows. Counts this site makes itself are ``derived`` rows of :mod:`swic.context`.
"""

from __future__ import annotations

import html

import pandas as pd

from swic import charts, data, fmt, markup, page, synthesis, text
from swic import context as cx
from swic.markup import HTML

SAC = "Sectoraal Adviescollege"
"""The executor the sector plan names most often."""


def table(columns: dict | pd.DataFrame, caption: str) -> HTML:
    """An accessible HTML table of these columns (header: values), with its caption."""
    return HTML(markup.table(pd.DataFrame(columns), caption))


# --------------------------------------------------------------------------- the sector plan


class SectorPlan:
    """The sector plan of the Hogere Sociale Studies: its themes and actions, the advices of *Sociaal in
    Beweging* it takes up, and the labour-market forecast it quotes (``forecast_from`` to ``forecast_to``)."""

    def __init__(self, d: page.Document, forecast_from: int, forecast_to: int):
        self.source = d.source
        self.counted_from = {"source": d.source, "locator": "Acties per thema; Acties: overzicht"}
        self.themes = d.table("sectorplan-themas")
        self.actions = d.table("sectorplan-acties")
        self.adviezen = d.table("sib-adviezen")
        self.market = d.table("sectorplan-arbeidsmarkt")
        self.concepts = d.table("begrippen")
        self.forecast_from, self.forecast_to = forecast_from, forecast_to
        self.theme_label = {r["id"]: f"Thema {r['number']}" for _, r in self.themes.iterrows()}
        self.theme_title = dict(zip(self.themes["id"], self.themes["title"], strict=True))

    def of_kind(self, kind: str) -> pd.DataFrame:
        """The plan's concepts of one kind ('crisis', 'opleiding')."""
        return self.concepts[self.concepts["kind"] == kind]

    def bachelors(self) -> int:
        """How many of the programmes are hbo-bachelors."""
        return int(self.of_kind("opleiding")["summary"].str.startswith("Hbo-bachelor").sum())

    # ---- actions

    def actions_per_actor(self) -> pd.DataFrame:
        """Actions per executor (derived rows; an action with several executors counts for each)."""
        return cx.count_by(self.actions, "actors", split=True, what="acties", **self.counted_from)

    def actions_per_type(self) -> pd.DataFrame:
        """Actions per kind of action (our grouping; derived rows, largest first)."""
        return cx.count_by(self.actions, "type", what="acties", labels=cx.ACTION_TYPE_NL, **self.counted_from)

    def actions_with(self, actor: str) -> int:
        """How many actions name ``actor`` among their executors."""
        return int(sum(actor in cx.split_list(a) for a in self.actions["actors"]))

    def shared_actions(self) -> int:
        """How many actions name more than one executor."""
        return int(sum(len(cx.split_list(a)) > 1 for a in self.actions["actors"]))

    def type_sentence(self) -> text.Words:
        """What kinds of action the plan has most of, every kind tied for first named, then the next place:
        'Het vaakst gaat het om lobby en agendering en om netwerk en kennisdeling, evenveel (elk 4 acties);
        daarna om lesprogramma en om onderzoek (elk 3 acties).'"""
        per = self.actions_per_type()
        counts = {"om " + c.lower(): v for c, v in zip(per["category"], per["value"], strict=True)}
        groups = text.ranking(counts)
        out = f"Het vaakst gaat het {text.most_often(counts, 'actie')}"
        if len(groups) > 1:
            second = dict.fromkeys(groups[1][0], groups[1][1])
            out += f"; daarna {text.most_often(second, 'actie').replace(', evenveel', '')}"
        return text.Words(out + ".")

    def theme_table(self, caption: str) -> HTML:
        """The themes with their summary and number of actions."""
        ids = self.themes["id"]
        columns = {
            "Thema": [f"{self.theme_label[t]}: {self.theme_title[t]}" for t in ids],
            "In het kort": self.themes["summary"].to_list(),
            "Acties": [int((self.actions["theme"] == t).sum()) for t in ids],
        }
        return table(columns, caption)

    def action_table(self, caption: str) -> HTML:
        """Every action, numbered theme.action, with its executors, kind and summary."""
        number = {t: self.theme_label[t].removeprefix("Thema ") for t in self.themes["id"]}
        rows = [r for _, r in self.actions.iterrows()]
        columns = {
            "Actie": [f"{number[r['theme']]}.{r['number']} {r['title']}" for r in rows],
            "Wie voert uit (soort actie)": [
                f"{', '.join(cx.split_list(r['actors']))} ({cx.ACTION_TYPE_NL[r['type']].lower()})"
                for r in rows
            ],
            "In het kort": self.actions["summary"].to_list(),
        }
        return table(columns, caption)

    def actor_chart(self, title: str) -> charts.Figure:
        """Bars: actions per executor."""
        by_actor = self.actions_per_actor()
        others = by_actor[by_actor["category"] != SAC]["value"]
        return cx.bar(
            by_actor,
            title,
            "Staafdiagram: bij hoeveel acties van het sectorplan elke partij als uitvoerder genoemd wordt. Het "
            f"Sectoraal Adviescollege staat bij {self.actions_with(SAC)} van de {len(self.actions)} acties; de "
            f"overige partijen bij {int(others.min())} tot {int(others.max())} acties. De aantallen staan in "
            "de tabel onder de grafiek.",
            notes=["Een actie met meer uitvoerders telt bij elk van hen mee."],
        )

    def type_chart(self, title: str) -> charts.Figure:
        """Bars: actions per kind of action."""
        per = self.actions_per_type()
        top = text.most_often(
            {c.lower(): v for c, v in zip(per["category"], per["value"], strict=True)}, "actie"
        )
        return cx.bar(
            per,
            title,
            f"Staafdiagram: de {len(self.actions)} acties van het sectorplan, geteld per soort actie (onze "
            f"indeling). De grootste groep: {top}. De aantallen staan in de tabel onder de grafiek.",
            notes=["Elke actie telt één keer, bij de soort die het best past; de indeling is van deze site."],
        )

    # ---- the advices of Sociaal in Beweging

    def advice_per_theme(self) -> dict[str, int]:
        """How many advices of Sociaal in Beweging each theme takes up, by theme id."""
        return {t: sum(t in cx.split_list(x) for x in self.adviezen["themes"]) for t in self.themes["id"]}

    def theme_with_most_advice(self) -> tuple[str, str]:
        """The title of the theme that takes up the most advices, and how many: (title, '4 adviezen'); every
        theme tied for first is named ('A en B')."""
        names, n = text.ranking(self.advice_per_theme())[0]
        return text.join([self.theme_title[t] for t in names]), text.count(n, "advies")

    def most_advice_sentence(self) -> text.Words:
        """Which theme takes up the most advices, every theme tied for first named: 'het thema *A* pakt er
        de meeste op (3 adviezen)' or 'de thema's *A* en *B* pakken er evenveel op, de meeste (elk 2
        adviezen)'."""
        names, n = text.ranking(self.advice_per_theme())[0]
        titles = text.join([f"*{self.theme_title[t]}*" for t in names])
        if len(names) == 1:
            return text.Words(f"het thema {titles} pakt er de meeste op ({text.count(n, 'advies')})")
        return text.Words(
            f"de thema's {titles} pakken er evenveel op, de meeste (elk {text.count(n, 'advies')})"
        )

    def advice_spread(self) -> str:
        """Whether every advice lands in exactly one theme, as a sentence without its full stop."""
        n = text.count(len(self.adviezen), "advies")
        single = int(sum(len(cx.split_list(x)) == 1 for x in self.adviezen["themes"]))
        if single == len(self.adviezen):
            return f"Elk van de {n} komt bij precies één thema terecht"
        return f"Van de {n} komen er {single} bij precies één thema terecht"

    def advice_heatmap(self, title: str) -> charts.Figure:
        """A grid of the advices (rows) and the themes that name them (columns), with the full list below."""
        themes, adviezen, label = self.themes, self.adviezen, self.theme_label
        long = cx.crosstab(adviezen, x="themes", y="id", split_x=True, x_order=list(themes["id"]))
        short = {r["id"]: f"Advies {r['number']}: {r['title']}" for _, r in adviezen.iterrows()}
        short = {k: (v if len(v) <= 60 else v[:58].rstrip() + "…") for k, v in short.items()}
        long = long.assign(thema=long["themes"].map(label), advies=long["id"].map(short))
        listed = pd.DataFrame(
            {
                "Advies": [f"{r['number']}. {r['title']}" for _, r in adviezen.iterrows()],
                "Opgepakt in": [
                    "; ".join(f"{label[t]}: {self.theme_title[t]}" for t in cx.split_list(r["themes"]))
                    for _, r in adviezen.iterrows()
                ],
            }
        )
        per_theme = self.advice_per_theme()
        return charts.heatmap(
            long,
            title,
            f"Raster met de {len(adviezen)} adviezen van Sociaal in Beweging als rijen en de {len(themes)} "
            "thema's van het sectorplan als kolommen. Aantal adviezen per thema: "
            + "; ".join(f"{label[t]}: {text.count(n, 'advies')}" for t, n in per_theme.items())
            + ". De tabel onder het raster noemt elk advies voluit met zijn thema.",
            x="thema",
            y="advies",
            value="aantal",
            x_title="Thema van het sectorplan",
            y_title="",
            x_order=[label[t] for t in themes["id"]],
            y_order=[short[i] for i in adviezen["id"]],
            value_title="Genoemd",
            source=data.short_name(self.source),
            locator="Sociaal in beweging; inleiding van elk thema",
            table=listed,
        )

    # ---- the forecast

    def forecast_rows(self) -> pd.DataFrame:
        """The forecast per occupation in the two charted years, without the plan's total row."""
        fc = cx.forecast(self.market)
        return fc[fc["year"].isin([self.forecast_from, self.forecast_to])]

    def forecast_wide(self) -> pd.DataFrame:
        """The shortage per occupation (rows) in the two charted years (columns)."""
        return self.forecast_rows().pivot_table(index="category", columns="year", values="value", sort=False)

    def forecast_totals(self) -> tuple[str, str]:
        """The plan's total shortage in the first and the last charted year: ('48.300', '137.000')."""
        checks = cx.forecast_total_matches(self.market)
        return fmt.number(checks[self.forecast_from][1]), fmt.number(checks[self.forecast_to][1])

    def forecast_growth(self) -> str:
        """How much the total shortage grows, in words: 'bijna het drievoudige (een factor 2,8)'."""
        checks = cx.forecast_total_matches(self.market)
        return cx.times_word(checks[self.forecast_to][1] / checks[self.forecast_from][1])

    def largest_shortage(self) -> tuple[str, str, str]:
        """The occupation with the largest shortage in the last year, and its shortage in both years."""
        wide = self.forecast_wide()
        largest = wide[self.forecast_to].idxmax()
        return largest, *(fmt.number(wide.loc[largest, y]) for y in (self.forecast_from, self.forecast_to))

    def falling_shortages(self) -> text.Words:
        """A sentence on the occupations whose shortage shrinks (or that none does)."""
        wide, a, b = self.forecast_wide(), self.forecast_from, self.forecast_to
        falling = [c for c in wide.index if wide.loc[c, b] < wide.loc[c, a]]
        if len(falling) == 1:
            c = falling[0]
            return text.Words(
                f"Eén beroep springt eruit omdat het tekort daar juist kleiner wordt: *{c}* (van "
                f"{fmt.number(wide.loc[c, a])} naar {fmt.number(wide.loc[c, b])})."
            )
        if falling:
            return text.Words(
                f"Bij {text.count(len(falling), 'beroep', 'beroepen')} wordt het tekort juist kleiner: "
                + text.join(f"*{c}*" for c in falling)
                + "."
            )
        return text.Words("Bij geen enkel beroep wordt het tekort kleiner.")

    def forecast_chart(self, title: str) -> charts.Figure:
        """Two bars per occupation: the shortage in the first and in the last charted year."""
        wide, a, b = self.forecast_wide(), self.forecast_from, self.forecast_to
        growing = len(wide) - sum(wide.loc[c, b] < wide.loc[c, a] for c in wide.index)
        fig = charts.comparison_bar(
            self.forecast_rows().assign(answer_type=""),
            title,
            "Staafdiagram met per welzijnsberoep en opleidingsniveau twee staven: het tekort in "
            f"{a} en het verwachte tekort in {b}. Bij {growing} van de {len(wide)} beroepen "
            f"groeit het tekort; het grootste is bij {wide[b].idxmax()}. De cijfers staan in de tabel onder "
            "de grafiek.",
            series="year",
            caution=None,
            legend_title="Jaar",
        )
        fig.notes.append(
            f"Cijfers voor {b} zijn een prognose. Eenheid: personen (de tabel in het plan noemt geen eenheid)."
        )
        return fig


# --------------------------------------------------------------------------- the advies


class Advice:
    """The advies of Sociaal Werk Nederland: its figures on society and the labour market, and its focus
    points for the programmes (and which of them share a topic with the sector plan's actions)."""

    NO_YEAR = (
        "Het advies noemt bij deze cijfers geen jaar en geen eigen bron; voetnoot 1 verwijst naar een "
        "infographic van Sociaal Werk Nederland."
    )
    VACANCIES, HARD_TO_FILL = "adv-vacatures", "adv-vacatures-moeilijk-vervulbaar"

    def __init__(self, d: page.Document):
        self.source = d.source
        cijfers = data.load_resource("cijfers")
        self.society = cx.from_cijfers(cijfers, source=self.source, topic="maatschappelijke-opgaven")
        self.market = cx.from_cijfers(cijfers, source=self.source, topic="arbeidsmarkt")
        self.points = d.table("advies-aandachtspunten")
        self.events = d.table("tijdlijn")

    def published(self) -> str:
        """The date the advies was sent, in Dutch: '11 januari 2022'."""
        return fmt.date(self.events[self.events["kind"] == "publicatie"]["date"].iloc[0])

    def specific_points(self) -> pd.DataFrame:
        """The focus points after the general one (the generalist)."""
        return self.points[~self.points["generalist"]]

    def society_chart(self, unit: str, title: str, notes: list[str] | None = None) -> charts.Figure:
        """Bars: the figures on society in one unit (households, persons or children)."""
        rows = cx.by_unit(self.society)[unit]
        return cx.bar(
            rows,
            title,
            f"Staafdiagram in aantallen {fmt.UNIT_NOUNS[unit]}: {cx.value_list(rows)}. Het advies noemt geen jaar.",
            notes=[self.NO_YEAR, *(notes or [])],
        )

    def market_figures(self, caption: str) -> HTML:
        """The two labour-market figures as key figures, and all of them in a table."""
        vac, hard, market = (
            cx.key_figure_row(self.VACANCIES),
            cx.key_figure_row(self.HARD_TO_FILL),
            self.market,
        )
        figures = [
            (
                fmt.number(vac["value"]),
                f"nieuwe vacatures voor sociaal werkers (CBS, vierde kwartaal {cx.year_text(vac['year'])})",
            ),
            (
                fmt.percent(hard["value"]),
                f"van de vacatures moeilijk vervulbaar (werkgeversenquête, {cx.year_text(hard['year'])})",
            ),
        ]
        columns = {
            "Cijfer": market["category"],
            "Waarde": [
                fmt.value(v, u, nouns=True) for v, u in zip(market["value"], market["unit"], strict=True)
            ],
            "Jaar": [cx.year_text(y) for y in market["year"]],
            "Hoe gelezen": market["quality"].map(charts.QUALITY_LABELS),
            "Vindplaats": market["locator"],
        }
        return HTML(markup.keyfigures(figures) + table(columns, caption).markup)

    def points_table(self, caption: str) -> HTML:
        """The focus points in the advies' order, the general one first and marked so."""
        points = pd.concat([self.points[self.points["generalist"]], self.specific_points()])
        titles = [
            ("Algemeen: " if g else "") + t
            for t, g in zip(points["title"], points["generalist"], strict=True)
        ]
        return cx.summary_table(points.assign(title=titles), "Aandachtspunt", "Wat het inhoudt", caption)

    def plan_themes_per_point(self) -> dict[str, list[int]]:
        """Per focus point that shares a topic with actions of the sector plan (the crosswalk in
        ``data/synthese/``): the numbers of those actions' themes, in the advies' order."""
        themes = data.load_resource("sectorplan-themas").set_index("id")
        acts = data.load_resource("sectorplan-acties").set_index("id")
        shared = synthesis.advies_action_matrix().query("gedeeld > 0")
        shared = shared.assign(ap=shared["aandachtspunt"].str.split(" ", n=1).str[0])
        per_point = {
            ap: sorted({int(themes.loc[acts.loc[a, "theme"], "number"]) for a in grp["actie_id"]})
            for ap, grp in shared.groupby("ap", sort=False)
        }
        return {i: per_point[i] for i in self.points["id"] if i in per_point}

    def plan_sentence(self) -> text.Words:
        """Which focus points share a topic with actions of the sector plan, and which do not."""
        per_point = self.plan_themes_per_point()
        met = [
            f"*{r['title']}* ({'thema' if len(per_point[r['id']]) == 1 else 'thema’s'} "
            f"{text.join(str(n) for n in per_point[r['id']])})"
            for _, r in self.points.iterrows()
            if r["id"] in per_point
        ]
        unmet = [f"*{r['title']}*" for _, r in self.points.iterrows() if r["id"] not in per_point]
        return text.Words(
            f"Leg je het advies naast het [sectorplan](sectorplan.html), dan delen {len(met)} van de "
            f"{text.count(len(self.points), 'aandachtspunt')} een onderwerp met acties van het plan: "
            f"{text.join(met)}. "
            + (
                f"Bij {text.join(unmet)} vonden we geen actie die over hetzelfde onderwerp gaat. "
                if unmet
                else "Elk aandachtspunt vindt zo een actie. "
            )
            + "Hoe we punten en acties aan onderwerpen koppelden, staat op de pagina "
            "[Van advies naar actie](advies-naar-actie.html)."
        )


# --------------------------------------------------------------------------- the annual plan 2018


class AnnualPlan:
    """The annual plan 2018 of Sociaal Werk Nederland: its themes and programmes ('parts'), the activities
    under each, and the organisations it names as stakeholders (a grid of those named under at least
    ``min_parts`` parts, a list of the rest)."""

    KIND = {"thema": "Thema", "programma": "Programma"}

    def __init__(self, d: page.Document, min_parts: int):
        self.source, self.year, self.min_parts = d.source, d.doc["year"], min_parts
        self.parts = d.table("jaarplan-onderdelen")
        self.activities = d.table("jaarplan-activiteiten")
        self.stakeholders = d.table("jaarplan-stakeholders")
        self.themes = self.parts[self.parts["kind"] == "thema"]
        self.programmes = self.parts[self.parts["kind"] == "programma"]
        kind, rows = self.KIND, [r for _, r in self.parts.iterrows()]
        self.label = {r["id"]: f"{kind[r['kind']]} {r['number']}: {r['title']}" for r in rows}
        self.short = {r["id"]: f"{kind[r['kind']][0]}{r['number']}" for r in rows}  # T1 … P3 in the grid

    # ---- activities

    def activities_per_part(self) -> pd.DataFrame:
        """Activities per theme and programme, in the plan's order (derived rows)."""
        return cx.count_by(
            self.activities,
            "part",
            what="activiteiten",
            labels=self.label,
            order=list(self.parts["id"]),
            source=self.source,
            locator="Sociaal Werk Nederland 2018",
        )

    def busiest_part(self) -> tuple[str, str]:
        """The part with the most activities, and how many; parts tied for first are all named ('A en B')."""
        per = self.activities_per_part()
        names, n = text.ranking(zip(per["category"], per["value"], strict=True))[0]
        return text.join(names), fmt.auto(n)

    def quietest_part(self) -> tuple[str, str]:
        """The part with the fewest activities, and how many; parts tied for last are all named."""
        per = self.activities_per_part()
        names, n = text.ranking(zip(per["category"], per["value"], strict=True))[-1]
        return text.join(names), fmt.auto(n)

    def parts_table(self, caption: str) -> HTML:
        """The themes and programmes with what each is about."""
        labels = [self.label[i] for i in self.parts["id"]]
        return table({"Onderdeel": labels, "Waar het om gaat": self.parts["summary"].to_list()}, caption)

    def activity_chart(self, title: str) -> charts.Figure:
        """Bars: activities per theme and programme, in the plan's order."""
        per_part = self.activities_per_part()
        return cx.bar(
            per_part,
            title,
            f"Staafdiagram: het aantal activiteiten dat het jaarplan {self.year} noemt per thema en programma, "
            "in de volgorde van het plan. "
            + "; ".join(f"{r.category}: {int(r.value)}" for r in per_part.itertuples())
            + ".",
            sort=False,
        )

    def activity_lists(self) -> HTML:
        """Per part, its activities in a list that opens on request."""
        blocks = []
        for pid in self.parts["id"]:
            acts = self.activities[self.activities["part"] == pid]["activity"]
            items = "".join(f"<li>{html.escape(a)}</li>" for a in acts)
            blocks.append(
                f'<details class="swic-data"><summary>{html.escape(self.label[pid])} '
                f"({text.count(len(acts), 'activiteit')})</summary>"
                f"<ul>{items}</ul></details>"
            )
        return HTML("\n".join(blocks))

    # ---- stakeholders

    def stakeholder_matrix(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """:func:`swic.context.stakeholder_matrix` with each part's short code ('T1') as ``onderdeel``."""
        matrix, rest = cx.stakeholder_matrix(
            self.stakeholders, list(self.parts["id"]), min_parts=self.min_parts
        )
        return matrix.assign(onderdeel=matrix["part"].map(self.short)), rest

    def organisations(self) -> int:
        """How many different organisations the plan names (spellings that differ in capitals merged)."""
        return len(set(cx.canonical_names(self.stakeholders["organisation"])))

    def parts_per_organisation(self) -> pd.Series:
        """For the organisations in the grid, under how many parts each is named, most often first."""
        matrix, _ = self.stakeholder_matrix()
        return matrix.groupby("organisation", sort=False)["aantal"].sum()

    def most_named(self, k: int = 3) -> str:
        """The ``k`` organisations named under most parts, with how many: 'Movisie (6), VNG (5) en …'; an
        organisation tied with the last of them is named too (a cut through a tie would rank them)."""
        per = self.parts_per_organisation()
        if per.empty:
            return ""
        floor = per.iloc[min(k, len(per)) - 1]
        return text.join(f"{o} ({int(n)})" for o, n in per[per >= floor].items())

    def named_less_often(self) -> str:
        """Where the organisations outside the grid are named: 'bij één onderdeel', or 'bij minder dan …'."""
        if self.min_parts == 2:
            return "bij één onderdeel"
        return f"bij minder dan {text.count(self.min_parts, 'onderdeel')}"

    def stakeholder_heatmap(self, title: str) -> charts.Figure:
        """A grid of the organisations named under at least ``min_parts`` parts and the parts."""
        matrix, _ = self.stakeholder_matrix()
        ids, short, label = self.parts["id"], self.short, self.label
        grid = (
            matrix.pivot_table(index="organisation", columns="onderdeel", values="aantal", sort=False)
            .reindex(columns=[short[i] for i in ids])
            .reset_index()
            .rename(columns={"organisation": "Organisatie"})
        )
        return charts.heatmap(
            matrix,
            title,
            f"Raster met {text.count(matrix['organisation'].nunique(), 'organisatie')} als rijen en de "
            f"{text.count(len(self.themes), 'thema')} (T) en {text.count(len(self.programmes), 'programma')} (P) "
            "van het jaarplan als kolommen. Een vakje met 1 betekent: genoemd als stakeholder bij dat onderdeel. "
            + "; ".join(
                f"{o}: {text.count(n, 'onderdeel')}" for o, n in self.parts_per_organisation().items()
            )
            + ".",
            x="onderdeel",
            y="organisation",
            value="aantal",
            x_title="Onderdeel (T = thema, P = programma)",
            y_title="",
            x_order=[short[i] for i in ids],
            value_title="Genoemd",
            source=data.short_name(self.source),
            locator="Stakeholders, per thema en programma",
            notes=["Kolommen: " + "; ".join(f"{short[i]} = {label[i].split(': ', 1)[1]}" for i in ids) + "."],
            table=grid,
        )

    def other_organisations(self) -> pd.DataFrame:
        """The organisations outside the grid (named under fewer than ``min_parts`` parts), with those parts."""
        return self.stakeholder_matrix()[1]

    def other_organisations_list(self) -> HTML:
        """The organisations outside the grid, with the parts they are named under, in a list that opens
        on request."""
        rest = self.other_organisations()
        fewer = self.named_less_often()
        rest = rest.assign(part=[", ".join(self.label[p] for p in s.split(", ")) for s in rest["part"]])
        listed = rest.rename(columns={"organisation": "Organisatie", "part": "Genoemd bij"})
        return HTML(
            f'<details class="swic-data"><summary>Organisaties die {fewer} genoemd worden ({len(rest)})</summary>'
            + markup.table(listed, f"Stakeholders die het jaarplan {fewer} noemt")
            + "</details>"
        )


# --------------------------------------------------------------------------- the sector's size


class SectorSize:
    """How large social work is: every count of people (and of member organisations) in the documents,
    each labelled with who counted and for which year, and the folder's description of the profession.

    ``topic`` selects the key figures of ``cijfers.csv``; ``s`` is the raadpleging whose report quotes two
    more counts of the profession."""

    LOCATOR, QUESTION = "Representativiteit", "Omvang van de beroepsgroep volgens andere bronnen"
    """Where the raadpleging quotes counts of the profession from other sources."""
    FOLDER = "wat-is-sociaal-werk"

    def __init__(self, s: page.Survey, topic: str):
        self.edition = s.edition
        self.cijfers = data.load_resource("cijfers")
        concepts = data.load_resource("begrippen")
        self.concepts = concepts[concepts["source"] == self.FOLDER]
        self.quoted = cx.from_survey(s.df, self.LOCATOR, self.QUESTION, unit="persons")
        size = cx.from_cijfers(self.cijfers, topic=topic)
        self.people = pd.concat(
            [cx.with_origin(size[size["unit"] == "persons"]), self.quoted], ignore_index=True
        )
        self.members = cx.with_origin(cx.from_cijfers(self.cijfers, ids=["jp-leden", "wis-leden"]))

    def quoted_year(self, part: str) -> str:
        """The year of the count the raadpleging quotes whose label contains ``part``: '2024'."""
        sel = self.quoted[self.quoted["category"].str.contains(part, regex=False)]
        if len(sel) != 1:
            raise cx.ContextError(f"expected one quoted count for {part!r}, found {len(sel)}")
        return str(sel["year"].iloc[0])

    def of_kind(self, kind: str) -> pd.DataFrame:
        """The folder's concepts of one kind ('definitie-element', 'kernwaarde', 'functie')."""
        return self.concepts[self.concepts["kind"] == kind]

    def definition(self, international: bool) -> pd.DataFrame:
        """The elements of the folder's own description, or of the international definition it cites."""
        elements = self.of_kind("definitie-element")
        cited = elements["note"].str.startswith("In de folder in het Engels")
        return elements[cited] if international else elements[~cited]

    def international_table(self, caption: str) -> HTML:
        """The international definition: its features and its values, with our explanation."""
        df = pd.concat(
            [
                self.definition(international=True).assign(soort="Kenmerk"),
                self.of_kind("kernwaarde").assign(soort="Waarde"),
            ]
        )
        header = {
            "title": "In de definitie (onze vertaling)",
            "soort": "Soort",
            "summary": "In gewone woorden",
        }
        return table(df[["title", "soort", "summary"]].rename(columns=header), caption)

    def people_chart(self, title: str) -> charts.Figure:
        """Bars: every count of people, largest first."""
        people = self.people
        return cx.bar(
            people,
            title,
            "Staafdiagram in aantallen personen, van groot naar klein: "
            + cx.value_list(people.sort_values("value", ascending=False))
            + ". De tellingen meten verschillende groepen; zie de tekst.",
            notes=[
                "Deze cijfers tellen verschillende groepen mensen, in verschillende jaren; ze zijn niet als een "
                "groei of krimp te lezen.",
                f"De tellingen uit de raadpleging {self.edition} staan in het rapport als aantallen; wij lezen ze als "
                "personen (werknemers en professionals).",
            ],
        )

    def members_chart(self, title: str, notes: list[str]) -> charts.Figure:
        """Bars: the member organisations of Sociaal Werk Nederland, as the annual plan and the folder count them."""
        return cx.bar(
            self.members,
            title,
            f"Staafdiagram in aantallen organisaties: {cx.value_list(self.members)}. Geen van beide documenten noemt "
            "een jaar.",
            sort=False,
            notes=notes,
        )


# --------------------------------------------------------------------------- the timeline


class Timeline:
    """The events the documents name, on one timeline (``source``: only those one document names)."""

    def __init__(self, d: page.Document):
        self.sources = d.sources
        self.events = cx.timeline_rows(data.load_resource("tijdlijn"), source=d.source)
        self.first, self.last = int(self.events["year"].min()), int(self.events["year"].max())

    def documents_table(self, caption: str) -> HTML:
        """The documents with their publisher, year and how many events we took from each."""
        sources, per_doc = self.sources, self.events["source"].value_counts()
        docs = sources[["title", "publisher", "year"]].assign(
            year=[str(int(y)) if not pd.isna(y) else "zonder jaar" for y in sources["year"]],
            events=[int(per_doc.get(i, 0)) for i in sources["id"]],
        )
        header = {"title": "Document", "publisher": "Uitgever", "year": "Jaar"}
        return table(docs.rename(columns=header | {"events": "Gebeurtenissen op de tijdlijn"}), caption)

    def chart(self, title: str) -> charts.Figure:
        """Every event as a point above its year, coloured by kind."""
        events, first, last = self.events, self.first, self.last
        return cx.timeline(
            events,
            title,
            f"Tijdlijn met {text.count(len(events), 'gebeurtenis')} van {first} tot en met {last}, als punten "
            "per jaar, gekleurd naar soort ("
            + ", ".join(f"{k}: {n}" for k, n in events["kind"].value_counts().items())
            + "). De drukste jaren zijn "
            + " en ".join(str(y) for y in events["year"].value_counts().head(2).index)
            + ". Alle gebeurtenissen staan in de tabel onder de grafiek.",
            notes=[
                "Een jaar als 'rond 2014' staat op 2014; geplande gebeurtenissen staan op het jaar waarin ze "
                "gepland waren."
            ],
        )

    def events_table(self, caption: str) -> HTML:
        """Every event with its year, date, kind and the document that names it."""
        ev = self.events.sort_values(["year", "event"], kind="stable")
        columns = {
            "Jaar": ev["year"].astype(str),
            "Gebeurtenis": [
                e + (f" ({fmt.date(d)})" if d else "") for e, d in zip(ev["event"], ev["date"], strict=True)
            ],
            "Soort": ev["kind"],
            "Genoemd in": ev["bron"],
        }
        return table(columns, caption)
