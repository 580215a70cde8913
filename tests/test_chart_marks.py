"""Marks that cannot mislead, checked in the static SVG of every chart on the built site.

Each rule reads what a reader sees (the drawn marks and their accessible labels), not how a builder meant
to draw it:

* a bound ('meer dan 40%') is never drawn like an exact bar: lighter or with a dashed edge;
* groups that contain each other ('cijfer 6 of 7' and 'cijfer 5, 6 of 7') are never drawn side by side;
* a subtotal ('afgenomen, samen') never stands next to the parts it adds up;
* a grid of only ones and zeros is a list, not a chart;
* no bar runs past the end of its value axis (a total above 100% from rounding included).

Every rule has a trial: a chart broken on purpose, drawn the same way, that the rule must catch.
"""

from __future__ import annotations

import html as _html
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from swic import data, fmt, render
from swic.charts import honest

# the tooltip titles under which the builders name what a mark stands for
NAME_FIELDS = ("Onderdeel", "Categorie", "Reeks", "Antwoord", "Stelling")
BOUND = re.compile(r"Waarde: (?:" + "|".join(fmt.BOUND_WORDS.values()) + r") ")
MARK = re.compile(r'<path [^>]*aria-roledescription="(bar|rect)(?: mark)?"[^>]*>')
DOMAIN = re.compile(r'role-axis-domain[^>]*><line transform="translate\(0,0\)" x2="([\d.]+)" y2="0"')


def marks(svg: str) -> list[dict]:
    """The bars and cells of a chart: their fields (from the accessible label), opacity, dash and extent."""
    out = []
    for m in MARK.finditer(svg):
        tag = m[0]
        attr = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        label = _html.unescape(attr.get("aria-label", ""))
        fields = dict(f.split(": ", 1) for f in label.split("; ") if ": " in f)
        x0, w = 0.0, 0.0
        d = re.match(r"M(-?[\d.]+),(-?[\d.]+)h(-?[\d.]+)", attr.get("d", ""))
        if d:
            x0, w = float(d[1]), float(d[3])
        out.append(
            dict(
                kind=m[1],
                label=label,
                fields=fields,
                opacity=float(attr.get("opacity", attr.get("fill-opacity", "1")) or 1),
                dash=attr.get("stroke-dasharray", ""),
                right=max(x0, x0 + w),
            )
        )
    return out


def bound_drawn_as_exact(svg: str) -> list[str]:
    return [
        m["label"]
        for m in marks(svg)
        if m["kind"] == "bar" and BOUND.search(m["label"]) and m["opacity"] >= 1 and m["dash"] in ("", "1,0")
    ]


def _names(svg: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in marks(svg):
        for f in NAME_FIELDS:
            if f in m["fields"] and m["fields"][f] not in out.setdefault(f, []):
                out[f].append(m["fields"][f])
    return out


def _stem(name: str) -> str:
    """A group's name without its marks: 'Cijfer 5, 6 of 7' and 'Cijfer 6 of 7' are both 'cijfer'."""
    return re.sub(r"[\d,&\s]|\b(?:of|en|t/m|tot en met)\b", "", name.lower())


def nested_side_by_side(svg: str) -> list[tuple[str, str]]:
    """Pairs of groups of one scale where one contains the other ('Pedagogiek (niveau 6)' and 'Psychologie
    (niveau 6 & 7)' are different things, not groups of one scale)."""
    pairs = [pair for names in _names(svg).values() for pair in honest.nested_groups(names)]
    return [(a, b) for a, b in pairs if _stem(a) == _stem(b)]


SUBTOTAL = re.compile(r"^(\w+).*\([^)]*\bsamen\)$", re.IGNORECASE)


def subtotal_beside_parts(svg: str) -> list[tuple[str, str]]:
    found = []
    for names in _names(svg).values():
        lower = {n.lower(): n for n in names}
        for total, parts in honest.SUBTOTALS.items():
            if total in lower:
                found += [(lower[total], p) for p in parts if p in names]
        for n in names:  # any other '…, samen' label beside a label with the same answer word
            m = SUBTOTAL.match(n)
            if m and n.lower() not in honest.SUBTOTALS:
                found += [(n, o) for o in names if o != n and m[1].lower() in o.lower()]
    return found


def zero_one_grid(svg: str) -> bool:
    cells = [m for m in marks(svg) if m["kind"] == "rect"]
    numbers = []
    for c in cells:
        for v in c["fields"].values():
            if re.fullmatch(r"-?\d+(?:[.,]\d+)?", v.strip()):
                numbers.append(float(v.replace(",", ".")))
    return len(cells) >= 4 and bool(numbers) and set(numbers) <= {0.0, 1.0}


PART_OF = re.compile(r"valt onder '([^']+)'")


def parts_of() -> dict[str, str]:
    """Answers the data say fall under another answer ('Gespreksvoering' under 'Methodieken')."""
    df = data.load_survey(2025)
    return {
        str(c): m[1]
        for c, n in zip(df["category"], df["note"].fillna(""), strict=True)
        if (m := PART_OF.search(n))
    }


def part_beside_whole(svg: str, part_of: dict[str, str]) -> list[tuple[str, str]]:
    return [(n, part_of[n]) for names in _names(svg).values() for n in names if part_of.get(n) in names]


def bars_past_axis(svg: str) -> list[str]:
    ends = [float(x) for x in DOMAIN.findall(svg)]
    if not ends:
        return []
    end = max(ends)
    return [m["label"] for m in marks(svg) if m["kind"] == "bar" and m["right"] > end + 0.5]


RULES = {
    "a bound bar drawn like an exact bar": bound_drawn_as_exact,
    "groups that contain each other side by side": nested_side_by_side,
    "a subtotal beside its parts": subtotal_beside_parts,
    "a bar past the end of its axis": bars_past_axis,
}


def chart_svgs(site: Path) -> list[Path]:
    """The static pictures of every chart (wide and phone layout), not the download posters."""
    return sorted(p for p in (site / "figuren").rglob("*.svg") if not p.name.startswith("sociaal-werk"))


def test_every_chart_on_the_site_obeys_the_marks_rules(site):
    svgs = chart_svgs(site)
    assert len(svgs) > 100, f"only {len(svgs)} chart pictures found under figuren/"
    problems = []
    part_of = parts_of()
    for path in svgs:
        svg = path.read_text(encoding="utf-8")
        for rule, check in RULES.items():
            for hit in check(svg):
                problems.append(f"{path.relative_to(site)}: {rule}: {hit}")
        for hit in part_beside_whole(svg, part_of):
            problems.append(f"{path.relative_to(site)}: an answer beside the answer it falls under: {hit}")
        if zero_one_grid(svg):
            problems.append(f"{path.relative_to(site)}: a grid of only ones and zeros drawn as a chart")
    assert not problems, f"{len(problems)} misleading marks:\n" + "\n".join(problems[:40])


def test_bound_bars_on_the_site_are_drawn_as_bounds(site):
    """Measured: how many bound bars the site draws, and that each is lighter or dashed."""
    bound = [
        m for p in chart_svgs(site) for m in marks(p.read_text(encoding="utf-8")) if BOUND.search(m["label"])
    ]
    assert bound, "no bound bar found: the check would pass vacuously"
    assert all(m["opacity"] < 1 or m["dash"] not in ("", "1,0") for m in bound)


# --------------------------------------------------------------------------- trials: each rule catches a broken chart


def svg_of(chart) -> str:
    return render.svg(render.fixed_width(render.compile_spec(render.spec(chart)), 600), embed_font=False)


def bars(rows: list[dict], *, domain=None, **encode) -> alt.Chart:
    df = pd.DataFrame(rows)
    scale = alt.Scale(domain=domain) if domain else alt.Undefined
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", scale=scale),
            y="Onderdeel:N",
            tooltip=[alt.Tooltip("Onderdeel:N"), alt.Tooltip("Waarde:N")],
            **encode,
        )
        .properties(width=400)
    )


def test_trial_a_bound_bar_drawn_solid_is_caught():
    chart = bars(
        [
            dict(Onderdeel="Ja", share=0.40, Waarde="meer dan 40%"),
            dict(Onderdeel="Nee", share=0.51, Waarde="51%"),
        ]
    )
    caught = bound_drawn_as_exact(svg_of(chart))
    assert len(caught) == 1 and "Onderdeel: Ja" in caught[0]


def test_trial_the_shared_builders_draw_a_bound_lighter():
    from swic import charts

    base = dict(source="raadpleging-2025", locator="Figuur 9.9", chapter=9, question="V", item="", group="")
    base |= dict(unit="percent", n=100, answer_type="single", quality="chart-label", note="")
    df = pd.DataFrame(
        [
            {**base, "category": "Ja", "value": 40, "bound": "more-than", "year": 2024},
            {**base, "category": "Nee", "value": 51, "bound": "", "year": 2024},
            {**base, "category": "Ja", "value": 30, "bound": "", "year": 2020},
            {**base, "category": "Nee", "value": 50, "bound": "", "year": 2020},
        ]
    )
    for fig in (charts.comparison_bar(df, "T"), charts.distribution_bar(df[df["year"] == 2024], "T")):
        for layout in (fig.chart, fig.narrow):
            svg = svg_of(layout)
            assert BOUND.search(svg.replace("&#39;", "'")) and not bound_drawn_as_exact(svg)


def test_trial_nested_groups_side_by_side_are_caught():
    chart = bars(
        [
            dict(Onderdeel="Cijfer 6 of 7", share=0.45, Waarde="45%"),
            dict(Onderdeel="Cijfer 5, 6 of 7", share=0.55, Waarde="55%"),
        ]
    )
    assert nested_side_by_side(svg_of(chart)) == [("Cijfer 6 of 7", "Cijfer 5, 6 of 7")]
    levels = bars(
        [
            dict(Onderdeel="Pedagogiek (niveau 6)", share=0.2, Waarde="20%"),
            dict(Onderdeel="Psychologie (niveau 6 & 7)", share=0.3, Waarde="30%"),
        ]
    )
    assert nested_side_by_side(svg_of(levels)) == []
    separate = bars(
        [
            dict(Onderdeel="Cijfer 6", share=0.15, Waarde="15%"),
            dict(Onderdeel="Cijfer 7", share=0.31, Waarde="31%"),
        ]
    )
    assert nested_side_by_side(svg_of(separate)) == []


def test_trial_a_subtotal_beside_its_parts_is_caught():
    chart = bars(
        [
            dict(Onderdeel="Dit is sterk afgenomen", share=0.05, Waarde="5%"),
            dict(Onderdeel="afgenomen (sterk of enigszins, samen)", share=0.12, Waarde="12%"),
            dict(Onderdeel="Dit is enigszins afgenomen", share=0.07, Waarde="7%"),
        ]
    )
    assert subtotal_beside_parts(svg_of(chart))
    answers = bars(
        [
            dict(Onderdeel="Mantelzorgers: veel tot heel veel", share=0.41, Waarde="41%"),
            dict(Onderdeel="Mantelzorgers: werkt er niet mee samen", share=0.32, Waarde="32%"),
        ]
    )
    assert subtotal_beside_parts(svg_of(answers)) == []


def test_trial_a_grid_of_ones_is_caught():
    cells = pd.DataFrame([dict(thema=t, advies=a, Genoemd=int(t == a)) for t in "ABC" for a in "ABC"])
    grid = (
        alt.Chart(cells)
        .mark_rect()
        .encode(x="thema:N", y="advies:N", color="Genoemd:Q", tooltip=["thema:N", "advies:N", "Genoemd:Q"])
    )
    assert zero_one_grid(svg_of(grid))
    counts = cells.assign(Genoemd=cells["Genoemd"] * 3 + 2)
    assert not zero_one_grid(svg_of(grid.properties(data=counts)))


def test_trial_a_bar_past_its_axis_is_caught():
    rows = [dict(Onderdeel="Samen", share=1.01, Waarde="101%"), dict(Onderdeel="Ja", share=0.5, Waarde="50%")]
    caught = bars_past_axis(svg_of(bars(rows, domain=[0, 1])))
    assert len(caught) == 1 and "Onderdeel: Samen" in caught[0]
    assert bars_past_axis(svg_of(bars(rows, domain=[0, 1.01]))) == []


def test_trial_an_answer_beside_the_answer_it_falls_under_is_caught():
    chart = bars(
        [
            dict(Onderdeel="Methodieken", share=0.31, Waarde="31"),
            dict(Onderdeel="Gespreksvoering", share=0.09, Waarde="9"),
        ]
    )
    assert parts_of()["Gespreksvoering"] == "Methodieken"
    assert part_beside_whole(svg_of(chart), parts_of()) == [("Gespreksvoering", "Methodieken")]


@pytest.mark.parametrize("rule", list(RULES))
def test_every_rule_has_a_trial(rule):
    trials = {
        "a bound bar drawn like an exact bar": test_trial_a_bound_bar_drawn_solid_is_caught,
        "groups that contain each other side by side": test_trial_nested_groups_side_by_side_are_caught,
        "a subtotal beside its parts": test_trial_a_subtotal_beside_its_parts_is_caught,
        "a bar past the end of its axis": test_trial_a_bar_past_its_axis_is_caught,
    }
    assert rule in trials
