"""What a reader takes away: every chart as SVG and PNG, its data as Excel and CSV, and the whole data set.

During a build (see :mod:`swic.runtime`), displaying a :class:`~swic.charts.Figure` writes its files at
stable addresses named after the page and the figure::

    figuren/<page>/<figure>.svg          the chart at column width (shown without JavaScript, printed)
    figuren/<page>/<figure>-smal.svg     the phone layout (a <picture> source for narrow screens)
    figuren/<page>/<figure>.png          the chart at column width, twice the resolution (slides)
    figuren/<page>/<figure>.xlsx         the numbers as numbers, with a sheet on the source
    figuren/<page>/<figure>.csv          for Dutch Excel: UTF-8 with BOM, ';' and a decimal comma
    figuren/<page>/<figure>-internationaal.csv   comma-separated, decimal point

Rendering happens in the page's own execution: in parallel, and cached with the page. Outside a build
(nbval, JupyterLab) no file is written.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import re

import pandas as pd

from swic import cite, data, datapackage, paths, render, runtime

STATIC_WIDTH = 720  # px: the page column on a desktop
NARROW_WIDTH = 360  # px: a phone
FIXED_DATE = _dt.datetime(2025, 1, 1)  # workbook metadata: a fixed date keeps the files identical per build
LICENSE = "De cijfers komen uit de genoemde publicatie; vermeld die bij hergebruik. De bewerking: CC BY 4.0."


# --------------------------------------------------------------------------- data files


def dutch_csv(df: pd.DataFrame) -> bytes:
    """CSV that Dutch Excel opens right: UTF-8 with BOM, ';' between fields, decimal comma."""
    text = df.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def international_csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _cell(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        v = v.item()
    return v


def workbook(
    sheets: list[tuple[str, pd.DataFrame]],
    about: list[tuple[str, str]] | None = None,
    about_title: str = "Bron",
) -> bytes:
    """An .xlsx with a sheet per table (numbers stored as numbers) and a sheet of plain facts."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_numbers": False, "nan_inf_to_errors": False}
    )
    wb.set_properties(
        {"created": FIXED_DATE, "author": cite.SITE_TITLE, "title": sheets[0][0] if sheets else ""}
    )
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    for name, df in sheets:
        ws = wb.add_worksheet(sheet_name(name))
        for c, col in enumerate(df.columns):
            ws.write_string(0, c, str(col), bold)
            width = max([len(str(col))] + [len(str(x)) for x in df[col].head(200)])
            ws.set_column(c, c, min(60, max(8, width + 2)))
        for r, row in enumerate(df.itertuples(index=False), start=1):
            for c, v in enumerate(row):
                v = _cell(v)
                if v is None:
                    continue
                if isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, int | float):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
        ws.freeze_panes(1, 0)
    if about:
        ws = wb.add_worksheet(sheet_name(about_title))
        ws.set_column(0, 0, 24)
        ws.set_column(1, 1, 100)
        for r, (k, v) in enumerate(about):
            ws.write_string(r, 0, k, bold)
            ws.write_string(r, 1, v, wrap)
    wb.close()
    return buf.getvalue()


def sheet_name(name: str) -> str:
    """A name Excel accepts for a sheet: no []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "Gegevens"


# --------------------------------------------------------------------------- one figure


def urls(fig, page: str) -> dict[str, str]:
    """The site paths of a figure's files."""
    base = f"figuren/{page}/{fig.stem}"
    return {
        "svg": f"{base}.svg",
        "svg_narrow": f"{base}-smal.svg",
        "png": f"{base}.png",
        "xlsx": f"{base}.xlsx",
        "csv": f"{base}.csv",
        "csv_int": f"{base}-internationaal.csv",
    }


def notes_text(fig) -> list[str]:
    """A figure's notes as plain text (a known-issue tag becomes a sentence)."""
    return [
        n
        if not n.startswith("known-issue:")
        else "Het rapport spreekt zichzelf hier tegen; zie de lijst "
        "met inconsistenties op de pagina Werkwijze."
        for n in fig.notes
    ]


def write_figure(fig, page: str, wide_vg: dict | None, narrow_vg: dict | None) -> None:
    """Render the figure's files (only while building; see :func:`swic.runtime.write_asset`)."""
    if not runtime.building():
        return
    u = urls(fig, page)
    if wide_vg is not None:
        static_svg = render.svg(render.fixed_width(wide_vg, STATIC_WIDTH))
        runtime.write_asset(u["svg"], static_svg.encode("utf-8"))
        runtime.write_asset(u["png"], render.png(static_svg))
    if narrow_vg is not None:
        narrow_svg = render.svg(render.fixed_width(narrow_vg, NARROW_WIDTH))
        runtime.write_asset(u["svg_narrow"], narrow_svg.encode("utf-8"))
    about = [
        ("Titel", fig.title),
        ("Bron", fig.source + (f", {fig.locator}" if fig.locator else "")),
        ("Aantal deelnemers", fig.n),
        ("Toelichting", " ".join(notes_text(fig))),
        ("Op de site", cite.page_url(page, fig.anchor)),
        ("Citeer", cite.figure_citation(fig.sources, fig.locator, fig.title, page, fig.anchor)),
        ("Licentie", LICENSE),
    ]
    runtime.write_asset(u["xlsx"], workbook([("Gegevens", fig.data)], [a for a in about if a[1]]))
    runtime.write_asset(u["csv"], dutch_csv(fig.data))
    runtime.write_asset(u["csv_int"], international_csv(fig.data))
    runtime.write_record(f"figuren/{page}/{fig.stem}.json", record(fig))


def record(fig) -> bytes:
    """What a reviewer compares between two builds: the figure's title, where it comes from and its rows
    (as the figure's CSV gives them), as JSON."""
    rows = [[str(c) for c in fig.data.columns]]
    for row in fig.data.itertuples(index=False):
        rows.append(["" if (v := _cell(x)) is None else str(v) for x in row])
    doc = {
        "anchor": fig.anchor,
        "title": fig.title,
        "locator": fig.locator,
        "source": fig.source,
        "n": fig.n,
        "rows": rows,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- the whole data set

BUNDLE_NAME = "sociaal-werk-in-cijfers-data"
TYPE_NL = {"string": "tekst", "integer": "geheel getal", "number": "getal", "boolean": "ja/nee"}


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    """A ZIP with fixed timestamps and a fixed order: the same data gives the same file."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, content)
    return buf.getvalue()


def data_readme() -> list[tuple[str, str]]:
    """The facts a reader of the data needs first (the 'Lees mij' of the ZIP and the workbook)."""
    srcs = data.load_resource("sources")
    lines = [
        (
            "Wat is dit?",
            "Alle cijfers van Sociaal Werk in Cijfers: één rij per cijfer, met de bron, de plaats in "
            "die bron en hoe het cijfer is gelezen.",
        ),
        ("Licentie", datapackage.LICENSE_NOTE),
        ("Site", cite.base_url()),
        ("Citeer", cite.site_citation(*_version_and_year())),
    ]
    for _, s in srcs.iterrows():
        lines.append(
            (f"Bron {s['id']}", f"{s['publisher']}, {s['title']} ({s['year'] if s['year'] else 'z.j.'})")
        )
    lines.append(
        (
            "Hoe gelezen",
            "table: uit een tabel; chart-label: uit de labels van een grafiek; chart-order: een label van de "
            "grafiek, op zijn plaats gezet volgens de volgorde van de staven of de legenda; prose: uit de "
            "lopende tekst; pdf: afgelezen uit de pdf van het rapport (pagina in pdf_page); derived: berekend (de toelichting zegt hoe); not-recoverable: niet leesbaar, niet "
            "ingevuld en niet geschat.",
        )
    )
    return lines


def _version_and_year() -> tuple[str, str]:
    desc, date = cite.version()
    return desc, (date[:4] if date else "z.j.")


def data_bundle() -> dict[str, str]:
    """Write the ZIP of every data file (with datapackage.json) and the workbook with a sheet per table and
    a 'Lees mij' sheet; return their site paths. Only while building."""
    zip_path = f"downloads/{BUNDLE_NAME}.zip"
    xlsx_path = f"downloads/{BUNDLE_NAME}.xlsx"
    if not runtime.building():
        return {"zip": zip_path, "xlsx": xlsx_path}
    root = paths.data_dir()
    files = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in (".csv", ".json"):
            files.append((f"{BUNDLE_NAME}/{p.relative_to(root).as_posix()}", p.read_bytes()))
    readme = "\n\n".join(f"{k}\n{v}" for k, v in data_readme()) + "\n"
    files.append((f"{BUNDLE_NAME}/LEESMIJ.txt", readme.encode("utf-8")))
    runtime.write_asset(zip_path, _zip(files))

    sheets = []
    columns = []
    for name, res in data.resources().items():
        df = data.load_resource(name).reset_index(drop=True)
        sheets.append((name[-31:], df))
        for f in res.schema.get("fields", []):
            columns.append(
                {
                    "Tabblad": name[-31:],
                    "Kolom": f["name"],
                    "Soort": TYPE_NL.get(f.get("type", "string"), ""),
                    "Betekenis": f.get("description", ""),
                }
            )
    readme_sheet = pd.DataFrame(data_readme(), columns=["Onderwerp", "Toelichting"])
    book = workbook([("Lees mij", readme_sheet), ("Kolommen", pd.DataFrame(columns)), *sheets])
    runtime.write_asset(xlsx_path, book)
    return {"zip": zip_path, "xlsx": xlsx_path}
