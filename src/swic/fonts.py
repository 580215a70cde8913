"""The site's one font, Source Sans Pro (SIL Open Font License), from the PyPI package
``font-source-sans-pro`` pinned in ``requirements.lock``: the same picture on every machine.

* vl-convert lays out and draws every static chart with it (:func:`register`), whatever fonts the machine
  has;
* every SVG a reader gets (on the page, downloaded) carries the glyphs it uses, as a small embedded font
  (:func:`embed`), so a viewer with other fonts draws the labels with the widths they were measured with;
* the site's pages use it too: :func:`write_webfonts` writes the WOFF2 files and their ``@font-face`` rules;
* :func:`width` measures a text with it, for layouts made outside Vega (the caption of a downloaded chart).
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re
import shutil
from pathlib import Path

from swic import paths

FAMILY = "Source Sans Pro"
STACK = f"'{FAMILY}', 'Source Sans 3', system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
FILES = {400: "SourceSansPro-Regular.ttf", 600: "SourceSansPro-Semibold.ttf", 700: "SourceSansPro-Bold.ttf"}
WEIGHT_NAMES = {"normal": 400, "bold": 700}
LATIN = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(chr(c) for c in range(0xA0, 0x180)) + "‘’“”–—…€•"


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


def font_file(weight: int = 400) -> Path:
    return source_dir() / FILES[_nearest(weight)]


def _nearest(weight: int) -> int:
    return min(FILES, key=lambda w: abs(w - weight))


@functools.cache
def register() -> Path:
    """Give vl-convert the font (once per process): a folder with just the weights the site uses, so the
    layout never depends on what else the machine has."""
    import vl_convert as vlc

    target = paths.root() / "_build" / "cache" / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    for name in FILES.values():
        if not (target / name).exists():
            shutil.copy2(source_dir() / name, target / name)
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


def wrap(text: str, size: float, max_width: float, weight: int = 400) -> list[str]:
    """Lines of at most ``max_width`` px, broken at spaces."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and width(candidate, size, weight) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def subset(chars: str, weight: int = 400, flavor: str = "woff2") -> bytes:
    """The font with only these characters (deterministic bytes: no timestamps)."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_file(weight)), recalcTimestamp=False)
    opts = ft_subset.Options()
    opts.flavor = flavor
    opts.layout_features = ["kern", "liga"]
    opts.name_IDs = [0, 1, 2]  # copyright and family names stay with the glyphs (the licence asks so)
    opts.notdef_outline = True
    sub = ft_subset.Subsetter(opts)
    sub.populate(text="".join(sorted(set(chars))))
    sub.subset(font)
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


def write_webfonts(folder: Path) -> str:
    """Write the site's WOFF2 files (Latin, one per weight) into ``folder`` and return their
    ``@font-face`` rules (``font-display: swap``: text shows at once, in the fallback until it loads)."""
    folder.mkdir(parents=True, exist_ok=True)
    rules = []
    for weight in sorted(FILES):
        name = f"source-sans-pro-{weight}.woff2"
        (folder / name).write_bytes(subset(LATIN, weight))
        rules.append(
            f"@font-face{{font-family:'{FAMILY}';font-style:normal;font-weight:{weight};font-display:swap;"
            f"src:url('{name}') format('woff2')}}"
        )
    return "\n".join(rules) + "\n"
