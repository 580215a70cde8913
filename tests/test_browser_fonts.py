"""The same picture on every machine: every downloadable SVG and every static chart picture, opened in headless
Chromium with the machine's fonts and with a font set that has nothing but a monospace font, keeps every
label inside the image (the SVGs carry the glyphs they were measured with; see swic.fonts).

The trial: the same check on an SVG whose embedded font was taken out finds labels cut off, so the check
would see the problem the embedded font solves."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SLACK = 1.0  # px: anti-aliasing

# every <text> of the SVG whose box (as drawn, after transforms) leaves the SVG's own box
OUTSIDE_JS = """(slack) => {
  const svg = document.documentElement;
  const box = svg.getBoundingClientRect();
  const out = [];
  for (const t of svg.querySelectorAll('text')) {
    const s = (t.textContent || '').trim();
    if (!s || getComputedStyle(t).visibility === 'hidden' || t.closest('[opacity="0"]')) continue;
    const r = t.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < box.left - slack || r.top < box.top - slack || r.right > box.right + slack ||
        r.bottom > box.bottom + slack)
      out.push(`${s.slice(0, 60)} [${Math.round(r.left - box.left)}, ${Math.round(r.top - box.top)}, ` +
               `${Math.round(r.right - box.left)}, ${Math.round(r.bottom - box.top)}] in ` +
               `${Math.round(box.width)} x ${Math.round(box.height)}`);
  }
  return out;
}"""


def pictures(site: Path) -> list[Path]:
    """Every SVG a reader sees or takes away: the downloads and the pages' static pictures (both layouts)."""
    return sorted((site / "figuren").rglob("*.svg"))


def monospace_only_config(folder: Path) -> Path | None:
    """A fontconfig file that offers one monospace font for every family (None if the machine has none)."""
    if not shutil.which("fc-match"):
        return None
    found = subprocess.run(
        ["fc-match", "-f", "%{file}", "monospace"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not found or not Path(found).is_file():
        return None
    fonts = folder / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    shutil.copy2(found, fonts / Path(found).name)
    conf = folder / "fonts.conf"
    conf.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{folder / "cache"}</cachedir>
  <match target="pattern">
    <edit name="family" mode="assign" binding="strong"><string>monospace</string></edit>
  </match>
</fontconfig>
""",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="module", params=["machine fonts", "monospace only"])
def font_page(request, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    from swic import browser as swic_browser

    try:
        swic_browser.chromium_path()
    except swic_browser.BrowserNotFound as exc:
        pytest.fail(str(exc))
    env = None
    if request.param == "monospace only":
        conf = monospace_only_config(tmp_path_factory.mktemp("fontconfig"))
        if conf is None:
            pytest.skip("no monospace font on this machine (fc-match monospace)")
        import os

        env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    with sync_playwright() as pw:
        b = swic_browser.launch(pw, env=env)
        ctx = b.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        if env:
            # the font set really differs: 'iiii' and 'MMMM' are equally wide in sans-serif
            page.set_content(
                "<p><span id=a style='font:20px sans-serif'>iiii</span>"
                "<span id=b style='font:20px sans-serif'>MMMM</span></p>"
            )
            w = page.evaluate("[a.getBoundingClientRect().width, b.getBoundingClientRect().width]")
            assert abs(w[0] - w[1]) < 0.5, f"the monospace-only font set is not in effect: {w}"
        yield request.param, page
        ctx.close()
        b.close()


def labels_outside(page, url: str) -> list[str]:
    page.goto(url)
    page.evaluate("document.fonts ? document.fonts.ready.then(() => true) : true")
    return page.evaluate(OUTSIDE_JS, SLACK)


# The same check on many pictures at once: each opened in a frame of its own (its own document, as when it
# is opened alone, at the same window size), all frames of a batch loaded side by side; a fraction of the time
# of opening them one after another.
BATCH = 40
FRAMES_JS = """async ([urls, slack, width, height]) => {
  const check = new Function('slack', 'document', 'getComputedStyle',
    'return (' + CHECK + ')(slack);');
  document.body.innerHTML = '';
  const frames = urls.map(u => {
    const f = document.createElement('iframe');
    f.style.cssText = `width:${width}px;height:${height}px;border:0;display:block`;
    document.body.appendChild(f);
    const loaded = new Promise(r => f.addEventListener('load', r, {once: true}));
    f.src = u;
    return [f, loaded];
  });
  const out = [];
  for (const [f, loaded] of frames) {
    await loaded;
    const doc = f.contentDocument;
    if (doc.fonts) await doc.fonts.ready;
    out.push(check(slack, doc, e => f.contentWindow.getComputedStyle(e)));
  }
  return out;
}""".replace("CHECK", json.dumps(OUTSIDE_JS))


def test_no_label_of_any_picture_falls_outside_it(font_page, site, server):
    fonts, page = font_page
    files = pictures(site)
    assert len(files) > 300, f"only {len(files)} SVGs"
    problems = []
    page.goto(f"{server}/figuren/")  # a page of the same origin, whose frames the check can read
    for start in range(0, len(files), BATCH):
        rels = [f.relative_to(site).as_posix() for f in files[start : start + BATCH]]
        found = page.evaluate(FRAMES_JS, [[f"{server}/{r}" for r in rels], SLACK, 1400, 1000])
        assert len(found) == len(rels)
        problems += [f"{rel}: {p}" for rel, cut in zip(rels, found, strict=True) for p in cut]
    assert not problems, f"with {fonts}, {len(problems)} labels cut:\n" + "\n".join(problems[:30])


def test_the_batched_check_sees_what_the_single_check_sees(font_page, site, tmp_path):
    """The frames give the same answers as opening each picture alone: on pictures whose embedded font was
    taken out (cut labels with a wide font) and on pictures as they are."""
    import functools
    import http.server
    import threading

    fonts, page = font_page
    files = sorted((site / "figuren").rglob("sociaal-werk-in-cijfers-*.svg"))[:4]
    names = []
    for i, path in enumerate(files):
        svg = path.read_text(encoding="utf-8")
        bare = re.sub(r"<defs><style>@font-face.*?</style></defs>", "", svg, count=1, flags=re.S)
        (tmp_path / f"as-built-{i}.svg").write_text(svg, encoding="utf-8")
        (tmp_path / f"bare-{i}.svg").write_text(bare, encoding="utf-8")
        names += [f"as-built-{i}.svg", f"bare-{i}.svg"]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        single = [labels_outside(page, f"{base}/{n}") for n in names]
        page.goto(f"{base}/")
        batched = page.evaluate(FRAMES_JS, [[f"{base}/{n}" for n in names], SLACK, 1400, 1000])
    finally:
        httpd.shutdown()
    if fonts == "monospace only":
        assert any(single[1::2]), "no bare picture has cut labels: the comparison shows nothing"
    assert batched == single


def test_trial_without_the_embedded_font_labels_are_cut(font_page, site, tmp_path):
    """The check sees the problem: strip the embedded font from downloaded pictures and, with a wider
    font, their labels fall outside (the picture was laid out for the narrow font)."""
    fonts, page = font_page
    if fonts != "monospace only":
        pytest.skip("the machine's fonts may be as narrow as the site's")
    cut = 0
    files = sorted((site / "figuren").rglob("sociaal-werk-in-cijfers-*.svg"))[:8]
    for i, path in enumerate(files):
        svg = path.read_text(encoding="utf-8")
        bare = re.sub(r"<defs><style>@font-face.*?</style></defs>", "", svg, count=1, flags=re.S)
        assert bare != svg, f"{path.name}: no embedded font to take out"
        out = tmp_path / f"bare-{i}.svg"
        out.write_text(bare, encoding="utf-8")
        cut += bool(labels_outside(page, out.as_uri()))
    assert cut, "without the embedded font no label was cut: the check would not see the problem"
