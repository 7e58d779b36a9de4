"""The gazetteer: every name of every place we know, offline.

``get_gazetteer()`` opens the prepared index (building it on first use);
``Gazetteer.candidates(key)`` returns the places a normalised name may denote.
"""
from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Collection, Iterable
from functools import lru_cache
from pathlib import Path

from geo.gazetteer.build import build_index, import_geonames, index_path
from geo.records import Place
from geo.text import name_key

__all__ = ["Gazetteer", "build_index", "country_area", "get_gazetteer", "import_geonames", "neighbours", "prior_score"]

#: How strongly each feature code suggests the name is meant, before context.
FEATURE_PRIOR = {
    "PCLI": 3.0, "PCLD": 2.0, "PCLS": 2.0, "PCLIX": 2.0, "TERR": 2.0, "CONT": 2.5,
    "ADM1": 2.0, "PPLC": 2.5, "PPLA": 1.5, "ADM2": 0.8, "PPLA2": 0.8, "PPLA3": 0.3,
    "RD": 1.5, "STM": 1.0, "MILB": 1.2, "AIRB": 1.2, "AIRP": 1.2, "PSTB": 1.0, "ZN": 1.5, "RGN": 2.5, "RGNH": 2.0,
    "OCN": 4.0, "SEA": 3.5, "GULF": 3.0, "STRT": 2.5, "CNL": 2.0, "MTS": 2.5, "PEN": 2.5, "DSRT": 2.5,
    "PLAT": 2.0, "ISL": 1.5, "AREA": 1.5, "ADMF": 3.0,  # a seat of government ("the Kremlin", "the White House")
}


@lru_cache(maxsize=1)
def _neighbour_table() -> dict[str, frozenset[str]]:
    from geo.gazetteer.sources import read_neighbours

    return read_neighbours()


@lru_cache(maxsize=1)
def _area_table() -> dict[str, float]:
    from geo.gazetteer.sources import read_country_areas

    return read_country_areas()


def country_area(country_code: str) -> float | None:
    """The country's area in km² (GeoNames countryInfo), or None when unknown."""
    return _area_table().get(country_code)


def neighbours(country_code: str) -> frozenset[str]:
    """The countries that share a border with this one ("IL" -> EG, JO, LB, PS, SY)."""
    return _neighbour_table().get(country_code, frozenset())


def prior_score(place: Place, is_main: bool = True, population_weight: float = 0.45) -> float:
    """A context-free score: feature importance, population, curated bonus, main-name bonus."""
    score = FEATURE_PRIOR.get(place.feature_code, 0.0)
    score += math.log10(place.population + 1) * population_weight
    if place.place_id.startswith("cur:"):
        score += 2.0
    if place.precision == "unknown":
        score -= 5.0
    if not is_main:
        score -= 0.4
    return score


class Gazetteer:
    """Read-only access to the prepared index (one SQLite file)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._conn = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._places: dict[int, Place] = {}
        self._cands: dict[str, tuple[tuple[Place, bool], ...]] = {}
        self._by_id: dict[str, Place | None] = {}
        self._prefixes: dict[str, bool] = {}  # has_prefix of keys that name no place themselves
        self._demonyms: dict[str, str] | None = None  # by key
        self._demonym_of: dict[str, str | None] = {}  # by the word as written
        self._region_demonyms: dict[str, str] | None = None  # by key
        self._unlocated: dict[str, tuple[tuple[str, str, str], ...]] = {}

    def candidates(self, key: str) -> tuple[tuple[Place, bool], ...]:
        """Places whose name folds to ``key``, each with whether it is the main name."""
        hit = self._cands.get(key)
        if hit is None:
            # Two cheap queries rather than one join: most keys asked for name nothing, and the
            # places of those that do are often known already.
            # one row per place, in place-row order (the table's key is (key, idx))
            main = dict(self._conn.execute("SELECT idx, is_main FROM names WHERE key=?", (key,)))
            places = self._places_at(main) if main else {}
            hit = tuple((places[idx], bool(is_main)) for idx, is_main in main.items() if idx in places)
            if len(self._cands) > 100_000:
                self._cands.clear()
            self._cands[key] = hit
        return hit

    def prefetch(self, keys: Iterable[str]) -> None:
        """Look up at once the names among ``keys`` not yet looked up, as ``candidates`` would one
        by one (the same places in the same order): a document's names cost one query, not one each."""
        todo = list(dict.fromkeys(k for k in keys if k and k not in self._cands))
        if not todo:
            return
        rows: dict[str, dict[int, int]] = {k: {} for k in todo}
        for start in range(0, len(todo), _BATCH):
            part = todo[start:start + _BATCH]
            for key, idx, is_main in self._conn.execute(
                    f"SELECT key, idx, is_main FROM names WHERE key IN ({','.join('?' * len(part))})", part):
                rows[key][idx] = is_main
        places = self._places_at([idx for main in rows.values() for idx in main])
        if len(self._cands) + len(todo) > 100_000:
            self._cands.clear()
        for key, main in rows.items():
            self._cands[key] = tuple((places[idx], bool(is_main)) for idx, is_main in sorted(main.items())
                                     if idx in places)

    def _places_at(self, idxs: Collection[int]) -> dict[int, Place]:
        """The places at these row numbers (those that exist), read once and then remembered."""
        found = {i: p for i in idxs if (p := self._places.get(i)) is not None}
        missing = [i for i in idxs if i not in found]
        for start in range(0, len(missing), _BATCH):
            part = missing[start:start + _BATCH]
            for row in self._conn.execute(
                    f"SELECT * FROM places WHERE idx IN ({','.join('?' * len(part))})", part):
                found[row[0]] = self._cached_place(row)
        return found

    def has_prefix(self, key: str) -> bool:
        """Whether some indexed name is ``key`` or starts with it followed by more words."""
        if not key:
            return False
        if bool(self.candidates(key)):
            return True
        found = self._prefixes.get(key)
        if found is None:
            row = self._conn.execute("SELECT 1 FROM names WHERE key >= ? AND key < ? LIMIT 1",
                                     (key + " ", key + " \uffff")).fetchone()
            if len(self._prefixes) > 100_000:
                self._prefixes.clear()
            found = self._prefixes[key] = row is not None
        return found

    def _cached_place(self, row: tuple) -> Place:
        place = self._places.get(row[0])
        if place is None:
            place = self._places[row[0]] = _row_place(row)
        return place

    def place(self, place_id: str) -> Place | None:
        """The place with this id, or None (remembered: a demonym asks for its country every time)."""
        try:
            return self._by_id[place_id]
        except KeyError:
            pass
        row = self._conn.execute("SELECT * FROM places WHERE place_id=?", (place_id,)).fetchone()
        if len(self._by_id) > 100_000:
            self._by_id.clear()
        place = self._by_id[place_id] = _row_place(row) if row else None
        return place

    @lru_cache(maxsize=50_000)
    def zipf(self, word: str) -> float:
        """How common ``word`` (lower case) is in English (Zipf scale; 0 if rare)."""
        row = self._conn.execute("SELECT zipf FROM common WHERE word=?", (word.lower(),)).fetchone()
        return row[0] if row else 0.0

    @lru_cache(maxsize=50_000)
    def given_name(self, word: str) -> int:
        """How common ``word`` (as written) is as a given name: 0 (not one) to 13 (very common)."""
        try:
            row = self._conn.execute("SELECT freq FROM given WHERE name=?", (word,)).fetchone()
        except sqlite3.OperationalError:  # an index built before the table existed
            return 0
        return row[0] if row else 0

    @lru_cache(maxsize=50_000)
    def starts_names(self, key: str, at_least: int = 100) -> bool:
        """Whether ``key`` opens at least ``at_least`` different longer names: "tal" (of "Tal Abyad")
        and "ain" open hundreds; a given name such as "juan" or "charles" far fewer."""
        rows = self._conn.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT key FROM names WHERE key >= ? AND key < ? LIMIT ?)",
            (key + " ", key + " \uffff", at_least)).fetchone()
        return rows[0] >= at_least

    def unlocated(self, key: str) -> tuple[tuple[str, str, str], ...]:
        """Curated places called ``key`` that no source locates: (place_id, country, admin1)."""
        hit = self._unlocated.get(key)
        if hit is None:
            try:
                rows = self._conn.execute("SELECT place_id, cc, admin1 FROM unlocated WHERE key=?", (key,))
                hit = tuple(rows)
            except sqlite3.OperationalError:  # an index built before the table existed
                hit = ()
            if len(self._unlocated) > 100_000:
                self._unlocated.clear()
            self._unlocated[key] = hit
        return hit

    def demonym(self, word: str) -> str | None:
        """The country code of a demonym or adjective ("Syrian" -> "SY"), else None."""
        try:
            return self._demonym_of[word]
        except KeyError:
            pass
        if self._demonyms is None:
            self._demonyms = dict(self._conn.execute("SELECT key, cc FROM demonyms"))
        if len(self._demonym_of) > 100_000:
            self._demonym_of.clear()
        cc = self._demonym_of[word] = self._demonyms.get(name_key(word))
        return cc

    def region_demonym(self, word: str) -> Place | None:
        """The province or region a demonym names ("Crimean" -> Crimea), else None."""
        if self._region_demonyms is None:
            try:
                self._region_demonyms = dict(self._conn.execute("SELECT key, place_id FROM region_demonyms"))
            except sqlite3.OperationalError:  # an index built before the table existed
                self._region_demonyms = {}
        pid = self._region_demonyms.get(name_key(word))
        return self.place(pid) if pid else None

    def lookup(self, name: str, limit: int = 10) -> list[tuple[Place, float]]:
        """Candidates for a name in any spelling, best first, with normalised scores.

        Exact (normalised) matches come first; when there are none, the closest
        indexed names by rapidfuzz similarity are offered, their scores summing to 0.5.
        """
        key = name_key(name)
        cands = [(p, prior_score(p, main)) for p, main in self.candidates(key)]
        scale = 1.0
        if not cands:  # no exact name: similar names, with scores halved so they never look certain
            cands, scale = self._fuzzy(key), 0.5
        if not cands:
            return []
        top = max(s for _, s in cands)
        weights = [(p, math.exp(s - top)) for p, s in cands]
        total = sum(w for _, w in weights)
        ranked = sorted(((p, scale * w / total) for p, w in weights), key=lambda x: (-x[1], x[0].place_id))
        return ranked[:limit]

    def _fuzzy(self, key: str) -> list[tuple[Place, float]]:
        from rapidfuzz import fuzz, process

        if len(key) < 3:
            return []
        keys = [r[0] for r in self._conn.execute(
            "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ?", (key[:2], key[:2] + "\uffff"))]
        out = []
        for other, sim, _ in process.extract(key, keys, scorer=fuzz.ratio, limit=5, score_cutoff=75):
            for p, main in self.candidates(other):
                out.append((p, prior_score(p, main) - (100 - sim) / 5))
        return out


_BATCH = 500  # parameters per query, well within SQLite's limit


def _row_place(row) -> Place:
    (_, place_id, name, lat, lon, fclass, fcode, cc, admin1, pop, gid, source, precision, geom) = row
    return Place(
        place_id=place_id, name=name, lat=lat, lon=lon, feature_class=fclass, feature_code=fcode,
        country_code=cc, admin1=admin1 or "", population=pop or 0, geonameid=gid, source=source,
        precision=precision, geometry=json.loads(geom) if geom else None,
    )


_GAZETTEER: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, building its index first if the sources changed."""
    global _GAZETTEER
    if _GAZETTEER is None:
        path = index_path()
        if not path.exists():
            path = build_index()
        _GAZETTEER = Gazetteer(path)
    return _GAZETTEER
