"""`geo events` / `geo claims` output formats."""
import csv
import io
import json

import pytest

from geo.errors import GeoError
from geo.listing import format_rows

ROWS = [
    {"event_id": "ev_1", "event_type": "Battles", "lat": 35.87, "lon": 36.72, "location": "Nayrab, \"north\""},
    {"event_id": "ev_2", "event_type": "Strategic developments", "lat": None, "lon": None, "place_ids": ["a", "b"]},
]


def test_json_keeps_every_row():
    rows = json.loads(format_rows(ROWS, "json", kind="events"))
    assert [r["event_id"] for r in rows] == ["ev_1", "ev_2"]


def test_csv_has_union_of_columns_and_escapes():
    text = format_rows(ROWS, "csv", kind="events")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[0]["location"] == 'Nayrab, "north"'
    assert rows[1]["place_ids"] == "a;b" and rows[1]["lat"] == ""
    assert "place_ids" in rows[0]


def test_geojson_only_rows_with_coordinates():
    fc = json.loads(format_rows(ROWS, "geojson", kind="events"))
    assert fc["type"] == "FeatureCollection" and fc["name"] == "events"
    assert len(fc["features"]) == 1
    feature = fc["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.72, 35.87]}
    assert feature["properties"]["event_id"] == "ev_1" and "lat" not in feature["properties"]


def test_empty_and_unknown_format():
    assert json.loads(format_rows([], "json")) == []
    assert format_rows([], "csv") == ""
    with pytest.raises(GeoError):
        format_rows(ROWS, "xml")
