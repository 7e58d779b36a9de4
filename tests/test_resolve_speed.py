"""The geoparser's speed-ups change no answer: each remembered or shortcut computation gives
what the plain one gives, to the bit (resolution, recognition, tokenising, gazetteer look-ups)."""
from __future__ import annotations

import random

import pytest

from geo.gazetteer import _row_place, get_gazetteer
from geo.geodesy import distance_km
from geo.parse import parse_text
from geo.resolve import _Distances, _medoid, _merged
from geo.text import _TOKEN_RE, _TOKEN_RE_NO_UNDERSCORE, Token, name_key, tokenize


def _points(rng: random.Random, n: int) -> list[tuple[float, float]]:
    """Random points, some of them close together and some repeated."""
    out: list[tuple[float, float]] = []
    for _ in range(n):
        if out and rng.random() < 0.3:
            lat, lon = rng.choice(out)
            out.append((lat + rng.uniform(-0.5, 0.5), lon + rng.uniform(-0.5, 0.5)))
        elif out and rng.random() < 0.1:
            out.append(rng.choice(out))
        else:
            out.append((round(rng.uniform(-90, 90), 4), round(rng.uniform(-180, 180), 4)))
    return out


def test_remembered_distances_are_distance_km_to_the_bit():
    rng = random.Random(7)
    points = _points(rng, 60)
    dist = _Distances()
    for _ in range(2):  # worked out, then remembered
        for a in points:
            for b in points:
                assert dist(a, b) == distance_km(a[0], a[1], b[0], b[1])
    rows = dist.rows(set(points))
    assert all(rows[a][b] == distance_km(*a, *b) for a in points for b in points)


def _plain_weighted_centre(points: list[tuple[float, float, float]]) -> tuple[float, float] | None:
    """The resolver's weighted medoid as first written: a great-circle distance per pair, every time."""
    merged: dict[tuple[float, float], float] = {}
    for lat, lon, w in points:
        merged[(lat, lon)] = merged.get((lat, lon), 0.0) + w
    if not merged:
        return None
    return min(merged, key=lambda p: sum(w * distance_km(p[0], p[1], q[0], q[1]) for q, w in merged.items()))


@pytest.mark.parametrize("seed", range(20))
def test_medoid_is_the_plain_weighted_centre(seed):
    rng = random.Random(seed)
    pts = [(lat, lon, rng.choice([0.6, 1.0, 1.5, 3.0, rng.uniform(0.5, 3.0)]))
           for lat, lon in _points(rng, rng.randint(0, 25))]
    dist = _Distances()
    rows = dist.rows({(lat, lon) for lat, lon, _ in pts})
    assert _medoid(_merged(pts), rows) == _plain_weighted_centre(pts)
    # two points of equal weight: the first named is the centre, as min() chose
    assert _medoid(_merged([(1.0, 2.0, 1.0), (3.0, 4.0, 1.0)]), dist.rows({(1.0, 2.0), (3.0, 4.0)})) == (1.0, 2.0)


def test_fast_tokenizer_pattern_matches_the_exact_one_without_underscores():
    rng = random.Random(3)
    alphabet = "aB1é.'’-ʿʾ‘ ,sSا\n"
    texts = ["U.S. troops in Ma'arrat an-Nu'man, France's port; W.Va. and U.S.A.",
             "Al-Nayrab's road... e.g. 'quoted' ‘Aleppo’ x-ray A.B.C.D. d.c"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))) for _ in range(20_000)]
    for text in texts:
        assert [m.span() for m in _TOKEN_RE_NO_UNDERSCORE.finditer(text)] == [m.span() for m in _TOKEN_RE.finditer(text)]


def test_tokens_are_ordinary_tokens():
    tokens = tokenize("Shelling hit snake_case France's U.S. bases.")
    assert [t.text for t in tokens] == ["Shelling", "hit", "snake", "case", "France", "U.S.", "bases"]
    france = tokens[4]
    assert france == Token(24, 30, "France") and hash(france) == hash(Token(24, 30, "France"))
    with pytest.raises(AttributeError):
        france.start = 0  # still frozen


@pytest.mark.parametrize("name, key", [
    ("Mississippi", "misisipi"),
    ("Tell Abyad", "tal abyad"),
    ("Jebel al-Zawiya", "jabal al zawiya"),
    ("El Paso", "al paso"),
    ("Marrat", "marat"),
    ("Trinidad & Tobago", "trinidad and tobago"),
    ("St. Louis", "st louis"),
    ("el", "el"),
])
def test_name_keys(name, key):
    assert name_key(name) == key


def test_candidates_are_those_of_one_join_in_place_order():
    gaz = get_gazetteer()
    query = ("SELECT p.*, MAX(n.is_main) FROM names n JOIN places p ON p.idx = n.idx "
             "WHERE n.key=? GROUP BY p.idx")
    for name in ["Paris", "Springfield", "Aleppo", "Idlib", "Georgia", "Nowhere Such Place", "al-Nayrab", "M4"]:
        key = name_key(name)
        joined = tuple((_row_place(row[:-1]), bool(row[-1])) for row in gaz._conn.execute(query, (key,)))
        assert gaz.candidates(key) == joined
        assert gaz.candidates(key) is gaz.candidates(key)  # remembered


def test_names_looked_up_at_once_are_those_looked_up_one_by_one():
    from geo.gazetteer import Gazetteer

    gaz = get_gazetteer()
    fresh = Gazetteer(gaz.path)  # nothing remembered yet
    names = ["Paris", "Springfield", "Aleppo", "Idlib", "Georgia", "Nowhere Such Place", "al-Nayrab", "M4", "Paris"]
    fresh.prefetch(name_key(n) for n in names)
    for name in names:
        key = name_key(name)
        assert key in fresh._cands  # looked up by the one query
        assert fresh.candidates(key) == gaz.candidates(key)
    text = "Shelling hit Saraqib and Nayrab, south of Idlib; Paris and Henry County, Tennessee, were calm."
    assert parse_text(text) == parse_text(text, Gazetteer(gaz.path))


def test_gazetteer_place_and_prefix_are_remembered():
    gaz = get_gazetteer()
    assert gaz.place("cc:SY") is gaz.place("cc:SY") and gaz.place("cc:SY").country_code == "SY"
    assert gaz.place("cc:nowhere") is None
    key = name_key("People's Republic of")
    assert gaz.has_prefix(key) and gaz.has_prefix(key)
    assert not gaz.has_prefix("zzqx") and not gaz.has_prefix("")


def test_repeated_names_resolve_alike_and_parses_are_repeatable():
    text = ("Paris, Texas, lies north of Dallas. In Paris the mayor said the Red River flooded. "
            "Paris and Dallas share a TV market; Lyon and Paris, France, do not.")
    first = parse_text(text)
    again = parse_text(text)
    assert [(m.start, m.place.place_id, m.confidence) for m in first] == \
        [(m.start, m.place.place_id, m.confidence) for m in again]
    paris = {m.place.place_id for m in first if m.text == "Paris"}
    assert len(paris) == 1  # one sense per discourse: "Paris, Texas" settles them all
