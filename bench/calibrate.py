"""Fit the mapping from the resolver's raw score share to a calibrated confidence.

For every gold toponym (with coordinates) that a prediction overlaps, the raw
share (softmax of the winning candidate's score) is paired with whether the
prediction lies within 161 km of the gold point.  Countries, continents and
provinces are left out: their "errors" are mostly a different representative
point, not a wrong place.  The pairs are binned, made monotone by pool-adjacent-
violators, and written to data/calibration.json, which geo.resolve reads.

    .venv/bin/python bench/calibrate.py            # uses ../shared/eval
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from geo.evaluate import distance_km, load_corpus, match_spans
from geo.gazetteer import get_gazetteer
from geo.paths import DATA
from geo.recognise import recognise
from geo.resolve import COARSE_CODES, raw_resolve

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
CORPORA = ("tr-news/TR-News.xml", "lgl/lgl.xml", "geovirus/GeoVirus.xml")
EDGES = [i / 10 for i in range(11)]


def pairs() -> list[tuple[float, bool]]:
    gaz = get_gazetteer()
    out = []
    for corpus in CORPORA:
        for doc in load_corpus(EVAL / corpus):
            gold = [t for t in doc.toponyms if t.lat is not None]
            resolved = raw_resolve(doc.text, recognise(doc.text, gaz), gaz)
            spans = [(c.start, c.end) for c, _, _ in resolved]
            for gi, pi in match_spans([(g.start, g.end) for g in gold], spans):
                _, place, share = resolved[pi]
                if place.feature_code in COARSE_CODES:
                    continue
                ok = distance_km(place.lat, place.lon, gold[gi].lat, gold[gi].lon) <= 161
                out.append((share, ok))
    return out


def pool_adjacent_violators(points: list[list[float]]) -> list[list[float]]:
    """[x, mean, weight] blocks, merged until the means never decrease."""
    blocks: list[list[float]] = []
    for x, y, w in points:
        blocks.append([x, y, w])
        while len(blocks) > 1 and blocks[-2][1] > blocks[-1][1]:
            x2, y2, w2 = blocks.pop()
            x1, y1, w1 = blocks.pop()
            blocks.append([(x1 * w1 + x2 * w2) / (w1 + w2), (y1 * w1 + y2 * w2) / (w1 + w2), w1 + w2])
    return blocks


def main() -> int:
    if not EVAL.exists():
        print(f"corpora not found at {EVAL}", file=sys.stderr)
        return 2
    data = pairs()
    points = []
    for lo, hi in zip(EDGES, EDGES[1:]):
        sel = [(s, ok) for s, ok in data if lo <= s < hi or (hi == 1.0 and s == 1.0)]
        if sel:
            points.append([sum(s for s, _ in sel) / len(sel), sum(ok for _, ok in sel) / len(sel), float(len(sel))])
    table = [[round(x, 3), round(y, 3)] for x, y, _ in pool_adjacent_violators(points)]
    out = DATA / "calibration.json"
    out.write_text(json.dumps({
        "about": "raw resolver share -> observed share within 161 km (TR-News, LGL, GeoVirus; "
                 "sub-national places); regenerate with bench/calibrate.py",
        "n": len(data), "table": table}, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data)} pairs -> {out}: {table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
