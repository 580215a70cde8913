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
