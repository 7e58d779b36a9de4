"""Resolve the date an event sentence refers to, relative to publication.

``resolve_date(text, published)`` reads expressions such as "on Tuesday",
"Thursday night", "yesterday", "last week", "in mid-December",
"February 15th", "on February 20", "Monday and Tuesday" or "12-13 March"
and returns a :class:`DateGuess` with an ACLED time precision:
1 = the day, 2 = a week or a few days, 3 = a month or worse.

Weekday names resolve to the most recent such day on or before the
publication date; a day and month without a year take the publication
year, moved back a year when that would be after publication.  With no
expression (or no publication date) the guess falls back to the
publication date and says so in ``note``.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.dates import DAY_NUMBER, MONTH_NAME, MONTHS, ORDINAL, WEEKDAYS, YEAR_NUMBER

_MON = rf"(?P<mon>{MONTH_NAME})\.?"
_DAY = rf"(?P<day>{DAY_NUMBER}){ORDINAL}"
_DAY2 = rf"(?:[-–]|\s+(?:and|to|through)\s+)(?P<day2>{DAY_NUMBER}){ORDINAL}"
_YEAR = rf"(?:,?\s+(?P<year>{YEAR_NUMBER}))?"
_WD = r"(?:" + "|".join(WEEKDAYS) + r")"

#: Patterns in order of precision; the first that matches a sentence wins
#: (within one level, the earliest match).  Each has a ``kind`` the resolver knows.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(rf"\b(?P<year>{YEAR_NUMBER})-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mon_day", re.compile(rf"\b{_MON}\s+{_DAY}(?:{_DAY2})?{_YEAR}\b(?!\s*(?:km|%|,\d))", re.I)),
    ("day_mon", re.compile(rf"\b{_DAY}(?:{_DAY2})?(?:\s+of)?\s+{_MON}{_YEAR}\b", re.I)),
    ("weekdays", re.compile(rf"\b(?P<wd>{_WD})\s+(?:and|to|through|-)\s+(?P<wd2>{_WD})\b", re.I)),
    ("weekday", re.compile(rf"\b(?P<wd>{_WD})(?:'s|’s)?\b", re.I)),
    ("relday", re.compile(r"\b(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night)\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|two|three|four|five|six)\s+days?\s+ago\b", re.I)),
    ("week", re.compile(r"\b(?P<rel>last week|earlier this week|this week|days earlier|a few days ago|days ago|past few days|over the weekend|last weekend)\b", re.I)),
    ("part_month", re.compile(rf"\b(?P<part>early|mid|late|the (?:beginning|start|end|middle) of|end of|beginning of)[\s-]+{_MON}{_YEAR}\b", re.I)),
    ("month", re.compile(rf"\b(?:in|since|during|of|by|throughout)\s+{_MON}{_YEAR}\b", re.I)),
    ("relmonth", re.compile(r"\b(?P<rel>last month|this month|earlier this month|past month)\b", re.I)),
    ("year", re.compile(rf"\b(?:in|since|during)\s+(?P<year>{YEAR_NUMBER})\b", re.I)),
)
_PART_DAY = {"early": 5, "beginning": 3, "start": 3, "mid": 15, "middle": 15, "late": 25, "end": 27}
_NUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True)
class DateGuess:
    """An ISO date (or None), its precision (1 day, 2 week, 3 month+) and how it was found."""

    date: str | None
    precision: int
    note: str = ""
    expression: str = ""
    explicit: bool = False


def parse_iso(value: str | None) -> date | None:
    """``YYYY-MM-DD`` (or a longer ISO string) as a date; None if absent or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve_date(text: str, published: str | None) -> DateGuess:
    """The date ``text`` refers to, resolved against ``published`` (ISO or None).

    Returns a :class:`DateGuess`; ``explicit`` is True when ``text`` states
    a date, False for the publication-date fallback.
    """
    base = parse_iso(published)
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            guess = _resolve(kind, m, base)
            if guess is not None:
                return guess
    if base is None:
        return DateGuess(None, 3, "no date in text and no publication date")
    return DateGuess(base.isoformat(), 3, "date not stated; publication date used")


def _resolve(kind: str, m: re.Match[str], base: date | None) -> DateGuess | None:
    """One match as a guess, or None when it cannot be resolved."""
    expr = m.group(0)
    handler = _HANDLERS[kind]
    try:
        value = handler(m, base)
    except (ValueError, KeyError):
        return None
    if value is None:
        return None
    day, precision = value
    return DateGuess(day.isoformat(), precision, f"date from '{expr.strip()}'", expr, True)


def _year_for(month: int, day: int, base: date | None, year: str | None, by_month: bool = False) -> date:
    """The date with an explicit year, else the latest one not after ``base``.

    With ``by_month`` (expressions such as "end of February") the month of
    publication itself still counts as not after ``base``.
    """
    if year:
        return date(int(year), month, day)
    if base is None:
        raise ValueError("no year")
    value = date(base.year, month, day)
    if value <= base + timedelta(days=1) or (by_month and month == base.month):
        return value
    return date(base.year - 1, month, day)


def _h_iso(m: re.Match[str], base: date | None) -> tuple[date, int]:
    return date(int(m["year"]), int(m["m"]), int(m["day"])), 1


def _h_day_month(m: re.Match[str], base: date | None) -> tuple[date, int]:
    value = _year_for(MONTHS[m["mon"].lower()], int(m["day"]), base, m["year"])
    return value, 2 if m["day2"] else 1


def _weekday_before(name: str, base: date | None) -> date:
    if base is None:
        raise ValueError("weekday needs a publication date")
    return base - timedelta(days=(base.weekday() - WEEKDAYS[name.lower()]) % 7)


def _h_weekday(m: re.Match[str], base: date | None) -> tuple[date, int]:
    return _weekday_before(m["wd"], base), 1


def _h_weekdays(m: re.Match[str], base: date | None) -> tuple[date, int]:
    first, second = _weekday_before(m["wd"], base), _weekday_before(m["wd2"], base)
    return min(first, second), 2


def _h_relday(m: re.Match[str], base: date | None) -> tuple[date, int]:
    if base is None:
        raise ValueError("relative day needs a publication date")
    back = 1 if m["rel"].lower() in ("yesterday", "last night") else 0
    return base - timedelta(days=back), 1


def _h_ago(m: re.Match[str], base: date | None) -> tuple[date, int]:
    if base is None:
        raise ValueError("relative day needs a publication date")
    n = _NUM.get(m["n"].lower()) or int(m["n"])
    return base - timedelta(days=n), 1


def _h_week(m: re.Match[str], base: date | None) -> tuple[date, int]:
    if base is None:
        raise ValueError("relative week needs a publication date")
    rel = m["rel"].lower()
    back = 7 if rel.startswith("last") else 3 if ("days" in rel or "weekend" in rel) else 2
    return base - timedelta(days=back), 2


def _h_part_month(m: re.Match[str], base: date | None) -> tuple[date, int]:
    part = m["part"].lower().split()[-2] if " " in m["part"] else m["part"].lower()
    part = next((k for k in _PART_DAY if k in m["part"].lower()), part)
    month = MONTHS[m["mon"].lower()]
    day = min(_PART_DAY[part], calendar.monthrange(int(m["year"] or (base.year if base else 2000)), month)[1])
    return _year_for(month, day, base, m["year"], by_month=True), 2


def _h_month(m: re.Match[str], base: date | None) -> tuple[date, int]:
    return _year_for(MONTHS[m["mon"].lower()], 1, base, m["year"], by_month=True), 3


def _h_relmonth(m: re.Match[str], base: date | None) -> tuple[date, int]:
    if base is None:
        raise ValueError("relative month needs a publication date")
    if m["rel"].lower() == "last month":
        prev = base.replace(day=1) - timedelta(days=1)
        return prev.replace(day=1), 3
    return base.replace(day=1), 3


def _h_year(m: re.Match[str], base: date | None) -> tuple[date, int] | None:
    year = int(m["year"])
    if base is not None and year == base.year:
        return None  # "in 2020" adds nothing to the publication date
    return date(year, 1, 1), 3


_HANDLERS = {
    "iso": _h_iso, "mon_day": _h_day_month, "day_mon": _h_day_month, "weekdays": _h_weekdays,
    "weekday": _h_weekday, "relday": _h_relday, "ago": _h_ago, "week": _h_week,
    "part_month": _h_part_month, "month": _h_month, "relmonth": _h_relmonth, "year": _h_year,
}
