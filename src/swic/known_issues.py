"""Places where a source contradicts itself (``data/known-issues.csv``) and how pages point to them.

A data row whose note carries ``known-issue:<id>`` belongs to such a place; the werkwijze page lists them
all, one row each, with the element id :func:`anchor` gives, so that a figure or a sentence can link to
exactly one.
"""

from __future__ import annotations

import html

from swic import contract, data

PAGE = "werkwijze.html"
TAG = contract.KNOWN_ISSUE_TAG


class UnknownIssue(LookupError):
    pass


def anchor(issue_id: str) -> str:
    """Element id of a known issue's row on the werkwijze page."""
    return f"ki-{issue_id}"


def href(issue_id: str) -> str:
    return f"{PAGE}#{anchor(issue_id)}"


def ids() -> set[str]:
    return set(data.load_resource("known-issues")["id"])


def tags(note: str) -> list[str]:
    """The known issues a note refers to: 'Zie known-issue:h9-gelijk.' -> ['h9-gelijk']."""
    return TAG.findall(note or "")


def link(issue_id: str, text: str = "zie de lijst met inconsistenties") -> str:
    """A link (HTML) to one known issue on the werkwijze page; fails on an id that does not exist."""
    if issue_id not in ids():
        raise UnknownIssue(f"unknown known issue {issue_id!r} (see data/known-issues.csv)")
    return f'<a class="swic-known-issue" href="{href(issue_id)}">{html.escape(text)}</a>'
