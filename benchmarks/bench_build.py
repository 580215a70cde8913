"""Build-time benchmark (not a test): `make bench`.

Works on a throw-away copy of the project and prints, for the current book:
  cold build      — empty _build (every page executed, chart bundle generated, book built)
  no-op rebuild   — nothing changed
  one-chapter     — one chapter notebook edited (a markdown cell)
  one-data-file   — one data CSV edited (a note)
  naive baseline  — `jupyter-book build` executing every notebook itself (execute_notebooks: force),
                    with the registry's parameters injected by `papermill --prepare-only`
Targets: no-op <= 15% of cold; one-chapter edit executes one page; cold <= 60% of the naive baseline.
With --write-readme the table is written into README.md between the bench markers.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def copy_project(dest: Path) -> Path:
    ignore = shutil.ignore_patterns(
        ".venv", "node_modules", ".git", "__pycache__", "_build", ".pytest_cache", ".ruff_cache"
    )
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def swic(project: Path, *args: str) -> tuple[float, int, str]:
    env = {**os.environ, "SWIC_ROOT": str(project)}
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "swic", *args], cwd=project, env=env, capture_output=True, text=True
    )
    dt = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"swic {' '.join(args)} failed:\n{proc.stderr}")
    m = re.search(r"Executed (\d+) page", proc.stdout)
    return dt, int(m[1]) if m else 0, proc.stdout


def naive(project: Path) -> tuple[float, int]:
    """Stage notebooks with their parameters injected, let Jupyter Book execute them all."""
    import papermill as pm
    import yaml

    sys.path.insert(0, str(ROOT / "src"))
    os.environ["SWIC_ROOT"] = str(project)
    from swic import build as b
    from swic import notebooks, registry

    stage = project / "_naive"
    stage.mkdir()
    pages = registry.load(project)
    for name in b.BOOK_FILES:
        if (project / name).exists():
            shutil.copy2(project / name, stage / name)
    shutil.copytree(project / "pages", stage / "pages")
    t = time.perf_counter()
    for p in pages:
        pm.execute_notebook(
            notebooks.read(p.notebook),
            str(stage / "pages" / f"{p.id}.ipynb"),
            parameters=p.parameters,
            prepare_only=True,
            kernel_name="python3",
        )
    (stage / "_static").mkdir(exist_ok=True)
    shutil.copy2(b.chart_bundle(), stage / "_static" / "swic-charts.js")
    for f in b.STATIC_SRC.glob("*.css"):
        shutil.copy2(f, stage / "_static" / f.name)
    shutil.copytree(project / "data", stage / "_extra" / "data")
    cfg = yaml.safe_load((stage / "_config.yml").read_text())
    cfg["execute"] = {"execute_notebooks": "force", "timeout": 600}
    (stage / "_config.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
    env = {**os.environ, "SWIC_ROOT": str(project)}
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write-readme", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="swic-bench-") as tmp:
        project = copy_project(Path(tmp) / "project")
        rows = []
        cold = swic(project, "build", "--force")
        rows.append(("cold build", cold[0], cold[1]))
        noop = swic(project, "build")
        rows.append(("no-op rebuild", noop[0], noop[1]))

        nb = sorted((project / "chapters").glob("*.md"))[-1]
        nb.write_text(nb.read_text(encoding="utf-8") + "\nEen extra zin (benchmark).\n", encoding="utf-8")
        one = swic(project, "build")
        rows.append((f"one-chapter edit ({nb.name})", one[0], one[1]))

        csv_path = sorted((project / "data" / "raadpleging" / "2025").glob("hoofdstuk-*.csv"))[-1]
        edit_note(csv_path)
        data = swic(project, "build")
        rows.append((f"one-data-file edit ({csv_path.name})", data[0], data[1]))

        nv = naive(project)
        rows.append(("naive baseline (jupyter-book executes)", nv[0], nv[1]))

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    out = ["| scenario | seconds | pages executed |", "|---|---:|---:|"]
    out += [f"| {name} | {sec:.1f} | {n} |" for name, sec, n in rows]
    cold_s, noop_s, naive_s = rows[0][1], rows[1][1], rows[-1][1]
    checks = [
        f"no-op / cold = {noop_s / cold_s:.0%} (target <= 15%): {'OK' if noop_s <= 0.15 * cold_s else 'MISSED'}",
        f"one-chapter edit executed {rows[2][2]} page(s) (target 1): {'OK' if rows[2][2] == 1 else 'MISSED'}",
        f"cold / naive = {cold_s / naive_s:.0%} (target <= 60%): {'OK' if cold_s <= 0.6 * naive_s else 'MISSED'}",
    ]
    table = (
        "\n".join(out) + "\n\n" + "\n".join(f"- {c}" for c in checks) + f"\n\nMachine: {machine}; "
        f"measured {time.strftime('%Y-%m-%d')}.\n"
    )
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
