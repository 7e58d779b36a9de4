"""Shared pytest fixtures.  Each feature keeps its fixtures in its own section."""
from __future__ import annotations

# ---------------------------------------------------------------------------
# Map, export and dashboard fixtures (tests/test_map_render.py, tests/test_browser.py)
# ---------------------------------------------------------------------------
import csv
from pathlib import Path

import pytest

from geo.paths import GAZETTEER_DIR

#: A hostile string: HTML, an entity, quotes, a Jinja/JS template and a backslash.
EVIL = '<script>alert(1)</script> & "quoted" {{7*7}} ${7*7} `tick` \\'

MAP_ARTICLE = (
    "Government forces advanced along the M5 highway towards Saraqib on Monday. "
    "Heavy fighting was also reported on the M4 road near Ariha, where three people were killed. "
    '"We will respond to any attack," Moscow said in a statement. '
)
EVIL_ARTICLE = f"Shelling hit Evilville {EVIL} overnight, residents said. "


def _road_geometry(route: str) -> dict:
    """A road's schematic LineString from the shipped highways CSV (lon, lat order)."""
    with open(GAZETTEER_DIR / "highways_schematic.csv", encoding="utf-8") as fh:
        rows = sorted((r for r in csv.DictReader(fh) if r["route"] == route), key=lambda r: int(r["seq"]))
    return {"type": "LineString", "coordinates": [[float(r["lon"]), float(r["lat"])] for r in rows]}


def _mention(text: str, body: str, place, kind: str = "literal", confidence: float = 0.8):
    from geo.records import Mention

    start = body.index(text)
    return Mention(start=start, end=start + len(text), text=text, place=place, kind=kind,
                   confidence=confidence)


def build_map_store(path: Path):
    """A real SQLite store with two documents, two roads, points, an event and a claim.

    Returns the open ``Store``.  Place names and the second outlet carry ``EVIL``.
    """
    from geo.records import Claim, Document, Event, Place
    from geo.store import Store

    saraqib = Place("gn:164816", "Saraqib", 35.86447, 36.80591, geonameid=164816, country_code="SY")
    ariha = Place("gn:172994", "Ariha", 35.81374, 36.60964, geonameid=172994, country_code="SY")
    m5 = Place("cur:road-m5", "M5 highway", 35.13, 36.76, feature_class="R", feature_code="RD",
               source="curated", precision="schematic", geometry=_road_geometry("M5"))
    m4 = Place("cur:road-m4", "M4 highway", 35.81, 36.32, feature_class="R", feature_code="RD",
               source="curated", precision="schematic", geometry=_road_geometry("M4"))
    moscow = Place("gn:524901", "Moscow", 55.75222, 37.61556, feature_code="PPLC", country_code="RU",
                   precision="capital as proxy")
    body = MAP_ARTICLE
    mentions = [_mention("M5", body, m5), _mention("Saraqib", body, saraqib, confidence=0.9),
                _mention("M4", body, m4), _mention("Ariha", body, ariha),
                _mention("Moscow", body, moscow, kind="metonymic", confidence=0.7)]
    s_start = body.index("Heavy fighting")
    s_end = body.index("killed.") + len("killed.")
    event = Event("ev-ariha", "doc-map-a", "Battles", "Armed clash", body[s_start:s_end], s_start, s_end,
                  actor1="Government forces", event_date="2020-02-10", time_precision=1,
                  place_id="gn:172994", location="Ariha", lat=35.81374, lon=36.60964, geo_precision=1,
                  fatalities=3)
    c_start = body.index('"We will')
    claim = Claim("cl-moscow", "doc-map-a", "Moscow", "We will respond to any attack", c_start,
                  len(body.rstrip()), outlet="Wire A", cue="said", event_ids=("ev-ariha",))
    doc_a = Document("doc-map-a", str(path.parent / "a.txt"), body, body, title="Advance on Saraqib",
                     outlet="Wire A", published="2020-02-10", time_precision=1, date_source="cli")
    evil_place = Place("cur:evil", f"Evilville {EVIL}", 36.0, 36.5, source=f"src {EVIL}",
                       precision="approximate")
    doc_b = Document("doc-map-b", str(path.parent / "b.txt"), EVIL_ARTICLE, EVIL_ARTICLE,
                     title=f"Title {EVIL}", outlet=f"Outlet {EVIL}", published="2020-02-11")
    store = Store(path)
    store.save_document(doc_a, mentions, [event], [claim])
    store.save_document(doc_b, [_mention("Evilville", EVIL_ARTICLE, evil_place, confidence=0.6)], [], [])
    return store


@pytest.fixture
def map_store(tmp_path):
    """An open store built by :func:`build_map_store` in tmp_path."""
    store = build_map_store(tmp_path / "map.sqlite")
    yield store
    store.close()

def theatre_map_data(evil: bool = False):
    """Three events at precision 1-3 on different days, claims by three sides, a post, one document.

    A ``MapData`` for the map's layers; ``evil`` puts EVIL into every document string.
    """
    from geo.mapdata import MapData

    x = f" {EVIL}" if evil else ""
    doc = {"doc_id": "d1", "outlet": "Wire A" + x, "title": "Report" + x, "published": "2020-02-20"}
    mentions = [{"doc_id": "d1", "place_id": "gn:1", "name": "Saraqib" + x, "text": "Saraqib", "lat": 35.86, "lon": 36.8,
                 "kind": "literal", "feature_code": "PPL", "precision": "village centre", "sentence": "s"},
                {"doc_id": "d1", "place_id": "cc:SY", "name": "Syria", "text": "Syria", "lat": 35.0, "lon": 38.0,
                 "kind": "literal", "feature_code": "PCLI", "precision": "country centre", "sentence": "s"}]
    events = [
        {"event_id": f"e{p}", "doc_id": "d1", "event_type": t, "event_date": d, "time_precision": 1,
         "geo_precision": p, "location": "Saraqib" + x, "lat": 35.86 + p / 10, "lon": 36.8, "actor1": "Army" + x,
         "sentence": f"Fighting near Saraqib ({p}).{x}", "place_id": "gn:1", "cluster_id": "c1"}
        for p, t, d in ((1, "Battles", "2020-02-01"), (2, "Explosions/Remote violence", "2020-02-10"),
                        (3, "Protests", "2020-02"))]
    claims = [
        {"claim_id": "c-ru", "doc_id": "d1", "speaker": "Sergey Lavrov", "speaker_role": "Russian Foreign Minister",
         "content": "x" + x, "claim_date": "2020-02-01", "place_ids": ["gn:1"], "event_ids": []},
        {"claim_id": "c-ru2", "doc_id": "d1", "speaker": "Lavrov", "content": "y", "claim_date": "2020-02-02",
         "place_ids": ["cc:SY"], "event_ids": ["e2"]},
        {"claim_id": "c-tr", "doc_id": "d1", "speaker": "Turkish government (Ankara)", "content": "z",
         "place_ids": [], "event_ids": ["e3"]},
        {"claim_id": "c-x", "doc_id": "d1", "speaker": "military sources", "content": "w", "place_ids": [],
         "event_ids": []},
    ]
    posts = [{"id": "op1", "name": "Post", "lat": 35.9, "lon": 36.9,
              "statuses": [{"date": "2020-02-05", "status": "established"},
                           {"date": "2020-02-15", "status": "besieged"}]}]
    return MapData(mentions=mentions, events=events, claims=claims, documents=[doc], posts=posts)

# --- end of map, export and dashboard fixtures -----------------------------
