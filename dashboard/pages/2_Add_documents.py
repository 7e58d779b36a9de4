"""Streamlit page /Add_documents: upload text, Markdown or HTML articles and ingest them.

Each file is saved under a sanitised, never-overwriting name in the
``uploads/`` folder beside the store (geo.uploads), then all are ingested by
geo.pipeline.ingest_paths with a progress bar.  A file that cannot be saved
or read is reported on its own line; the others are still stored.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import streamlit as st

st.set_page_config(page_title="geo: add documents", layout="wide")

from dashboard.common import db_path
from geo.docview import md_escape
from geo.pipeline import ingest_paths
from geo.records import IngestReport
from geo.store import Store
from geo.uploads import UPLOAD_SUFFIXES, UploadError, save_upload, uploads_folder


def _save_all(files: list[Any], folder: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, str]]]:
    """Save each upload; returns ([(uploaded name, saved path)], [(uploaded name, problem)])."""
    saved, failed = [], []
    for f in files:
        try:
            saved.append((f.name, save_upload(folder, f.name, f.getvalue())))
        except (UploadError, OSError) as exc:
            failed.append((f.name, str(exc)))
    return saved, failed


def _ingest(saved: list[tuple[str, Path]]) -> IngestReport:
    bar = st.progress(0.0, text=f"Ingesting {len(saved)} file(s)…")
    done = [0]

    def on_progress(line: str) -> None:
        if line.startswith("error: clustering"):
            st.warning(md_escape(line))
            return
        done[0] += 1
        bar.progress(min(1.0, done[0] / max(1, len(saved))), text=md_escape(line[:200]))

    with Store(db) as store:
        report = ingest_paths([p for _, p in saved], store, on_progress=on_progress)
    bar.progress(1.0, text="Done")
    return report


def _document_links(paths: list[str]) -> dict[str, str]:
    """Saved path -> doc_id for the stored documents among ``paths``."""
    wanted = {str(Path(p).resolve()) for p in paths}
    with Store(db) as store:
        return {str(Path(d["path"]).resolve()): d["doc_id"] for d in store.documents(with_text=False)
                if str(Path(d["path"]).resolve()) in wanted}


def _show(saved: list[tuple[str, Path]], save_failed: list[tuple[str, str]], report: IngestReport | None) -> None:
    names = {str(p): name for name, p in saved}
    for name, problem in save_failed:
        st.error(f"{md_escape(name)}: {md_escape(problem)}")
    if report is None:
        return
    for path, problem in report.failed:
        st.error(f"{md_escape(names.get(path, path))}: {md_escape(problem)}")
    ok = list(report.stored) + list(report.replaced) + list(report.unchanged)
    links = _document_links(ok)
    for status in ("stored", "replaced", "unchanged"):
        for path in getattr(report, status):
            doc_id = links.get(str(Path(path).resolve()))
            link = f" — [open the document](Document?{urlencode({'doc': doc_id})})" if doc_id else ""
            verb = {"stored": "added", "replaced": "replaced an earlier version",
                    "unchanged": "already in the store"}[status]
            st.success(f"{md_escape(names.get(path, path))}: {verb} (saved as {md_escape(Path(path).name)}){link}")


db = db_path()
if db is None:
    st.info("No store given: start the dashboard with geo dashboard --db data/geo.sqlite")
    st.stop()
st.title("Add documents")
folder = uploads_folder(db)
st.caption(f"Files are kept in {folder} and ingested into the store {db}.")
with st.form("upload", clear_on_submit=True):
    files = st.file_uploader("Articles (text, Markdown or HTML)", type=[s.lstrip(".") for s in UPLOAD_SUFFIXES],
                             accept_multiple_files=True, key="files")
    submitted = st.form_submit_button("Ingest", type="primary")
if submitted:
    if not files:
        st.info("Choose one or more files first.")
    else:
        saved_files, save_errors = _save_all(list(files), folder)
        result = _ingest(saved_files) if saved_files else None
        st.session_state["last_upload"] = (saved_files, save_errors, result)
if "last_upload" in st.session_state:
    _show(*st.session_state["last_upload"])
