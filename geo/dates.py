"""Find and parse dates written in English news text.

Regular expressions find candidate date strings (so nothing is ever read
from "today"); dateparser turns a candidate into a date with settings that
require the parts the candidate claims to have.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

# -- the vocabulary of dates in English, shared with geo/extract/dates.py --------------------------

#: Month names and abbreviations, lower case -> month number ("sept" too).
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
#: Weekday names, lower case -> Monday = 0.
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
#: Patterns without groups: a month name (longest first), a day of the month, its ordinal suffix, a year.
MONTH_NAME = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])"
ORDINAL = r"(?:st|nd|rd|th)?"
YEAR_NUMBER = r"(?:19|20)\d{2}"

_MONTH = rf"(?:{MONTH_NAME})\.?"
_DAY = DAY_NUMBER + ORDINAL
_YEAR = YEAR_NUMBER

#: Full dates: ISO, "21 Feb, 2020", "20 February 2020", "February 21st, 2020".
FULL_DATE = re.compile(
    rf"\b(?:{_YEAR}-[01]\d-[0-3]\d"
    rf"|{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}"
    rf"|{_MONTH}\s+{_DAY},?\s+{_YEAR})\b",
    re.I,
)
#: Day and month without a year: "February 17th", "on 15 March".
DAY_MONTH = re.compile(rf"\b(?:{_DAY}(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+{_DAY})\b(?!,?\s+{_YEAR})(?!\d)", re.I)
#: Month and year: "November 2019".
MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I)
YEAR = re.compile(rf"\b{_YEAR}\b")
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|gmt|utc|[+-]\d{2}:?\d{2}))?\b", re.I)

_SETTINGS_DAY = {
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}
_SETTINGS_MONTH = {
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "REQUIRE_PARTS": ["month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
}


@dataclass(frozen=True)
class Found:
    """A date found in text: where, what it says, and how exact it is."""

    start: int
    end: int
    text: str
    value: date
    precision: int  # 1 day, 3 month


@lru_cache(maxsize=4096)
def parse_day(text: str) -> date | None:
    """Parse a day-precision date string; None unless day, month and year are all stated."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?", text.strip())
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    clean = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text, flags=re.I).replace(" of ", " ")
    return _dateparse(clean, "day")


@lru_cache(maxsize=1024)
def parse_month(text: str) -> date | None:
    """Parse a month-and-year string to the first of that month; None if not one."""
    return _dateparse(text, "month")


def _dateparse(text: str, level: str) -> date | None:
    import dateparser

    settings = _SETTINGS_DAY if level == "day" else _SETTINGS_MONTH
    parsed: datetime | None = dateparser.parse(text, languages=["en"], settings=dict(settings))
    if parsed is None:
        return None
    value = parsed.date()
    return value.replace(day=1) if level == "month" else value


def full_dates(text: str) -> list[Found]:
    """Every full (day, month, year) date in ``text``, in order."""
    out = []
    for m in FULL_DATE.finditer(text):
        value = parse_day(m.group(0))
        if value:
            out.append(Found(m.start(), m.end(), m.group(0), value, 1))
    return out


def day_months(text: str, year: int) -> list[Found]:
    """Day-and-month dates without a year, completed with ``year``."""
    out = []
    for m in DAY_MONTH.finditer(text):
        value = parse_day(f"{m.group(0)} {year}")
        if value:
            out.append(Found(m.start(), m.end(), m.group(0), value, 2))
    return out


def month_years(text: str) -> list[Found]:
    """Month-and-year mentions ("November 2019"), each as the first of the month."""
    out = []
    for m in MONTH_YEAR.finditer(text):
        value = parse_month(m.group(0))
        if value:
            out.append(Found(m.start(), m.end(), m.group(0), value, 3))
    return out


def is_dateline(line: str) -> bool:
    """A line that is only a date (and time), possibly after a short outlet or place name."""
    m = FULL_DATE.search(line)
    if not m:
        return False
    rest = _TIME.sub("", line[: m.start()] + " " + line[m.end() :])
    rest = re.sub(r"\b(?:posted|published|updated|on|at|last|modified|date)\b|[\s,:|•·/()-]+", " ", rest, flags=re.I)
    return len(rest.split()) <= 4 and not re.search(r"[.!?]\s*$", line.strip())


def normalise(value: str) -> tuple[str, int] | None:
    """An override date ("2020-02-21", "2020-02", "21 February 2020") as (ISO date, precision)."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}", value):
        month = parse_month(value + "-01")
        return (month.isoformat(), 3) if month else None
    day = parse_day(value)
    if day:
        return day.isoformat(), 1
    month = parse_month(value)
    return (month.isoformat(), 3) if month else None
