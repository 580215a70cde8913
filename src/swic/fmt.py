"""Dutch formatting of numbers and dates for text, tables, labels and glued values.

One formatter for a value as a reader sees it, :func:`value`: its unit ('32%'), the source's bound ('meer
dan 40%') and, in prose about amounts, the noun of its unit ('ongeveer 1,4 miljoen personen').
"""

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
BOUND_WORDS = {
    "more-than": "meer dan",
    "at-least": "ten minste",
    "less-than": "minder dan",
    "almost": "bijna",
    "about": "ongeveer",
}


def bounded(text: str, bound: str | None) -> str:
    """'40%' with bound 'more-than' -> 'meer dan 40%'."""
    word = BOUND_WORDS.get(bound or "")
    return f"{word} {text}" if word else text


# The noun of a unit in running text ('557.000 huishoudens').
UNIT_NOUNS = {
    "persons": "personen",
    "households": "huishoudens",
    "children": "kinderen",
    "jobs": "banen",
    "vacancies": "vacatures",
    "fte": "fte",
    "percent": "procent",
    "euro": "euro",
    "organisations": "organisaties",
    "count": "aantal",
}


def big(x: float) -> str:
    """Large round numbers as Dutch texts write them: 1400000 -> '1,4 miljoen'; smaller ones with a
    thousands dot: 64800 -> '64.800'."""
    if abs(x) >= 1_000_000:
        return f"{auto(x / 1_000_000)} miljoen"
    return auto(x)


def value(x: float, unit: str = "", bound: str | None = "", *, nouns: bool = False) -> str:
    """A value as a reader sees it: 32 percent -> '32%', with bound 'more-than' -> 'meer dan 40%', a count
    -> '1.191'. With ``nouns`` (prose about amounts) the unit is a word and millions are written out:
    (1400000, 'persons', 'about') -> 'ongeveer 1,4 miljoen personen', (5e7, 'euro') -> '€ 50 miljoen'."""
    if unit == "percent":
        text = percent(x)
    elif not nouns:
        text = auto(x)
    else:
        text = big(x)
        if unit == "euro":
            text = "€ " + text
        elif unit != "count":
            text = f"{text} {UNIT_NOUNS.get(unit, unit)}"
    return bounded(text, bound)


MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def date(iso: str, empty: str = "") -> str:
    """'2022-01-11' -> '11 januari 2022'; '' -> ``empty``."""
    if not iso:
        return empty
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{d} {MONTHS[m - 1]} {y}"
