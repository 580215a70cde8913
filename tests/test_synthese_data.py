"""The synthesis as readers see it: a topic without sector-plan actions says so on its page.

The crosswalk's data checks (links resolve, every element placed, own words) are in
``swic.validation`` (``tests/test_validation.py``).
"""

from __future__ import annotations

import pytest


def test_a_topic_without_actions_says_so_on_its_page():
    from swic import synthesis

    c = synthesis.coverage_matrix()
    gaps = list(c[c["sectorplan-actie"] == 0].index)
    if not gaps:
        pytest.skip("every topic has a sector-plan action")
    html = synthesis.links_table(gaps[0], ["sectorplan-actie"], "Acties", "Geen actie.")._repr_html_()
    assert "Geen actie." in html and "<table" not in html and "Geen koppeling" not in html
    full = c[c["sectorplan-actie"] > 0].index[0]
    assert "<table" in synthesis.links_table(full, ["sectorplan-actie"], "Acties", "x")._repr_html_()
