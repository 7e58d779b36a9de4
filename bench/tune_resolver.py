"""Tune the resolver's evidence weights on annotated corpora, validating on another.

Recognition does not depend on the weights, so each document is recognised once
and only resolution is re-run.  Coordinate descent over ``geo.resolve.Weights``
maximises mean acc@161 on the tuning corpora; the held-out corpus shows whether
the change generalises.  Prints the weights to copy into ``Weights`` defaults.

    .venv/bin/python bench/tune_resolver.py --tune lgl tr-news --hold-out geovirus
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from geo.evaluate import distance_km, load_corpus, match_spans
from geo.gazetteer import get_gazetteer
from geo.recognise import recognise
from geo.resolve import DEFAULT_WEIGHTS, Weights, resolve

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
CORPORA = {"lgl": "lgl/lgl.xml", "tr-news": "tr-news/TR-News.xml", "geovirus": "geovirus/GeoVirus.xml"}
STEPS = {"population": 0.15, "country": 0.75, "admin1": 0.5, "distance": 0.3, "distance_scale": 25.0,
         "within": 1.0, "admin_word": 1.0, "settlement_word": 0.5, "demonym_near": 0.5, "seat_twin": 1.0, "local": 1.0, "local_power": 0.5, "famous_alias": 1.0, "neighbour": 0.15, "list_peer": 1.0}


def prepare(name: str) -> list[tuple]:
    """(text, candidates, gold toponyms with coordinates) per document."""
    gaz = get_gazetteer()
    out = []
    for doc in load_corpus(EVAL / CORPORA[name]):
        gold = [t for t in doc.toponyms if t.lat is not None]
        out.append((doc.text, recognise(doc.text, gaz), gold))
    return out


def accuracy(data: list[tuple], w: Weights) -> float:
    """acc@161 over gold toponyms whose span a prediction overlaps."""
    gaz = get_gazetteer()
    good = total = 0
    for text, cands, gold in data:
        mentions = resolve(text, cands, gaz, w)
        pairs = match_spans([(g.start, g.end) for g in gold], [(m.start, m.end) for m in mentions])
        for gi, pi in pairs:
            total += 1
            m, g = mentions[pi], gold[gi]
            good += distance_km(m.place.lat, m.place.lon, g.lat, g.lon) <= 161
    return good / max(total, 1)


def tune(tuning: list[list[tuple]], rounds: int) -> Weights:
    w = DEFAULT_WEIGHTS
    score = sum(accuracy(d, w) for d in tuning) / len(tuning)
    print(f"start {score:.4f} {w}")
    for _ in range(rounds):
        improved = False
        for field, step in STEPS.items():
            for sign in (1, -1):
                trial = dataclasses.replace(w, **{field: getattr(w, field) + sign * step})
                if trial.distance_scale <= 0:
                    continue
                s = sum(accuracy(d, trial) for d in tuning) / len(tuning)
                if s > score + 1e-4:
                    w, score, improved = trial, s, True
                    print(f"  {field} -> {getattr(w, field):.2f}: {score:.4f}")
                    break
        if not improved:
            break
    return w


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tune", nargs="+", default=["lgl", "tr-news"], choices=CORPORA)
    ap.add_argument("--hold-out", nargs="*", default=["geovirus"], choices=CORPORA)
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args()
    if not EVAL.exists():
        print(f"corpora not found at {EVAL}", file=sys.stderr)
        return 2
    tuning = [prepare(n) for n in args.tune]
    held = {n: prepare(n) for n in args.hold_out}
    best = tune(tuning, args.rounds)
    for name, data in held.items():
        print(f"held-out {name}: {accuracy(data, DEFAULT_WEIGHTS):.4f} -> {accuracy(data, best):.4f}")
    print(best)
    return 0


if __name__ == "__main__":
    sys.exit(main())
