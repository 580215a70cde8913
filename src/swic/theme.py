"""The book's one chart theme and its offline, deterministic Altair renderer.

* Palette: Okabe–Ito for categories (safe for the common forms of colour blindness) and
  ColorBrewer's PuOr for ordered scales (diverging, colour-blind safe).
* Numbers are formatted in the browser with a Dutch locale (decimal comma, thousands dot),
  set in the embed script (``static/embed.js``).
* The renderer emits a ``<div>`` plus the spec as JSON; the site's own bundle
  (``_static/swic-charts.js``) draws it. No CDN, no random ids: re-executing a notebook gives
  byte-identical output, so ``pytest --nbval`` passes without sanitising.
"""

from __future__ import annotations

import hashlib
import html
import json

import altair as alt

# Okabe & Ito (2008), "Color Universal Design"
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
PRIMARY = "#0072B2"
YEAR_COLORS = {"2020": "#E69F00", "2024": "#0072B2"}
NOT_RECOVERABLE = "#BBBBBB"

# ColorBrewer PuOr, negative end orange, positive end purple; the neutral middle is a mid grey
# (#d0d0d0 instead of #f7f7f7) so it stays visible against the white background (WCAG 1.4.11)
_PUOR = {
    2: ["#e08214", "#8073ac"],
    3: ["#f1a340", "#d0d0d0", "#998ec3"],
    4: ["#e66101", "#fdb863", "#b2abd2", "#5e3c99"],
    5: ["#e66101", "#fdb863", "#d0d0d0", "#b2abd2", "#5e3c99"],
    6: ["#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"],
    7: ["#b35806", "#f1a340", "#fee0b6", "#d0d0d0", "#d8daeb", "#998ec3", "#542788"],
    8: ["#b35806", "#e08214", "#fdb863", "#fee0b6", "#d8daeb", "#b2abd2", "#8073ac", "#542788"],
    9: ["#b35806", "#e08214", "#fdb863", "#fee0b6", "#d0d0d0", "#d8daeb", "#b2abd2", "#8073ac", "#542788"],
    10: [
        "#7f3b08",
        "#b35806",
        "#e08214",
        "#fdb863",
        "#fee0b6",
        "#d8daeb",
        "#b2abd2",
        "#8073ac",
        "#542788",
        "#2d004b",
    ],
    11: [
        "#7f3b08",
        "#b35806",
        "#e08214",
        "#fdb863",
        "#fee0b6",
        "#d0d0d0",
        "#d8daeb",
        "#b2abd2",
        "#8073ac",
        "#542788",
        "#2d004b",
    ],
}
NEUTRAL_EXTRA = "#9e9e9e"  # for 'weet niet' / 'niet van toepassing' after a scale


SEQUENTIAL_ENDS = ("#f2f2f2", "#08306b")  # light grey to dark blue: readable in grey scale too


def sequential(k: int) -> list[str]:
    """k colours from light to dark (k >= 2), interpolated in RGB between the two ends."""
    a, b = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in SEQUENTIAL_ENDS)
    k = max(k, 2)
    return [
        "#" + "".join(f"{round(x + (y - x) * j / (k - 1)):02x}" for x, y in zip(a, b, strict=True))
        for j in range(k)
    ]


def ordinal(k: int) -> list[str]:
    """A colour-blind-safe diverging palette with k colours (k=1 gives the primary colour)."""
    if k <= 1:
        return [PRIMARY]
    if k in _PUOR:
        return list(_PUOR[k])
    # longer scales (e.g. 1..10): interpolate by repetition of the 11-class palette
    base = _PUOR[11]
    return [base[round(i * (len(base) - 1) / (k - 1))] for i in range(k)]


def text_color(background: str) -> str:
    """Black or white, whichever contrasts better with a hex background colour."""
    h = background.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if lum > 0.179 else "#ffffff"


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def theme() -> dict:
    return {
        "config": {
            "font": FONT,
            "background": "#ffffff",
            "padding": {"left": 5, "top": 5, "right": 24, "bottom": 5},
            "autosize": {"type": "fit-x", "contains": "padding"},
            "view": {"stroke": None, "continuousWidth": 560},
            "title": {
                "fontSize": 15,
                "fontWeight": 600,
                "anchor": "start",
                "color": "#1a1a1a",
                "subtitleColor": "#333333",
                "subtitleFontSize": 12,
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#1a1a1a",
                "titleColor": "#1a1a1a",
                "gridColor": "#e5e5e5",
                "domainColor": "#666666",
                "tickColor": "#666666",
                "labelLimit": 320,
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#1a1a1a",
                "titleColor": "#1a1a1a",
                "orient": "bottom",
                "direction": "horizontal",
                "columns": 2,
                "labelLimit": 260,
                "symbolType": "square",
            },
            "range": {"category": CATEGORICAL},
            "bar": {"color": PRIMARY},
            "text": {"fontSize": 11, "color": "#1a1a1a"},
        }
    }


@alt.theme.register("swic", enable=True)
def _swic_theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(theme())


# --------------------------------------------------------------------------- renderer

_ids_seen: dict[str, int] = {}


def chart_id(spec: dict) -> str:
    """A stable element id from the spec; repeated identical specs get -2, -3, ..."""
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]
    count = _ids_seen.get(digest, 0) + 1
    _ids_seen[digest] = count
    return f"swic-chart-{digest}" + (f"-{count}" if count > 1 else "")


def spec_html(spec: dict, label: str | None = None) -> str:
    """HTML for one chart: a container and its spec as inert JSON, drawn by the site's script."""
    spec = {k: v for k, v in spec.items() if k != "$schema"}  # no external URLs in the page
    cid = chart_id(spec)
    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    aria = f' aria-label="{html.escape(label, quote=True)}"' if label else ""
    return (
        f'<div class="swic-chart" id="{cid}" data-spec="{cid}-spec"{aria}>'
        f"<noscript>Deze grafiek heeft JavaScript nodig; de gegevens staan in de tabel eronder.</noscript></div>\n"
        f'<script type="application/json" id="{cid}-spec">{payload}</script>'
    )


def _render(spec: dict, **metadata) -> dict:
    desc = spec.get("description")
    return {"text/html": spec_html(spec, desc), "text/plain": f"<Chart: {spec.get('title', '')}>"}


alt.renderers.register("swic", _render)
alt.renderers.enable("swic")
