"""Write ``data/datapackage.json`` from the files under ``data/``.

The package descriptor is committed (it is what Frictionless tools and readers download), but it
is generated, so that adding a chapter file or a new edition of the raadpleging is a matter of
adding CSVs: ``python -m swic datapackage`` rewrites it, ``--check`` fails when it is stale.

Layout it knows:
* ``sources.csv``, ``known-issues.csv``, ``wijzigingen.csv`` (the record of corrections) — schemas
  ``schemas/sources``, ``schemas/known-issues``, ``schemas/wijzigingen``;
* ``raadpleging/<edition>/hoofdstuk-NN.csv`` — survey figures (``schemas/survey``);
* ``raadpleging/<edition>/coverage.csv`` — coverage manifest (``schemas/coverage``);
* ``raadpleging/<edition>/niet-overgenomen.csv`` — percentages of the text deliberately left out;
* ``raadpleging/<edition>/vergelijkbaarheid.csv`` — per compared item: is it comparable with the baseline;
* ``bronnen/<name>.csv`` — other sources, schema ``schemas/<name>.schema.json``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from swic import paths

LICENSE_NOTE = (
    "Cijfers overgenomen uit openbare publicaties (bronnen in sources.csv), met bronvermelding. "
    "De structuur, codering en toelichting van deze dataset: CC BY 4.0."
)


def _schema_meta(data_dir: Path, schema: str) -> dict:
    return json.loads((data_dir / schema).read_text(encoding="utf-8"))


def _resource(
    data_dir: Path,
    name: str,
    path: str,
    schema: str,
    title: str | None = None,
    description: str | None = None,
) -> dict:
    meta = _schema_meta(data_dir, schema)
    return {
        "name": name,
        "path": path,
        "title": title or meta.get("title", name),
        "description": description or meta.get("description", ""),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def descriptor(data_dir: Path | None = None) -> dict:
    data_dir = Path(data_dir or paths.data_dir())
    res = [
        _resource(
            data_dir,
            "sources",
            "sources.csv",
            "schemas/sources.schema.json",
            "Brondocumenten",
            "De vijf publicaties waaruit de cijfers komen.",
        ),
    ]
    if (data_dir / "known-issues.csv").exists():
        res.append(
            _resource(
                data_dir,
                "known-issues",
                "known-issues.csv",
                "schemas/known-issues.schema.json",
                "Bekende inconsistenties in de bronnen",
                "Plaatsen waar een bron zichzelf tegenspreekt; beide waarden blijven bewaard.",
            )
        )
    if (data_dir / "wijzigingen.csv").exists():
        res.append(
            _resource(
                data_dir,
                "wijzigingen",
                "wijzigingen.csv",
                "schemas/wijzigingen.schema.json",
                "Wijzigingen in de cijfers",
                "Elke verbetering van een cijfer sinds de vorige uitgave: datum, cijfer, oud en nieuw, en waarom.",
            )
        )
    for ed_dir in sorted(p for p in (data_dir / "raadpleging").glob("*") if p.is_dir() and p.name.isdigit()):
        ed = ed_dir.name
        if (ed_dir / "coverage.csv").exists():
            res.append(
                _resource(
                    data_dir,
                    f"raadpleging-{ed}-coverage",
                    f"raadpleging/{ed}/coverage.csv",
                    "schemas/coverage.schema.json",
                    f"De raadpleging van {ed}: dekking van tabellen en figuren",
                    "Per genummerde tabel of figuur: hoe volledig de cijfers zijn overgenomen, en waarom niet.",
                )
            )
        if (ed_dir / "niet-overgenomen.csv").exists():
            res.append(
                _resource(
                    data_dir,
                    f"raadpleging-{ed}-niet-overgenomen",
                    f"raadpleging/{ed}/niet-overgenomen.csv",
                    "schemas/niet-overgenomen.schema.json",
                    f"De raadpleging van {ed}: percentages uit de tekst die niet zijn overgenomen",
                )
            )
        if (ed_dir / "vergelijkbaarheid.csv").exists():
            res.append(
                _resource(
                    data_dir,
                    f"raadpleging-{ed}-vergelijkbaarheid",
                    f"raadpleging/{ed}/vergelijkbaarheid.csv",
                    "schemas/vergelijkbaarheid.schema.json",
                    f"De raadpleging van {ed}: vergelijkbaarheid met de vorige raadpleging",
                )
            )
        for f in sorted(ed_dir.glob("hoofdstuk-*.csv")):
            m = re.fullmatch(r"hoofdstuk-(\d{2})\.csv", f.name)
            if not m:
                continue
            ch = int(m[1])
            what = "inleiding" if ch == 0 else f"hoofdstuk {ch}"
            res.append(
                _resource(
                    data_dir,
                    f"raadpleging-{ed}-h{m[1]}",
                    f"raadpleging/{ed}/{f.name}",
                    "schemas/survey.schema.json",
                    f"De raadpleging van {ed}, {what}",
                    f"Alle cijfers uit {what} van de Grote Raadpleging van het Sociaal Werk {ed}, "
                    "één rij per antwoordcategorie, met vindplaats en leeswijze.",
                )
            )
    for folder in ("bronnen", "synthese"):
        for f in sorted((data_dir / folder).glob("*.csv")):
            schema = f"schemas/{f.stem}.schema.json"
            if not (data_dir / schema).exists():
                raise FileNotFoundError(f"data/{folder}/{f.name} has no schema data/{schema}")
            res.append(_resource(data_dir, f.stem, f"{folder}/{f.name}", schema))
    return {
        "name": "sociaal-werk-in-cijfers",
        "title": "Sociaal Werk in Cijfers",
        "description": "Cijfers over het Nederlandse sociaal werk uit vijf publicaties, met bron, vindplaats en leeswijze "
        "per waarde.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "swic:licenseNote": LICENSE_NOTE,
        "resources": res,
    }


def render(data_dir: Path | None = None) -> str:
    return json.dumps(descriptor(data_dir), indent=2, ensure_ascii=False) + "\n"


def write(data_dir: Path | None = None) -> Path:
    data_dir = Path(data_dir or paths.data_dir())
    target = data_dir / "datapackage.json"
    target.write_text(render(data_dir), encoding="utf-8")
    return target


def is_current(data_dir: Path | None = None) -> bool:
    data_dir = Path(data_dir or paths.data_dir())
    target = data_dir / "datapackage.json"
    return target.exists() and target.read_text(encoding="utf-8") == render(data_dir)
