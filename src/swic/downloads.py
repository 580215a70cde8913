"""What a reader takes away: every chart as SVG and PNG, its data as Excel and CSV, and the whole data set.

During a build (see :mod:`swic.runtime`), displaying a :class:`~swic.charts.Figure` writes its files at
stable addresses named after the page and the figure::

    figuren/<page>/<figure>.svg          the chart at column width, in the page (without JavaScript, print)
    figuren/<page>/<figure>-smal.svg     the phone layout (a <picture> source for narrow screens)
    figuren/<page>/<name>.svg, .png      the picture to take away: the question as title, who answered, the
                                         chart, what its marks mean and a source line; the PNG at twice the
                                         resolution (1920 px wide: a slide), also the page's link preview
    figuren/<page>/<name>.xlsx           the numbers as numbers, with a sheet on the source
    figuren/<page>/<name>.csv            for Dutch Excel: UTF-8 with BOM, ';' and a decimal comma
    figuren/<page>/<name>-internationaal.csv   comma-separated, decimal point

``<name>`` says what the file is once saved: 'sociaal-werk-in-cijfers-administratie-figuur-9-2'. Every SVG
carries the glyphs it uses (:mod:`swic.fonts`), so it looks the same on every machine.

Rendering happens in the page's own execution: in parallel, and cached with the page. Outside a build
(nbval, JupyterLab) no file is written.
"""

from __future__ import annotations

import datetime as _dt
import html
import io
import json
import re

import pandas as pd

from swic import cite, contract, data, datapackage, fonts, labels, locators, paths, render, runtime
from swic.charts import common

STATIC_WIDTH = 720  # px: the page column on a desktop
NARROW_WIDTH = 360  # px: a phone
POSTER_WIDTH = 960  # px: a downloaded picture (its PNG is twice that: 1920 px, a slide's width)
SITE_SLUG = "sociaal-werk-in-cijfers"
FIXED_DATE = _dt.datetime(2025, 1, 1)  # workbook metadata: a fixed date keeps the files identical per build
LICENSE = "De cijfers komen uit de genoemde publicatie; vermeld die bij hergebruik. De bewerking: CC BY 4.0."


# --------------------------------------------------------------------------- data files


def _number_text(v, decimal: str):
    """41.0 -> '41', 55.5 -> '55,5' (decimal ','); anything else unchanged."""
    if isinstance(v, bool) or not isinstance(v, float | int) or pd.isna(v):
        return v
    text = str(int(v)) if float(v).is_integer() else repr(float(v))
    return text.replace(".", decimal)


def _plain_numbers(df: pd.DataFrame, decimal: str) -> pd.DataFrame:
    """Numeric columns as text without a trailing ',0' (a column with a gap is float in pandas)."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = [_number_text(_cell(v), decimal) for v in out[col]]
    return out


def dutch_csv(df: pd.DataFrame) -> bytes:
    """CSV that Dutch Excel opens right: UTF-8 with BOM, ';' between fields, decimal comma; 41 as '41'."""
    text = _plain_numbers(df, ",").to_csv(index=False, sep=";", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def international_csv(df: pd.DataFrame) -> bytes:
    return _plain_numbers(df, ".").to_csv(index=False, lineterminator="\n").encode("utf-8")


def _cell(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        v = v.item()
    return v


def workbook(
    sheets: list[tuple],
    about: list[tuple[str, str]] | None = None,
    about_title: str = "Bron",
) -> bytes:
    """An .xlsx with a sheet per table (numbers stored as numbers) and a sheet of plain facts.

    A sheet is (name, table) or (name, table, {column: Excel number format}), e.g. '0%' for shares
    stored as 0.41."""
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
    for name, df, *rest in sheets:
        ws = wb.add_worksheet(sheet_name(name))
        numfmt = {
            c: wb.add_format({"num_format": f})
            for c, f in (rest[0] if rest else {}).items()
            if c in df.columns
        }
        by_index = [numfmt.get(col) for col in df.columns]
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
                    ws.write_number(r, c, v, by_index[c])
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


def download_name(fig, page: str) -> str:
    """What a saved file is called: the site, the page and the figure."""
    topic = "start" if page == "index" else page
    return f"{SITE_SLUG}-{topic}-{fig.stem}"


def urls(fig, page: str) -> dict[str, str]:
    """The site paths of a figure's files."""
    folder = f"figuren/{page}"
    name = f"{folder}/{download_name(fig, page)}"
    return {
        "svg": f"{folder}/{fig.stem}.svg",
        "svg_narrow": f"{folder}/{fig.stem}-smal.svg",
        "svg_download": f"{name}.svg",
        "png": f"{name}.png",
        "xlsx": f"{name}.xlsx",
        "csv": f"{name}.csv",
        "csv_int": f"{name}-internationaal.csv",
        "ris": f"{name}.ris",
        "bib": f"{name}.bib",
    }


def notes_text(fig, notes: list[str] | None = None) -> list[str]:
    """A figure's notes as plain text (a known-issue tag becomes a sentence)."""
    notes = fig.notes if notes is None else notes
    said = "Het rapport spreekt zichzelf hier tegen; zie de lijst met inconsistenties op de pagina Werkwijze."
    return [
        n
        if not contract.KNOWN_ISSUE_TAG.search(n)
        else (contract.KNOWN_ISSUE_TAG.sub("", n).strip() + " " + said).strip()
        for n in notes
    ]


def write_figure(fig, page: str, wide_vg: dict | None, narrow_vg: dict | None) -> None:
    """Render the figure's files (only while building; see :func:`swic.runtime.write_asset`)."""
    if not runtime.building():
        return
    u = urls(fig, page)
    if wide_vg is not None:
        runtime.write_asset(u["svg"], render.svg(render.fixed_width(wide_vg, STATIC_WIDTH)).encode("utf-8"))
        chart = render.svg(render.fixed_width(wide_vg, POSTER_WIDTH), embed_font=False)
        poster = poster_svg(fig, page, chart)
        runtime.write_asset(u["svg_download"], fonts.embed(poster).encode("utf-8"))
        runtime.write_asset(u["png"], render.png(poster))
    if narrow_vg is not None:
        narrow_svg = render.svg(render.fixed_width(narrow_vg, NARROW_WIDTH))
        runtime.write_asset(u["svg_narrow"], narrow_svg.encode("utf-8"))
    about = [
        ("Titel", fig.title),
        ("Bron", fig.source + (f", {locators.for_readers(fig.locator)}" if fig.locator else "")),
        ("Aantal deelnemers", fig.n),
        ("Eenheid", unit_sentence(fig)),
        ("Toelichting", " ".join(notes_text(fig))),
        ("Over deze cijfers", " ".join(notes_text(fig, fig.about))),
        ("Op de site", cite.page_url(page, fig.anchor)),
        ("Citeer", cite.figure_citation(fig.sources, fig.locator, fig.title, page, fig.anchor)),
        ("Licentie", LICENSE),
    ]
    table, formats = excel_table(fig)
    runtime.write_asset(u["xlsx"], workbook([("Gegevens", table, formats)], [a for a in about if a[1]]))
    ris, bib = cite.figure_references(fig.sources, fig.locator, fig.title, page, fig.anchor)
    runtime.write_asset(u["ris"], ris.encode("utf-8"))
    runtime.write_asset(u["bib"], bib.encode("utf-8"))
    runtime.write_asset(u["csv"], dutch_csv(fig.data))
    runtime.write_asset(u["csv_int"], international_csv(fig.data))
    runtime.write_record(f"figuren/{page}/{fig.stem}.json", record(fig))


READ_AS = "Hoe het cijfer is overgenomen"
# the short words the figure's table uses ('grafieklabel'), back to their code
_QUALITY_SHORT = {
    "tabel": "table",
    "grafieklabel": "chart-label",
    "afgeleid": "derived",
    "tekst": "prose",
    "ontbreekt in onze tekstversie": "not-recoverable",
}
NOT_VALUES = ("n", "Jaar", "Aantal deelnemers", "Aantal deelnemers (n)")


def _chart_frames(chart) -> list[pd.DataFrame]:
    """The data frames a chart (and its layers) draws."""
    out = []
    for c in [chart, *(getattr(chart, "layer", None) or [])]:
        d = getattr(c, "data", None)
        if isinstance(d, pd.DataFrame):
            out.append(d)
    return out


def _spec_layers(spec: dict) -> list[dict]:
    out = [spec]
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for sub in spec.get(key, []) or []:
            out += _spec_layers(sub)
    return out


# The value axis of a chart names its unit: back from the axis title to the unit's code.
AXIS_UNIT = {title: code for code, title in common.UNIT_AXIS.items()}


def figure_unit(fig) -> tuple[str, str]:
    """The unit of a chart's values as (code, words): ('percent', 'procent') when its labels read '41%',
    else from its value axis ('Aantal': ('count', 'aantal')) or, for a heatmap, what its cells count;
    ('', '') when the chart does not say."""
    if fig.chart is None:
        if getattr(fig, "kind", "") == "list":  # a grid of ones and zeros, shown as a list
            return "count", "1 = genoemd, 0 = niet genoemd"
        units = list(dict.fromkeys(getattr(fig, "units", [])))
        return (units[0], labels.UNIT.get(units[0], units[0])) if len(units) == 1 else ("", "")
    for d in _chart_frames(fig.chart):
        if "label" in d and d["label"].astype(str).str.contains("%").any():
            return "percent", labels.UNIT["percent"]
    spec = fig.chart.to_dict(validate=not runtime.building())  # as render.spec: nbval checks each spec
    for layer in _spec_layers(spec):
        enc = layer.get("encoding", {})
        for channel in ("x", "y"):
            title = (enc.get(channel) or {}).get("title")
            if (enc.get(channel) or {}).get("type") == "quantitative" and title in AXIS_UNIT:
                code = AXIS_UNIT[title]
                return code, labels.UNIT[code]
        mark = layer.get("mark")
        if (mark.get("type") if isinstance(mark, dict) else mark) == "rect":
            title = (enc.get("color") or {}).get("title")
            if title:
                return "count", f"aantal ({title.lower()})"
    return "", ""


def unit_sentence(fig) -> str:
    if "Eenheid" in fig.data:
        return "Per rij in de kolom Eenheid."
    code, words = figure_unit(fig)
    if code == "percent":
        return "Percentages: Excel toont 0,41 als 41%; reken je ermee, dan is 41% gelijk aan 0,41."
    if words:
        return f"{words[0].upper()}{words[1:]}."
    if fig.kind in ("table", "keyfigure"):
        return "Staat bij elk cijfer in de kolom Waarde."
    return ""


def excel_table(fig) -> tuple[pd.DataFrame, dict[str, str]]:
    """The figure's table for Excel: percentages stored as shares with Excel's percent format, how a number
    was read in plain words, and the unit stated."""
    d = fig.data.copy()
    if READ_AS not in d and "Hoe gelezen" in d:
        d = d.rename(columns={"Hoe gelezen": READ_AS})
    if READ_AS in d:
        d[READ_AS] = [
            labels.QUALITY.get(_QUALITY_SHORT.get(v, v), v) if isinstance(v, str) else v for v in d[READ_AS]
        ]
    formats: dict[str, str] = {}
    code, words = figure_unit(fig) if "Eenheid" not in d else ("", "")
    if code and code != "percent":
        at = list(d.columns).index("Waarde") + 1 if "Waarde" in d else len(d.columns)
        d.insert(at, "Eenheid", words)
    if code == "percent":
        for col in d.columns:
            if col in NOT_VALUES or not pd.api.types.is_numeric_dtype(d[col]):
                continue
            vals = d[col].dropna()
            decimals = max((len(repr(float(v)).split(".")[1].rstrip("0")) for v in vals), default=0)
            d[col] = [None if pd.isna(v) else round(float(v) / 100, 6) for v in d[col]]
            formats[str(col)] = "0%" if decimals == 0 else "0." + "0" * min(decimals, 2) + "%"
        if "Waarde" in d:
            d = d.rename(columns={"Waarde": "Percentage"})
            formats["Percentage"] = formats.pop("Waarde", "0%")
    return d, formats


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


# --------------------------------------------------------------------------- a picture that travels

MARGIN = 32
TITLE_SIZE, SUB_SIZE, NOTE_SIZE = 26, 17, 15
INK, GREY = "#1a1a1a", "#4d4d4d"


def _svg_text(x: float, y: float, text: str, size: float, weight: int = 400, fill: str = INK) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{fonts.STACK}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}">{html.escape(text)}</text>'
    )


def marks_used(fig) -> list[str]:
    """What the marks of a chart mean, in a line each ('? ontbreekt ...', '* afgeleid ...'), from its notes."""
    return list(dict.fromkeys(n for n in [*fig.notes, *getattr(fig, "about", [])] if n[:2] in ("? ", "* ")))


def poster_svg(fig, page: str, chart_svg: str) -> str:
    """The chart as a reader takes it away: the question as title, who answered, the chart, what its marks
    mean, and a source line with the publication, the figure, this site's address and the licence."""
    m = re.search(
        r'<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"[^>]*>(.*)</svg>\s*$', chart_svg, re.S
    )
    cw, ch, body = float(m[1]), float(m[2]), m[3]
    width = max(POSTER_WIDTH, cw) + 2 * MARGIN
    inner = width - 2 * MARGIN
    parts: list[str] = []
    y = MARGIN
    for line in fonts.wrap(fig.title, TITLE_SIZE, inner, 600):
        y += TITLE_SIZE * 1.2
        parts.append(_svg_text(MARGIN, y, line, TITLE_SIZE, 600))
    if fig.n:
        y += SUB_SIZE * 1.5
        parts.append(
            _svg_text(
                MARGIN,
                y,
                f"Beantwoord door {fig.n.replace('n = ', '')} deelnemers"
                if fig.n.startswith("n = ") and "verschilt" not in fig.n
                else fig.n,
                SUB_SIZE,
                400,
                GREY,
            )
        )
    y += 16
    parts.append(f'<g transform="translate({MARGIN},{y:.1f})">{body}</g>')
    y += ch + 8
    source = f"Bron: {fig.source}" + (f", {locators.for_readers(fig.locator)}" if fig.locator else "") + "."
    lines = [
        *marks_used(fig),
        source,
        f"{cite.SITE_TITLE}: {cite.page_url(page, fig.anchor)} · Bewerking: CC BY 4.0",
    ]
    for text in lines:
        for line in fonts.wrap(text, NOTE_SIZE, inner):
            y += NOTE_SIZE * 1.35
            parts.append(_svg_text(MARGIN, y, line, NOTE_SIZE, 400, GREY))
    height = y + MARGIN
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">'
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="white"/>' + "".join(parts) + "</svg>"
    )


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


def _year_text(year) -> str:
    return "z.j." if year is None or pd.isna(year) or year == "" else str(int(year))


def source_names() -> dict[str, str]:
    """Source id -> 'Movisie, De Grote Raadpleging van het Sociaal Werk 2025 (2025)'."""
    return {
        s["id"]: f"{s['publisher']}, {s['title']} ({_year_text(s['year'])})"
        for _, s in data.load_resource("sources").iterrows()
    }


def data_readme() -> list[tuple[str, str]]:
    """The facts a reader of the data needs first (the 'Lees mij' of the ZIP and the workbook)."""
    lines = [
        (
            "Wat is dit?",
            "Alle cijfers van Sociaal Werk in Cijfers: één rij per cijfer, met de bron, de plaats in "
            "die bron en hoe het cijfer is overgenomen. In dit Excel-bestand staat elke tabel op een eigen "
            "tabblad, met Nederlandse kolomnamen; het tabblad Kolommen zegt wat elke kolom betekent.",
        ),
        ("Licentie", datapackage.LICENSE_NOTE),
        ("Site", cite.base_url()),
        ("Citeer", cite.stamp(cite.site_citation(), cite.version()[1])),
    ]
    for sid, name in source_names().items():
        lines.append((f"Bron {sid}", name))
    lines.append(
        (
            "Hoe overgenomen",
            "; ".join(f"{word}" for word in labels.QUALITY.values())
            + ". Een cijfer dat in onze tekstversie van het rapport ontbreekt (het rapport toont het wel), is leeg "
            "gelaten en niet geschat; de toelichting zegt waarom.",
        )
    )
    return lines


def _dutch_table(name: str, df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A table of the data package for Excel: Dutch headers and Dutch words for codes."""
    out = df.copy()
    for col in out.columns:
        if col == "source":
            out[col] = [names.get(v, v) for v in out[col]]
        elif col in labels.CODES or pd.api.types.is_bool_dtype(out[col]):
            out[col] = [labels.code(col, _cell(v)) for v in out[col]]
    return out.rename(columns=labels.column)


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

    names = source_names()
    sheets = []
    columns = []
    for name, res in data.resources().items():
        df = data.load_resource(name).reset_index(drop=True)
        sheet = labels.table_name(name)
        sheets.append((sheet, _dutch_table(name, df, names)))
        for f in res.schema.get("fields", []):
            columns.append(
                {
                    "Tabblad": sheet,
                    "Kolom": labels.column(f["name"]),
                    "Naam in de CSV": f["name"],
                    "Soort": TYPE_NL.get(f.get("type", "string"), ""),
                    "Betekenis": f.get("description", ""),
                }
            )
    readme_sheet = pd.DataFrame(data_readme(), columns=["Onderwerp", "Toelichting"])
    book = workbook([("Lees mij", readme_sheet), ("Kolommen", pd.DataFrame(columns)), *sheets])
    runtime.write_asset(xlsx_path, book)
    return {"zip": zip_path, "xlsx": xlsx_path}


# --------------------------------------------------------------------------- the version date
