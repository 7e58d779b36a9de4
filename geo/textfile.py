"""Reading a document file's bytes and text safely, shared by `geo parse` and `geo ingest`.

``read_bytes`` refuses what is not a readable regular file of a sane size
(missing path, folder, symbolic-link loop, FIFO or device, over the size
limit, no permission, empty); ``decode_text`` turns bytes into text or
refuses binary content (naming the kind: PNG, PDF, ZIP...).  Every refusal
is an ``InputError`` naming the file and the problem.  ``one_line`` makes a
message safe to print on one line whatever the file is called.

Light on purpose (no heavy imports): `geo parse` starts with it.
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

from geo.errors import InputError

#: Default largest file read, in MB; ``$GEO_MAX_FILE_MB`` overrides it.
DEFAULT_MAX_MB = 20
#: Kept for callers that read the default; use ``max_bytes()`` for the limit in force.
MAX_BYTES = DEFAULT_MAX_MB * 1024 * 1024

#: Signatures of common binary formats, to say what a refused file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def max_bytes() -> int:
    """The largest file read, in bytes: ``$GEO_MAX_FILE_MB`` (a number of MB) or 20 MB."""
    raw = os.environ.get("GEO_MAX_FILE_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024) if mb > 0 else int(DEFAULT_MAX_MB * 1024 * 1024)


def one_line(message: str) -> str:
    """``message`` with newlines, control characters and bidi marks escaped (``\\n``, ``\\u202e``)."""
    def esc(m: re.Match[str]) -> str:
        ch = m.group(0)
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\u{ord(ch):04x}")

    return _UNPRINTABLE.sub(esc, message)


def read_bytes(path: Path, allow_empty: bool = False) -> bytes:
    """The file's bytes; raises InputError if missing, not a regular file, too large,
    unreadable or (unless ``allow_empty``) empty.  Never reads more than the size limit."""
    path = Path(path)
    limit = max_bytes()
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(path, _stat_problem(path, exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a directory, not a file (pass the folder to `geo ingest` to read its files)")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "not a regular file (a pipe, socket or device): not read")
    if info.st_size > limit:
        raise InputError(path, f"too large: {_mb(info.st_size)}, limit {_mb(limit)} (set GEO_MAX_FILE_MB to change it)")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(path, f"too large: more than {_mb(limit)} (set GEO_MAX_FILE_MB to change it)")
    if not allow_empty and not data.strip():
        raise InputError(path, "empty file" if not data else "only whitespace: no text")
    return data


def _stat_problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: not a file"
    if path.is_symlink():
        return f"broken symbolic link (to {os.readlink(path)}): no such file"
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno == errno.EACCES:
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def check_not_binary(path: Path, data: bytes) -> None:
    """Raise InputError for bytes that are not a text document (a known binary format, or NUL bytes
    in text without a UTF-16/32 byte-order mark)."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"binary content ({kind}): not a text document")
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return
    head = data[:65536]
    nuls = head.count(b"\x00")
    if nuls and nuls / max(len(head), 1) > 0.01:
        if len(head) > 8 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4):
            raise InputError(path, "looks like UTF-16 without a byte-order mark: save it as UTF-8")
        raise InputError(path, "binary content (NUL bytes): not a text document")


def decode_text(path: Path, data: bytes, guess: bool = True) -> tuple[str, list[str]]:
    """Decode a document's bytes.

    UTF-8, UTF-16/32 with a BOM, else (when ``guess``) cp1252 when that gives
    clean text.  With ``guess`` a UTF-8 BOM is dropped; without it (`geo
    parse`, whose offsets must index the text any UTF-8 reader gets) it is
    kept and non-UTF-8 bytes are refused.  A few stray NUL bytes become
    spaces (offsets are kept).  Returns the text and warnings; raises
    InputError for binary or undecodable bytes.
    """
    check_not_binary(path, data)
    warnings: list[str] = []
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding and encoding != "utf-8-sig":
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid {encoding.upper()} text (byte {exc.start})") from None
        warnings.append(f"decoded as {encoding.upper()} (byte-order mark)")
    else:
        try:
            text = data.decode("utf-8-sig" if guess else "utf-8")
        except UnicodeDecodeError as exc:
            bad = exc.start
            if not guess:
                raise InputError(path, f"not valid UTF-8 text (byte {bad}): save it as UTF-8") from None
            text = data.decode("cp1252", errors="replace")
            if "\ufffd" in text or not _looks_like_text(text):
                raise InputError(path, f"not valid UTF-8 text (byte {bad}): save it as UTF-8") from None
            warnings.append(f"not UTF-8 (byte {bad}): decoded as cp1252")
    if "\x00" in text:
        warnings.append(f"{text.count(chr(0))} NUL characters read as spaces")
        text = text.replace("\x00", " ")
    _check_controls(path, text)
    return text, warnings


def _looks_like_text(text: str) -> bool:
    """Mostly letters and punctuation, with few unusual characters."""
    odd = sum(1 for ch in text if ord(ch) > 127 and not ch.isalpha() and ch not in "’‘“”–—…€£©°·•")
    return odd / max(len(text), 1) < 0.01 and sum(ch.isalpha() for ch in text) / max(len(text), 1) > 0.4


def _check_controls(path: Path, text: str) -> None:
    """Refuse text full of control characters (a binary file that happens to decode)."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls / max(len(sample), 1) > 0.02:
        raise InputError(path, "binary content (control characters): not a text document")


HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html\b|<head\b|<body\b|<meta\b)", re.I)


def media_type_of(path: Path, text: str) -> str:
    """text/html, text/markdown or text/plain, by suffix, then by content."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or _HTML_START.match(text[:1000]):
        return "text/html"
    if suffix in MARKDOWN_SUFFIXES:
        return "text/markdown"
    return "text/plain"
