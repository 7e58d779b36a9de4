"""Sentence spans for quoting: a small rule-based splitter that others reuse.

``split_sentences(text)`` returns ``(start, end)`` character spans into
``text`` (whitespace trimmed) so that ``text[start:end]`` is one sentence.
Newlines are hard breaks (news bodies put one paragraph on a line).  Inside
a line a sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or
brackets) followed by whitespace and a plausible sentence start, unless the
word before the full stop is an abbreviation ("Mr.", "Feb.", "U.S.", "J.").
"""
from __future__ import annotations

import re
from bisect import bisect_right

#: Words that take a full stop without ending a sentence (lower case, no dot).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt maj capt cpt sgt cpl adm cmdr brig gov sen rep
    pres sec amb rev fr sr jr st mt ft no nos vol pp para fig approx est dept
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun
    e.g i.e cf vs etc al inc ltd co corp bros km kg
    """.split()
)

_LINE = re.compile(r"[^\n]+")
# A candidate end: terminal punctuation, optional closing quotes/brackets, then space.
_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NEXT_START = re.compile(r"\s+([\"'“‘«(\[]*)(\S)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans.

    Takes any text; returns sorted, non-overlapping ``(start, end)`` spans
    covering every non-blank stretch of ``text``, each trimmed of whitespace.
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        spans.extend(_split_line(text, line.start(), line.end()))
    return spans


def sentence_at(text: str, offset: int, spans: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The span of the sentence containing ``offset`` (or the nearest one before it).

    Returns ``(offset, offset)`` when ``text`` has no sentences.
    """
    spans = spans if spans is not None else split_sentences(text)
    k = bisect_right(spans, offset, key=lambda span: span[0])  # spans[:k] start at or before offset
    for start, end in spans[max(k - 2, 0):k]:
        if offset <= end:
            return (start, end)
    return spans[k - 1] if k else (offset, offset)


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of one line ``text[start:end]``."""
    out: list[tuple[int, int]] = []
    line = text[start:end]
    cur = 0
    for m in _END.finditer(line):
        if not _is_boundary(line, m.start(), m.end()):
            continue
        _append(out, text, start + cur, start + m.end())
        cur = m.end()
    _append(out, text, start + cur, end)
    return out


def _is_boundary(line: str, punct_at: int, after: int) -> bool:
    """Whether the punctuation at ``punct_at`` ends a sentence."""
    nxt = _NEXT_START.match(line, after)
    if not nxt:
        return False
    first = nxt.group(2)
    if first.islower():
        return False
    if line[punct_at] != "." or line[punct_at:after].startswith(".."):
        return True
    word = _WORD_BEFORE.search(line[:punct_at])
    if not word:
        return True
    token = word.group(1).rstrip(".")
    if token.lower() in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "J. Smith"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        return False  # a dotted acronym: "U.S." "U.N."
    return True


def _append(out: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append ``text[start:end]`` trimmed of whitespace, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
