"""Detect an article's title, outlet, author, publication date and language.

Every rule is a general pattern of news pages ("By X", "Posted on <date>",
"<Outlet>, <date>", "(c) <Outlet>", "Also on <domain>", a headline printed
twice); none knows a particular site.  Only the table ``data/outlets.csv``
(domain,name) knows sites: it turns a detected domain into the outlet's own
name ("rt.com" -> "RT"); unknown domains stay as the domain.  Dates are never taken from "today":
a stated date has day precision, otherwise the latest date the text
mentions is used with lower precision and the source says so.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from geo import dates
from geo.clean import NAME, classify, unmark
from geo.paths import DATA

OUTLETS_CSV = DATA / "outlets.csv"

_HEADER_LINES = 15
_NAME = r"[A-Z][\w.&'’-]*(?:[ \t]+(?:of|the|al|de|[A-Z][\w.&'’-]*)){0,3}"
_AUTHOR = re.compile(
    r"^(?i:by|posted by|written by|reporting by|articles? by|author)\s*:?\s+"
    rf"((?:{NAME})(?:(?:,\s*|\s+and\s+)(?:{NAME}))*?)(?=\s*(?:$|[,|(;]|(?i:posted|published|updated|on|in)\s|\d))"
)
_STATED = re.compile(r"\b(?:posted|published|updated|date)\b", re.I)
_OUTLET_PATTERNS = (
    re.compile(rf"(?i:\bthe original source of this article is)[ \t]+(?:the[ \t]+)?({_NAME})"),
    re.compile(rf"^({_NAME}),[ \t]+(?=(?i:{dates.FULL_DATE.pattern}))", re.M),
    re.compile(rf"^[A-Z][A-Z .'-]+,.{{0,40}}?\(({_NAME})\)\s*[-–—]", re.M),
    re.compile(
        rf"(?:©|\([cC]\)|(?i:copyright))[ \t]*(?:©[ \t]*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?[ \t]*)?"
        rf"(?:by[ \t]+)?({_NAME})"
    ),
    re.compile(
        r"\b(?:also on|more on|read more (?:on|at)|originally (?:published|appeared) (?:on|at|in|by)"
        r"|first (?:published|appeared) (?:on|at|in|by))[ \t]+(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})\b",
        re.I,
    ),
)
#: A closing source line: "Source: Al Jazeera and news agencies".
_SOURCE_LINE = re.compile(rf"^(?i:source):[ \t]+({_NAME})(?:[ \t]+and[ \t]+(?i:news )?agencies)?[ \t.]*$")
_STOP_WORDS = frozenset(
    "the of and to in a is that for on with as by was were are said it from at his her this have has be not "
    "which an they their will would been had but who its after over also more than".split()
)


@dataclass(frozen=True)
class DateInfo:
    """A publication date (ISO) with its ACLED time precision, source and any warning."""

    published: str | None
    precision: int
    source: str
    warning: str | None = None


def detect_title(text: str) -> str | None:
    """The headline: the first Markdown heading, a line printed twice near the top, or the first short line."""
    raw = [ln.strip() for ln in text.splitlines() if ln.strip()]
    head = raw[:_HEADER_LINES]
    for line in head:
        if re.match(r"^#{1,3}\s+\S", line):
            return unmark(line)
    plains = [unmark(ln) for ln in head]
    counts = Counter(plains)
    for line, plain in zip(head, plains):
        if counts[plain] > 1 and _could_be_title(line, plain):
            return plain
    for line, plain in zip(head, plains):
        if _could_be_title(line, plain) and not plain.endswith("."):
            return plain
    return None


def _could_be_title(raw: str, plain: str) -> bool:
    words = plain.split()
    return 3 <= len(words) <= 25 and classify(raw) is None and not plain.endswith(":")


def detect_author(text: str) -> str | None:
    """The byline's name ("By X", "Posted by X", "Articles by: X"), or None."""
    lines = [unmark(ln.strip()) for ln in text.splitlines() if ln.strip()]
    for line in lines[:_HEADER_LINES] + lines[-_HEADER_LINES:]:
        m = _AUTHOR.match(line)
        if m and len(line.split()) <= 14:
            name = m.group(1).strip(" .,")
            if name and name[0].isupper():
                return name
    return None


def detect_outlet(text: str) -> str | None:
    """The publisher as the text states it, or a masthead name the page repeats; else None."""
    plain = "\n".join(unmark(ln.strip()) for ln in text.splitlines())
    for pattern in _OUTLET_PATTERNS:
        m = pattern.search(plain)
        if m:
            name = m.group(1).strip(" .,")
            if name and not (len(name) > 4 and name.isupper()):
                return outlet_name(name) if "." in name and " " not in name else name
    for line in [ln for ln in plain.splitlines() if ln.strip()][-8:]:
        m = _SOURCE_LINE.match(line.strip())
        if m:
            return m.group(1).strip(" .,")
    return _masthead(plain)


@lru_cache(maxsize=1)
def _outlet_table() -> dict[str, str]:
    """Domain -> outlet name from ``data/outlets.csv`` (empty when the file is missing)."""
    if not OUTLETS_CSV.exists():
        return {}
    with open(OUTLETS_CSV, encoding="utf-8", newline="") as fh:
        return {row["domain"].strip().lower(): row["name"].strip() for row in csv.DictReader(fh) if row.get("domain")}


def outlet_name(domain: str) -> str:
    """The outlet's own name for a web domain ("rt.com" -> "RT", "www.bbc.co.uk" -> "BBC").

    Subdomains fall back to their parent ("edition.cnn.com" -> "CNN"); an
    unknown domain is returned lower-cased without "www.".
    """
    host = domain.strip().lower().removeprefix("www.")
    labels = host.split(".")
    table = _outlet_table()
    for k in range(max(1, len(labels) - 1)):
        name = table.get(".".join(labels[k:]))
        if name:
            return name
    return host


def _masthead(plain: str) -> str | None:
    """A short name on the first line that the page repeats elsewhere (site name, "X Staff")."""
    lines = [ln.strip() for ln in plain.splitlines() if ln.strip()]
    if not lines:
        return None
    first = lines[0]
    words = first.split()
    if not 1 <= len(words) <= 3 or not all(w[0].isupper() and w.isalpha() for w in words):
        return None
    rest = "\n".join(lines[1:])
    return first if re.search(rf"\b{re.escape(first)}\b", rest) else None


def detect_date(text: str, body: str) -> DateInfo:
    """The publication date: stated in the header, else inferred from the body with lower precision.

    Takes the document text and the cleaned body; returns a ``DateInfo``.
    """
    stated = _stated_date(text)
    if stated:
        return DateInfo(stated.isoformat(), 1, "text")
    found = dates.full_dates(body)
    if found:
        latest = max(f.value for f in found)
        return DateInfo(latest.isoformat(), 2, "inferred: latest date in text")
    years = [int(y) for y in dates.YEAR.findall(body)]
    if years:
        partial = dates.day_months(body, max(years))
        if partial:
            latest = max(f.value for f in partial)
            return DateInfo(latest.isoformat(), 2, "inferred: latest day and month in text, year from text")
    months = dates.month_years(body)
    if months:
        latest = max(f.value for f in months)
        return DateInfo(latest.isoformat(), 3, "inferred: latest month in text")
    return DateInfo(None, 3, "none", "no publication date found: events have no date")


def _stated_date(text: str):
    """The first full date on a byline or dateline line near the top, if any."""
    lines = [unmark(ln.strip()) for ln in text.splitlines() if ln.strip()]
    for line in lines[:_HEADER_LINES]:
        if classify(line) in ("byline", "dateline") or _STATED.search(line) and len(line.split()) <= 14:
            found = dates.full_dates(line)
            if found:
                return found[0].value
    return None


def guess_language(text: str) -> tuple[str, str | None]:
    """A cheap language guess: ("en", None), or ("und-<Script>", warning) for other text."""
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    if tokens:
        share = sum(t in _STOP_WORDS for t in tokens) / len(tokens)
        if share >= 0.12:
            return "en", None
    script = _main_script(text)
    return f"und-{script}", "not English: places still parsed, events/claims rules are English-only"


def _main_script(text: str) -> str:
    """The writing system most letters of ``text`` use (ISO 15924 style), or "Zyyy"."""
    names = {"LATIN": "Latn", "ARABIC": "Arab", "CYRILLIC": "Cyrl", "HEBREW": "Hebr", "GREEK": "Grek",
             "CJK": "Hani", "HANGUL": "Hang", "HIRAGANA": "Jpan", "KATAKANA": "Jpan", "DEVANAGARI": "Deva",
             "THAI": "Thai", "ARMENIAN": "Armn", "GEORGIAN": "Geor"}
    counts: Counter[str] = Counter()
    for ch in text[:20000]:
        if ch.isalpha():
            word = unicodedata.name(ch, "").split(" ")[0]
            counts[names.get(word, "Zyyy")] += 1
    return counts.most_common(1)[0][0] if counts else "Zyyy"
