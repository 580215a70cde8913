"""What the data page (chapters/data.md) shows: the texts and HTML, leading with what a reader wants.

The page calls, in this order: ``datapage.excel_html()`` (the numbers in Excel: the workbook, then the
ZIP), ``datapage.files_html()`` (every CSV by topic, with its machine name), ``datapage.codes_html()``
(what the codes in the CSV files mean, in plain Dutch).
"""

from __future__ import annotations

import html

from swic import data, downloads, labels, markup


def excel_html() -> str:
    """'De cijfers in Excel' first: the workbook with Dutch names; the ZIP for who works with CSV."""
    paths = downloads.data_bundle()
    return (
        "<h2>De cijfers in Excel</h2>"
        f'<p><a href="../{paths["xlsx"]}" download>Download alle cijfers als Excel-bestand</a>. Elke tabel '
        "staat op een eigen tabblad met Nederlandse kolomnamen, zoals <em>H09 Administratie- en "
        "regeldruk</em> of <em>Kerncijfers</em>. Het tabblad <em>Lees mij</em> zegt waar de cijfers "
        "vandaan komen; <em>Kolommen</em> zegt wat elke kolom betekent.</p>"
        "<p>Wil je maar één grafiek? Onder elke grafiek staan bij <em>Downloaden en citeren</em> de "
        "cijfers van die grafiek als Excel- en CSV-bestand.</p>"
        "<h2>Alle bestanden als open data</h2>"
        f'<p><a href="../{paths["zip"]}" download>Download alle CSV-bestanden als ZIP</a>, met een '
        "beschrijving die programma's kunnen lezen (<code>datapackage.json</code>). De CSV-bestanden "
        "houden vaste, korte namen voor kolommen en codes, zodat scripts blijven werken; hieronder staat "
        "wat ze betekenen.</p>"
    )


def files_html() -> str:
    """Every data file by topic: what it is about first, its file name after it."""
    import pandas as pd

    rows = []
    for name, res in data.resources().items():
        file = res.path.as_posix().split("/data/", 1)[-1] if hasattr(res, "path") else name
        rows.append({"Onderwerp": labels.table_name(name), "Bestand": str(file)})
    return markup.table(pd.DataFrame(rows), "De bestanden per onderwerp")


def codes_html() -> str:
    """The codes of the CSV files in plain Dutch, one list per column."""
    parts = []
    for column, codes in labels.CODES.items():
        items = "".join(
            f"<li><code>{html.escape(c)}</code>: {html.escape(w)}</li>" for c, w in codes.items() if c != w
        )
        if items:
            parts.append(
                f"<h3>{html.escape(labels.column(column))} (<code>{column}</code>)</h3><ul>{items}</ul>"
            )
    return "".join(parts)
