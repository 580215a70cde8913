"""Dutch text helpers for prose that comes from data: counts with the right plural, lists, and the
quantity word that goes with a share ("de helft", "ruim een kwart", "bijna een derde").

Chapters never type such words next to a glued number: when the data changes, the word changes with
it. Every boundary is here, in one tested place (``tests/test_text.py``).
"""

from __future__ import annotations

from swic import fmt


class Words(str):
    """Words from numbers ('bijna de helft', 'iets lager dan'): running text, glued for ``{glue:md}`` (a
    figure is glued for ``{glue:text}``, which the theme sets in bold)."""


# Plural forms of the nouns the site counts. Dutch plurals are irregular enough ("actie" -> "acties",
# "thema" -> "thema's", "advies" -> "adviezen") that a table beats a rule; an unknown noun fails loudly.
PLURALS = {
    "aandachtspunt": "aandachtspunten",
    "actie": "acties",
    "activiteit": "activiteiten",
    "advies": "adviezen",
    "antwoord": "antwoorden",
    "antwoordcategorie": "antwoordcategorieën",
    "betrokkene": "betrokkenen",
    "bron": "bronnen",
    "cijfer": "cijfers",
    "deelnemer": "deelnemers",
    "document": "documenten",
    "figuur": "figuren",
    "gebeurtenis": "gebeurtenissen",
    "getal": "getallen",
    "grafiek": "grafieken",
    "hoofdstuk": "hoofdstukken",
    "inconsistentie": "inconsistenties",
    "jaar": "jaar",
    "keer": "keer",
    "koppeling": "koppelingen",
    "kerncijfer": "kerncijfers",
    "onderdeel": "onderdelen",
    "onderwerp": "onderwerpen",
    "organisatie": "organisaties",
    "pagina": "pagina's",
    "procent": "procent",
    "programma": "programma's",
    "probleem": "problemen",
    "punt": "punten",
    "respondent": "respondenten",
    "rij": "rijen",
    "sociaal werker": "sociaal werkers",
    "stakeholder": "stakeholders",
    "stelling": "stellingen",
    "tabel": "tabellen",
    "taak": "taken",
    "thema": "thema's",
    "vergelijking": "vergelijkingen",
    "vraag": "vragen",
    "waarde": "waarden",
}


def plural(n: float, singular: str, plural_form: str | None = None) -> str:
    """The noun that goes with ``n``: 1 punt, 2 punten, 0 punten."""
    if n == 1:
        return singular
    if plural_form is not None:
        return plural_form
    if singular not in PLURALS:
        raise KeyError(f"no plural known for {singular!r}: add it to swic.text.PLURALS or pass plural_form")
    return PLURALS[singular]


def count(n: float, singular: str, plural_form: str | None = None) -> str:
    """A number with its noun, in Dutch format: '1 actie', '18 acties', '1.191 deelnemers'."""
    return f"{fmt.number(n)} {plural(n, singular, plural_form)}"


NUMBER_WORDS = (
    "geen één twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
    "zeventien achttien negentien twintig"
).split()


def spelled(n: float, singular: str, plural_form: str | None = None) -> str:
    """A count as running text writes it: 'geen actie', 'één punt', 'drie tabellen', '23 acties' (numbers
    up to twenty in words; zero as 'geen' with the singular)."""
    if n == int(n) and 0 <= n < len(NUMBER_WORDS):
        noun = singular if n in (0, 1) else plural(n, singular, plural_form)
        return f"{NUMBER_WORDS[int(n)]} {noun}"
    return count(n, singular, plural_form)


def counts_sentence(parts, *, verb: str = "horen", subject: str = "Bij dit onderwerp") -> Words:
    """Counts as a sentence that names what there is and says in one clause what there is not:
    [(1, 'punt', 'uit het advies'), (0, 'actie', 'uit het sectorplan'), (3, 'tabel', 'uit de raadpleging')]
    -> 'Bij dit onderwerp horen één punt uit het advies en drie tabellen uit de raadpleging, maar geen actie
    uit het sectorplan.' Each part is (n, singular, where) or (n, singular, where, plural form)."""
    some = [f"{spelled(p[0], p[1], *p[3:])} {p[2]}" for p in parts if p[0]]
    none = [f"{spelled(0, p[1])} {p[2]}" for p in parts if not p[0]]
    if not some:
        return Words(f"{subject} {verb} nog {join(none, 'of')}.")
    verb = verb if sum(p[0] for p in parts) != 1 else {"horen": "hoort"}.get(verb, verb)
    out = f"{subject} {verb} {join(some)}"
    return Words(out + (f", maar {join(none)}." if none else "."))


def join(items, conj: str = "en") -> str:
    """A Dutch list: 'a', 'a en b', 'a, b en c' (no comma before 'en')."""
    items = [str(i) for i in items if str(i)]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


SEASONS = {
    12: "winter",
    1: "winter",
    2: "winter",
    3: "voorjaar",
    4: "voorjaar",
    5: "voorjaar",
    6: "zomer",
    7: "zomer",
    8: "zomer",
    9: "najaar",
    10: "najaar",
    11: "najaar",
}


def survey_name(edition: int, fieldwork=None, *, first: bool = True) -> Words:
    """The one name of a raadpleging: on first mention 'de raadpleging van 2025 (veldwerk zomer 2024)'
    (``fieldwork``: the date its fieldwork started, or None), after that 'de raadpleging'."""
    if not first:
        return Words("de raadpleging")
    when = f" (veldwerk {SEASONS[fieldwork.month]} {fieldwork.year})" if fieldwork is not None else ""
    return Words(f"de raadpleging van {edition}{when}")


def first_mention(full: str, short: str):
    """A name that reads in full the first time it is asked for and short after that:
    ``name = first_mention(survey_name(2025, d), survey_name(2025, first=False)); next(name)``."""
    yield full
    while True:
        yield short


# Landmarks of the quantity words, in percent. A share within EXACT points of a landmark gets the bare
# word ("de helft" for 49-51), within NEAR points "bijna" (below) or "ruim" (above). The landmarks are
# at most 10 points apart, so every share from SMALL to LARGE has a word; halfway between two landmarks
# the simpler one (fewer words) wins, then the upper one: "bijna de helft" for 45, "ruim de helft" for 55
# (not "bijna drie op de vijf"), "bijna een vijfde" for 15.
LANDMARKS = [
    (10.0, "een tiende"),
    (20.0, "een vijfde"),
    (25.0, "een kwart"),
    (100 / 3, "een derde"),
    (40.0, "twee op de vijf"),
    (50.0, "de helft"),
    (60.0, "drie op de vijf"),
    (200 / 3, "twee derde"),
    (75.0, "drie kwart"),
    (80.0, "vier op de vijf"),
    (90.0, "negen op de tien"),
]
EXACT = 1.0
NEAR = 5.0
SMALL = 8.0  # below this: "een klein deel"
LARGE = 94.0  # from this up to 100: "bijna iedereen"


def share_word(percent: float, bound: str | None = None) -> Words:
    """The quantity word for a share in percent (0-100), lower case: 'bijna de helft' for 48.

    0 -> 'niemand', 100 -> 'iedereen', below 8 -> 'een klein deel', 94-99 -> 'bijna iedereen'.
    With the data's ``bound`` the word keeps the source's meaning: more-than 58 -> 'meer dan de helft'
    (the landmark at or below the number), almost 90 -> 'bijna negen op de tien', about 35 -> 'ongeveer een
    derde', less-than 10 -> 'minder dan een tiende'.
    """
    return Words(_share_word(float(percent), bound))


def _share_word(p: float, bound: str | None) -> str:
    if not 0 <= p <= 100:
        raise ValueError(f"a share is between 0 and 100, got {p!r}")
    if bound:
        return _bounded_word(p, bound)
    if p == 0:
        return "niemand"
    if p == 100:
        return "iedereen"
    if p < SMALL:
        return "een klein deel"
    if p >= LARGE:
        return "bijna iedereen"
    # nearest landmark to the share as the page shows it (a whole percent), so that the word fits the
    # number beside it; on a tie the simpler landmark, then the upper one
    p = float(int(p + 0.5))
    best = min(LANDMARKS, key=lambda lw: (abs(p - lw[0]), len(lw[1].split()), -lw[0]))
    d = p - best[0]
    if abs(d) <= EXACT:
        return best[1]
    if abs(d) > NEAR:  # cannot happen with these landmarks; kept as a guard
        raise ValueError(f"no quantity word for {p!r}")
    return ("bijna " if d < 0 else "ruim ") + best[1]


def share_fits(word: str, percent: float) -> bool:
    """Whether a quantity word fits the share it stands next to, as the site's tests read the pages:
    'bijna', 'ruim' and a bare landmark are the words :func:`share_word` gives for the share (allowing for
    the whole percent the page shows); 'meer dan' and 'minder dan' hold when the share is above or below the
    landmark; 'ongeveer' within NEAR points. 'Bijna drie op de vijf (55%)' does not fit, 'ruim de helft'
    does."""
    w = " ".join(str(word).lower().split())
    marks = {name: v for v, name in LANDMARKS} | {"de meerderheid": 50.0, "driekwart": 75.0}
    p = float(percent)
    for prefix, holds in (
        ("meer dan ", lambda v: p > v),
        ("minder dan ", lambda v: p < v),
        ("ongeveer ", lambda v: abs(p - v) <= NEAR),
    ):
        if w.startswith(prefix) and w[len(prefix) :] in marks:
            return holds(marks[w[len(prefix) :]])
    return w == _share_word(p, None)


def _bounded_word(p: float, bound: str) -> str:
    marks = [(0.0, "niemand")] + LANDMARKS + [(100.0, "iedereen")]
    if bound in ("more-than", "at-least"):
        below = [w for v, w in marks if v <= p + EXACT and v > 0]
        word = "meer dan " if bound == "more-than" else "ten minste "
        return word + (below[-1] if below else "een klein deel")
    if bound == "less-than":
        above = [w for v, w in marks if v >= p - EXACT and v < 100]
        return "minder dan " + (above[0] if above else "iedereen")
    if bound in ("almost", "about"):
        best = min(marks[1:-1], key=lambda lw: (abs(p - lw[0]), -lw[0]))
        return ("bijna " if bound == "almost" else "ongeveer ") + best[1]
    raise ValueError(f"unknown bound {bound!r}")


# Two numbers at most ABOUT_SAME apart are "vrijwel even hoog"; within SLIGHTLY of each other they differ
# "iets"; when the larger is at least MUCH times the smaller they differ "veel"; equal ones are "even hoog".
ABOUT_SAME = 1.0
SLIGHTLY = 5.0
MUCH = 2.0


def degree(
    value: float, reference: float, more: str = "meer", less: str = "minder", same: str = "evenveel"
) -> Words:
    """The comparative for ``value`` against ``reference``, with its degree: ``same`` for equal values,
    'vrijwel ' + ``same`` (at most ABOUT_SAME points apart), 'iets minder' (at most SLIGHTLY points apart),
    'minder', 'veel minder' (the larger at least MUCH times the smaller). Pass the words the sentence
    needs: ('vaker', 'minder vaak', 'even vaak'), ('hoger', 'lager', 'even hoog'). The difference is in
    points of the values themselves (percentage points for shares, mentions for counts)."""
    v, r = float(value), float(reference)
    d = v - r
    if d == 0:
        return Words(same)
    if abs(d) <= ABOUT_SAME:
        return Words("vrijwel " + same)
    word = more if d > 0 else less
    if abs(d) <= SLIGHTLY:
        return Words("iets " + word)
    if min(v, r) <= 0 or max(v, r) / min(v, r) >= MUCH:
        return Words("veel " + word)
    return Words(word)


def comparison(
    value: float, reference: float, more: str = "hoger", less: str = "lager", same: str = "even hoog"
) -> Words:
    """How ``value`` compares with ``reference``, as the words before the reference:
    32 vs 37 -> 'iets lager dan', 25 vs 37 -> 'lager dan', 15 vs 37 -> 'veel lager dan', 37 vs 37 -> 'even
    hoog als', 36.5 vs 37 -> 'vrijwel even hoog als', 40 vs 37 -> 'iets hoger dan'. Degrees and words as in
    :func:`degree`."""
    word = degree(value, reference, more, less, same)
    return Words(word + (" als" if word.endswith(same) else " dan"))


def change(old: float, new: float, *, about_same: float = ABOUT_SAME) -> Words:
    """The verb for a change from ``old`` to ``new``: 'steeg', 'daalde', 'bleef gelijk', or 'bleef vrijwel
    gelijk' when the two differ by at most ``about_same`` (in the values' own points)."""
    d = float(new) - float(old)
    if d == 0:
        return Words("bleef gelijk")
    if abs(d) <= about_same:
        return Words("bleef vrijwel gelijk")
    return Words("steeg" if d > 0 else "daalde")


def share_phrase(percent: float) -> Words:
    """Quantity word and number: 'bijna de helft (48%)'."""
    return Words(f"{share_word(percent)} ({fmt.percent(percent)})")


def capital(text: str) -> str:
    """First letter upper case, for a glued phrase at the start of a sentence (words stay words)."""
    out = text[:1].upper() + text[1:] if text else text
    return Words(out) if isinstance(text, Words) else out


class OrderError(ValueError):
    """A sentence states an order (most often, ahead of, as often as) that the data no longer has."""


def ranking(counts) -> list[tuple[list[str], float]]:
    """Categories grouped by their count, largest first; tied categories share a group in the order given:
    {'lobby': 4, 'netwerk': 4, 'onderzoek': 3} -> [(['lobby', 'netwerk'], 4), (['onderzoek'], 3)]."""
    items = list(counts.items()) if hasattr(counts, "items") else list(counts)
    groups: dict[float, list[str]] = {}
    for name, n in items:
        groups.setdefault(float(n), []).append(str(name))
    return [(names, n) for n, names in sorted(groups.items(), key=lambda kv: -kv[0])]


def most_often(counts, noun: str | None = None, plural_form: str | None = None) -> Words:
    """Every category tied for first, with its count: 'onderzoek (5 acties)', or for a tie 'lobby en
    netwerk, evenveel (elk 4 acties)'. Without ``noun`` the count is left out ('lobby en netwerk,
    evenveel')."""
    groups = ranking(counts)
    if not groups:
        raise OrderError("nothing to rank")
    names, n = groups[0]
    counted = count(n, noun, plural_form) if noun else ""
    if len(names) == 1:
        return Words(f"{names[0]} ({counted})" if noun else names[0])
    return Words(f"{join(names)}, evenveel" + (f" (elk {counted})" if noun else ""))


def check_order(counts, stated, *, ties: bool = False, top: int = 0) -> None:
    """Fail the build when a sentence's order no longer holds: ``stated`` names categories from most to
    least as the prose says them. Each must be strictly ahead of the next (``ties=True``: at least as
    large). ``top=k``: the first ``k`` stated are said to lead together ('A en B staan bovenaan', 'het
    vaakst': ``top=1``): they are one group in any order, and no other category reaches the smallest of
    them (a category tied with the leaders must be named with them).
    Raises :class:`OrderError` naming the category and both counts."""
    values = {str(k): float(v) for k, v in (counts.items() if hasattr(counts, "items") else counts)}
    for name in stated:
        if name not in values:
            raise OrderError(f"{name!r} is not among the categories {sorted(values)}")
    groups = [list(stated[:top])] + [[x] for x in stated[top:]] if top else [[x] for x in stated]
    for a, b in zip(groups, groups[1:], strict=False):
        low = min(a, key=values.__getitem__)
        high = max(b, key=values.__getitem__)
        ok = values[low] >= values[high] if ties else values[low] > values[high]
        if not ok:
            raise OrderError(
                f"the text says {low!r} ({fmt.number(values[low])}) comes before {high!r} "
                f"({fmt.number(values[high])})"
            )
    if top:
        lead = set(stated[:top])
        floor = min(values[x] for x in lead)
        rivals = [k for k, v in values.items() if k not in lead and v >= floor]
        if rivals:
            shown = join([f"{k} ({fmt.number(values[k])})" for k in rivals])
            raise OrderError(
                f"the text puts {join(list(stated[:top]))} on top, but {shown} reaches "
                f"{fmt.number(floor)} as well: name it, or say the order differently"
            )


def check_first(counts, stated: str) -> None:
    """Fail the build when ``stated`` is no longer the category named most often, or when another ties with
    it (then the prose must name both: use :func:`most_often`)."""
    names, n = ranking(counts)[0]
    if names != [stated]:
        raise OrderError(
            f"the text says {stated!r} is named most often, but the first place is {join(names)} "
            f"({fmt.number(n)})"
        )
