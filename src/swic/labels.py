"""Dutch names for what the data calls by machine names: columns, codes and tables, in one place.

The CSV files under ``data/`` keep their stable machine names (``quality``, ``not-recoverable``,
``raadpleging-2025-h09``); what a reader opens in Excel says the same in plain Dutch ('Hoe het cijfer is
overgenomen', 'ontbreekt in onze tekstversie van het rapport', 'H09 Administratie- en regeldruk'). The words follow the
descriptions in ``data/schemas/``; ``tests/test_charts.py`` checks that every column and every code of
every schema has its Dutch name here.
"""

from __future__ import annotations

import re

from swic import fmt

EXCEL_SHEET_MAX = 31  # characters Excel allows in a sheet name

# Column headers, for every field of every schema.
COLUMNS = {
    "id": "Code",
    "number": "Nummer",
    "order": "Volgorde",
    "title": "Titel",
    "plain_title": "Titel op deze site",
    "summary": "Samenvatting",
    "generalist": "Over de generalist",
    "source": "Bron",
    "locator": "Vindplaats in de bron",
    "quality": "Hoe het cijfer is overgenomen",
    "note": "Toelichting",
    "kind": "Soort",
    "topic": "Onderwerp",
    "indicator": "Wat het getal meet",
    "value": "Waarde",
    "unit": "Eenheid",
    "year": "Jaar",
    "bound": "Precies of bij benadering",
    "cited_source": "Bron die het document zelf noemt",
    "chapter": "Hoofdstuk",
    "status": "Hoe volledig overgenomen",
    "values": "Aantal cijfers in de data",
    "reason": "Reden",
    "part": "Thema of programma",
    "activity": "Activiteit",
    "organisation": "Organisatie",
    "description": "Wat er niet klopt",
    "treatment": "Hoe de data ermee omgaat",
    "ref": "Verwijst naar",
    "excerpt": "Woorden uit de zin",
    "question": "Vraag",
    "theme": "Thema",
    "themes": "Thema's",
    "actors": "Uitvoerders",
    "type": "Soort actie",
    "occupation": "Beroep",
    "level": "Opleidingsniveau",
    "is_total": "Totaalregel",
    "publisher": "Uitgever",
    "file": "Tekstbestand",
    "item": "Stelling of deelvraag",
    "group": "Groep",
    "category": "Antwoord of categorie",
    "n": "Aantal deelnemers (n)",
    "answer_type": "Soort vraag",
    "date": "Datum",
    "event": "Gebeurtenis",
    "verdict": "Vergelijkbaar met 2020?",
    "pdf_page": "Pagina in de pdf van het rapport",
    "findings": "Bevindingen die de pagina toont",
    "short": "Korte naam",
    "key": "Welk cijfer",
    "old": "Was",
    "new": "Wordt",
}

# How a number was read (column 'quality'), in words a reader understands without the schema.
QUALITY = {
    "table": "uit een tabel in de bron",
    "chart-label": "afgelezen uit de getallen bij een grafiek in de bron",
    "chart-order": "een getal van een grafiek in de bron, op zijn plaats gezet volgens de volgorde van de staven",
    "pdf": "door iemand afgelezen uit de pdf van het rapport (de pagina staat erbij)",
    "derived": "berekend (de toelichting zegt hoe)",
    "prose": "uit de lopende tekst van de bron",
    "not-recoverable": "ontbreekt in onze tekstversie van het rapport (het rapport toont het wel; niet ingevuld en niet geschat)",
}

# The units of running text (swic.fmt) and the statistics only tables and charts have.
UNIT = {
    **fmt.UNIT_NOUNS,
    "mean": "gemiddelde",
    "median": "mediaan",
    "hours": "uren",
    "years": "jaren",
    "score": "cijfer of score",
}

# Codes per column; a column not named here holds text or numbers that need no translation.
CODES: dict[str, dict] = {
    "quality": QUALITY,
    "unit": UNIT,
    "bound": {
        "more-than": "meer dan",
        "less-than": "minder dan",
        "almost": "bijna",
        "about": "ongeveer",
        "at-least": "ten minste",
    },
    "answer_type": {
        "single": "één antwoord per persoon (telt op tot 100%)",
        "multiple": "meer antwoorden mogelijk",
        "open": "open antwoorden, achteraf ingedeeld",
        "value": "een los getal",
    },
    "status": {
        "complete": "helemaal",
        "partial": "gedeeltelijk",
        "not-recoverable": "ontbreekt in onze tekstversie (het rapport toont het wel)",
        "qualitative": "geen cijfers (bijvoorbeeld een woordwolk)",
    },
    "verdict": {
        "comparable": "ja, dezelfde vraag",
        "question-differs": "nee, de vraag of de antwoorden waren anders",
        "population-differs": "nee, het ging over een andere groep",
    },
    "kind": {
        # koppelingen
        "aandachtspunt": "aandachtspunt (advies 2022)",
        "sib-advies": "advies van Sociaal in Beweging",
        "sectorplan-actie": "actie van het sectorplan",
        "sectorplan-thema": "thema van het sectorplan",
        "jaarplan-onderdeel": "thema of programma van het jaarplan",
        "jaarplan-activiteit": "activiteit van het jaarplan",
        "raadpleging": "cijfers uit de raadpleging",
        "cijfer": "kerncijfer",
        # begrippen
        "crisis": "crisis",
        "opleiding": "opleiding",
        "definitie-element": "kernpunt van de omschrijving van sociaal werk",
        "kernwaarde": "kernwaarde",
        "functie": "taak van sociaal werk",
        # jaarplan-onderdelen, tijdlijn
        "thema": "thema",
        "programma": "programma",
        "publicatie": "publicatie",
        "beleid": "beleid",
        "onderzoek": "onderzoek",
        "mijlpaal": "mijlpaal",
    },
    "topic": {
        "arbeidsmarkt": "arbeidsmarkt",
        "sectoromvang": "omvang van de sector",
        "maatschappelijke-opgaven": "maatschappelijke opgaven",
        "financiering": "financiering",
        "organisatie": "organisatie",
        "raadpleging-2020": "de raadpleging van 2020",
        "opleiding": "opleiding",
    },
    "type": {
        "onderzoek": "onderzoek",
        "curriculum": "lesprogramma",
        "lobby-agenda": "lobby en agendering",
        "netwerk": "netwerk en kennisdeling",
        "arbeidsvoorwaarden": "arbeidsvoorwaarden",
        "professionalisering": "professionalisering",
        "instroom": "instroom en doorstroom",
    },
}
YES_NO = {True: "ja", False: "nee"}

# The report's chapters, as the site names them (sheet names: 'H09 ' and at most 27 characters).
CHAPTERS = {
    0: "Inleiding en respons",
    1: "Wie vulden het in",
    2: "Beroepsidentiteit",
    3: "Taken en aandachtsgebieden",
    4: "Methodisch werken",
    5: "Samenwerking",
    6: "De sociale basis",
    7: "Autonomie en zeggenschap",
    8: "Structureel werken",
    9: "Administratie- en regeldruk",
    10: "Ontwikkelingen in het werk",
    11: "Vitaliteit en werkplezier",
    12: "Leren en ontwikkelen",
    13: "Grensoverschrijdend gedrag",
    14: "Eco-sociaal werk",
    15: "Digitaal vakmanschap",
}

# Tables that are not a chapter of the raadpleging; '<edition>' stands for the raadpleging's year.
TABLES = {
    "sources": "Bronnen",
    "known-issues": "Tegenstrijdigheden in bronnen",
    "raadpleging-<edition>-coverage": "Dekking tabellen en figuren",
    "raadpleging-<edition>-niet-overgenomen": "Niet overgenomen percentages",
    "raadpleging-<edition>-vergelijkbaarheid": "Vergelijkbaarheid met 2020",
    "advies-aandachtspunten": "Advies 2022 aandachtspunten",
    "begrippen": "Begrippen",
    "cijfers": "Kerncijfers",
    "jaarplan-activiteiten": "Jaarplan 2018 activiteiten",
    "jaarplan-onderdelen": "Jaarplan 2018 onderdelen",
    "jaarplan-stakeholders": "Jaarplan 2018 stakeholders",
    "sectorplan-acties": "Sectorplan acties",
    "sectorplan-arbeidsmarkt": "Sectorplan tekort personeel",
    "sectorplan-themas": "Sectorplan thema's",
    "sib-adviezen": "Adviezen Sociaal in Beweging",
    "tijdlijn": "Tijdlijn",
    "koppelingen": "Koppelingen met onderwerpen",
    "onderwerpen": "Onderwerpen",
}

_CHAPTER = re.compile(r"raadpleging-(\d{4})-h(\d\d)")


def chapter_of(resource: str) -> int | None:
    """11 for 'raadpleging-2025-h11' (and for its file 'hoofdstuk-11.csv'); None for other tables."""
    m = _CHAPTER.fullmatch(resource) or re.fullmatch(r"hoofdstuk-(\d\d)(?:\.csv)?", resource)
    return int(m[m.lastindex]) if m else None


def table_name(resource: str) -> str:
    """What a table is called for a reader: 'H09 Administratie- en regeldruk', 'Kerncijfers'. Within
    Excel's 31 characters, so that it is also a whole sheet name."""
    chapter = chapter_of(resource)
    if chapter is not None:
        name = f"H{chapter:02d} {CHAPTERS.get(chapter, f'Hoofdstuk {chapter}')}"
    else:
        generic = re.sub(r"^raadpleging-\d{4}-", "raadpleging-<edition>-", resource)
        name = TABLES.get(generic, resource)
    return name[:EXCEL_SHEET_MAX]


def column(name: str) -> str:
    return COLUMNS.get(name, name)


def code(column_name: str, value):
    """The Dutch label of a code in a column ('not-recoverable' in 'quality': 'niet leesbaar ...');
    other values unchanged."""
    if isinstance(value, bool):
        return YES_NO[value]
    return CODES.get(column_name, {}).get(value, value) if isinstance(value, str) else value
