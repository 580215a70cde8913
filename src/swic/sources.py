"""The source documents the data is read from, and their snapshots' metadata.

Each publication is a plain-text file in ``sources/`` with a ``<name>.meta.yml`` beside it (title,
publisher, year, URL where the document names one, when and how it was obtained, sha256, why it is
included and under what terms), in the manner of owid/etl snapshots. :func:`problems` lists every text
that is missing or changed; :func:`lines` refuses to hand out such a text, so the provenance audits never
run on it.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from swic import locators, paths

META_SUFFIX = ".meta.yml"
REQUIRED = ("id", "file", "title", "publisher", "year", "url", "obtained", "sha256", "why_included", "terms")


class SourceError(RuntimeError):
    """A source text is missing or differs from its recorded snapshot."""


@dataclass(frozen=True)
class Snapshot:
    id: str
    file: str
    title: str
    publisher: str
    year: int | None
    url: str
    sha256: str
    meta_path: Path

    @property
    def path(self) -> Path:
        return paths.sources_dir() / self.file


def meta_dir() -> Path:
    """Where the metadata lives: always the repository's own ``sources/`` (the texts may be elsewhere)."""
    return paths.root() / "sources"


@functools.lru_cache(maxsize=64)
def _meta_cached(text: str) -> tuple:
    return tuple((yaml.safe_load(text) or {}).items())


def _meta(text: str) -> dict:
    """A metadata file's fields (parsed once per text: the validator asks for them many times)."""
    return dict(_meta_cached(text))


def snapshots() -> dict[str, Snapshot]:
    """Snapshot metadata by source id (the ids of data/sources.csv)."""
    out: dict[str, Snapshot] = {}
    for meta in sorted(meta_dir().glob(f"*{META_SUFFIX}")):
        doc = _meta(meta.read_text(encoding="utf-8"))
        missing = [k for k in REQUIRED if k not in doc]
        if missing:
            raise SourceError(f"{paths.rel(meta)}: missing field(s) {', '.join(missing)}")
        out[doc["id"]] = Snapshot(
            id=doc["id"],
            file=doc["file"],
            title=doc["title"],
            publisher=doc["publisher"],
            year=doc["year"],
            url=doc["url"] or "",
            sha256=str(doc["sha256"]),
            meta_path=meta,
        )
    return out


def problems() -> list[str]:
    """Every source text that is missing or whose checksum differs from its metadata."""
    found = []
    for snap in snapshots().values():
        p = snap.path
        if not p.exists():
            found.append(
                f"{paths.rel(p)}: source text missing (recorded in {paths.rel(snap.meta_path)}); "
                "restore it from git, or point SWIC_SOURCES at a folder that has it"
            )
            continue
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        if digest != snap.sha256:
            found.append(
                f"{paths.rel(p)}: checksum {digest[:12]}… differs from {snap.sha256[:12]}… in "
                f"{paths.rel(snap.meta_path)}; the text was changed (source texts are read-only: correct the data, "
                "not the text)"
            )
    return found


@functools.cache
def _lines(path: str, digest: str) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8").splitlines())


def lines(source_id: str) -> list[str]:
    """The verified text of one source, as lines. Raises SourceError when it is missing or changed."""
    snaps = snapshots()
    if source_id not in snaps:
        raise SourceError(f"no snapshot metadata for source {source_id!r} in {paths.rel(meta_dir())}")
    snap = snaps[source_id]
    bad = [p for p in problems() if p.startswith(paths.rel(snap.path))]
    if bad:
        raise SourceError(bad[0])
    return list(_lines(str(snap.path), snap.sha256))


# --------------------------------------------------------------------------- reading the report's text


# The first line of each chapter of the raadpleging 2025 (the OCR keeps the headings in capitals).
CHAPTER_HEADINGS = {
    1: r"^\s?1 WIE VULDEN",
    2: r"^\s?2 BEROEPSIDENTITEIT",
    3: r"^\s?3 TAKEN",
    4: r"^\s?4 METHODISCHE",
    5: r"^\s?5 SAMENWERKING",
    6: r"^\s?6 SOCIALE BASIS",
    7: r"PROFESSIONELE AUTONOMIE EN$",
    8: r"^\s?8 STRUCTUREEL",
    9: r"^\s?9 ADMINISTRATIE",
    10: r"^\s?10 TRENDS",
    11: r"^\s?11 VITALITEIT",
    12: r"^\s?12 LEREN",
    13: r"^\s?13 THEMA 1",
    14: r"^\s?14 THEMA 2",
    15: r"^\s?15 THEMA 3",
}


def caption_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(line index, 'Figuur X.Y') of every numbered caption in the report."""
    return list(_caption_lines(tuple(lines)))


@functools.lru_cache(maxsize=8)
def _caption_lines(lines: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    out = []
    for i, line in enumerate(lines):
        m = locators.CAPTION.match(line)
        if m and m[4]:
            out.append((i, f"{m[1]} {m[2]}.{m[3]}"))
    return tuple(out)


def captions(lines: list[str]) -> dict[str, str]:
    """'Figuur 9.2' -> the text of its caption in the report."""
    return {f"{m[1]} {m[2]}.{m[3]}": m[4] or "" for m in locators.CAPTION.finditer("\n".join(lines))}


def chapter_range(lines: list[str], chapter: int) -> tuple[int, int]:
    """[begin, end) line indexes of a chapter of the report (chapter 0: everything before chapter 1)."""
    starts = _chapter_starts(tuple(lines))
    return starts[chapter], starts.get(chapter + 1, len(lines))


@functools.lru_cache(maxsize=8)
def _chapter_starts(lines: tuple[str, ...]) -> dict[int, int]:
    starts = {0: 0}
    for ch, pat in CHAPTER_HEADINGS.items():
        rx = re.compile(pat)
        starts[ch] = next(i for i, line in enumerate(lines) if rx.search(line))
    return starts


def block(lines: list[str], locator: str, chapter: int) -> str:
    """The text a value of this locator must occur in: between the neighbouring captions for a numbered
    table or figure, the whole chapter for a section heading."""
    if locators.is_numbered(locator):
        caps = caption_lines(lines)
        idx = [k for k, (_, loc) in enumerate(caps) if loc == locator]
        if not idx:
            return ""
        k = idx[0]
        begin = caps[k - 1][0] if k > 0 else 0
        end = caps[k + 1][0] if k + 1 < len(caps) else len(lines)
        return "\n".join(lines[begin : end + 1])
    begin, end = chapter_range(lines, chapter)
    return "\n".join(lines[begin:end])


def number_pattern(v: float) -> re.Pattern:
    """How the report prints a number: 190000 as 190000 or 190.000, 6.4 as 6,4 (or 6.4)."""
    if float(v).is_integer():
        s = str(int(v))
        dotted = f"{int(v):,}".replace(",", ".")
        alts = "|".join(re.escape(x) for x in dict.fromkeys([s, dotted]))
        return re.compile(rf"(?<![\d,.])(?:{alts})(?![\d]|[,.]\d)")
    s = f"{v:g}"
    return re.compile(rf"(?<![\d,.]){re.escape(s.replace('.', ','))}(?!\d)|(?<![\d,.]){re.escape(s)}(?!\d)")


def normalise(text: str) -> str:
    """Lower case, hyphenation at line ends joined, whitespace collapsed: OCR line breaks don't count."""
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).lower()


WORDS = (
    "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
    "zeventien achttien negentien twintig"
).split()


def dutch_forms(v: float) -> list[str]:
    """The ways a Dutch document writes a number: 55.000, 55000, 1,4 miljoen, 16,7, zeven ..."""
    forms = []
    if float(v).is_integer():
        i = int(v)
        forms += [str(i), f"{i:,}".replace(",", "."), f"{i:,}".replace(",", " ")]
        if 2 <= i < len(WORDS):  # 'een' is too common to prove anything
            forms.append(WORDS[i])
        for word, f in (("miljoen", 1_000_000), ("miljard", 1_000_000_000), ("duizend", 1000)):
            if i >= f and i % (f // 100 or 1) == 0:
                m = f"{i / f:g}".replace(".", ",")
                forms += [f"{m} {word}", f"{m}{word}"]
    else:
        forms += [f"{v:g}".replace(".", ","), f"{v:g}"]
    return list(dict.fromkeys(forms))


def occurs(v: float, text: str) -> bool:
    """Does the (normalised) text contain the number in one of its Dutch forms?"""
    for form in dutch_forms(v):
        if re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d]|[,.]\d)", text):
            return True
    return False


PERCENT_IN_PROSE = re.compile(r"(?<![\d,.\-–])(\d{1,3}(?:,\d+)?)\s+procent\b")


def percentages_in_prose(lines: list[str], begin: int, end: int) -> list[tuple[int, float, str]]:
    """(line number, value, the line) of every 'N procent' in the running text of lines [begin, end).

    The report's sentences write 'procent'; its charts write '%' (and OCR mixes their labels with axis
    ticks), so only 'procent' counts. A number at the end of one line with 'procent' on the next counts
    too. Ranges such as '14-16 procent' are not single values and are skipped.
    """
    out = []
    for i in range(begin, end):
        line = lines[i]
        joined = line + (" " + lines[i + 1].lstrip() if i + 1 < end else "")
        for m in PERCENT_IN_PROSE.finditer(joined):
            if m.start(1) >= len(line):
                break  # belongs to the next line
            out.append((i + 1, float(m[1].replace(",", ".")), line.strip()))
    return out
