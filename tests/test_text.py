"""Dutch text from data: plurals, lists and quantity words, with their boundaries."""

from __future__ import annotations

import pytest

from swic import text


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [
        (1, "punt", "1 punt"),
        (2, "punt", "2 punten"),
        (0, "actie", "0 acties"),
        (1, "actie", "1 actie"),
        (18, "actie", "18 acties"),
        (9, "advies", "9 adviezen"),
        (5, "thema", "5 thema's"),
        (1, "onderdeel", "1 onderdeel"),
        (3, "onderdeel", "3 onderdelen"),
        (1191, "deelnemer", "1.191 deelnemers"),
    ],
)
def test_count_uses_the_right_plural(n, word, expected):
    assert text.count(n, word) == expected


def test_an_unknown_noun_fails_instead_of_guessing_a_plural():
    with pytest.raises(KeyError, match="no plural known"):
        text.count(2, "wijkteam")
    assert text.count(2, "wijkteam", "wijkteams") == "2 wijkteams"


@pytest.mark.parametrize(
    ("items", "expected"),
    [([], ""), (["a"], "a"), (["a", "b"], "a en b"), (["a", "b", "c"], "a, b en c")],
)
def test_join_makes_a_dutch_list(items, expected):
    assert text.join(items) == expected


def test_join_with_of():
    assert text.join(["jeugd", "wonen", "werk"], "of") == "jeugd, wonen of werk"


@pytest.mark.parametrize(
    ("percent", "word"),
    [
        (0, "niemand"),
        (3, "een klein deel"),
        (7.9, "een klein deel"),
        (8, "bijna een tiende"),
        (10, "een tiende"),
        (14, "ruim een tiende"),
        (15, "bijna een vijfde"),  # halfway: the upper landmark
        (25, "een kwart"),
        (26, "een kwart"),
        (27, "ruim een kwart"),
        (30, "bijna een derde"),
        (32, "bijna een derde"),
        (33, "een derde"),
        (34, "een derde"),
        (36, "ruim een derde"),
        (45, "bijna de helft"),
        (48, "bijna de helft"),
        (49, "de helft"),
        (50, "de helft"),
        (51, "de helft"),
        (53, "ruim de helft"),
        (55, "ruim de helft"),  # halfway: the simpler landmark
        (66, "twee derde"),
        (70, "ruim twee derde"),
        (72, "bijna drie kwart"),
        (74, "drie kwart"),
        (85, "bijna negen op de tien"),
        (93, "ruim negen op de tien"),
        (94, "bijna iedereen"),
        (100, "iedereen"),
    ],
)
def test_share_word_boundaries(percent, word):
    assert text.share_word(percent) == word


def test_every_whole_percentage_has_a_word():
    for p in range(0, 101):
        assert text.share_word(p)


def test_share_outside_0_100_fails():
    with pytest.raises(ValueError):
        text.share_word(101)


def test_share_phrase_and_capital():
    assert text.share_phrase(48) == "bijna de helft (48%)"
    assert text.capital(text.share_word(48)) == "Bijna de helft"


@pytest.mark.parametrize(
    ("percent", "bound", "word"),
    [
        (58, "more-than", "meer dan de helft"),
        (50, "more-than", "meer dan de helft"),
        (80, "more-than", "meer dan vier op de vijf"),
        (90, "almost", "bijna negen op de tien"),
        (35, "about", "ongeveer een derde"),
        (10, "less-than", "minder dan een tiende"),
    ],
)
def test_a_bound_keeps_its_meaning_in_the_word(percent, bound, word):
    assert text.share_word(percent, bound) == word


@pytest.mark.parametrize(
    ("value", "reference", "expected"),
    [
        (32, 37, "iets lager dan"),
        (32, 37.0, "iets lager dan"),
        (31.9, 37, "lager dan"),
        (37, 37, "even hoog als"),
        (40, 37, "iets hoger dan"),
        (42.5, 37, "hoger dan"),
        (18, 37, "veel lager dan"),
        (74, 37, "veel hoger dan"),
        (36, 37, "vrijwel even hoog als"),
    ],
)
def test_comparison_word_follows_the_numbers(value, reference, expected):
    assert text.comparison(value, reference) == expected


@pytest.mark.parametrize(
    ("value", "reference", "words", "expected"),
    [
        (10, 12, (), "iets minder"),
        (20, 36, (), "minder"),
        (18, 36, (), "veel minder"),
        (0, 4, (), "iets minder"),
        (12, 13, (), "vrijwel evenveel"),
        (0, 30, (), "veel minder"),
        (36, 36, (), "evenveel"),
        (41, 30, ("vaker", "minder vaak", "even vaak"), "vaker"),
        (30, 30, ("vaker", "minder vaak", "even vaak"), "even vaak"),
        (70, 30, ("vaker", "minder vaak", "even vaak"), "veel vaker"),
    ],
)
def test_degree_names_direction_and_size_of_a_difference(value, reference, words, expected):
    assert text.degree(value, reference, *words) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (40, 51, "steeg"),
        (51, 40, "daalde"),
        (18, 17, "bleef vrijwel gelijk"),
        (17, 17, "bleef gelijk"),
        (17, 19, "steeg"),
    ],
)
def test_change_verb_follows_the_numbers(old, new, expected):
    assert text.change(old, new) == expected


@pytest.mark.parametrize(
    ("word", "percent", "fits"),
    [
        ("bijna drie op de vijf", 55, False),
        ("ruim de helft", 55, True),
        ("bijna de helft", 48, True),
        ("bijna de helft", 52, False),
        ("de helft", 50.4, True),
        ("een derde", 40, False),
        ("meer dan de helft", 58, True),
        ("meer dan de helft", 45, False),
        ("minder dan een tiende", 7, True),
        ("bijna iedereen", 80, False),
    ],
)
def test_share_fits_checks_a_word_against_its_number(word, percent, fits):
    assert text.share_fits(word, percent) is fits


def test_every_share_word_fits_its_own_number():
    for tenth in range(0, 1001):
        p = tenth / 10
        assert text.share_fits(text.share_word(p), p), p


def test_ranking_names_every_category_tied_for_first():
    counts = {"lobby": 4, "netwerk": 4, "onderzoek": 3}
    assert text.ranking(counts) == [(["lobby", "netwerk"], 4.0), (["onderzoek"], 3.0)]
    assert text.most_often(counts, "actie") == "lobby en netwerk, evenveel (elk 4 acties)"
    assert text.most_often({"onderzoek": 5, "lobby": 4}, "actie") == "onderzoek (5 acties)"
    assert text.most_often(counts) == "lobby en netwerk, evenveel"


def test_a_stated_order_that_no_longer_holds_fails():
    counts = {"lobby": 4, "netwerk": 4, "onderzoek": 3}
    text.check_order(counts, ["netwerk", "onderzoek"])
    with pytest.raises(text.OrderError, match="comes before"):
        text.check_order(counts, ["lobby", "netwerk"])
    text.check_order(counts, ["lobby", "netwerk"], ties=True)
    with pytest.raises(text.OrderError, match="first place is lobby en netwerk"):
        text.check_first(counts, "lobby")
    with pytest.raises(text.OrderError, match="not among"):
        text.check_order(counts, ["training"])


def test_the_survey_has_one_name_from_its_data():
    import datetime

    from swic import data

    start = data.fieldwork_start(2025)
    assert start == datetime.date(2024, 7, 9)
    assert text.survey_name(2025, start) == "de raadpleging van 2025 (veldwerk zomer 2024)"
    assert (
        text.survey_name(2025, datetime.date(2024, 10, 1)) == "de raadpleging van 2025 (veldwerk najaar 2024)"
    )
    assert text.survey_name(2025, start, first=False) == "de raadpleging"
    assert text.survey_name(2030, None) == "de raadpleging van 2030"
    assert data.fieldwork_start(2020) is None  # the timeline has no fieldwork date for 2020
    name = text.first_mention(text.survey_name(2025, start), text.survey_name(2025, first=False))
    assert [next(name) for _ in range(3)] == [
        "de raadpleging van 2025 (veldwerk zomer 2024)",
        "de raadpleging",
        "de raadpleging",
    ]
