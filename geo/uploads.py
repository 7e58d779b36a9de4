"""Saving uploaded files safely into the store's ``uploads/`` folder.

A browser sends a file name chosen by whoever made the file, so the name
is untrusted: "../../x.txt", "/etc/cron.d/x.txt", "C:\\\\Windows\\\\x.txt",
NUL bytes, control characters, Windows reserved names ("CON.txt") and empty
names must never write outside the folder or fail oddly.  :func:`safe_name`
keeps only the last path component, made of safe characters; :func:`save_upload`
never overwrites: an identical file already there is reused, another file
of the same name gets a numbered name.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from geo.errors import GeoError

#: Suffixes of the documents the pipeline reads (text, Markdown, HTML).
UPLOAD_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
#: The largest upload kept (bytes): news articles are far smaller.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_MAX_STEM = 100
_RESERVED = frozenset({"con", "prn", "aux", "nul", "clock$", "conin$", "conout$"}
                      | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}
                      | {f"{p}{d}" for p in ("com", "lpt") for d in "\u00b9\u00b2\u00b3"})
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


class UploadError(GeoError):
    """An upload that cannot be saved; the message names the file and says what to do."""


def safe_name(name: str) -> str:
    """A file name that is safe to create in the uploads folder.

    Keeps the last component after any "/" or "\\\\", drops NUL and other
    control characters, replaces other unsafe characters with "_", strips
    leading dots and spaces and trailing dots and spaces (Windows ignores
    them), prefixes reserved device names with "_" and calls a nameless file
    "upload".  The suffix is lower-cased.  Raises ``UploadError`` unless the
    suffix is one of ``UPLOAD_SUFFIXES``.
    """
    raw = str(name or "")
    base = re.split(r"[/\\]", raw)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base).rstrip(" .")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = "." + suffix.lower() if suffix else ""
    if suffix not in UPLOAD_SUFFIXES:
        shown = raw.replace("\x00", "\\0")[:120]
        raise UploadError(f"{shown!r}: not a text, Markdown or HTML file (use {', '.join(UPLOAD_SUFFIXES)})")
    stem = stem.strip(" .")[:_MAX_STEM].strip(" .") or "upload"
    if stem.split(".")[0].lower() in _RESERVED:
        stem = "_" + stem
    return stem + suffix


def save_upload(folder: str | os.PathLike, name: str, data: bytes) -> Path:
    """Write ``data`` under a safe version of ``name`` in ``folder``; returns the file's path.

    Creates ``folder`` if needed.  Never overwrites and never follows a link:
    the same bytes already saved under that name are reused, otherwise
    "name-2.txt", "name-3.txt"... are tried.  Raises ``UploadError`` for a
    bad suffix, an empty or too large file, or a name that would leave the folder.
    """
    clean = safe_name(name)
    if not data:
        raise UploadError(f"{clean}: the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"{clean}: {len(data):,} bytes is more than the {MAX_UPLOAD_BYTES:,} allowed "
                          "for one article; split it")
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    stem, suffix = clean[: -len(Path(clean).suffix)], Path(clean).suffix
    digest = hashlib.sha256(data).digest()
    for n in range(1, 10_000):
        target = root / (clean if n == 1 else f"{stem}-{n}{suffix}")
        if target.parent != root:  # cannot happen after safe_name; checked anyway
            raise UploadError(f"{name!r}: the name would leave the uploads folder")
        if target.is_symlink():
            continue
        if target.is_file():
            if hashlib.sha256(target.read_bytes()).digest() == digest:
                return target
            continue
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target
    raise UploadError(f"{clean}: too many files of this name in {root}; rename it")


def uploads_folder(db: str | os.PathLike) -> Path:
    """The folder beside the store ``db`` where uploaded files are kept."""
    return Path(db).resolve().parent / "uploads"
