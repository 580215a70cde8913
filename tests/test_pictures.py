"""The pictures a reader takes away stand on their own: every downloadable chart (SVG and PNG) carries its
title and a source line, the PNG is the same picture as the SVG at twice the size, and no downloaded file is
named only by its figure number."""

from __future__ import annotations

import html as _html
import json
import re
import struct
from pathlib import Path

from swic import cite, downloads

from .test_site import html_pages

SLUG = downloads.SITE_SLUG + "-"
_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)


def downloadable_svgs(site: Path) -> list[Path]:
    return sorted((site / "figuren").rglob(f"{SLUG}*.svg"))


def svg_size(svg: str) -> tuple[float, float]:
    m = re.search(r'<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return float(m[1]), float(m[2])


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def texts(svg: str, weight: str | None = None) -> list[str]:
    """The texts of an SVG, in order (only those of ``weight`` when given)."""
    out = []
    for attrs, content in _TEXT.findall(svg):
        if weight is None or f'font-weight="{weight}"' in attrs:
            out.append(_html.unescape(re.sub(r"<[^>]+>", "", content)))
    return out


def captions(site: Path) -> dict[str, str]:
    """Downloaded SVG name -> the figure's title as the page shows it (its caption without the n)."""
    out = {}
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        for fig in re.findall(r'<figure class="swic-figure[^"]*".*?</figure>', text, re.S):
            cap = re.search(r'<figcaption class="swic-caption">(.*?)</figcaption>', fig, re.S)
            for name in re.findall(r'download="([^"]+\.svg)"', fig):
                if cap:
                    title = re.sub(r'<span class="swic-n">.*?</span>', "", cap[1], flags=re.S)
                    out[name] = " ".join(_html.unescape(re.sub(r"<[^>]+>", "", title)).split())
    return out


def test_every_downloadable_picture_carries_its_title_and_a_source_line(site):
    svgs = downloadable_svgs(site)
    assert len(svgs) > 100, f"only {len(svgs)} downloadable SVGs"
    titles = captions(site)
    problems = []
    for path in svgs:
        svg = path.read_text(encoding="utf-8")
        rel = path.relative_to(site).as_posix()
        title = " ".join(texts(svg, "600"))
        if not title:
            problems.append(f"{rel}: no title")
        elif path.name in titles and title != titles[path.name]:
            problems.append(f"{rel}: title {title!r}, the page says {titles[path.name]!r}")
        lines = texts(svg)
        joined = " ".join(lines)
        if not any(t.startswith("Bron: ") for t in lines):
            problems.append(f"{rel}: no source line")
        address = cite.page_url(path.parent.name)
        if address.replace(" ", "") not in joined.replace(" ", "") and address not in "".join(lines):
            problems.append(f"{rel}: the page's address is missing")
        if "CC BY 4.0" not in joined:
            problems.append(f"{rel}: no licence")
        if "@font-face" not in svg:
            problems.append(f"{rel}: no embedded font")
    assert not problems, "\n".join(problems[:30])


def test_the_png_is_the_svg_at_twice_the_size(site):
    problems = []
    for path in downloadable_svgs(site):
        png = path.with_suffix(".png")
        rel = path.relative_to(site).as_posix()
        if not png.exists():
            problems.append(f"{rel}: no PNG")
            continue
        w, h = svg_size(path.read_text(encoding="utf-8"))
        pw, ph = png_size(png.read_bytes())
        if (pw, ph) != (round(2 * w), round(2 * h)):
            problems.append(f"{rel}: SVG {w:.0f} x {h:.0f}, PNG {pw} x {ph}")
    assert not problems, "\n".join(problems[:30])


def test_the_png_shows_the_same_picture_as_the_svg(site):
    """A sample of pictures: the downloaded SVG drawn again at twice its size gives the PNG, byte for byte
    (the embedded font is the one vl-convert draws with)."""
    from swic import render

    svgs = downloadable_svgs(site)
    sample = svgs[:: max(1, len(svgs) // 12)]
    problems = [
        path.relative_to(site).as_posix()
        for path in sample
        if render.png(path.read_text(encoding="utf-8")) != path.with_suffix(".png").read_bytes()
    ]
    assert not problems, "the PNG is not the SVG's picture:\n" + "\n".join(problems)


STATIC_NAME = re.compile(r"^[a-z0-9-]+(?:-smal)?\.(?:svg|json)$")


def test_no_downloaded_file_is_named_only_by_its_figure_number(site):
    problems = []
    linked = set()
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        for href, name in re.findall(r'href="([^"]+)"[^>]*\bdownload="([^"]*)"', text):
            linked.add(href.rsplit("/", 1)[-1])
            if not (name or href.rsplit("/", 1)[-1]).startswith(SLUG):
                problems.append(f"{page.name}: download {href} is saved as {name!r}")
    for path in sorted((site / "figuren").rglob("*")):
        if not path.is_file():
            continue
        if path.name.startswith(SLUG):
            continue
        # the page's own pictures (shown in the page, not offered as a download) may keep short names
        if not STATIC_NAME.match(path.name) or path.suffix != ".svg" or path.name in linked:
            problems.append(f"{path.relative_to(site)}: a file to take away named without the site and page")
    for path in sorted((site / "downloads").rglob("*")):
        if path.is_file() and not path.name.startswith(downloads.SITE_SLUG):
            problems.append(f"{path.relative_to(site)}: does not name the site")
    assert not problems, "\n".join(problems[:30])


def test_a_picture_drawn_before_comes_from_the_cache_and_equals_a_new_drawing(tmp_path, monkeypatch):
    """Drawing is kept by the exact spec (and the renderer and fonts): the same spec gives the same bytes
    without drawing, a changed spec is drawn anew, and what is kept equals what vl-convert draws."""
    from swic import render

    monkeypatch.setenv("SWIC_ROOT", str(tmp_path))
    vg = render.compile_spec(
        {
            "data": {"values": [{"a": "Ja", "b": 31}, {"a": "Nee", "b": 69}]},
            "mark": "bar",
            "encoding": {"y": {"field": "a", "type": "nominal"}, "x": {"field": "b", "type": "quantitative"}},
            "width": 300,
        }
    )
    drawn = render._vlc().vega_to_svg(vg)
    assert render.svg(vg, embed_font=False) == drawn
    kept = list((tmp_path / "_build" / "cache" / "memo" / "vega-svg").iterdir())
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == drawn
    calls = []
    monkeypatch.setattr(render, "_vlc", lambda: calls.append(1))
    assert render.svg(vg, embed_font=False) == drawn and not calls, "drawn again"
    monkeypatch.undo()
    monkeypatch.setenv("SWIC_ROOT", str(tmp_path))
    other = json.loads(json.dumps(vg).replace('"b": 31', '"b": 41'))
    assert other != vg and render.svg(other, embed_font=False) == render._vlc().vega_to_svg(other) != drawn
    assert render.png(drawn) == render._vlc().svg_to_png(drawn, scale=render.PNG_SCALE)
    assert render.png(drawn) == render.png(drawn)
