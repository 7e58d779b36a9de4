"""Tie the stages together: files in, documents with places, events and claims stored.

``ingest_paths`` expands folders, reads each file (``geo.ingest``), geoparses
its body (``geo.parse``), extracts events and claims (``geo.extract``) and
saves everything for that file in one transaction (``geo.store``).  A bad
file is reported and skipped; the batch goes on and nothing already stored
is lost.  After the batch the events it can have affected are re-clustered.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from geo.errors import InputError
from geo.ingest import load_document
from geo.records import Claim, Document, Event, IngestReport, Mention
from geo.store import Store
from geo.textfile import HTML_SUFFIXES, MARKDOWN_SUFFIXES, one_line

#: File suffixes a folder is searched for.
DOCUMENT_SUFFIXES = frozenset({".txt"} | MARKDOWN_SUFFIXES | HTML_SUFFIXES)

Analysis = tuple[list[Mention], list[Event], list[Claim]]
Analyser = Callable[[Document], Analysis]
Progress = Callable[[str], Any]


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files named, plus document files found recursively in folders named.

    Folders yield their .txt, .md, .markdown, .html and .htm files, sorted,
    skipping hidden files and folders (and so sidecar .json files), folders
    reached through symbolic links, and files that ``walk_paths`` refuses.
    Files named explicitly are kept whatever their suffix (the reader judges
    them).  Duplicates are dropped, order is kept.
    """
    return [path for path, problem in walk_paths(paths) if problem is None]


def walk_paths(paths: Iterable[str | os.PathLike]) -> list[tuple[Path, str | None]]:
    """Like ``expand_paths`` but with the files a folder walk refused, each with its problem.

    Inside a folder, a symbolic link is followed only to a file in the same
    folder tree (a link out of it, e.g. to ``/etc/passwd``, is refused), and
    a link loop, pipe or device is refused rather than read.
    """
    out: dict[Path, str | None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found, problem in _folder_files(path):
                out.setdefault(found, problem)
        else:
            out.setdefault(path, None)
    return list(out.items())


def _folder_files(folder: Path) -> Iterable[tuple[Path, str | None]]:
    """(file, problem or None) for the document files under ``folder``, sorted, hidden ones skipped."""
    root = folder.resolve()
    found = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(top) / name for name in files
                     if not name.startswith(".") and Path(name).suffix.lower() in DOCUMENT_SUFFIXES)
    for path in sorted(found):
        yield path, _folder_file_problem(path, root)


def _folder_file_problem(path: Path, root: Path) -> str | None:
    """Why a file found in a folder walk must not be read, or None."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "symbolic link loop or broken link: not followed"
        if not target.is_relative_to(root):
            return f"symbolic link to {target}, outside the folder: not followed"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    return None if stat.S_ISREG(mode) else "not a regular file (a pipe, socket or device): not read"


def default_analyser(store: Store | None = None) -> Analyser:
    """The standard analysis: geoparse the body, then extract events and claims from it.

    With a ``store``, its analysts' corrections for the same text (content
    hash) are applied to the places before events and claims are extracted.
    """
    from geo.extract.claims import extract_claims
    from geo.extract.events import extract_events
    from geo.parse import parse_text

    def analyse(doc: Document) -> Analysis:
        mentions = parse_text(doc.body)
        # -- corrections hook (owner: document-view engineer, geo/corrections.py) --
        if store is not None:
            from geo.corrections import corrected_mentions

            mentions = corrected_mentions(store, doc.doc_id, doc.body, mentions)
        # -- end of corrections hook --
        events = extract_events(doc, mentions)
        return mentions, events, extract_claims(doc, mentions, events)

    return analyse


def ingest_paths(
    paths: Sequence[str | os.PathLike],
    store: Store,
    overrides: dict[str, Any] | None = None,
    on_progress: Progress | None = None,
    analyse: Analyser | None = None,
    on_start: Callable[[int], Any] | None = None,
) -> IngestReport:
    """Ingest files and folders into ``store``, one file at a time.

    Takes paths (files or folders), the store, optional metadata overrides
    for every document, an optional progress callback (one line per file,
    control characters in it escaped), an optional analyser (default:
    ``default_analyser``) and an optional ``on_start(total_files)``.
    Returns an ``IngestReport``; never raises for a bad file (it goes to
    ``failed``).  Only one document and its results are in memory at a
    time; each is stored in its own transaction, so an interrupted batch
    keeps every document stored before the interruption, whole.
    """
    say = _one_line(on_progress or (lambda line: None))
    files = walk_paths(paths)
    if on_start is not None:
        on_start(len(files))
    analyse = analyse or default_analyser(store)
    outcome: dict[str, list] = {"stored": [], "unchanged": [], "replaced": [], "failed": []}
    for path, refused in files:
        if refused is not None:
            outcome["failed"].append((str(path), refused))
            say(f"error: {path}: {refused}")
            continue
        try:
            status, line = _ingest_one(path, store, overrides, analyse)
        except InputError as exc:
            outcome["failed"].append((str(path), exc.problem))
            say(f"error: {path}: {exc.problem}")
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            problem = f"internal error: {type(exc).__name__}: {exc}"
            outcome["failed"].append((str(path), problem))
            say(f"error: {path}: {problem}")
            continue
        outcome[status].append(str(path))
        say(line)
    _recluster(store, say)  # nothing to do (one query) unless events changed
    return IngestReport(**{k: tuple(v) for k, v in outcome.items()})


def _one_line(say: Progress) -> Progress:
    """``say`` with each line made printable on one line (file names may hold newlines or bidi marks)."""
    return lambda line: say(one_line(line))


def _ingest_one(path: Path, store: Store, overrides: dict[str, Any] | None, analyse: Analyser) -> tuple[str, str]:
    """Read, analyse and store one file; returns (status, progress line)."""
    doc = load_document(path, overrides)
    if store.has_document(doc.doc_id):
        return "unchanged", f"unchanged {path}"
    mentions, events, claims = analyse(doc)
    status = store.save_document(doc, mentions, events, claims)
    places = len({m.place.place_id for m in mentions})
    line = f"{status} {path}: {places} places, {len(events)} events, {len(claims)} claims"
    for warning in doc.warnings:
        line += f" (warning: {warning})"
    return status, line


def _recluster(store: Store, say: Progress) -> None:
    """Re-cluster the events the batch can have affected (events from different documents may now
    match): only the date windows around stored, replaced or deleted events are read, and only
    changed cluster ids are written (``Store.recluster_changed``); the result equals re-clustering
    every stored event."""
    try:
        store.recluster_changed()
    except Exception as exc:  # noqa: BLE001 - stored documents stay; clustering can be redone
        say(f"error: clustering events failed: {type(exc).__name__}: {exc}")
