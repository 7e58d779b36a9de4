"""Data exports for other tools: GeoJSON (RFC 7946), GeoPackage, ACLED-style CSV and KML.

Every format is built from the same flat records (:func:`layer_records`): one
list of scalar-valued dicts per layer -- events, claims, observation posts,
places and mentions -- each with a GeoJSON geometry in WGS84 (lon, lat) or
None.  Events carry ACLED's column names plus our own evidence columns
(confidence, claimant, corroboration count), so a spreadsheet, QGIS and
Google Earth all see the same rows.
"""
from __future__ import annotations

import csv
import io
import math
import os
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.errors import GeoError
from geo.mapdata import MapData, id_list, outlet_of
from geo.paths import GAZETTEER_DIR
from geo.popups import esc, event_popup, place_popup, post_popup

LAYERS = ("events", "claims", "posts", "places", "mentions")

#: ACLED's columns in ACLED's order, then ours.
EVENT_CSV_COLUMNS = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities", "confidence", "claimant", "corroboration", "source_title", "doc_id", "cluster_id",
)
#: Cells starting with these are formulas to a spreadsheet (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Record = dict[str, Any]


# -- names for codes --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO code -> country name, from GeoNames countryInfo.txt."""
    names: dict[str, str] = {}
    with open(GAZETTEER_DIR / "countryInfo.txt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 4:
                names[cols[0]] = cols[4]
    return names


@lru_cache(maxsize=1)
def _admin1_names() -> dict[str, str]:
    """"SY.12" -> "Idlib", from GeoNames admin1CodesASCII.txt."""
    names: dict[str, str] = {}
    with open(GAZETTEER_DIR / "admin1CodesASCII.txt", encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 2:
                names[cols[0]] = cols[2] or cols[1]
    return names


def _gazetteer_admin(place_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """place_id -> (country code, admin1 code) from the gazetteer index, if it can be opened."""
    wanted = sorted({p for p in place_ids if p})
    if not wanted:
        return {}
    try:
        from geo.gazetteer import get_gazetteer

        gazetteer = get_gazetteer()
    except Exception:  # noqa: BLE001 - no index: columns stay as the mentions give them
        return {}
    found: dict[str, tuple[str, str]] = {}
    for place_id in wanted:
        place = gazetteer.place(place_id)
        if place is not None:
            found[place_id] = (place.country_code or "", place.admin1 or "")
    return found


# -- records ----------------------------------------------------------------------------------

def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _point(row: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point (lon, lat) for a row with valid coordinates, else None."""
    lat, lon = _number(row.get("lat")), _number(row.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


def _joined(values: Iterable[Any]) -> str:
    return "; ".join(dict.fromkeys(str(v) for v in values if v not in (None, "")))


def _claims_by_event(claims: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    linked: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        for event_id in id_list(claim.get("event_ids")):
            linked[event_id].append(claim)
    return linked


def corroboration_counts(events: Iterable[dict[str, Any]]) -> dict[str, int]:
    """event_id -> number of distinct documents reporting the event's cluster (1 if unclustered)."""
    events = list(events)
    docs: dict[str, set[str]] = defaultdict(set)
    for e in events:
        docs[str(e.get("cluster_id") or e.get("event_id"))].add(str(e.get("doc_id")))
    return {str(e.get("event_id")): len(docs[str(e.get("cluster_id") or e.get("event_id"))]) for e in events}


def event_records(data: MapData) -> list[Record]:
    """One ACLED-style record per event (see ``EVENT_CSV_COLUMNS``), with ``geometry``.

    Country and admin1 come from the mention of the event's place in its
    document (else the gazetteer); confidence is that mention's; claimant the
    speakers of the claims linked to the event; corroboration the number of
    documents in the event's cluster.
    """
    mention_of: dict[tuple[Any, Any], dict[str, Any]] = {}
    for m in data.mentions:
        key = (m.get("doc_id"), m.get("place_id"))
        if key not in mention_of or float(m.get("confidence") or 0) > float(mention_of[key].get("confidence") or 0):
            mention_of[key] = m
    admin = _gazetteer_admin(e.get("place_id") for e in data.events)
    countries, admins = _country_names(), _admin1_names()
    linked, corroboration = _claims_by_event(data.claims), corroboration_counts(data.events)
    docs = data.documents_by_id()
    records = []
    for e in data.events:
        mention = mention_of.get((e.get("doc_id"), e.get("place_id")), {})
        code, admin1 = admin.get(str(e.get("place_id")), (mention.get("country_code") or "", ""))
        code = mention.get("country_code") or code
        notes = str(e.get("sentence") or "") + (f" [{e['notes']}]" if e.get("notes") else "")
        geometry = _point(e)
        records.append({
            "event_id": e.get("event_id"), "event_date": e.get("event_date"),
            "time_precision": e.get("time_precision"), "event_type": e.get("event_type"),
            "sub_event_type": e.get("sub_event_type"), "actor1": e.get("actor1"), "actor2": e.get("actor2"),
            "country": countries.get(code, code or None), "admin1": admins.get(f"{code}.{admin1}") if admin1 else None,
            "location": e.get("location"),
            "latitude": geometry["coordinates"][1] if geometry else None,
            "longitude": geometry["coordinates"][0] if geometry else None,
            "geo_precision": e.get("geo_precision"),
            "source": outlet_of(e if e.get("outlet") else docs.get(e.get("doc_id"), {})), "notes": notes, "fatalities": e.get("fatalities"),
            "confidence": mention.get("confidence"),
            "claimant": _joined(c.get("speaker") for c in linked.get(str(e.get("event_id")), [])) or None,
            "corroboration": corroboration.get(str(e.get("event_id")), 1),
            "source_title": e.get("title") or docs.get(e.get("doc_id"), {}).get("title"),
            "doc_id": e.get("doc_id"), "cluster_id": e.get("cluster_id"), "geometry": geometry,
        })
    return records


def claim_records(data: MapData) -> list[Record]:
    """One record per claim, placed at its first located place (else its first located event)."""
    by_doc_place = {(m.get("doc_id"), m.get("place_id")): m for m in data.mentions if _point(m)}
    by_place = {m.get("place_id"): m for m in data.mentions if _point(m)}
    events = {str(e.get("event_id")): e for e in data.events if _point(e)}
    records = []
    for c in data.claims:
        places = id_list(c.get("place_ids"))
        spots = [by_doc_place.get((c.get("doc_id"), p)) or by_place.get(p) for p in places]
        spots += [events.get(e) for e in id_list(c.get("event_ids"))]
        spot = next((s for s in spots if s), None)
        records.append({
            "claim_id": c.get("claim_id"), "claim_date": c.get("claim_date"), "speaker": c.get("speaker"),
            "speaker_role": c.get("speaker_role"), "cue": c.get("cue"), "content": c.get("content"),
            "outlet": outlet_of(c), "source_title": c.get("title"), "doc_id": c.get("doc_id"),
            "place_ids": _joined(places) or None, "event_ids": _joined(id_list(c.get("event_ids"))) or None,
            "location": (spot or {}).get("name") or (spot or {}).get("location"),
            "geometry": _point(spot) if spot else None,
        })
    return records


def post_records(data: MapData) -> list[Record]:
    """One record per observation post, with its latest status."""
    records = []
    for p in sorted(data.posts, key=lambda p: str(p.get("id") or p.get("name"))):
        statuses = [s for s in (p.get("statuses") or []) if isinstance(s, dict)]
        last = max(statuses, key=lambda s: str(s.get("date") or ""), default={})
        records.append({
            "post_id": p.get("id"), "name": p.get("name"), "kind": p.get("kind"),
            "precision": p.get("precision"), "source": p.get("source"), "established": p.get("established"),
            "status": last.get("status"), "status_date": last.get("date"), "note": p.get("note"),
            "mentions": len(p.get("mentions") or []), "geometry": _point(p),
        })
    return records


def _geometry(mention: dict[str, Any]) -> dict[str, Any] | None:
    geometry = mention.get("geometry")
    if isinstance(geometry, dict) and geometry.get("type") and geometry.get("coordinates"):
        return geometry
    return _point(mention)


def place_records(data: MapData) -> list[Record]:
    """One record per place named (its own geometry: a road is a LineString), with mention counts."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in data.mentions:
        if _geometry(m):
            groups[str(m.get("place_id") or f"{m.get('name')}@{m.get('lat')},{m.get('lon')}")].append(m)
    records = []
    for place_id in sorted(groups):
        ms = groups[place_id]
        first = ms[0]
        records.append({
            "place_id": place_id, "name": first.get("name"), "feature_code": first.get("feature_code"),
            "country_code": first.get("country_code"), "precision": first.get("precision"),
            "coordinates_from": first.get("source"), "mentions": len(ms),
            "documents": len({m.get("doc_id") for m in ms}), "kinds": _joined(sorted({str(m.get("kind")) for m in ms})),
            "max_confidence": max(float(m.get("confidence") or 0) for m in ms), "geometry": _geometry(first),
        })
    return records


def mention_records(data: MapData) -> list[Record]:
    """One record per mention: the sentence that names the place, where and how sure."""
    docs = data.documents_by_id()
    records = []
    for m in data.mentions:
        doc = docs.get(m.get("doc_id"), {})
        records.append({
            "mention_id": m.get("mention_id"), "doc_id": m.get("doc_id"), "text": m.get("text"),
            "name": m.get("name"), "place_id": m.get("place_id"), "kind": m.get("kind"),
            "confidence": m.get("confidence"), "precision": m.get("precision"), "sentence": m.get("sentence"),
            "outlet": outlet_of(doc) if doc else None, "source_title": doc.get("title"),
            "published": doc.get("published"), "geometry": _point(m),
        })
    return records


def layer_records(data: MapData) -> dict[str, list[Record]]:
    """Every layer's records, keyed by layer name (``LAYERS`` order)."""
    return {"events": event_records(data), "claims": claim_records(data), "posts": post_records(data),
            "places": place_records(data), "mentions": mention_records(data)}


# -- GeoJSON ----------------------------------------------------------------------------------

def _feature(layer: str, record: Record, id_key: str) -> dict[str, Any]:
    props = {k: v for k, v in record.items() if k != "geometry"}
    return {"type": "Feature", "id": f"{layer}:{record.get(id_key)}", "geometry": record.get("geometry"),
            "properties": {"layer": layer, **props}}


_ID_KEYS = {"events": "event_id", "claims": "claim_id", "posts": "post_id", "places": "place_id",
            "mentions": "mention_id"}


def to_geojson(data: MapData) -> dict[str, Any]:
    """One RFC 7946 FeatureCollection (WGS84, [lon, lat]) of every layer.

    Each feature's ``properties.layer`` names its layer; features without a
    known location (some claims) have ``"geometry": null`` as RFC 7946 allows.
    """
    features = [_feature(layer, r, _ID_KEYS[layer]) for layer, rows in layer_records(data).items() for r in rows]
    return {"type": "FeatureCollection", "features": features}


# -- CSV --------------------------------------------------------------------------------------

def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ (or tab/CR) gets a leading '.

    Numbers are left alone (a longitude of -3.7 is data, not a formula).
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(data: MapData) -> str:
    """Events as ACLED-style CSV (``EVENT_CSV_COLUMNS``), formula injection neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EVENT_CSV_COLUMNS)
    for record in event_records(data):
        writer.writerow([safe_cell(record.get(c)) for c in EVENT_CSV_COLUMNS])
    return out.getvalue()


# -- GeoPackage -------------------------------------------------------------------------------

def write_gpkg(data: MapData, path: str | os.PathLike) -> Path:
    """A GeoPackage (EPSG:4326) with one layer per ``LAYERS`` entry, empty layers included.

    Replaces ``path``.  Raises ``GeoError`` naming the file when it cannot be written.
    """
    import geopandas as gpd
    from shapely.geometry import shape

    out = Path(path)
    tmp = out.with_name(out.name + ".tmp.gpkg")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        for layer, rows in layer_records(data).items():
            columns = [k for k in (rows[0] if rows else {_ID_KEYS[layer]: None}) if k != "geometry"]
            frame = gpd.GeoDataFrame(
                {c: [r.get(c) for r in rows] for c in columns},
                geometry=[shape(r["geometry"]) if r.get("geometry") else None for r in rows], crs="EPSG:4326")
            frame.to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio",
                          geometry_type=None if rows else "Point")
        tmp.replace(out)
    except (OSError, ValueError) as exc:
        tmp.unlink(missing_ok=True)
        raise GeoError(f"{out}: cannot write the GeoPackage ({exc})") from exc
    return out


# -- KML --------------------------------------------------------------------------------------

_KML_NS = "http://www.opengis.net/kml/2.2"
_KML_STYLES = {"events": "ff2b39c0", "claims": "ff1a7ab8", "posts": "ff657a11", "places": "ffa37124",
               "mentions": "ff738557"}
_KML_NAMES = {"events": "Events", "claims": "Claims", "posts": "Observation posts", "places": "Places",
              "mentions": "Mentions"}


def _kml_coords(geometry: dict[str, Any]) -> list[tuple[str, str]]:
    """(KML element, "lon,lat lon,lat") pairs for a GeoJSON geometry."""
    kind, coords = geometry["type"], geometry["coordinates"]

    def text(points: Iterable[Iterable[float]]) -> str:
        return " ".join(f"{float(p[0]):.6f},{float(p[1]):.6f}" for p in points)

    if kind == "Point":
        return [("Point", text([coords]))]
    if kind == "LineString":
        return [("LineString", text(coords))]
    if kind == "MultiLineString":
        return [("LineString", text(line)) for line in coords]
    if kind == "Polygon":
        return [("Polygon", text(coords[0]))]
    if kind == "MultiPolygon":
        return [("Polygon", text(poly[0])) for poly in coords]
    return []


def _kml_geometry(parent: ET.Element, geometry: dict[str, Any]) -> None:
    parts = _kml_coords(geometry)
    if len(parts) > 1:
        parent = ET.SubElement(parent, "MultiGeometry")
    for kind, coords in parts:
        node = ET.SubElement(parent, kind)
        if kind == "Polygon":
            node = ET.SubElement(ET.SubElement(node, "outerBoundaryIs"), "LinearRing")
        ET.SubElement(node, "coordinates").text = coords


def claim_popup(record: Record) -> str:
    """Popup HTML for one claim: who claimed what, where it was reported."""
    def row(label: str, value: Any) -> str:
        return f"<div><b>{label}:</b> {esc(value)}</div>" if value not in (None, "") else ""

    return ("<div class='geo-popup'>"
            f"<h4 style='margin:0 0 4px'>Claim by {esc(record.get('speaker'))}</h4>"
            f"{row('Role', record.get('speaker_role'))}{row('Date', record.get('claim_date'))}"
            f"<q>{esc(record.get('content'))}</q>{row('Cue', record.get('cue'))}"
            f"<div><small><b>{esc(record.get('outlet'))}</b> &ndash; <i>{esc(record.get('source_title'))}</i>"
            f"</small></div></div>")


def _kml_descriptions(data: MapData, layers: dict[str, list[Record]]) -> dict[str, list[str]]:
    """The popup HTML of every KML placemark: the map's own popups where there is one."""
    docs, linked = data.documents_by_id(), _claims_by_event(data.claims)
    events = {str(e.get("event_id")): e for e in data.events}
    posts = {str(p.get("id")): p for p in data.posts}
    mentions_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in data.mentions:
        mentions_of[str(m.get("place_id"))].append(m)
    return {
        "events": [event_popup([events[str(r["event_id"])]], linked, docs) for r in layers["events"]],
        "claims": [claim_popup(r) for r in layers["claims"]],
        "posts": [post_popup(posts.get(str(r["post_id"]), r)) for r in layers["posts"]],
        "places": [place_popup(mentions_of[str(r["place_id"])][0] if mentions_of.get(str(r["place_id"])) else r,
                               mentions_of.get(str(r["place_id"]), []), docs) for r in layers["places"]],
        "mentions": [f"<div class='geo-popup'><q>{esc(r.get('sentence'))}</q><div><small>{esc(r.get('outlet'))} "
                     f"&ndash; {esc(r.get('kind'))}, confidence {esc(r.get('confidence'))}</small></div></div>"
                     for r in layers["mentions"]],
    }


def _kml_name(layer: str, record: Record) -> str:
    if layer == "events":
        return f"{record.get('event_type') or 'Event'}: {record.get('location') or ''}".strip(": ")
    if layer == "claims":
        return f"Claim by {record.get('speaker')}"
    return str(record.get("name") or record.get("text") or record.get(_ID_KEYS[layer]))


def to_kml(data: MapData) -> str:
    """KML 2.2 for Google Earth: one folder per layer, the map's popups as descriptions.

    Descriptions are the popups' HTML (document text escaped by ``esc``) and
    are XML-escaped again as KML text; names are XML-escaped text.  Rows
    without a location are left out.  Events carry a ``TimeStamp``.
    """
    layers = layer_records(data)
    descriptions = _kml_descriptions(data, layers)
    kml = ET.Element("kml", xmlns=_KML_NS)
    document = ET.SubElement(kml, "Document")
    ET.SubElement(document, "name").text = "geo export"
    for layer, colour in _KML_STYLES.items():
        style = ET.SubElement(document, "Style", id=f"geo-{layer}")
        ET.SubElement(ET.SubElement(style, "IconStyle"), "color").text = colour
        line = ET.SubElement(style, "LineStyle")
        ET.SubElement(line, "color").text = colour
        ET.SubElement(line, "width").text = "3"
    for layer, rows in layers.items():
        folder = ET.SubElement(document, "Folder", id=layer)
        ET.SubElement(folder, "name").text = _KML_NAMES[layer]
        for record, description in zip(rows, descriptions[layer]):
            if not record.get("geometry"):
                continue
            mark = ET.SubElement(folder, "Placemark", id=f"{layer}-{record.get(_ID_KEYS[layer])}")
            ET.SubElement(mark, "name").text = _kml_name(layer, record)
            ET.SubElement(mark, "description").text = description
            if layer == "events" and record.get("event_date"):
                ET.SubElement(ET.SubElement(mark, "TimeStamp"), "when").text = str(record["event_date"])
            ET.SubElement(mark, "styleUrl").text = f"#geo-{layer}"
            _kml_geometry(mark, record["geometry"])
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode")
