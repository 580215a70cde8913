"""Dutch number formatting for text, tables and glued values."""

from __future__ import annotations

import math


def number(x: float | int, decimals: int = 0) -> str:
    """1191 -> '1.191'; 6.4 (decimals=1) -> '6,4'. Dutch separators."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n.b."
    s = f"{float(x):,.{decimals}f}"
    return s.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def auto(x: float | int) -> str:
    """A number with the decimals it needs (at most one): 31 -> '31', 6.4 -> '6,4'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n.b."
    return number(x, 0 if float(x).is_integer() else 1)


def percent(x: float | int) -> str:
    """31 -> '31%'; 6.4 -> '6,4%'. Values are percentages (31, not 0.31)."""
    s = auto(x)
    return s if s == "n.b." else f"{s}%"


# How a bound of the data ('meer dan 40 procent') is written before the number.
BOUND_WORDS = {"more-than": "meer dan", "less-than": "minder dan", "almost": "bijna", "about": "ongeveer"}


def bounded(text: str, bound: str | None) -> str:
    """'40%' with bound 'more-than' -> 'meer dan 40%'."""
    word = BOUND_WORDS.get(bound or "")
    return f"{word} {text}" if word else text
