"""The gazetteer: index build and cache, lookup, GeoNames dump import, name normalisation."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.gazetteer import get_gazetteer
from geo.parse import parse_text
from geo.text import name_key

FIXTURE = Path(__file__).parent / "fixtures" / "gazetteer" / "SY-sample.txt"


@pytest.mark.parametrize("a,b", [
    ("Ma'arrat an-Nu'man", "Maarat al-Numan"),
    ("Reyhanlı", "Reyhanli"),
    ("Tell Touqan", "Tal Touqan"),
    ("an-Nayrab", "al-Nayrab"),
    ("Kafr Nabl", "Kfar Nabl"),
    ("U.S.", "US"),
])
def test_spelling_variants_share_a_key(a, b):
    assert name_key(a) == name_key(b)


def test_lookup_ranks_candidates_with_scores():
    rows = get_gazetteer().lookup("Moscow", limit=5)
    assert rows[0][0].country_code == "RU"
    assert any(p.country_code == "US" for p, _ in rows)  # Moscow, Idaho is a candidate
    scores = [s for _, s in rows]
    assert scores == sorted(scores, reverse=True) and 0 < sum(scores) <= 1.0001


def test_curated_layer_is_indexed_with_source_and_precision():
    gaz = get_gazetteer()
    (nayrab, _), *_ = gaz.lookup("al-Nayrab")
    assert nayrab.place_id == "cur:nayrab_idlib"
    assert nayrab.geonameid is None and nayrab.source and nayrab.precision == "village centre"
    m4 = gaz.place("cur:m4_highway")
    assert m4.geometry["type"] == "LineString" and m4.precision == "schematic"


def test_every_curated_row_has_a_source_a_precision_and_a_point_or_says_unknown():
    import csv

    from geo.paths import GAZETTEER_DIR

    gaz = get_gazetteer()
    for path in sorted((GAZETTEER_DIR / "curated").glob("*.csv")):
        if path.name == "post_status.csv":
            continue
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                assert row["source"].strip() and row["precision"].strip(), (path.name, row["id"])
                if row["precision"] == "unknown":  # no public source gave a coordinate: not on the map
                    assert not row["lat"] and not row["lon"], row["id"]
                    continue
                place = gaz.place(f"cur:{row['id']}")
                assert place is not None, row["id"]
                if row["lat"]:
                    assert (place.lat, place.lon) == (float(row["lat"]), float(row["lon"])), row["id"]
                    assert place.source == row["source"], row["id"]
                else:  # an area drawn in features.geojson
                    assert place.geometry and place.geometry["type"] in ("Polygon", "MultiPolygon"), row["id"]


def test_islands_and_regions_the_news_names_are_known():
    ms = parse_text("Volcanic ash fell on Java and Luzon while troops patrolled Kashmir and the Negev.")
    assert [m.place.place_id for m in ms] == ["cur:java", "cur:luzon", "cur:kashmir", "cur:negev"]


def test_cli_lookup_of_unknown_name_fails_cleanly():
    out = subprocess.run([sys.executable, "-m", "geo.cli", "gazetteer", "lookup", "Qqxzzyv"],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "no gazetteer entry" in out.stderr and "Traceback" not in out.stderr


def test_cli_lookup_names_a_village_no_source_locates():
    out = subprocess.run([sys.executable, "-m", "geo.cli", "gazetteer", "lookup", "Surman"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.splitlines()[:2]
    assert "cur:surman" in first and "(SY.12) no coordinate" in first
    assert "Şurmān" in second  # the namesake in Libya is still listed, after it


def test_import_geonames_dump_adds_places_and_rebuilds(tmp_path):
    env = {**os.environ, "GEO_CACHE": str(tmp_path / "cache")}
    run = lambda *a: subprocess.run([sys.executable, "-m", "geo.cli", *a], capture_output=True, text=True, env=env)
    assert all(p.place_id != "gn:9900001" for p, _ in get_gazetteer().lookup("Khirbet Zaitoun Test"))
    out = run("gazetteer", "import", str(FIXTURE))
    assert out.returncode == 0, out.stderr
    assert "imported 2 features" in out.stdout
    after = run("gazetteer", "lookup", "Khirbet Zaitoun Test")
    assert "gn:9900001" in after.stdout and "35.91000,36.70000" in after.stdout
    bad = tmp_path / "bad.txt"
    bad.write_text("just some words\n", encoding="utf-8")
    out = run("gazetteer", "import", str(bad))
    assert out.returncode == 1 and str(bad) in out.stderr and "19 tab-separated" in out.stderr


def test_oversized_file_is_refused_by_name(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB
    small = tmp_path / "ok.txt"
    small.write_text("Shelling hit Saraqib.", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "geo.cli", "parse", str(big), str(small)],
                         capture_output=True, text=True)
    assert f"{big}: too large" in out.stderr and "Traceback" not in out.stderr
    assert '"name": "Saraqib"' in out.stdout


def test_fuzzy_candidates_never_look_certain():
    rows = get_gazetteer().lookup("Qaryat Saraqibb")  # a misspelling: no exact key
    assert rows and sum(score for _, score in rows) <= 0.5001


def test_countries_and_divisions_sit_at_geonames_own_points():
    # GeoNames' points (geonames_admin_points.csv), by geonameid: France 3017382, Alberta 5883102
    gaz = get_gazetteer()
    france, alberta = gaz.place("cc:FR"), gaz.place("adm1:CA.01")
    assert (france.geonameid, france.lat, france.lon) == (3017382, 46.0, 2.0)
    assert (alberta.geonameid, round(alberta.lat, 3), round(alberta.lon, 3)) == (5883102, 52.283, -117.469)
    assert "GeoNames point" in alberta.precision


def test_a_country_moves_from_geonames_point_toward_the_centre_of_its_outline():
    from geo.geodesy import distance_km
    from geo.gazetteer.sources import _centre_of_area, _country_outlines, _toward

    outlines = {iso3: geom for iso3, _, geom in _country_outlines()}
    gaz = get_gazetteer()
    # GeoNames puts China at 35N 105E, 140 km from the centre of its area: it sits at the centre
    china, centre = gaz.place("cc:CN"), _centre_of_area(outlines["CHN"])
    assert 130 < distance_km(35.0, 105.0, *centre) < 158
    assert distance_km(china.lat, china.lon, *centre) < 1
    assert "toward the centre" in china.precision
    # Libya's GeoNames point (25N 17E) lies further: the point moves 158 km toward the centre
    libya, centre = gaz.place("cc:LY"), _centre_of_area(outlines["LBY"])
    assert 158 < distance_km(25.0, 17.0, *centre) <= 322
    assert abs(distance_km(libya.lat, libya.lon, 25.0, 17.0) - 158) < 0.5
    assert distance_km(libya.lat, libya.lon, *centre) < distance_km(25.0, 17.0, *centre) - 157
    # Canada's GeoNames point (60.1N 113.6W, northern Alberta) is 950 km from the centre of its area,
    # the World Factbook's (60N 95W) 300 km: Canada sits at the Factbook's
    centre = _centre_of_area(outlines["CAN"])
    assert distance_km(60.10867, -113.64258, *centre) > 900 and distance_km(60.0, -95.0, *centre) < 322
    canada = gaz.place("cc:CA")
    assert (canada.lat, canada.lon) == (60.0, -95.0) and "World Factbook" in canada.precision
    # France's outline, with French Guiana, centres far from GeoNames' 46N 2E, but so does the
    # Factbook's point (the same): France stays at GeoNames'
    assert "GeoNames point" in gaz.place("cc:FR").precision
    # halfway between two points either side of the antimeridian is on it, not at Greenwich
    lat, lon = _toward((-17.0, 179.0), (-17.0, -179.0), 0.5)
    assert abs(lat + 17.0) < 0.01 and abs(abs(lon) - 180.0) < 0.01


def test_a_county_without_a_large_town_is_indexed_at_its_point():
    # Cedar County, Iowa (GeoNames 4850676) has no town of 15,000 people to stand in for it
    counties = [p for p, _ in get_gazetteer().lookup("Cedar County", limit=20) if p.feature_code == "ADM2"]
    assert any(p.geonameid == 4850676 and (p.lat, p.lon) == (41.76669, -91.13349) for p in counties)


def test_idlib_villages_missing_from_cities500_are_placed_at_their_geonames_points():
    ms = {m.text: m.place for m in parse_text("Clashes flared around Qaminas, Hazano and Kafr Halab near Idlib.")}
    assert (ms["Qaminas"].place_id, ms["Qaminas"].lat, ms["Qaminas"].lon) == ("cur:qaminas", 35.88539, 36.67763)
    assert "GeoNames 166161" in ms["Qaminas"].source
    assert ms["Hazano"].place_id == "cur:hazano" and ms["Kafr Halab"].place_id == "cur:kafr_halab"


def test_airbases_and_crossings_of_the_wider_war_are_known():
    ms = {m.text: m.place for m in parse_text(
        "Russian jets took off from Hmeimim, Israeli missiles hit the T4 airbase and Shayrat, and aid crossed "
        "at Bab al-Salameh.")}
    assert {ms[n].feature_code for n in ("Hmeimim", "T4 airbase", "Shayrat")} == {"AIRB"}
    assert ms["Bab al-Salameh"].feature_code == "PSTB" and ms["Hmeimim"].place_id == "cur:hmeimim_airbase"
    assert "Wikipedia" in ms["Hmeimim"].source or "wikipedia" in ms["Hmeimim"].source


def test_given_names_are_read_with_their_highest_frequency(tmp_path, monkeypatch):
    from geo.gazetteer import sources

    data = tmp_path / "data"
    data.mkdir()
    # nam_dict.txt's layout: gender, name in columns 4-29, a sort marker in column 30, one hex digit per country
    lines = ["# comment", "=  Bob                       Robert",
             "F  Sandra                     5  8  3            $",
             "M  Jun+Wei                     3                 $",
             "F  Käte                      + 2                 $",
             "M  Tal                         1     A           $"]
    (data / "nam_dict.txt").write_text("\n".join(f"{ln[:29]:<29}{ln[29:]}" if not ln.startswith(("#", "=")) else ln
                                                 for ln in lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(sources, "given_names_file", lambda: data / "nam_dict.txt")
    assert sources.read_given_names() == {"Sandra": 8, "Tal": 10}


def test_the_index_knows_given_names():
    gaz = get_gazetteer()
    assert gaz.given_name("Sandra") >= 5 and gaz.given_name("Idlib") == 0
    assert gaz.starts_names("tal") and not gaz.starts_names("sandra")


def test_airport_names_as_the_news_writes_them():
    from geo.gazetteer.sources import _airport_names

    towns = {name_key(n) for n in ("London", "Toronto", "Ottawa", "Aleppo", "Hodeidah")}
    assert _airport_names("London Heathrow Airport", "London", towns, {}) == [
        "Heathrow", "Heathrow Airport", "London Heathrow Airport"]
    pearson = _airport_names("Toronto Pearson International Airport", "Mississauga", towns, {})
    assert "Pearson International Airport" in pearson and "Pearson" not in pearson  # a common surname
    assert _airport_names("Aleppo International Airport", "Aleppo", towns, {}) == [
        "Aleppo Airport", "Aleppo International Airport"]  # never "International Airport" alone
    assert "Macdonald-Cartier International Airport" in _airport_names(
        "Ottawa / Macdonald-Cartier International Airport", "Ottawa", towns, {})
    assert _airport_names("Fera/Maringe Airport", "Fera Island", towns, {}) == ["Fera/Maringe Airport"]
    # a town's other spelling is no airport's name ("Hodeidah" is the city, Al Hudaydah in GeoNames)
    assert "Hodeidah" not in _airport_names("Hodeidah International Airport", "Al Hudaydah", towns, {})
    assert "Hodeidah" not in _airport_names("Hodeidah International Airport", "Hodeida", set(), {})
    assert "Bragg" not in _airport_names("Fort Bragg Airport", "Fort Bragg", {name_key("Fort")}, {})


def test_airports_are_indexed_and_found_with_a_lower_case_airport():
    ms = {m.text: m.place for m in parse_text(
        "Flights from Heathrow and Gatwick were cancelled; he later flew out of Kabul airport. "
        "Bali airport reopened after the eruption on Bali. A drone hit Aleppo airport.")}
    assert ms["Heathrow"].place_id == "air:EGLL" and ms["Heathrow"].precision == "airport reference point"
    assert "airportsdata" in ms["Heathrow"].source and ms["Gatwick"].feature_code == "AIRP"
    assert ms["Kabul airport"].place_id == "air:OAKB"
    assert ms["Bali"].country_code == "ID" and "Bali airport" not in ms  # Bali Airport is in Cameroon
    # the curated Nayrab airbase stands for Aleppo's airport; the package's duplicate is left out
    assert ms["Aleppo airport"].place_id == "cur:nayrab_aleppo_airbase"
    assert get_gazetteer().place("air:OSAP") is None


def test_a_build_removes_what_killed_builds_left_behind(tmp_path):
    import time

    from geo.gazetteer.build import _remove_stale_partials

    old, fresh, index = tmp_path / "tmpold.tmp", tmp_path / "tmpnew.tmp", tmp_path / "gazetteer-x.sqlite"
    for f in (old, fresh, index):
        f.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    os.utime(index, (two_hours_ago, two_hours_ago))
    _remove_stale_partials(tmp_path)
    assert not old.exists() and fresh.exists() and index.exists()  # a build in progress keeps its file


def test_districts_without_a_geonames_point_sit_at_the_town_they_are_named_after():
    ms = {m.text: m.place for m in parse_text(
        "Regime forces shelled villages in Jisr al-Shughur district and in the Maarat al-Numan district of Idlib; "
        "Russian troops pressed on in Bakhmut district.")}
    jisr, maarat, bakhmut = ms["Jisr al-Shughur"], ms["Maarat al-Numan"], ms["Bakhmut"]
    assert (jisr.feature_code, maarat.feature_code, bakhmut.feature_code) == ("ADM2", "ADM2", "ADM2")
    assert jisr.precision.startswith("town of its name") and "Nu" in maarat.precision  # not Kafr Nabl, its largest
    assert abs(jisr.lat - 35.81) < 0.05 and abs(maarat.lon - 36.67) < 0.05


def test_a_slavic_districts_adjective_finds_its_town():
    from geo.gazetteer.sources import _district_seat

    towns = {("RU", "77", "zubtsov"): {"name": "Zubtsov"}, ("UA", "05", "pokrovsk"): {"name": "Pokrovsk"}}
    assert _district_seat(["RU", "77", "1"], "Zubtsovskiy Rayon", "Zubtsovskiy Rayon", towns)["name"] == "Zubtsov"
    assert _district_seat(["UA", "05", "2"], "Pokrovskyi Raion", "Pokrovskyi Raion", towns)["name"] == "Pokrovsk"
    assert _district_seat(["UA", "05", "3"], "Lymanskyi Raion", "Lymanskyi Raion", towns) is None


def test_arabic_names_are_found_with_a_final_ah_or_a():
    from geo.gazetteer.build import _ta_marbuta_forms

    assert _ta_marbuta_forms("hawijah") == ["hawija"] and _ta_marbuta_forms("faluja") == ["falujah"]
    assert _ta_marbuta_forms("tal afar") == []
    ms = {m.text: m.place for m in parse_text("Coalition jets struck Hawija, Falluja and Raqqah; the fight "
                                               "for North Kivu went on.")}
    assert ms["Hawija"].country_code == "IQ" and ms["Falluja"].country_code == "IQ"
    assert ms["Raqqah"].country_code == "SY" and ms["North Kivu"].place_id == "adm1:CD.11"


def test_villages_of_the_2020_front_and_the_foua_siege_are_known():
    ms = {m.text: m.place for m in parse_text(
        "Turkish soldiers were killed near Balyun; people fled to Atmeh. Rebels held Kafr Nabudah, and buses "
        "left Foua and Kefraya near Idlib.")}
    assert {ms[n].place_id for n in ("Balyun", "Atmeh", "Kafr Nabudah", "Foua", "Kefraya")} == {
        "cur:balyun", "cur:atmeh", "cur:kafr_nabudah", "cur:al_fuah", "cur:kafriya"}
    assert ms["Balyun"].precision == "approximate" and "Wikipedia" in ms["Foua"].source


def test_us_counties_without_a_geonames_point_sit_at_the_centre_of_their_outline():
    from geo.geodesy import distance_km
    from geo.gazetteer.sources import us_county_centres

    centres = us_county_centres()
    assert len(centres) > 3000
    # Henry County, Tennessee (FIPS 47079), whose seat is Paris: GeoNames puts it at 36.3334 N 88.3167 W
    assert distance_km(*centres["47079"], 36.3334, -88.3167) < 15
    henry = {m.text: m.place for m in parse_text("PARIS, Tenn. - The Paris and Henry County Arts Council met "
                                                 "in Tennessee.")}["Henry County"]
    assert henry.place_id == "adm2:US.TN.079" and henry.precision.startswith("centre of its outline")
    # its size is that of its towns of 500 people or more (Paris, 10,150), though none has 15,000
    assert 10_000 < henry.population < 20_000
    ms = {m.text: m.place for m in parse_text("Metcalfe County and Laurel County, Kentucky, sent bands.")}
    assert ms["Metcalfe County"].admin1 == "KY" and ms["Laurel County"].admin1 == "KY"
