"""Context pages' data helpers (swic.context): chart rows in one unit, counts that add up, honest labels."""

from __future__ import annotations

import pandas as pd
import pytest

from swic import charts, data, fmt, runtime
from swic import context as cx


@pytest.fixture(autouse=True)
def fresh_ids():
    runtime.begin_page()


@pytest.fixture(scope="module")
def cijfers():
    return data.load_resource("cijfers")


@pytest.fixture(scope="module")
def actions():
    return data.load_resource("sectorplan-acties")


# --------------------------------------------------------------------------- the contract


def test_key_figures_become_rows_in_the_contract(cijfers):
    rows = cx.from_cijfers(cijfers, source="advies-swn-2022")
    assert list(rows.columns) == cx.COLUMNS
    assert len(rows) == int(((cijfers["source"] == "advies-swn-2022") & cijfers["value"].notna()).sum())
    assert rows["n"].isna().all()  # no survey answers, so no n
    assert set(rows["source"]) == {"advies-swn-2022"}
    # a figure without a year keeps an empty year, and says so in words
    no_year = rows[rows["year"].isna()]
    assert not no_year.empty
    assert {cx.year_text(y) for y in no_year["year"]} == {"geen jaar genoemd"}


def test_ids_keep_their_order_and_unknown_ids_fail(cijfers):
    rows = cx.from_cijfers(cijfers, ids=["wis-sociaal-werkers", "sp-werkenden-zorg-welzijn"])
    assert list(rows.index) == ["wis-sociaal-werkers", "sp-werkenden-zorg-welzijn"]
    with pytest.raises(cx.ContextError, match="unknown cijfers id"):
        cx.from_cijfers(cijfers, ids=["bestaat-niet"])


def test_survey_counts_may_become_persons_but_percentages_may_not():
    survey = data.load_survey(2025, chapter=0)
    q = "Omvang van de beroepsgroep volgens andere bronnen"
    rows = cx.from_survey(survey, "Representativiteit", q, unit="persons")
    assert set(rows["unit"]) == {"persons"} and len(rows) >= 2
    assert all("gelezen als aantal personen" in n for n in rows["note"])
    pct = survey[(survey["unit"] == "percent") & survey["value"].notna()].iloc[0]
    with pytest.raises(cx.ContextError, match="cannot relabel"):
        cx.from_survey(survey, pct["locator"], pct["question"], unit="persons")
    with pytest.raises(cx.ContextError, match="cannot relabel"):
        cx.from_survey(survey, "Representativiteit", q, unit="percent")


# --------------------------------------------------------------------------- units are never mixed


def test_by_unit_gives_one_unit_per_chart(cijfers):
    rows = cx.from_cijfers(cijfers, topic="maatschappelijke-opgaven")
    groups = cx.by_unit(rows)
    assert len(groups) > 1  # the data does mix units, so the split matters
    for unit, grp in groups.items():
        assert set(grp["unit"]) == {unit}
        assert cx.one_unit(grp) == unit
    assert sum(len(g) for g in groups.values()) == len(rows)


def test_a_chart_of_mixed_units_is_refused(cijfers):
    rows = cx.from_cijfers(cijfers, source="advies-swn-2022", topic="maatschappelijke-opgaven")
    assert rows["unit"].nunique() > 1
    with pytest.raises(cx.ContextError, match="mix"):
        cx.bar(rows, "Gemengd", "Mag niet")


def test_bar_names_unit_year_source_and_locator_per_bar(cijfers):
    rows = cx.from_cijfers(cijfers, source="advies-swn-2022", unit="households")
    fig = cx.bar(rows, "Huishoudens", "Beschrijving")
    assert list(fig.data["Categorie"]) == list(rows["category"])
    assert set(fig.data["Eenheid"]) == {"huishoudens"}
    assert set(fig.data["Jaar"]) == {"geen jaar genoemd"}
    assert set(fig.data["Vindplaats"]) == set(rows["locator"])
    html = fig._repr_html_()
    assert "Beschrijving" in html and "Bron: Sociaal Werk Nederland, Advies" in html
    assert "Eenheid: huishoudens." in html
    assert fig.csv().splitlines()[0].endswith("Bron,Vindplaats")


def test_a_chart_from_several_documents_names_them_all(cijfers):
    rows = cx.from_cijfers(cijfers, topic="sectoromvang", unit="persons")
    assert rows["source"].nunique() > 1
    fig = cx.bar(rows, "Omvang", "Beschrijving")
    for s in rows["source"].unique():
        assert data.short_name(s) in fig.source


# --------------------------------------------------------------------------- counts we compute


def test_counts_by_type_equal_the_number_of_actions(actions):
    counts = cx.count_by(actions, "type", source="sectorplan-hss-2023", locator="x", what="actions")
    assert counts["value"].sum() == len(actions) == 18
    assert set(counts["quality"]) == {"derived"}
    assert all(n.startswith("Geteld door deze site") for n in counts["note"])
    assert set(counts["unit"]) == {"count"}


def test_counts_by_actor_equal_the_number_of_actor_mentions(actions):
    counts = cx.count_by(
        actions, "actors", split=True, source="sectorplan-hss-2023", locator="x", what="actions"
    )
    mentions = sum(len(cx.split_list(a)) for a in actions["actors"])
    assert counts["value"].sum() == mentions
    assert mentions > len(actions)  # some actions have several actors
    assert counts["value"].max() <= len(actions)
    sac = counts.set_index("category").loc["Sectoraal Adviescollege", "value"]
    assert sac == sum("Sectoraal Adviescollege" in cx.split_list(a) for a in actions["actors"])


def test_count_order_and_labels():
    df = pd.DataFrame({"kind": ["b", "a", "b", "c", "a", "b"]})
    counts = cx.count_by(df, "kind", source="s", locator="l", what="rows", labels={"b": "Bee"})
    assert list(counts["category"]) == ["Bee", "a", "c"] and list(counts["value"]) == [3, 2, 1]
    kept = cx.count_by(df, "kind", source="s", locator="l", what="rows", order=["c", "b", "a", "d"])
    assert list(kept["category"]) == ["c", "b", "a", "d"] and list(kept["value"]) == [1, 3, 2, 0]


def test_each_advies_is_in_the_heatmap_once_per_theme_it_names():
    adviezen = data.load_resource("sib-adviezen")
    themes = list(data.load_resource("sectorplan-themas")["id"])
    long = cx.crosstab(adviezen, x="themes", y="id", split_x=True, x_order=themes)
    assert len(long) == len(adviezen) * len(themes)  # every cell, zeros included
    per_advies = long.groupby("id")["aantal"].sum()
    for _, r in adviezen.iterrows():
        assert per_advies[r["id"]] == len(cx.split_list(r["themes"]))
    with pytest.raises(cx.ContextError, match="not in x_order"):
        cx.crosstab(adviezen, x="themes", y="id", split_x=True, x_order=themes[:1])


# --------------------------------------------------------------------------- the forecast


def test_forecast_leaves_the_total_out_and_its_parts_add_up():
    market = data.load_resource("sectorplan-arbeidsmarkt")
    rows = cx.forecast(market)
    assert not rows["category"].str.startswith("Totaal").any()
    assert cx.one_unit(rows) == "persons"
    assert len(cx.forecast(market, include_total=True)) == len(rows) + 2
    for year, (parts, total) in cx.forecast_total_matches(market).items():
        assert parts == total, f"{year}: occupations add up to {parts}, the plan's total is {total}"
    fig = charts.comparison_bar(rows.assign(answer_type=""), "T", "D", series="year", caution=None)
    assert list(fig.data.columns) == ["Onderdeel", "2022", "2032"]


# --------------------------------------------------------------------------- the annual plan 2018


def test_stakeholder_matrix_shows_organisations_named_at_least_twice_and_lists_the_rest():
    st = data.load_resource("jaarplan-stakeholders")
    parts = list(data.load_resource("jaarplan-onderdelen")["id"])
    matrix, rest = cx.stakeholder_matrix(st, parts, min_parts=2)
    per_org = matrix.groupby("organisation")["aantal"].sum()
    assert (per_org >= 2).all()
    assert set(matrix["aantal"]) <= {0, 1}
    # spellings that differ only in capitals are one organisation ('MOVISIE' and 'Movisie')
    assert "MOVISIE" not in set(matrix["organisation"]) | set(rest["organisation"])
    assert per_org["Movisie"] == st[st["organisation"].str.casefold() == "movisie"]["part"].nunique()
    # together, matrix and rest hold every organisation exactly once
    everyone = set(cx.canonical_names(st["organisation"]))
    assert set(per_org.index) | set(rest["organisation"]) == everyone
    assert not set(per_org.index) & set(rest["organisation"])


def test_canonical_names_prefer_the_most_used_spelling():
    s = pd.Series(["NJi", "NJI", "NJI", "Movisie", "MOVISIE"])
    assert list(cx.canonical_names(s)) == ["NJI", "NJI", "NJI", "Movisie", "Movisie"]


def test_a_lower_case_kind_of_organisation_is_not_merged_with_a_named_one():
    s = pd.Series(["ggz", "GGZ", "Actiz", "ActiZ"])
    assert list(cx.canonical_names(s)) == ["ggz", "GGZ", "Actiz", "Actiz"]
    st = data.load_resource("jaarplan-stakeholders")
    names = set(cx.canonical_names(st["organisation"]))
    assert {"ggz", "GGZ", "GGZ-Nederland"} <= names


# --------------------------------------------------------------------------- text helpers and timeline


def test_value_text_and_dates_in_dutch():
    assert fmt.value(1_400_000, "persons", nouns=True) == "1,4 miljoen personen"
    assert fmt.value(557_000, "households", nouns=True) == "557.000 huishoudens"
    assert fmt.value(33.3, "percent", nouns=True) == "33,3%"
    assert fmt.date("2022-01-11") == "11 januari 2022"
    assert fmt.date("") == ""


def test_timeline_table_lines_up_with_its_events():
    rows = cx.timeline_rows(data.load_resource("tijdlijn"))
    fig = cx.timeline(rows, "Tijdlijn", "Beschrijving")
    assert len(fig.data) == len(rows)
    first = fig.data.iloc[0]
    match = rows[(rows["event"] == first["Gebeurtenis"])].iloc[0]
    assert first["Genoemd in"] == match["bron"] and first["Vindplaats"] == match["locator"]
    # the time axis runs from just before the first to just after the last year, not from the year 0
    for layer in fig.chart.to_dict()["layer"]:
        domain = layer["encoding"]["x"]["scale"]["domain"]
        assert domain == [int(rows["year"].min()) - 1, int(rows["year"].max()) + 1]
    only = cx.timeline_rows(data.load_resource("tijdlijn"), source="jaarplan-swn-2018")
    assert set(only["source"]) == {"jaarplan-swn-2018"}
    with pytest.raises(cx.ContextError):
        cx.timeline_rows(data.load_resource("tijdlijn"), source="bestaat-niet")


def test_heatmap_numbers_are_light_on_dark_cells():
    long = pd.DataFrame({"x": ["a", "b", "c"], "y": ["r", "r", "r"], "aantal": [0, 2, 1]})
    fig = charts.heatmap(long, "T", "D", x="x", y="y", value="aantal", x_title="X", y_title="Y")
    spec = fig.chart.to_dict()
    assert spec["layer"][1]["encoding"]["color"]["field"] == "tekstkleur"
    values = next(iter(spec["datasets"].values()))
    colour = {v["x"]: v["tekstkleur"] for v in values}
    assert colour["a"] == "#000000" and colour["b"] == "#ffffff", (
        "the dark cell (2) needs light text, the light (0) dark"
    )


# --------------------------------------------------------------------------- facts the pages share


def test_years_of_events_and_key_figures_are_text():
    events = data.load_resource("tijdlijn").set_index("id")
    assert cx.event_year("2014-meer-van-waarde") == str(events.loc["2014-meer-van-waarde", "year"])
    assert cx.key_figure_year("adv-vacatures") == "2020"
    assert cx.key_figure_year("wis-sociaal-werkers") == "geen jaar genoemd"
    assert cx.year_since("wis-krimp-sinds-2008") == "2008"
    with pytest.raises(cx.ContextError, match="sinds"):
        cx.year_since("adv-vacatures")
    with pytest.raises(cx.ContextError, match="unknown cijfers id"):
        cx.key_figure_row("bestaat-niet")


def test_values_in_words():
    from swic import page

    assert cx.in_millions(page.Value(1_400_000, "persons", "about")) == "ongeveer 1,4 miljoen"
    assert cx.in_millions(page.Value(64_800, "persons")) == "64.800"
    assert cx.times_word(2.0) == "het dubbele"
    assert cx.times_word(2.3) == "ruim het dubbele (een factor 2,3)"
    assert cx.times_word(2.8) == "bijna het drievoudige (een factor 2,8)"
    assert cx.times_word(1.6) == "een factor 1,6"
    assert cx.share_subject("adv-jonge-verdachten").startswith("12- tot 18-jarigen")


def test_key_figures_say_who_counted_them_and_when(cijfers):
    rows = cx.with_origin(cx.from_cijfers(cijfers, ids=["jp-leden", "sp-werkenden-zorg-welzijn"]))
    assert rows["category"].iloc[0].endswith("(jaarplan 2018, zonder peiljaar)")  # no source of its own
    assert rows["category"].iloc[1].endswith("(CBS, zonder peiljaar)")  # the source it cites, shortened
    assert "Eenheid" not in rows and list(rows["value"]) == [550.0, 1_400_000.0]


def test_summary_table_has_the_headers_and_caption_given():
    rows = pd.DataFrame({"title": ["A"], "summary": ["over A"], "other": ["x"]})
    out = cx.summary_table(rows, "Kop", "Uitleg", "Bijschrift")._repr_html_()
    assert "<caption>Bijschrift</caption>" in out and ">Kop</th>" in out and ">Uitleg</th>" in out
    assert "over A" in out and ">x<" not in out


# --------------------------------------------------------------------------- what the document pages compute


def test_sector_plan_counts_add_up():
    from swic import documents, page

    plan = documents.SectorPlan(page.Document("sectorplan-hss-2023"), 2022, 2032)
    per_actor = plan.actions_per_actor().set_index("category")["value"]
    assert per_actor[documents.SAC] == plan.actions_with(documents.SAC)
    assert 0 < plan.shared_actions() <= per_actor.sum() - len(plan.actions)  # each shared one counts 2+ times
    assert plan.actions_per_type()["value"].sum() == len(plan.actions)
    mentions = sum(len(cx.split_list(t)) for t in plan.adviezen["themes"])
    assert sum(plan.advice_per_theme().values()) == mentions
    title, n = plan.theme_with_most_advice()
    assert title in set(plan.themes["title"]) and n.endswith(("advies", "adviezen"))
    assert plan.advice_spread().endswith("terecht")
    totals = plan.market[plan.market["is_total"].astype(bool)].set_index("year")["value"]
    assert plan.forecast_totals() == (fmt.number(totals[2022]), fmt.number(totals[2032]))  # the plan's own
    largest, a, b = plan.largest_shortage()
    assert largest in set(plan.forecast_wide().index) and a and b
    assert isinstance(plan.falling_shortages(), str) and plan.falling_shortages().endswith(".")
    fig = plan.forecast_chart("T")
    assert "prognose" in fig.notes[-1]


def test_advice_links_focus_points_to_the_plan():
    from swic import documents, page

    adv = documents.Advice(page.Document("advies-swn-2022"))
    per_point = adv.plan_themes_per_point()
    assert set(per_point) <= set(adv.points["id"]) and all(per_point.values())
    sentence = adv.plan_sentence()
    assert f"dan delen {len(per_point)} van de {len(adv.points)} aandachtspunten" in sentence
    assert len(adv.specific_points()) == len(adv.points) - int(adv.points["generalist"].sum())
    assert adv.published().endswith("2022")
    html = adv.market_figures("Bijschrift")._repr_html_()
    assert "swic-keyfigures" in html and "<caption>Bijschrift</caption>" in html
    fig = adv.society_chart("children", "Kinderen", notes=["Extra."])
    assert fig.notes[-1] == "Extra." and adv.NO_YEAR in fig.notes


def test_annual_plan_grid_and_list_hold_every_organisation_once():
    from swic import documents, page

    jp = documents.AnnualPlan(page.Document("jaarplan-swn-2018"), min_parts=2)
    in_grid, rest = jp.parts_per_organisation(), jp.other_organisations()
    assert (in_grid >= 2).all()
    assert len(in_grid) + len(rest) == jp.organisations()
    assert int(jp.busiest_part()[1]) >= int(jp.quietest_part()[1])
    assert jp.named_less_often() == "bij één onderdeel"
    assert documents.AnnualPlan(page.Document("jaarplan-swn-2018"), 3).named_less_often() == (
        "bij minder dan 3 onderdelen"
    )
    assert jp.most_named(3).count("(") == 3


def test_sector_size_counts_people_only_and_names_their_year():
    from swic import documents, page

    size = documents.SectorSize(page.Survey(2025, 0), "sectoromvang")
    assert set(size.people["unit"]) == {"persons"}
    assert size.quoted_year("branche") == "2024" and size.quoted_year("jeugdzorg") == "2023"
    with pytest.raises(cx.ContextError):
        size.quoted_year("bestaat niet")
    own, cited = size.definition(international=False), size.definition(international=True)
    assert len(own) and len(cited) and not set(own["id"]) & set(cited["id"])


def test_timeline_documents_table_counts_every_event_once():
    from swic import documents, page

    tl = documents.Timeline(page.Document(""))
    table = tl.documents_table("Documenten")._repr_html_()
    assert table.count("<tr>") == len(tl.sources) + 1  # header and one row per document
    assert tl.first <= tl.last
    assert tl.events_table("Alle")._repr_html_().count("<tr>") == len(tl.events) + 1
