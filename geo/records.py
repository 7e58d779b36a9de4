"""Typed records that flow through the pipeline.

ingest -> Document; recognise/resolve -> Mention (with its Place);
extract -> Event, Claim; store keeps them all; render draws them.
Every record is a frozen dataclass; ``to_dict`` gives the JSON form.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Mention kinds: a place where something is or happens (literal), a place used
#: as a label for something else ("the Sochi deal": associative), or a place that
#: stands for its government or people ("Moscow said": metonymic).
MENTION_KINDS = ("literal", "associative", "metonymic")


@dataclass(frozen=True)
class Place:
    """One gazetteer feature.

    ``place_id`` is stable: ``gn:<geonameid>`` for GeoNames features,
    ``cur:<id>`` for curated ones, ``adm1:<CC.A1>``/``adm2:<CC.A1.A2>`` for
    administrative divisions and ``cc:<ISO2>`` for countries.
    ``precision`` says how exact the coordinates are (e.g. "point",
    "village centre", "capital as proxy", "approximate", "schematic").
    ``geometry`` is GeoJSON when the feature is more than a point.
    """

    place_id: str
    name: str
    lat: float
    lon: float
    feature_class: str = "P"
    feature_code: str = "PPL"
    country_code: str = ""
    admin1: str = ""
    population: int = 0
    geonameid: int | None = None
    source: str = "GeoNames"
    precision: str = "point"
    geometry: dict[str, Any] | None = None

    def point_geometry(self) -> dict[str, Any]:
        """GeoJSON for the feature: its own geometry or its point."""
        return self.geometry or {"type": "Point", "coordinates": [self.lon, self.lat]}


@dataclass(frozen=True)
class Mention:
    """A resolved place mention: ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str
    place: Place
    kind: str = "literal"
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        """The ``geo parse`` JSON form (the CLI contract)."""
        p = self.place
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "place_id": p.place_id,
            "geonameid": p.geonameid,
            "feature_code": p.feature_code,
            "country_code": p.country_code,
            "kind": self.kind,
            "confidence": round(self.confidence, 3),
            "geometry": p.point_geometry(),
            "precision": p.precision,
            "source": p.source,
        }


@dataclass(frozen=True)
class Document:
    """An ingested article.

    ``raw_text`` is the file's text as read; ``body`` is the cleaned article
    text that recognition and extraction work on (offsets of stored mentions,
    events and claims refer to ``body``).  ``published`` is an ISO date
    (YYYY-MM-DD) or None; ``time_precision`` follows ACLED: 1 = day,
    2 = week or a few days, 3 = month or worse.  ``date_source`` says where the
    date came from ("text", "sidecar", "cli", "inferred: ...", "none").
    """

    doc_id: str
    path: str
    raw_text: str
    body: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    time_precision: int = 3
    date_source: str = "none"
    language: str | None = None
    media_type: str = "text/plain"
    warnings: tuple[str, ...] = ()

    def to_dict(self, with_text: bool = False) -> dict[str, Any]:
        d = asdict(self)
        d["warnings"] = list(self.warnings)
        if not with_text:
            d.pop("raw_text")
            d.pop("body")
        return d


@dataclass(frozen=True)
class Event:
    """An event reported in one sentence of one document (ACLED-like fields).

    ``geo_precision``: 1 = the named village or town, 2 = near it or part of a
    district, 3 = a province or region; None when the event has no mappable
    place (such events are kept and listed, not mapped).
    """

    event_id: str
    doc_id: str
    event_type: str
    sub_event_type: str
    sentence: str
    sentence_start: int
    sentence_end: int
    actor1: str | None = None
    actor2: str | None = None
    event_date: str | None = None
    time_precision: int = 3
    place_id: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    source: str | None = None
    notes: str = ""
    cluster_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Claim:
    """An attributed statement: who says what, carried by which outlet."""

    claim_id: str
    doc_id: str
    speaker: str
    content: str
    sentence_start: int
    sentence_end: int
    speaker_role: str | None = None
    outlet: str | None = None
    claim_date: str | None = None
    cue: str | None = None
    place_ids: tuple[str, ...] = ()
    event_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["place_ids"] = list(self.place_ids)
        d["event_ids"] = list(self.event_ids)
        return d


@dataclass(frozen=True)
class PostStatus:
    """A status change of a military post (established, besieged, evacuated...)."""

    status: str
    date: str | None
    source: str


@dataclass(frozen=True)
class IngestReport:
    """What one `ingest` call did: per-file outcome, never raises for bad input."""

    stored: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = field(default_factory=tuple)
