"""The document page and the upload page: AppTest against real stores, then the real app in Chromium.

The browser test starts ``geo dashboard`` as a process, uploads a file
through the page, corrects a place, restarts the process and checks the
correction is still shown and applied; the network is cut off as in
tests/test_browser.py (whose fixtures it reuses).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from geo.docview import correction_map, highlight_article, mark_style
from geo.pipeline import ingest_paths
from geo.store import Store
from tests.conftest import EVIL
from tests.test_browser import (  # noqa: F401 - fixtures for the browser test
    Dashboard,
    _map_frame,
    _wait_for_paths,
    browser,
    guarded_page,
)

PAGES = Path(__file__).resolve().parent.parent / "dashboard" / "pages"
DOCUMENT_PAGE = str(PAGES / "1_Document.py")
UPLOAD_PAGE = str(PAGES / "2_Add_documents.py")
ARTICLE = ("Clashes near Ariha\n\nGovernment forces shelled Ariha on Tuesday, killing three civilians, "
           "local sources said. Residents fled towards Idlib.\n")


def _plain(markdown: str) -> str:
    """A message's Markdown with the backslash escapes removed (what the analyst reads)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _app(page: str, db: Path, monkeypatch, **params):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GEO_DB", str(db))
    monkeypatch.setenv("GEO_ANALYST", "Tester")
    at = AppTest.from_file(page, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at


@pytest.fixture
def ingested(tmp_path):
    article = tmp_path / "ariha.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "store.sqlite"
    with Store(db) as store:
        ingest_paths([article], store)
        doc_id = store.documents()[0]["doc_id"]
    return db, doc_id


# -- the highlighted article -------------------------------------------------------

def test_highlight_marks_every_mention_by_kind_and_escapes_everything():
    body = f"Moscow said {EVIL} that Ariha\nfell."
    mentions = [
        {"mention_id": 1, "start": 0, "end": 6, "text": "Moscow", "kind": "metonymic", "confidence": 0.7,
         "name": "Moscow", "place_id": "gn:524901", "source": f"src {EVIL}"},
        {"mention_id": 2, "start": body.index("Ariha"), "end": body.index("Ariha") + 5, "text": "Ariha",
         "kind": "literal", "confidence": 0.2, "name": EVIL, "place_id": "cur:ariha", "source": "x"},
        {"mention_id": 3, "start": 1, "end": 4, "text": "osc", "kind": "literal", "confidence": 1},  # overlaps
    ]
    html = highlight_article(body, mentions, doc_id="d'1", selected=2)
    assert "<script" not in html and "{{" not in html and "${" not in html and "`" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<mark") == 2
    assert "geo-kind-metonymic" in html and "geo-kind-literal" in html
    assert "href='?doc=d%271&amp;mention=2' target='_self'" in html
    assert "outline:2px solid" in html.split("data-mention='2'")[1].split(">")[0]
    assert "\n" not in html and "<br>" in html
    assert mark_style("literal", 0.2) != mark_style("literal", 0.9)  # confidence shades the mark


def test_correction_map_draws_candidates_offline(map_store):
    from geo.corrections import candidates

    mentions = map_store.mentions("doc-map-a")
    ariha = next(m for m in mentions if m["text"] == "Ariha")
    found = candidates("Ariha")
    html = correction_map(mentions, ariha, found).get_root().render()
    assert html.count("geo-candidate") >= len(found)
    assert "geo-current" in html and html.count("geo-doc-place") >= 4
    assert not re.search(r"""<(script|link)[^>]*(src|href)=["']https?://""", html)  # nothing from a CDN


# -- the document page (AppTest) ---------------------------------------------------

def test_document_page_shows_hostile_text_escaped(map_store, monkeypatch):
    at = _app(DOCUMENT_PAGE, map_store.path, monkeypatch, doc="doc-map-b")
    at.run()
    assert not at.exception
    article = next(m.value for m in at.markdown if "geo-article" in m.value)
    assert "<script" not in article and "&lt;script&gt;" in article
    assert article.count("<mark") == 1


def test_document_page_lists_candidates_with_scores(ingested, monkeypatch):
    db, doc_id = ingested
    with Store(db) as store:
        ariha = next(m for m in store.mentions() if m["text"] == "Ariha")
    at = _app(DOCUMENT_PAGE, db, monkeypatch, doc=doc_id, mention=str(ariha["mention_id"]))
    at.run()
    assert not at.exception
    assert at.selectbox(key="mention_pick").value == ariha["mention_id"]
    table = at.dataframe[0].value
    assert "cur:ariha" in list(table["place_id"]) and {"score", "country", "feature"} <= set(table.columns)


def test_picking_a_candidate_corrects_every_mention_of_the_name(ingested, monkeypatch):
    db, doc_id = ingested
    with Store(db) as store:
        ariha = next(m for m in store.mentions() if m["text"] == "Ariha")
    at = _app(DOCUMENT_PAGE, db, monkeypatch, doc=doc_id, mention=str(ariha["mention_id"]))
    at.run()
    table = at.dataframe[0].value
    other = next(i for i, pid in enumerate(table["place_id"]) if pid != "cur:ariha")
    at.selectbox(key="cand_pick").set_value(other)
    at.button(key="apply_candidate").click()
    at.run()
    assert not at.exception
    with Store(db) as store:
        placed = {m["place_id"] for m in store.mentions() if m["text"] == "Ariha"}
        audit = store.corrections(doc_id)
    assert placed == {table["place_id"][other]}
    assert [c["who"] for c in audit] == ["Tester", "Tester"]  # $GEO_ANALYST is the default name


def test_correction_survives_an_app_restart(ingested, monkeypatch):
    db, doc_id = ingested
    with Store(db) as store:
        idlib = next(m for m in store.mentions() if m["text"] == "Idlib")
    at = _app(DOCUMENT_PAGE, db, monkeypatch, doc=doc_id, mention=str(idlib["mention_id"]))
    at.run()
    at.text_input(key="who").set_value("Ana Lyst")
    at.text_input(key="note").set_value(f"checked {EVIL}")
    at.number_input(key="pt_lat").set_value(35.95)
    at.number_input(key="pt_lon").set_value(36.6)
    at.button(key="apply_point").click()
    at.run()
    assert not at.exception
    assert any("Corrected 1 mention" in _plain(s.value) for s in at.success)
    with Store(db) as store:
        fixed = next(m for m in store.mentions() if m["text"] == "Idlib")
    assert (fixed["lat"], fixed["lon"], fixed["place_id"]) == (35.95, 36.6, "manual:35.95000,36.60000")

    again = _app(DOCUMENT_PAGE, db, monkeypatch, doc=doc_id, mention=str(idlib["mention_id"]))  # a new session
    again.run()
    assert not again.exception
    assert "✔ corrected" in again.selectbox(key="mention_pick").format_func(idlib["mention_id"])
    audit = again.dataframe[-1].value
    assert list(audit["who"]) == ["Ana Lyst"] and list(audit["old_place_id"]) == [idlib["place_id"]]
    assert list(audit["change"]) == [f"Idlib ({idlib['lat']}, {idlib['lon']}) → Idlib (35.95, 36.6)"]
    assert list(audit["note"]) == [f"checked {EVIL}"]
    article = next(m.value for m in again.markdown if "geo-article" in m.value)
    assert "corrected by Ana Lyst" in article and "<script" not in article


def test_document_without_places_and_unknown_doc_id(tmp_path, monkeypatch):
    from geo.records import Document

    body = "Nothing happened anywhere today, officials said."
    with Store(tmp_path / "s.sqlite") as store:
        store.save_document(Document("empty-doc", str(tmp_path / "e.txt"), body, body), [], [], [])
    at = _app(DOCUMENT_PAGE, tmp_path / "s.sqlite", monkeypatch, doc="no-such-doc")
    at.run()
    assert not at.exception
    assert "no\\-such\\-doc" in at.warning[0].value
    assert any("No place was recognised" in i.value for i in at.info)
    assert at.query_params["doc"] == "empty-doc"


def test_document_page_without_store_says_what_to_do(tmp_path, monkeypatch):
    at = _app(DOCUMENT_PAGE, tmp_path / "missing.sqlite", monkeypatch)
    at.run()
    assert not at.exception
    assert "geo ingest" in at.info[0].value


# -- the upload page (AppTest) -----------------------------------------------------

def test_uploaded_files_are_ingested_and_errors_reported_per_file(tmp_path, monkeypatch):
    db = tmp_path / "data" / "geo.sqlite"
    at = _app(UPLOAD_PAGE, db, monkeypatch)
    at.run()
    assert not at.exception
    at.file_uploader(key="files").set_value([
        ("../../ariha.txt", ARTICLE.encode(), "text/plain"),
        ("broken.txt", b"\x00\x01\x02\x03 binary", "text/plain"),
        ("empty.md", b"", "text/markdown"),
        ("[x](javascript:alert(1)) {{7*7}}.txt", b"\x00\x01 binary", "text/plain"),
    ])
    at.button[0].click()
    at.run()
    assert not at.exception
    errors = [_plain(e.value) for e in at.error]
    assert any(e.startswith("broken.txt:") and "binary" in e for e in errors)
    assert any(e.startswith("empty.md:") and "empty" in e for e in errors)
    hostile = next(e.value for e in at.error if "javascript" in e.value)
    assert "](javascript" not in hostile and "\\[x\\]\\(javascript" in hostile  # shown, never a link
    [ok] = [_plain(s.value) for s in at.success]
    assert ok.startswith("../../ariha.txt: added") and "Document?doc=" in ok
    saved = sorted(p.name for p in (tmp_path / "data" / "uploads").iterdir())
    assert saved == ["_x_javascript_alert_1_ _7_7_.txt", "ariha.txt", "broken.txt"]
    assert not (tmp_path / "ariha.txt").exists()
    with Store(db) as store:
        assert {"Ariha", "Idlib"} <= {m["name"] for m in store.mentions()}


# -- the real app in Chromium ------------------------------------------------------

ANALYST = {"GEO_ANALYST": "Browser Tester"}


def _idle(page) -> None:
    """Wait until the app has finished the script run a widget change started."""
    page.wait_for_timeout(500)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60000)
    page.wait_for_timeout(300)


@pytest.mark.browser
def test_upload_then_correction_survives_a_restart(tmp_path, guarded_page):  # noqa: F811
    page, guard = guarded_page
    db = tmp_path / "data" / "geo.sqlite"
    logs = []
    app = Dashboard(db, tmp_path / "dashboard.log", env=ANALYST)
    try:
        page.goto(f"{app.url}/Add_documents")
        page.locator("input[type=file]").set_input_files(
            [{"name": "ariha.txt", "mimeType": "text/plain", "buffer": ARTICLE.encode()}])
        page.get_by_text("ariha.txt", exact=True).wait_for(timeout=30000)
        page.get_by_role("button", name="Ingest").click()
        page.get_by_text("ariha.txt: added", exact=False).wait_for(timeout=60000)
        with Store(db) as store:
            doc_id = store.documents()[0]["doc_id"]
            idlib = next(m for m in store.mentions() if m["text"] == "Idlib")

        page.goto(f"{app.url}/")  # the uploaded file's places are on the main map
        assert _wait_for_paths(_map_frame(page), "path.geo-place", 2, 60) >= 2

        page.goto(f"{app.url}/Document?doc={doc_id}")
        marks = page.locator("mark.geo-mark")
        marks.first.wait_for(timeout=60000)
        assert marks.count() == 3
        page.locator(f"mark[data-mention='{idlib['mention_id']}']").click()  # a click selects the place
        page.wait_for_url(re.compile(rf"mention={idlib['mention_id']}"), timeout=30000)
        page.get_by_text("Gazetteer candidates for “Idlib”").wait_for(timeout=60000)
        page.get_by_role("tab", name="Point on the map or typed").click()
        latitude = page.get_by_label("Latitude")
        before = latitude.input_value()
        map_frame = _map_frame(page)
        assert _wait_for_paths(map_frame, "path.geo-candidate", 1, 60) >= 1
        page.locator("iframe[title*='streamlit_folium']").scroll_into_view_if_needed()
        page.wait_for_timeout(1000)  # let the page settle around the map before clicking it
        map_frame.locator(".leaflet-container").click(position={"x": 60, "y": 60})  # drop a point
        deadline = 60_000
        while latitude.input_value() == before and deadline > 0:
            page.wait_for_timeout(250)
            deadline -= 250
        assert latitude.input_value() != before, "a click on the map did not fill in the point"
        _idle(page)
        for label, value in (("Latitude", "35.95"), ("Longitude", "36.6")):
            box = page.get_by_label(label)
            box.fill(value, timeout=60000)
            box.press("Enter")
            _idle(page)
        page.get_by_role("button", name="Use this point").click()
        page.get_by_text("Corrected 1 mention", exact=False).wait_for(timeout=60000)
        logs.append(app.stop())

        app = Dashboard(db, tmp_path / "dashboard.log", env=ANALYST)  # a restart: a new process
        page.goto(f"{app.url}/Document?doc={doc_id}&mention={idlib['mention_id']}")
        page.get_by_text("manual:35.95000,36.60000", exact=False).first.wait_for(timeout=60000)
        title = page.locator(f"mark[data-mention='{idlib['mention_id']}']").get_attribute("title")
        assert "corrected by Browser Tester" in title
        page.get_by_text("Corrections (audit list)").wait_for(timeout=60000)
        assert _wait_for_paths(_map_frame(page), "path.geo-current", 1, 60) == 1
        page.wait_for_timeout(1500)
        page.screenshot(path=str(Path(os.environ.get("GEO_SCREENSHOTS", "/tmp")) / "geo-document.png"),
                        full_page=True)
        assert guard.blocked == [] and guard.dialogs == []
    finally:
        logs.append(app.stop())
    with Store(db) as store:
        fixed = next(m for m in store.mentions() if m["text"] == "Idlib")
        assert (fixed["lat"], fixed["lon"]) == (35.95, 36.6)
        assert [c["who"] for c in store.corrections()] == ["Browser Tester"]
    assert "Traceback" not in "".join(logs), "".join(logs)
