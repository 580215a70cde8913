"""The data package: Frictionless validates it, and datapackage.json matches the files under data/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from swic import data, datapackage

ROOT = Path(__file__).resolve().parents[1]


def test_frictionless_validate_passes():
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "datapackage.json"],
        cwd=ROOT / "data",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_datapackage_json_is_up_to_date():
    assert datapackage.is_current(), "data/datapackage.json is stale: run `python -m swic datapackage`"


def test_every_resource_loads_and_every_csv_is_described():
    described = {r.path.resolve() for r in data.resources().values()}
    for name in data.resources():
        data.load_resource(name)
    on_disk = {p.resolve() for p in (ROOT / "data").rglob("*.csv")}
    assert on_disk == described, f"CSV files not in datapackage.json: {on_disk - described}"


def test_every_value_names_its_source_and_how_it_was_read():
    df = data.load_survey(2025)
    assert (df["source"] != "").all() and (df["locator"] != "").all() and (df["quality"] != "").all()
