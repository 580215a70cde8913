"""Every page in headless Chromium at a phone (390 px): the menu button opens the menu; see ``browserkit.py``."""

from __future__ import annotations

import pytest

from .browserkit import page_reads_well, pages

pytestmark = pytest.mark.browser
WIDTH = 390


@pytest.mark.parametrize("path", pages())
def test_page_reads_well(contexts, server, path):
    page_reads_well(contexts, server, path, WIDTH)
