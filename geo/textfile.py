"""Reading a document file's bytes safely, shared by `geo parse` and `geo ingest`.

Light on purpose (no heavy imports): `geo parse` starts with it.
"""
from __future__ import annotations

from pathlib import Path

from geo.errors import InputError

MAX_BYTES = 20 * 1024 * 1024


def read_bytes(path: Path, allow_empty: bool = False) -> bytes:
    """The file's bytes; raises InputError if missing, a directory, too large, unreadable or
    (unless ``allow_empty``) empty."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a file (pass the folder to `geo ingest` to read its files)")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(path, f"too large: {size / 1024 / 1024:.0f} MB, limit {MAX_BYTES // 1024 // 1024} MB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    if not allow_empty and not data.strip():
        raise InputError(path, "empty file")
    return data


def check_not_binary(path: Path, data: bytes) -> None:
    """Raise InputError for bytes that are not a text document (NUL bytes)."""
    if b"\x00" in data[:65536]:
        raise InputError(path, "binary content (NUL bytes): not a text document")
