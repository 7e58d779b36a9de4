"""Relative and absolute dates resolved against the publication date."""
import pytest

from geo.extract.dates import resolve_date

PUBLISHED = "2020-02-20"  # a Thursday


@pytest.mark.parametrize(
    "text, expected, precision",
    [
        ("Troops attacked the town on Tuesday.", "2020-02-18", 1),
        ("Shelling continued Thursday night.", "2020-02-20", 1),  # same weekday as publication
        ("The convoy arrived on Friday.", "2020-02-14", 1),  # the most recent Friday before
        ("Rebels withdrew yesterday.", "2020-02-19", 1),
        ("Fighting flared last week.", "2020-02-13", 2),
        ("The offensive began in mid-December.", "2019-12-15", 2),
        ("The ministers met on February 15th.", "2020-02-15", 1),
        ("The attack happened on February 20.", "2020-02-20", 1),
        ("Delegations met Monday and Tuesday.", "2020-02-17", 2),
        ("Ministers met on 12-13 February.", "2020-02-12", 2),
        ("The siege started on 3 March 2019.", "2019-03-03", 1),
        ("They must withdraw by the end of February.", "2020-02-27", 2),
        ("The deal was signed in September 2018.", "2018-09-01", 3),
        ("Jets downed a plane in 2015.", "2015-01-01", 3),
    ],
)
def test_resolves_expressions(text, expected, precision):
    guess = resolve_date(text, PUBLISHED)
    assert (guess.date, guess.precision) == (expected, precision)
    assert guess.explicit


def test_day_month_after_publication_is_last_year():
    assert resolve_date("Talks were held on December 30.", PUBLISHED).date == "2019-12-30"


def test_falls_back_to_publication_date_and_says_so():
    guess = resolve_date("Troops shelled the village.", PUBLISHED)
    assert guess.date == PUBLISHED and guess.precision == 3 and not guess.explicit
    assert "publication date" in guess.note


def test_no_publication_date_and_relative_expression():
    guess = resolve_date("Troops shelled the village on Tuesday.", None)
    assert guess.date is None and guess.precision == 3
    assert resolve_date("on March 3, 2021", None).date == "2021-03-03"


def test_more_precise_expression_wins_over_earlier_year():
    guess = resolve_date("In 2019, the leaders met twice - once on January 7th in Istanbul.", PUBLISHED)
    assert guess.date == "2020-01-07"
