"""The page 'Ontbrekende cijfers' lists every chapter and figure with missing values, with their counts."""

from __future__ import annotations

import re

from swic import data, gaps


def _open_rows():
    df = data.load_survey(2025)
    return df[df["quality"] == "not-recoverable"]


def test_every_chapter_with_gaps_is_listed():
    open_rows = _open_rows()
    chapters = sorted(int(c) for c in open_rows["chapter"].unique())
    assert len(chapters) > 1
    m = gaps.missing(2025)
    assert sorted(m["chapter"].unique().tolist()) == chapters
    heads = re.findall(r"<h3>Hoofdstuk (\d+)\b", gaps.listing_html(2025))
    assert [int(h) for h in heads] == chapters, "one heading per chapter with gaps, in chapter order"


def test_every_figure_with_gaps_is_listed_with_its_count():
    open_rows = _open_rows()
    m = gaps.missing(2025).set_index("locator")
    counts = open_rows.groupby("locator").size()
    assert set(m.index) == set(counts.index)
    for loc, n in counts.items():
        assert m.loc[loc, "missing"] == n, loc
    values, figures, chapters = gaps.summary(2025)
    assert (values, figures, chapters) == (len(open_rows), counts.size, open_rows["chapter"].nunique())
    html = gaps.listing_html(2025)
    assert html.count("<li>") == counts.size


def test_the_built_page_lists_every_chapter_with_gaps(site):
    page = site / "pages" / "ontbrekend.html"
    html = page.read_text(encoding="utf-8")
    open_rows = _open_rows()
    chapters = sorted(int(c) for c in open_rows["chapter"].unique())
    heads = [int(h) for h in re.findall(r"<h3[^>]*>Hoofdstuk (\d+)\b", html)]
    assert heads == chapters, f"the page lists chapters {heads}, the data has gaps in {chapters}"
