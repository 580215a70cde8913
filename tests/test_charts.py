"""Chart builders: the right chart for the rows, accessible output, deterministic HTML."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from swic import charts, runtime, survey
from swic import theme as th


@pytest.fixture(autouse=True)
def fresh_ids():
    runtime.begin_page()


def rows(specs, **common):
    base = dict(
        source="raadpleging-2025",
        locator="Figuur 9.9",
        chapter=9,
        question="Vraag",
        item="",
        group="",
        unit="percent",
        n=100,
        year=2024,
        answer_type="single",
        quality="chart-label",
        note="",
    )
    return pd.DataFrame([{**base, **common, **s} for s in specs])


def test_distribution_bar_keeps_or_sorts_order():
    df = rows([dict(category="A", value=10), dict(category="B", value=60), dict(category="C", value=30)])
    fig = charts.distribution_bar(df, "Titel", sort=True)
    assert fig.chart.to_dict()["layer"][0]["encoding"]["y"]["sort"] == ["B", "C", "A"]
    assert fig.narrow.to_dict()["layer"][0]["encoding"]["y"]["sort"] == ["B", "C", "A"]
    fig = charts.distribution_bar(df, "Titel", sort=False)
    assert fig.chart.to_dict()["layer"][0]["encoding"]["y"]["sort"] == ["A", "B", "C"]


def test_an_answer_scale_keeps_its_natural_order():
    cats = ["Dit is gelijk gebleven", "Dit is enigszins toegenomen", "Dit is sterk afgenomen", "Weet niet"]
    df = rows([dict(category=c, value=25) for c in cats])
    fig = charts.distribution_bar(df, "T", sort=False)
    assert fig.chart.to_dict()["layer"][0]["encoding"]["y"]["sort"] == [
        "Dit is sterk afgenomen",
        "Dit is gelijk gebleven",
        "Dit is enigszins toegenomen",
        "Weet niet",
    ]


def test_the_same_answer_has_the_same_colour_in_every_chart():
    a = rows(
        [
            dict(item=i, category=c, value=v)
            for i in ("S1", "S2")
            for c, v in (("Mee eens", 40), ("Helemaal mee eens", 60))
        ]
    )
    b = rows(
        [
            dict(item=i, category=c, value=v)
            for i in ("T1", "T2")
            for c, v in (("Niet mee eens", 20), ("Mee eens", 50), ("Helemaal mee eens", 30))
        ]
    )

    def colours(fig):
        enc = fig.chart.to_dict()["layer"][0]["encoding"]["color"]["scale"]
        return dict(zip(enc["domain"], enc["range"], strict=True))

    ca, cb = colours(charts.likert_bar(a, "A")), colours(charts.likert_bar(b, "B"))
    assert ca["Mee eens"] == cb["Mee eens"] and ca["Helemaal mee eens"] == cb["Helemaal mee eens"]


def test_answers_that_do_not_add_up_to_100_are_not_stacked():
    df = rows(
        [dict(item=i, category=c, value=v) for i in ("S1", "S2") for c, v in (("Ja", 70), ("Nee", 60))],
        answer_type="single",
    )
    assert not charts.stackable(df)
    with pytest.raises(ValueError, match="do not add up to 100"):
        charts.likert_bar(df, "T")
    fig = survey.figure(df, "Figuur 9.9")
    spec = fig.chart.to_dict()
    assert "yOffset" in spec["layer"][0]["encoding"], "expected separate bars per answer"
    multiple = rows(
        [dict(item=i, category=c, value=30) for i in ("S1", "S2") for c in ("A", "B")], answer_type="multiple"
    )
    assert not charts.stackable(multiple)


def test_figure_picks_likert_for_statements_and_comparison_for_years():
    likert = rows(
        [dict(item=i, category=c, value=v) for i in ("S1", "S2") for c, v in (("Oneens", 40), ("Eens", 60))]
    )
    assert survey.kind(likert) == "likert"
    comp = rows(
        [dict(category="Ja", value=50, year=2020), dict(category="Ja", value=60, year=2024)],
        answer_type="value",
    )
    assert survey.kind(comp) == "comparison"
    assert survey.kind(rows([dict(category="Ja", value=50)])) == "distribution"


def test_figure_html_has_caption_source_table_and_the_six_ways_to_take_it_along(monkeypatch):
    from swic import runtime

    monkeypatch.setattr(runtime, "page_id", lambda: "testpagina")
    df = rows(
        [
            dict(category="Ja", value=55.5, quality="derived", note="100 minus 44,5"),
            dict(category="Nee", value=44.5),
        ]
    )
    fig = survey.figure(df, "Figuur 9.9", "Mijn titel")
    html = fig._repr_html_()
    assert (
        '<figcaption class="swic-caption">Mijn titel <span class="swic-n">(n = 100)</span></figcaption>'
        in html
    )
    assert "Bron: Movisie, Grote Raadpleging van het Sociaal Werk 2025, Figuur 9.9" in html
    for text in (
        "Afbeelding (PNG)",
        "(SVG)",
        "Cijfers (Excel)",
        "Cijfers (CSV)",
        "Link naar deze figuur",
        "Downloaden en citeren",
        "Over deze cijfers",
        "Cijfers als tabel",
    ):
        assert text in html, text
    # downloads are named after the site, the page and the figure
    name = "sociaal-werk-in-cijfers-testpagina-figuur-9-9"
    assert f'href="../figuren/testpagina/{name}.svg" download="{name}.svg"' in html
    assert f'href="../figuren/testpagina/{name}.png" download="{name}.png"' in html
    assert '<img src="../figuren/testpagina/figuur-9-9.svg"' in html  # the chart without JavaScript
    assert 'srcset="../figuren/testpagina/figuur-9-9-smal.svg"' in html  # the phone layout
    assert 'href="#fig-figuur-9-9"' in html
    citation = re.search(r'<p class="swic-citation">(.*?)</p>', html)[1]
    assert citation.startswith("Movisie (2025)."), "the original publication comes first"
    assert "Figuur 9.9" in citation and "pages/testpagina.html#fig-figuur-9-9" in citation
    assert "<table" in html and "55,5" in html  # Dutch decimal comma in the table
    assert "* Afgeleid" in html and "55,5%*" in html  # derived values are marked
    # findings first: at most one note in view, the rest closed under 'Over deze cijfers'
    head = html.split('<details class="swic-about">')[0]
    assert head.count('<p class="swic-note">') <= 1
    assert html.count("<summary>") == 3, "three keyboard stops: about, table, downloads"
    assert "cdn" not in html and "$schema" not in html  # no external URL for the browser to fetch


def test_chart_output_is_deterministic():
    df = rows([dict(category="Ja", value=60), dict(category="Nee", value=40)])
    a = charts.distribution_bar(df, "T")._repr_html_()
    runtime.begin_page()
    b = charts.distribution_bar(df, "T")._repr_html_()
    assert a == b


def test_not_recoverable_is_shown_as_question_mark_not_zero():
    df = rows(
        [
            dict(category="Ja", value=60),
            dict(category="Misschien", value=25),
            dict(category="Nee", value=None, quality="not-recoverable", note="label missing"),
        ]
    )
    fig = charts.distribution_bar(df, "T")
    for chart in (fig.chart, fig.narrow):
        data = chart.to_dict()["datasets"]
        unreadable = [r for d in data.values() for r in d if r.get("label") == "?"]
        assert unreadable and all(r["pos"] == 0 for r in unreadable), "the '?' stands at the start of its bar"
    html = fig._repr_html_()
    assert "ontbreekt in de tekstversie van het rapport" in html and "het rapport zelf toont het wel" in html
    assert "niet leesbaar" not in html, "the report shows the value: our text copy lost it"


def test_a_figure_mostly_unknown_is_a_table_of_what_is_known():
    df = rows(
        [
            dict(category="Ja", value=60),
            dict(category="Misschien", value=None, quality="not-recoverable", note="x"),
            dict(category="Nee", value=None, quality="not-recoverable", note="x"),
        ]
    )
    fig = charts.distribution_bar(df, "T")
    assert fig.chart is None and fig.kind == "table"
    assert list(fig.data["Onderdeel"]) == ["Ja"]
    assert "de volledige figuur staat in het rapport (Figuur 9.9)" in fig.notes[0]


def test_a_subtotal_never_stands_between_its_parts():
    base = dict(question="Tijd voor administratie")
    known = rows(
        [
            dict(category="Dit is sterk afgenomen", value=4, **base),
            dict(category="Dit is enigszins afgenomen", value=5, **base),
            dict(
                category="Afgenomen (sterk of enigszins, samen)",
                value=9,
                quality="derived",
                note="4 + 5",
                **base,
            ),
            dict(category="Dit is gelijk gebleven", value=91, **base),
        ]
    )
    assert "Afgenomen (sterk of enigszins, samen)" not in list(
        charts.distribution_bar(known, "T").data["Categorie"]
    )
    unknown = known.assign(value=[None, None, 9, 91], quality=["not-recoverable"] * 2 + ["derived", "table"])
    cats = list(charts.distribution_bar(unknown, "T").data["Categorie"])
    assert cats == ["Afgenomen (sterk of enigszins, samen)", "Dit is gelijk gebleven"]


def test_nested_groups_and_single_values_are_no_bar_charts():
    nested = rows([dict(category="Cijfer 6 of 7", value=45), dict(category="Cijfer 5, 6 of 7", value=55)])
    assert charts.distribution_bar(nested, "T").chart is None
    one = rows([dict(category="Ja", value=60)])
    fig = charts.distribution_bar(one, "T")
    assert fig.chart is None and fig.kind == "keyfigure"


def test_a_bound_bar_is_drawn_lighter_and_dashed():
    df = rows([dict(category="Ja", value=40, bound="more-than"), dict(category="Nee", value=51)])
    spec = charts.distribution_bar(df, "T").chart.to_dict()
    text = str(spec)
    assert "'value': 0.4" in text and "strokeDash" in text and "datum.grens !== ''" in text


def test_a_grid_of_ones_is_a_list():
    df = pd.DataFrame({"x": ["A01", "A02"], "y": ["Punt", "Punt"], "n": [1, 0]})
    fig = charts.heatmap(df, "T", "D", x="x", y="y", value="n", x_title="X", y_title="Y")
    assert fig.chart is None and fig.kind == "list" and "A01" in fig._repr_html_()


def test_mixed_units_are_refused():
    df = rows([dict(category="Ja", value=60), dict(category="Nee", value=4, unit="count")])
    with pytest.raises(ValueError, match="one unit"):
        charts.distribution_bar(df, "T")


@pytest.mark.parametrize("k", range(2, 12))
def test_sequential_palette_has_k_distinct_colours(k):
    pal = th.sequential(k)
    assert len(pal) == k and len(set(pal)) == k


def test_label_colour_contrasts_with_bar():
    assert th.text_color("#542788") == "#ffffff"  # dark purple -> white text
    assert th.text_color("#fee0b6") == "#000000"  # light orange -> black text


def test_missing_locator_fails_loudly():
    with pytest.raises(survey.MissingValue, match="no data for locator 'Figuur 1.99'"):
        survey.figure(rows([dict(category="Ja", value=1)]), "Figuur 1.99")


def test_likert_chart_keeps_its_answer_legend():
    df = rows(
        [dict(item=i, category=c, value=v) for i in ("S1", "S2") for c, v in (("Oneens", 40), ("Eens", 60))]
    )
    spec = charts.likert_bar(df, "T").chart.to_dict()
    assert spec["resolve"]["scale"]["color"] == "independent"
    assert spec["layer"][0]["encoding"]["color"]["field"] == "kleur_label"


def test_unreadable_likert_segments_keep_the_readable_ones_in_place():
    """A statement whose first two answers are unreadable: the readable 'eens' segments must still
    start at 50% (after an outlined 'niet leesbaar' block), not slide to 0%."""
    df = rows(
        [
            dict(item="S1", category=c, value=v, quality=q)
            for c, v, q in (
                ("Oneens", None, "not-recoverable"),
                ("Neutraal", None, "not-recoverable"),
                ("Eens", 30, "chart-label"),
                ("Helemaal eens", 20, "chart-label"),
            )
        ]
        + [
            dict(item="S2", category=c, value=v)
            for c, v in (("Oneens", 10), ("Neutraal", 20), ("Eens", 40), ("Helemaal eens", 30))
        ]
    )
    spec = charts.likert_bar(df, "T").chart.to_dict()
    values = next(iter(spec["datasets"].values()))
    s1 = [v for v in values if v["item"] == "S1"]
    assert [v["kleur"] for v in s1] == [charts.UNREADABLE, charts.UNREADABLE, "Eens", "Helemaal eens"]
    assert [round(v["shown"], 2) for v in s1] == [0.5, 0.0, 0.3, 0.2]
    s2 = [v for v in values if v["item"] == "S2"]
    assert charts.UNREADABLE not in {v["kleur"] for v in s2}


def test_a_chart_of_only_unreadable_values_fails_instead_of_drawing_an_empty_frame():
    df = rows([dict(category="Alle", value=None, quality="not-recoverable", note="unreadable")])
    with pytest.raises(ValueError, match="no readable value"):
        charts.distribution_bar(df, "T")


def test_figure_picks_the_question_with_readable_values():
    df = rows(
        [
            dict(question="Grafiek", category="Alle", value=None, quality="not-recoverable", note="x"),
            dict(question="Samengevat in de tekst", category="Eens", value=60, quality="prose"),
        ]
    )
    fig = survey.figure(df, "Figuur 9.9")
    assert list(fig.data.iloc[:, 0]) == ["Eens"]


def test_value_sum_adds_categories_and_refuses_an_unreadable_one():
    df = rows(
        [
            dict(item="S", category="Eens", value=40),
            dict(item="S", category="Helemaal eens", value=15),
            dict(item="T", category="Eens", value=30),
            dict(item="T", category="Helemaal eens", value=None, quality="not-recoverable", note="x"),
        ]
    )
    assert survey.value_sum(df, "Figuur 9.9", ["Eens", "Helemaal eens"], item="S") == 55
    with pytest.raises(survey.MissingValue, match="not recoverable"):
        survey.value_sum(df, "Figuur 9.9", ["Eens", "Helemaal eens"], item="T")


def test_a_figure_half_unreadable_charts_the_numbers_the_text_states():
    df = rows(
        [
            dict(question="Grafiek", category="A", value=None, quality="not-recoverable", note="x"),
            dict(question="Grafiek", category="B", value=None, quality="not-recoverable", note="x"),
            dict(question="Grafiek", category="C", value=20),
            dict(question="Samengevat in de tekst", category="A of B", value=80, quality="prose"),
        ]
    )
    fig = survey.figure(df, "Figuur 9.9")
    assert list(fig.data.iloc[:, 0]) == ["A of B"]
    assert any("cijfers die de tekst" in n for n in fig.notes + fig.about)


def test_a_comparison_marks_items_whose_question_differs():
    df = rows(
        [
            dict(item="Werkdruk", category="Hoog", value=62, year=2020),
            dict(item="Werkdruk", category="Hoog", value=29, year=2024),
        ],
        answer_type="value",
    )
    fig = charts.comparison_bar(
        df, "T", by="item", comparability={"Werkdruk": ("question-differs", "Andere schaal in 2020.")}
    )
    assert list(fig.data["Onderdeel"]) == ["Werkdruk (vraag anders gesteld)"]
    assert any("Andere schaal in 2020." in n for n in fig.notes + fig.about)


def test_a_heatmap_has_a_list_for_narrow_screens():
    df = pd.DataFrame({"x": ["A01", "A02"], "y": ["Punt", "Punt"], "n": [2, 0]})
    fig = charts.heatmap(
        df,
        "T",
        "D",
        x="x",
        y="y",
        value="n",
        x_title="Actie",
        y_title="Punt",
        x_labels={"A01": "A01 Een titel"},
    )
    assert fig.narrow_html and "A01 Een titel: 2" in fig.narrow_html and "A02" not in fig.narrow_html
    assert 'class="swic-narrow-only"' in fig._repr_html_()


def test_dutch_csv_and_workbook_keep_numbers_as_numbers(tmp_path):
    import io

    import openpyxl

    from swic import downloads

    df = pd.DataFrame({"Categorie": ["Ja", "Nee"], "Waarde": [55.5, 44.5], "n": [1191, 1191]})
    csv = downloads.dutch_csv(df)
    assert csv.startswith("\ufeff".encode()) and b"Categorie;Waarde;n" in csv and b"Ja;55,5;1191" in csv
    wb = openpyxl.load_workbook(io.BytesIO(downloads.workbook([("Gegevens", df)], [("Bron", "Movisie")])))
    ws = wb["Gegevens"]
    assert ws["B2"].value == 55.5 and isinstance(ws["C2"].value, int)
    assert wb.sheetnames == ["Gegevens", "Bron"]
    assert downloads.workbook([("Gegevens", df)]) == downloads.workbook([("Gegevens", df)]), (
        "not deterministic"
    )


def test_the_png_made_from_the_svg_has_the_pixels_of_the_chart():
    """render.png rasterises the SVG the build already has; it must equal rendering the spec itself."""
    import vl_convert as vlc

    from swic import downloads, render

    df = rows([dict(category="Ja", value=62), dict(category="Nee", value=38)])
    fig = charts.distribution_bar(df, "Titel")
    vg = render.fixed_width(render.compile_spec(fig.chart.to_dict()), downloads.STATIC_WIDTH)
    assert render.png(render.svg(vg)) == vlc.vega_to_png(vg, scale=render.PNG_SCALE)


def test_every_column_and_code_of_the_schemas_has_a_dutch_name():
    """swic.labels names every column and every code of data/schemas/ for Excel; a new one needs a name."""
    import json
    from pathlib import Path

    from swic import labels

    missing = []
    for schema in sorted((Path(__file__).resolve().parents[1] / "data" / "schemas").glob("*.json")):
        for f in json.loads(schema.read_text(encoding="utf-8")).get("fields", []):
            if f["name"] not in labels.COLUMNS:
                missing.append(f"{schema.name}: column {f['name']}")
            for code in f.get("constraints", {}).get("enum", []):
                if (
                    isinstance(code, str)
                    and code not in labels.CODES.get(f["name"], {})
                    and f["name"] != "source"
                ):
                    missing.append(f"{schema.name}: {f['name']} = {code}")
    assert not missing, "\n".join(missing)


def test_sheet_names_are_whole_and_meaningful():
    from swic import data, labels

    names = [labels.table_name(n) for n in data.resources()]
    assert "H09 Administratie- en regeldruk" in names and "Kerncijfers" in names and "Bronnen" in names
    assert all(len(n) <= 31 for n in names) and len(set(names)) == len(names)
    assert not [n for n in names if n.startswith("raadpleging")]


def test_figure_workbook_stores_percentages_as_percentages_and_csv_writes_41_as_41():
    import io

    import openpyxl

    from swic import downloads

    df = rows([dict(category="Ja", value=41.0), dict(category="Nee", value=59.0)])
    fig = survey.figure(df, "Figuur 9.9", "Titel")
    table, formats = downloads.excel_table(fig)
    wb = openpyxl.load_workbook(io.BytesIO(downloads.workbook([("Gegevens", table, formats)])))
    ws = wb["Gegevens"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("Percentage") + 1)
    assert cell.value == 0.41 and cell.number_format == "0%"
    read = ws.cell(row=2, column=header.index("Hoe het cijfer is overgenomen") + 1).value
    assert "grafiek" in read and read != "grafieklabel"
    csv = downloads.dutch_csv(fig.data).decode("utf-8-sig")
    assert ";41;" in csv and "41,0" not in csv


def test_citations_parse_as_ris_and_bibtex_and_get_the_version_date():
    from swic import cite
    from tests.test_site import parse_bibtex, parse_ris

    ris, bib = cite.figure_references(["raadpleging-2025"], "Figuur 9.1", "Titel", "administratie", "fig-x")
    ris, bib = cite.stamp(ris, "2026-12-04"), cite.stamp(bib, "2026-12-04")
    recs = parse_ris(ris)
    assert [r["TY"][0] for r in recs] == ["RPRT", "ELEC"] and recs[1]["DA"] == ["2026/12/04"]
    entries = parse_bibtex(bib)
    assert [e[0] for e in entries] == ["techreport", "misc"] and entries[1][2]["year"] == "2026"
    text = cite.stamp(cite.site_citation(), "2026-12-04")
    assert "versie van 4 december 2026" in text
    html = cite.figure_citation(["raadpleging-2025"], "Figuur 9.1", "T", "p", "a", markup="html")
    assert "<i>De Grote Raadpleging" in html


def test_every_unit_a_chart_axis_names_has_dutch_words_for_the_workbook():
    from swic import downloads, labels
    from swic.charts import common

    assert set(common.UNIT_AXIS) <= set(labels.UNIT)
    assert all(downloads.AXIS_UNIT[title] == code for code, title in common.UNIT_AXIS.items())


def test_a_count_figure_workbook_states_its_unit():
    from swic import downloads

    df = rows(
        [dict(category="Ja", value=29), dict(category="Nee", value=24)], unit="count", answer_type="open"
    )
    table, formats = downloads.excel_table(survey.figure(df, "Figuur 9.9", "T"))
    assert list(table["Eenheid"]) == ["aantal", "aantal"] and not formats


def test_a_title_ending_in_a_question_mark_gets_no_full_stop():
    from swic import cite

    assert cite._end("<i>Wat is sociaal werk?</i>").endswith("?</i>")
