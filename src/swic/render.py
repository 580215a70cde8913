"""Charts rendered with vl-convert, and the offline renderer that puts a chart in a page.

* :func:`compile_spec` compiles a Vega-Lite spec to Vega at build time, so the browser needs only Vega;
  :func:`svg` and :func:`png` draw the static pictures (shown without JavaScript, printed, downloaded).
* The Altair renderer ``swic`` emits a ``<div>`` plus the spec as inert JSON; the site's own script
  (``static/swic-charts.js``) draws it. No CDN, no random ids: re-executing a notebook gives
  byte-identical output, so ``pytest --nbval`` passes without sanitising.
"""

from __future__ import annotations

import functools
import html
import json

import altair as alt

from swic import fonts, markup, memo, runtime
from swic import theme as _theme  # noqa: F401  (registers and enables the site's Altair theme)

VL_VERSION = "v6.4"
PNG_SCALE = 2


def _vlc():
    import vl_convert as vlc

    fonts.register()  # lay out and draw with the site's font, whatever the machine has
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


@functools.cache
def _renderer_key() -> bytes:
    """What decides a picture besides its spec: vl-convert's version and the fonts it lays out with."""
    import importlib.metadata

    return f"{importlib.metadata.version('vl-convert-python')}|{fonts.code_key()}".encode()


def svg(vega: dict, *, embed_font: bool = True) -> str:
    """The chart as SVG; with the glyphs it uses embedded, so that every viewer draws it alike.

    Drawing is most of a page's execution; a chart drawn before (the same spec, renderer and fonts) is
    taken from ``_build/cache/memo`` (a page executed again after a data edit redraws only what changed)."""
    spec_json = json.dumps(vega, ensure_ascii=False)  # in its own order: the exact spec drawn
    out = memo.bytes_by_key(
        "vega-svg",
        _renderer_key() + b"\0" + spec_json.encode("utf-8"),
        lambda: _vlc().vega_to_svg(vega).encode("utf-8"),
    ).decode("utf-8")
    return fonts.embed(out) if embed_font else out


def png(svg_text: str, scale: int = PNG_SCALE) -> bytes:
    """The PNG of a chart from its SVG: the same pixels as rendering the Vega spec again (tested), at a
    third of the cost, since the layout is not computed twice. Kept like :func:`svg`."""
    return memo.bytes_by_key(
        "svg-png",
        _renderer_key() + f"\0{scale}\0".encode() + svg_text.encode("utf-8"),
        lambda: _vlc().svg_to_png(svg_text, scale=scale),
    )


def spec(chart) -> dict:
    """An Altair chart's Vega-Lite spec without its title (a figure's title is its caption, above it)."""
    # Altair checks each spec against the Vega-Lite schema (about 0.05 s a chart). The build skips that:
    # nbval, in `make test`, executes every page again outside a build, where every spec is checked.
    out = chart.to_dict(validate=not runtime.building())
    out.pop("title", None)
    return out


# --------------------------------------------------------------------------- the renderer


def chart_html(vl_spec: dict, label: str | None = None) -> str:
    """HTML for a bare Altair chart (chapters use :class:`swic.charts.Figure`): a container and the
    spec compiled to Vega as inert JSON, drawn by the site's script. No CDN, no random id."""
    vg = compile_spec(vl_spec)
    cid = runtime.chart_id(json.dumps(vg, sort_keys=True))
    aria = f' aria-label="{html.escape(label, quote=True)}"' if label else ""
    return (
        f'<div class="swic-chart" id="{cid}" data-spec="{cid}-spec"{aria}>'
        "<noscript>Deze grafiek heeft JavaScript nodig.</noscript></div>\n"
        + markup.json_script(f"{cid}-spec", vg)
    )


def _render(vl_spec: dict, **metadata) -> dict:
    desc = vl_spec.get("description")
    return {"text/html": chart_html(vl_spec, desc), "text/plain": f"<Chart: {vl_spec.get('title', '')}>"}


alt.renderers.register("swic", _render)
alt.renderers.enable("swic")
