"""The online geocoder is opt-in and its results are marked; no network is used here."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from geo.errors import GeoError
from geo.online import online_lookup


class FakeGeocoder:
    def __init__(self, results=None, error=None):
        self.results, self.error, self.calls = results or [], error, []

    def geocode(self, query, exactly_one=False, limit=5):
        self.calls.append((query, exactly_one, limit))
        if self.error:
            raise self.error
        return self.results


def test_online_results_are_marked_as_online():
    loc = SimpleNamespace(latitude=35.9, longitude=36.7, address="Qminas, Idlib, Syria",
                          raw={"osm_type": "node", "osm_id": 42, "type": "village"})
    geocoder = FakeGeocoder([loc])
    ((place, score),) = online_lookup("Qaminas", geocoder=geocoder)
    assert geocoder.calls == [("Qaminas", False, 5)]
    assert place.place_id == "osm:node/42" and place.name == "Qminas"
    assert "online" in place.source.lower() and place.precision == "online geocoder result"
    assert score == 1.0


def test_unreachable_service_is_a_clear_error():
    with pytest.raises(GeoError, match="online geocoder unavailable"):
        online_lookup("Qaminas", geocoder=FakeGeocoder(error=OSError("no route to host")))


def test_lookup_without_online_flag_never_geocodes(monkeypatch):
    from typer.testing import CliRunner

    import geo.online
    from geo.cli import app

    def boom(*a, **k):
        raise AssertionError("network used without --online")

    monkeypatch.setattr(geo.online, "online_lookup", boom)
    result = CliRunner().invoke(app, ["gazetteer", "lookup", "Qqxzzyv"])
    assert result.exit_code == 1 and "--online" in result.output
