"""Analysts' corrections: stored with who and when, applied at once, and again on every later ingest."""
from __future__ import annotations

import pytest

from geo.corrections import (
    Correction,
    apply_corrections,
    candidates,
    latest,
    make_correction,
    manual_place,
)
from geo.pipeline import ingest_paths
from geo.records import Claim, Document, Event, Mention, Place
from geo.store import Store

ARTICLE = ("Clashes near Ariha\n\nGovernment forces shelled Ariha on Tuesday, killing three civilians, "
           "local sources said. Residents fled towards Idlib.\n")
JERICHO = Place("gn:284899", "Jericho", 31.86667, 35.45, feature_code="PPLA", country_code="PS",
                geonameid=284899, source="GeoNames cities500")


@pytest.fixture
def ingested(tmp_path):
    """A real store with ARTICLE ingested by the real pipeline; yields (store, article path)."""
    article = tmp_path / "ariha.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    store = Store(tmp_path / "store.sqlite")
    report = ingest_paths([article], store)
    assert report.stored == (str(article),)
    yield store, article
    store.close()


def _ariha(store: Store, which: int = 1) -> dict:
    return [m for m in store.mentions() if m["text"] == "Ariha"][which]


def test_schema_has_corrections_without_cascade(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        assert store.schema_versions() == [1, 2, 3]
        sql = store._conn.execute("SELECT sql FROM sqlite_master WHERE name = 'corrections'").fetchone()[0]
        assert "REFERENCES" not in sql and "CASCADE" not in sql


def test_correction_is_applied_at_once_with_who_and_when(ingested):
    store, _ = ingested
    mention = _ariha(store)
    assert mention["place_id"] == "cur:ariha"
    point = manual_place(35.9, 36.5, "Ariha (analyst)")
    correction = make_correction(mention, point, who="  Alice   Analyst ", note="from imagery",
                                 when="2026-11-21T10:00:00+00:00")
    store.add_corrections([correction])

    fixed = _ariha(store)
    assert (fixed["place_id"], fixed["lat"], fixed["lon"]) == ("manual:35.90000,36.50000", 35.9, 36.5)
    assert fixed["confidence"] == 1.0
    assert "corrected by Alice Analyst 2026-11-21T10:00:00+00:00" in fixed["source"]
    # the other "Ariha" (the title) keeps its place, and so does the title's event
    assert _ariha(store, 0)["place_id"] == "cur:ariha"
    by_sentence = {e["sentence_start"]: e for e in store.events()}
    shelling = next(e for e in store.events() if e["event_type"] == "Explosions/Remote violence")
    assert (shelling["place_id"], shelling["lat"], shelling["lon"]) == (point.place_id, 35.9, 36.5)
    assert "corrected by Alice Analyst" in shelling["notes"]
    assert by_sentence[0]["place_id"] == "cur:ariha"
    [claim] = store.claims()
    assert claim["place_ids"] == [point.place_id]

    [audit] = store.corrections()
    assert (audit["who"], audit["corrected_at"], audit["note"]) == ("Alice Analyst", "2026-11-21T10:00:00+00:00",
                                                                    "from imagery")
    assert (audit["old_place_id"], audit["place_id"], audit["text"]) == ("cur:ariha", point.place_id, "Ariha")
    assert (audit["start"], audit["end"]) == (mention["start"], mention["end"])


def test_correcting_every_mention_moves_every_event(ingested):
    store, _ = ingested
    store.add_corrections([make_correction(m, JERICHO, who="bob") for m in store.mentions()
                           if m["text"] == "Ariha"])
    assert {e["place_id"] for e in store.events() if e["location"] != "Idlib"} == {"gn:284899"}
    assert [c["who"] for c in store.corrections()] == ["bob", "bob"]


def test_correction_survives_restart_delete_and_reingest(ingested, tmp_path):
    store, article = ingested
    mention = _ariha(store)
    store.add_corrections([make_correction(mention, JERICHO, who="carol")])
    doc_id = mention["doc_id"]
    store.close()

    with Store(store.path) as again:  # a restart: a new connection to the same file
        assert _ariha(again)["place_id"] == "gn:284899"
        assert again.delete_document(doc_id)
        assert again.mentions() == [] and len(again.corrections()) == 1
        report = ingest_paths([article], again)
        assert report.stored == (str(article),)
        fixed = _ariha(again)
        assert (fixed["place_id"], fixed["lat"], fixed["lon"]) == ("gn:284899", 31.86667, 35.45)
        assert fixed["confidence"] == 1.0
        shelling = next(e for e in again.events() if e["event_type"] == "Explosions/Remote violence")
        assert shelling["place_id"] == "gn:284899"  # extracted from the corrected mention


def test_rebuilt_store_gets_no_correction_from_elsewhere(ingested, tmp_path):
    """Corrections live in the store that holds them: a fresh store resolves afresh."""
    store, article = ingested
    store.add_corrections([make_correction(_ariha(store), JERICHO, who="dan")])
    with Store(tmp_path / "fresh.sqlite") as fresh:
        ingest_paths([article], fresh)
        assert _ariha(fresh)["place_id"] == "cur:ariha"


def test_replacing_a_document_keeps_its_corrections(ingested):
    store, article = ingested
    store.add_corrections([make_correction(_ariha(store), JERICHO, who="erin")])
    article.write_text(ARTICLE + "More shelling was reported later.\n", encoding="utf-8")
    report = ingest_paths([article], store)
    assert report.replaced == (str(article),)
    assert len(store.corrections()) == 1  # the old text's correction is kept for the old hash


def test_save_document_applies_corrections_for_any_analyser(ingested):
    """A custom analyser (no pipeline hook) still gets the stored corrections, events included."""
    store, article = ingested
    mention = _ariha(store)
    store.add_corrections([make_correction(mention, JERICHO, who="fay")])
    store.delete_document(mention["doc_id"])

    def analyse(doc):
        from geo.extract.events import extract_events
        from geo.parse import parse_text

        mentions = parse_text(doc.body)
        return mentions, extract_events(doc, mentions), []

    ingest_paths([article], store, analyse=analyse)
    assert _ariha(store)["place_id"] == "gn:284899"
    shelling = next(e for e in store.events() if e["event_type"] == "Explosions/Remote violence")
    assert shelling["place_id"] == "gn:284899" and "corrected by fay" in shelling["notes"]


def test_newest_correction_wins_and_all_stay_in_the_audit(ingested):
    store, _ = ingested
    store.add_corrections([make_correction(_ariha(store), JERICHO, who="gus")])
    store.add_corrections([make_correction(_ariha(store), manual_place(35.0, 36.0), who="hal")])
    assert _ariha(store)["place_id"] == "manual:35.00000,36.00000"
    audit = store.corrections()
    assert [(c["who"], c["old_place_id"], c["place_id"]) for c in audit] == [
        ("gus", "cur:ariha", "gn:284899"), ("hal", "gn:284899", "manual:35.00000,36.00000")]
    assert [c.who for c in latest(Correction.from_row(r) for r in audit)] == ["hal"]


def test_correction_for_unknown_document_waits_for_its_text(tmp_path):
    """A correction kept for a hash not stored (e.g. the store was rebuilt) is applied when the text arrives."""
    body = "Shelling hit Ariha overnight, residents said."
    doc = Document("hash-1", str(tmp_path / "x.txt"), body, body)
    row = {"doc_id": "hash-1", "start": body.index("Ariha"), "end": body.index("Ariha") + 5, "text": "Ariha",
           "kind": "literal", "place_id": "cur:ariha", "name": "Ariha", "lat": 35.8, "lon": 36.6}
    with Store(tmp_path / "s.sqlite") as store:
        store.add_corrections([make_correction(row, JERICHO, who="ida")])
        assert store.mentions() == []
        store.save_document(doc, [], [], [])  # the recogniser found nothing: the mention is added
        [m] = store.mentions()
        assert (m["text"], m["place_id"], m["confidence"]) == ("Ariha", "gn:284899", 1.0)


def test_apply_corrections_follows_moved_text():
    body = "Intro. Shelling hit Ariha overnight."
    ariha = Place("cur:ariha", "Ariha", 35.8, 36.6)
    start = body.index("Ariha")
    moved = Correction("d", start - 7, start - 2, "Ariha", JERICHO, "jo", "2026-01-01T00:00:00+00:00")
    out = apply_corrections(body, [Mention(start, start + 5, "Ariha", ariha, confidence=0.4)], [moved])
    assert [(m.start, m.place.place_id, m.confidence) for m in out] == [(start, "gn:284899", 1.0)]
    # text gone from there and no mention of it: nothing is invented
    assert apply_corrections("Nothing here.", [], [moved]) == []


def test_a_correction_follows_a_span_the_recogniser_now_reads_longer_or_shorter():
    body = "Turkish artillery hit al-Nayrab and Saraqib."
    nayrab = body.index("Nayrab")
    corrected = Correction("d", nayrab, nayrab + 6, "Nayrab", JERICHO, "kim", "2026-01-01T00:00:00+00:00")
    guess = Place("gn:1", "Nayrab airport", 36.18, 37.22)
    wider = Mention(nayrab - 3, nayrab + 6, "al-Nayrab", guess, confidence=0.5)
    saraqib = Mention(body.index("Saraqib"), body.index("Saraqib") + 7, "Saraqib", Place("cur:s", "Saraqib", 35.86, 36.8))
    out = apply_corrections(body, [wider, saraqib], [corrected])
    assert [(m.text, m.place.place_id, m.confidence) for m in out] == [
        ("al-Nayrab", "gn:284899", 1.0), ("Saraqib", "cur:s", saraqib.confidence)]
    # two mentions over the corrected span: which one the analyst meant is unknown, so neither changes
    split = [Mention(nayrab - 3, nayrab + 2, "al-Na", guess), Mention(nayrab + 2, nayrab + 6, "yrab", guess)]
    assert [m.place.place_id for m in apply_corrections(body, split, [corrected])] == ["gn:1", "gn:1"]


def test_make_correction_needs_a_name_and_manual_place_real_coordinates():
    row = {"doc_id": "d", "start": 0, "end": 5, "text": "Ariha"}
    with pytest.raises(ValueError, match="who"):
        make_correction(row, JERICHO, who="   ")
    with pytest.raises(ValueError, match="latitude"):
        manual_place(91, 0)
    with pytest.raises(ValueError, match="longitude"):
        manual_place(0, 181)


def test_candidates_come_from_the_gazetteer():
    found = candidates("Ariha")
    ids = [p.place_id for p, _ in found]
    assert "cur:ariha" in ids
    assert all(0 <= score <= 1 for _, score in found)


def test_hand_built_store_moves_only_the_corrected_sentence(tmp_path):
    """Two sentences at the same place: correcting one mention moves only its sentence's event."""
    body = "Shelling hit Ariha. Clashes went on in Ariha."
    ariha = Place("cur:ariha", "Ariha", 35.8, 36.6)
    first, second = body.index("Ariha"), body.rindex("Ariha")
    mentions = [Mention(first, first + 5, "Ariha", ariha), Mention(second, second + 5, "Ariha", ariha)]
    events = [Event(f"ev{i}", "doc", "Battles", "Armed clash", body[s:e], s, e, place_id="cur:ariha",
                    location="Ariha", lat=35.8, lon=36.6) for i, (s, e) in enumerate([(0, 19), (20, len(body))])]
    claims = [Claim("cl", "doc", "residents", "x", 20, len(body), place_ids=("cur:ariha",))]
    with Store(tmp_path / "s.sqlite") as store:
        store.save_document(Document("doc", str(tmp_path / "d.txt"), body, body), mentions, events, claims)
        row = store.mentions()[1]
        store.add_corrections([make_correction(row, JERICHO, who="kim")])
        assert [e["place_id"] for e in store.events()] == ["cur:ariha", "gn:284899"]
        assert store.claims()[0]["place_ids"] == ["gn:284899"]


def test_a_correction_reclusters_at_once(tmp_path):
    """Moving an event's place far away splits it from the reports it was clustered with, straight away."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    dated = ARTICLE.replace("\n\n", "\n\nPublished: 25 February 2020\n\n", 1)
    first.write_text(dated, encoding="utf-8")
    second.write_text(dated.replace("local sources said", "a monitor reported"), encoding="utf-8")
    with Store(tmp_path / "store.sqlite") as store:
        ingest_paths([first, second], store)
        events = sorted((e for e in store.events() if "shelled" in (e["sentence"] or "")), key=lambda e: e["doc_id"])
        assert len(events) == 2 and events[0]["cluster_id"] == events[1]["cluster_id"]  # one event, two reports
        mention = next(m for m in store.mentions() if m["text"] == "Ariha" and m["doc_id"] == events[1]["doc_id"]
                       and m["place_id"] == events[1]["place_id"] and "shelled" in (m.get("sentence") or ""))
        store.add_corrections([make_correction(mention, JERICHO, who="fay")])
        moved = {e["event_id"]: e for e in store.events()}
        assert moved[events[1]["event_id"]]["place_id"] == JERICHO.place_id
        assert moved[events[0]["event_id"]]["cluster_id"] != moved[events[1]["event_id"]]["cluster_id"]
