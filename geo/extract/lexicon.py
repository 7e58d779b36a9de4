"""Extraction vocabulary loaded from data: event taxonomy, actors, claim cues.

The rules live in ``data/extract/*.json`` (plain data with a ``_doc`` note);
this module only loads and compiles them, once.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from geo.paths import DATA

EXTRACT_DIR = DATA / "extract"


@dataclass(frozen=True)
class Rule:
    """One trigger: ``pattern`` must match; ``requires``/``excludes`` gate the sentence.

    ``nominal`` triggers (nouns: "talks", "threats") count only with a date in
    their clause or, when ``venue`` is set, a place where they are held;
    ``participants`` triggers (meeting verbs) only with the parties named.
    """

    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None = None
    excludes: re.Pattern[str] | None = None
    nominal: bool = False
    venue: bool = False
    participants: bool = False


@dataclass(frozen=True)
class EventType:
    """One (event_type, sub_event_type) of the taxonomy with its trigger rules."""

    event_type: str
    sub_event_type: str
    rules: tuple[Rule, ...]
    infer_place: bool = False
    hypothetical_ok: bool = False
    needs_place: bool = False
    venue_only: bool = False


@dataclass(frozen=True)
class Taxonomy:
    """The event taxonomy and the patterns that mark non-factual mentions.

    ``hypothetical`` (modal or conditional clause), ``negation`` (just before
    a trigger), ``opinion`` (an evaluative frame before it), ``habitual``
    (generic or aggregate statements), ``background`` (a temporal phrase
    before a nominal trigger), ``gerund_after`` (a preposition before an -ing
    trigger) and ``deadline`` (a date that is a time limit).
    """

    types: tuple[EventType, ...]
    hypothetical: re.Pattern[str]
    clause_boundary: re.Pattern[str]
    negation: re.Pattern[str]
    opinion: re.Pattern[str] | None = None
    habitual: re.Pattern[str] | None = None
    background: re.Pattern[str] | None = None
    gerund_after: re.Pattern[str] | None = None
    deadline: re.Pattern[str] | None = None


def _load(name: str) -> dict[str, Any]:
    with open(EXTRACT_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


def _rx(pattern: str | None, flags: int = re.I) -> re.Pattern[str] | None:
    return re.compile(pattern, flags) if pattern else None


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The event taxonomy from ``data/extract/events.json``."""
    raw = _load("events.json")
    types = []
    for t in raw["types"]:
        rules = tuple(
            Rule(
                _rx(r["pattern"]), _rx(r.get("requires")), _rx(r.get("excludes")),
                bool(r.get("nominal")), bool(r.get("venue")), bool(r.get("participants")),
            )
            for r in t["rules"]
        )
        types.append(
            EventType(
                t["event_type"], t["sub_event_type"], rules,
                bool(t.get("infer_place")), bool(t.get("hypothetical_ok")), bool(t.get("needs_place")),
                bool(t.get("venue_only")),
            )
        )
    return Taxonomy(
        tuple(types), _rx(raw["hypothetical"]), _rx(raw["clause_boundary"]), _rx(raw["negation"]),
        *(_rx(raw.get(k)) for k in ("opinion", "habitual", "background", "gerund_after", "deadline")),
    )


@dataclass(frozen=True)
class ActorLexicon:
    """Compiled actor patterns and the adjective -> country table."""

    pattern: re.Pattern[str]
    country_of: dict[str, str]


def _alt(words: list[str]) -> str:
    """A regex alternation, longest first so that "armed forces" beats "forces"."""
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def actors() -> ActorLexicon:
    """Actor patterns from ``data/extract/actors.json``."""
    raw = _load("actors.json")
    country_of: dict[str, str] = {}
    for country, adjectives in raw["countries"].items():
        country_of[country.lower()] = country
        for adj in adjectives:
            country_of[adj.lower()] = country
    adj = _alt([re.escape(a) for a in country_of])
    forces = _alt(raw["force_nouns"])
    groups = _alt(raw["group_nouns"])
    quals = _alt(raw["group_qualifiers"])
    named = _alt([re.escape(g) for g in raw["named_groups"]])
    generic = _alt([re.escape(g) for g in raw.get("generic_forces", [])])
    possessive = rf"(?:{adj})(?:'s|’s)"
    state = rf"(?:(?:{adj})(?:\s+and\s+(?:{adj}))?|{possessive})"
    pattern = (
        rf"(?P<named>\b(?:{named})\b(?:\s+(?:{groups})\b)?)"
        rf"|(?P<force>\b{state}(?:\s+[a-z][\w-]*)?\s+(?:{forces})\b)"
        rf"|(?P<generic>\b(?:{generic})\b)"
        rf"|(?P<group>\b(?:(?:{quals})\s+)*(?:{groups})\b)"
    )
    return ActorLexicon(re.compile(pattern, re.I), country_of)


@dataclass(frozen=True)
class ClaimLexicon:
    """Reporting cues and the vocabulary of speaker phrases."""

    verbs: frozenset[str]
    participles: frozenset[str]
    auxiliaries: frozenset[str]
    titles: frozenset[str]
    institution_words: frozenset[str]
    anonymous: frozenset[str]
    pronouns: frozenset[str]
    not_speakers: frozenset[str]


@lru_cache(maxsize=1)
def claim_words() -> ClaimLexicon:
    """Claim cue vocabulary from ``data/extract/claims.json``."""
    raw = _load("claims.json")
    return ClaimLexicon(*(frozenset(w.lower() for w in raw[k]) for k in (
        "verbs", "participles", "auxiliaries", "titles", "institution_words",
        "anonymous", "pronouns", "not_speakers",
    )))


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Country code -> its first adjective ("TR" -> "Turkish"), from ``data/gazetteer/demonyms.csv``."""
    out: dict[str, str] = {}
    path = DATA / "gazetteer" / "demonyms.csv"
    if not path.exists():
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words = [w.strip() for w in (row.get("demonyms") or "").split(";") if w.strip()]
            if row.get("country_code") and words:
                out[row["country_code"].upper()] = words[0]
    return out
