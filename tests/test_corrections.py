"""The record of corrections as the data page shows it."""

from __future__ import annotations

from swic import corrections


def test_table_has_dutch_headers_and_is_newest_first():
    html = corrections.table()
    for h in corrections.HEADERS:
        assert f'<th scope="col">{h}</th>' in html
    dates = list(corrections.record()["date"])
    assert dates == sorted(dates, reverse=True)


def test_a_survey_number_is_named_in_plain_words():
    df = corrections.record()
    line = df[df["key"].str.startswith("Figuur 11.2 |")].iloc[0]
    what, unit = corrections.describe(line)
    assert what.startswith("Figuur 11.2, Ervaren werkdruk") and what.endswith("antwoord 6 (2024)")
    assert unit == "percent"
