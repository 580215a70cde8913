"""The accessibility statement (pages/toegankelijkheid.md) says what the browser tests check; these tests keep
its claims equal to the tests' own constants, so that a change to the tests shows up in the statement."""

from __future__ import annotations

import re

from . import browserkit as kit
from .conftest import ROOT

STATEMENT = ROOT / "pages" / "toegankelijkheid.md"


def _claims() -> dict[str, str]:
    text = STATEMENT.read_text(encoding="utf-8")
    return dict(re.findall(r'<span class="swic-claim" data-claim="([\w-]+)">([^<]+)</span>', text))


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(sorted(int(n) for n in re.findall(r"\d+", text)))


def test_statement_has_the_registers_parts():
    text = STATEMENT.read_text(encoding="utf-8")
    for part in ("Status", "## Hoe we het onderzoeken", "## Wat nog niet goed is", "## Iets gevonden?"):
        assert part in text, f"the statement lacks '{part}'"
    assert re.search(r"\*\*[A-E]: [^*]+\*\*", text), "the status is one of the register's A-E"


def test_statement_claims_match_the_browser_tests():
    claims = _claims()
    assert _numbers(claims["widths"]) == tuple(sorted(kit.WIDTHS))
    assert _numbers(claims["axe-widths"]) == tuple(sorted(kit.AXE_WIDTHS))
    assert _numbers(claims["keyboard-widths"]) == tuple(sorted(kit.KEYBOARD_WIDTHS))
    assert int(claims["stops"]) == kit.KEYBOARD_STOPS
    assert int(claims["target"]) == kit.MIN_TARGET
    version = max(re.match(r"wcag(\d)(\d?)", t).groups() for t in kit.AXE_TAGS)
    levels = sorted({re.sub(r"wcag\d+", "", t).upper() for t in kit.AXE_TAGS}, key=len)
    assert claims["axe"] == f"WCAG {version[0]}.{version[1] or 0} {' en '.join(levels)}", claims["axe"]


def test_axe_runs_at_the_widths_the_statement_names():
    """axe runs where the statement says: at 320 (test_browser_narrow) and 1280 (test_browser), not at 390."""
    import inspect

    from . import test_browser, test_browser_narrow, test_browser_phone

    assert {test_browser.WIDTH, test_browser_narrow.WIDTH} == set(kit.AXE_WIDTHS)
    assert "axe=False" in inspect.getsource(test_browser_phone.test_page_reads_well)
    assert {kit.PHONE, kit.WIDE} == set(kit.KEYBOARD_WIDTHS)
