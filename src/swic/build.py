"""Execute the registry's pages with papermill and build the book from the executed copies.

* Incremental: a page is re-executed only when its cache entry is stale (:mod:`swic.cache`).
* Parallel: pages run in a process pool, one kernel each.
* Atomic: the site is built into a fresh folder and replaces ``_build/html`` only when every
  page executed and the strict book build passed; otherwise the last good site stays as it was.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from swic import cache, errors, execute, paths, registry, runtime

BUILD = "_build"
EXECUTED = "executed"
CACHE = "cache"
STATIC_SRC = Path(__file__).parent / "static"
BOOK_FILES = ["_config.yml", "_toc.yml", "references.bib", "logo.svg"]


class BuildError(RuntimeError):
    """A build step failed; ``what`` names it for the summary line."""

    def __init__(self, message: str, what: str = "the build"):
        super().__init__(message)
        self.what = what


# --------------------------------------------------------------------------- execution

Result = execute.Result


def default_jobs() -> int:
    """Pages executed at once: two warm kernels per core (see swic.execute.default_jobs)."""
    return execute.default_jobs()


def execute_pages(
    pages: list[registry.Page], *, force: bool = False, jobs: int | None = None, log=print
) -> list[Result]:
    root = paths.root()
    build = root / BUILD
    (build / EXECUTED).mkdir(parents=True, exist_ok=True)
    cache_dir = build / CACHE / "pages"
    cache_dir.mkdir(parents=True, exist_ok=True)
    pkg_hash = cache.package_hash()
    results: dict[str, Result] = {}
    todo: list[tuple[registry.Page, str]] = []
    for page in pages:
        key = cache.page_key(page, pkg_hash)
        out = build / EXECUTED / f"{page.id}.ipynb"
        entry_path = cache_dir / f"{page.id}.json"
        entry = json.loads(entry_path.read_text()) if entry_path.exists() else None
        if not force and cache.is_valid(entry, key, root, out):
            results[page.id] = Result(page.id, "cached")
        else:
            cache.remove_writes(entry, root)
            todo.append((page, key))
    total = len(pages)
    done = 0
    for r in results.values():
        done += 1
        log(f"[{done:>2}/{total}] {r.page:<32} cached")
    if todo:
        jobs = max(1, min(jobs or default_jobs(), len(todo)))
        # longest pages first, so that no worker is left with a long page at the end
        todo.sort(key=lambda pk: -cache.last_seconds(cache_dir / f"{pk[0].id}.json"))
        with cf.ProcessPoolExecutor(
            max_workers=jobs, initializer=execute.init_worker, initargs=(str(root),)
        ) as pool:
            futures = {
                pool.submit(
                    execute.execute_page, page, str(build / EXECUTED / f"{page.id}.ipynb"), str(root)
                ): (
                    page,
                    key,
                )
                for page, key in todo
            }
            for fut in cf.as_completed(futures):
                page, key = futures[fut]
                try:
                    r = fut.result()
                except Exception as exc:  # worker crashed
                    r = Result(page.id, "failed", error=f"page '{page.id}': worker crashed: {exc}")
                results[page.id] = r
                done += 1
                if r.status == "ran":
                    (cache_dir / f"{page.id}.json").write_text(
                        json.dumps(
                            {
                                "key": key,
                                "reads": r.reads,
                                "writes": r.writes,
                                "seconds": round(r.seconds, 2),
                            },
                            indent=1,
                            sort_keys=True,
                        )
                    )
                    log(f"[{done:>2}/{total}] {r.page:<32} ran in {r.seconds:.1f} s")
                else:
                    (cache_dir / f"{page.id}.json").unlink(missing_ok=True)
                    log(f"[{done:>2}/{total}] {r.page:<32} FAILED")
    ordered = [results[p.id] for p in pages]
    ran = sum(r.status == "ran" for r in ordered)
    cached = sum(r.status == "cached" for r in ordered)
    failed = [r for r in ordered if r.status == "failed"]
    log(f"Executed {ran} page(s), {cached} from cache, {len(failed)} failed.")
    return ordered


# --------------------------------------------------------------------------- book


VEGA = Path("node_modules") / "vega" / "build" / "vega.min.js"


def vega_file() -> Path:
    """Vega's minified build (npm package ``vega``, pinned in package-lock.json): the only charting code
    the browser loads, and only on pages with charts (charts are compiled to Vega at build time)."""
    path = paths.root() / VEGA
    if not path.exists():
        raise BuildError(
            f"{VEGA} is missing: run `npm ci` (`make book` does) to install the site's chart library",
            what="a missing chart library",
        )
    return path


def stage(pages: list[registry.Page], stage_dir: Path) -> None:
    """Lay out the book's source: config, Markdown pages, executed notebooks, static files, data."""
    root = paths.root()
    for name in BOOK_FILES:
        if (root / name).exists():
            shutil.copy2(root / name, stage_dir / name)
    _fill_colophon(stage_dir / "_config.yml")
    shutil.copytree(root / registry.PAGES_DIR, stage_dir / registry.PAGES_DIR, dirs_exist_ok=True)
    for page in pages:
        shutil.copy2(
            root / BUILD / EXECUTED / f"{page.id}.ipynb", stage_dir / registry.PAGES_DIR / f"{page.id}.ipynb"
        )
    static = stage_dir / "_static"
    static.mkdir(exist_ok=True)
    if (root / "_static").is_dir():
        shutil.copytree(root / "_static", static, dirs_exist_ok=True)
    # Files only some pages load go to the site's own assets/ folder (html_extra_path), not to _static:
    # Jupyter Book adds every .js under _static to the <head> of every page.
    assets = stage_dir / "_extra" / "assets"
    vendor = assets / "vega"
    vendor.mkdir(parents=True, exist_ok=True)
    shutil.copy2(vega_file(), vendor / "vega.min.js")
    lic = vega_file().parents[1] / "LICENSE"
    if lic.exists():
        shutil.copy2(lic, vendor / "LICENSE")
    for f in [*STATIC_SRC.glob("*.css"), *STATIC_SRC.glob("*.js")]:
        shutil.copy2(f, static / f.name)
    shutil.copytree(STATIC_SRC / "page", assets, dirs_exist_ok=True)
    extra = stage_dir / "_extra" / "data"
    shutil.copytree(root / "data", extra, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    written = root / BUILD / EXECUTED / runtime.ASSETS
    if written.is_dir():  # files the pages wrote for the site: figures, downloads
        shutil.copytree(written, stage_dir / "_extra", dirs_exist_ok=True)


def _fill_colophon(config_path: Path) -> None:
    """Version, dates and citation of this build as MyST substitutions for pages/colofon.md."""
    import yaml

    from swic import cite

    cfg = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    today = build_date()
    cfg.setdefault("parse", {}).setdefault("myst_substitutions", {}).update(cite.colophon_values(today))
    config_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build_book(pages: list[registry.Page], *, log=print) -> Path:
    """Build the book into a fresh folder; return the folder with the new html."""
    root = paths.root()
    work = Path(tempfile.mkdtemp(prefix="book-", dir=root / BUILD))
    src = work / "src"
    src.mkdir()
    stage(pages, src)
    jb = Path(sys.executable).parent / "jupyter-book"
    cmd = [
        str(jb),
        "build",
        str(src),
        "--path-output",
        str(work),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
    ]
    log("Building the book (strict: warnings are errors) ...")
    t = time.perf_counter()
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=work, env=env)
    if proc.returncode != 0:
        output = proc.stdout + proc.stderr
        relevant = errors.map_book_output(output, pages) or [
            errors.plain(x) for x in output.strip().splitlines()[-30:]
        ]
        log_dir = root / BUILD / errors.LOGS
        log_dir.mkdir(parents=True, exist_ok=True)
        (log_dir / "book-build.log").write_text(errors.plain(output), encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
        raise BuildError(
            "the book build failed:\n  "
            + "\n  ".join(relevant[:40])
            + f"\n  full log: {BUILD}/{errors.LOGS}/book-build.log",
            what="the book build",
        )
    from swic import postprocess

    postprocess.apply(work / "_build" / "html")
    from swic import search, slim

    slimmed = slim.apply(work / "_build" / "html")
    if slimmed:
        log(
            f"Theme slimmed: {slimmed['replaced']} stylesheets ({slimmed['before'] // 1024} KB) became "
            f"{slimmed['stylesheet']} ({slimmed['bytes'] // 1024} KB)."
        )

    search.build_index(work / "_build" / "html", log=log)
    log(f"Book built in {time.perf_counter() - t:.1f} s.")
    return work


def publish(work: Path) -> Path:
    """Replace _build/html by the freshly built site (two renames; the old site is kept until then)."""
    root = paths.root()
    new_html = work / "_build" / "html"
    target = root / BUILD / "html"
    old = root / BUILD / f"html.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(new_html, target)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return target


def validate_inputs(log=print) -> None:
    """Run every check of ``swic.validation`` (cached: skipped when no input changed since it passed).

    Problems stop the build, all reported at once; a gap in completeness (a percentage of the report
    not yet in the data) is reported but lets a contributor preview the site.
    """
    from swic import validation

    root = paths.root()
    key = cache.inputs_key()
    key_file = root / BUILD / CACHE / "validated.key"
    if key_file.exists() and key_file.read_text().split("\n")[0] == key:
        warned = key_file.read_text().split("\n")[1:]
        log(
            "Data valid (no input changed since the last check)."
            + (f" {warned[0]}" if warned and warned[0] else "")
        )
        return
    problems = validation.run()
    blocking = [p for p in problems if p.check not in validation.NOT_BLOCKING_BUILD]
    if blocking:
        raise BuildError(
            "the data or the registry has problems:\n" + validation.report(blocking) + "\n"
            "Fix them (`make validate` shows the same list in seconds).",
            what=f"{len(blocking)} data or registry problem(s)",
        )
    warning = ""
    if problems:
        warning = (
            f"Warning: {len(problems)} problem(s) that do not stop a preview "
            f"({', '.join(sorted({p.check for p in problems}))}): `make validate` lists them; `make test` fails "
            "until they are fixed."
        )
        log(warning)
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(key + "\n" + warning)
    log("Data valid.")


def build_date() -> str:
    """The date the colophon names: today, or ``SWIC_BUILD_DATE`` (ISO) for a reproducible build."""
    return os.environ.get("SWIC_BUILD_DATE") or datetime.date.today().isoformat()


def site_key(pages: list[registry.Page]) -> str:
    """Hash of everything the book build reads: if it is unchanged, the published site is current."""
    root = paths.root()
    from swic import cite

    h = hashlib.sha256(cache.package_hash().encode())
    h.update(repr(cite.version()).encode())  # the colophon names the version
    files = [root / n for n in BOOK_FILES]
    files += sorted((root / registry.PAGES_DIR).rglob("*"))
    files += [root / BUILD / EXECUTED / f"{p.id}.ipynb" for p in pages]
    files += sorted((root / "_static").rglob("*")) if (root / "_static").is_dir() else []
    files += sorted((root / "data").rglob("*"))
    files += sorted((root / BUILD / EXECUTED / runtime.ASSETS).rglob("*"))
    files += [root / VEGA]
    for f in sorted(STATIC_SRC.rglob("*")):  # the site's own CSS and scripts (in the package)
        if f.is_file():
            h.update(str(f.relative_to(STATIC_SRC)).encode())
            h.update(cache.file_hash(f).encode())
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(root)).encode())
            h.update(cache.file_hash(f).encode())
    return h.hexdigest()


def build(*, force: bool = False, jobs: int | None = None, log=print) -> Path:
    root = paths.root()
    (root / BUILD).mkdir(exist_ok=True)
    pages = registry.load(root)
    registry.check_toc(pages, root)
    stray = registry.stray_ipynb(root)
    if stray:
        raise BuildError("\n".join(stray), what="a chapter saved as .ipynb")
    validate_inputs(log)
    results = execute_pages(pages, force=force, jobs=jobs, log=log)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise BuildError("\n".join(r.error for r in failed), what=f"{len(failed)} page(s) failed to execute")
    key = site_key(pages)
    key_file = root / BUILD / CACHE / "site.key"
    target = root / BUILD / "html"
    if not force and (target / "index.html").exists() and key_file.exists() and key_file.read_text() == key:
        log("Site is up to date (no page or input changed); nothing to build.")
        return target
    work = build_book(pages, log=log)
    target = publish(work)
    key_file.write_text(key)
    (root / BUILD / CACHE / "site.date").write_text(build_date())
    return target
