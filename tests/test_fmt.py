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


def test_plain_has_no_quotes_in_repr():
    assert repr(fmt.Plain("1.191")) == "1.191"
