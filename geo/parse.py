"""Geoparse a text or a file: recognise, then resolve.  Needs no store."""
from __future__ import annotations

from pathlib import Path

from geo.errors import InputError
from geo.gazetteer import Gazetteer, get_gazetteer
from geo.recognise import recognise
from geo.records import Mention
from geo.resolve import resolve

MAX_BYTES = 20 * 1024 * 1024


def parse_text(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """The place mentions of ``text``, in order; offsets index ``text``."""
    gaz = gazetteer or get_gazetteer()
    return resolve(text, recognise(text, gaz), gaz)


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The text of a file as UTF-8, or InputError naming the file and the problem."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a folder, not a file")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(str(path), f"too large: {size / 1e6:.1f} MB, limit {max_bytes / 1e6:.0f} MB")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError(str(path), "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not valid UTF-8 text (byte {exc.start})") from None


def parse_file(path: Path) -> list[Mention]:
    """Mentions of a file's text as read; an empty file gives none."""
    text = read_text(path)
    return parse_text(text) if text.strip() else []
