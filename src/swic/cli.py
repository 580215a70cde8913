"""Command line: ``python -m swic build | preview | execute | validate | new-chapter``."""

from __future__ import annotations

import argparse
import sys

from swic import build as b
from swic import registry
from swic.data import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="swic", description="Sociaal Werk in Cijfers: build the book.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_build = sub.add_parser("build", help="execute changed pages and build the site into _build/html")
    p_build.add_argument("--force", action="store_true", help="re-execute every page, ignoring the cache")
    p_build.add_argument(
        "--jobs", type=int, default=None, help="pages executed at once (default: two per core)"
    )
    p_build.add_argument("--preview", action="store_true", help=argparse.SUPPRESS)  # make preview's builds
    p_prev = sub.add_parser(
        "preview", help="serve the site, rebuild what changed when a file is saved, reload the page"
    )
    p_prev.add_argument("--port", type=int, default=8000)
    p_exec = sub.add_parser("execute", help="execute changed pages only (no book build)")
    p_exec.add_argument("--force", action="store_true")
    p_exec.add_argument("--jobs", type=int, default=None)
    p_val = sub.add_parser(
        "validate", help="every check on data, registry and sources; all problems at once, grouped by file"
    )
    p_val.add_argument(
        "--only", nargs="*", default=None, help="run only these checks (names: see swic.validation)"
    )
    p_dp = sub.add_parser("datapackage", help="rewrite data/datapackage.json from the files under data/")
    p_dp.add_argument("--check", action="store_true", help="fail if data/datapackage.json is not up to date")
    p_ch = sub.add_parser(
        "changes", help="what the working tree changes for readers, compared with a git ref"
    )
    p_ch.add_argument("base", help="git ref to compare with, e.g. origin/main")
    p_ch.add_argument("--no-build", action="store_true", help="compare the last builds without building")
    sub.add_parser(
        "check-notebooks",
        help="chapters: MyST notebooks in canonical form, one parameters cell, registered, code passes ruff",
    )
    sub.add_parser(
        "format-notebooks", help="format the chapters' code cells (ruff) and rewrite them canonically"
    )
    p_new = sub.add_parser("new-chapter", help="create a chapter notebook from the template and register it")
    p_new.add_argument("id", help="page id: lowercase letters, digits and dashes, e.g. 'werkdruk'")
    p_new.add_argument("--title", required=True, help="page title (Dutch)")
    p_new.add_argument("--chapter", type=int, default=None, help="raadpleging chapter whose data it shows")
    args = parser.parse_args(argv)

    try:
        if args.cmd == "build":
            target = b.build(force=args.force, jobs=args.jobs, preview=args.preview)
            index = target / "index.html"
            print(f"\nDe site staat klaar / the site is ready: {index}")
            print("Open it in a browser, or run `make serve` and visit http://127.0.0.1:8000/")
        elif args.cmd == "preview":
            from swic import preview

            preview.serve(port=args.port)
        elif args.cmd == "execute":
            b.check_prerequisites(book=False)
            pages = registry.load()
            registry.check_toc(pages)
            b.validate_inputs()
            from swic import execute

            with execute.stop_cleanly_on_sigterm():
                results = b.execute_pages(pages, force=args.force, jobs=args.jobs)
            failed = [r for r in results if r.status == "failed"]
            if failed:
                raise b.BuildError("\n".join(r.error for r in failed))
        elif args.cmd == "validate":
            import time

            from swic import validation

            t = time.perf_counter()
            problems = validation.run(args.only or None)
            print(validation.report(problems))
            print(f"Checked in {time.perf_counter() - t:.1f} s: {', '.join(args.only or validation.CHECKS)}.")
            if problems:
                return 1
        elif args.cmd == "datapackage":
            from swic import datapackage

            if args.check:
                if not datapackage.is_current():
                    raise DataError("data/datapackage.json", "out of date: run `python -m swic datapackage`")
                print("data/datapackage.json is up to date.")
            else:
                print(f"Wrote {datapackage.write()}")
        elif args.cmd == "check-notebooks":
            from swic import notebooks, paths

            problems = registry.check_notebooks()
            problems += notebooks.lint(sorted((paths.root() / "chapters").glob("*.md")))
            if problems:
                raise registry.RegistryError("\n".join(problems))
            print("Notebooks OK.")
        elif args.cmd == "changes":
            from swic import changes

            try:
                text = changes.report(
                    args.base, build=not args.no_build, log=lambda m: print(m, file=sys.stderr)
                )
            except changes.ChangesError as exc:
                print(f"\nERROR: {exc}", file=sys.stderr)
                return 1
            print(text)
        elif args.cmd == "format-notebooks":
            from swic import notebooks, paths

            chapters = sorted((paths.root() / "chapters").glob("*.md"))
            problems = notebooks.lint(chapters, fix=True)
            if problems:
                raise registry.RegistryError("\n".join(problems))
            print(f"Formatted {len(chapters)} chapter(s).")
        elif args.cmd == "new-chapter":
            from swic.scaffold import new_chapter

            path = new_chapter(args.id, args.title, chapter=args.chapter)
            print(f"Created {path} and registered page '{args.id}' in pages.yml and _toc.yml.")
    except (DataError, registry.RegistryError, b.BuildError) as exc:
        from swic import errors

        print(f"\nERROR: {errors.plain(str(exc))}", file=sys.stderr)
        if args.cmd in ("build", "execute"):
            what = getattr(
                exc, "what", "the registry" if isinstance(exc, registry.RegistryError) else "the data"
            )
            print("\n" + errors.summary(what), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
