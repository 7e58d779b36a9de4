"""Tests for geo.evaluate: corpus loaders, span matching and the Gritta et al. metrics."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from geopy.distance import great_circle

from geo.errors import InputError
from geo.evaluate import (
    GoldDoc,
    GoldToponym,
    auc_of_errors,
    distance_km,
    evaluate,
    evaluate_file,
    format_report,
    load_corpus,
    match_spans,
    realign,
    resolution_scores,
)
from geo.records import Mention, Place

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "eval"
EVAL = ROOT.parent / "shared" / "eval"


def _mention(text: str, start: int, end: int, lat: float = 0.0, lon: float = 0.0, name: str = "X") -> Mention:
    return Mention(start, end, text[start:end], Place(f"test:{name}", name, lat, lon))


def _stub(predictions: dict[str, list[tuple[int, int, float, float]]]):
    """A predictor that answers each known text with the given (start, end, lat, lon)."""

    def predict(text: str) -> list[Mention]:
        return [_mention(text, s, e, lat, lon) for s, e, lat, lon in predictions.get(text, [])]

    return predict


# --------------------------------------------------------------------------- matching


def test_overlap_counts_as_match():
    assert match_spans([(10, 20)], [(15, 25)]) == [(0, 0)]
    assert match_spans([(10, 20)], [(20, 25)]) == []  # touching is not overlapping


def test_matching_is_one_to_one_and_prefers_larger_overlap():
    # "New York City": gold is the whole phrase; two predictions overlap it.
    assert match_spans([(0, 13)], [(0, 8), (9, 13)]) == [(0, 0)]
    # One long prediction over two gold spans matches only the one it overlaps most.
    assert match_spans([(0, 4), (6, 14)], [(0, 14)]) == [(1, 0)]
    # Greedy by overlap: the second prediction takes gold 0 back from a weaker claim.
    assert match_spans([(0, 10), (12, 20)], [(8, 14), (0, 10)]) == [(0, 1), (1, 0)]


def test_precision_recall_f1_counts():
    text = "Rain in Aleppo and Idlib; talks in Geneva."
    gold = GoldDoc("d", text, (GoldToponym(8, 14, "Aleppo", 36.2, 37.16), GoldToponym(19, 24, "Idlib", 35.93, 36.63)))
    predict = _stub({text: [(8, 14, 36.2, 37.16), (35, 41, 46.2, 6.15), (0, 4, 0.0, 0.0)]})
    report = evaluate([gold], predict)
    assert (report["gold"], report["predicted"], report["tp"]) == (2, 3, 1)
    assert report["precision"] == pytest.approx(1 / 3)
    assert report["recall"] == pytest.approx(1 / 2)
    assert report["f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert report["n"] == 1 and report["acc161"] == 1.0 and report["mean_km"] == pytest.approx(0.0)


def test_empty_predictions_and_empty_gold():
    text = "Nothing here."
    report = evaluate([GoldDoc("d", text, ())], _stub({}))
    assert report["precision"] == report["recall"] == report["f1"] == 0.0
    assert report["n"] == 0 and report["auc"] is None and report["acc161"] is None
    assert "-" in format_report(report)


# --------------------------------------------------------------------------- resolution metrics


def test_distance_matches_geopy_great_circle():
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)
    paris, damascus = (48.8566, 2.3522), (33.5138, 36.2765)
    assert distance_km(*paris, *damascus) == pytest.approx(great_circle(paris, damascus).km, rel=1e-6)


def test_auc_by_hand():
    # errors [0, 20039]: curve [0, log(20040)], trapezoid area log(20040) / 2 over log(20039) * 1.
    assert auc_of_errors([20039, 0]) == pytest.approx(0.5 * math.log(20040) / math.log(20039))
    assert auc_of_errors([0, 0, 0]) == 0.0
    # log(e + 1) == 1 for e = e - 1: curve [0, 1, 1], area 0.5 + 1 over log(20039) * 2.
    assert auc_of_errors([math.e - 1, 0, math.e - 1]) == pytest.approx(1.5 / (2 * math.log(20039)))
    assert auc_of_errors([20039] * 4) == pytest.approx(math.log(20040) / math.log(20039))
    assert auc_of_errors([]) is None
    assert auc_of_errors([20039]) == pytest.approx(math.log(20040) / math.log(20039))


def test_resolution_scores_on_known_errors():
    scores = resolution_scores([0.0, 100.0, 161.0, 500.0])
    assert scores["n"] == 4
    assert scores["acc161"] == 0.75  # 161 km itself counts as correct
    assert scores["mean_km"] == pytest.approx(190.25)
    assert scores["median_km"] == pytest.approx(130.5)


def test_evaluate_resolution_on_matched_gold_only():
    text = "Shelling hit Homs, Hama and Daraa."
    gold = GoldDoc(
        "d",
        text,
        (
            GoldToponym(13, 17, "Homs", 34.73, 36.71),
            GoldToponym(19, 23, "Hama", 35.13, 36.75),
            GoldToponym(28, 33, "Daraa", None, None),  # no coordinates: not scored
        ),
    )
    # Homs right, Hama placed at Homs (~45 km off), Daraa matched without gold coordinates.
    predict = _stub({text: [(13, 17, 34.73, 36.71), (19, 23, 34.73, 36.71), (28, 33, 0.0, 0.0)]})
    report = evaluate([gold], predict)
    assert report["tp"] == 3 and report["n"] == 2 and report["acc161"] == 1.0
    expected = distance_km(35.13, 36.75, 34.73, 36.71)
    assert report["mean_km"] == pytest.approx(expected / 2)
    assert report["auc"] == pytest.approx(0.5 * math.log(expected + 1) / math.log(20039))
    assert report["docs_per_second"] > 0 and report["load_seconds"] >= 0


# --------------------------------------------------------------------------- loaders


def test_realign_finds_nearest_occurrence():
    text = "Goma, then Goma again"
    assert realign(text, 8, "Goma") == 11
    assert realign(text, 2, "Goma") == 0
    assert realign(text, 0, "Bukavu") is None
    assert realign("x" * 40 + "Goma", 0, "Goma") is None  # beyond the window


def test_load_lgl_format_with_shifted_spans():
    docs = load_corpus(FIXTURES / "lgl_sample.xml")
    assert [d.doc_id for d in docs] == ["1001", "1002"]
    assert [len(d.toponyms) for d in docs] == [3, 3]
    for doc in docs:
        for t in doc.toponyms:
            assert doc.text[t.start : t.end] == t.phrase
            assert t.aligned
    springfield, sangamon, peoria = docs[0].toponyms
    assert springfield.span == (27, 38) and not springfield.realigned
    assert springfield.geonameid == 4250542 and springfield.lat == pytest.approx(39.80172)
    assert sangamon.span == (63, 78) and sangamon.shift == -3 and sangamon.realigned
    assert peoria.lat is None and not peoria.has_coordinates
    dover, calais, kent = docs[1].toponyms
    assert calais.span == (33, 39) and calais.shift == 2
    assert kent.span == (87, 91) and kent.shift == 0 and kent.realigned  # end was cut short


def test_load_geovirus_format_one_based():
    docs = load_corpus(FIXTURES / "geovirus_sample.xml")
    assert len(docs) == 2 and docs[1].toponyms == ()
    doc = docs[0]
    assert doc.source == "https://example.org/wiki/Cholera_clinic_opens"
    assert [t.phrase for t in doc.toponyms] == ["Goma", "Goma", "Kinshasa", "Lake Kivu"]  # sorted by span
    assert [t.span for t in doc.toponyms] == [(20, 24), (40, 44), (66, 74), (104, 113)]
    assert [t.realigned for t in doc.toponyms] == [False, True, False, False]
    assert all(doc.text[t.start : t.end] == t.phrase for t in doc.toponyms)
    assert doc.toponyms[2].lat == pytest.approx(-4.32)


def test_load_limit():
    assert len(load_corpus(FIXTURES / "lgl_sample.xml", limit=1)) == 1


def test_load_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_corpus(tmp_path / "missing.xml")
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(InputError, match="bad.xml"):
        load_corpus(bad)
    other = tmp_path / "other.xml"
    other.write_text("<articles><article><text>x</text></article></articles>", encoding="utf-8")
    with pytest.raises(InputError, match="neither"):
        load_corpus(other)


# --------------------------------------------------------------------------- files, report, CLI


def _fixture_predictor(text: str) -> list[Mention]:
    """Finds Goma (right), Kinshasa (placed in Kenya) and 'Aid' (a false positive)."""
    out = []
    for name, lat, lon in (("Goma", -1.68, 29.22), ("Kinshasa", -1.29, 36.82), ("Aid", 0.0, 0.0)):
        start = text.find(name)
        if start >= 0:
            out.append(_mention(text, start, start + len(name), lat, lon, name))
    return out


def test_evaluate_file_writes_errors_jsonl(tmp_path):
    out = tmp_path / "errors.jsonl"
    report = evaluate_file(FIXTURES / "geovirus_sample.xml", errors=out, predict=_fixture_predictor)
    assert report["corpus"] == "geovirus_sample.xml" and report["docs"] == 2
    assert (report["gold"], report["predicted"], report["tp"]) == (4, 3, 2)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1
    record = records[0]
    assert [fp["text"] for fp in record["false_positives"]] == ["Aid"]
    assert [m["phrase"] for m in record["misses"]] == ["Goma", "Lake Kivu"]
    (wrong,) = record["resolution_errors"]
    assert wrong["phrase"] == "Kinshasa" and wrong["predicted"]["name"] == "Kinshasa"
    assert wrong["error_km"] > 2000
    text = format_report(report)
    for label in ("precision", "recall", "F1", "acc@161km", "AUC", "median error", "docs/s"):
        assert label in text


def test_cli_eval_with_errors_option(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import geo.evaluate
    from geo.cli import app

    monkeypatch.setattr(geo.evaluate, "_default_predictor", lambda: _fixture_predictor)
    out = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(
        app, ["eval", str(FIXTURES / "geovirus_sample.xml"), "--format", "json", "--errors", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["tp"] == 2
    assert out.exists()
    missing = CliRunner().invoke(app, ["eval", str(tmp_path / "nope.xml")])
    assert missing.exit_code == 1 and "no such file" in missing.output
    unwritable = tmp_path / "no-dir" / "errors.jsonl"
    bad_out = CliRunner().invoke(
        app, ["eval", str(FIXTURES / "geovirus_sample.xml"), "--errors", str(unwritable)]
    )
    assert bad_out.exit_code == 1 and bad_out.exception is not None
    assert isinstance(bad_out.exception, SystemExit), bad_out.exception
    assert str(unwritable) in bad_out.output and "cannot write the errors file" in bad_out.output


# --------------------------------------------------------------------------- real corpora


CORPORA = [
    # file, articles, toponyms, with coordinates, re-aligned spans
    ("lgl/lgl.xml", 588, 5088, 4462, 0),
    ("tr-news/TR-News.xml", 118, 1319, 1275, 117),
    ("geovirus/GeoVirus.xml", 229, 2170, 2170, 0),
]


@pytest.mark.eval
@pytest.mark.parametrize("name,articles,toponyms,with_coords,realigned", CORPORA)
def test_real_corpus_counts_and_alignment(name, articles, toponyms, with_coords, realigned):
    path = EVAL / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    docs = load_corpus(path)
    gold = [(d, t) for d in docs for t in d.toponyms]
    assert len(docs) == articles
    assert len(gold) == toponyms
    assert sum(t.has_coordinates for _, t in gold) == with_coords
    assert sum(t.realigned for _, t in gold) == realigned
    assert all(abs(t.shift) <= 10 for _, t in gold)
    assert sum(d.text[t.start : t.end] != t.phrase for d, t in gold) == 0


@pytest.mark.eval
def test_geoparser_on_a_few_tr_news_articles():
    path = EVAL / "tr-news" / "TR-News.xml"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    pytest.importorskip("geo.parse", reason="the geoparser is not built yet")
    report = evaluate_file(path, limit=10)
    assert report["docs"] == 10 and report["predicted"] > 0
    assert 0.0 < report["f1"] <= 1.0 and report["n"] > 0
