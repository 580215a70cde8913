"""The site's one font: Source Sans Pro (SIL Open Font License 1.1), from the PyPI package
``font-source-sans-pro`` pinned in ``requirements.lock``, built into "SWiC Sans": the same picture on every
machine.

The licence: Adobe releases Source Sans Pro under the OFL with the Reserved Font Name "Source". A subset is a
Modified Version under the OFL, and a Modified Version may not carry a Reserved Font Name. So every copy the
project makes (the web fonts, the glyphs embedded in an SVG, the copy vl-convert lays out with) is renamed to
:data:`FAMILY` in its name table; Adobe's copyright notice and the licence text (name IDs 0, 13 and 14) stay in
every file, and the site ships the licence (``_static/fonts/OFL.txt``) next to the WOFF2 files. Stacks name the
original (:data:`ORIGINAL`) after ours: that refers to an unmodified copy a reader may have installed.

* vl-convert lays out and draws every static chart with it (:func:`register`), whatever fonts the machine
  has;
* every SVG a reader gets (on the page, downloaded) carries the glyphs it uses, as a small embedded font
  (:func:`embed`), so a viewer with other fonts draws the labels with the widths they were measured with;
* the site's pages use it too: :func:`write_webfonts` writes the WOFF2 files (Latin subset, four faces), the
  licence and their ``@font-face`` rules;
* :func:`width` measures a text with it, for layouts made outside Vega (the caption of a downloaded chart),
  and :func:`wrap` breaks a text into lines of a width (a long address at its slashes).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
import re
import shutil
from pathlib import Path

from swic import memo, paths

FAMILY = "SWiC Sans"  # Source Sans Pro, renamed as the OFL asks of a modified (subset) copy
ORIGINAL = "Source Sans Pro"
STACK = f"'{FAMILY}', '{ORIGINAL}', 'Source Sans 3', system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
FILES = {400: "SourceSansPro-Regular.ttf", 600: "SourceSansPro-Semibold.ttf", 700: "SourceSansPro-Bold.ttf"}
ITALIC_FILE = "SourceSansPro-It.ttf"
STYLE_NAMES = {400: "Regular", 600: "Semibold", 700: "Bold"}
WEIGHT_NAMES = {"normal": 400, "bold": 700}
LATIN = (
    "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(chr(c) for c in range(0xA0, 0x180)) + "‘’“”–—…€•→"
)
# the faces the pages use: (weight, italic); body text, emphasis, labels and captions, strong and the brand
WEB_FACES = [(400, False), (400, True), (600, False), (700, False)]
# fetched with the page (<link rel=preload>), so that with font-display: optional they arrive within the
# browser's short block period and the first paint is already in the font. Every face, italic included:
# a face that misses the first paint stays in the fallback for the whole visit, and the pages open with
# italic titles (SWiC Sans with DejaVu Oblique in between was seen on a first visit); 16 KB more
PRELOAD = [(400, False), (400, True), (600, False), (700, False)]
FONT_DIR = "fonts"  # under _static


class FontMissing(RuntimeError):
    pass


def source_dir() -> Path:
    """Where the installed font package keeps its files."""
    try:
        import font_source_sans_pro
    except ImportError as exc:  # pragma: no cover - the lock file installs it
        raise FontMissing(
            "the font package is missing: run `make install` (pip install -r requirements.lock)"
        ) from exc
    return Path(font_source_sans_pro.font_directory)


def licence_text() -> str:
    return (source_dir() / "LICENSE.txt").read_text(encoding="utf-8")


def font_file(weight: int = 400, italic: bool = False) -> Path:
    return source_dir() / (ITALIC_FILE if italic else FILES[_nearest(weight)])


def _nearest(weight: int) -> int:
    return min(FILES, key=lambda w: abs(w - weight))


def rename(font, weight: int = 400, italic: bool = False) -> None:
    """Give a (modified) copy our family name: no Reserved Font Name in any name a user or a program sees.
    Copyright (0), licence (13, 14) and the designer's credits stay."""
    name = font["name"]
    style = STYLE_NAMES[_nearest(weight)]
    if italic:
        style = "Italic" if style == "Regular" else f"{style} Italic"
    ps = f"{FAMILY.replace(' ', '')}-{style.replace(' ', '')}"
    legacy_family = FAMILY if style in ("Regular", "Bold", "Italic", "Bold Italic") else f"{FAMILY} {style}"
    legacy_style = style if legacy_family == FAMILY else ("Italic" if italic else "Regular")
    values = {
        1: legacy_family,
        2: legacy_style,
        3: f"{ps};derived from Source Sans Pro (SIL OFL 1.1)",
        4: f"{FAMILY} {style}",
        6: ps,
        16: FAMILY,
        17: style,
    }
    for rec in list(name.names):
        if rec.nameID in (3, 6, 16, 17, 18, 21, 22, 25) or rec.nameID in values:
            name.removeNames(nameID=rec.nameID)
    for name_id, value in values.items():
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:  # pragma: no cover - the TTF files have glyf outlines
        font["CFF "].cff.fontNames = [ps]


@functools.cache
def register() -> Path:
    """Give vl-convert the font (once per process): a folder with just the faces the site uses, renamed, so
    the layout never depends on what else the machine has."""
    import vl_convert as vlc
    from fontTools.ttLib import TTFont

    target = paths.root() / "_build" / "cache" / "fonts" / FAMILY.replace(" ", "-").lower()
    target.mkdir(parents=True, exist_ok=True)
    for weight in FILES:
        out = target / f"{FAMILY.replace(' ', '')}-{STYLE_NAMES[weight]}.ttf"
        if not out.exists():
            font = TTFont(str(font_file(weight)), recalcTimestamp=False)
            rename(font, weight)
            buf = io.BytesIO()
            font.save(buf)
            paths.replace_file(out, buf.getvalue())
    if not (target / "OFL.txt").exists():
        (target / "OFL.txt").write_text(licence_text(), encoding="utf-8")
    vlc.register_font_directory(str(target))
    return target


@functools.cache
def _font(weight: int):
    from fontTools.ttLib import TTFont

    return TTFont(str(font_file(weight)), recalcTimestamp=False, lazy=True)


def width(text: str, size: float, weight: int = 400) -> float:
    """The width in px of ``text`` set in the font at ``size`` px (advance widths, no kerning)."""
    font = _font(_nearest(weight))
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    upm = font["head"].unitsPerEm
    total = 0
    for ch in text:
        glyph = cmap.get(ord(ch)) or cmap.get(ord("?"))
        total += hmtx[glyph][0]
    return total * size / upm


def _pieces(word: str, size: float, max_width: float, weight: int) -> list[str]:
    """A word wider than the line (an address) in pieces that fit: after a '/', '.', '-', '#' or '?' where it
    can, else anywhere."""
    if width(word, size, weight) <= max_width:
        return [word]
    out, rest = [], word
    while rest and width(rest, size, weight) > max_width:
        cut = len(rest) - 1
        while cut > 1 and width(rest[:cut], size, weight) > max_width:
            cut -= 1
        breaks = [i + 1 for i, ch in enumerate(rest[:cut]) if ch in "/.-#?&=_"]
        at = breaks[-1] if breaks and breaks[-1] > cut // 3 else cut
        out.append(rest[:at])
        rest = rest[at:]
    return [*out, rest] if rest else out


def wrap(text: str, size: float, max_width: float, weight: int = 400) -> list[str]:
    """Lines of at most ``max_width`` px, broken at spaces; a word longer than a line (an address) is broken
    inside, preferably after a '/'."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for i, piece in enumerate(_pieces(word, size, max_width, weight)):
            candidate = f"{line}{' ' if i == 0 else ''}{piece}" if line else piece
            if line and width(candidate, size, weight) > max_width:
                lines.append(line)
                line = piece
            else:
                line = candidate
    if line:
        lines.append(line)
    return lines


# What the pictures' texts can use: Latin with its punctuation, symbols and ligatures. Each picture's font is
# subset from a copy of the face with only these (a tenth of its glyphs, so its kerning table reads in a
# fraction of the time: the full face took about 0.4 s per picture); a text outside them takes the full face.
BASE_RANGES = ((0x20, 0x300), (0x2000, 0x2800), (0xFB00, 0xFB07))
LAYOUT_FEATURES = ["kern", "liga"]


def _in_base(chars: str) -> bool:
    return all(any(lo <= ord(c) < hi for lo, hi in BASE_RANGES) for c in chars)


@functools.cache
def _base(weight: int, italic: bool) -> bytes:
    """The face with only :data:`BASE_RANGES` (all its layout, names and hinting kept), as TTF bytes; kept in
    _build/cache (:func:`swic.memo.bytes_by_key`), since making it reads the whole face."""
    key = repr((weight, italic, code_key())).encode()
    return memo.bytes_by_key("font-base", key, lambda: _make_base(weight, italic))


def _make_base(weight: int, italic: bool) -> bytes:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_file(weight, italic)), recalcTimestamp=False)
    opts = ft_subset.Options()
    opts.layout_features = LAYOUT_FEATURES
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.glyph_names = True
    opts.legacy_kern = True
    opts.symbol_cmap = True
    opts.prune_unicode_ranges = False
    opts.recalc_timestamp = False
    sub = ft_subset.Subsetter(opts)
    sub.populate(unicodes=[c for lo, hi in BASE_RANGES for c in range(lo, hi)])
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def _fonttools_version() -> str:
    import fontTools

    return fontTools.version


def subset(chars: str, weight: int = 400, flavor: str = "woff2", italic: bool = False) -> bytes:
    """The font with only these characters, renamed (:func:`rename`); deterministic bytes (no timestamps).

    Kept in memory and in _build/cache (a page draws each chart in several layouts, and a page executed
    again draws the same texts): the same characters give the same bytes."""
    return _subset("".join(sorted(set(chars))), weight, flavor, italic)


@functools.lru_cache(maxsize=2048)
def _subset(chars: str, weight: int, flavor: str, italic: bool) -> bytes:
    key = repr((chars, weight, flavor, italic, code_key())).encode()
    return memo.bytes_by_key("font-subset", key, lambda: _make_subset(chars, weight, flavor, italic))


@functools.cache
def code_key() -> str:
    """What decides a subset's bytes besides its characters: this module, fontTools and the font files."""
    sizes = [font_file(w, i).stat().st_size for w in FILES for i in (False, True)]
    return hashlib.sha256(
        repr((Path(__file__).read_bytes(), _fonttools_version(), sizes)).encode()
    ).hexdigest()


def _make_subset(chars: str, weight: int, flavor: str, italic: bool) -> bytes:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    if _in_base(chars):
        font = TTFont(io.BytesIO(_base(weight, italic)), recalcTimestamp=False)
    else:
        font = TTFont(str(font_file(weight, italic)), recalcTimestamp=False)
    opts = ft_subset.Options()
    opts.flavor = flavor
    opts.layout_features = LAYOUT_FEATURES
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # the copyright and the licence stay with the glyphs
    opts.name_languages = [0x409]
    opts.notdef_outline = True
    sub = ft_subset.Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    rename(font, weight, italic)
    buf = io.BytesIO()
    font.flavor = flavor
    font.save(buf)
    return buf.getvalue()


_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)


def embed(svg: str) -> str:
    """The SVG with the glyphs it uses embedded as fonts (one per weight), so every viewer draws its
    labels in the font they were measured with."""
    by_weight: dict[int, set[str]] = {}
    for attrs, content in _TEXT.findall(svg):
        m = re.search(r'font-weight="([^"]+)"', attrs)
        raw = m[1] if m else "normal"
        weight = WEIGHT_NAMES.get(raw) or (int(raw) if raw.isdigit() else 400)
        plain = html.unescape(re.sub(r"<[^>]+>", "", content))
        by_weight.setdefault(_nearest(weight), set()).update(plain)
    if not by_weight:
        return svg
    rules = []
    for weight, chars in sorted(by_weight.items()):
        data = base64.b64encode(subset("".join(chars) + " ", weight)).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'{FAMILY}';font-weight:{weight};"
            f"src:url(data:font/woff2;base64,{data}) format('woff2')}}"
        )
    style = f"<defs><style>{''.join(rules)}</style></defs>"
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m[1] + style, svg, count=1)


def web_font_name(weight: int, italic: bool = False) -> str:
    return f"{FAMILY.replace(' ', '-').lower()}-{weight}{'-italic' if italic else ''}.woff2"


def write_webfonts(folder: Path) -> str:
    """Write the site's WOFF2 files (Latin, four faces) and the font's licence into ``folder`` and return
    their ``@font-face`` rules, with URLs relative to ``folder``'s parent.

    ``font-display: optional``: the text is drawn once, in the font if it has arrived within the browser's
    short block period (every face is preloaded, see :data:`PRELOAD`), else in the fallback for the
    whole visit. Nothing moves when a font arrives late (no layout shift); the next page has it cached."""
    folder.mkdir(parents=True, exist_ok=True)
    cache = _webfont_cache()
    rules = []
    for weight, italic in WEB_FACES:
        name = web_font_name(weight, italic)
        if not (cache / name).exists():  # subsetting takes seconds: once per font and character set
            paths.replace_file(cache / name, subset(LATIN, weight, italic=italic))
        shutil.copy2(cache / name, folder / name)
        rules.append(
            f"@font-face{{font-family:'{FAMILY}';font-style:{'italic' if italic else 'normal'};"
            f"font-weight:{weight};font-display:optional;src:url('{folder.name}/{name}') format('woff2')}}"
        )
    (folder / "OFL.txt").write_text(
        f"{FAMILY} is Source Sans Pro by Adobe, subset to Latin and renamed by Sociaal Werk in Cijfers as the "
        "SIL Open Font License asks of a Modified Version (Reserved Font Name 'Source').\n\n"
        + licence_text(),
        encoding="utf-8",
    )
    return "\n".join(rules) + "\n"


def _webfont_cache() -> Path:
    """A folder for the WOFF2 files, named after everything that decides their bytes."""
    import fontTools

    key = repr((FAMILY, LATIN, WEB_FACES, fontTools.version, Path(__file__).read_bytes()))
    key += repr([font_file(w, i).stat().st_size for w, i in WEB_FACES])
    folder = paths.root() / "_build" / "cache" / "webfonts" / hashlib.sha256(key.encode()).hexdigest()[:12]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def preload_links(prefix: str) -> str:
    """``<link rel=preload>`` for the faces of :data:`PRELOAD`; ``prefix`` leads from the page to _static/."""
    return "".join(
        f'<link rel="preload" href="{prefix}{FONT_DIR}/{web_font_name(w, i)}" as="font" type="font/woff2" '
        "crossorigin />"
        for w, i in PRELOAD
    )
