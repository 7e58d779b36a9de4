"""The SQLite store: schema, idempotent saves, atomic replacement, rollback, readers."""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from geo.ingest import load_document
from geo.records import Claim, Document, Event, Mention, Place
from geo.store import Store

TEXT = (
    "Shelling near Kherson\n\n"
    "Artillery hit a market in Kherson on Wednesday, the governor said. Mr. Smith of the U.S. embassy "
    "condemned it.\n\n"
    "Residents of Antonivka fled towards Mykolaiv."
)
KHERSON = Place("gn:706448", "Kherson", 46.6354, 32.6169, country_code="UA", geonameid=706448)
MYKOLAIV = Place("gn:700569", "Mykolaiv", 46.9659, 31.9974, country_code="UA", geonameid=700569)


def write_doc(folder: Path, text: str = TEXT, name: str = "kherson.txt") -> Document:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def found(doc: Document) -> tuple[list[Mention], list[Event], list[Claim]]:
    """Mentions, one event and one claim located in ``doc.body`` by real offsets."""
    mentions = []
    for place in (KHERSON, MYKOLAIV):
        start = doc.body.find(place.name, doc.body.find("\n"))
        if start >= 0:
            mentions.append(Mention(start, start + len(place.name), place.name, place, confidence=0.9))
    s_start = doc.body.find("Artillery")
    s_end = doc.body.find("said.") + len("said.")
    event = Event(f"ev-{doc.doc_id[:8]}", doc.doc_id, "Explosions/Remote violence",
                  "Shelling/artillery/missile attack", doc.body[s_start:s_end], s_start, s_end,
                  event_date="2023-05-03", time_precision=1, place_id=KHERSON.place_id, location="Kherson",
                  lat=KHERSON.lat, lon=KHERSON.lon, geo_precision=1)
    claim = Claim(f"cl-{doc.doc_id[:8]}", doc.doc_id, "the governor", "Artillery hit a market in Kherson",
                  s_start, s_end, cue="said", place_ids=(KHERSON.place_id,), event_ids=(event.event_id,))
    return mentions, [event], [claim]


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "sub" / "dir" / "geo.sqlite") as st:
        yield st


def test_schema_wal_foreign_keys_and_migrations(tmp_path):
    path = tmp_path / "a" / "b" / "geo.sqlite"
    with Store(path) as st:
        assert st.schema_versions() == [1, 2, 3]  # 2: corrections (geo/corrections.py), 3: incremental clustering
        assert st._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert st._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with Store(path) as st:  # reopening applies nothing twice
        assert st.schema_versions() == [1, 2, 3]
    rows = sqlite3.connect(path).execute("SELECT version FROM migrations").fetchall()
    assert rows == [(1,), (2,), (3,)]


def test_store_then_unchanged_writes_nothing(store, tmp_path):
    doc = write_doc(tmp_path)
    assert store.save_document(doc, *found(doc)) == "stored"
    before = store.counts()
    assert before == {"documents": 1, "mentions": 2, "events": 1, "claims": 1}
    stamp = store.documents()[0]["ingested_at"]
    assert store.save_document(doc, *found(doc)) == "unchanged"
    assert store.counts() == before
    assert store.documents()[0]["ingested_at"] == stamp


def test_changed_file_replaces_old_rows(store, tmp_path):
    old = write_doc(tmp_path)
    store.save_document(old, *found(old))
    new = write_doc(tmp_path, TEXT.replace("Wednesday", "Thursday").replace(" towards Mykolaiv", ""))
    assert new.doc_id != old.doc_id
    assert store.save_document(new, *found(new)) == "replaced"
    docs = store.documents()
    assert [d["doc_id"] for d in docs] == [new.doc_id]
    assert {m["doc_id"] for m in store.mentions()} == {new.doc_id}
    assert [m["name"] for m in store.mentions()] == ["Kherson"]
    assert [e["event_id"] for e in store.events()] == [f"ev-{new.doc_id[:8]}"]
    assert [c["claim_id"] for c in store.claims()] == [f"cl-{new.doc_id[:8]}"]


def test_failure_mid_write_rolls_back_everything(store, tmp_path):
    old = write_doc(tmp_path)
    store.save_document(old, *found(old))
    new = write_doc(tmp_path, TEXT + "\n\nMore shelling was reported.")
    mentions, events, claims = found(new)
    bad = replace(mentions[-1], text=None)  # NOT NULL column: the insert fails after others succeeded
    with pytest.raises(sqlite3.IntegrityError):
        store.save_document(new, [mentions[0], bad], events, claims)
    assert [d["doc_id"] for d in store.documents()] == [old.doc_id]
    assert len(store.mentions(old.doc_id)) == 2
    assert store.mentions(new.doc_id) == []
    assert store.counts() == {"documents": 1, "mentions": 2, "events": 1, "claims": 1}
    # the store is still usable afterwards
    assert store.save_document(new, *found(new)) == "replaced"


def test_mentions_carry_their_sentence(store, tmp_path):
    doc = write_doc(tmp_path)
    store.save_document(doc, *found(doc))
    rows = store.mentions(doc.doc_id)
    kherson = rows[0]
    assert doc.body[kherson["start"]:kherson["end"]] == "Kherson"
    assert kherson["sentence"] == "Artillery hit a market in Kherson on Wednesday, the governor said."
    assert rows[1]["sentence"] == "Residents of Antonivka fled towards Mykolaiv."
    assert kherson["geometry"] == {"type": "Point", "coordinates": [32.6169, 46.6354]}
    assert kherson["lat"] == pytest.approx(46.6354) and kherson["geonameid"] == 706448


def test_events_and_claims_readers_join_document_fields(store, tmp_path):
    doc = write_doc(tmp_path)
    store.save_document(replace(doc, outlet="Example Wire"), *found(doc))
    (event,) = store.events()
    assert (event["outlet"], event["title"], event["path"]) == ("Example Wire", "Shelling near Kherson", doc.path)
    assert event["sub_event_type"] == "Shelling/artillery/missile attack" and event["cluster_id"] is None
    (claim,) = store.claims()
    assert (claim["outlet"], claim["title"]) == ("Example Wire", "Shelling near Kherson")
    assert claim["place_ids"] == ["gn:706448"] and claim["event_ids"] == [event["event_id"]]


def test_set_clusters(store, tmp_path):
    doc = write_doc(tmp_path)
    store.save_document(doc, *found(doc))
    event_id = store.events()[0]["event_id"]
    store.set_clusters({event_id: "c-1"})
    assert store.events()[0]["cluster_id"] == "c-1"
    store.set_clusters({})
    assert store.events()[0]["cluster_id"] is None


def test_values_are_bound_not_spliced(store, tmp_path):
    doc = write_doc(tmp_path)
    nasty = "O'Brien \"quoted\"; DROP TABLE documents; --"
    store.save_document(replace(doc, title=nasty, warnings=("a 'warning'",)), [], [], [])
    (row,) = store.documents()
    assert row["title"] == nasty and row["warnings"] == ["a 'warning'"]
    assert row["body"] == doc.body and row["raw_text"] == doc.raw_text


def test_delete_document_cascades(store, tmp_path):
    doc = write_doc(tmp_path)
    store.save_document(doc, *found(doc))
    assert store.delete_document(doc.doc_id) is True
    assert store.counts() == {"documents": 0, "mentions": 0, "events": 0, "claims": 0}
