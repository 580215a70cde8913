from swic import fmt


def test_thousands_dot_and_decimal_comma():
    assert fmt.number(1191) == "1.191"
    assert fmt.number(64800) == "64.800"
    assert fmt.number(6.4, 1) == "6,4"
    assert fmt.number(1234567.891, 2) == "1.234.567,89"


def test_auto_and_percent():
    assert fmt.auto(31.0) == "31"
    assert fmt.auto(6.4) == "6,4"
    assert fmt.percent(31) == "31%"
    assert fmt.percent(6.4) == "6,4%"
    assert fmt.percent(float("nan")) == "n.b."


def test_glued_dutch_numbers_survive_myst_nb():
    """{glue:text} literal-evaluates text/plain; a glued str must come back unchanged (64.800, not 64.8)."""
    from myst_nb.core.variables import format_plain_text

    for value in (fmt.number(64800), fmt.number(1191), fmt.percent(6.4), "1.191"):
        assert format_plain_text(repr(value), "s") == value
