"""Extract GeoNames' own points for countries, first- and second-level divisions.

GeoNames' admin1/admin2 code files and countryInfo carry a geonameid but no
coordinate.  The city-ID registry that the ``pyowm`` package ships
(``pyowm/commons/cityids/cities.db.bz2``, pyowm 3.5.0, MIT) is OpenWeatherMap's
city list, which is keyed by GeoNames id and carries GeoNames' coordinates
(checked: of the 24,845 cities15000 places it holds, 21,341 agree with the
shipped cities15000 within 0.01 degree, the rest moved in later GeoNames edits).
This script keeps, for every country, ADM1 and ADM2 geonameid named in
data/gazetteer/ (countryInfo.txt, admin1CodesASCII.txt, admin2Codes.txt), the
registry's point, and writes data/gazetteer/geonames_admin_points.csv.

    pip download --no-deps pyowm==3.5.0 -d /tmp/pyowm
    .venv/bin/python bench/extract_admin_points.py /tmp/pyowm/pyowm-3.5.0-py3-none-any.whl
"""
from __future__ import annotations

import bz2
import csv
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

from geo.paths import GAZETTEER_DIR

MEMBER = "pyowm/commons/cityids/cities.db.bz2"
OUT = GAZETTEER_DIR / "geonames_admin_points.csv"


def wanted() -> dict[int, tuple[str, str]]:
    """geonameid -> (level, code) for every country, ADM1 and ADM2 the gazetteer names."""
    out: dict[int, tuple[str, str]] = {}
    with open(GAZETTEER_DIR / "countryInfo.txt", encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(cols) > 16 and cols[16].isdigit():
                out[int(cols[16])] = ("PCLI", cols[0])
    for fname, level in (("admin1CodesASCII.txt", "ADM1"), ("admin2Codes.txt", "ADM2")):
        with open(GAZETTEER_DIR / fname, encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 4 and cols[3].isdigit():
                    out[int(cols[3])] = (level, cols[0])
    return out


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as zf, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cities.db"
        db.write_bytes(bz2.decompress(zf.read(MEMBER)))
        conn = sqlite3.connect(db)
        rows = conn.execute("SELECT city_id, name, lat, lon FROM city").fetchall()
        conn.close()
    want = wanted()
    kept = sorted(
        (want[gid][0], want[gid][1], gid, name, round(lat, 5), round(lon, 5))
        for gid, name, lat, lon in rows if gid in want
    )
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["level", "code", "geonameid", "name", "lat", "lon"])
        writer.writerows(dict.fromkeys(kept))
    print(f"{OUT}: {len(kept)} points ({sum(k[0] == 'PCLI' for k in kept)} countries, "
          f"{sum(k[0] == 'ADM1' for k in kept)} ADM1, {sum(k[0] == 'ADM2' for k in kept)} ADM2)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
