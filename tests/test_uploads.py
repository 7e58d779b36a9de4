"""Uploaded files: saved only inside the uploads folder, never overwriting, then ingested per file."""
from __future__ import annotations

import os

import pytest

from geo.pipeline import ingest_paths
from geo.store import Store
from geo.uploads import (
    MAX_UPLOAD_BYTES,
    UploadError,
    safe_name,
    save_upload,
    uploads_folder,
)

HTML_ARTICLE = (
    b"<html><head><title>Shelling in Homs</title></head><body><nav>Home | World</nav><article>"
    b"<h1>Shelling in Homs</h1><p>Artillery shells hit residential areas of Homs on Monday, killing two people "
    b"and wounding several others, residents and medical workers said.</p><p>Government forces and armed "
    b"opposition groups have exchanged fire around the city for several weeks, local sources said.</p>"
    b"</article></body></html>")
ARTICLE = b"Clashes near Saraqib\n\nFighting broke out near Saraqib and Aleppo on Tuesday, local sources said.\n"


@pytest.mark.parametrize("name, expected", [
    ("report.txt", "report.txt"),
    ("../../x.txt", "x.txt"),
    ("..\\..\\x.txt", "x.txt"),
    ("/etc/cron.d/evil.md", "evil.md"),
    ("C:\\Windows\\System32\\x.htm", "x.htm"),
    ("\\\\server\\share\\x.html", "x.html"),
    ("a\x00b.txt", "ab.txt"),
    ("line\nbreak\t.txt", "linebreak.txt"),
    ("CON.txt", "_CON.txt"),
    ("nul.md", "_nul.md"),
    ("com1.tar.txt", "_com1.tar.txt"),
    ("lpt9.html", "_lpt9.html"),
    (".txt", "upload.txt"),
    ("...", None),
    ("", None),
    ("   .md", "upload.md"),
    ("trailing. .txt", "trailing.txt"),
    ("Bericht über Idlib.MD", "Bericht über Idlib.md"),
    ("<script>alert(1)</script>.html", "script_.html"),
    ("<b>&amp;{{x}}.html", "_b_amp_x_.html"),
    ("a|b?c*d:e.txt", "a_b_c_d_e.txt"),
    ("x.txt.exe", None),
    ("x.php", None),
    ("x" * 300 + ".txt", "x" * 100 + ".txt"),
])
def test_safe_name(name, expected):
    if expected is None:
        with pytest.raises(UploadError, match="not a text, Markdown or HTML file"):
            safe_name(name)
    else:
        assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["../../x.txt", "/tmp/x.txt", "..\\..\\x.txt", "C:\\x.txt", "a\x00/../x.txt",
                                  "uploads/../../x.txt", "CON.txt", ".txt"])
def test_save_upload_stays_in_the_folder(tmp_path, name):
    folder = tmp_path / "store" / "uploads"
    saved = save_upload(folder, name, ARTICLE)
    assert saved.parent == folder.resolve()
    assert saved.read_bytes() == ARTICLE
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and p.parent != folder]
    assert outside == []


def test_save_upload_never_overwrites(tmp_path):
    first = save_upload(tmp_path, "a.txt", ARTICLE)
    assert save_upload(tmp_path, "../a.txt", ARTICLE) == first  # same bytes: reused
    second = save_upload(tmp_path, "a.txt", ARTICLE + b"More.\n")
    third = save_upload(tmp_path, "a.txt", ARTICLE + b"Even more.\n")
    assert (first.name, second.name, third.name) == ("a.txt", "a-2.txt", "a-3.txt")
    assert first.read_bytes() == ARTICLE


def test_save_upload_does_not_follow_a_planted_link(tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    os.symlink(victim, folder / "a.txt")
    saved = save_upload(folder, "a.txt", ARTICLE)
    assert saved.name == "a-2.txt" and not saved.is_symlink()
    assert victim.read_bytes() == b"keep me"


def test_save_upload_rejects_empty_and_huge(tmp_path):
    with pytest.raises(UploadError, match="empty"):
        save_upload(tmp_path, "a.txt", b"")
    with pytest.raises(UploadError, match="split it"):
        save_upload(tmp_path, "a.txt", b"x" * (MAX_UPLOAD_BYTES + 1))
    assert list(tmp_path.iterdir()) == []


def test_uploads_folder_is_beside_the_store(tmp_path):
    assert uploads_folder(tmp_path / "data" / "geo.sqlite") == (tmp_path / "data" / "uploads").resolve()


def test_uploaded_files_places_appear_and_bad_files_do_not_stop_the_batch(tmp_path):
    db = tmp_path / "geo.sqlite"
    folder = uploads_folder(db)
    good = save_upload(folder, "../../saraqib.txt", ARTICLE)
    page = save_upload(folder, "page.html", HTML_ARTICLE)
    bad = save_upload(folder, "binary.txt", b"\x00\x01\x02 not text")
    with Store(db) as store:
        report = ingest_paths([good, bad, page], store)
        assert set(report.stored) == {str(good), str(page)}
        assert [path for path, _ in report.failed] == [str(bad)]
        names = {m["name"] for m in store.mentions()}
        assert {"Saraqib", "Aleppo", "Homs"} <= names
