"""Analysts' corrections of resolved places: what they are and how they are applied.

A correction says "in the document with content hash ``doc_id``, the span
``start:end`` (text ``text``) is the place ``place``", with who made it and
when.  Corrections are keyed by the content hash and the span, never by a
row id, so they outlive the document's rows: a document deleted, replaced or
re-ingested into a rebuilt store gets its corrections back
(:func:`apply_corrections`, called by the pipeline before events are
extracted and by ``Store.save_document``).  The store keeps every
correction ever made (the audit list); the newest one for a span wins.
"""
from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from geo.records import Mention, Place

#: ``place_id`` prefix of a point dropped by an analyst (not a gazetteer feature).
MANUAL_PREFIX = "manual:"
#: How far (characters) a corrected span may have moved when the cleaner changed.
_MAX_SHIFT = 400


@dataclass(frozen=True)
class Correction:
    """One analyst's correction of one mention's place.

    ``old_*`` record what the place was before (for the audit list); the
    ``place`` is what it is now.  ``corrected_at`` is UTC ISO 8601.
    """

    doc_id: str
    start: int
    end: int
    text: str
    place: Place
    who: str
    corrected_at: str
    kind: str = "literal"
    old_place_id: str | None = None
    old_name: str | None = None
    old_lat: float | None = None
    old_lon: float | None = None
    note: str = ""

    def to_row(self) -> dict[str, Any]:
        """The store's column values (geometry as JSON text)."""
        p = self.place
        return {
            "doc_id": self.doc_id, "start": self.start, "end": self.end, "text": self.text,
            "kind": self.kind, "old_place_id": self.old_place_id, "old_name": self.old_name,
            "old_lat": self.old_lat, "old_lon": self.old_lon, "place_id": p.place_id, "name": p.name,
            "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid, "feature_class": p.feature_class,
            "feature_code": p.feature_code, "country_code": p.country_code, "admin1": p.admin1,
            "population": p.population, "place_source": p.source, "precision": p.precision,
            "geometry": json.dumps(p.geometry) if p.geometry else None, "who": self.who,
            "corrected_at": self.corrected_at, "note": self.note,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Correction:
        """The correction stored in ``row`` (a dict from ``Store.corrections``)."""
        geometry = row.get("geometry")
        if isinstance(geometry, str):
            geometry = json.loads(geometry)
        place = Place(
            place_id=row["place_id"], name=row.get("name") or row["place_id"], lat=float(row["lat"]),
            lon=float(row["lon"]), feature_class=row.get("feature_class") or "P",
            feature_code=row.get("feature_code") or "", country_code=row.get("country_code") or "",
            admin1=row.get("admin1") or "", population=int(row.get("population") or 0),
            geonameid=row.get("geonameid"), source=row.get("place_source") or "analyst",
            precision=row.get("precision") or "point", geometry=geometry or None,
        )
        return cls(doc_id=row["doc_id"], start=int(row["start"]), end=int(row["end"]), text=row["text"],
                   place=place, who=row["who"], corrected_at=row["corrected_at"],
                   kind=row.get("kind") or "literal", old_place_id=row.get("old_place_id"),
                   old_name=row.get("old_name"), old_lat=row.get("old_lat"), old_lon=row.get("old_lon"),
                   note=row.get("note") or "")


def now_utc() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_analyst() -> str:
    """Who is correcting, when nobody typed a name: $GEO_ANALYST, else the login name."""
    name = os.environ.get("GEO_ANALYST") or os.environ.get("USER")
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = ""
    return name or "analyst"


def manual_place(lat: float, lon: float, label: str = "") -> Place:
    """A point dropped (or typed) by an analyst: not a gazetteer feature.

    Raises ``ValueError`` when the coordinates are outside -90..90 / -180..180.
    """
    lat, lon = float(lat), float(lon)
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"({lat}, {lon}) is not a coordinate: latitude -90..90, longitude -180..180")
    lat, lon = round(lat, 5), round(lon, 5)
    return Place(place_id=f"{MANUAL_PREFIX}{lat:.5f},{lon:.5f}", name=label or f"{lat:.5f}, {lon:.5f}",
                 lat=lat, lon=lon, feature_class="P", feature_code="", source="analyst point",
                 precision="analyst point")


def candidates(text: str, gazetteer: Any = None, limit: int = 10) -> list[tuple[Place, float]]:
    """The gazetteer's candidates for a mention's text, best first, with scores."""
    if gazetteer is None:
        from geo.gazetteer import get_gazetteer

        gazetteer = get_gazetteer()
    return list(gazetteer.lookup(text, limit=limit))


def make_correction(mention: dict[str, Any], place: Place, who: str, note: str = "",
                    when: str | None = None) -> Correction:
    """A correction of a stored mention row (from ``Store.mentions``) to ``place``.

    The place's ``source`` gets "; corrected by WHO WHEN" so every map popup
    shows that an analyst, not the resolver, put the pin there.

    Raises ``ValueError`` when ``who`` is blank: every correction names its analyst.
    """
    who = " ".join(str(who or "").split())[:120]
    if not who:
        raise ValueError("say who is making the correction (the analyst's name)")
    when = when or now_utc()
    marked = replace(place, source=f"{place.source}; corrected by {who} {when}")
    return Correction(
        doc_id=mention["doc_id"], start=int(mention["start"]), end=int(mention["end"]), text=mention["text"],
        place=marked, who=who, corrected_at=when, kind=mention.get("kind") or "literal",
        old_place_id=mention.get("place_id"), old_name=mention.get("name"), old_lat=mention.get("lat"),
        old_lon=mention.get("lon"), note=str(note or "")[:1000],
    )


def latest(corrections: Iterable[Correction]) -> list[Correction]:
    """The newest correction of each span (input in the order they were made), in text order."""
    by_span: dict[tuple[int, int, str], Correction] = {}
    for c in corrections:
        by_span[(c.start, c.end, c.text)] = c
    return sorted(by_span.values(), key=lambda c: (c.start, c.end))


def apply_corrections(body: str, mentions: Sequence[Mention], corrections: Iterable[Correction]) -> list[Mention]:
    """``mentions`` with each span's newest correction applied, in text order.

    A correction matches the mention with the same span and text; if the
    text moved (the cleaner changed), the nearest mention with the same text
    within a few hundred characters; if ``body`` still has the text there,
    the one mention overlapping it (the recogniser now reads "al-Nayrab"
    where the analyst corrected "Nayrab"), or, when none overlaps, a new
    mention.  A corrected mention gets the analyst's place and confidence 1.0.
    """
    out = list(mentions)
    for c in latest(corrections):
        i = _match(out, c)
        if i is None and body[c.start:c.end] == c.text:
            overlapping = [j for j, m in enumerate(out) if m.start < c.end and c.start < m.end]
            if not overlapping:
                out.append(Mention(c.start, c.end, c.text, c.place, kind=c.kind, confidence=1.0))
            elif len(overlapping) == 1:
                i = overlapping[0]
        if i is not None:
            out[i] = replace(out[i], place=c.place, confidence=1.0)
    return sorted(out, key=lambda m: (m.start, m.end))


def _match(mentions: Sequence[Mention], c: Correction) -> int | None:
    exact = [i for i, m in enumerate(mentions) if (m.start, m.end, m.text) == (c.start, c.end, c.text)]
    if exact:
        return exact[0]
    near = [(abs(m.start - c.start), i) for i, m in enumerate(mentions)
            if m.text == c.text and abs(m.start - c.start) <= _MAX_SHIFT]
    return min(near)[1] if near else None


def corrected_mentions(store: Any, doc_id: str, body: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` of the document ``doc_id`` with the store's corrections for it applied."""
    rows = store.corrections(doc_id)
    if not rows:
        return list(mentions)
    return apply_corrections(body, mentions, [Correction.from_row(r) for r in rows])
