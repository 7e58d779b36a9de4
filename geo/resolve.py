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
import re
from collections import Counter
from collections.abc import Iterable
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

from geo.gazetteer import Gazetteer, country_area, neighbours, prior_score
from geo.lexicon import (
    ADMIN_WORDS, AP_STATES, ASSOCIATION_NOUNS, COMPOUND_ASSOCIATIVE, COMPOUND_SUFFIXES, DIRECTION_WORDS,
    GOVERNMENT_NOUNS, METONYMY_VERBS, PLACE_TYPE_WORDS, PREPOSITIONS, SETTLEMENT_WORDS, STATE_AGENT_NOUNS,
    STREET_WORDS,
)
from geo.geodesy import EARTH_RADIUS_KM, distance_km
from geo.paths import DATA
from geo.recognise import Candidate, listed_kind
from geo.records import Mention, Place
from geo.text import Token, name_key, tokenize

_ADMIN_CODES = {"ADM1", "ADM1H", "ADM2", "ADM3", "PCLI", "PCLD", "PCLS", "TERR"}  # ADM1H: a former province
_STATE_CODES = {"PCLI", "PCLD", "PCLS", "PPLC", "ADM1"}
_STATE_LEVEL = {"ADM1", "PCLI", "PCLD", "PCLS", "PCLIX", "TERR"}
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLS", "PCLIX", "TERR", "CONT"}
_COUNTRY_LEVEL = _STATE_LEVEL - {"ADM1"}


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
    own_demonym: float = 2.0      # a country whose people the document names ("Russian", "Russians")
    state_namesake: float = -2.0  # a small town called by a state's or country's own name
    dateline_famous: float = 1.5  # a bare dateline ("WASHINGTON (Reuters) -") names a well-known city
    town_alias: float = -1.5      # a town called by the own name of a town as big in its country
    near: float = 1.0             # per other name that may denote a place right beside this one


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class _Qualifiers:
    """What the words right around a span say about the kind and whereabouts of its place."""

    admin_word: bool
    settlement_word: bool
    within: tuple[tuple[str, str, bool], ...]  # "X, Idaho": (country, admin1, is_country) of "Idaho"
    demonym_ccs: frozenset[str]
    state_peers: bool = False  # listed with states or countries: "Wisconsin, Oregon and Ohio"
    dateline: bool = False  # "KYIV, Ukraine (AP) -", "WASHINGTON (Reuters) -": a city, where the story was filed
    city_named: frozenset[str] = frozenset()  # towns also called "<span> City" ("Quebec City", "Gaza City")
    qualifies: tuple[tuple[str, str, bool], ...] = ()  # "Atlanta, Georgia": the units of "Georgia" Atlanta lies in


def _qualifiers(text: str, c: Candidate, gaz: Gazetteer) -> _Qualifiers:
    after, before = _following(text, c), _preceding(text, c)
    of_type = len(before) >= 2 and before[-1] == "of"
    within: list[tuple[str, str, bool]] = []
    rest = text[c.end:c.end + 40]
    ap_state = _AP_STATE.match(rest)
    if ap_state:  # "HOLLIDAY, Mo. -": the town in Missouri
        within.append(("US", AP_STATES[ap_state.group(1)], False))
    elif rest.startswith(", "):
        nxt = _tokens_after(text, c.end, 3)
        for k in range(len(nxt), 0, -1):
            units = [(o, main) for o, main in gaz.candidates(name_key(" ".join(t.text for t in nxt[:k])))
                     if o.feature_code in _ADMIN_CODES]
            if any(main and o.feature_code in _STATE_LEVEL for o, main in units):  # "X, California" is the state,
                units = [(o, main) for o, main in units if o.feature_code in _STATE_LEVEL]  # not a Brazilian district
            within += [(o.country_code, o.admin1, o.feature_code.startswith("PCL")) for o, _ in units]
            if within:
                if _state_list(text, c, nxt[k - 1].end, gaz):
                    within = []
                break
    elif (in_country := _IN_COUNTRY.match(rest)):  # "Mississauga, Ontario in Canada": a country after
        ccs = {p.country_code for p, _ in c.places}  # "in" places a name that has candidates in it and elsewhere
        nxt = _tokens_after(text, c.end + in_country.end(), 3)
        for k in range(len(nxt), 0, -1):
            found = [o.country_code for o, _ in gaz.candidates(name_key(" ".join(t.text for t in nxt[:k])))
                     if o.feature_code in _COUNTRY_LEVEL]
            if found:
                if found[0] in ccs and len(ccs) > 1:
                    within.append((found[0], "", True))
                break
    kind = listed_kind(text, c.end)
    return _Qualifiers(
        admin_word=bool(after and after[0] in ADMIN_WORDS and after[1:2] not in _OFFICES)
        or (of_type and before[-2] in ADMIN_WORDS)
        or kind in ADMIN_WORDS,
        settlement_word=bool(after and after[0] in SETTLEMENT_WORDS) or (of_type and before[-2] in SETTLEMENT_WORDS)
        or kind in SETTLEMENT_WORDS,
        within=tuple(within),
        demonym_ccs=_demonym_before(before, gaz),
        dateline=_dateline(text, c),
        city_named=_city_named(c, gaz),
    )


#: Words that may stand between a demonym and the name it qualifies ("the Turkish border town of X")
_BETWEEN_DEMONYM = PLACE_TYPE_WORDS | DIRECTION_WORDS | {"of", "the"}


def _demonym_before(before: list[str], gaz: Gazetteer) -> frozenset[str]:
    """The country of a demonym that qualifies the name ("the Turkish province of Hatay", "Syrian
    Saraqib"); not of one that is a clause's subject ("Turkish troops entered Ras al-Ain")."""
    for w in reversed(before):
        cc = gaz.demonym(w)
        if cc:
            return frozenset({cc})
        if w not in _BETWEEN_DEMONYM:
            break
    return frozenset()


def _city_named(c: Candidate, gaz: Gazetteer) -> frozenset[str]:
    """Ids of the span's towns that are also known as "<span> City" ("Quebec City", "Gaza City")."""
    if c.key.endswith(" city") or not any(p.feature_class == "A" for p, _ in c.places):
        return frozenset()
    towns = {p.place_id for p, _ in c.places if p.feature_class == "P"}
    return frozenset(p.place_id for p, _ in gaz.candidates(c.key + " city") if p.place_id in towns)


#: "the Brooklyn District Attorney", "the Tarrant County Court": an office, not a kind of place
_OFFICES = (["attorney"], ["court"])
_AP_STATE = re.compile(r", (" + "|".join(re.escape(a) for a in AP_STATES) + r")(?![\w.])")
_IN_COUNTRY = re.compile(r" in (?:the )?(?=[A-Z])")
_DATELINE_AFTER = (",", "(", "\u2014", "\u2013", "-", ":")
_DATELINE_BEFORE = re.compile(r"(?:^|[.!?][\"'\u201d\u2019]?)\s*$")


def _dateline(text: str, c: Candidate) -> bool:
    """A name in capitals that opens a line or a sentence and is followed by a comma, "(AP)" or a
    dash ("KYIV, Ukraine (AP) -", "ARLINGTON -"), or by the sentence ("WASHINGTON Barack Obama...")."""
    line_start = max(0, text.rfind("\n", 0, c.start) + 1, c.start - 40)
    if not c.text.isupper() or not _DATELINE_BEFORE.search(text[line_start:c.start]):
        return False
    after = text[c.end:c.end + 4]
    if after.lstrip(" ").startswith(_DATELINE_AFTER):
        return True
    # no punctuation: only a long name, and a sentence that starts after it ("US Forces" is no dateline)
    nxt = text[c.end + 1:c.end + 40].split(" ", 1)[0]
    return after[:1] == " " and len(c.text) >= 4 and nxt[:1].isupper() and not nxt.isupper()


def _state_list(text: str, c: Candidate, end: int, gaz: Gazetteer) -> bool:
    """"Utah, Washington, Pennsylvania": a list of states or countries, not "a town, in a state"."""
    if not any(main and p.feature_code in _STATE_LEVEL for p, main in c.places):
        return False
    if text[max(0, c.start - 2):c.start] == ", " or text[max(0, c.start - 4):c.start] in {"and ", " or "}:
        return True
    if text[end:end + 2] != ", ":
        return False
    nxt = _tokens_after(text, end, 2)
    if nxt and nxt[0].text in ("and", "or"):  # "Colorado, California, and Minnesota"
        nxt = nxt[1:]
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
    if q.settlement_word or q.dateline:
        bonus += w.settlement_word if place.feature_class == "P" else -1.0
    if q.dateline and not q.within and _famous(place):
        bonus += w.dateline_famous
    if any(_in_unit(place, u) for u in q.within):
        bonus += w.within
    if place.feature_code in _STATE_LEVEL and any(_in_unit(place, u) for u in q.qualifies):
        bonus += w.within  # a state or a country only: "Ma'arrat an-Nu'man, Ariha" is a list
    if q.state_peers and place.feature_code in _STATE_LEVEL:
        bonus += w.list_peer
    if place.country_code in q.demonym_ccs:
        bonus += w.demonym_near
    return bonus


def _in_unit(place: Place, unit: tuple[str, str, bool]) -> bool:
    """Whether ``place`` lies in the unit ``(country, admin1, is_country)`` of a qualifier."""
    cc, admin1, is_country = unit
    return place.country_code == cc and (is_country or place.admin1 == admin1)


class _Context:
    """What the whole document says about where it is.

    Every name lends its weight to the countries and provinces its candidates lie in, in
    proportion to how likely each candidate is (first by its prior and own words, then by the
    previous round's full score): "Dallas" speaks for Texas, "Paris" half for France and half for
    the US.  A name's evidence never counts for itself.

    The evidence changes only between rounds (``set_spread``, ``set_centre``); within a round each
    name's bonus for its places is worked out once (``bonuses``), and the great-circle distances
    between the document's points once for the whole document.
    """

    def __init__(self, text: str, cands: list[Candidate], gaz: Gazetteer, weights: Weights):
        self.w = weights
        self.demonyms: Counter = Counter()
        self.admin1: Counter = Counter()
        self.own: dict[str, Counter] = {}
        self.uses: Counter = Counter(c.key for c in cands)
        for tok in tokenize(text):
            cc = gaz.demonym(tok.text) if tok.text[0].isupper() else None
            if cc:
                self.demonyms[cc] += 0.5
        provinces: dict[int, tuple[list[tuple[str, str]], int]] = {}  # by id(c.places): one per name
        for c in cands:
            found = provinces.get(id(c.places))
            if found is None:
                places = {p.place_id: p for p, _ in c.places}
                found = provinces[id(c.places)] = (
                    [(p.country_code, p.admin1) for p in places.values() if p.feature_code == "ADM1"], len(places))
            a1s, n_places = found
            own = self.own.setdefault(c.key, Counter())
            for a1 in a1s:
                self.admin1[a1] += 1.0 / n_places
                own[a1] += 1.0 / n_places
        self.admin1_sum = sum(self.admin1.values())
        self.spread: dict[str, tuple[dict[str, float], dict[tuple[str, str], float]]] = {}
        self.cc_total: Counter = Counter(self.demonyms)
        self.a1_total: Counter = Counter()
        self.cc_sum = sum(self.cc_total.values())  # all the evidence for any country, for any province
        self.a1_sum = 0.0
        self.centre: tuple[float, float] | None = None
        self.centres: dict[str, tuple[float, float] | None] = {}
        self.distances = _Distances()
        self._bonuses: dict[tuple[str, int], list[float]] = {}  # this round's, by name and id(places)
        self._facts: dict[tuple[str, int], list[_Fact]] = {}  # what never changes, likewise
        self._penalties: dict[tuple[float, float], dict[tuple[float, float], float]] = {}  # by centre, point
        self._neighbours: dict[str, list[str]] = {}  # this round's
        self.near: dict[tuple[str, str], float] = {}  # set once the names' own scores are known

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
        self.cc_sum = sum(self.cc_total.values())
        self.a1_sum = sum(self.a1_total.values())
        self._bonuses = {}
        self._neighbours = {}

    def set_centre(self, firsts: list[tuple[str, float, float, float]]) -> None:
        """The document's centre, and per name the centre of the other names' places (a name's own
        uses must not pull the centre towards its own first guess: "Paris" five times and "Dallas" once)."""
        rows = self.distances.rows({(f[1], f[2]) for f in firsts})
        self.centre = _medoid(_merged(f[1:] for f in firsts), rows)
        self.centres = {key: _medoid(_merged(f[1:] for f in firsts if f[0] != key), rows)
                        for key in {f[0] for f in firsts}}
        self._bonuses = {}

    def bonuses(self, key: str, places: tuple[tuple[Place, bool], ...]) -> list[float]:
        """The document's evidence for each of the places (a name's candidates) as what the name
        ``key`` denotes: worked out once a round."""
        found = self._bonuses.get((key, id(places)))
        if found is not None:
            return found
        facts = self._facts.get((key, id(places)))
        if facts is None:
            facts = self._facts[(key, id(places))] = [self._fixed(p, key) for p, _ in places]
        w = self.w
        w_country, w_local, local_power, w_admin1 = w.country, w.local, w.local_power, w.admin1
        shares = _Shares(self, key)
        country, province = shares.country, shares.province
        centre = self.centres.get(key, self.centre)
        penalties = self._penalties.setdefault(centre, {}) if centre is not None else {}
        found = []
        w_near = w.near
        for cc, a1, named_province, point, near in facts:
            b = w_country * country(cc) + w_near * near
            if a1 is not None:
                b += w_local * province(a1) ** local_power
            if named_province:
                b += w_admin1 * named_province
            if point is None and a1 is None and self.demonyms.get(cc):  # the country itself
                b += w.own_demonym
            if centre is not None and point is not None:
                penalty = penalties.get(point)
                if penalty is None:
                    penalty = penalties[point] = self._distance_penalty(point, centre)
                b -= penalty
            found.append(b)
        self._bonuses[(key, id(places))] = found
        return found

    def _fixed(self, place: Place, key: str) -> _Fact:
        """What about a place does not change between rounds (see ``_Fact``)."""
        a1 = (place.country_code, place.admin1)
        named = 0.0
        if place.feature_code != "ADM1":
            own = self.own.get(key, _NONE)
            mine = self.admin1.get(a1, 0) - own.get(a1, 0)
            if mine > 0.01:  # the share of the provinces the other names name, doubled, at most 1
                named = min(1.0, 2.0 * mine / max(self.admin1_sum - sum(own.values()), 1e-9))
        reach = PROVINCE_REACH_KM if place.feature_code == "ADM1" else 0.0
        point = None if place.feature_code in _POINTLESS else (place.lat, place.lon, reach)
        return (place.country_code, None if place.feature_code in _COUNTRY_CODES else a1, named, point,
                self.near.get((key, place.place_id), 0.0))

    def _distance_penalty(self, point: tuple[float, float, float], centre: tuple[float, float]) -> float:
        """``distance`` per decade of the km from the centre (in ``distance_scale``) of a point
        ``(lat, lon, reach)``, counted from ``reach`` km out."""
        d = max(0.0, self.distances(point[:2], centre) - point[2])
        return self.w.distance * math.log10(1.0 + d / self.w.distance_scale)

    def neighbours_in_evidence(self, cc: str) -> list[str]:
        """The neighbours of country ``cc`` that any evidence speaks for (the others' shares are 0)."""
        found = self._neighbours.get(cc)
        if found is None:
            found = self._neighbours[cc] = [nb for nb in neighbours(cc) if nb in self.cc_total]
        return found


#: Features too large for their distance from the story's centre to count: a country, a continent, an ocean.
_POINTLESS = frozenset({"PCLI", "CONT", "OCN"})
#: A province's point stands for an area: its distance from the story's centre counts from this far
#: out ("Georgia" among US states is no farther than its border; "Wales" beside "England" is the nation).
PROVINCE_REACH_KM = 300.0
_NONE: Counter = Counter()  # no evidence; never written to

#: What the bonus of a place needs that never changes: its country; its province (country, admin1)
#: when the province's evidence counts for it, else None; how much the other names name that
#: province (0 to 1); its point and reach (km) when the distance from the centre counts, else None.
_Fact = tuple[str, "tuple[str, str] | None", float, "tuple[float, float, float] | None", float]

#: Two names whose readings lie this close (km) may be read as neighbours; the evidence fades to
#: nothing at twice the distance.
NEAR_KM = 25.0
NEAR_CAP = 2.0
#: A reading whose score by its name's own words trails the best by more than this speaks for no
#: neighbour ("London, Kentucky" is no London in Ohio).
PLAUSIBLE_GAP = 7.0
#: How much likelier than by an even spread two places of a country lie within ``NEAR_KM`` of each
#: other (towns cluster along coasts and rivers).
NEAR_CLUSTERING = 3.0
_BAND = 0.5  # degrees of latitude: more than 2 * NEAR_KM


@lru_cache(maxsize=None)
def _cell_width(band: int) -> float:
    """Degrees of longitude as wide as ``_BAND`` is high, at the middle of the band."""
    return _BAND / max(0.05, math.cos(math.radians((band + 0.5) * _BAND)))


def _cell(lat: float, lon: float) -> tuple[int, int]:
    """The grid cell of a point: cells are at least 2 * NEAR_KM across, so the points within that
    of a point lie in its cell or the eight around it (``_cells_around``)."""
    band = int(lat // _BAND)
    return band, int(lon // _cell_width(band))


def _cells_around(lat: float, lon: float) -> list[tuple[int, int]]:
    band = int(lat // _BAND)
    out = []
    for b in (band - 1, band, band + 1):
        j = int(lon // _cell_width(b))
        out += [(b, j - 1), (b, j), (b, j + 1)]
    return out


def _near_pairs(cands: list[Candidate], plausible: dict[str, set[str]]) -> dict[tuple[str, str], float]:
    """Per (name, place): how many of the story's other names may denote a place right beside it,
    each counted by how unlikely that is by chance.

    "Paris" and "Henry County" in one story: of the Parises only the one in Henry County, Tennessee
    lies beside a Henry County, and with 14 Parises and 10 Henry Counties in the US that happens by
    chance in about one story of twelve.  "Sherman" beside one of the 33 Washingtons counts for
    less.  When several readings of a name lie beside the other name's, they share the evidence.

    Only the ``plausible`` readings of a name (by its own words: "London, Kentucky" is no London in
    Ohio), used at least once as more than a street's name ("Richmond Street"), speak for others; names
    that share a word ("DeKalb", "DeKalb County") do not speak for each other.
    """
    points: dict[str, tuple[_Point, ...]] = {}
    not_streets: set[str] = set()
    for c in cands:
        if c.key not in points:
            points[c.key] = _small_points(c.places)
        after = c.hints.get("run", ((), ()))[1]
        if not (after and after[0].text.lower().rstrip(".") in STREET_WORDS):
            not_streets.add(c.key)
    if sum(1 for places in points.values() if places) < 2:
        return {}
    reach: dict[tuple[int, int], list[tuple[str, Place]]] = {}  # cell -> the speaking readings around it
    per_country: dict[tuple[str, str], int] = {}  # (name, country) -> its readings there
    speaking: dict[tuple[str, str], int] = {}  # (name, country) -> its readings there that speak
    for key, places in points.items():
        fit = plausible.get(key, set()) if key in not_streets else set()
        for p, _, cells in places:
            per_country[(key, p.country_code)] = per_country.get((key, p.country_code), 0) + 1
            if p.place_id in fit:
                for cell in cells:
                    reach.setdefault(cell, []).append((key, p))
                speaking[(key, p.country_code)] = speaking.get((key, p.country_code), 0) + 1
    words = {key: frozenset(key.split()) for key in points}
    pairs: dict[tuple[str, str], dict[str, float]] = {}  # (name, other name) -> {place: evidence}
    for key, places in points.items():
        for p, cell, _ in places:
            around = reach.get(cell)
            if not around:
                continue
            best: dict[str, float] = {}
            for other, q in around:
                if other == key or q.place_id == p.place_id or q.country_code != p.country_code \
                        or words[key] <= words[other] or words[other] <= words[key]:
                    continue
                d = distance_km(p.lat, p.lon, q.lat, q.lon)
                if d < 2 * NEAR_KM:
                    g = 1.0 if d <= NEAR_KM else 2.0 - d / NEAR_KM
                    if g > best.get(other, 0.0):
                        best[other] = g
            if not best:
                continue
            area = country_area(p.country_code)
            if not area:
                continue
            for other, g in best.items():
                chance = (NEAR_CLUSTERING * math.pi * NEAR_KM ** 2 / area
                          * per_country[(key, p.country_code)] * speaking[(other, p.country_code)])
                info = min(1.0, -math.log10(chance)) if chance < 1.0 else 0.0
                if info > 0:
                    pairs.setdefault((key, other), {})[p.place_id] = g * info
    near: dict[tuple[str, str], float] = {}
    for (key, _), found in pairs.items():
        total = max(1.0, sum(found.values()))
        for pid, g in found.items():
            near[(key, pid)] = min(NEAR_CAP, near.get((key, pid), 0.0) + g / total)
    return near


#: A small reading of a name, its grid cell and the cells around it.
_Point = tuple[Place, tuple[int, int], tuple[tuple[int, int], ...]]
_SMALL_POINTS: dict[int, tuple[tuple, tuple[_Point, ...]]] = {}  # by id() of a name's places (kept alive)


def _small_points(places: tuple[tuple[Place, bool], ...]) -> tuple[_Point, ...]:
    """The small readings among a name's places (``_small``) with their cells, worked out once per
    name: the gazetteer hands out the same places tuple for a name every time."""
    found = _SMALL_POINTS.get(id(places))
    if found is not None and found[0] is places:
        return found[1]
    points = tuple((p, _cell(p.lat, p.lon), tuple(_cells_around(p.lat, p.lon)))
                   for p in {p.place_id: p for p, _ in places if _small(p)}.values())
    if len(_SMALL_POINTS) > 50_000:
        _SMALL_POINTS.clear()
    _SMALL_POINTS[id(places)] = (places, points)
    return points


def _small(place: Place) -> bool:
    """A place small enough for lying beside another to say something."""
    return place.feature_class in ("P", "S") or place.feature_code in ("ADM2", "ADM3")


class _Shares:
    """The share of the other names' evidence (all but ``key``'s) for a country or a province."""

    def __init__(self, ctx: _Context, key: str):
        self.ctx = ctx
        self.ccs, self.a1s = ctx.spread.get(key, (_NONE, _NONE))
        self.n = ctx.uses[key]
        self.cc_all = ctx.cc_sum - self.n * sum(self.ccs.values())
        self._a1_all: float | None = None
        self._countries: dict[str, float] = {}
        self._provinces: dict[tuple[str, str], float] = {}

    def _country(self, cc: str) -> float:
        return max(self.ctx.cc_total[cc] - self.n * self.ccs.get(cc, 0.0), 0.0) / self.cc_all

    def country(self, cc: str) -> float:
        """The share for country ``cc``, a neighbour's counting in part (Gaza, PS, in a story about Israel)."""
        found = self._countries.get(cc)
        if found is None:
            if self.cc_all > 1e-6:
                found = self._country(cc) + self.ctx.w.neighbour * min(
                    1.0, sum(self._country(nb) for nb in self.ctx.neighbours_in_evidence(cc)))
            else:
                found = 0.0
            self._countries[cc] = found
        return found

    def province(self, a1: tuple[str, str]) -> float:
        """The share for province ``a1`` (country code, admin1 code)."""
        found = self._provinces.get(a1)
        if found is None:
            if self._a1_all is None:
                self._a1_all = self.ctx.a1_sum - self.n * sum(self.a1s.values())
            share = (self.ctx.a1_total[a1] - self.n * self.a1s.get(a1, 0.0)) / self._a1_all \
                if self._a1_all > 1e-6 and a1[1] else 0.0
            found = self._provinces[a1] = max(share, 0.0)
        return found


class _Distances:
    """Great-circle km between a document's (lat, lon) points, each pair worked out once.

    The centre of every name is sought among all the document's points, so the same pairs recur
    thousands of times.  The results are those of ``distance_km`` to the bit: the same operations,
    each point's radians and cosine worked out once, and one order of a pair serving both (the
    formula is symmetric).
    """

    def __init__(self) -> None:
        self._points: dict[tuple[float, float], tuple[float, float, float]] = {}
        self._rows: dict[tuple[float, float], dict[tuple[float, float], float]] = {}

    def _point(self, p: tuple[float, float]) -> tuple[float, float, float]:
        found = self._points.get(p)
        if found is None:
            phi = math.radians(p[0])
            found = self._points[p] = (phi, math.cos(phi), p[1])
        return found

    def _row(self, p: tuple[float, float]) -> dict[tuple[float, float], float]:
        row = self._rows.get(p)
        if row is None:
            row = self._rows[p] = {}
        return row

    def __call__(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        row = self._row(a)
        d = row.get(b)
        if d is None:
            (p1, c1, lon1), (p2, c2, lon2) = self._point(a), self._point(b)
            dl = math.radians(lon2 - lon1)
            h = math.sin((p2 - p1) / 2) ** 2 + c1 * c2 * math.sin(dl / 2) ** 2
            d = row[b] = self._row(b)[a] = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
        return d

    def rows(self, points: set[tuple[float, float]]) -> dict[tuple[float, float], dict[tuple[float, float], float]]:
        """Every point's distances to all of ``points`` (and possibly to others)."""
        for p in points:
            row = self._row(p)
            for q in points:
                if q not in row:
                    self(p, q)
        return {p: self._rows[p] for p in points}


def _merged(points: Iterable[tuple[float, float, float]]) -> dict[tuple[float, float], float]:
    """(lat, lon, weight) points with the weights of one place added up, in order of first mention."""
    merged: dict[tuple[float, float], float] = {}
    for lat, lon, w in points:  # the same place named again adds weight, not work
        merged[(lat, lon)] = merged.get((lat, lon), 0.0) + w
    return merged


def _medoid(merged: dict[tuple[float, float], float],
            rows: dict[tuple[float, float], dict[tuple[float, float], float]]) -> tuple[float, float] | None:
    """The weighted medoid of the merged points (the first of equals), ``rows`` giving their distances."""
    if not merged:
        return None
    items = list(merged.items())
    best, best_cost = None, math.inf
    for p in merged:
        row = rows[p]
        cost = sum([w * row[q] for q, w in items])
        if cost < best_cost:
            best, best_cost = p, cost
    return best


def _spread(scored: list[tuple[float, Place]]) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """A name's probability mass per country and per province (softmax over its candidates)."""
    top = scored[0][0]
    weights = [math.exp(s - top) for s, _ in scored]
    total = sum(weights)
    ccs: dict[str, float] = {}
    a1s: dict[tuple[str, str], float] = {}
    for w, (_, p) in zip(weights, scored):
        if p.country_code:
            ccs[p.country_code] = ccs.get(p.country_code, 0) + w / total
        if p.admin1 and p.feature_code not in _COUNTRY_CODES:
            a1 = (p.country_code, p.admin1)
            a1s[a1] = a1s.get(a1, 0) + w / total
    return ccs, a1s


def _seat_twin_penalty(c: Candidate, q: _Qualifiers, w: Weights) -> dict[str, float]:
    """A division named like a town in it ("Aleppo", "Ariha") or like its capital ("Mecca"): the bare
    name means the town, unless the town is also called "<name> City" ("Quebec" is the province)."""
    if q.admin_word:
        return {}
    seats = {(p.country_code, p.admin1) for p, main in c.places
             if p.feature_class == "P" and main and p.place_id not in q.city_named}
    # the capital by an alias twins a division called by an alias too ("Mecca": Makkah and Mecca
    # Region), not one called by its own name ("Oklahoma" is the state; Oklahoma City only by alias)
    capitals = {(p.country_code, p.admin1) for p, main in c.places
                if p.feature_class == "P" and not main and p.feature_code in ("PPLA", "PPLC")}
    # a division placed at a town of the candidates (its seat, "Jenin" at Janin) is that town's twin
    points = {(p.lat, p.lon) for p, _ in c.places if p.feature_class == "P" and p.place_id not in q.city_named}
    return {p.place_id: w.seat_twin for p, main in c.places
            if p.feature_code in ("ADM1", "ADM2") and (
                (p.country_code, p.admin1) in seats or (not main and (p.country_code, p.admin1) in capitals)
                or (p.lat, p.lon) in points)}


def _famous(place: Place) -> bool:
    """A state, a country, a capital or a city of a million."""
    return place.feature_code in _STATE_LEVEL or place.feature_code == "PPLC" or place.population >= 1_000_000


_Parts = tuple[tuple[float, float, float, Place], ...]


def _namesake_state(place: Place, c: Candidate) -> bool:
    """A country, a national capital, or a province of a million people that is not named after its
    capital (Alexandria)."""
    if place.feature_code in _COUNTRY_LEVEL or place.feature_code == "PPLC":
        return True
    return place.feature_code == "ADM1" and place.population >= 1_000_000 and not any(
        main and p.feature_code in ("PPLA", "PPLC") and p.country_code == place.country_code for p, main in c.places)


def _score_parts(c: Candidate, q: _Qualifiers, w: Weights, short_for: frozenset[str] = frozenset()) -> _Parts:
    """Per candidate the evidence that does not depend on the document's places: (prior plus the
    span's own words, seat-twin penalty, alias penalties, place).  ``short_for`` are the places
    the story also calls by an own name of which this span is the short form ("Avondale Estates")."""
    twin = _seat_twin_penalty(c, q, w)
    # A famous place's own name ("New York") is not meant as another place's alias for it.
    taken = w.famous_alias if any(main and _famous(p) for p, main in c.places) else 0.0
    # A state's or country's own name ("California", "Jordan") names a small town of that name only
    # on stronger evidence than a neighbouring state's being named.
    state = w.state_namesake if not q.within and any(
        main and _namesake_state(p, c) for p, main in c.places) else 0.0
    renamed = _renamed_towns(c, short_for)
    return tuple((prior_score(p, main, w.population) + _qualifier_bonus(q, p, w),
                  twin.get(p.place_id, 0.0),
                  (0.0 if main else taken + (w.town_alias if p.place_id in renamed else 0.0))
                  + (state if p.feature_class == "P" and p.population < 100_000 else 0.0), p)
                 for p, main in c.places)


def _renamed_towns(c: Candidate, short_for: frozenset[str]) -> set[str]:
    """Towns the span names only by another name that a town as big in their country bears as its
    own ("Middletown" is an old name of Athens, Ohio, and the name of Middletown, Ohio): meant only
    on stronger evidence than their state's being named, unless the span is short for an own name
    of theirs the story uses ("Avondale Estates ... Avondale")."""
    own_towns: dict[str, int] = {}  # country -> population of its largest town of this very name
    owners: list[Place] = []
    for p, main in c.places:
        if main and p.feature_class == "P":
            own_towns[p.country_code] = max(own_towns.get(p.country_code, -1), p.population)
            owners.append(p)
    return {p.place_id for p, main in c.places if not main and p.feature_class == "P" and p.place_id not in short_for
            and (own_towns.get(p.country_code, -1) >= p.population or _twin_across_border(p, owners))}


#: A town this close across a border whose own name a town bears as an alias is its twin.
TWIN_KM = 30.0


def _twin_across_border(town: Place, owners: list[Place]) -> bool:
    """Whether a town of another country, within ``TWIN_KM``, bears as its own the name ``town`` is
    called by as an alias: "Ras al-Ain" is the Syrian town, not Ceylanpınar across the border."""
    return any(o.country_code != town.country_code and abs(o.lat - town.lat) < 0.3
               and distance_km(o.lat, o.lon, town.lat, town.lon) <= TWIN_KM for o in owners)


def _scores(c: Candidate, q: _Qualifiers, ctx: _Context | None,
            w: Weights = DEFAULT_WEIGHTS, parts: _Parts | None = None) -> list[tuple[float, Place]]:
    """Candidates with their scores, best first (without document context when ``ctx`` is None).

    ``parts`` are the candidate's ``_score_parts`` when already known.
    """
    w = ctx.w if ctx is not None else w
    if parts is None:
        parts = _score_parts(c, q, w)
    if ctx is None:  # the same sums, in the same order, as with the document's evidence
        scored = [(own + 0.0 + twin + alias, p) for own, twin, alias, p in parts]
    else:
        scored = [(own + bonus + twin + alias, p)
                  for (own, twin, alias, p), bonus in zip(parts, ctx.bonuses(c.key, c.places))]
    scored.sort(key=_best_first)
    return scored


def _best_first(sp: tuple[float, Place]) -> tuple[float, str]:
    return -sp[0], sp[1].place_id


class _Scorer:
    """Scores a document's spans, each distinct span once per round of evidence.

    Uses of one name with the same qualifiers score alike, so they form one group whose scores
    are shared until the document's evidence changes (``new_round``); the evidence that never
    changes (``_score_parts``) is worked out once.
    """

    def __init__(self, cands: list[Candidate], quals: dict[int, _Qualifiers], weights: Weights):
        self.w = weights
        groups: dict[tuple[int, str, _Qualifiers], int] = {}
        self._group: dict[int, int] = {}  # id(candidate) -> its group
        self._first: list[Candidate] = []  # each group's first candidate
        for c in cands:  # the places (one tuple per name), the name and its qualifiers decide
            sig = (id(c.places), c.key, quals[id(c)])
            group = groups.get(sig)
            if group is None:
                group = groups[sig] = len(self._first)
                self._first.append(c)
            self._group[id(c)] = group
        self._quals = [quals[id(c)] for c in self._first]
        # the places each name is short for, by their own longer names ("avondale" -> Avondale Estates)
        short_for: dict[str, set[str]] = {}
        for c in cands:
            words = c.key.split(" ")
            for k in range(1, len(words)):
                short_for.setdefault(" ".join(words[:k]), set()).update(
                    p.place_id for p, main in c.places if main)
        self._parts = [_score_parts(c, q, weights, frozenset(short_for.get(c.key, ())))
                       for c, q in zip(self._first, self._quals)]
        self._scored: list[list[tuple[float, Place]] | None] = [None] * len(self._first)

    def new_round(self) -> None:
        """The document's evidence changed: scores must be worked out again."""
        self._scored = [None] * len(self._first)

    def __call__(self, c: Candidate, ctx: _Context | None) -> list[tuple[float, Place]]:
        """``_scores`` of the candidate (do not change the list returned)."""
        group = self._group[id(c)]
        found = self._scored[group]
        if found is None:
            found = self._scored[group] = _scores(
                self._first[group], self._quals[group], ctx, self.w, self._parts[group])
        return found


def mention_kind(text: str, c: Candidate, place: Place, starts: frozenset[int] = frozenset()) -> str:
    """literal, associative ("Sochi deal", "Astana talks") or metonymic ("Moscow said").

    ``starts`` are the offsets where the text's other place names start: "Sudan's Kassala state"
    locates Kassala, it does not make Sudan speak.
    """
    if c.hints.get("demonym") or c.hints.get("org"):
        return "associative"
    suffix = _COMPOUND.match(text, c.end)
    if suffix:  # "Iran-backed militias": who backs them; "Idlib-based fighters": where they are
        return "associative" if suffix.group(1) in COMPOUND_ASSOCIATIVE else "literal"
    nxt2 = _tokens_after(text, c.end, 2)
    if nxt2 and _SENTENCE_END.search(text[c.end:nxt2[0].start]):
        nxt2 = []  # the next sentence says nothing of this name ("outside the White House. Officials ...")
    after = [t.text.lower() for t in nxt2]
    tail = text[c.end:c.end + 3]
    if after and after[0] in ASSOCIATION_NOUNS:
        return "associative"
    if after and after[0] in STATE_AGENT_NOUNS and place.feature_code in _COUNTRY_LEVEL \
            and text[c.end:c.end + 1] == " " and not (len(after) > 1 and after[1] in PLACE_TYPE_WORDS):
        return "associative"  # "US forces in Syria" (not "Syria's army", nor a "US military base")
    if place.feature_code in _STATE_CODES or place.feature_code == "ADMF":  # a seat of government speaks too
        if tail.startswith(("'s", "’s")):
            nxt = _tokens_after(text, c.end + 2, 2)
            while nxt and nxt[0].text.lower() in DIRECTION_WORDS:  # "Syria's northern Idlib"
                nxt = nxt[1:]
            # "Beirut's southern suburbs", "Russia's Kursk region", "Baghdad's Green Zone": a part of
            # the place, not its voice
            located = nxt and (nxt[0].start in starts or nxt[0].text.lower() in _PART_WORDS or (
                len(nxt) > 1 and nxt[0].text[:1].isupper() and nxt[1].text.lower() in _PART_WORDS))
            return "literal" if located else "metonymic"
        if after and after[0] in GOVERNMENT_NOUNS:
            return "metonymic"  # "the Ankara regime", "Moscow officials"
        before = _preceding(text, c, 3)
        if before and before[-1] in _ADDRESSING_VERBS:
            return "metonymic"  # "Kinshasa accused Kigali of ...", "urged Moscow to": the state addressed
        if before and _after_preposition(before):
            return "literal"  # "the aggression in Idlib should stop": no subject
        if len(after) > 1 and after[0] in _AUXILIARIES and after[1] in _PLACE_STATES:
            return "literal"  # "Kyiv was calm", "Aleppo was shelled": what happened there, not what it did
        # a province does not act: "Idlib is filled with fighters"; only a verb of will makes it speak
        verbs = METONYMY_VERBS - _AUXILIARIES if place.feature_code == "ADM1" else METONYMY_VERBS
        if after and after[0] in verbs:
            return "metonymic"
        clause = _RELATIVE_CLAUSE.match(text, c.end)  # "Turkey, which has 12 posts in Idlib, said"
        if clause and clause.group(1).lower() in verbs - _AUXILIARIES:
            return "metonymic"
        if after and after[0] in {"and", "or"}:  # "Russia and Turkey will agree"
            nxt = _tokens_after(text, c.end, 3, reach=60)
            if len(nxt) > 2 and nxt[1].text[:1].isupper() and nxt[2].text.lower() in verbs:
                return "metonymic"
    return "literal"


def _after_preposition(before: list[str]) -> bool:
    """The words before a name put it after a preposition: "in Idlib", "fighting in Syria and Iraq",
    "outside the White House"."""
    if before[-1] in PREPOSITIONS:
        return True
    if len(before) >= 2 and before[-1] == "the" and before[-2] in PREPOSITIONS:
        return True
    return len(before) == 3 and before[-1] in {"and", "or"} and before[-3] in PREPOSITIONS


_COMPOUND = re.compile(r"-(" + "|".join(sorted(COMPOUND_SUFFIXES)) + r")\b")
_RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who)\b[^,.;:!?]{1,150},\s*([A-Za-z]+)")
_SENTENCE_END = re.compile(r"[.!?;:]")
_AUXILIARIES = frozenset({
    "is", "was", "has", "had", "will", "would", "could", "should", "must", "may", "might", "can", "cannot",
    "did", "does", "continues", "continued", "appears", "appeared",
})


#: Words after "was", "is"... that tell what happened at a place, not what it did ("Kyiv was calm").
_PLACE_STATES = frozenset({
    "calm", "quiet", "hit", "shelled", "struck", "bombed", "attacked", "targeted", "damaged", "destroyed",
    "captured", "seized", "taken", "surrounded", "besieged", "encircled", "liberated", "retaken", "under",
    "flooded", "evacuated", "home", "located", "situated", "rocked", "shaken", "cut", "blockaded",
})
#: Verbs whose object is a state addressed as an actor ("accused Kigali of", "urged Moscow to").
_ADDRESSING_VERBS = frozenset({
    "accused", "accuses", "accusing", "urged", "urges", "urging", "warned", "warns", "warning", "blamed",
    "blames", "blaming", "criticised", "criticized", "criticises", "criticizes", "condemned", "condemns",
    "slammed", "slams", "pressed", "presses", "pressured", "pressuring", "rebuked", "thanked", "praised",
    "sanctioned", "sanctions", "threatened", "threatens", "asked", "asks", "told", "tells", "informed",
    "accuse", "urge", "warn", "blame", "criticise", "criticize", "condemn", "press", "thank", "praise",
    "threaten", "ask", "tell", "inform",
})
_DIVISION_WORDS = frozenset({"county", "parish"})
#: Words after "X's" that name a part of X ("Beirut's southern suburbs", "Syria's border").
_PART_WORDS = PLACE_TYPE_WORDS | frozenset({
    "suburbs", "outskirts", "countryside", "north", "south", "east", "west", "northeast", "northwest",
    "southeast", "southwest", "centre", "center", "interior", "frontier", "frontline", "front", "territory",
    "territories", "soil", "airspace", "waters", "capital", "heartland", "hinterland", "provinces", "regions",
    "zone", "quarter", "district", "districts", "neighbourhoods", "neighborhoods",
})


def _unknown_division(text: str, c: Candidate) -> bool:
    after = _following(text, c, 1)
    return bool(after) and after[0] in _DIVISION_WORDS and not any(
        p.feature_class in ("A", "L") for p, _ in c.places)


def raw_resolve(text: str, cands: list[Candidate], gaz: Gazetteer,
                weights: Weights = DEFAULT_WEIGHTS) -> list[tuple[Candidate, Place, float]]:
    """(candidate, chosen place, its share of the softmax over candidates), in text order.

    A span named as a division the gazetteer lacks ("Laurel County" when only towns called
    Laurel are known) is left out: the towns are other places. So is a name that more likely
    denotes a curated place no source locates ("Surman" in an Idlib story) than its namesake.
    """
    cands = [c for c in cands if not _unknown_division(text, c)]
    ctx = _Context(text, cands, gaz, weights)
    quals = {id(c): _qualifiers(text, c, gaz) for c in cands}
    for c in _state_peers(text, cands):
        quals[id(c)] = dataclasses.replace(quals[id(c)], state_peers=True)
    # "Atlanta, Georgia": Georgia is the state Atlanta lies in. Only a town makes its qualifier a
    # state: "the Kremlin, Moscow" is the city (also a federal subject), as "Tahrir Square, Cairo" is.
    for a, b in zip(cands, cands[1:]):
        if text[a.end:b.start] == ", " and quals[id(a)].within:
            units = tuple(u for u in quals[id(a)].within
                          if any(_in_unit(p, u) and p.feature_class == "P" for p, _ in a.places)
                          and any(_in_unit(p, u) and p.feature_code in _STATE_LEVEL for p, _ in b.places))
            if units:
                quals[id(b)] = dataclasses.replace(quals[id(b)], qualifies=units)
    scores = _Scorer(cands, quals, weights)
    own: dict[str, list[tuple[float, Place]]] = {}
    plausible: dict[str, set[str]] = {}
    seen: set[int] = set()  # the uses of a name with the same qualifiers share one list of scores
    for c in cands:
        scored = own[c.key] = scores(c, None)
        if id(scored) not in seen:
            seen.add(id(scored))
            bar = scored[0][0] - PLAUSIBLE_GAP
            plausible.setdefault(c.key, set()).update(p.place_id for s, p in scored if s >= bar)
    # a dateline says where the story was filed, not what lies beside the places it tells of
    datelines = {c.key for c in cands if quals[id(c)].dateline}
    for key in datelines:
        plausible[key] = set()
    ctx.near = {kp: v for kp, v in _near_pairs(cands, plausible).items() if kp[0] not in datelines}
    ctx.set_spread(own)
    for _ in range(2):
        scores.new_round()
        firsts = []
        latest: dict[str, list[tuple[float, Place]]] = {}
        for c in cands:
            scored = latest[c.key] = scores(c, ctx)
            top, place = scored[0]
            margin = top - scored[1][0] if len(scored) > 1 else 3.0
            if place.feature_code not in {"PCLI", "CONT"} and margin > 0.5:
                firsts.append((c.key, place.lat, place.lon, min(margin, 3.0)))
        ctx.set_centre(firsts)
        ctx.set_spread(latest)
    scores.new_round()
    # One sense per discourse: every use of a name in a document denotes the same place, chosen
    # by the evidence of all its uses ("Paris, Texas" early on settles a later bare "Paris").
    totals: dict[str, dict[str, list]] = {}
    # "Kharkiv region" and a bare "Kharkiv" are two senses: the province and (a seat twin) the city.
    def sense(c: Candidate) -> str:
        return c.key + " region" if quals[id(c)].admin_word else c.key

    # "Paris, Texas" decides for them all, as "Atlanta, Georgia" does for Georgia
    qualified = {sense(c) for c in cands if quals[id(c)].within or quals[id(c)].qualifies}
    for c in cands:
        if sense(c) in qualified and not (quals[id(c)].within or quals[id(c)].qualifies):
            continue
        by_place = totals.setdefault(sense(c), {})
        for score, place in scores(c, ctx):
            entry = by_place.setdefault(place.place_id, [0.0, 0, place])
            entry[0] += score
            entry[1] += 1
    # A place the story calls by its own name ("Ceylanpinar") is not also what another name, one of
    # its aliases, means there ("Ras al-Ain", the Syrian town across the border).
    # Only a town that is not famous gives way (the US is "U.S." and "United States" alike; "Douglas" is
    # Douglas County), and only to a place whose own name this is.
    by_own_name: dict[str, str] = {}
    mains: dict[str, set[str]] = {}
    for c in cands:
        for p, main in c.places:
            if main:
                by_own_name.setdefault(p.place_id, sense(c))
                mains.setdefault(sense(c), set()).add(p.place_id)
    chosen: dict[str, tuple[Place, float]] = {}
    for key, by_place in totals.items():
        means = sorted(((total / n, place) for total, n, place in by_place.values()),
                       key=lambda sp: (-sp[0], sp[1].place_id))
        first = means[0][1]
        other = by_own_name.get(first.place_id, key)
        if first.feature_class == "P" and other != key and key not in other and not _famous(first) \
                and first.place_id not in mains.get(key, ()):  # ("Avondale" is short for Avondale Estates)
            own = [sp for sp in means if sp[1].place_id in mains.get(key, ())]
            if own:
                means = own[:1] + [sp for sp in means if sp is not own[0]]
        best = max(s for s, _ in means)  # the winner's share of the softmax, whether or not it scored best;
        # readings pinned where the winner is (a town, its curated alias entry, a district at its seat)
        # all put the pin there, so their shares count for it
        won = means[0][1]
        same = sum(math.exp(s - best) for s, p in means
                   if p is won or distance_km(p.lat, p.lon, won.lat, won.lon) <= SAME_PIN_KM)
        chosen[key] = (won, same / sum(math.exp(s - best) for s, _ in means))
    for a, b in _parenthesised_aliases(text, cands):
        both = _same_place(totals[sense(a)], totals[sense(b)])
        if both is not None:
            share = max(chosen[sense(a)][1], chosen[sense(b)][1])
            chosen[sense(a)] = chosen[sense(b)] = (both, share)
    names = {sense(c): c.key for c in cands}
    withheld = {key for key, (place, _) in chosen.items() if _unlocated_instead(names[key], place, ctx, gaz)}
    return [(c, _anchor(chosen[sense(c)][0], ctx.centre), chosen[sense(c)][1]) for c in cands
            if sense(c) not in withheld]


#: Readings whose points lie this close put one pin, as far as an analyst's map goes.
SAME_PIN_KM = 25.0


def _parenthesised_aliases(text: str, cands: list[Candidate]) -> list[tuple[Candidate, Candidate]]:
    """Pairs "A (B)": a name with another in brackets right after it ("Tadmur (Palmyra)",
    "Kobani (Ain al-Arab)"), which may be the same place's other name."""
    return [(a, b) for a, b in zip(cands, cands[1:])
            if text[a.end:b.start] == " (" and text[b.end:b.end + 1] == ")" and a.key != b.key]


def _same_place(a: dict[str, list], b: dict[str, list]) -> Place | None:
    """The place both names may denote, best by their summed mean scores; None if they share none."""
    common = [(a[pid][0] / a[pid][1] + b[pid][0] / b[pid][1], a[pid][2]) for pid in a.keys() & b.keys()]
    return max(common, key=lambda sp: (sp[0], sp[1].place_id))[1] if common else None


def _unlocated_instead(key: str, place: Place, ctx: _Context, gaz: Gazetteer) -> bool:
    """True when the name more likely denotes a place our sources name but do not locate, in a
    country the document speaks of more than of the chosen place's: "Surman" in an Idlib story is
    the Syrian village (coordinates unknown), not Surman in Libya, so no pin is better than a wrong one."""
    others = [cc for _, cc, _ in gaz.unlocated(key) if cc and cc != place.country_code]
    if not others:
        return False
    shares = _Shares(ctx, key)
    return max(shares.country(cc) for cc in others) > shares.country(place.country_code)


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
    bench/calibrate.py) for sub-national places, and lowered for a place that
    stands alone, far from the story's other places (``ISOLATED_FACTOR``).
    """
    starts = frozenset(c.start for c in cands)
    resolved = raw_resolve(text, cands, gaz, weights)
    isolated = _isolated(resolved)
    # A small place whose only evidence is a word inside an organisation's name, far from all the
    # story's other places, is no place of the story: "Wagner Group" (Wagner, Brazil), "the Myanmar
    # National Democratic Alliance Army" (Alliance, Ohio).
    resolved = [(c, p, s) for c, p, s in resolved
                if not (c.hints.get("org") and p.place_id in isolated and not _famous(p))]
    # A small town alone in its country, far from the story's other places and in no neighbour of
    # the countries the story names, is almost never what the word meant ("Metro", "Toco", "Cox" in
    # stories set elsewhere): on the three evaluation corpora, of 213 such, 175 named no place at
    # all and 20 another place; 5 were right. No pin is better than a wrong one.
    stray = _strays(resolved, isolated)
    # An everyday word that opens a sentence and names, by another spelling, a place alone in its
    # country, far from the story's others, is the word: "Hail fell near Springfield" (Ha'il),
    # "Sale prices rose" (Salé); "Paris police said" in a Tennessee story stays Paris.
    stray |= {p.place_id for c, p, _ in resolved if p.place_id in isolated and c.sentence_initial
              and len(c.tokens) == 1 and c.text.lower() != p.name.lower() and gaz.zipf(c.text) >= 3.5}
    resolved = [(c, p, s) for c, p, s in resolved if p.place_id not in stray]
    resolved = [(c, p, s) for c, p, s in resolved if not _inside_feature_name(c, p, resolved)]
    kinds = _kinds(text, resolved, starts)
    return [
        Mention(c.start, c.end, c.text, place, kind,
                max(0.05, min(0.99, calibrated(share, place) * c.confidence
                              * (ISOLATED_FACTOR if place.place_id in isolated else 1.0))))
        for (c, place, share), kind in zip(resolved, kinds)
    ]


def _kinds(text: str, resolved: list[tuple[Candidate, Place, float]], starts: frozenset[int]) -> list[str]:
    """The kind of each resolved name (``mention_kind``), except that a state qualifying the town
    before it is literal ("based in Tampa, Florida, said") and a list is said of together: "from
    Ohio, Indiana and Texas" places them all, "Russia, Turkey and Iran said" makes them all speak."""
    qualifiers = _qualifier_starts(text, resolved)
    kinds = ["literal" if c.start in qualifiers else mention_kind(text, c, place, starts)
             for c, place, _ in resolved]
    for group in _lists(text, resolved, qualifiers):
        if _after_preposition(_preceding(text, resolved[group[0]][0], 3) or [""]):
            kind = "literal"
        elif kinds[group[-1]] == "metonymic":
            kind = "metonymic"
        else:
            continue
        for i in group:
            if kinds[i] != "associative":
                kinds[i] = kind
    return kinds


def _lists(text: str, resolved: list[tuple[Candidate, Place, float]], qualifiers: set[int]) -> list[list[int]]:
    """Runs of two or more states, countries or capitals named in a list ("Russia, Turkey and Iran"),
    as indices into ``resolved``; a qualifier ("Tampa, Florida") is no list."""
    groups: list[list[int]] = []
    run: list[int] = []
    for i, (c, place, _) in enumerate(resolved):
        member = place.feature_code in _STATE_CODES and c.start not in qualifiers
        prev = resolved[run[-1]][0] if run else None
        if member and prev is not None and text[prev.end:c.start] in _LIST_GAPS:
            run.append(i)
            continue
        if len(run) > 1:
            groups.append(run)
        run = [i] if member else []
    if len(run) > 1:
        groups.append(run)
    return groups


#: Words that open a longer name of a landform or a water around a place name: "the Gulf of Sidra"
_FEATURE_HEADS = frozenset({"Cape", "Gulf", "Bay", "Sea", "Strait", "Straits", "Horn", "Isle", "Lake", "Mount"})


def _inside_feature_name(c: Candidate, place: Place, resolved: list[tuple[Candidate, Place, float]]) -> bool:
    """A name that ends a longer, unknown name of a sea, cape or gulf ("the Cape of Good Hope", "the
    Horn of Africa", "the Gulf of Sidra") is no mention of its namesake: not of a country, province
    or continent ever, and not of a town unless the story's other names speak for the town's country
    ("the Gulf of Riga" in a Latvian story is by Riga; "Sidra" in a Libyan story is no Polish village)."""
    before = c.hints.get("run", ((), ()))[0]
    if len(before) < 2 or before[-1].text != "of" or before[-2].text not in _FEATURE_HEADS:
        return False
    if place.feature_class != "P":
        return True
    return not any(p.country_code == place.country_code for o, p, _ in resolved if o is not c and o.key != c.key)


def _qualifier_starts(text: str, resolved: list[tuple[Candidate, Place, float]]) -> set[int]:
    """Starts of the names that qualify the name before them, the state or country it lies in
    ("based in Tampa, Florida, said": Florida locates Tampa, it does not speak)."""
    out = set()
    for (a, pa, _), (b, pb, _) in zip(resolved, resolved[1:]):
        if text[a.end:b.start] != ", " or pb.feature_code not in _STATE_LEVEL or pa.feature_code in _COUNTRY_LEVEL:
            continue  # "Russia, Turkey and Iran said": a list of states, each of which speaks
        country = pb.feature_code in _COUNTRY_LEVEL
        if (country or pa.feature_code != "ADM1") and _in_unit(pa, (pb.country_code, pb.admin1, country)):
            out.add(b.start)
    return out


#: A place far from all the story's other places and in a country no other name speaks for is
#: right much less often than its share says: of 105 such sub-national places on the three
#: evaluation corpora, 39% lay within 161 km of the gold (mean confidence 0.72 before this factor).
ISOLATED_FACTOR = 0.6
ISOLATED_KM = 1000.0


def _isolated(resolved: list[tuple[Candidate, Place, float]]) -> set[str]:
    """Ids of the sub-national places with no other name in their country and none within 1,000 km."""
    places = {p.place_id: (p, c.key) for c, p, _ in resolved}
    points = [(p, key) for p, key in places.values() if p.feature_code not in ("PCLI", "CONT")]
    out = set()
    for pid, (p, key) in places.items():
        if p.feature_code in COARSE_CODES or pid.startswith("cur:"):  # a curated feature is what the news names
            continue
        others = [(q, k) for q, k in places.values() if k != key]
        if not others or any(q.country_code == p.country_code for q, _ in others):
            continue
        if any(k != key and distance_km(p.lat, p.lon, q.lat, q.lon) <= ISOLATED_KM for q, k in points):
            continue
        out.add(pid)
    return out


STRAY_POPULATION = 100_000
STRAY_POPULATION_OTHERWISE = 1_000_000  # for a town the span names by another spelling


def _spelled_as(span: str, name: str) -> bool:
    """Whether the span writes the name as the place's own name does, letter for letter but for
    case, accents, punctuation and the abbreviations of "Saint", "Fort" and "Mount"."""
    return _letters(span) == _letters(name)


_ABBREVIATED = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def _letters(name: str) -> str:
    words = re.sub(r"[^a-z0-9 ]", "", re.sub(r"[-‐–]", " ", unidecode(name).lower())).split()
    return " ".join(_ABBREVIATED.get(w, w) for w in words)


def _strays(resolved: list[tuple[Candidate, Place, float]], isolated: set[str]) -> set[str]:
    """Ids of the isolated towns of fewer than 100,000 people (a million, when the span spells
    the town's name otherwise) in stories that also name a place below the level of a province,
    with no neighbour of their country named. (An airport stays: "Kabul airport" names a capital's.)"""
    out = set()
    for c, p, _ in resolved:
        # a bigger town counts too when the span spells its name otherwise ("Eta" of the Basque
        # group for Etah, India: the same name only once folded)
        limit = STRAY_POPULATION if _spelled_as(c.text, p.name) else STRAY_POPULATION_OTHERWISE
        if p.place_id not in isolated or p.population >= limit or p.feature_class != "P" \
                or p.place_id.startswith("cur:"):
            continue
        others = [q for d, q, _ in resolved if d.key != c.key]
        near = neighbours(p.country_code)
        if any(q.feature_code not in COARSE_CODES for q in others) \
                and not any(q.country_code in near for q in others):
            out.add(p.place_id)
    return out


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
