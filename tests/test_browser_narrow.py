"""Every page in headless Chromium at the narrowest phones (320 px); see ``browserkit.py``."""

from __future__ import annotations

import pytest

from .browserkit import page_reads_well, pages

pytestmark = pytest.mark.browser
WIDTH = 320


@pytest.mark.parametrize("path", pages())
def test_page_reads_well(contexts, server, path):
    page_reads_well(contexts, server, path, WIDTH)
