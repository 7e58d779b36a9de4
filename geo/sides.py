"""Which side a claimant speaks for, by a general rule, and a stable colour per side.

A claimant's side is the country named in the speaker phrase or role: a
country name ("Turkish government (Ankara)"), a demonym ("Russian
Presidential Spokesman", "Turkey's Anadolu news agency") or a capital
standing for its government ("Moscow").  The words come from the shipped
lexicons (``data/extract/actors.json`` countries, ``data/gazetteer/demonyms.csv``
and the capitals of ``countryInfo.txt``), never from a list of known people.
A speaker with no such word takes the side that the same name (or surname)
has in another claim ("Lavrov" after "Sergey Lavrov, Russia's Foreign
Minister"); otherwise the side is unknown (drawn grey).
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from functools import lru_cache
from typing import Any, Iterable

from geo.paths import DATA, GAZETTEER_DIR

UNKNOWN_SIDE_COLOUR = "#808b96"
#: Distinct colours for sides; a side's colour is picked by a hash of its name, so it is the
#: same on every map and under every filter.
SIDE_PALETTE = ("#c0392b", "#1f618d", "#d68910", "#117a65", "#7d3c98", "#2e4053", "#a04000",
                "#b03a78", "#196f3d", "#5b2c6f", "#0e6655", "#873600")


@lru_cache(maxsize=1)
def _country_words() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every country name, demonym and capital, and word -> country name."""
    words: dict[str, str] = {}
    names: dict[str, str] = {}
    info = GAZETTEER_DIR / "countryInfo.txt"
    if info.exists():
        for line in info.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) > 5 and cols[4]:
                names[cols[0]] = cols[4]
                words.setdefault(cols[4], cols[4])
                if cols[5]:
                    words.setdefault(cols[5], cols[4])
    demonyms = GAZETTEER_DIR / "demonyms.csv"
    if demonyms.exists():
        with open(demonyms, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                country = names.get(row.get("country_code") or "")
                for word in (row.get("demonyms") or "").split(";"):
                    if country and word.strip():
                        words.setdefault(word.strip(), country)
    actors = DATA / "extract" / "actors.json"
    if actors.exists():
        for country, adjectives in json.loads(actors.read_text(encoding="utf-8")).get("countries", {}).items():
            for word in (country, *adjectives):
                words.setdefault(word, words.get(country, country))
    ordered = sorted(words, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ordered) + r")(?:['’]s)?(?![\w-])")
    return pattern, words


def side_from_text(*texts: str | None) -> str | None:
    """The country first named in ``texts`` (speaker, role), or None."""
    pattern, words = _country_words()
    for text in texts:
        match = pattern.search(text or "")
        if match:
            return words[match.group(1)]
    return None


def _name_keys(speaker: str) -> set[str]:
    """The speaker, and its surname when it reads as a person's name (every word capitalised)."""
    parts = speaker.split()
    if len(parts) > 1 and all(p[:1].isupper() for p in parts):
        return {speaker, parts[-1]}
    return {speaker}


def claim_sides(claims: Iterable[dict[str, Any]]) -> dict[str, str | None]:
    """claim_id -> side (a country name) or None, by the rule in the module docstring."""
    claims = list(claims)
    direct = {str(c.get("claim_id")): side_from_text(c.get("speaker"), c.get("speaker_role")) for c in claims}
    by_name: dict[str, set[str]] = {}
    for c in claims:
        side = direct[str(c.get("claim_id"))]
        speaker = str(c.get("speaker") or "").strip()
        if side and speaker:
            for key in _name_keys(speaker):
                by_name.setdefault(key, set()).add(side)
    out: dict[str, str | None] = {}
    for c in claims:
        side = direct[str(c.get("claim_id"))]
        if side is None:
            speaker = str(c.get("speaker") or "").strip()
            known = set().union(*(by_name.get(k, set()) for k in _name_keys(speaker))) if speaker else set()
            side = next(iter(known)) if len(known) == 1 else None  # an ambiguous name stays unknown
        out[str(c.get("claim_id"))] = side
    return out


def side_colour(side: str | None) -> str:
    """A stable colour for a side; grey when it is unknown."""
    if not side:
        return UNKNOWN_SIDE_COLOUR
    digest = hashlib.sha1(side.encode("utf-8")).digest()
    return SIDE_PALETTE[digest[0] % len(SIDE_PALETTE)]
