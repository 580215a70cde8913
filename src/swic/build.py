"""Execute the registry's pages with papermill and build the book from the executed copies.

* Incremental: a page is re-executed only when its cache entry is stale (:mod:`swic.cache`).
* Parallel: pages run in a process pool, one kernel each.
* Atomic: the site is built into a fresh folder and replaces ``_build/html`` only when every
  page executed and the strict book build passed; otherwise the last good site stays as it was.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
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

from swic import cache, errors, execute, paths, prerequisites, registry, runtime, warmbuild

BUILD = "_build"
EXECUTED = "executed"
BOOK = "book"
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
    text_hash: dict[str, str] = {}  # the whole chapter file, prose included
    for page in pages:
        key = cache.page_key(page, pkg_hash)
        out = build / EXECUTED / f"{page.id}.ipynb"
        entry_path = cache_dir / f"{page.id}.json"
        entry = json.loads(entry_path.read_text()) if entry_path.exists() else None
        text_hash[page.id] = cache.file_hash(page.notebook)
        if not force and cache.is_valid(entry, key, root, out):
            if entry.get("notebook") == text_hash[page.id]:
                results[page.id] = Result(page.id, "cached")
                continue
            # the code cells are unchanged, the prose is not: new Markdown cells, the outputs kept
            if execute.reassemble(page, out):
                entry_path.write_text(
                    json.dumps({**entry, "notebook": text_hash[page.id]}, indent=1, sort_keys=True)
                )
                results[page.id] = Result(page.id, "reassembled")
                continue
            cache.remove_writes(entry, root)
            todo.append((page, key))
        else:
            cache.remove_writes(entry, root)
            todo.append((page, key))
    total = len(pages)
    done = 0
    for r in results.values():
        done += 1
        log(
            f"[{done:>2}/{total}] {r.page:<32} "
            + ("cached, prose updated" if r.status == "reassembled" else "cached")
        )
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
                                "notebook": text_hash[page.id],
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
    cached = sum(r.status in ("cached", "reassembled") for r in ordered)
    failed = [r for r in ordered if r.status == "failed"]
    log(f"Executed {ran} page(s), {cached} from cache, {len(failed)} failed.")
    return ordered


# --------------------------------------------------------------------------- book


VEGA = prerequisites.VEGA


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


STAMP_RECORD = "stamped.json"  # in _build/book: the origin of each file the last stage stamped


class _Stamped:
    """The files that carry the version date (:func:`swic.cite.stamp_file`): a file whose origin (the
    executed notebook, the file a page wrote) and date are as at the last stage is taken from the staged
    source as it is (linked), instead of being copied and stamped again (80 MB of notebooks per build)."""

    def __init__(self, stage_dir: Path, iso: str) -> None:
        self.stage_dir, self.iso = stage_dir, iso
        self.code = cache.package_hash()  # a new way of stamping stamps every file again
        self.staged = paths.root() / BUILD / BOOK / "src"
        self.record = paths.root() / BUILD / BOOK / STAMP_RECORD
        try:
            self.before = json.loads(self.record.read_text()) if self.staged.is_dir() else {}
        except (OSError, ValueError):
            self.before = {}
        self.now: dict[str, list] = {}
        self.reused: set[str] = set()

    def reuse(self, origin: Path, rel: str) -> bool:
        """Link ``rel`` from the staged source if it was stamped from this very origin with this date."""
        st = origin.stat()
        key = [st.st_ino, st.st_mtime_ns, st.st_size, self.iso, self.code]
        self.now[rel] = key
        old = self.staged / rel
        if self.before.get(rel) != key or not old.is_file():
            return False
        target = self.stage_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        link_file(old, target)
        self.reused.add(rel)
        return True

    def stamp_rest(self, folder: Path) -> None:
        from swic import cite

        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(self.stage_dir).as_posix()
            if path.suffix in cite.STAMPED_SUFFIXES and rel not in self.reused:
                cite.stamp_file(path, self.iso)

    def save(self) -> None:
        paths.replace_file(self.record, json.dumps(self.now, sort_keys=True).encode())


def stage(pages: list[registry.Page], stage_dir: Path) -> _Stamped:
    """Lay out the book's source: config, Markdown pages, executed notebooks, static files, data. Returns
    what was stamped with the version date (saved once the source is in place, see :class:`_Stamped`)."""
    from swic import cite

    root = paths.root()
    stamped = _Stamped(stage_dir, cite.version()[1])
    for name in BOOK_FILES:
        if (root / name).exists():
            shutil.copy2(root / name, stage_dir / name)
    shutil.copytree(root / registry.PAGES_DIR, stage_dir / registry.PAGES_DIR, dirs_exist_ok=True)
    _fill_colophon(stage_dir / registry.PAGES_DIR)
    for page in pages:
        executed = root / BUILD / EXECUTED / f"{page.id}.ipynb"
        if not stamped.reuse(executed, f"{registry.PAGES_DIR}/{page.id}.ipynb"):
            shutil.copy2(executed, stage_dir / registry.PAGES_DIR / f"{page.id}.ipynb")
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
    if written.is_dir():  # files the pages wrote for the site: figures, downloads (linked, see link_file)

        def place(src, dst):
            rel = Path(dst).relative_to(stage_dir).as_posix()
            if Path(src).suffix in cite.STAMPED_SUFFIXES and stamped.reuse(Path(src), rel):
                return dst
            return link_file(src, dst)

        shutil.copytree(written, stage_dir / "_extra", dirs_exist_ok=True, copy_function=place)
    _stamp_version(stage_dir, pages, stamped)
    return stamped


def _page_sources(page: registry.Page) -> list[str]:
    """The publications a page draws on, for its citation: the raadpleging it is about, the document."""
    prm = page.parameters
    out = [f"raadpleging-{prm['edition']}"] if prm.get("edition") and "topic" not in prm else []
    return out + ([prm["source"]] if prm.get("source") else [])


def _stamp_version(stage_dir: Path, pages: list[registry.Page], stamped: _Stamped) -> None:
    """The version date in the pages' citations and in the files they wrote (filled in here, so that a
    page is not executed again for a new version), and the site's own RIS and BibTeX."""
    from swic import cite

    citing = stage_dir / "_extra" / "downloads" / "citeren"
    citing.mkdir(parents=True, exist_ok=True)
    ris, bib = cite.site_references()
    (citing / "sociaal-werk-in-cijfers.ris").write_text(ris, encoding="utf-8")
    (citing / "sociaal-werk-in-cijfers.bib").write_text(bib, encoding="utf-8")
    for page in pages:  # every page can be cited on its own (postprocess shows the block)
        ris, bib = cite.page_references(page.id, page.title, _page_sources(page))
        (citing / f"sociaal-werk-in-cijfers-{page.id}.ris").write_text(ris, encoding="utf-8")
        (citing / f"sociaal-werk-in-cijfers-{page.id}.bib").write_text(bib, encoding="utf-8")
    stamped.stamp_rest(stage_dir / "_extra")
    stamped.stamp_rest(stage_dir / registry.PAGES_DIR)


def _fill_colophon(pages_dir: Path) -> None:
    """Version, dates and citation of this build as MyST substitutions in the front matter of the pages that
    use them (pages/colofon.md). Not in the book's configuration: a change there (a new commit, a new day)
    would make Sphinx write every page again instead of the colophon."""
    import yaml

    from swic import cite

    values = cite.colophon_values(build_date())
    for md in sorted(pages_dir.rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        if not any("{{ " + k in text or "{{" + k in text for k in values):
            continue
        if text.startswith("---\n"):
            head, body = text[4:].split("\n---\n", 1)
            meta = yaml.safe_load(head) or {}
        else:
            meta, body = {}, text
        meta.setdefault("myst", {}).setdefault("substitutions", {}).update(values)
        md.write_text(
            "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body,
            encoding="utf-8",
        )


# Files a build never rewrites in place once written: the pages write theirs as new files (swic.runtime), and
# stage, sync_tree and the version stamp replace a file rather than write into it. Such a file is hard-linked
# from the pages' output to the staged source to the site instead of copied (70 MB of figures and downloads
# per build); the fixes after Sphinx rewrite only HTML, CSS and scripts, which are always copied.
COPIED_SUFFIXES = (".html", ".css", ".js")


def link_file(src, dst) -> str:
    """``shutil.copytree``'s ``copy_function``: a hard link where the file system allows it, else a copy;
    a file already at ``dst`` is replaced, never written into (it may be linked to a published file)."""
    dst = Path(dst)
    if dst.exists() or dst.is_symlink():
        dst.unlink()
    if Path(src).suffix not in COPIED_SUFFIXES:
        try:
            os.link(src, dst)
            return str(dst)
        except OSError:
            pass
    shutil.copy2(src, dst)
    return str(dst)


def sync_tree(new: Path, dest: Path) -> int:
    """Make ``dest`` equal to ``new`` touching only what differs (unchanged files keep their mtime, so
    Sphinx does not read them again); return the number of files and folders removed. A changed file is
    replaced (linked where :func:`link_file` links), not written into."""
    import filecmp

    dest.mkdir(parents=True, exist_ok=True)
    seen = set()
    for f in sorted(new.rglob("*")):
        rel = f.relative_to(new)
        seen.add(rel)
        d = dest / rel
        if f.is_dir():
            if d.is_file():
                d.unlink()
            d.mkdir(exist_ok=True)
            continue
        if d.is_file():
            fs, ds = f.stat(), d.stat()
            if (fs.st_ino, fs.st_dev) == (ds.st_ino, ds.st_dev):
                continue
            if fs.st_size == ds.st_size and filecmp.cmp(f, d, shallow=False):
                continue
        if d.is_dir():
            shutil.rmtree(d)
        link_file(f, d)  # a new file: Sphinx reads it again

    removed = 0
    for d in sorted(dest.rglob("*"), reverse=True):
        if d.relative_to(dest) not in seen:
            if d.is_dir() and not d.is_symlink():
                shutil.rmtree(d)
            else:
                d.unlink()
            removed += 1
    return removed


def build_book(pages: list[registry.Page], *, log=print, search_index: bool = True) -> Path:
    """Build the book; return a fresh folder whose ``_build/html`` is the finished site.

    Sphinx works incrementally in ``_build/book`` (the staged source in ``src/``, its environment and
    output in ``_build/``), so it reads and writes only the pages that changed; the finished site is a copy
    of its output with the fixes applied and the search index built, published only when complete.
    Without ``search_index`` the previous site's index is copied instead (preview, while edits go on).
    """
    root = paths.root()
    work = Path(tempfile.mkdtemp(prefix="book-", dir=root / BUILD))
    try:
        return _build_book_in(work, pages, log, search_index)
    except BaseException:  # a failed build or a stopped one (SIGTERM) leaves no staging folder behind
        shutil.rmtree(work, ignore_errors=True)
        raise


def _build_book_in(work: Path, pages: list[registry.Page], log, search_index: bool) -> Path:
    root = paths.root()
    book = root / BUILD / BOOK
    t = time.perf_counter()
    steps = {}
    fresh = work / "src"
    fresh.mkdir()
    stamped = stage(pages, fresh)
    if sync_tree(fresh, book / "src"):
        # a page or file was removed: Sphinx never deletes what it wrote, so it starts afresh
        shutil.rmtree(book / "_build", ignore_errors=True)
    stamped.save()
    shutil.rmtree(fresh)
    jb = Path(sys.executable).parent / "jupyter-book"
    cmd = [
        str(jb),
        "build",
        str(book / "src"),
        "--path-output",
        str(book),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
    ]
    # myst-nb writes its stylesheet after the pages: present from the last build, Sphinx would add a
    # '?v=' checksum to the link on the pages it writes again, which a full build does not have
    for css in (book / "_build" / "html" / "_static").glob("mystnb.*.css"):
        css.unlink()
    steps["staged"] = time.perf_counter() - t
    log("Building the book (strict: warnings are errors) ...")
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    env.pop(warmbuild.IN_PROCESS, None)
    try:
        returncode, output = _run_book_builder(cmd, book, env)
    except BaseException:
        shutil.rmtree(book, ignore_errors=True)  # Sphinx's environment may be half written
        raise
    if returncode != 0:
        # Sphinx reports a page's warnings only when it reads the page: start afresh next time, so that
        # the next build reports them again instead of passing
        shutil.rmtree(book, ignore_errors=True)
        relevant = errors.map_book_output(output, pages) or [
            errors.plain(x) for x in output.strip().splitlines()[-30:]
        ]
        log_dir = root / BUILD / errors.LOGS
        log_dir.mkdir(parents=True, exist_ok=True)
        (log_dir / "book-build.log").write_text(errors.plain(output), encoding="utf-8")
        raise BuildError(
            "the book build failed:\n  "
            + "\n  ".join(relevant[:40])
            + f"\n  full log: {BUILD}/{errors.LOGS}/book-build.log",
            what="the book build",
        )
    steps["Sphinx"] = time.perf_counter() - t - sum(steps.values())
    html = work / "_build" / "html"
    # Sphinx's own output (pages, theme), then the site's extra files (data, figures, downloads) from the
    # staged source, linked: as Sphinx copies them, also when it found no page to write and so copied nothing
    # (a data file changed, no page's output did)
    extra = book / "src" / "_extra"
    extras = {p.relative_to(extra) for p in extra.rglob("*") if not p.is_dir()}
    out = book / "_build" / "html"

    def not_extra(folder, names):
        here = Path(folder).relative_to(out)
        return [n for n in names if here / n in extras]

    shutil.copytree(out, html, ignore=not_extra)
    shutil.copytree(extra, html, dirs_exist_ok=True, copy_function=link_file)
    _postprocess(html)
    from swic import slim

    slimmed = slim.apply(html)
    if slimmed:
        log(
            f"Theme slimmed: {slimmed['replaced']} stylesheets ({slimmed['before'] // 1024} KB) became "
            f"{slimmed['stylesheet']} ({slimmed['bytes'] // 1024} KB)."
        )
    steps["fixes"] = time.perf_counter() - t - sum(steps.values())
    from swic import search

    published = root / BUILD / "html"
    if search_index or not (published / search.BUNDLE).is_dir():
        search.build_index(html, log=log)
    else:
        shutil.copytree(published / search.BUNDLE, html / search.BUNDLE, copy_function=link_file)
        (html / "searchindex.js").unlink(missing_ok=True)
    steps["search index"] = time.perf_counter() - t - sum(steps.values())
    log(
        f"Book built in {time.perf_counter() - t:.1f} s ({', '.join(f'{k} {v:.1f} s' for k, v in steps.items())})."
    )
    return work


def _run_book_builder(cmd: list[str], cwd: Path, env: dict) -> tuple[int, str]:
    """``jupyter-book build``: a new program, or, in a build forked by ``make preview``'s warm helper, a
    process forked from this one, which has the libraries imported (:mod:`swic.warmbuild`)."""
    if os.environ.get(warmbuild.IN_PROCESS) and hasattr(os, "fork"):
        return warmbuild.run_book_builder(cmd, cwd, env)
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env)
    return proc.returncode, proc.stdout + proc.stderr


def _postprocess(html: Path) -> None:
    """The fixes of :mod:`swic.postprocess`, on every page: a page kept from the last site would carry the last
    site's stylesheet, and the site's one stylesheet is made from all pages together (a few seconds)."""
    from swic import postprocess

    postprocess.apply(html)


WITHOUT_INDEX = "\nwithout a new search index"  # the site key of a preview build (see build_book)


def index_only(site: Path, log=print) -> Path:
    """A copy of the published ``site`` with a new search index, in a fresh folder to publish: the files
    linked (HTML, CSS and scripts copied, see :func:`link_file`), the index built anew (a second, not the
    three of a whole build, once ``make preview``'s edits pause)."""
    from swic import search

    work = Path(tempfile.mkdtemp(prefix="book-", dir=paths.root() / BUILD))
    try:
        html = work / "_build" / "html"
        html.parent.mkdir(parents=True)
        shutil.copytree(site, html, ignore=shutil.ignore_patterns(search.BUNDLE), copy_function=link_file)
        search.build_index(html, log=log)
        return work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def publish(work: Path, *, keep_old: bool = False) -> Path:
    """Replace _build/html by the freshly built site (two renames; the old site is kept until then).

    ``keep_old``: leave the old site in ``_build/html.old-<pid>`` for the caller to remove (``make preview``
    removes it while the browser already shows the new one; deleting a site's files takes seconds)."""
    root = paths.root()
    new_html = work / "_build" / "html"
    target = root / BUILD / "html"
    old = root / BUILD / f"html.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(new_html, target)
    if not keep_old:
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return target


def validate_inputs(log=print) -> None:
    """Run every check of ``swic.validation`` (cached: skipped when no input changed since it passed).

    Problems stop the build, all reported at once; a gap in completeness (a percentage of the report
    not yet in the data) is reported but lets a contributor preview the site.
    """
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
    from swic import validation

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


def check_prerequisites(*, book: bool = True) -> None:
    """Stop before any page is executed when something the build needs is not installed."""
    found = prerequisites.missing(book=book)
    if found:
        raise BuildError(
            "the build cannot start; missing:\n  " + "\n  ".join(found),
            what=f"{len(found)} missing prerequisite(s)",
        )


def build(*, force: bool = False, jobs: int | None = None, preview: bool = False, log=print) -> Path:
    """Validate, execute what changed, build the book, publish. ``preview``: keep the last search index
    (``make preview`` builds it once edits pause); the next normal build then builds the book again."""
    check_prerequisites()
    with _one_build_at_a_time(log), execute.stop_cleanly_on_sigterm(log):
        return _build(force=force, jobs=jobs, preview=preview, log=log)


@contextlib.contextmanager
def _one_build_at_a_time(log):
    """Two builds of one tree at once (``make preview`` and ``make book``) would share _build: the second
    waits for the first."""
    import fcntl

    lock_path = paths.root() / BUILD / ".lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log("Waiting for another build of this tree to finish ...")
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def _build(*, force: bool, jobs: int | None, preview: bool, log) -> Path:
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
    if force:  # Sphinx starts afresh too
        shutil.rmtree(root / BUILD / BOOK, ignore_errors=True)
    key = site_key(pages)
    key_file = root / BUILD / CACHE / "site.key"
    target = root / BUILD / "html"
    built = key_file.read_text() if key_file.exists() else None
    if preview:
        key += WITHOUT_INDEX
    if not force and (target / "index.html").exists() and built == key:
        log("Site is up to date (no page or input changed); nothing to build.")
        return target
    if not force and not preview and (target / "index.html").exists() and built == key + WITHOUT_INDEX:
        # a preview built this very site but kept the old search index: only the index is built
        work = index_only(target, log=log)
        target = publish(work)
        key_file.write_text(key)
        return target
    work = build_book(pages, log=log, search_index=not preview)
    target = publish(work, keep_old=preview)
    key_file.write_text(key)
    (root / BUILD / CACHE / "site.date").write_text(build_date())
    return target
