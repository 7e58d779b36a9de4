"""Clustering events reported by several documents."""
from geo.extract.corroborate import cluster_events, cluster_outlets, corroborated


def ev(eid, **kw):
    row = {
        "event_id": eid, "doc_id": "d" + eid, "event_type": "Battles", "sub_event_type": "Armed clash",
        "event_date": "2020-02-20", "time_precision": 1, "place_id": "gn:1", "lat": 35.87, "lon": 36.72,
        "geo_precision": 1, "source": "Outlet " + eid,
    }
    row.update(kw)
    return row


def test_same_place_close_dates_cluster():
    rows = [ev("a"), ev("b", event_date="2020-02-22", place_id="gn:2", lat=35.88, lon=36.73)]
    clusters = cluster_events(rows)
    assert clusters["a"] == clusters["b"]
    assert corroborated(rows, clusters) == {clusters["a"]: ["Outlet a", "Outlet b"]}


def test_far_apart_or_late_or_other_type_do_not_cluster():
    rows = [
        ev("a"),
        ev("far", place_id="gn:9", lat=36.2, lon=37.2),  # ~55 km away
        ev("late", event_date="2020-02-25"),
        ev("talks", event_type="Strategic developments", sub_event_type="Agreement or talks"),
    ]
    clusters = cluster_events(rows)
    assert len(set(clusters.values())) == 4


def test_compatible_sub_types_and_coarse_precision():
    rows = [
        ev("a"),
        ev("b", event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
           place_id="gn:3", lat=35.93, lon=36.63, geo_precision=3),  # ~10 km, province-level
    ]
    clusters = cluster_events(rows)
    assert clusters["a"] == clusters["b"]


def test_missing_date_or_place_stays_single():
    rows = [ev("a"), ev("nodate", event_date=None), ev("noplace", place_id=None, lat=None, lon=None),
            ev("noplace2", place_id=None, lat=None, lon=None)]
    clusters = cluster_events(rows)
    assert len(set(clusters.values())) == 4


def test_cluster_ids_are_deterministic_and_order_free():
    rows = [ev("a"), ev("b"), ev("c", place_id="gn:7", lat=10.0, lon=10.0)]
    first = cluster_events(rows)
    second = cluster_events(list(reversed(rows)))
    assert first == second
    outlets = cluster_outlets(rows, first)
    assert outlets[first["a"]] == ["Outlet a", "Outlet b"] and outlets[first["c"]] == ["Outlet c"]
