"""Write a synthetic corpus of news articles that name real places from the gazetteer.

Usage:
    .venv/bin/python bench/synth_corpus.py OUT_DIR [--count 10000] [--seed 42] [--paragraphs 4-7]

Each article is a plain-text file with a headline, an outlet and dateline, and several paragraphs
of wire-style prose (shelling, clashes, protests, aid convoys, officials' statements) that name
towns, provinces and countries drawn at random from the prepared gazetteer index (`geo gazetteer
build`): no corpus is hard-coded, and the same seed gives the same files.  Used by
`bench/ingest_scale.py` and by the crash-safety and concurrency tests.
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

OUTLETS = ("Reuters", "Associated Press", "Agence France-Presse", "Al Jazeera", "Anadolu Agency", "TASS")
SPEAKERS = (
    ("a spokesman for the defence ministry", "the ministry"),
    ("the regional governor", "the governor"),
    ("a local council official", "the official"),
    ("a United Nations spokeswoman", "the spokeswoman"),
    ("the commander of the brigade", "the commander"),
)
EVENTS = (
    "Shelling hit {town} overnight, killing {n} civilians and wounding several others, residents said.",
    "Government forces clashed with armed groups on the outskirts of {town} on {weekday}.",
    "Hundreds of people protested in the centre of {town} against rising prices and fuel shortages.",
    "An air strike destroyed a bridge near {town}, cutting the main road to {town2}.",
    "Troops advanced from {town} towards {town2} after two days of heavy fighting.",
    "A convoy of {n} trucks carrying food and medicine reached {town} from {town2}.",
    "Drones attacked an ammunition depot near {town} in {region}, according to local media.",
    "Police in {town} arrested {n} people after a car bomb exploded near the market.",
)
CLAIMS = (
    '"The situation in {town} is under control," {speaker} said.',
    "{Speaker} said that {n} fighters had been killed near {town} and that the road to {town2} was open.",
    'According to {speaker}, the attack on {town} was "a clear violation of the ceasefire."',
    "{Speaker} denied that troops had entered {town}, calling the reports false.",
)
CONTEXT = (
    "The fighting is the worst in {country} since the ceasefire agreed in the spring.",
    "Aid agencies say more than {n},000 people have fled {region} in the past month.",
    "{town} lies about {km} kilometres from the border with {country2}.",
    "Officials in {country2} said they were following the events in {country} closely.",
    "Electricity and water supplies to {town} have been cut for {n} days.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def gazetteer_places(min_population: int = 20_000) -> dict[str, list[tuple[str, str]]]:
    """Names from the prepared gazetteer: {"town": [(name, cc)], "region": [...], "country": [...]}."""
    from geo.gazetteer import get_gazetteer

    conn = get_gazetteer()._conn
    towns = conn.execute(
        "SELECT name, cc FROM places WHERE fclass = 'P' AND population >= ? AND name GLOB '[A-Z]*' "
        "AND name NOT GLOB '*[0-9]*' ORDER BY place_id", (min_population,)).fetchall()
    regions = conn.execute("SELECT name, cc FROM places WHERE fcode = 'ADM1' AND name GLOB '[A-Z]*' "
                           "ORDER BY place_id").fetchall()
    countries = conn.execute("SELECT name, cc FROM places WHERE fcode IN ('PCLI', 'PCLD', 'PCLS') "
                             "AND name GLOB '[A-Z]*' ORDER BY place_id").fetchall()
    if not towns or not countries:
        raise SystemExit("the gazetteer index has no towns or countries: run `geo gazetteer build`")
    return {"town": [tuple(r) for r in towns], "region": [tuple(r) for r in regions] or [tuple(r) for r in towns],
            "country": [tuple(r) for r in countries]}


def article(rng: random.Random, places: dict[str, list[tuple[str, str]]], paragraphs: tuple[int, int],
            index: int) -> str:
    """One article's text."""
    country, cc = rng.choice(places["country"])
    local = [t for t in rng.sample(places["town"], 60) if t[1] == cc] or []
    towns = [t[0] for t in local] + [t[0] for t in rng.sample(places["town"], 4)]
    regions = [r[0] for r in places["region"] if r[1] == cc][:20] or [rng.choice(places["region"])[0]]
    speaker, short = rng.choice(SPEAKERS)

    def fill(template: str) -> str:
        return template.format(
            town=rng.choice(towns), town2=rng.choice(towns), region=rng.choice(regions), country=country,
            country2=rng.choice(places["country"])[0], n=rng.randint(2, 40), km=rng.randint(5, 90),
            weekday=rng.choice(WEEKDAYS), speaker=speaker, Speaker=speaker[0].upper() + speaker[1:])

    day = date(2020, 1, 1) + timedelta(days=rng.randint(0, 365 * 3))
    headline = fill(rng.choice(EVENTS)).split(",")[0].rstrip(".")
    body = []
    for p in range(rng.randint(*paragraphs)):
        sentences = [fill(rng.choice(EVENTS))]
        sentences += [fill(rng.choice(CLAIMS if p % 2 else CONTEXT)) for _ in range(rng.randint(1, 3))]
        if p and rng.random() < 0.3:
            sentences.append(f"{short[0].upper() + short[1:]} did not give further details.")
        body.append(" ".join(sentences))
    dateline = f"{rng.choice(towns).upper()}, {country} ({rng.choice(OUTLETS)}) -"
    return (f"{headline} (report {index})\n\nPublished {day.isoformat()}\n\n{dateline} "
            + "\n\n".join(body) + "\n")


def write_corpus(out_dir: str | Path, count: int, seed: int = 42, paragraphs: tuple[int, int] = (4, 7),
                 per_folder: int = 1000) -> list[Path]:
    """Write ``count`` articles under ``out_dir`` (``per_folder`` to a sub-folder); returns the paths."""
    rng = random.Random(seed)
    places = gazetteer_places()
    out = Path(out_dir)
    paths = []
    for i in range(count):
        folder = out / f"batch{i // per_folder:03d}"
        if i % per_folder == 0:
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"article{i:05d}.txt"
        path.write_text(article(rng, places, paragraphs, i), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--paragraphs", default="4-7", help="min-max paragraphs per article")
    args = ap.parse_args(argv)
    lo, hi = (int(x) for x in args.paragraphs.split("-"))
    paths = write_corpus(args.out_dir, args.count, args.seed, (lo, hi))
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} articles ({size / 1e6:.1f} MB) under {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
