"""The sentence splitter that stored mentions and extractors use for quoting."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.ingest import load_document
from geo.sentences import sentence_at, split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith arrived. He left.", ["Mr. Smith arrived.", "He left."]),
        ("The U.S. military said so. Troops left.", ["The U.S. military said so.", "Troops left."]),
        ("On Feb. 21 troops moved. J. R. Doe said.", ["On Feb. 21 troops moved.", "J. R. Doe said."]),
        ("He said: “It is over.” Then he left.", ["He said: “It is over.”", "Then he left."]),
        ("A headline without a stop\nThe first sentence.", ["A headline without a stop", "The first sentence."]),
        ("Shots? Yes! Three.", ["Shots?", "Yes!", "Three."]),
        ("one (gets) impression that...Russia agreed.", ["one (gets) impression that...Russia agreed."]),
        ("It fell at 5 p.m. on Sunday.", ["It fell at 5 p.m. on Sunday."]),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_spans_are_trimmed_ordered_and_cover_all_words():
    text = "  First one.   Second one!\n\n  Third  "
    spans = split_sentences(text)
    assert sentences(text) == ["First one.", "Second one!", "Third"]
    assert spans == sorted(spans)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_sentence_at_offset():
    text = "Alpha went. Beta came."
    assert text.__getitem__(slice(*sentence_at(text, text.index("Beta")))) == "Beta came."
    assert sentence_at("", 0) == (0, 0)


def test_seed_bodies_split_into_plausible_sentences():
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    for path in sorted(seeds.glob("*.txt")):
        body = load_document(path).body
        for a, b in split_sentences(body):
            assert "\n" not in body[a:b]
            assert len(body[a:b]) < 600, (path.name, body[a:b])
