"""Property tests: for any Unicode text the matcher and resolver raise nothing and every mention's
offsets index the text (``text[start:end] == mention.text``, ``0 <= start < end <= len(text)``)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.parse import parse_text

NAMES = ["Aleppo", "Idlib", "Saraqib", "İstanbul", "Ankara", "Москва", "إدلب", "وسراقب", "Ariha", "M5",
         "Moscow, Idaho", "Idlib province", "Turkish", "ǅemal", "ﬁsh", "ß", "İ", "Σ", "\u200f", "\u0301"]
SEPARATORS = [" ", ", ", ". ", "\n", "\n\n", "'s ", "-", "\u00a0", "\t", '"', "“", "(", ")", "🔥", "\x00", "\u202e"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str) -> None:
    for m in parse_text(text):
        assert 0 <= m.start < m.end <= len(text), (m.start, m.end, len(text))
        assert text[m.start:m.end] == m.text, (text[m.start:m.end], m.text)


@SETTINGS
@given(st.text(max_size=300))
def test_any_unicode_text(text):
    check(text)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(NAMES), st.sampled_from(SEPARATORS), st.text(max_size=6)), max_size=40))
def test_place_names_among_any_characters(parts):
    check("".join(parts))
