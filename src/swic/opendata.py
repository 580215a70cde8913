"""The site's open data as its pages account for it: how each value of the raadpleging was read, which
tables and figures were recovered, where the sources contradict themselves, and the files to download.

The werkwijze page (methods and data quality), the data page (downloads) and the start page's key
figures narrate these counts and show these tables.
"""

from __future__ import annotations

import html

import pandas as pd

from swic import data, datapackage, downloads, fmt, known_issues, markup, survey

STATUS_NL = {
    "complete": "volledig",
    "partial": "gedeeltelijk",
    "not-recoverable": "ontbreekt in onze tekstversie",
    "qualitative": "kwalitatief (geen cijfers)",
}
"""A coverage status as the werkwijze page names it."""

QUALITIES = ["table", "chart-label", "derived", "prose", "not-recoverable"]
"""The ways a value was read, in the order the werkwijze page lists them."""

LICENSE_NOTE = datapackage.LICENSE_NOTE
"""The data set's licence, in one sentence."""


# ------------------------------------------------------------------ the raadpleging's values


def reading_counts(edition: int) -> dict[str, int]:
    """How the raadpleging's values were read: ``rows`` and ``values`` (rows with a number), per way of
    reading (``table``, ``chart_label``, ``derived``, ``prose``, ``not_recoverable``) and ``bound`` (values
    the source gives as a bound: 'meer dan', 'bijna')."""
    df = data.load_survey(edition)
    quality = df["quality"].value_counts()
    by_quality = {q.replace("-", "_"): int(quality.get(q, 0)) for q in QUALITIES}
    return {
        "rows": len(df),
        "values": int(df["value"].notna().sum()),
        **by_quality,
        "bound": int((df["bound"] != "").sum()),
    }


def checked_counts(edition: int) -> dict[str, int]:
    """What the checks of completeness and comparability found: percentages of the text deliberately
    ``left_out``, and items ``comparable`` with the baseline or ``not_comparable`` (another question or
    another group)."""
    verdicts = data.load_resource(f"raadpleging-{edition}-vergelijkbaarheid")["verdict"].value_counts()
    return {
        "left_out": len(data.load_resource(f"raadpleging-{edition}-niet-overgenomen")),
        "comparable": int(verdicts.get("comparable", 0)),
        "not_comparable": int(verdicts.get("question-differs", 0) + verdicts.get("population-differs", 0)),
    }


def coverage(edition: int) -> pd.DataFrame:
    """The report's tables and figures, each with whether it was recovered as data (``status``)."""
    return data.load_resource(f"raadpleging-{edition}-coverage")


def coverage_counts(edition: int) -> dict[str, int]:
    """The report's tables and figures (``numbered``, the comparison boxes included) by status:
    ``complete``, ``partial``, ``unreadable`` and ``qualitative`` (no numbers)."""
    cov = coverage(edition)
    status = cov["status"].value_counts()
    return {
        "numbered": len(cov),
        "complete": int(status.get("complete", 0)),
        "partial": int(status.get("partial", 0)),
        "unreadable": int(status.get("not-recoverable", 0)),
        "qualitative": int(status.get("qualitative", 0)),
    }


def coverage_table(edition: int) -> markup.HTML:
    """Every table and figure of the report with its status and, when not complete, the reason."""
    cov = coverage(edition)
    cov = cov.assign(status=cov["status"].map(STATUS_NL))[["locator", "title", "status", "values", "reason"]]
    cov = cov.rename(
        columns={
            "locator": "Vindplaats",
            "title": "Onderwerp",
            "status": "Status",
            "values": "Cijfers",
            "reason": "Toelichting",
        }
    )
    caption = f"Dekking van de tabellen en figuren in de raadpleging {edition}"
    return markup.HTML(markup.table(cov.reset_index(drop=True), caption))


# ------------------------------------------------------------------ where the sources contradict themselves


def n_issues() -> int:
    """How many places a source contradicts itself (``data/known-issues.csv``)."""
    return len(data.load_resource("known-issues"))


def issues_table() -> markup.HTML:
    """The known issues, one row each with the id other pages link to."""
    issues = data.load_resource("known-issues")
    ki = issues[["source", "locator", "description", "values"]].rename(
        columns={
            "source": "Bron",
            "locator": "Vindplaats",
            "description": "Wat niet klopt",
            "values": "Cijfers in de bron",
        }
    )
    return markup.HTML(
        markup.table(
            ki.reset_index(drop=True),
            "Bekende inconsistenties in de bronnen",
            row_ids=[known_issues.anchor(i) for i in issues["id"]],
        )
    )


# ------------------------------------------------------------------ the other documents and the crosswalk


def document_counts() -> dict[str, int]:
    """The other four documents as data: key figures (``cijfers``, of which ``cijfers_approx`` an
    approximation and ``cijfers_derived`` derived), the sector plan's ``actions``, and the crosswalk's
    ``topics`` and ``links``."""
    cijfers = data.load_resource("cijfers")
    return {
        "cijfers": len(cijfers),
        "cijfers_derived": int((cijfers["quality"] == "derived").sum()),
        "cijfers_approx": int((cijfers["bound"] != "").sum()),
        "actions": len(data.load_resource("sectorplan-acties")),
        "links": len(data.load_resource("koppelingen")),
        "topics": len(data.load_resource("onderwerpen")),
    }


# ------------------------------------------------------------------ the start page


def key_figures(edition: int) -> markup.HTML:
    """The start page's key figures: respondents, numbered tables and figures recovered as data, values
    with their place in the report, and the publications."""
    df = data.load_survey(edition)
    cov = coverage(edition)
    numbered = cov[cov["locator"].str.match(r"^(Tabel|Figuur) \d+\.\d+$")]
    recovered = numbered[numbered["status"].isin(["complete", "partial"])]
    return markup.HTML(
        markup.keyfigures(
            [
                (fmt.number(survey.n_of(df, "Tabel 1.1")), "sociaal werkers vulden de raadpleging in"),
                (f"{len(recovered)} van {len(numbered)}", "genummerde tabellen en figuren als open data"),
                (
                    fmt.number(int(df["value"].notna().sum())),
                    "cijfers uit de raadpleging, elk met vindplaats",
                ),
                (str(len(data.sources())), "publicaties als bron"),
            ]
        )
    )


def sources_table() -> markup.HTML:
    """The five publications: title, publisher and year ('zonder jaar' when it has none)."""
    table = data.sources()[["title", "publisher", "year"]].rename(
        columns={"title": "Publicatie", "publisher": "Uitgever", "year": "Jaar"}
    )
    table["Jaar"] = [str(y) if not pd.isna(y) else "zonder jaar" for y in table["Jaar"]]
    return markup.HTML(
        markup.table(table.reset_index(drop=True), "De vijf publicaties waarop deze site steunt")
    )


# ------------------------------------------------------------------ the data page


def bundle_links(data_url: str) -> markup.HTML:
    """Links to the whole data set: the workbook, the ZIP (both written while building) and
    ``datapackage.json`` (under ``data_url``)."""
    bundle = downloads.data_bundle()
    return markup.HTML(
        '<ul class="swic-bundle">'
        f'<li><a href="../{bundle["xlsx"]}" download>Alle data als Excel-werkmap (.xlsx)</a></li>'
        f'<li><a href="../{bundle["zip"]}" download>Alle data als ZIP (CSV-bestanden en datapackage.json)</a></li>'
        f'<li><a href="{data_url}/datapackage.json" download>datapackage.json</a> (beschrijving van alle bestanden)</li>'
        "</ul>"
    )


def dataset_html(res: data.Resource, href: str) -> str:
    """One data file: its title, description, a download link (``href``), its rows and its columns."""
    fields = res.schema["fields"]
    cols = markup.table(
        pd.DataFrame(
            {
                "Kolom": [f["name"] for f in fields],
                "Type": [f.get("type", "string") for f in fields],
                "Betekenis": [f.get("description", "") for f in fields],
            }
        ),
        f"Kolommen van {res.path.name}",
    )
    return (
        f'<section class="swic-dataset" aria-labelledby="ds-{res.name}">'
        f'<h3 id="ds-{res.name}">{html.escape(res.title)}</h3>'
        f"<p>{html.escape(res.description)}</p>"
        f'<p><a href="{href}" download>{html.escape(res.path.name)}</a> '
        f"({fmt.number(len(data.load_resource(res.name)))} rijen, CSV, UTF-8)</p>"
        f"<details><summary>Kolommen</summary>{cols}</details></section>"
    )


def n_datasets() -> int:
    """How many data files the Data Package has."""
    return len(data.resources())


def datasets_html(data_url: str) -> markup.HTML:
    """Every file of the Data Package, in the package's order, each linked under ``data_url``."""
    rel = {r["name"]: r["path"] for r in data.package()["resources"]}
    return markup.HTML(
        "\n".join(dataset_html(res, f"{data_url}/{rel[name]}") for name, res in data.resources().items())
    )
