"""The ingest pipeline: folders in, per-file outcomes, bad files skipped, nothing lost."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geo import pipeline
from geo.cli import app
from geo.pipeline import expand_paths, ingest_paths
from geo.records import Document, Event, Mention, Place
from geo.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
PLACES = {
    "Idlib": Place("gn:169389", "Idlib", 35.9306, 36.6339, country_code="SY"),
    "Moscow": Place("gn:524901", "Moscow", 55.7522, 37.6156, country_code="RU"),
    "Kherson": Place("gn:706448", "Kherson", 46.6354, 32.6169, country_code="UA"),
    "Doha": Place("gn:290030", "Doha", 25.2855, 51.5310, country_code="QA"),
}


def simple_analyser(doc: Document):
    """A small deterministic analyser: known names as mentions, one event per document."""
    mentions = [Mention(m.start(), m.end(), m.group(0), PLACES[m.group(0)])
                for m in re.finditer("|".join(PLACES), doc.body)]
    events = []
    if mentions:
        first = mentions[0]
        events.append(Event(f"ev-{doc.doc_id[:12]}", doc.doc_id, "Strategic developments", "Other",
                            doc.body[first.start:first.end], first.start, first.end,
                            event_date="2020-02-20", time_precision=1, place_id=first.place.place_id,
                            location=first.place.name, lat=first.place.lat, lon=first.place.lon,
                            geo_precision=1))
    return mentions, events, []


def test_expand_paths_recursive_sorted_skipping_sidecars_and_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("z.txt", "a.md", "b/c.html", "b/d.htm", "x.txt.json", "x.meta.json", ".secret.txt",
                 ".hidden/e.txt", "notes.csv", "f.markdown"):
        (tmp_path / name).write_text("x")
    names = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])]
    assert names == ["a.md", "b/c.html", "b/d.htm", "f.markdown", "z.txt"]
    assert expand_paths([tmp_path / "notes.csv", tmp_path / "notes.csv"]) == [tmp_path / "notes.csv"]


def test_seeds_folder_stored_then_unchanged(tmp_path):
    lines: list[str] = []
    with Store(tmp_path / "geo.sqlite") as store:
        report = ingest_paths([SEEDS], store, on_progress=lines.append, analyse=simple_analyser)
        assert len(report.stored) == 5 and not report.failed
        assert lines[0] == f"stored {SEEDS / '000_02910dbe408aa998.txt'}: 2 places, 1 events, 0 claims"
        again = ingest_paths([SEEDS], store, analyse=simple_analyser)
        assert again.stored == () and len(again.unchanged) == 5
        assert store.counts()["documents"] == 5
        assert {d["published"] for d in store.documents()} >= {"2020-02-20", "2020-02-21"}


def test_bad_files_reported_batch_goes_on_and_stored_docs_survive(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "003_4c01ccb48fc8e6a5.txt", folder / "a_good.txt")
    with Store(tmp_path / "geo.sqlite") as store:
        ingest_paths([folder], store, analyse=simple_analyser)
        kept_id = store.documents()[0]["doc_id"]
        for name in ("empty.txt", "binary.txt", "invalid_utf8.txt", "noarticle.html", "page.html", "article.md"):
            shutil.copy(FIX / name, folder / name)
        lines: list[str] = []
        report = ingest_paths([folder, tmp_path / "missing.txt"], store, on_progress=lines.append,
                              analyse=simple_analyser)
        failed = dict((Path(p).name, problem) for p, problem in report.failed)
        assert set(failed) == {"empty.txt", "binary.txt", "invalid_utf8.txt", "noarticle.html", "missing.txt"}
        assert failed["empty.txt"] == "empty file"
        assert failed["invalid_utf8.txt"].startswith("not valid UTF-8 text")
        assert [Path(p).name for p in report.stored] == ["article.md", "page.html"]
        assert [Path(p).name for p in report.unchanged] == ["a_good.txt"]
        assert any(line.startswith("error: ") and "binary.txt: binary content" in line for line in lines)
        ids = {d["doc_id"] for d in store.documents()}
        assert kept_id in ids and len(ids) == 3


def test_internal_error_in_one_file_does_not_stop_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIX / "page.html", folder / "page.html")
    shutil.copy(FIX / "article.md", folder / "article.md")

    def flaky(doc: Document):
        if doc.media_type == "text/markdown":
            raise ValueError("boom")
        return simple_analyser(doc)

    with Store(tmp_path / "geo.sqlite") as store:
        report = ingest_paths([folder], store, analyse=flaky)
        assert [Path(p).name for p in report.stored] == ["page.html"]
        ((path, problem),) = report.failed
        assert path.endswith("article.md") and problem == "internal error: ValueError: boom"
        assert store.counts()["documents"] == 1


def test_changed_file_is_replaced(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Talks in Moscow\n\nDelegations met in Moscow on Monday, officials said.\n")
    with Store(tmp_path / "geo.sqlite") as store:
        assert len(ingest_paths([path], store, analyse=simple_analyser).stored) == 1
        path.write_text("Talks in Moscow\n\nDelegations met in Moscow and then flew to Idlib, officials said.\n")
        report = ingest_paths([path], store, analyse=simple_analyser)
        assert report.replaced == (str(path),)
        assert [m["name"] for m in store.mentions()] == ["Moscow", "Moscow", "Idlib"]
        assert store.counts()["documents"] == 1


def test_overrides_apply_to_every_document(tmp_path):
    with Store(tmp_path / "geo.sqlite") as store:
        ingest_paths([FIX / "nodate.txt", FIX / "monthonly.txt"], store, overrides={"outlet": "Desk", "published": "2024-02-02"},
                     analyse=simple_analyser)
        rows = store.documents()
        assert {(r["outlet"], r["published"], r["date_source"]) for r in rows} == {("Desk", "2024-02-02", "cli")}


def test_events_are_reclustered_across_documents(tmp_path):
    pytest.importorskip("geo.extract.corroborate")
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("Fighting in Idlib\n\nTroops clashed near Idlib on Thursday, activists said.\n")
    two.write_text("Idlib clashes\n\nIdlib saw heavy clashes on Thursday, a monitor reported.\n")
    with Store(tmp_path / "geo.sqlite") as store:
        ingest_paths([one, two], store, analyse=simple_analyser)
        events = store.events()
        assert len(events) == 2
        assert events[0]["cluster_id"] and events[0]["cluster_id"] == events[1]["cluster_id"]


def test_cli_ingest_twice_reports_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "default_analyser", lambda on_progress=None: simple_analyser)
    db = tmp_path / "x.sqlite"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", "--db", str(db), str(SEEDS)])
    assert first.exit_code == 0, first.output
    assert "stored 5, replaced 0, unchanged 0, failed 0" in first.output
    second = runner.invoke(app, ["ingest", "--db", str(db), str(SEEDS)])
    assert second.exit_code == 0
    assert "stored 0, replaced 0, unchanged 5, failed 0" in second.output
    assert second.output.count("unchanged ") == 6


def test_cli_ingest_only_bad_files_exits_1(tmp_path):
    result = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "x.sqlite"), str(FIX / "empty.txt")])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output


def test_real_stages_store_mentions_in_body_offsets(tmp_path):
    pytest.importorskip("geo.parse")
    with Store(tmp_path / "geo.sqlite") as store:
        report = ingest_paths([SEEDS / "003_4c01ccb48fc8e6a5.txt"], store)
        assert len(report.stored) == 1, report.failed
        body = store.documents()[0]["body"]
        mentions = store.mentions()
        assert any(m["name"] == "Idlib" for m in mentions)
        for m in mentions:
            assert body[m["start"]:m["end"]] == m["text"]
            assert m["text"] in m["sentence"] and m["sentence"] in body


# -- incremental re-clustering (Store.recluster_changed) ------------------------------------------

def line_analyser(doc: Document):
    """One event per line ``EV id sub_event_type date lat lon geo_precision time_precision``."""
    events = []
    for line in doc.raw_text.splitlines():  # the raw text: body extraction drops such lines
        parts = line.split()
        if len(parts) != 8 or parts[0] != "EV":
            continue
        _, eid, sub, day, lat, lon, gp, tp = parts
        sub = {"clash": "Armed clash", "shelling": "Shelling/artillery/missile attack",
               "protest": "Peaceful protest"}[sub]
        etype = {"Armed clash": "Battles", "Peaceful protest": "Protests"}.get(sub, "Explosions/Remote violence")
        events.append(Event(eid, doc.doc_id, etype, sub, line, 0, 1,
                            event_date=None if day == "-" else day, time_precision=int(tp),
                            place_id=f"p{lat}{lon}", lat=float(lat), lon=float(lon), geo_precision=int(gp)))
    return [], events, []


def ev_line(eid, sub="clash", day="2020-03-01", lat=35.0, lon=36.0, gp=1, tp=1):
    return f"EV {eid} {sub} {day} {lat} {lon} {gp} {tp}"


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("Report\n\n" + "\n".join(lines) + "\n")
    return path


def assert_clusters_as_full(store: Store) -> None:
    from geo.extract.corroborate import cluster_events

    events = store.events()
    full = cluster_events(events)
    assert {e["event_id"]: e["cluster_id"] for e in events} == full
    assert store._conn.execute("SELECT COUNT(*) FROM cluster_dirty").fetchone()[0] == 0


def test_incremental_reclustering_equals_full_across_batches(tmp_path):
    pytest.importorskip("geo.extract.corroborate")
    d = tmp_path / "in"
    d.mkdir()
    with Store(tmp_path / "geo.sqlite") as store:
        # Batch 1: two separate groups 5 days apart (time precision 1: 2-day tolerance).
        write_lines(d / "a.txt", ev_line("a1", day="2020-03-01"), ev_line("a2", day="2020-03-06"),
                    ev_line("u1", day="-"))
        ingest_paths([d / "a.txt"], store, analyse=line_analyser)
        assert_clusters_as_full(store)
        first = {e["event_id"]: e["cluster_id"] for e in store.events()}
        assert first["a1"] != first["a2"]
        # Batches 2-4: a chain that bridges them one step at a time, across batches.
        write_lines(d / "b.txt", ev_line("b1", day="2020-03-03", lat=35.01))
        ingest_paths([d / "b.txt"], store, analyse=line_analyser)
        assert_clusters_as_full(store)
        write_lines(d / "c.txt", ev_line("c1", day="2020-03-05", lat=35.02),
                    ev_line("s1", sub="shelling", day="2020-03-07", lat=35.0))  # compatible sub-type
        ingest_paths([d / "c.txt"], store, analyse=line_analyser)
        assert_clusters_as_full(store)
        ids = {e["event_id"]: e["cluster_id"] for e in store.events()}
        assert ids["a1"] == ids["b1"] == ids["c1"] == ids["a2"] == ids["s1"]
        # Week-precision events chain further out (7 days), then a protest nearby does not join.
        write_lines(d / "d.txt", ev_line("w1", day="2020-03-14", tp=3), ev_line("w2", day="2020-03-21", tp=3),
                    ev_line("p1", sub="protest", day="2020-03-07"))
        ingest_paths([d / "d.txt"], store, analyse=line_analyser)
        assert_clusters_as_full(store)
        # Replacing the bridge splits the chain; the unrelated far-away cluster keeps its id.
        write_lines(d / "far.txt", ev_line("f1", day="2021-01-01", lat=10.0), ev_line("f2", day="2021-01-02", lat=10.0))
        ingest_paths([d / "far.txt"], store, analyse=line_analyser)
        far_id = {e["event_id"]: e["cluster_id"] for e in store.events()}["f1"]
        write_lines(d / "c.txt", ev_line("c2", day="2020-03-05", lat=38.0))
        report = ingest_paths([d / "c.txt"], store, analyse=line_analyser)
        assert report.replaced == (str(d / "c.txt"),)
        assert_clusters_as_full(store)
        ids = {e["event_id"]: e["cluster_id"] for e in store.events()}
        assert ids["a1"] == ids["b1"] and ids["a2"] != ids["a1"] and ids["f1"] == far_id
        # Deleting a document, then an ingest of another file, re-clusters what it left.
        b_doc = next(r["doc_id"] for r in store.documents() if r["path"].endswith("b.txt"))
        assert store.delete_document(b_doc)
        write_lines(d / "e.txt", ev_line("e1", day="2020-06-01"))
        ingest_paths([d / "e.txt"], store, analyse=line_analyser)
        assert_clusters_as_full(store)


def test_incremental_reclustering_random_batches(tmp_path):
    pytest.importorskip("geo.extract.corroborate")
    import random

    rng = random.Random(7)
    d = tmp_path / "in"
    d.mkdir()
    with Store(tmp_path / "geo.sqlite") as store:
        for batch in range(8):
            paths = []
            for k in range(rng.randint(1, 4)):
                name = d / f"f{rng.randint(0, 14)}.txt"  # names repeat: documents get replaced
                lines = [ev_line(f"x{batch}_{k}_{i}", sub=rng.choice(["clash", "shelling", "protest"]),
                                 day="-" if rng.random() < 0.05 else f"2020-03-{rng.randint(1, 28):02d}",
                                 lat=35 + rng.random() * 0.1, lon=36.0, gp=rng.choice([1, 2, 3]),
                                 tp=rng.choice([1, 2, 3]))
                         for i in range(rng.randint(0, 4))]
                paths.append(write_lines(name, *lines, f"batch {batch} {k}"))
            ingest_paths(paths, store, analyse=line_analyser)
            assert_clusters_as_full(store)


def test_one_file_ingest_reads_only_nearby_events(tmp_path, monkeypatch):
    pytest.importorskip("geo.extract.corroborate")
    from datetime import date, timedelta

    d = tmp_path / "in"
    d.mkdir()
    start = date(2020, 1, 1)
    with Store(tmp_path / "geo.sqlite") as store:
        # 600 events, 3 days apart per place (no chains: 2-day tolerance), 3 places 55 km apart.
        paths = [write_lines(d / f"old{i}.txt", *(ev_line(f"o{i}_{j}", day=(start + timedelta(days=3 * i)).isoformat(),
                                                          lat=35 + j * 0.5) for j in range(3)))
                 for i in range(200)]
        ingest_paths(paths, store, analyse=line_analyser)
        assert_clusters_as_full(store)
        total = store.counts()["events"]
        read = []
        for name in ("events_by_type", "events_by_id", "events_in_clusters"):
            real = getattr(store, name)
            monkeypatch.setattr(store, name, lambda *a, _real=real: _counted(_real, read, *a))
        monkeypatch.setattr(store, "events", lambda: pytest.fail("a one-file ingest read every event"))
        new = write_lines(d / "new.txt", ev_line("n1", day=(start + timedelta(days=300)).isoformat()))
        ingest_paths([new], store, analyse=line_analyser)
        # n1 itself, then its +-7 day window: 5 days with events x 3 places (n1 read again).
        assert 0 < len(read) <= 2 + 5 * 3 < total
        assert {e["event_id"]: e["cluster_id"] for e in store.events_by_id(["n1", "o100_0"])}.keys() == {"n1", "o100_0"}
        monkeypatch.undo()
        assert_clusters_as_full(store)


def _counted(real, read, *args):
    rows = real(*args)
    read.extend(rows)
    return rows


def test_one_file_joining_a_long_chain_renames_the_whole_chain(tmp_path):
    pytest.importorskip("geo.extract.corroborate")
    from datetime import date, timedelta

    d = tmp_path / "in"
    d.mkdir()
    start = date(2020, 1, 1)
    with Store(tmp_path / "geo.sqlite") as store:
        # A clash reported every day for 90 days at one place: one chained cluster; a far one beside it.
        chain = [write_lines(d / f"day{i}.txt", ev_line(f"c{i}", day=(start + timedelta(days=i)).isoformat()),
                             ev_line(f"z{i}", day=(start + timedelta(days=i)).isoformat(), lat=40.0))
                 for i in range(90)]
        ingest_paths(chain, store, analyse=line_analyser)
        assert_clusters_as_full(store)
        # One more report in the middle joins it: every member's cluster id changes (several rounds).
        ingest_paths([write_lines(d / "mid.txt", ev_line("m", day=(start + timedelta(days=45)).isoformat()))],
                     store, analyse=line_analyser)
        assert_clusters_as_full(store)
        assert len({e["cluster_id"] for e in store.events() if e["event_id"][0] in "cm"}) == 1
