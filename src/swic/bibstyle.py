"""The literature list in the site's own style: labels as the text cites ('Movisie, 2025'), Dutch words.

A Sphinx extension (listed under ``sphinx: extra_extensions`` in ``_config.yml``) that registers the
pybtex style ``swic``: pybtex's ``unsrt`` formatting, sorted by author and year, with author-year labels
instead of pybtex's alpha labels ('[KaatseOpheij14]'), 'z.j.' for an entry without a year and 'en'
between names.
"""

from __future__ import annotations

import re

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle


def _names(entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [re.sub(r"[{}]", "", " ".join(p.prelast_names + p.last_names)) for p in people]
    if not names:
        return re.sub(r"[{}]", "", entry.fields.get("title", "z.n."))[:40]
    if len(names) > 3:
        return f"{names[0]} e.a."
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _year(entry) -> str:
    return entry.fields.get("year", "") or "z.j."


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        seen: dict[str, int] = {}
        for entry in sorted_entries:
            label = f"{_names(entry)}, {_year(entry)}"
            seen[label] = seen.get(label, 0) + 1
            yield label if seen[label] == 1 else f"{label}{chr(ord('a') + seen[label] - 1)}"


class AuthorYearSort(BaseSortingStyle):
    def sorting_key(self, entry):
        return (_names(entry).lower(), _year(entry), entry.fields.get("title", "").lower())


class Style(UnsrtStyle):
    default_label_style = AuthorYearLabels
    default_sorting_style = AuthorYearSort


def setup(app):
    register_plugin("pybtex.style.formatting", "swic", Style)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
