"""Where a number stands in a document: 'Tabel 1.1', 'Figuur 9.2', or a section heading.

The one place that knows what a numbered table or figure of the raadpleging looks like: in the data, in
the report's text (captions), in a sentence, and as an element id on the site.
"""

from __future__ import annotations

import re

NUMBERED = re.compile(r"^(Tabel|Figuur) (\d+)\.(\d+)$")
"""A locator that is a numbered table or figure (as the data writes it)."""

CAPTION = re.compile(r"^\s*(Tabel|Figuur) (\d+)\.(\d+)\.?\s+(\S.*)?$", re.MULTILINE)
"""A caption line in the report's text: 'Figuur 9.2. Tijd voor administratie ...'."""

IN_TEXT = re.compile(r"\b(Tabel|Figuur) (\d+)\.(\d+)\b")
"""A numbered table or figure named inside a sentence or a list."""


def is_numbered(locator: str) -> bool:
    return bool(NUMBERED.match(str(locator)))


def parse(locator: str) -> tuple[str, int, int] | None:
    """'Figuur 9.2' -> ('Figuur', 9, 2); a section heading -> None."""
    m = NUMBERED.match(str(locator))
    return (m[1], int(m[2]), int(m[3])) if m else None


def chapter(locator: str) -> int | None:
    """The report's chapter of a numbered table or figure ('Figuur 9.2' -> 9), else None."""
    p = parse(locator)
    return p[1] if p else None


def named_in(text: str) -> list[str]:
    """The numbered tables and figures a text names, in order ('... Figuur 9.2 / ...' -> ['Figuur 9.2'])."""
    return list(dict.fromkeys(f"{m[1]} {m[2]}.{m[3]}" for m in IN_TEXT.finditer(text)))


def slug(text: str) -> str:
    """An id-safe form of a text: 'Figuur 9.2' -> 'figuur-9-2'."""
    s = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return s or "figuur"


_CHAPTER_TAG = re.compile(r"\s*\(h(\d+)\)")


def for_readers(locator: str) -> str:
    """A locator as a reader sees it: the data's chapter tag '(h9)' written out, 'Vergelijking met
    raadpleging 2020 (h9)' -> 'Vergelijking met raadpleging 2020 (hoofdstuk 9)'."""
    return _CHAPTER_TAG.sub(lambda m: f" (hoofdstuk {m[1]})", str(locator))
