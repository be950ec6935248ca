"""Event dates resolve against the article date with the granularity the text supports."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from eventwire.dates import find_expressions, resolve_expression

REF = date(2013, 7, 6)  # a Saturday


@pytest.mark.parametrize("text,value,gran", [
    ("on Saturday", "2013-07-06", "day"),
    ("on Monday", "2013-07-01", "day"),
    ("in April", "2013-04", "month"),
    ("in September", "2012-09", "month"),
    ("last month", "2013-06", "month"),
    ("earlier this year", "2013", "year"),
    ("last year", "2012", "year"),
    ("on March 3", "2013-03-03", "day"),
    ("on 3 March", "2013-03-03", "day"),
    ("March 3, 2009", "2009-03-03", "day"),
    ("in 1998", "1998", "year"),
    ("yesterday", "2013-07-05", "day"),
    ("two weeks ago", "2013-06-22", "day"),
    ("in February 2011", "2011-02", "month"),
    ("in early 2012", "2012", "year"),
    ("late 2009", "2009", "year"),
    ("in mid-2010", "2010", "year"),
    ("earlier in the year", "2013", "year"),
    ("earlier in the month", "2013-07", "month"),
    ("at the weekend", "2013-07-06", "day"),       # said on a Saturday: today
    ("last weekend", "2013-06-29", "day"),         # ... so last weekend is the one before
    ("last summer", "2012", "year"),               # July: this summer is not over
    ("last spring", "2013", "year"),
    ("in the spring", "2013", "year"),
    ("in the autumn", "2012", "year"),
    ("in the summer of 2004", "2004", "year"),
    ("last winter", "2013", "year"),               # dated by its January
    ("in the 1990s", "1990", "decade"),            # a decade, dated by its first year
    ("since the late 1980s", "1980", "decade"),
    ("during the 2000s", "2000", "decade"),
])
def test_past_expressions(text, value, gran):
    (s, e, kind), = find_expressions(text)
    d = resolve_expression(text[s:e], kind, REF)
    assert (d.value, d.granularity) == (value, gran)
    assert d.expression


@pytest.mark.parametrize("text,value", [
    ("on Monday", "2013-07-08"),
    ("next week", "2013-07-13"),
    ("in September", "2013-09"),
    ("next month", "2013-08"),
    ("next weekend", "2013-07-06"),
    ("next summer", "2014"),
    ("in the autumn", "2013"),
])
def test_future_expressions(text, value):
    (s, e, kind), = find_expressions(text)
    assert resolve_expression(text[s:e], kind, REF, future=True).value == value


def test_year_boundary():
    (s, e, kind), = find_expressions("in December")
    assert resolve_expression("in December", kind, date(2014, 1, 10)).value == "2013-12"
    (s, e, kind), = find_expressions("last month")
    assert resolve_expression("last month", kind, date(2014, 1, 10)).value == "2013-12"


@given(st.text(max_size=200))
def test_never_crashes(text):
    for s, e, kind in find_expressions(text):
        resolve_expression(text[s:e], kind, REF)


def test_weekend_read_on_a_weekday_is_the_saturday_before():
    (s, e, kind), = find_expressions("over the weekend")
    assert resolve_expression("over the weekend", kind, date(2019, 6, 12)).value == "2019-06-08"


def test_a_word_that_is_only_a_season_sometimes_is_not_a_date():
    assert find_expressions("the fall of Kabul") == ()
    assert find_expressions("the late 1990s") == ()


def test_shifted_moves_a_day_but_not_a_coarser_date():
    from eventwire.dates import number_word, shifted
    from eventwire.models import EventDate

    assert shifted(EventDate("2024-03-01", "day", "on Friday"), -2, "two days after").value == \
        "2024-02-28"
    assert shifted(EventDate("2024-03", "month", "in March"), -1, "a day after").value == "2024-03"
    assert (number_word("a"), number_word("two"), number_word("10"), number_word("few")) == \
        (1, 2, 10, None)
