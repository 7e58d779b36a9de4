"""Score the geoparser on annotated corpora (LGL, TR-News, GeoVirus).

Metrics follow Gritta, Pilehvar & Collier, "A pragmatic guide to geoparsing
evaluation" (2020) and Gritta et al., "Which Melbourne?" (ACL 2018):

* recognition: precision, recall and F1, where a predicted span is correct
  when it overlaps a gold span (one-to-one, matched greedily by overlap);
* resolution, on matched gold toponyms with coordinates: accuracy within
  161 km (100 miles), mean and median error in km, and the AUC of the error
  curve (area under sorted ``log(error_km + 1)``, normalised by
  ``log(20039) * (n - 1)``; lower is better);
* speed: documents per second of the predictor (its first-call load time
  reported apart).

``load_corpus`` reads the corpus XML (format auto-detected) into
:class:`GoldDoc` records and re-aligns shifted gold spans to their phrase.
"""
from __future__ import annotations

import json
import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from geo.geodesy import distance_km
from geo.errors import InputError
from geo.records import Mention

#: Half the Earth's circumference in km: the largest possible error.
MAX_ERROR_KM = 20039.0
#: The accuracy threshold: 161 km = 100 miles.
ACC_KM = 161.0
#: How far (in characters) a gold span may be moved to meet its phrase.
REALIGN_WINDOW = 15

Predictor = Callable[[str], Sequence[Mention]]


@dataclass(frozen=True)
class GoldToponym:
    """One annotated toponym: ``text[start:end]`` should equal ``phrase``.

    ``lat``/``lon`` are None when the annotation has no coordinates.
    ``realigned`` says the loader changed the annotated span to meet its
    phrase and ``shift`` by how much it moved the start; ``aligned`` is False
    when no occurrence of the phrase was found within :data:`REALIGN_WINDOW`
    characters (the annotated span is then kept).
    """

    start: int
    end: int
    phrase: str
    lat: float | None = None
    lon: float | None = None
    name: str | None = None
    geonameid: int | None = None
    shift: int = 0
    realigned: bool = False
    aligned: bool = True

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class GoldDoc:
    """One annotated article: its text and gold toponyms (sorted by span)."""

    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    source: str | None = None


# --------------------------------------------------------------------------- loading


def load_corpus(path: str | Path, limit: int | None = None) -> list[GoldDoc]:
    """Read an annotated corpus, detecting its format from the XML.

    Takes an LGL/TR-News XML file (``<toponyms><toponym>``, 0-based offsets)
    or a GeoVirus XML file (``<locations><location>``, 1-based offsets) and
    the number of articles to read (None: all).  Returns the documents in file
    order.  Raises :class:`InputError` when the file is missing, is not XML,
    or is in neither format.
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise InputError(str(path), "no such file: give the path of lgl.xml, TR-News.xml or GeoVirus.xml") from None
    except (ET.ParseError, OSError) as exc:
        raise InputError(str(path), f"not a readable XML corpus ({exc})") from None
    articles = root.findall("article")
    if not articles:
        raise InputError(str(path), "no <article> elements: expected an LGL, TR-News or GeoVirus corpus")
    fmt = detect_format(articles)
    if fmt is None:
        raise InputError(str(path), "articles have neither <toponyms> (LGL/TR-News) nor <locations> (GeoVirus)")
    reader = _read_lgl_article if fmt == "lgl" else _read_geovirus_article
    selected = articles if limit is None else articles[: max(limit, 0)]
    return [reader(article, index) for index, article in enumerate(selected, 1)]


def detect_format(articles: Iterable[ET.Element]) -> str | None:
    """``"lgl"`` (also TR-News), ``"geovirus"`` or None, from the first telling article."""
    for article in articles:
        if article.find("toponyms") is not None:
            return "lgl"
        if article.find("locations") is not None:
            return "geovirus"
    return None


def _read_lgl_article(article: ET.Element, index: int) -> GoldDoc:
    text = article.findtext("text") or ""
    toponyms = []
    for node in article.iter("toponym"):
        phrase = node.findtext("phrase") or ""
        start, end = int(node.findtext("start") or 0), int(node.findtext("end") or 0)
        gaz = node.find("gaztag")
        lat = lon = geonameid = name = None
        if gaz is not None:
            lat, lon = _float(gaz.findtext("lat")), _float(gaz.findtext("lon"))
            name = gaz.findtext("name")
            gid = gaz.get("geonameid")
            geonameid = int(gid) if gid and gid.isdigit() else None
        toponyms.append(_aligned(text, start, end, phrase, lat=lat, lon=lon, name=name, geonameid=geonameid))
    return GoldDoc(article.get("docid") or str(index), text, _sorted(toponyms), article.findtext("url"))


def _read_geovirus_article(article: ET.Element, index: int) -> GoldDoc:
    text = article.findtext("text") or ""
    toponyms = []
    for node in article.iter("location"):
        name = node.findtext("name") or ""
        start, end = int(node.findtext("start") or 1) - 1, int(node.findtext("end") or 1) - 1
        lat, lon = _float(node.findtext("lat")), _float(node.findtext("lon"))
        toponyms.append(_aligned(text, start, end, name, lat=lat, lon=lon, name=name))
    return GoldDoc(article.get("docid") or str(index), text, _sorted(toponyms), article.findtext("source"))


def _aligned(text: str, start: int, end: int, phrase: str, **fields: Any) -> GoldToponym:
    """A gold toponym whose span is moved to the nearest occurrence of its phrase."""
    if text[start:end] == phrase or not phrase:
        return GoldToponym(start, end, phrase, **fields)
    new_start = realign(text, start, phrase)
    if new_start is None:
        return GoldToponym(start, end, phrase, aligned=False, **fields)
    return GoldToponym(
        new_start, new_start + len(phrase), phrase, shift=new_start - start, realigned=True, **fields
    )


def realign(text: str, start: int, phrase: str, window: int = REALIGN_WINDOW) -> int | None:
    """The start of the occurrence of ``phrase`` nearest to ``start`` within ``window``.

    Ties go to the earlier occurrence.  Returns None when there is none.
    """
    for distance in range(window + 1):
        for candidate in (start - distance, start + distance):
            if candidate >= 0 and text.startswith(phrase, candidate):
                return candidate
    return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None and value.strip() else None
    except ValueError:
        return None


def _sorted(toponyms: list[GoldToponym]) -> tuple[GoldToponym, ...]:
    return tuple(sorted(toponyms, key=lambda t: (t.start, t.end)))


# --------------------------------------------------------------------------- metrics


def match_spans(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs ``(gold_index, predicted_index)`` of overlapping spans.

    Pairs are taken greedily, largest overlap first (ties: earlier gold, then
    earlier prediction); each span is used at most once.  Returned sorted.
    """
    candidates = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(predicted):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                candidates.append((-overlap, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)



def auc_of_errors(errors_km: Sequence[float]) -> float | None:
    """Area under the sorted log-error curve, normalised to [0, 1] (lower is better).

    ``trapezoid(sorted(log(e + 1))) / (log(20039) * (n - 1))``; with one error
    the curve is a point and its height ``log(e + 1) / log(20039)`` is returned;
    with none, None.
    """
    if not errors_km:
        return None
    curve = np.log(np.sort(np.asarray(errors_km, dtype=float)) + 1.0)
    if len(curve) == 1:
        return float(curve[0] / math.log(MAX_ERROR_KM))
    return float(np.trapezoid(curve) / (math.log(MAX_ERROR_KM) * (len(curve) - 1)))


def resolution_scores(errors_km: Sequence[float]) -> dict[str, Any]:
    """acc@161, AUC, mean and median error (km) and count ``n`` of a list of errors."""
    n = len(errors_km)
    return {
        "n": n,
        "acc161": sum(e <= ACC_KM for e in errors_km) / n if n else None,
        "auc": auc_of_errors(errors_km),
        "mean_km": statistics.fmean(errors_km) if n else None,
        "median_km": statistics.median(errors_km) if n else None,
    }


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# --------------------------------------------------------------------------- evaluation


def _default_predictor() -> Predictor:
    from geo.parse import parse_text

    return parse_text


def evaluate(
    docs: Sequence[GoldDoc],
    predict: Predictor | None = None,
    details: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Score ``predict`` (default :func:`geo.parse.parse_text`) on gold documents.

    Takes the documents, a function ``text -> list[Mention]`` and, optionally,
    a list that receives one error record per document with something to show
    (false positives, misses, resolution errors over 161 km, worst first).
    Returns the report dict (counts, P/R/F1, resolution scores, speed).
    The predictor is called once on a short text first so that its load time
    (e.g. the gazetteer) is reported as ``load_seconds``, not in the speed.
    """
    started = time.perf_counter()
    predict = predict or _default_predictor()
    predict("Warm-up text: the delegation flew from Paris to Damascus.")
    load_seconds = time.perf_counter() - started

    tp = exact = n_gold = n_pred = 0
    errors: list[float] = []
    parse_seconds = 0.0
    for doc in docs:
        started = time.perf_counter()
        mentions = list(predict(doc.text))
        parse_seconds += time.perf_counter() - started
        pairs = match_spans([g.span for g in doc.toponyms], [(m.start, m.end) for m in mentions])
        tp, n_gold, n_pred = tp + len(pairs), n_gold + len(doc.toponyms), n_pred + len(mentions)
        exact += sum(doc.toponyms[gi].span == (mentions[pi].start, mentions[pi].end) for gi, pi in pairs)
        doc_errors = _pair_errors(doc, mentions, pairs)
        errors.extend(e for _, _, e in doc_errors)
        if details is not None:
            record = _doc_details(doc, mentions, pairs, doc_errors)
            if record:
                details.append(record)

    report: dict[str, Any] = {
        "docs": len(docs),
        "gold": n_gold,
        "gold_with_coordinates": sum(g.has_coordinates for d in docs for g in d.toponyms),
        "gold_realigned": sum(g.realigned for d in docs for g in d.toponyms),
        "gold_misaligned": sum(not g.aligned for d in docs for g in d.toponyms),
        "predicted": n_pred,
        "tp": tp,
        "tp_exact": exact,
        **prf(tp, n_pred, n_gold),
        "exact_f1": prf(exact, n_pred, n_gold)["f1"],
    }
    report.update(resolution_scores(errors))
    report.update(
        load_seconds=load_seconds,
        parse_seconds=parse_seconds,
        docs_per_second=len(docs) / parse_seconds if parse_seconds > 0 else None,
    )
    return report


def _pair_errors(doc: GoldDoc, mentions: Sequence[Mention], pairs: list[tuple[int, int]]) -> list[tuple[int, int, float]]:
    """``(gold_index, predicted_index, error_km)`` for matched gold toponyms with coordinates."""
    out = []
    for gi, pi in pairs:
        gold, place = doc.toponyms[gi], mentions[pi].place
        if gold.has_coordinates:
            out.append((gi, pi, distance_km(gold.lat, gold.lon, place.lat, place.lon)))  # type: ignore[arg-type]
    return out


def _doc_details(
    doc: GoldDoc,
    mentions: Sequence[Mention],
    pairs: list[tuple[int, int]],
    pair_errors: list[tuple[int, int, float]],
) -> dict[str, Any] | None:
    """The error record of one document, or None when it has no error."""
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    false_positives = [
        {"start": m.start, "end": m.end, "text": m.text, "name": m.place.name, "place_id": m.place.place_id}
        for i, m in enumerate(mentions)
        if i not in matched_pred
    ]
    misses = [
        {"start": g.start, "end": g.end, "phrase": g.phrase, "name": g.name}
        for i, g in enumerate(doc.toponyms)
        if i not in matched_gold
    ]
    wrong = []
    for gi, pi, err in sorted(pair_errors, key=lambda x: -x[2]):
        if err <= ACC_KM:
            continue
        gold, m = doc.toponyms[gi], mentions[pi]
        wrong.append(
            {
                "start": gold.start,
                "end": gold.end,
                "phrase": gold.phrase,
                "error_km": round(err, 1),
                "gold": {"name": gold.name, "lat": gold.lat, "lon": gold.lon, "geonameid": gold.geonameid},
                "predicted": {
                    "text": m.text,
                    "name": m.place.name,
                    "lat": m.place.lat,
                    "lon": m.place.lon,
                    "place_id": m.place.place_id,
                    "feature_code": m.place.feature_code,
                    "country_code": m.place.country_code,
                },
            }
        )
    if not (false_positives or misses or wrong):
        return None
    return {"doc_id": doc.doc_id, "false_positives": false_positives, "misses": misses, "resolution_errors": wrong}


def evaluate_file(
    path: str | Path,
    limit: int | None = None,
    errors: str | Path | None = None,
    predict: Predictor | None = None,
) -> dict[str, Any]:
    """Load a corpus file, score the predictor on it and return the report.

    Takes the corpus path, the number of articles to use (None: all), an
    optional path for a JSONL file of per-document errors and the predictor
    (default :func:`geo.parse.parse_text`).  The report also names the corpus.
    Raises :class:`InputError` for an unreadable corpus.
    """
    docs = load_corpus(path, limit=limit)
    if errors is None:
        return {"corpus": Path(path).name, **evaluate(docs, predict)}
    try:
        # Opened before scoring, so a path that cannot be written fails at once.
        fh = open(errors, "w", encoding="utf-8")
    except OSError as exc:
        raise InputError(str(errors), f"cannot write the errors file: {exc.strerror or exc}") from exc
    details: list[dict[str, Any]] = []
    with fh:
        report = {"corpus": Path(path).name, **evaluate(docs, predict, details=details)}
        for record in details:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    report["errors_file"] = str(errors)
    return report


def _fmt(value: Any, spec: str = ".3f", unit: str = "") -> str:
    return "-" if value is None else f"{value:{spec}}{unit}"


def format_report(report: dict[str, Any]) -> str:
    """A short plain-text table of a report from :func:`evaluate` / :func:`evaluate_file`."""
    gold = f"{report['gold']} ({report['gold_with_coordinates']} with coordinates"
    gold += f", {report['gold_realigned']} re-aligned, {report['gold_misaligned']} misaligned)"
    rows = [
        ("corpus", report.get("corpus", "-")),
        ("documents", str(report["docs"])),
        ("gold toponyms", gold),
        ("predicted", f"{report['predicted']} ({report['tp']} overlap a gold span, {report['tp_exact']} exactly)"),
        ("precision", _fmt(report["precision"])),
        ("recall", _fmt(report["recall"])),
        ("F1", f"{_fmt(report['f1'])} (exact spans: {_fmt(report['exact_f1'])})"),
        ("resolved (n)", str(report["n"])),
        ("acc@161km", _fmt(report["acc161"])),
        ("AUC", f"{_fmt(report['auc'])} (lower is better)"),
        ("mean error", _fmt(report["mean_km"], ".1f", " km")),
        ("median error", _fmt(report["median_km"], ".1f", " km")),
        ("speed", f"{_fmt(report['docs_per_second'], '.1f', ' docs/s')} (load {report['load_seconds']:.2f} s)"),
    ]
    if report.get("errors_file"):
        rows.append(("errors", report["errors_file"]))
    width = max(len(k) for k, _ in rows)
    lines = [f"{'metric':<{width}}  value", f"{'-' * width}  {'-' * 5}"]
    lines += [f"{k:<{width}}  {v}" for k, v in rows]
    return "\n".join(lines)
