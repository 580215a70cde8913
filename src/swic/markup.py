"""HTML that pages and figures share: accessible tables, key figures, inert JSON and raw output.

Deterministic on purpose: no random ids, no IPython dependency, so that re-executing a page gives the
same bytes.
"""

from __future__ import annotations

import html
import json

import pandas as pd

from swic import fmt

escape = html.escape


def table(df: pd.DataFrame, caption: str = "", row_ids: list[str] | None = None) -> str:
    """An accessible HTML table (caption, header cells with scope), numbers in Dutch format.

    ``row_ids`` gives each row an element id, so that other pages can link to one row.
    """
    cols = list(df.columns)
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in cols)
    body = []
    for k, (_, r) in enumerate(df.iterrows()):
        cells = []
        for i, c in enumerate(cols):
            v = r[c]
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                v = "–"  # no value (a reader sees a dash, not 'n.b.' or an empty cell that reads as 0)
            elif isinstance(v, float):
                v = fmt.auto(v)
            tag, close = ('th scope="row"', "th") if i == 0 else ("td", "td")
            cells.append(f"<{tag}>{html.escape(str(v))}</{close}>")
        rid = f' id="{html.escape(row_ids[k], quote=True)}"' if row_ids else ""
        body.append(f"<tr{rid}>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    label = f' aria-label="{html.escape(caption or "Tabel", quote=True)}"'
    # a wide table scrolls inside its own box (keyboard-reachable), never the whole page (WCAG 1.4.10)
    return (
        f'<div class="swic-table-wrap" role="region" tabindex="0"{label}>'
        f'<table class="swic-table">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def keyfigures(items: list[tuple[str, str]]) -> str:
    """A row of key figures: [(value text, label), ...]."""
    lis = "".join(f"<li><strong>{html.escape(v)}</strong>{html.escape(label)}</li>" for v, label in items)
    return f'<ul class="swic-keyfigures">{lis}</ul>'


def json_script(element_id: str, payload: dict) -> str:
    """Inert JSON in the page (a chart's spec), safe against a '</script>' inside it."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


class HTML:
    """Raw HTML output for a notebook cell (deterministic, no IPython dependency)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return "<HTML>"
