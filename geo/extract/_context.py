"""Shared helpers for extraction: sentences with paragraphs, quotes, ids, place ranks.

Private to :mod:`geo.extract`; events and claims both read a document as a
list of :class:`Sentence` (span, text, paragraph number).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from geo.extract.lexicon import taxonomy
from geo.records import Mention, Place
from geo.sentences import split_sentences

OPEN_QUOTES = "“«„‘"
CLOSE_QUOTES = "”»’"
QUOTE_CHARS = OPEN_QUOTES + CLOSE_QUOTES + '"'


@dataclass(frozen=True)
class Sentence:
    """One sentence of a body: offsets, text, and the number of its paragraph (line)."""

    start: int
    end: int
    text: str
    paragraph: int


def sentences(body: str) -> list[Sentence]:
    """The sentences of ``body`` with the number of the non-blank line (paragraph) each lies on."""
    line_starts = [m.start() for m in re.finditer(r"^[ \t]*\S", body, re.M)]
    out, para = [], -1
    for start, end in split_sentences(body):
        while para + 1 < len(line_starts) and line_starts[para + 1] <= start:
            para += 1
        out.append(Sentence(start, end, body[start:end], para))
    return out


def stable_id(prefix: str, *parts: object) -> str:
    """A short deterministic id from ``parts``."""
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


def is_headline(text: str) -> bool:
    """A title-case line ("Russia And Turkey Remain At Impasse") rather than prose."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    if len(words) < 3 or len(words) > 16:
        return False
    minor = {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by", "with", "over", "from", "as"}
    content = [w for w in words if w.lower() not in minor]
    capital = sum(1 for w in content if w[0].isupper())
    return len(content) >= 3 and capital / len(content) >= 0.8


def blank_deadlines(text: str) -> str:
    """``text`` with time limits ("by the end of February") blanked, keeping offsets.

    A deadline says when something must happen, not when the reported
    event or statement happened, so it must not date either.
    """
    rx = taxonomy().deadline
    return rx.sub(lambda m: " " * len(m.group(0)), text) if rx else text


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted stretches (inside the marks) in ``text``.

    Curly quotes pair open/close; straight double quotes pair in order.  An
    unclosed quote runs to the end of ``text``.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if open_at is None and (ch in "“«„" or ch == '"'):
            open_at = i + 1
        elif open_at is not None and (ch in "”»" or ch == '"'):
            if i > open_at:
                spans.append((open_at, i))
            open_at = None
    if open_at is not None and len(text) - open_at > 1:
        spans.append((open_at, len(text)))
    return spans


def starts_with_quote(text: str) -> bool:
    """Whether ``text`` opens with a quotation mark."""
    return text.lstrip()[:1] in ('"', "“", "«", "„", "'", "‘")


def mentions_in(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """Mentions lying inside ``[start, end)``."""
    return [m for m in mentions if m.start >= start and m.end <= end]


def place_tier(place: Place) -> int:
    """How specific a place is: 0 site, 1 town/road/hill, 2 district, 3 province/region, 4 country."""
    fc, code = place.feature_class, place.feature_code
    if code.startswith("PCL") or code in ("CONT", "TERR") or fc == "H":
        return 4
    if code in ("ADM1", "ADM1H", "RGN", "RGNE", "ZN") or fc == "L":
        return 3
    if code.startswith("ADM") or code == "ADMD":
        return 2
    if fc == "S":
        return 0
    return 1


def is_road(place: Place) -> bool:
    """Roads and highways (lines rather than points)."""
    return place.feature_code in ("RD", "RDJCT", "TRL", "RDA", "HWY") or place.feature_class == "R"
