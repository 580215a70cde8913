"""One claim, one source: chapters define their findings once; the start page, the In het kort boxes and the
topic pages show those definitions (swic.sphinxext)."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest

from .conftest import copy_project, run_cli

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"

FINDING_REF = re.compile(r"^```\{finding-ref\} (\S+)/(\S+)$", re.M)
FINDING = re.compile(r"^:::\{finding\} (\S+)$", re.M)
FIGURE = re.compile(r"^:::\{finding\} (\S+)\n(?::heading: .*\n)?:figure: (.+)$", re.M)


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def finding_items(page_html: str) -> dict[str, str]:
    """id -> text of each finding (an item of an In het kort box) on a built page."""
    return {
        m.group(1): text_of(re.sub(r'<a class="footnote-reference.*?</a>', "", m.group(2), flags=re.S))
        for m in re.finditer(r'<li class="swic-finding" id="bevinding-([^"]+)">(.*?)</li>', page_html, re.S)
    }


def copies(page_html: str) -> list[tuple[str, str, list[str]]]:
    """(target page, first finding id, text of each finding) of each copy of findings on a built page,
    without heading and link (several findings of one page about one figure come as one list)."""
    out = []
    for m in re.finditer(
        r'<div class="swic-finding-ref[^"]*">(.*?)<p class="swic-finding-more">(.*?)</p>', page_html, re.S
    ):
        body, more = m.groups()
        target = re.search(r'href="([^"#]+)\.html#bevinding-([^"]+)"', more)
        assert target, more
        body = re.sub(r"<h3[^>]*>.*?</h3>", "", body, flags=re.S)
        items = re.findall(r"<li>(.*?)</li>", body, re.S) if body.lstrip().startswith("<ul") else [body]
        out.append((Path(target.group(1)).name, target.group(2), [text_of(x) for x in items]))
    return out


def defined() -> dict[str, set[str]]:
    return {
        p.stem: set(FINDING.findall(p.read_text(encoding="utf-8"))) for p in sorted(CHAPTERS.glob("*.md"))
    }


def figures_with_findings() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for p in sorted(CHAPTERS.glob("*.md")):
        for key, figure in FIGURE.findall(p.read_text(encoding="utf-8")):
            out.setdefault(figure.strip(), []).append((p.stem, key))
    return out


# --------------------------------------------------------------------------- sources


def test_in_het_kort_boxes_are_findings():
    for p in sorted(CHAPTERS.glob("*.md")):
        text = p.read_text(encoding="utf-8")
        assert ":::{admonition} In het kort" not in text, f"{p.name}: In het kort as a plain admonition"
        if "{findings}" in text:
            box = text[text.index("::::{findings}") : text.index("\n::::\n", text.index("::::{findings}"))]
            stray = [
                x for x in re.split(r"\n(?=:::)", box) if x.strip() and not x.startswith((":::", "::::"))
            ]
            assert not stray, f"{p.name}: text in the findings box outside a finding"


def test_every_finding_ref_names_a_defined_finding():
    found = defined()
    refs = [
        (p.name, page, key) for p in CHAPTERS.glob("*.md") for page, key in FINDING_REF.findall(p.read_text())
    ]
    assert refs, "the start page copies no findings"
    for name, page, key in refs:
        assert key in found.get(page, set()), f"{name}: finding-ref {page}/{key} names no finding"


def test_start_page_states_no_claim_of_its_own():
    text = (CHAPTERS / "inleiding.md").read_text(encoding="utf-8")
    part = text[text.index("## Vijf bevindingen") : text.index("## En het beleid?")]
    assert "\n### " not in part, "the start page types its own headings for findings"
    assert len(FINDING_REF.findall(part)) == 5
    prose = [x for x in part.split("\n\n") if x.strip() and not x.lstrip().startswith(("```", "##", ":"))]
    assert len(prose) == 1 and "{glue" not in prose[0], prose


def expected_findings(row: dict, with_findings: dict) -> list[tuple[str, str]]:
    """The chapter findings a topic page shows at a linked figure: those about the figure, narrowed to
    those the link names ('geen': none)."""
    about = with_findings.get(row["ref"], [])
    only = (row.get("findings") or "").split()
    return [(p, k) for p, k in about if not only or f"{p}/{k}" in only]


def test_topic_summaries_state_no_number_or_judgement():
    """Every figure's summary: shown where no chapter finding is, and in the data set."""
    words = re.compile(
        r"\d|\b(helft|derde|kwart|vijfde|tiende|procent|meerderheid|minderheid|meeste|meest|vaakst|bijna|ruim|"
        r"weinig|veel|niemand|iedereen|slechts|maar een|groot|grote|klein|hoog|laag|toegenomen)\b",
        re.I,
    )
    rows = csv.DictReader((ROOT / "data" / "synthese" / "koppelingen.csv").open(encoding="utf-8"))
    for row in rows:
        if row["kind"] == "raadpleging":
            summary = re.sub(
                r"\b(19|20)\d\d\b", "", row["summary"].replace("onder meer", "")
            )  # years are fine
            assert not words.search(summary), (row["topic"], row["ref"], row["summary"])


def test_topic_page_summaries_say_what_the_page_covers_not_what_it_finds():
    """A topic's summary (onderwerpen.csv, at the top of its page) names what the page covers; the
    findings, with their numbers and caveats, come from the chapters. No number, no quantity word, no trend
    and no judgement of its own ('geen actie', 'zwijgt', 'nauwelijks')."""
    words = re.compile(
        r"\d|\b(helft|derde|kwart|vijfde|tiende|procent|meerderheid|minderheid|meeste|meest|meesten|vaakst|"
        r"bijna|ruim|weinig|weinigen|veel|velen|niemand|iedereen|slechts|alleen|maar een|groot|grote|klein|"
        r"hoog|laag|toegenomen|afgenomen|gestegen|gedaald|groeien|nauwelijks|geen|zwijgt|zwijgen|best|"
        r"sterk|sterker|vaak|zelden|nooit|enkele|honderden)\b",
        re.I,
    )
    # trial: the summary this page had before its findings came from the chapters
    assert words.search("de helft ziet die last groeien, maar geen actie in het sectorplan gaat erover")
    rows = list(csv.DictReader((ROOT / "data" / "synthese" / "onderwerpen.csv").open(encoding="utf-8")))
    assert len(rows) >= 12
    found = [f"{r['id']}: {m[0]!r}" for r in rows for m in words.finditer(r["summary"])]
    assert not found, "topic summaries that state a finding of their own:\n" + "\n".join(found)


# --------------------------------------------------------------------------- the built site


def test_built_boxes_copies_and_links_match(site):
    pages = site / "pages"
    found = {p.stem: finding_items(p.read_text(encoding="utf-8")) for p in pages.glob("*.html")}
    for page, keys in defined().items():
        if keys:
            target = page if page != "inleiding" else "index"
            assert set(found.get(target, {})) == keys, f"{target}: box differs from the chapter's findings"
    n = 0
    for p in sorted(pages.glob("*.html")):
        for target, key, texts in copies(p.read_text(encoding="utf-8")):
            assert key in found.get(target, {}), f"{p.name}: copy of unknown finding {target}/{key}"
            if len(texts) == 1:
                assert texts[0] == found[target][key], f"{p.name}: copy of {target}/{key} differs"
            for t in texts:
                assert t in found[target].values(), f"{p.name}: {t!r} is no finding of {target}"
            n += 1
    assert n >= 5


def test_start_page_copies_its_findings_with_headings(site):
    page = (site / "pages" / "index.html").read_text(encoding="utf-8")
    refs = FINDING_REF.findall((CHAPTERS / "inleiding.md").read_text(encoding="utf-8"))
    assert [(t, k) for t, k, _ in copies(page)] == refs
    assert page.count('<div class="swic-finding-ref') == len(refs)
    assert len(re.findall(r"<h3[^>]*>.*?</h3>", page[page.index("Vijf bevindingen") :][:200000], re.S)) >= 5


def test_topic_pages_show_the_findings_about_their_figures(site):
    with_findings = figures_with_findings()
    rows = list(csv.DictReader((ROOT / "data" / "synthese" / "koppelingen.csv").open(encoding="utf-8")))
    topics = {r["topic"] for r in rows if r["kind"] == "raadpleging"}
    for topic in sorted(topics):
        path = site / "pages" / f"onderwerp-{topic}.html"
        if not path.exists():
            continue
        page = path.read_text(encoding="utf-8")
        found: dict[str, dict[str, str]] = {}
        shown = set()
        for target, _key, texts in copies(page):
            if target not in found:
                found[target] = finding_items((site / "pages" / f"{target}.html").read_text(encoding="utf-8"))
            by_text = {v: k for k, v in found[target].items()}
            shown |= {(target, by_text[t]) for t in texts}
        for r in (r for r in rows if r["topic"] == topic and r["kind"] == "raadpleging"):
            expected = expected_findings(r, with_findings)
            assert set(expected) <= shown, (topic, r["ref"])
            summary_shown = r["summary"] in text_of(page)
            assert summary_shown == (not expected), (topic, r["ref"], "summary shown iff no finding")


# --------------------------------------------------------------------------- the extension on its own

CONF = """
extensions = ["myst_parser", "swic.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
"""
CHAPTER = """# Hoofdstuk

::::{{findings}}
:::{{finding}} een
:heading: Kop van een
:figure: Figuur 1.1
De claim is {word}. Het is een aanwijzing, geen meting.[^noot]
:::
::::

[^noot]: Een noot die in het hoofdstuk blijft.
"""


def _sphinx(src: Path, out: Path) -> tuple[int, str]:
    import io
    from contextlib import redirect_stderr

    from sphinx.cmd.build import build_main

    err = io.StringIO()
    with redirect_stderr(err):
        rc = build_main(["-b", "html", "-W", "-q", str(src), str(out)])
    return rc, err.getvalue()


def test_extension_copies_rebuilds_and_reports_unknown_findings(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text(
        "# Start\n\n```{toctree}\nhoofdstuk\nonderwerp\n```\n\n```{finding-ref} hoofdstuk/een\n:heading:\n```\n"
    )
    (src / "hoofdstuk.md").write_text(CHAPTER.format(word="waar"))
    (src / "onderwerp.md").write_text(
        "# Onderwerp\n\n````{findings-for} Figuur 1.1\nReserve.\n````\n\n````{findings-for} Figuur 2.2\nReserve.\n````\n\n"
        "````{findings-for} Figuur 1.1\n:only: geen\nReserve twee.\n````\n"
    )
    rc, err = _sphinx(src, out)
    assert rc == 0, err
    index, topic = (out / "index.html").read_text(), (out / "onderwerp.html").read_text()
    assert "<h3><span>Kop van een</span></h3>" in index
    assert "De claim is waar. Het is een aanwijzing, geen meting." in text_of(index)
    assert 'href="hoofdstuk.html#bevinding-een"' in index and "Meer over hoofdstuk" in index
    assert "footnote-reference" not in index and "footnote-reference" in (out / "hoofdstuk.html").read_text()
    assert "De claim is waar." in text_of(topic) and text_of(topic).count("Reserve.") == 1
    assert text_of(topic).count("De claim is waar.") == 1 and "Reserve twee." in text_of(topic)
    assert 'id="bevinding-een"' in (out / "hoofdstuk.html").read_text()
    # an incremental build after a change to the chapter rebuilds the pages that copy its findings
    (src / "hoofdstuk.md").write_text(CHAPTER.format(word="onwaar"))
    rc, err = _sphinx(src, out)
    assert rc == 0, err
    assert "De claim is onwaar." in text_of((out / "index.html").read_text())
    assert "De claim is onwaar." in text_of((out / "onderwerp.html").read_text())
    # an unknown finding is an error naming the page and the line
    (src / "onderwerp.md").write_text("# Onderwerp\n\nTekst.\n\n```{finding-ref} hoofdstuk/twee\n```\n")
    rc, err = _sphinx(src, out)
    assert rc != 0
    assert re.search(r"onderwerp\.md:5: ?(WARNING: )?finding-ref hoofdstuk/twee: no such finding", err), err


# --------------------------------------------------------------------------- the flip test


@pytest.mark.slow
def test_a_data_change_flips_the_finding_on_every_page_that_states_it(tmp_path, site):
    """Structureel werken's finding 'aanpakken' compares two shares with a word from the data ('veel
    minder'). Raise one share in a copy (swapped with another number the report prints there, so the data
    stays valid) so that the word becomes 'minder'; the chapter, the start page and the topic page all say
    it."""
    project = copy_project(tmp_path / "project")
    f = project / "data" / "raadpleging" / "2025" / "hoofdstuk-08.csv"
    rows = list(csv.reader(f.open(encoding="utf-8", newline="")))
    head = rows[0]
    hits = [
        r
        for r in rows[1:]
        if r[head.index("locator")] == "Figuur 8.2"
        and r[head.index("category")].startswith("Aanpakken lukt: wel")
    ]
    neutral = [
        r
        for r in rows[1:]
        if r[head.index("locator")] == "Figuur 8.2"
        and r[head.index("category")].startswith("Aanpakken lukt: neutraal")
    ]
    assert len(hits) == 1 and hits[0][head.index("value")] == "20"
    assert len(neutral) == 1 and neutral[0][head.index("value")] == "49"
    # swap the two numbers the report prints near Figuur 8.2: the answers still add up to 101
    hits[0][head.index("value")], neutral[0][head.index("value")] = "49", "20"
    with f.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)

    pages = ["structureel-werken", "index", "onderwerp-invloed-op-beleid"]
    before = {p: text_of((site / "pages" / f"{p}.html").read_text(encoding="utf-8")) for p in pages}
    for p in pages:
        assert "Aanpakken lukt veel minder: 20%" in before[p], p
    proc = run_cli(project, "build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for p in pages:
        after = text_of((project / "_build" / "html" / "pages" / f"{p}.html").read_text(encoding="utf-8"))
        assert "Aanpakken lukt minder: 49%" in after, p
        assert "Aanpakken lukt veel minder" not in after, p
