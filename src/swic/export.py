"""Static export: every chart as SVG and PNG, its data as Excel and CSV, and the figure's markup.

During a build (see :mod:`swic.runtime`), displaying a :class:`~swic.charts.Figure` writes its files at
stable addresses named after the page and the figure::

    figuren/<page>/<figure>.svg          the chart at column width (shown without JavaScript, printed)
    figuren/<page>/<figure>-smal.svg     the phone layout (a <picture> source for narrow screens)
    figuren/<page>/<figure>.png          the chart at column width, twice the resolution (slides)
    figuren/<page>/<figure>.xlsx         the numbers as numbers, with a sheet on the source
    figuren/<page>/<figure>.csv          for Dutch Excel: UTF-8 with BOM, ';' and a decimal comma
    figuren/<page>/<figure>-internationaal.csv   comma-separated, decimal point

The interactive chart in the page is the same spec compiled to Vega at build time, so the browser needs
only Vega (no Vega-Lite compiler). Rendering happens in the page's own execution: in parallel, and
cached with the page. Outside a build (nbval, JupyterLab) the HTML is the same and no file is written.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import html
import io
import json
import re

import pandas as pd

from swic import cite, runtime
from swic import theme as th

VL_VERSION = "v6.4"
STATIC_WIDTH = 720  # px: the page column on a desktop
NARROW_WIDTH = 360  # px: a phone
NARROW_BELOW = 560  # px of chart width: below this the phone layout is used
PNG_SCALE = 2
FIXED_DATE = _dt.datetime(2025, 1, 1)  # workbook metadata: a fixed date keeps the files identical per build


def _vlc():
    import vl_convert as vlc

    return vlc


@functools.lru_cache(maxsize=512)
def _compile_cached(spec_json: str) -> str:
    vg = _vlc().vegalite_to_vega(json.loads(spec_json), vl_version=VL_VERSION)
    vg.pop("$schema", None)  # no external URL in the page
    return json.dumps(vg, sort_keys=True, ensure_ascii=False)


def compile_spec(spec: dict) -> dict:
    """A Vega-Lite spec compiled to Vega (responsive 'container' width kept)."""
    spec = {k: v for k, v in spec.items() if k != "$schema"}
    return json.loads(_compile_cached(json.dumps(spec, sort_keys=True, ensure_ascii=False)))


def fixed_width(vega: dict, width: int) -> dict:
    """The same Vega spec at a fixed width (for a static image): the container signal becomes a number."""
    vg = json.loads(json.dumps(vega))
    for sig in vg.get("signals", []):
        if sig.get("name") == "width":
            sig.pop("init", None)
            sig.pop("on", None)
            sig["value"] = width
    return vg


def svg(vega: dict) -> str:
    return _vlc().vega_to_svg(vega)


def png(svg_text: str, scale: int = PNG_SCALE) -> bytes:
    """The PNG of a chart from its SVG: the same pixels as rendering the Vega spec again (tested), at a
    third of the cost, since the layout is not computed twice."""
    return _vlc().svg_to_png(svg_text, scale=scale)


def _spec(chart) -> dict:
    # Altair checks each spec against the Vega-Lite schema (about 0.05 s a chart). The build skips that:
    # nbval, in `make test`, executes every page again outside a build, where every spec is checked.
    spec = chart.to_dict(validate=not runtime.building())
    spec.pop("title", None)  # the title is the figure's caption, above the chart
    return spec


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
        ws = wb.add_worksheet(_sheet_name(name))
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
        ws = wb.add_worksheet(_sheet_name(about_title))
        ws.set_column(0, 0, 24)
        ws.set_column(1, 1, 100)
        for r, (k, v) in enumerate(about):
            ws.write_string(r, 0, k, bold)
            ws.write_string(r, 1, v, wrap)
    wb.close()
    return buf.getvalue()


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "Gegevens"


# --------------------------------------------------------------------------- one figure


def _urls(fig, page: str) -> dict[str, str]:
    base = f"figuren/{page}/{fig.stem}"
    return {
        "svg": f"{base}.svg",
        "svg_narrow": f"{base}-smal.svg",
        "png": f"{base}.png",
        "xlsx": f"{base}.xlsx",
        "csv": f"{base}.csv",
        "csv_int": f"{base}-internationaal.csv",
    }


def _notes_text(fig) -> list[str]:
    return [
        n
        if not n.startswith("known-issue:")
        else "Het rapport spreekt zichzelf hier tegen; zie de lijst "
        "met inconsistenties op de pagina Werkwijze."
        for n in fig.notes
    ]


def write_files(fig, page: str, wide_vg: dict | None, narrow_vg: dict | None) -> None:
    """Render the figure's files (only while building; see :func:`swic.runtime.write_asset`)."""
    if not runtime.building():
        return
    urls = _urls(fig, page)
    if wide_vg is not None:
        static = fixed_width(wide_vg, STATIC_WIDTH)
        static_svg = svg(static)
        runtime.write_asset(urls["svg"], static_svg.encode("utf-8"))
        runtime.write_asset(urls["png"], png(static_svg))
    if narrow_vg is not None:
        runtime.write_asset(urls["svg_narrow"], svg(fixed_width(narrow_vg, NARROW_WIDTH)).encode("utf-8"))
    about = [
        ("Titel", fig.title),
        ("Bron", fig.source + (f", {fig.locator}" if fig.locator else "")),
        ("Aantal deelnemers", fig.n),
        ("Toelichting", " ".join(_notes_text(fig))),
        ("Op de site", cite.page_url(page, fig.anchor)),
        ("Citeer", cite.figure_citation(fig.sources, fig.locator, fig.title, page, fig.anchor)),
        (
            "Licentie",
            "De cijfers komen uit de genoemde publicatie; vermeld die bij hergebruik. De bewerking: CC BY 4.0.",
        ),
    ]
    runtime.write_asset(urls["xlsx"], workbook([("Gegevens", fig.data)], [a for a in about if a[1]]))
    runtime.write_asset(urls["csv"], dutch_csv(fig.data))
    runtime.write_asset(urls["csv_int"], international_csv(fig.data))


def _chart_id(payload: str) -> str:
    digest = hashlib.sha1(payload.encode()).hexdigest()[:12]
    count = th._ids_seen.get(digest, 0) + 1
    th._ids_seen[digest] = count
    return f"swic-chart-{digest}" + (f"-{count}" if count > 1 else "")


def _json_script(element_id: str, spec: dict) -> str:
    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{payload}</script>'


def _note_html(note: str) -> str:
    m = re.fullmatch(r"known-issue:([a-z0-9-]+)", note)
    if m:
        from swic import survey

        href = f"{survey.KNOWN_ISSUE_PAGE}#{survey.known_issue_anchor(m[1])}"
        return (
            '<p class="swic-note">Het rapport spreekt zichzelf hier tegen: '
            f'<a class="swic-known-issue" href="{href}">zie de lijst met inconsistenties</a>.</p>'
        )
    return f'<p class="swic-note">{html.escape(note)}</p>'


def figure_html(fig) -> str:
    """The figure's markup: caption, chart (static image + interactive spec), source, notes, the six
    ways to take it along, and the data table."""
    from swic.charts import html_table

    page = runtime.page_id()
    wide_vg = compile_spec(_spec(fig.chart)) if fig.chart is not None else None
    narrow_vg = compile_spec(_spec(fig.narrow)) if fig.narrow is not None else None
    if page:
        write_files(fig, page, wide_vg, narrow_vg)
    parts = [
        f'<figure class="swic-figure" id="{fig.anchor}">',
        f'<figcaption class="swic-caption">{html.escape(fig.title)}</figcaption>',
    ]
    if wide_vg is not None:
        cid = _chart_id(json.dumps(wide_vg, sort_keys=True))
        attrs = f'class="swic-chart{" swic-wide-only" if fig.narrow_html else ""}" id="{cid}" data-spec="{cid}-spec"'
        if narrow_vg is not None:
            attrs += f' data-spec-narrow="{cid}-narrow" data-narrow-below="{NARROW_BELOW}"'
        alt_text = html.escape(fig.description, quote=True)
        if page:
            u = _urls(fig, page)
            source = (
                f'<source media="(max-width: {NARROW_BELOW + 40}px)" srcset="../{u["svg_narrow"]}">'
                if narrow_vg is not None
                else ""
            )
            static = (
                f'<picture class="swic-static">{source}'
                f'<img src="../{u["svg"]}" alt="{alt_text}" loading="lazy" decoding="async"></picture>'
            )
        else:
            static = "<noscript>De grafiek staat als tabel onder deze figuur.</noscript>"
        parts.append(f"<div {attrs}>{static}</div>")
        parts.append(_json_script(f"{cid}-spec", wide_vg))
        if narrow_vg is not None:
            parts.append(_json_script(f"{cid}-narrow", narrow_vg))
    if fig.narrow_html:
        parts.append(f'<div class="swic-narrow-only">{fig.narrow_html}</div>')
    meta = []
    if fig.source:
        meta.append(
            f"Bron: {html.escape(fig.source)}" + (f", {html.escape(fig.locator)}" if fig.locator else "")
        )
    if fig.n:
        meta.append(html.escape(fig.n))
    notes = "".join(_note_html(n) for n in fig.notes)
    actions = ""
    if page:
        u = _urls(fig, page)
        citation = html.escape(cite.figure_citation(fig.sources, fig.locator, fig.title, page, fig.anchor))
        citation = citation.replace("[datum]", '<span class="swic-today">[datum]</span>')
        items = []
        if wide_vg is not None:
            items += [
                f'<a href="../{u["svg"]}" download="{fig.stem}.svg">Afbeelding (SVG)</a>',
                f'<a href="../{u["png"]}" download="{fig.stem}.png">Afbeelding (PNG)</a>',
            ]
        items += [
            f'<a href="../{u["xlsx"]}" download="{fig.stem}.xlsx">Gegevens (Excel)</a>',
            f'<a href="../{u["csv"]}" download="{fig.stem}.csv">Gegevens (CSV)</a>'
            f' <a class="swic-secondary" href="../{u["csv_int"]}" download="{fig.stem}-internationaal.csv">'
            "(internationaal)</a>",
            f'<a class="swic-permalink" href="#{fig.anchor}">Link naar deze figuur</a>',
            '<details class="swic-cite"><summary>Citeer</summary>'
            f'<p class="swic-citation">{citation}</p>'
            '<button type="button" class="swic-copy">Kopieer de bronvermelding</button></details>',
        ]
        lis = "".join(f"<li>{i}</li>" for i in items)
        actions = f'<ul class="swic-actions" aria-label="Deze figuur gebruiken">{lis}</ul>'
    parts.append(
        f'<div class="swic-figmeta"><p class="swic-source">{". ".join(meta)}</p>{notes}{actions}</div>'
    )
    parts.append(
        '<details class="swic-data"><summary>Toon de cijfers als tabel</summary>'
        f"{html_table(fig.data, fig.title)}</details>"
    )
    parts.append("</figure>")
    return "\n".join(parts)


def figure_mimebundle(fig) -> dict:
    bundle = {"text/html": figure_html(fig), "text/plain": f"<Figuur: {fig.title}>"}
    if runtime.page_id() is None and fig.chart is not None:
        # a chapter opened by hand in JupyterLab: Lab draws Vega-Lite itself
        bundle["application/vnd.vegalite.v5+json"] = fig.chart.to_dict()
    return bundle


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
    from swic import data, datapackage

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
            "table: uit een tabel; chart-label: uit de labels van een grafiek; prose: uit de "
            "lopende tekst; derived: berekend (de toelichting zegt hoe); not-recoverable: niet leesbaar, niet "
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
    from swic import data, paths

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
