"""Screenshots of built pages in headless Chromium, to look at what the site shows.

Usage: python tools/screenshot.py [--site _build/html] [--out _build/screenshots] [--full] page.html ...
With no pages, takes every page of the site.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from swic import browser as swic_browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="*")
    ap.add_argument("--site", default="_build/html")
    ap.add_argument("--out", default="_build/screenshots")
    ap.add_argument("--full", action="store_true", help="whole page instead of the first screen")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--open-details", action="store_true", help="open every data table first")
    ap.add_argument("--figures", action="store_true", help="also one picture per figure (<page>__fig-N.png)")
    ap.add_argument(
        "--slices", action="store_true", help="the whole page as screen-high pictures (-1, -2, ...)"
    )
    ap.add_argument("--no-js", action="store_true", help="with JavaScript switched off")
    a = ap.parse_args()
    site = Path(a.site).resolve()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = a.pages or sorted(
        str(p.relative_to(site)) for p in site.rglob("*.html") if "_static" not in p.parts
    )
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    with sync_playwright() as pw:
        browser = swic_browser.launch(pw)
        page = browser.new_page(viewport={"width": a.width, "height": 1000}, java_script_enabled=not a.no_js)
        page.on("console", lambda m: m.type == "error" and print("  console:", m.text))
        for p in pages:
            page.goto(f"{base}/{p}", wait_until="load")
            if not a.no_js:
                page.evaluate("() => window.swicDrawAll ? window.swicDrawAll() : null")
            page.wait_for_timeout(800)
            if a.open_details:
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            target = out / (p.replace("/", "__").removesuffix(".html") + ".png")
            if a.slices:
                height = page.evaluate("document.documentElement.scrollHeight")
                for k, top in enumerate(range(0, height, 1000), start=1):
                    page.evaluate(f"window.scrollTo(0, {top})")
                    page.wait_for_timeout(150)
                    part = target.with_name(f"{target.stem}-{k}.png")
                    page.screenshot(path=str(part))
                    print(part)
            else:
                page.screenshot(path=str(target), full_page=a.full)
                print(target)
            if a.figures:
                figs = page.locator("figure.swic-figure")
                for i in range(figs.count()):
                    fig_target = target.with_name(f"{target.stem}__fig-{i + 1}.png")
                    figs.nth(i).screenshot(path=str(fig_target))
                    print(fig_target)
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
