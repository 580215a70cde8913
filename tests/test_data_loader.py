"""The loader turns every kind of bad data into an error naming file, row and column."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from swic import contract, data
from swic.data import DataError

ROOT = Path(__file__).resolve().parents[1]
HEADER = "source,locator,chapter,question,item,group,category,value,bound,unit,n,year,answer_type,quality,note,pdf_page"
GOOD_ROWS = [
    "raadpleging-2025,Figuur 9.9,9,Vraag,,,Ja,60,,percent,100,2024,single,chart-label,,",
    "raadpleging-2025,Figuur 9.9,9,Vraag,,,Nee,40,,percent,100,2024,single,chart-label,,",
]


@pytest.fixture
def ddir(tmp_path) -> Path:
    d = tmp_path / "data"
    (d / "schemas").mkdir(parents=True)
    for f in ("survey", "sources", "coverage", "known-issues"):
        shutil.copy(ROOT / "data" / "schemas" / f"{f}.schema.json", d / "schemas")
    shutil.copy(ROOT / "data" / "sources.csv", d / "sources.csv")
    (d / "known-issues.csv").write_text(
        "id,source,locator,description,values,treatment\n"
        "k-1,raadpleging-2025,Figuur 9.9,Telt niet op,,both kept\n"
    )
    (d / "coverage.csv").write_text(
        "source,locator,chapter,title,plain_title,status,values,reason\n"
        "raadpleging-2025,Figuur 9.9,9,Vraag,Vraag,complete,2,\n"
    )
    pkg = {
        "name": "test",
        "resources": [
            {"name": "sources", "path": "sources.csv", "schema": "schemas/sources.schema.json"},
            {
                "name": "known-issues",
                "path": "known-issues.csv",
                "schema": "schemas/known-issues.schema.json",
            },
            {
                "name": "raadpleging-2025-coverage",
                "path": "coverage.csv",
                "schema": "schemas/coverage.schema.json",
            },
            {"name": "raadpleging-2025-h09", "path": "h09.csv", "schema": "schemas/survey.schema.json"},
        ],
    }
    (d / "datapackage.json").write_text(json.dumps(pkg))
    write(d, GOOD_ROWS)
    return d


def write(d: Path, rows: list[str], header: str = HEADER) -> None:
    (d / "h09.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def load(d):
    return data.load_survey(2025, data_dir=d)


def test_good_data_loads_with_types(ddir):
    df = load(ddir)
    assert list(df["value"]) == [60.0, 40.0]
    assert df["n"].dtype.name == "Int64"
    assert set(df["file"]) == {str(ddir / "h09.csv")}


def expect(d, match):
    with pytest.raises(DataError) as exc:
        load(d)
    return exc.match(match)


def test_text_in_value_names_file_row_and_column(ddir):
    write(ddir, [GOOD_ROWS[0], GOOD_ROWS[1].replace(",40,", ",veertig,")])
    msg = str(pytest.raises(DataError, load, ddir).value)
    assert (
        "h09.csv" in msg and "row 3" in msg and "column 'value'" in msg and "'veertig' is not a number" in msg
    )


def test_decimal_comma_gets_a_hint(ddir):
    write(ddir, [GOOD_ROWS[0].replace(",60,", ',"59,5",'), GOOD_ROWS[1]])
    expect(ddir, r"dot as decimal separator")


def test_missing_column(ddir):
    write(ddir, [r.rsplit(",", 1)[0] for r in GOOD_ROWS], header=HEADER.rsplit(",", 1)[0])
    expect(ddir, r"missing column\(s\): pdf_page")


def test_duplicate_key(ddir):
    write(ddir, [GOOD_ROWS[0], GOOD_ROWS[0]])
    expect(ddir, r"row 3, .*duplicate key.*already in row 2")


def test_percentage_above_100(ddir):
    write(ddir, [GOOD_ROWS[0].replace(",60,", ",160,"), GOOD_ROWS[1]])
    expect(ddir, r"row 2, column 'value'.*outside 0–100")


def test_distribution_that_does_not_sum(ddir):
    write(ddir, [GOOD_ROWS[0].replace(",60,", ",30,"), GOOD_ROWS[1]])
    expect(ddir, r"sums to 70 \(expected: 100 ± 2")


def test_known_issue_tag_allows_a_source_inconsistency(ddir):
    write(ddir, [GOOD_ROWS[0].replace(",60,", ",30,")[:-1] + "known-issue:k-1,", GOOD_ROWS[1]])
    assert len(load(ddir)) == 2


def test_unknown_known_issue_tag(ddir):
    write(ddir, [GOOD_ROWS[0][:-1] + "known-issue:nope,", GOOD_ROWS[1]])
    expect(ddir, r"unknown known-issue 'nope'")


def test_unknown_source_id(ddir):
    write(ddir, [GOOD_ROWS[0].replace("raadpleging-2025", "raadpleging-2099"), GOOD_ROWS[1]])
    expect(ddir, r"row 2, column 'source'.*not one of the allowed values")


def test_unknown_locator(ddir):
    write(ddir, [r.replace("Figuur 9.9", "Figuur 9.8") for r in GOOD_ROWS])
    expect(ddir, r"unknown locator 'Figuur 9.8'")


def test_empty_file(ddir):
    (ddir / "h09.csv").write_text("")
    expect(ddir, r"h09.csv: the file is empty")


def test_wrong_encoding(ddir):
    (ddir / "h09.csv").write_bytes(
        ("\n".join([HEADER, GOOD_ROWS[0].replace("Vraag", "Coördinatie")]) + "\n").encode("latin-1")
    )
    expect(ddir, r"not valid UTF-8 at line 2")


def test_missing_file(ddir):
    (ddir / "h09.csv").unlink()
    expect(ddir, r"h09.csv: file not found")


def test_not_recoverable_needs_empty_value_and_reason(ddir):
    write(
        ddir, [GOOD_ROWS[0], GOOD_ROWS[1].replace(",40,", ",,").replace("chart-label,", "not-recoverable,")]
    )
    expect(ddir, r"row 3, column 'note'.*needs a note")
    write(ddir, [GOOD_ROWS[0], GOOD_ROWS[1].replace("chart-label,", "not-recoverable,")])
    expect(ddir, r"row 3, .*quality is not-recoverable but a value is given")


def test_derived_needs_a_note(ddir):
    write(ddir, [GOOD_ROWS[0], GOOD_ROWS[1].replace("chart-label,", "derived,")])
    expect(ddir, r"derived value needs a note")


def test_ragged_row(ddir):
    write(ddir, [GOOD_ROWS[0] + ",extra", GOOD_ROWS[1]])
    expect(ddir, r"row 2: has 17 cells, expected 16")


def test_a_bound_is_not_summed_and_needs_a_value(ddir):
    write(ddir, [GOOD_ROWS[0].replace(",60,,", ",30,more-than,"), GOOD_ROWS[1]])
    assert list(load(ddir)["bound"]) == ["more-than", ""]
    write(
        ddir,
        [
            GOOD_ROWS[0].replace(",60,,", ",,more-than,").replace("chart-label,,", "not-recoverable,x,"),
            GOOD_ROWS[1],
        ],
    )
    expect(ddir, r"row 2, column 'bound': a bound needs a value")


def test_sum_tolerance_grows_with_categories():
    assert contract.sum_tolerance(2) == 2
    assert contract.sum_tolerance(10) == 6
