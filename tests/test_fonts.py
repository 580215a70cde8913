"""The site's one font (swic.fonts): served as small WOFF2 files with their licence, renamed as the SIL Open Font
License asks of a modified copy, preloaded, and wrapped text that never runs out of a picture."""

from __future__ import annotations

import re

import pytest

from swic import fonts

RESERVED = "Source"  # the Reserved Font Name of Source Sans Pro


def _names(font) -> dict[int, str]:
    return {r.nameID: r.toUnicode() for r in font["name"].names}


@pytest.mark.parametrize("weight,italic", fonts.WEB_FACES)
def test_a_subset_carries_our_name_and_keeps_the_copyright_and_licence(weight, italic):
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(fonts.subset("Abc €", weight, italic=italic)))
    names = _names(font)
    for name_id in (1, 3, 4, 6, 16):
        if name_id in names:
            assert RESERVED not in names[name_id].split(";")[0], (name_id, names[name_id])
    assert names[16 if 16 in names else 1] == fonts.FAMILY
    assert "Reserved Font Name" in names[0] and "Adobe" in names[0]
    assert "Open Font License" in names[13]


def test_wrap_breaks_a_long_address_after_a_slash():
    url = (
        "https://sociaal-werk-in-cijfers.github.io/sociaal-werk-in-cijfers/pages/"
        + "onderwerp-" * 12
        + "x.html"
    )
    lines = fonts.wrap(f"Sociaal Werk in Cijfers: {url} · Bewerking: CC BY 4.0", 15, 400)
    assert all(fonts.width(line, 15) <= 400 for line in lines), lines
    assert "".join(lines).replace(" ", "") == f"SociaalWerkinCijfers:{url}·Bewerking:CCBY4.0"
    assert any(line.endswith("/") for line in lines), lines


def test_the_site_serves_the_font_with_its_licence_and_preloads_every_face(site):
    folder = site / "_static" / fonts.FONT_DIR
    sizes = {w: (folder / fonts.web_font_name(w, i)).stat().st_size for w, i in fonts.WEB_FACES}
    assert all(8_000 < s < 30_000 for s in sizes.values()), sizes
    assert "SIL OPEN FONT LICENSE" in (folder / "OFL.txt").read_text(encoding="utf-8")
    css = next((site / "_static").glob("swic-site.*.css")).read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\{[^}]*SWiC Sans[^}]*\}", css)
    assert len(faces) == len(fonts.WEB_FACES), faces
    assert all("font-display:optional" in f.replace(" ", "") for f in faces), faces
    assert re.search(r"--pst-font-family-base:\s*'SWiC Sans'", css)
    page = (site / "pages" / "vitaliteit.html").read_text(encoding="utf-8")
    head = page[: page.index("</head>")]
    preloads = re.findall(
        r'<link rel="preload" href="([^"]+\.woff2)" as="font" type="font/woff2" crossorigin', head
    )
    assert len(preloads) == len(fonts.PRELOAD), preloads
    assert all((site / "pages" / p).resolve().is_file() for p in preloads), preloads
