"""Resolution: choose the place each recognised span denotes, and say how sure we are.

Each candidate place gets a context-free prior (feature importance, population,
curated layer), then evidence from the span's own words (qualifiers such as
"X province", "the village of X", "X, Idaho") and from the document: the
countries it names or implies (demonyms, unambiguous places), the provinces it
names, and the spatial centre of its other places.  The best score wins; the
confidence is its share of the softmax over candidates.  Each mention is also
marked literal, associative ("the Sochi deal") or metonymic ("Moscow said").
"""
from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from geo.gazetteer import Gazetteer, neighbours, prior_score
from geo.lexicon import (
    ADMIN_WORDS, ASSOCIATION_NOUNS, GOVERNMENT_NOUNS, METONYMY_VERBS, SETTLEMENT_WORDS,
)
from geo.geodesy import distance_km
from geo.paths import DATA
from geo.recognise import Candidate
from geo.records import Mention, Place
from geo.text import Token, name_key, tokenize

_ADMIN_CODES = {"ADM1", "ADM2", "ADM3", "PCLI", "PCLD", "PCLS", "TERR"}
_STATE_CODES = {"PCLI", "PCLD", "PCLS", "PPLC", "ADM1"}
_STATE_LEVEL = {"ADM1", "PCLI", "PCLD", "PCLS", "PCLIX", "TERR"}
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLS", "PCLIX", "TERR", "CONT"}


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle km between (lat, lon) pairs. The resolver's hot path calls this ~100 times per
    article, where geopy's geodesic (used elsewhere) costs 50x more for precision it does not need."""
    return distance_km(a[0], a[1], b[0], b[1])


@lru_cache(maxsize=4)
def _token_starts(text: str) -> tuple[int, ...]:
    return tuple(t.start for t in tokenize(text))


def _tokens_after(text: str, offset: int, n: int, reach: int = 40) -> list[Token]:
    """Up to ``n`` tokens of ``text`` that start within ``reach`` characters after ``offset``."""
    tokens = tokenize(text)
    i = bisect_left(_token_starts(text), offset)
    return [t for t in tokens[i:i + n] if t.start < offset + reach]


def _following(text: str, c: Candidate, n: int = 2) -> list[str]:
    return [t.text.lower() for t in _tokens_after(text, c.end, n)]


def _preceding(text: str, c: Candidate, n: int = 3) -> list[str]:
    tokens = tokenize(text)
    i = bisect_left(_token_starts(text), c.start)
    return [t.text.lower() for t in tokens[max(0, i - n):i] if t.end > c.start - 40]


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts (log-odds-like points); see ``bench/tune_resolver.py``."""

    population: float = 0.45      # per decade of population (in the prior)
    country: float = 3.0          # times the document's share of evidence for the place's country
    admin1: float = 1.5           # the document names the place's province
    distance: float = 1.1         # per decade of distance (km / distance_scale) from the document's centre
    distance_scale: float = 50.0
    within: float = 8.0           # "X, Idaho" / "X, Syria": near-decisive
    admin_word: float = 2.0       # "X province" for a division
    settlement_word: float = 1.5  # "the town of X" for a settlement
    demonym_near: float = 2.0     # "the Turkish province of X"
    seat_twin: float = -2.5       # a division named like its seat, without "province"
    local: float = 4.0            # times the other names' share of evidence for the place's province
    neighbour: float = 0.5        # a neighbouring country's evidence, as a share of the country weight
    list_peer: float = 2.0        # a state or country listed with states or countries
    famous_alias: float = -3.0    # a place called by a famous place's own name, as its alias
    local_power: float = 1.0      # how much more a concentrated province counts (share ** power)


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class _Qualifiers:
    """What the words right around a span say about the kind and whereabouts of its place."""

    admin_word: bool
    settlement_word: bool
    within: tuple[tuple[str, str, bool], ...]  # "X, Idaho": (country, admin1, is_country) of "Idaho"
    demonym_ccs: frozenset[str]
    state_peers: bool = False  # listed with states or countries: "Wisconsin, Oregon and Ohio"


def _qualifiers(text: str, c: Candidate, gaz: Gazetteer) -> _Qualifiers:
    after, before = _following(text, c), _preceding(text, c)
    of_type = len(before) >= 2 and before[-1] == "of"
    within: list[tuple[str, str, bool]] = []
    rest = text[c.end:c.end + 40]
    if rest.startswith(", "):
        nxt = _tokens_after(text, c.end, 3)
        for k in range(len(nxt), 0, -1):
            for other, _ in gaz.candidates(name_key(" ".join(t.text for t in nxt[:k]))):
                if other.feature_code in _ADMIN_CODES:
                    within.append((other.country_code, other.admin1, other.feature_code.startswith("PCL")))
            if within:
                if _state_list(text, c, nxt[k - 1].end, gaz):
                    within = []
                break
    return _Qualifiers(
        admin_word=bool(after and after[0] in ADMIN_WORDS) or (of_type and before[-2] in ADMIN_WORDS),
        settlement_word=bool(after and after[0] in SETTLEMENT_WORDS) or (of_type and before[-2] in SETTLEMENT_WORDS),
        within=tuple(within),
        demonym_ccs=frozenset(cc for w in before if (cc := gaz.demonym(w))),
    )


def _state_list(text: str, c: Candidate, end: int, gaz: Gazetteer) -> bool:
    """"Utah, Washington, Pennsylvania": a list of states or countries, not "a town, in a state"."""
    if not any(main and p.feature_code in _STATE_LEVEL for p, main in c.places):
        return False
    if text[max(0, c.start - 2):c.start] == ", " or text[max(0, c.start - 4):c.start] in {"and ", " or "}:
        return True
    if text[end:end + 2] != ", ":
        return False
    nxt = _tokens_after(text, end, 1)
    return bool(nxt) and any(main and p.feature_code in _STATE_LEVEL for p, main in gaz.candidates(name_key(nxt[0].text)))


_LIST_GAPS = frozenset({", ", " and ", " or ", ", and ", ", or ", " & "})


def _state_peers(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Names listed next to a name that is only a state or country ("Wisconsin, Oregon and
    Ohio"): a list holds names of one kind."""
    def state_only(c: Candidate) -> bool:
        return all(p.feature_code in _STATE_LEVEL for p, main in c.places if main) and any(
            main for _, main in c.places)

    out = []
    for i, c in enumerate(cands):
        for j in (i - 1, i + 1):
            if 0 <= j < len(cands):
                a, b = (cands[j], c) if j < i else (c, cands[j])
                if text[a.end:b.start] in _LIST_GAPS and state_only(cands[j]):
                    out.append(c)
                    break
    return out


def _qualifier_bonus(q: _Qualifiers, place: Place, w: Weights) -> float:
    """Evidence from the span's own words: "X province", "the village of X", "X, Idaho"."""
    bonus = 0.0
    if q.admin_word:
        bonus += w.admin_word if place.feature_code in _ADMIN_CODES else -1.0
    if q.settlement_word:
        bonus += w.settlement_word if place.feature_class == "P" else -1.0
    for cc, admin1, is_country in q.within:
        if cc == place.country_code and (is_country or admin1 == place.admin1):
            bonus += w.within
            break
    if q.state_peers and place.feature_code in _STATE_LEVEL:
        bonus += w.list_peer
    if place.country_code in q.demonym_ccs:
        bonus += w.demonym_near
    return bonus


class _Context:
    """What the whole document says about where it is.

    Every name lends its weight to the countries and provinces its candidates lie in, in
    proportion to how likely each candidate is (first by its prior and own words, then by the
    previous round's full score): "Dallas" speaks for Texas, "Paris" half for France and half for
    the US.  A name's evidence never counts for itself.
    """

    def __init__(self, text: str, cands: list[Candidate], gaz: Gazetteer, weights: Weights):
        self.w = weights
        self.demonyms: Counter = Counter()
        self.admin1: Counter = Counter()
        self.own: dict[str, Counter] = {}
        self.uses: Counter = Counter(c.key for c in cands)
        for tok in tokenize(text):
            cc = gaz.demonym(tok.text) if tok.text[:1].isupper() else None
            if cc:
                self.demonyms[cc] += 0.5
        for c in cands:
            places = {p.place_id: p for p, _ in c.places}
            own = self.own.setdefault(c.key, Counter())
            for p in places.values():
                if p.feature_code == "ADM1":
                    self.admin1[(p.country_code, p.admin1)] += 1.0 / len(places)
                    own[(p.country_code, p.admin1)] += 1.0 / len(places)
        self.spread: dict[str, tuple[Counter, Counter]] = {}
        self.cc_total: Counter = Counter(self.demonyms)
        self.a1_total: Counter = Counter()
        self.centre: tuple[float, float] | None = None
        self.centres: dict[str, tuple[float, float] | None] = {}

    def set_spread(self, scored: dict[str, list[tuple[float, Place]]]) -> None:
        """Each name's likely countries and provinces, from its candidates' scores."""
        self.spread = {key: _spread(s) for key, s in scored.items() if s}
        self.cc_total = Counter(self.demonyms)
        self.a1_total = Counter()
        for key, (ccs, a1s) in self.spread.items():
            n = self.uses[key]
            for cc, p in ccs.items():
                self.cc_total[cc] += n * p
            for a1, p in a1s.items():
                self.a1_total[a1] += n * p

    def _shares(self, key: str, place: Place) -> tuple[float, float]:
        """The share of the other names' evidence for the place's country and for its province."""
        ccs, a1s = self.spread.get(key, (Counter(), Counter()))
        n = self.uses[key]
        cc_all = sum(self.cc_total.values()) - n * sum(ccs.values())
        if cc_all > 1e-6:
            def share(cc: str) -> float:
                return max(self.cc_total[cc] - n * ccs.get(cc, 0.0), 0.0) / cc_all
            # a neighbour's evidence counts in part: Gaza (PS) in a story about Israel
            cc_share = share(place.country_code) + self.w.neighbour * min(
                1.0, sum(share(nb) for nb in neighbours(place.country_code)))
        else:
            cc_share = 0.0
        a1 = (place.country_code, place.admin1)
        a1_all = sum(self.a1_total.values()) - n * sum(a1s.values())
        a1_share = (self.a1_total[a1] - n * a1s.get(a1, 0.0)) / a1_all if a1_all > 1e-6 and place.admin1 else 0.0
        return cc_share, max(a1_share, 0.0)

    def set_centre(self, firsts: list[tuple[str, float, float, float]]) -> None:
        """The document's centre, and per name the centre of the other names' places (a name's own
        uses must not pull the centre towards its own first guess: "Paris" five times and "Dallas" once)."""
        self.centre = _weighted_centre([f[1:] for f in firsts])
        self.centres = {key: _weighted_centre([f[1:] for f in firsts if f[0] != key])
                        for key in {f[0] for f in firsts}}

    def bonus(self, place: Place, key: str) -> float:
        w = self.w
        cc_share, a1_share = self._shares(key, place)
        b = w.country * cc_share
        if place.feature_code not in _COUNTRY_CODES:
            b += w.local * a1_share ** w.local_power
        a1 = (place.country_code, place.admin1)
        if self.admin1.get(a1, 0) - self.own.get(key, Counter()).get(a1, 0) > 0.01 and place.feature_code != "ADM1":
            b += w.admin1
        centre = self.centres.get(key, self.centre)
        if centre is not None and place.feature_code not in {"PCLI", "CONT"}:
            d = _haversine_km((place.lat, place.lon), centre)
            b -= w.distance * math.log10(1.0 + d / w.distance_scale)
        return b




def _spread(scored: list[tuple[float, Place]]) -> tuple[Counter, Counter]:
    """A name's probability mass per country and per province (softmax over its candidates)."""
    top = scored[0][0]
    weights = [(math.exp(s - top), p) for s, p in scored]
    total = sum(w for w, _ in weights)
    ccs: Counter = Counter()
    a1s: Counter = Counter()
    for w, p in weights:
        if p.country_code:
            ccs[p.country_code] += w / total
        if p.admin1 and p.feature_code not in _COUNTRY_CODES:
            a1s[(p.country_code, p.admin1)] += w / total
    return ccs, a1s


def _seat_twin_penalty(c: Candidate, q: _Qualifiers, w: Weights) -> dict[str, float]:
    """A division named like a town in it ("Aleppo", "Idlib", "Ariha") or like its capital ("Mecca"):
    the bare name means the town."""
    if q.admin_word:
        return {}
    seats = {(p.country_code, p.admin1) for p, main in c.places  # by its own name, or the capital by an alias
             if p.feature_class == "P" and (main or p.feature_code in ("PPLA", "PPLC"))}
    return {p.place_id: w.seat_twin for p, _ in c.places
            if p.feature_code in ("ADM1", "ADM2") and (p.country_code, p.admin1) in seats}


def _famous(place: Place) -> bool:
    """A state, a country, a capital or a city of a million."""
    return place.feature_code in _STATE_LEVEL or place.feature_code == "PPLC" or place.population >= 1_000_000


def _scores(c: Candidate, q: _Qualifiers, ctx: _Context | None,
            w: Weights = DEFAULT_WEIGHTS) -> list[tuple[float, Place]]:
    """Candidates with their scores, best first (without document context when ``ctx`` is None)."""
    w = ctx.w if ctx is not None else w
    twin = _seat_twin_penalty(c, q, w)
    # A famous place's own name ("New York") is not meant as another place's alias for it.
    taken = w.famous_alias if any(main and _famous(p) for p, main in c.places) else 0.0
    return sorted(
        ((prior_score(p, main, w.population) + _qualifier_bonus(q, p, w)
          + (ctx.bonus(p, c.key) if ctx is not None else 0.0)
          + twin.get(p.place_id, 0.0) + (0.0 if main else taken), p)
         for p, main in c.places),
        key=lambda sp: (-sp[0], sp[1].place_id),
    )


def _weighted_centre(points: list[tuple[float, float, float]]) -> tuple[float, float] | None:
    """Weighted medoid of (lat, lon, weight): robust to one far-off outlier."""
    merged: dict[tuple[float, float], float] = {}
    for lat, lon, w in points:  # the same place named again adds weight, not work
        merged[(lat, lon)] = merged.get((lat, lon), 0.0) + w
    if not merged:
        return None
    return min(merged, key=lambda p: sum(w * _haversine_km(p, q) for q, w in merged.items()))


def mention_kind(text: str, c: Candidate, place: Place) -> str:
    """literal, associative ("Sochi deal", "Astana talks") or metonymic ("Moscow said")."""
    if c.hints.get("demonym") or c.hints.get("org"):
        return "associative"
    after = _following(text, c, 2)
    tail = text[c.end:c.end + 3]
    if after and after[0] in ASSOCIATION_NOUNS:
        return "associative"
    if place.feature_code in _STATE_CODES:
        if tail.startswith(("'s", "’s")):
            return "metonymic"
        if after and (after[0] in METONYMY_VERBS or after[0] in GOVERNMENT_NOUNS):
            return "metonymic"
        if after and after[0] in {"and", "or"} and len(after) > 1 and after[1][:1].isupper():
            nxt = _tokens_after(text, c.end, 3, reach=60)
            if len(nxt) > 2 and nxt[2].text.lower() in METONYMY_VERBS:
                return "metonymic"
    return "literal"


_DIVISION_WORDS = frozenset({"county", "parish"})


def _unknown_division(text: str, c: Candidate) -> bool:
    after = _following(text, c, 1)
    return bool(after) and after[0] in _DIVISION_WORDS and not any(
        p.feature_class in ("A", "L") for p, _ in c.places)


def raw_resolve(text: str, cands: list[Candidate], gaz: Gazetteer,
                weights: Weights = DEFAULT_WEIGHTS) -> list[tuple[Candidate, Place, float]]:
    """(candidate, chosen place, its share of the softmax over candidates), in text order.

    A span named as a division the gazetteer lacks ("Laurel County" when only towns called
    Laurel are known) is left out: the towns are other places.
    """
    cands = [c for c in cands if not _unknown_division(text, c)]
    ctx = _Context(text, cands, gaz, weights)
    quals = {id(c): _qualifiers(text, c, gaz) for c in cands}
    for c in _state_peers(text, cands):
        quals[id(c)] = dataclasses.replace(quals[id(c)], state_peers=True)
    ctx.set_spread({c.key: _scores(c, quals[id(c)], None, weights) for c in cands})
    for _ in range(2):
        firsts = []
        latest: dict[str, list[tuple[float, Place]]] = {}
        for c in cands:
            scored = latest[c.key] = _scores(c, quals[id(c)], ctx)
            top, place = scored[0]
            margin = top - scored[1][0] if len(scored) > 1 else 3.0
            if place.feature_code not in {"PCLI", "CONT"} and margin > 0.5:
                firsts.append((c.key, place.lat, place.lon, min(margin, 3.0)))
        ctx.set_centre(firsts)
        ctx.set_spread(latest)
    # One sense per discourse: every use of a name in a document denotes the same place, chosen
    # by the evidence of all its uses ("Paris, Texas" early on settles a later bare "Paris").
    totals: dict[str, dict[str, list]] = {}
    qualified = {c.key for c in cands if quals[id(c)].within}  # "Paris, Texas" decides for them all
    for c in cands:
        if c.key in qualified and not quals[id(c)].within:
            continue
        by_place = totals.setdefault(c.key, {})
        for score, place in _scores(c, quals[id(c)], ctx):
            entry = by_place.setdefault(place.place_id, [0.0, 0, place])
            entry[0] += score
            entry[1] += 1
    chosen: dict[str, tuple[Place, float]] = {}
    for key, by_place in totals.items():
        means = sorted(((total / n, place) for total, n, place in by_place.values()),
                       key=lambda sp: (-sp[0], sp[1].place_id))
        top = means[0][0]
        chosen[key] = (means[0][1], 1.0 / sum(math.exp(s - top) for s, _ in means))
    return [(c, _anchor(chosen[c.key][0], ctx.centre), chosen[c.key][1]) for c in cands]


def _anchor(place: Place, centre: tuple[float, float] | None) -> Place:
    """A road or river is pinned at its point nearest the article's other places, not at its middle."""
    geom = place.geometry
    if centre is None or not geom or geom.get("type") not in ("LineString", "MultiLineString"):
        return place
    from shapely.geometry import Point, shape
    from shapely.ops import nearest_points

    near = nearest_points(shape(geom), Point(centre[1], centre[0]))[0]
    return dataclasses.replace(place, lat=round(near.y, 5), lon=round(near.x, 5),
                               precision=f"{place.precision}; pinned at the point nearest the article's other places")


def resolve(text: str, cands: list[Candidate], gaz: Gazetteer,
            weights: Weights = DEFAULT_WEIGHTS) -> list[Mention]:
    """Choose a place for each candidate span; return mentions in text order.

    The confidence is the winner's share of the candidates' scores, mapped
    through the calibration table (data/calibration.json, fitted by
    bench/calibrate.py) for sub-national places.
    """
    return [
        Mention(c.start, c.end, c.text, place, mention_kind(text, c, place),
                max(0.05, min(0.99, calibrated(share, place) * c.confidence)))
        for c, place, share in raw_resolve(text, cands, gaz, weights)
    ]


#: Features whose "error" is mostly a representative point, not a wrong place.
COARSE_CODES = frozenset({"PCLI", "PCLD", "PCLS", "PCLIX", "TERR", "CONT", "ADM1"})


@lru_cache(maxsize=1)
def _calibration() -> tuple[tuple[float, float], ...]:
    path = DATA / "calibration.json"
    if not path.exists():
        return ()
    return tuple((float(x), float(y)) for x, y in json.loads(path.read_text(encoding="utf-8"))["table"])


def calibrated(share: float, place: Place) -> float:
    """The share mapped to the observed rate of right answers (linear between table points)."""
    table = _calibration()
    if not table or place.feature_code in COARSE_CODES:
        return share
    if share <= table[0][0]:
        return table[0][1] * share / table[0][0] if table[0][0] else table[0][1]
    for (x1, y1), (x2, y2) in zip(table, table[1:]):
        if share <= x2:
            return y1 + (y2 - y1) * (share - x1) / (x2 - x1)
    return table[-1][1]
