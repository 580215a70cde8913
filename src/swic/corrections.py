"""The public record of corrections (``data/wijzigingen.csv``) as readers see it on the data page.

Each line says which number changed since the last release, from what to what, when and why; the
``corrections`` check of ``make validate`` makes sure no value changes without one. :func:`table` gives
the record as an accessible HTML table, newest first, each number named in plain words
('Figuur 15.1, Ik bedenk activiteiten …, antwoord 3 (2024)').
"""

from __future__ import annotations

import pandas as pd

from swic import data, fmt, markup

RESOURCE = "wijzigingen"
HEADERS = ["Datum", "Cijfer", "Was", "Wordt", "Waarom"]
SURVEY_KEY = ["locator", "question", "item", "group", "category", "year", "unit"]


def record() -> pd.DataFrame:
    """The record, newest first (lines of one date in the order of the file)."""
    df = data.load_resource(RESOURCE)
    df = df.reset_index(drop=True)
    df["_order"] = df.index
    df = df.sort_values(["date", "_order"], ascending=[False, True], kind="stable")
    return df.drop(columns="_order").reset_index(drop=True)


def _number(text: str, unit: str) -> str | None:
    """'28' with unit percent -> '28%'; empty -> None (the table shows a dash)."""
    text = str(text or "").strip()
    if not text:
        return None
    try:
        x = float(text)
    except ValueError:
        return text
    return fmt.value(x, unit if unit in ("percent",) else "")


def _others() -> dict[str, pd.DataFrame]:
    out = {}
    for name in ("cijfers", "sectorplan-arbeidsmarkt"):
        try:
            out[name] = data.load_resource(name)
        except (data.DataError, KeyError):
            continue
    return out


def describe(line: pd.Series, others: dict[str, pd.DataFrame] | None = None) -> tuple[str, str]:
    """(the number in plain words, its unit) for one line of the record."""
    others = _others() if others is None else others
    parts = [p.strip() for p in str(line["key"]).split(" | ")]
    file = str(line["file"])
    if "/raadpleging/" in file and len(parts) == len(SURVEY_KEY):
        k = dict(zip(SURVEY_KEY, parts, strict=True))
        words = [k["locator"]] + [k[c] for c in ("item", "group") if k[c]]
        if not k["item"]:
            words.insert(1, k["question"])
        category = k["category"]
        words.append(f"antwoord {category}" if category.isdigit() else category)
        return f"{', '.join(words)} ({k['year']})", k["unit"]
    if file.endswith("cijfers.csv") and "cijfers" in others:
        hit = others["cijfers"][others["cijfers"]["id"] == parts[0]]
        if not hit.empty:
            r = hit.iloc[0]
            return f"{r['indicator']} ({line['locator']})", str(r["unit"])
    if file.endswith("sectorplan-arbeidsmarkt.csv"):
        return f"{line['locator']}: {', '.join(p for p in parts if p)}", ""
    return f"{line['locator']}: {', '.join(p for p in parts if p)}", ""


def table(caption: str = "Wijzigingen in de cijfers sinds de vorige uitgave") -> str:
    """The record as an HTML table (Datum, Cijfer, Was, Wordt, Waarom), newest first."""
    df = record()
    others = _others()
    rows = []
    for _, line in df.iterrows():
        what, unit = describe(line, others)
        rows.append(
            [
                fmt.date(str(line["date"])),
                what,
                _number(line["old"], unit),
                _number(line["new"], unit),
                str(line["reason"]),
            ]
        )
    return markup.table(pd.DataFrame(rows, columns=HEADERS), caption=caption)
