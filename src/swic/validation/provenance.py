"""Checks against the report's text: every number occurs where its row says, every percentage in the
report's sentences is in the data (or listed as left out), and summaries are in our own words."""

from __future__ import annotations

import collections
import re

import pandas as pd

from swic import data, paths, sources
from swic.tableschema import records
from swic.validation.base import (
    Problem,
    SourcesUnavailable,
    bronnen,
    from_error,
    load,
    normalised_text,
    source_lines,
    survey_table,
    unreadable_chapters,
)


def check_provenance() -> list[Problem]:
    out: list[Problem] = []
    try:
        lines = source_lines("raadpleging-2025")
    except SourcesUnavailable as exc:
        return [Problem("provenance", "sources/", str(exc))]
    df = survey_table(2025)
    blocks: dict[tuple[str, int], str] = {}
    if not df.empty:
        read = df[df["quality"].isin(["table", "chart-label", "chart-order", "prose"])]
        for _, r in records(read):
            key = (r["locator"], int(r["chapter"]))
            if key not in blocks:
                blocks[key] = sources.block(lines, *key)
            decoded = any(
                t in blocks[key] and float(r["value"]) in ocr_decodings(t)
                for t in OCR_NOTE.findall(str(r["note"]))
            )  # a garbled label whose note gives the token: check_recovered checks it
            if (
                not decoded
                and not sources.number_pattern(r["value"]).search(blocks[key])
                and not sources.occurs(float(r["value"]), sources.normalise(blocks[key]))
            ):
                out.append(
                    Problem(
                        "provenance",
                        r["file"],
                        f"{r['value']:g} does not occur near {r['locator']} in the report",
                        int(r["row"]) + 1,
                        "value",
                        f"{r['value']:g}",
                        f"the number as printed in the report at {r['locator']} (quality {r['quality']})",
                    )
                )
        caps = sources.caption_lines(lines)
        for i, loc in caps:
            caption = " ".join(lines[i : i + 2]).lower()
            if re.search(r"meerdere antwoorden|maximaal \d+ antwoorden|maximaal (twee|drie)", caption):
                rows = df[(df["locator"] == loc) & (df["year"] == 2024)]
                wrong = rows[~rows["answer_type"].isin(["multiple", "open", "value"])]
                for _, r in wrong.iterrows():
                    out.append(
                        Problem(
                            "provenance",
                            r["file"],
                            f"{loc} allows several answers",
                            int(r["row"]) + 1,
                            "answer_type",
                            r["answer_type"],
                            "multiple",
                        )
                    )
    # the other documents
    for name, res in data.resources().items():
        if not str(res.path).startswith(str(paths.data_dir() / "bronnen")):
            continue
        try:
            df = data.load_resource(name)
        except data.DataError:
            continue
        if not {"value", "quality", "source"} <= set(df.columns):
            continue
        for i, r in records(df):
            if r["quality"] in ("table", "prose") and not pd.isna(r["value"]):
                try:
                    text = normalised_text(r["source"])
                except SourcesUnavailable as exc:
                    return out + [Problem("provenance", "sources/", str(exc))]
                if not sources.occurs(float(r["value"]), text):
                    out.append(
                        Problem(
                            "provenance",
                            paths.rel(res.path),
                            f"{float(r['value']):g} does not occur in {r['source']}",
                            int(i) + 1,
                            "value",
                            f"{float(r['value']):g}",
                            "the number as the document prints it",
                        )
                    )
    return out


LEFT_OUT = "raadpleging-2025-niet-overgenomen"


def check_completeness() -> list[Problem]:
    """Every 'N procent' in the report's sentences is in the chapter's data, or listed as left out.

    Counted per chapter and value: a chapter whose text says '40 procent' three times needs three rows
    with 40 (one per statement: a figure, the conclusion, a comparison box), rows in
    ``niet-overgenomen.csv`` with the reason, or a row whose question or answer contains '40 procent'
    (a boundary such as '60 procent of meer').
    """
    out: list[Problem] = []
    try:
        lines = source_lines("raadpleging-2025")
    except SourcesUnavailable as exc:
        return [Problem("completeness", "sources/", str(exc))]
    df = survey_table(2025)
    try:
        left = data.load_resource(LEFT_OUT)
        left_file = paths.rel(data.resources()[LEFT_OUT].path)
    except data.DataError as err:
        return [from_error("completeness", err)]
    text_cols = ["question", "category", "item", "group"]
    gone = unreadable_chapters(2025)
    for ch in range(0, 16):
        if ch in gone:
            continue
        begin, end = sources.chapter_range(lines, ch)
        occ = collections.defaultdict(list)
        for line_no, v, line in sources.percentages_in_prose(lines, begin, end):
            occ[v].append((line_no, line))
        mine = df[(df["chapter"] == ch) & (df["unit"] == "percent") & df["value"].notna()]
        have = collections.Counter(mine["value"])
        words = " ".join(df.loc[df["chapter"] == ch, text_cols].astype(str).agg(" ".join, axis=1))
        listed = collections.Counter(left.loc[left["chapter"] == ch, "value"])
        for v, found in sorted(occ.items()):
            form = re.escape(f"{v:g}".replace(".", ","))
            in_words = len(re.findall(rf"(?<![\d,.]){form}\s*(?:procent|%)", words))
            missing = len(found) - have.get(v, 0) - listed.get(v, 0) - in_words
            if missing <= 0:
                continue
            shown = "; ".join(f"line {n}: '{t[:90]}'" for n, t in found)
            out.append(
                Problem(
                    "completeness",
                    f"data/raadpleging/2025/hoofdstuk-{ch:02d}.csv",
                    f"the report's chapter {ch} says '{v:g} procent' {len(found)} time(s); the data has "
                    f"{have.get(v, 0)} row(s) with {v:g} and {left_file} lists {listed.get(v, 0)} "
                    f"({missing} missing) — {shown}",
                    value=f"{v:g}",
                    expected=f"a row per statement (quality prose or derived, with its locator), or a row in "
                    f"{left_file} with the reason it is left out",
                )
            )
    # every left-out row points at text that exists
    for i, r in left.iterrows():
        begin, end = sources.chapter_range(lines, int(r["chapter"]))
        chapter_text = sources.normalise("\n".join(lines[begin:end]))
        if sources.normalise(r["excerpt"]) not in chapter_text:
            out.append(
                Problem(
                    "completeness",
                    left_file,
                    "the excerpt does not occur in that chapter of the report",
                    int(i) + 1,
                    "excerpt",
                    r["excerpt"],
                    "a few words copied from the sentence",
                )
            )
        elif not sources.occurs(float(r["value"]), sources.normalise(r["excerpt"])):
            out.append(
                Problem(
                    "completeness",
                    left_file,
                    "the excerpt does not contain the value",
                    int(i) + 1,
                    "value",
                    f"{float(r['value']):g}",
                    "the number as it stands in the excerpt",
                )
            )
    return out


COPY_RUN = 9  # words in a row shared with the source = copied, not summarised


def _copied(text: str, source: str) -> str | None:
    words = sources.normalise(text).split()
    for k in range(len(words) - COPY_RUN + 1):
        run = " ".join(words[k : k + COPY_RUN])
        if run in source:
            return run
    return None


def check_own_words() -> list[Problem]:
    out: list[Problem] = []
    try:
        for name in bronnen():
            df = load(name)
            if df is None or "source" not in df:
                continue
            for col in [c for c in ("summary", "activity") if c in df]:
                for i, r in records(df):
                    run = _copied(r[col], normalised_text(r["source"]))
                    if run:
                        out.append(
                            Problem(
                                "own-words",
                                f"data/bronnen/{name}.csv",
                                "copies the source word for word",
                                int(i) + 1,
                                col,
                                f"'{run}'",
                                "a summary in your own words",
                            )
                        )
        topics, links = load("onderwerpen"), load("koppelingen")
        if topics is not None and links is not None:
            everything = " ".join(normalised_text(s) for s in data.load_resource("sources")["id"])
            for i, r in topics.iterrows():
                for col in ("summary", "question"):
                    run = _copied(r[col], everything)
                    if run:
                        out.append(
                            Problem(
                                "own-words",
                                "data/synthese/onderwerpen.csv",
                                "copies a source word for word",
                                int(i) + 1,
                                col,
                                f"'{run}'",
                                "your own words",
                            )
                        )
            for i, r in links.iterrows():
                run = _copied(r["summary"], normalised_text(r["source"]))
                if run:
                    out.append(
                        Problem(
                            "own-words",
                            "data/synthese/koppelingen.csv",
                            "copies the source word for word",
                            int(i) + 1,
                            "summary",
                            f"'{run}'",
                            "your own words",
                        )
                    )
    except SourcesUnavailable as exc:
        out.append(Problem("own-words", "sources/", str(exc)))
    return out


# How the OCR of our text copy renders the '%' after a chart label: as itself or as one of these digits.
PERCENT_GLYPHS = ("%", "0", "9", "04", "05", "70")
OCR_NOTE = re.compile(r"ocr:\s*'([^']+)'")
BEREKEND_NOTE = re.compile(r"berekend:\s*([0-9.,+\-*/()\s]+?)\s*=\s*(-?\d+(?:[.,]\d+)?)")


def ocr_decodings(token: str) -> set[float]:
    """Every number a garbled chart label can stand for: the token read as one or more labels, each a
    number from 0 to 100 followed by the '%' as the OCR renders it ('3504' -> 35, '8670' -> 86,
    '59109' -> 5 and 10)."""
    token = token.replace(" ", "")
    out: set[float] = set()

    def walk(rest: str, found: tuple[float, ...]) -> None:
        if not rest:
            out.update(found)
            return
        for k in range(1, min(3, len(rest)) + 1):
            digits = rest[:k]
            if not digits.isdigit() or (len(digits) > 1 and digits[0] == "0") or int(digits) > 100:
                continue
            tail = rest[k:]
            for glyph in PERCENT_GLYPHS:
                if tail.startswith(glyph):
                    walk(tail[len(glyph) :], (*found, float(digits)))

    walk(token, ())
    return out


def safe_eval(expr: str) -> float:
    """The value of arithmetic with numbers, + - * / and parentheses only (Dutch decimal commas allowed)."""
    import ast

    tree = ast.parse(expr.replace(",", ".").strip(), mode="eval")

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
            a, b = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            return a / b
        raise ValueError(f"not allowed in arithmetic: {ast.dump(node)[:40]}")

    return ev(tree)


def check_recovered() -> list[Problem]:
    """Values recovered in the data pass say how, and it holds: an ``ocr: '<token>'`` in the note occurs in
    the report near the row's locator and decodes to the value; a ``berekend: <arithmetic> = <result>``
    evaluates to the result, which is the value; quality pdf has its pdf_page and only it."""
    out: list[Problem] = []
    df = survey_table(2025)
    if df.empty:
        return out
    try:
        lines = source_lines("raadpleging-2025")
    except SourcesUnavailable as exc:
        lines = None
        out.append(Problem("recovered", "sources/", str(exc)))
    blocks: dict[tuple[str, int], str] = {}
    for _, r in records(df):
        row, note = int(r["row"]) + 1, str(r["note"])
        value = None if pd.isna(r["value"]) else float(r["value"])
        for token in OCR_NOTE.findall(note):
            if lines is not None:
                key = (r["locator"], int(r["chapter"]))
                if key not in blocks:
                    blocks[key] = sources.block(lines, *key)
                if token not in blocks[key]:
                    out.append(
                        Problem(
                            "recovered",
                            r["file"],
                            f"ocr: '{token}' does not occur near {r['locator']} in the report",
                            row,
                            "note",
                            token,
                            "the garbled label exactly as our text copy has it",
                        )
                    )
                    continue
            decoded = ocr_decodings(token)
            if value is not None and value not in decoded:
                shown = ", ".join(f"{v:g}" for v in sorted(decoded)) or "nothing"
                out.append(
                    Problem(
                        "recovered",
                        r["file"],
                        f"ocr: '{token}' decodes to {shown}, not to the value {value:g}",
                        row,
                        "value",
                        f"{value:g}",
                        "one of the token's decodings",
                    )
                )
        for expr, result in BEREKEND_NOTE.findall(note):
            try:
                got = safe_eval(expr)
            except (ValueError, SyntaxError, ZeroDivisionError) as exc:
                out.append(
                    Problem(
                        "recovered", r["file"], f"berekend: '{expr}' cannot be evaluated: {exc}", row, "note"
                    )
                )
                continue
            res = float(result.replace(",", "."))
            if abs(got - res) > 1e-9:
                out.append(
                    Problem(
                        "recovered",
                        r["file"],
                        f"berekend: {expr.strip()} is {got:g}, not {res:g}",
                        row,
                        "note",
                        expr.strip(),
                        "arithmetic that gives the result",
                    )
                )
            elif value is not None and abs(value - res) > 1e-9:
                out.append(
                    Problem(
                        "recovered",
                        r["file"],
                        f"berekend: the result {res:g} is not the value {value:g}",
                        row,
                        "value",
                        f"{value:g}",
                        f"{res:g}",
                    )
                )
        has_page = "pdf_page" in r and not pd.isna(r["pdf_page"])
        if r["quality"] == "pdf" and not has_page:
            out.append(
                Problem(
                    "recovered",
                    r["file"],
                    "quality pdf needs the page of the report's PDF",
                    row,
                    "pdf_page",
                    "",
                    "the page number",
                )
            )
        elif has_page and r["quality"] != "pdf":
            out.append(
                Problem(
                    "recovered",
                    r["file"],
                    f"pdf_page is only for quality pdf (this row: {r['quality']})",
                    row,
                    "pdf_page",
                    f"{r['pdf_page']:g}" if isinstance(r["pdf_page"], float) else str(r["pdf_page"]),
                    "empty, or quality pdf",
                )
            )
    return out
