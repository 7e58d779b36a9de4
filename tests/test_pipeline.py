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
