"""Benchmark (not a test): `make bench`.

On a throw-away copy of the project:
  cold build      — empty _build (every page executed on warm kernels, static charts rendered, book built)
  no-op rebuild   — nothing changed
  prose edit      — a sentence added to one chapter (its code is not executed again)
  one-line code   — one line added to a code cell of one chapter (that page is executed again)
  one-data-file   — one data CSV edited (a note)
  same as cold    — after the prose, code and data edits, the site equals a cold build of the same tree,
                    byte for byte (each tree built again from nothing in a copy; --no-compare skips it)
  naive baseline  — `jupyter-book build` executing every notebook itself (execute_notebooks: force), with
                    the registry's parameters injected by `papermill --prepare-only`, rendering the same
                    static charts
Then on the built site:
  page weight     — per page: script and CSS bytes (raw and gzip) and render-blocking bytes
  first chart     — time until the first chart is visible in headless Chromium (median of several runs)
  first paint     — first and largest contentful paint and layout shift of the start page, a chapter,
                    sectorplan and a topic page on Lighthouse's mobile profile, served gzipped (median of
                    three cold loads; target largest paint <= 1.5 s, shift <= 0.05); --paint-only SITE
                    measures only this (with --before DIR next to another site)
And with --test: the time of `make test` on the built tree. With --repeat N the cold build and the naive
baseline run N times each and the table reports their medians (and the runs), since a single run on a
shared VM varies by ten seconds or more.

Targets: no-op <= 15% of cold; a prose edit <= 10% of cold and executes no page; a one-line code edit
<= 25% of cold and executes one page; every edited site equals a cold build; cold <= 35% of the naive
baseline; no page over 700 KB of script. --before DIR measures the page weight of another built site too (a site of an
earlier version). With --write-readme the tables are written into README.md between the bench markers.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def copy_project(dest: Path, source: Path = ROOT) -> Path:
    ignore = shutil.ignore_patterns(
        ".venv*", "node_modules", ".git", "__pycache__", "_build", ".pytest_cache", ".ruff_cache", "_naive-*"
    )
    shutil.copytree(source, dest, ignore=ignore)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two built sites (or exist in one only)."""
    fa = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    fb = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    diff = sorted(str(p) for p in fa ^ fb)
    diff += [str(p) for p in sorted(fa & fb) if (a / p).read_bytes() != (b / p).read_bytes()]
    return diff


def edit_code_line(chapter: Path) -> None:
    """Add one line at the top of the last code cell of a chapter (a statement that shows nothing; at the
    end it would hide the value the cell shows)."""
    sys.path.insert(0, str(ROOT / "src"))
    from swic import notebooks

    nb = notebooks.read(chapter)
    last = max(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells[last]["source"] = "benchmark_edit = 1\n" + nb.cells[last]["source"]
    notebooks.write(nb, chapter)


def swic(project: Path, *args: str) -> tuple[float, int, str]:
    # the copy's own package, not the checkout's (the virtualenv's editable install points there): an edit
    # in the checkout while the benchmark runs must not change what it measures
    env = {**os.environ, "SWIC_ROOT": str(project), "PYTHONPATH": str(project / "src")}
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "swic", *args], cwd=project, env=env, capture_output=True, text=True
    )
    dt = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"swic {' '.join(args)} failed:\n{proc.stderr}")
    m = re.search(r"Executed (\d+) page", proc.stdout)
    return dt, int(m[1]) if m else 0, proc.stdout


def naive(project: Path, run: int = 0) -> tuple[float, int]:
    """Stage notebooks with their parameters injected, let Jupyter Book execute them all (each in a fresh
    kernel), rendering the static charts as our build does."""
    import papermill as pm
    import yaml

    sys.path.insert(0, str(ROOT / "src"))
    os.environ["SWIC_ROOT"] = str(project)
    from swic import build as b
    from swic import notebooks, registry

    stage = project / f"_naive-{run}"
    stage.mkdir()
    pages = registry.load(project)
    for name in b.BOOK_FILES:
        if (project / name).exists():
            shutil.copy2(project / name, stage / name)
    shutil.copytree(project / "pages", stage / "pages", dirs_exist_ok=True)
    t = time.perf_counter()
    for p in pages:
        pm.execute_notebook(
            notebooks.read(p.notebook),
            str(stage / "pages" / f"{p.id}.ipynb"),
            parameters={**p.parameters, "swic_page": p.id},
            prepare_only=True,
            kernel_name="python3",
        )
    (stage / "_static").mkdir(exist_ok=True)
    for f in [*b.STATIC_SRC.glob("*.css"), *b.STATIC_SRC.glob("*.js")]:
        shutil.copy2(f, stage / "_static" / f.name)
    shutil.copytree(project / "data", stage / "_extra" / "data")
    cfg = yaml.safe_load((stage / "_config.yml").read_text())
    cfg["execute"] = {"execute_notebooks": "force", "timeout": 600}
    (stage / "_config.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
    writes = project / f"_naive-writes-{run}.log"
    env = {
        **os.environ,
        "SWIC_ROOT": str(project),
        "SWIC_WRITES_LOG": str(writes),
        "PYTHONPATH": str(project / "src"),
    }
    proc = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(stage), "--builder", "html"],
        env=env,
        capture_output=True,
        text=True,
        cwd=stage,
    )
    dt = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"naive build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return dt, len(pages)


def edit_note(csv_path: Path) -> None:
    """Change the note of the last row (a harmless data edit)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"), newline="")))
    col = rows[0].index("note")
    rows[-1][col] = (rows[-1][col] + " (benchmark edit)").strip()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    csv_path.write_text(out.getvalue(), encoding="utf-8")


# --------------------------------------------------------------------------- the built site


def page_weight(site: Path) -> list[dict]:
    """Per page: script and CSS files it loads (raw, gzip), and the part that blocks rendering."""
    rows = []
    for page in sorted(site.glob("pages/*.html")):
        html = page.read_text(encoding="utf-8")
        head = html[: html.find("</head>")]
        js = css = js_gz = css_gz = blocking = 0
        for m in re.finditer(r"<script([^>]*)\bsrc=\"([^\"?]+)[^\"]*\"[^>]*>", html):
            f = (page.parent / m[2]).resolve()
            if not f.exists():
                continue
            size, gz = f.stat().st_size, len(gzip.compress(f.read_bytes(), 6))
            js += size
            js_gz += gz
            in_head = m.start() < len(head)
            if in_head and "defer" not in m[1] and "async" not in m[1]:
                blocking += size
        for m in re.finditer(r"<link[^>]*href=\"([^\"?]+\.css)[^\"]*\"", head):
            f = (page.parent / m[1]).resolve()
            if f.exists():
                css += f.stat().st_size
                css_gz += len(gzip.compress(f.read_bytes(), 6))
                blocking += f.stat().st_size
        lazy = 0
        if 'class="swic-chart' in html:
            vega = site / "assets" / "vega" / "vega.min.js"
            if vega.exists():
                lazy = vega.stat().st_size  # loaded when the first chart comes near the screen
        rows.append(
            {
                "page": page.name,
                "js": js,
                "js_gz": js_gz,
                "css": css,
                "css_gz": css_gz,
                "blocking": blocking,
                "lazy": lazy,
            }
        )
    return rows


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def browsing(site: Path, handler):
    """A headless browser and the address of ``site`` served on a free local port."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "src"))
    from swic import browser as swic_browser

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            b = swic_browser.launch(pw)
            try:
                yield b, f"http://127.0.0.1:{httpd.server_address[1]}"
            finally:
                b.close()
    finally:
        httpd.shutdown()


def first_chart_times(site: Path, pages: list[str], runs: int = 5) -> dict[str, float]:
    """Milliseconds until the first chart is visible (static image or drawn chart), median of ``runs``."""
    out = {}
    with browsing(site, Quiet) as (b, base):
        for p in pages:
            times = []
            for _ in range(runs):
                ctx = b.new_context(viewport={"width": 1280, "height": 900})
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(f"{base}/{p}", wait_until="commit")
                page.wait_for_function(
                    """() => { const c = document.querySelector('figure.swic-figure');
                       if (!c) return document.readyState === 'complete';  // a page without charts
                       const img = c.querySelector('.swic-static img');
                       const svg = c.querySelector('.swic-live svg, .swic-chart > svg, .swic-chart div > svg');
                       return (svg && svg.getBoundingClientRect().height > 0)
                           || (img && img.complete && img.naturalWidth > 0); }""",
                    timeout=30_000,
                    polling=10,
                )
                has = page.evaluate("() => !!document.querySelector('figure.swic-figure')")
                times.append((time.perf_counter() - t) * 1000 if has else float("nan"))
                ctx.close()
            out[p] = statistics.median(times)
    return out


# Lighthouse's mobile profile: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU four times slower.
MOBILE = {"latency": 150, "download": 1.6e6 / 8, "upload": 750e3 / 8, "cpu": 4}
PAINT_PAGES = [
    "pages/index.html",
    "pages/administratie.html",
    "pages/sectorplan.html",
    "pages/onderwerp-administratie.html",
]
_GZIP_TYPES = (".html", ".css", ".js", ".svg", ".json", ".mjs")


class GzipHandler(Quiet):
    """Serves text files gzipped, as GitHub Pages does."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (
            path.suffix in _GZIP_TYPES
            and path.is_file()
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        import io

        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


PAINT_JS = """() => new Promise(resolve => {
  const out = {fcp: null, lcp: null, cls: 0};
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  if (fcp) out.fcp = fcp.startTime;
  new PerformanceObserver(l => { for (const e of l.getEntries()) out.lcp = e.startTime; })
    .observe({type: 'largest-contentful-paint', buffered: true});
  new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) out.cls += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(out), 100);
})"""


def paint_times(site: Path, pages: list[str] = PAINT_PAGES, runs: int = 3) -> dict[str, dict[str, float]]:
    """First and largest contentful paint (ms) and cumulative layout shift of each page on Lighthouse's
    mobile profile (412 px wide), served gzipped, each load cold (a new browser context): the median of
    ``runs`` loads."""
    out = {}
    with browsing(site, GzipHandler) as (b, base):
        for p in pages:
            got = []
            for _ in range(runs):
                ctx = b.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
                page = ctx.new_page()
                cdp = ctx.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": MOBILE["latency"],
                        "downloadThroughput": MOBILE["download"],
                        "uploadThroughput": MOBILE["upload"],
                    },
                )
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": MOBILE["cpu"]})
                page.goto(f"{base}/{p}", wait_until="load", timeout=60_000)
                page.wait_for_timeout(1500)  # late shifts (fonts, images, scripts) count too
                got.append(page.evaluate(PAINT_JS))
                ctx.close()
            out[p] = {k: statistics.median(g[k] or 0 for g in got) for k in ("fcp", "lcp", "cls")}
    return out


def paint_table(now: dict, before: dict | None = None) -> str:
    head = "| page | first paint ms | largest paint ms | layout shift |"
    rule = "|---|---:|---:|---:|"
    if before:
        head += " before: first / largest ms, shift |"
        rule += "---:|"
    out = [
        "**First paint on a phone** (Lighthouse's mobile profile: 150 ms round trip, 1.6 Mbit/s, CPU x4; "
        "served gzipped; median of three cold loads; target: largest paint <= 1500 ms, shift <= 0.05)",
        "",
        head,
        rule,
    ]
    for p, r in now.items():
        row = f"| {p} | {r['fcp']:.0f} | {r['lcp']:.0f} | {r['cls']:.3f} |"
        if before and p in before:
            b = before[p]
            row += f" {b['fcp']:.0f} / {b['lcp']:.0f}, {b['cls']:.3f} |"
        out.append(row)
    return "\n".join(out)


def weight_table(rows: list[dict], title: str) -> str:
    kb = lambda n: f"{n / 1024:.0f}"  # noqa: E731
    out = [
        f"**{title}**",
        "",
        "| page | script KB (gzip) | CSS KB (gzip) | render-blocking KB | Vega, loaded later KB |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in sorted(rows, key=lambda r: -(r["js"] + r["lazy"]))[:6]:
        out.append(
            f"| {r['page']} | {kb(r['js'])} ({kb(r['js_gz'])}) | {kb(r['css'])} ({kb(r['css_gz'])}) | "
            f"{kb(r['blocking'])} | {kb(r['lazy'])} |"
        )
    heaviest = max(r["js"] + r["lazy"] for r in rows)
    out.append("")
    out.append(f"Heaviest page: {kb(heaviest)} KB of script in all (target <= 700 KB).")
    return "\n".join(out)


def label(name: str, runs: list[tuple]) -> str:
    """A scenario's name, with its runs when there were several: 'cold build (median of 3: 47.5, 50.1, 56.0 s)'."""
    if len(runs) == 1:
        return name
    times = ", ".join(f"{r[0]:.1f}" for r in sorted(runs, key=lambda r: r[0]))
    return f"{name} (median of {len(runs)}: {times} s)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write-readme", action="store_true")
    ap.add_argument(
        "--before", type=Path, default=None, help="another built site to compare the page weight with"
    )
    ap.add_argument("--test", action="store_true", help="also time `make test` on the built tree")
    ap.add_argument(
        "--no-compare", action="store_true", help="skip building each edited tree from nothing to compare"
    )
    ap.add_argument(
        "--paint-only",
        type=Path,
        default=None,
        help="only measure first paint on the mobile profile of this built site (and of --before)",
    )
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs of the cold build and naive baseline (median)"
    )
    a = ap.parse_args()
    if a.paint_only:
        before = paint_times(a.before) if a.before else None
        print(paint_table(paint_times(a.paint_only), before))
        return
    with tempfile.TemporaryDirectory(prefix="swic-bench-") as tmp:
        project = copy_project(Path(tmp) / "project")
        rows = []
        colds = [swic(project, "build", "--force") for _ in range(max(1, a.repeat))]
        cold_s = statistics.median(c[0] for c in colds)
        rows.append((label("cold build", colds), cold_s, colds[0][1]))
        noop = swic(project, "build")
        rows.append(("no-op rebuild", noop[0], noop[1]))

        states = []  # (scenario, copy of the tree, copy of the site built after the edit)

        def keep(name: str) -> None:
            if not a.no_compare:
                n = len(states)
                tree = copy_project(Path(tmp) / f"tree-{n}", source=project)
                shutil.copytree(project / "_build" / "html", Path(tmp) / f"site-{n}")
                states.append((name, tree, Path(tmp) / f"site-{n}"))

        nb = project / "chapters" / "zeggenschap.md"
        nb.write_text(nb.read_text(encoding="utf-8") + "\nEen extra zin (benchmark).\n", encoding="utf-8")
        prose = swic(project, "build")
        rows.append((f"prose edit ({nb.name})", prose[0], prose[1]))
        keep("prose edit")

        edit_code_line(nb)
        code = swic(project, "build")
        rows.append((f"one-line code edit ({nb.name})", code[0], code[1]))
        keep("one-line code edit")

        csv_path = project / "data" / "raadpleging" / "2025" / "hoofdstuk-15.csv"
        edit_note(csv_path)
        data = swic(project, "build")
        rows.append((f"one-data-file edit ({csv_path.name})", data[0], data[1]))
        keep("one-data-file edit")

        # each edited tree built from nothing: the incremental site must be the same, byte for byte
        same = []
        for name, tree, built in states:
            swic(tree, "build")
            diff = differences(built, tree / "_build" / "html")
            same.append((name, diff))
            shutil.rmtree(tree, ignore_errors=True)

        site = project / "_build" / "html"
        weights = page_weight(site)
        chart_pages = ["pages/administratie.html", "pages/vitaliteit.html", "pages/index.html"]
        first = first_chart_times(site, chart_pages)
        paints = paint_times(site)
        before_weights = page_weight(a.before) if a.before else None
        before_first = first_chart_times(a.before, chart_pages) if a.before else None
        before_paints = paint_times(a.before) if a.before else None

        test_s = None
        if a.test:
            # "with a built site": bring the working tree's site up to date first (a commit since the last
            # build re-executes the page that cites the version), then time the tests alone
            subprocess.run(["make", "book"], cwd=ROOT, capture_output=True, text=True, check=True)
            t = time.perf_counter()
            proc = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
            test_s = time.perf_counter() - t
            if proc.returncode != 0:
                print(proc.stdout[-2000:], proc.stderr[-2000:])

        nvs = [naive(project, run) for run in range(max(1, a.repeat))]
        rows.append(
            (
                label("naive baseline (jupyter-book executes)", nvs),
                statistics.median(n[0] for n in nvs),
                nvs[0][1],
            )
        )

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    out = ["| scenario | seconds | pages executed |", "|---|---:|---:|"]
    out += [f"| {name} | {sec:.1f} | {n} |" for name, sec, n in rows]
    if test_s is not None:
        out.append(f"| make test (site built) | {test_s:.0f} | |")
    cold_s, noop_s, naive_s = rows[0][1], rows[1][1], rows[-1][1]
    prose_s, prose_n, code_s, code_n = rows[2][1], rows[2][2], rows[3][1], rows[3][2]
    ok = lambda c: "OK" if c else "MISSED"  # noqa: E731
    checks = [
        f"no-op / cold = {noop_s / cold_s:.0%} (target <= 15%): {ok(noop_s <= 0.15 * cold_s)}",
        f"prose edit / cold = {prose_s / cold_s:.0%} (target <= 10%), {prose_n} page(s) executed (target 0): "
        f"{ok(prose_s <= 0.10 * cold_s and prose_n == 0)}",
        f"one-line code edit / cold = {code_s / cold_s:.0%} (target <= 25%), {code_n} page(s) executed "
        f"(target 1): {ok(code_s <= 0.25 * cold_s and code_n == 1)}",
        f"cold / naive = {cold_s / naive_s:.0%} (target <= 35%): {'OK' if cold_s <= 0.35 * naive_s else 'MISSED'}",
    ]
    for name, diff in same:
        checks.append(
            f"site after the {name} equals a cold build of the same tree: "
            + ("OK" if not diff else f"MISSED ({len(diff)} file(s) differ: {', '.join(diff[:5])})")
        )
    if test_s is not None:
        checks.append(
            f"make test = {test_s / 60:.1f} min (target <= 5 min): {'OK' if test_s <= 300 else 'MISSED'}"
        )
    parts = [
        "\n".join(out),
        "\n".join(f"- {c}" for c in checks),
        weight_table(weights, "Page weight (this version)"),
    ]
    if before_weights:
        parts.append(weight_table(before_weights, f"Page weight before ({a.before})"))
    ft = [
        "| page | first chart visible, ms (median of 5) |" + (" before |" if before_first else ""),
        "|---|---:|" + ("---:|" if before_first else ""),
    ]
    for p in chart_pages:

        def ms(x):
            return "no chart" if x != x else f"{x:.0f}"

        ft.append(f"| {p} | {ms(first[p])} |" + (f" {ms(before_first[p])} |" if before_first else ""))
    parts.append("\n".join(ft))
    parts.append(paint_table(paints, before_paints))
    parts.append(f"Machine: {machine}; measured {time.strftime('%Y-%m-%d')}.")
    table = "\n\n".join(parts) + "\n"
    print(table)
    if a.write_readme:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        text = re.sub(
            r"<!-- bench:start -->.*<!-- bench:end -->",
            "<!-- bench:start -->\n" + table + "<!-- bench:end -->",
            text,
            flags=re.S,
        )
        readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
