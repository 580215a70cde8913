"""Execute the registry's pages with papermill and build the book from the executed copies.

* Incremental: a page is re-executed only when its cache key changed — the notebook, its
  parameters, the package's source, the pinned dependencies — or when a data file that the page
  read last time changed (the loader logs every file it reads; see ``swic.data._record_read``).
* Parallel: pages run in a process pool, one kernel each.
* Atomic: the site is built into a fresh folder and replaces ``_build/html`` only when every
  page executed and the strict book build passed; otherwise the last good site stays as it was.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from swic import notebooks, paths, registry

BUILD = "_build"
EXECUTED = "executed"
CACHE = "cache"
STATIC_SRC = Path(__file__).parent / "static"
VEGA_LITE_VERSION = "v6.4"
BOOK_FILES = ["_config.yml", "_toc.yml", "references.bib", "logo.svg"]


class BuildError(RuntimeError):
    pass


# --------------------------------------------------------------------------- hashing


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str:
    try:
        return _sha(Path(path).read_bytes())
    except FileNotFoundError:
        return "missing"


def package_hash() -> str:
    """Hash of the package's own source and the pinned dependencies."""
    h = hashlib.sha256()
    pkg = Path(__file__).parent
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(pkg)).encode())
            h.update(p.read_bytes())
    lock = paths.root() / "requirements.lock"
    if lock.exists():
        h.update(lock.read_bytes())
    return h.hexdigest()


def page_key(page: registry.Page, pkg_hash: str) -> str:
    h = hashlib.sha256()
    h.update(page.id.encode())
    h.update(file_hash(page.notebook).encode())
    h.update(page.params_json().encode())
    h.update(pkg_hash.encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- execution


@dataclass
class Result:
    page: str
    status: str  # cached | ran | failed
    seconds: float = 0.0
    error: str = ""
    reads: dict | None = None


def _normalise(nb_path: Path) -> None:
    """Make an executed notebook deterministic and hide papermill's parameter cell from readers."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    pm = nb.get("metadata", {}).get("papermill", {})
    nb["metadata"]["papermill"] = {"parameters": pm.get("parameters", {})}
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        md = cell.setdefault("metadata", {})
        md.pop("papermill", None)
        md.pop("execution", None)
        tags = md.get("tags", [])
        if ("injected-parameters" in tags or "parameters" in tags) and "remove-cell" not in tags:
            md["tags"] = [*tags, "remove-cell"]
        if "injected-parameters" in md.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def _execute_one(page: registry.Page, out_path: str, root: str) -> Result:
    """Run in a worker process: execute one page with papermill, log the data files it reads."""
    import papermill as pm

    start = time.perf_counter()
    fd, log = tempfile.mkstemp(prefix="swic-reads-", suffix=".log")
    os.close(fd)
    os.environ["SWIC_READS_LOG"] = log
    os.environ["SWIC_ROOT"] = root
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    tmp_out = out_path.removesuffix(".ipynb") + ".tmp.ipynb"
    try:
        pm.execute_notebook(
            notebooks.read(page.notebook),
            tmp_out,
            parameters=page.parameters,
            kernel_name="python3",
            cwd=str(page.notebook.parent),
            progress_bar=False,
            log_output=False,
            report_mode=False,
            request_save_on_cell_execute=False,
        )
    except pm.PapermillExecutionError as exc:
        cell = _source_cell_number(tmp_out, exc.cell_index)
        msg = (
            f"page '{page.id}' ({_rel(page.notebook)}) failed in cell {cell} of the notebook: "
            f"{exc.ename}: {exc.evalue}"
        )
        return Result(page.id, "failed", time.perf_counter() - start, msg)
    except Exception as exc:  # kernel death, bad notebook JSON, ...
        return Result(
            page.id,
            "failed",
            time.perf_counter() - start,
            f"page '{page.id}' ({_rel(page.notebook)}) could not be executed: {type(exc).__name__}: {exc}",
        )
    finally:
        reads_raw = Path(log).read_text(encoding="utf-8").split() if Path(log).exists() else []
        Path(log).unlink(missing_ok=True)
    _normalise(Path(tmp_out))
    os.replace(tmp_out, out_path)
    reads = {}
    for p in sorted(set(reads_raw)):
        try:
            key = str(Path(p).relative_to(root))
        except ValueError:
            key = p
        reads[key] = file_hash(Path(p))
    return Result(page.id, "ran", time.perf_counter() - start, reads=reads)


def _source_cell_number(executed: str, cell_index: int) -> str:
    """1-based cell number in the source notebook (papermill's injected cell not counted)."""
    try:
        nb = json.loads(Path(executed).read_text(encoding="utf-8"))
        # papermill puts an error banner cell at the top of a failed notebook; its index does not count
        nb["cells"] = [
            c for c in nb["cells"] if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])
        ]
        injected = [
            i for i, c in enumerate(nb["cells"]) if "injected-parameters" in c["metadata"].get("tags", [])
        ]
        offset = 1 if injected and injected[0] < cell_index else 0
        src = "".join(nb["cells"][cell_index]["source"]).strip().splitlines()
        first = f" ('{src[0][:60]}')" if src else ""
        return f"{cell_index + 1 - offset}{first}"
    except Exception:
        return str(cell_index + 1)


def _rel(p: Path) -> str:
    try:
        return str(Path(p).resolve().relative_to(paths.root()))
    except ValueError:
        return str(p)


def _cache_valid(entry: dict | None, key: str, root: Path, out_path: Path) -> bool:
    if not entry or entry.get("key") != key or not out_path.exists():
        return False
    return all(file_hash(root / f) == h for f, h in entry.get("reads", {}).items())


def default_jobs() -> int:
    """Pages executed at once: one more than the cores. A page spends part of its time waiting for its
    kernel to start (measured on 2 cores: 3 at once builds the book about 12% faster than 2)."""
    return (os.cpu_count() or 1) + 1


def execute_pages(
    pages: list[registry.Page], *, force: bool = False, jobs: int | None = None, log=print
) -> list[Result]:
    root = paths.root()
    build = root / BUILD
    (build / EXECUTED).mkdir(parents=True, exist_ok=True)
    cache_dir = build / CACHE / "pages"
    cache_dir.mkdir(parents=True, exist_ok=True)
    pkg_hash = package_hash()
    results: dict[str, Result] = {}
    todo: list[tuple[registry.Page, str]] = []
    for page in pages:
        key = page_key(page, pkg_hash)
        out = build / EXECUTED / f"{page.id}.ipynb"
        entry_path = cache_dir / f"{page.id}.json"
        entry = json.loads(entry_path.read_text()) if entry_path.exists() else None
        if not force and _cache_valid(entry, key, root, out):
            results[page.id] = Result(page.id, "cached")
        else:
            todo.append((page, key))
    total = len(pages)
    done = 0
    for r in results.values():
        done += 1
        log(f"[{done:>2}/{total}] {r.page:<32} cached")
    if todo:
        jobs = max(1, min(jobs or default_jobs(), len(todo)))
        with cf.ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {
                pool.submit(_execute_one, page, str(build / EXECUTED / f"{page.id}.ipynb"), str(root)): (
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
                        json.dumps({"key": key, "reads": r.reads}, indent=1, sort_keys=True)
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


def chart_bundle() -> Path:
    """The site's single chart script: Vega + Vega-Lite + Vega-Embed + our embed code, cached."""
    import vl_convert as vlc

    snippet = (STATIC_SRC / "embed.js").read_text(encoding="utf-8")
    key = _sha((snippet + VEGA_LITE_VERSION + getattr(vlc, "__version__", "")).encode())[:16]
    cached = paths.root() / BUILD / CACHE / f"swic-charts-{key}.js"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        # Wrapped in a function scope: the bundle's top-level names (such as `_`) would otherwise
        # collide with the theme's globals.
        bundle = "(() => {\n" + vlc.javascript_bundle(snippet, vl_version=VEGA_LITE_VERSION) + "\n})();\n"
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(bundle, encoding="utf-8")
        os.replace(tmp, cached)
    return cached


def stage(pages: list[registry.Page], stage_dir: Path) -> None:
    """Lay out the book's source: config, Markdown pages, executed notebooks, static files, data."""
    root = paths.root()
    for name in BOOK_FILES:
        if (root / name).exists():
            shutil.copy2(root / name, stage_dir / name)
    shutil.copytree(root / registry.PAGES_DIR, stage_dir / registry.PAGES_DIR, dirs_exist_ok=True)
    for page in pages:
        shutil.copy2(
            root / BUILD / EXECUTED / f"{page.id}.ipynb", stage_dir / registry.PAGES_DIR / f"{page.id}.ipynb"
        )
    static = stage_dir / "_static"
    static.mkdir(exist_ok=True)
    if (root / "_static").is_dir():
        shutil.copytree(root / "_static", static, dirs_exist_ok=True)
    shutil.copy2(chart_bundle(), static / "swic-charts.js")
    for f in STATIC_SRC.glob("*.css"):
        shutil.copy2(f, static / f.name)
    extra = stage_dir / "_extra" / "data"
    shutil.copytree(root / "data", extra, ignore=shutil.ignore_patterns("*.py", "__pycache__"))


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
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=work)
    if proc.returncode != 0:
        out = (proc.stdout + proc.stderr).strip().splitlines()
        relevant = [line for line in out if "WARNING" in line or "ERROR" in line or "Error" in line] or out[
            -30:
        ]
        shutil.rmtree(work, ignore_errors=True)
        raise BuildError("the book build failed:\n  " + "\n  ".join(relevant[:40]))
    from swic import postprocess

    postprocess.apply(work / "_build" / "html")
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


def inputs_key() -> str:
    """Hash of everything the validator reads: data, sources, registry, chapters and the package."""
    root = paths.root()
    h = hashlib.sha256(package_hash().encode())
    files = [root / "pages.yml", root / "_toc.yml"]
    for folder in ("data", "sources", "chapters"):
        files += sorted((root / folder).rglob("*"))
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(root)).encode())
            h.update(file_hash(f).encode())
    return h.hexdigest()


def validate_inputs(log=print) -> None:
    """Run every check of ``swic.validation`` (cached: skipped when no input changed since it passed).

    Problems stop the build, all reported at once; a gap in completeness (a percentage of the report
    not yet in the data) is reported but lets a contributor preview the site.
    """
    from swic import validation

    root = paths.root()
    key = inputs_key()
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
            "Fix them (`make validate` shows the same list in seconds)."
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


def site_key(pages: list[registry.Page]) -> str:
    """Hash of everything the book build reads: if it is unchanged, the published site is current."""
    root = paths.root()
    h = hashlib.sha256(package_hash().encode())
    files = [root / n for n in BOOK_FILES]
    files += sorted((root / registry.PAGES_DIR).rglob("*"))
    files += [root / BUILD / EXECUTED / f"{p.id}.ipynb" for p in pages]
    files += sorted((root / "_static").rglob("*")) if (root / "_static").is_dir() else []
    files += sorted((root / "data").rglob("*"))
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(root)).encode())
            h.update(file_hash(f).encode())
    return h.hexdigest()


def build(*, force: bool = False, jobs: int | None = None, log=print) -> Path:
    root = paths.root()
    (root / BUILD).mkdir(exist_ok=True)
    pages = registry.load(root)
    registry.check_toc(pages, root)
    stray = registry.stray_ipynb(root)
    if stray:
        raise registry.RegistryError("\n".join(stray))
    validate_inputs(log)
    results = execute_pages(pages, force=force, jobs=jobs, log=log)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise BuildError("\n".join(r.error for r in failed) + "\nThe published site was left as it was.")
    key = site_key(pages)
    key_file = root / BUILD / CACHE / "site.key"
    target = root / BUILD / "html"
    if not force and (target / "index.html").exists() and key_file.exists() and key_file.read_text() == key:
        log("Site is up to date (no page or input changed); nothing to build.")
        return target
    work = build_book(pages, log=log)
    target = publish(work)
    key_file.write_text(key)
    return target
