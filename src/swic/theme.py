"""The book's one chart theme: colours, the order and colour of every answer scale, and Altair's config.

* Palette: Okabe–Ito for categories (safe for the common forms of colour blindness) and ColorBrewer's
  PuOr for ordered scales (diverging, colour-blind safe).
* The same answer has the same colour on every page; answer scales keep their natural order.
* Numbers are formatted in the browser with a Dutch locale (decimal comma, thousands dot), set by the
  site's chart script (``static/swic-charts.js``).

The offline renderer that puts charts in a page lives in :mod:`swic.render`.
"""

from __future__ import annotations

import re

import altair as alt

from swic import fonts

# Okabe & Ito (2008), "Color Universal Design"
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
PRIMARY = "#0072B2"
YEAR_COLORS = {"2020": "#E69F00", "2024": "#0072B2"}

SEQUENTIAL_ENDS = ("#f2f2f2", "#08306b")  # light grey to dark blue: readable in grey scale too


def sequential(k: int) -> list[str]:
    """k colours from light to dark (k >= 2), interpolated in RGB between the two ends."""
    a, b = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in SEQUENTIAL_ENDS)
    k = max(k, 2)
    return [
        "#" + "".join(f"{round(x + (y - x) * j / (k - 1)):02x}" for x, y in zip(a, b, strict=True))
        for j in range(k)
    ]


def text_color(background: str) -> str:
    """Black or white, whichever contrasts better with a hex background colour."""
    h = background.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if lum > 0.179 else "#ffffff"


# --------------------------------------------------------------------------- answer scales and colours
#
# The same answer has the same colour on every page. Ordered scales (agreement, importance, change) take
# their colour from their position on a five-step diverging palette (PuOr: orange = the low end, purple =
# the high end, grey in the middle); 'weet niet' and 'niet van toepassing' are always the light grey.
# Answer sets without an order (the change in a task) have fixed colours of their own. Every label also
# carries its value in the chart and the table, so colour is never the only carrier of meaning.

# ColorBrewer PuOr with five classes, orange the low end, purple the high end; the neutral middle is a mid
# grey (#d0d0d0 instead of #f7f7f7) so it stays visible against the white background (WCAG 1.4.11)
FIVE = ["#e66101", "#fdb863", "#d0d0d0", "#b2abd2", "#5e3c99"]
NOT_APPLICABLE = "#9e9e9e"

SCALES: list[list[str]] = [
    [
        "Helemaal niet mee eens",
        "Niet mee eens",
        "Niet mee eens/niet mee oneens",
        "Mee eens",
        "Helemaal mee eens",
    ],
    [
        "Helemaal niet belangrijk",
        "Niet echt belangrijk",
        "Een beetje belangrijk",
        "Belangrijk",
        "Heel erg belangrijk",
    ],
    ["Helemaal niet", "Niet", "Een beetje", "Enigszins", "Heel erg"],
    [
        "Sluit helemaal niet aan",
        "Sluit niet echt aan",
        "Sluit een beetje aan",
        "Sluit goed aan",
        "Sluit heel goed aan",
    ],
    ["Nee, helemaal niet", "2", "3", "4", "Ja, heel erg"],
    ["Helemaal niet tevreden", "2", "3", "4", "Heel erg tevreden"],
    [
        "Dit is sterk afgenomen",
        "Dit is enigszins afgenomen",
        "Dit is gelijk gebleven",
        "Dit is enigszins toegenomen",
        "Dit is de afgelopen jaren sterk toegenomen",
    ],
    ["Sterk afgenomen", "Enigszins afgenomen", "Gelijk gebleven", "Enigszins toegenomen", "Sterk toegenomen"],
    [
        "Nee ken ik niet",
        "Ja ken ik, maar ik werk er niet mee",
        "",
        "Ja ken ik en zet ik deels in",
        "Ja ken ik, ik werk geheel volgens methode",
    ],
    ["Geen ondersteuning", "", "Een beetje ondersteuning", "", "Wel ondersteuning"],
]
"""Ordered answer scales from low to high, five positions each ('' = a position the scale skips)."""

AGGREGATES = {
    # a category that stands for several answers of a scale takes the position between them
    "afgenomen (sterk of enigszins, samen)": ("Dit is sterk afgenomen", 0.5),
    "toegenomen (sterk of enigszins, samen)": ("Dit is sterk afgenomen", 3.5),
}
TAIL = ["Weet niet", "Niet van toepassing", "Geen mening", "Geen antwoord"]
"""Answers outside a scale: always after it, always grey."""

NOMINAL = {
    # the change in a task (raadpleging, chapter 3): no single order, fixed colours (Okabe-Ito)
    "Ja, nu meer dan eerst": "#0072B2",
    "Ja, evenveel": "#56B4E9",
    "Ja, maar nu minder dan eerst": "#E69F00",
    "Nee, ik kom er niet aan toe": "#D55E00",
    "Ik doe het niet, maar zou het wel willen doen": "#CC79A7",
    "Nu niet en eerder ook niet": "#999999",
    "Ja": "#0072B2",
    "Nee": "#E69F00",
    "Misschien": "#999999",
}


def _norm(category: str) -> str:
    """'3 - Niet mee eens, niet mee oneens' and 'Niet mee eens/niet mee oneens' match the same answer."""
    c = str(category).strip()
    c = re.sub(r"^\d+\s*[-–.]\s*", "", c) if not c.isdigit() else c
    c = c.replace(", niet mee oneens", "/niet mee oneens").replace(" / ", "/")
    return c.lower()


def _positions() -> dict[str, tuple[int, float]]:
    out: dict[str, tuple[int, float]] = {}
    for k, scale in enumerate(SCALES):
        for pos, cat in enumerate(scale):
            if cat:
                out.setdefault(_norm(cat), (k, float(pos)))
    for agg, (member, pos) in AGGREGATES.items():
        k = out[_norm(member)][0]
        out[agg] = (k, pos)
    return out


_POS = _positions()
_TAIL = {_norm(c) for c in TAIL}


def natural_order(categories: list[str]) -> list[str]:
    """Answers in their natural order: a known scale low to high, then 'weet niet' and the like; answers
    on no known scale keep the source's order (and a scale is only applied when all but the tail are on
    it)."""
    cats = list(dict.fromkeys(categories))
    tail = [c for c in cats if _norm(c) in _TAIL]
    rest = [c for c in cats if c not in tail]
    pos = [_POS.get(_norm(c)) for c in rest]
    if rest and all(p is not None for p in pos) and len({p[0] for p in pos}) == 1:
        rest = [c for _, c in sorted(zip([p[1] for p in pos], rest, strict=True), key=lambda t: t[0])]
    return rest + tail


def category_color(category: str) -> str | None:
    """The site-wide colour of an answer, or None when the answer has no fixed colour."""
    n = _norm(category)
    if n in _TAIL:
        return NOT_APPLICABLE
    if category in NOMINAL:
        return NOMINAL[category]
    hit = _POS.get(n)
    if hit is None:
        return None
    pos = hit[1]
    if float(pos).is_integer():
        return FIVE[int(pos)]
    return _mix(FIVE[int(pos)], FIVE[int(pos) + 1])


def _mix(a: str, b: str) -> str:
    x = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    y = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{(p + q) // 2:02x}" for p, q in zip(x, y, strict=True))


def colors_for(categories: list[str]) -> list[str]:
    """Colours for the answers of one chart: the fixed colour where an answer has one, otherwise colours
    from the categorical palette that no other answer of this chart uses."""
    fixed = [category_color(c) for c in categories]
    free = [c for c in CATEGORICAL if c not in fixed]
    out = []
    for f in fixed:
        out.append(f if f else (free.pop(0) if free else NOT_APPLICABLE))
    return out


FONT = fonts.STACK  # the site's one font first (swic.fonts): vl-convert and the pages both have it


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
