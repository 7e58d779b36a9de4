"""Reading documents: metadata detection, furniture removal, overrides, bad input."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from geo.clean import classify, clean_body
from geo.errors import InputError
from geo.ingest import load_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


# -- metadata on the seeds ----------------------------------------------------

@pytest.mark.parametrize(
    "prefix, published, precision, source",
    [
        ("000", "2020-02-20", 1, "text"),  # "Posted on 20 February 2020"
        ("001", "2020-02-21", 1, "text"),  # "Global Research, February 21, 2020"
        ("003", "2020-02-21", 1, "text"),  # "21 Feb, 2020 19:53"
    ],
)
def test_stated_dates_of_seeds(prefix, published, precision, source):
    doc = load_document(seed(prefix))
    assert (doc.published, doc.time_precision, doc.date_source) == (published, precision, source)


def test_seed_without_stated_date_is_inferred_with_lower_precision():
    doc = load_document(seed("004"))  # only "February 17th" etc. and "In 2020"
    assert doc.published == "2020-02-17"
    assert doc.time_precision == 2
    assert doc.date_source.startswith("inferred")
    doc = load_document(seed("002"))  # only "November 2019", "January 2020"
    assert (doc.published, doc.time_precision, doc.date_source) == ("2020-01-01", 3, "inferred: latest month in text")


@pytest.mark.parametrize(
    "prefix, outlet, author",
    [
        ("000", None, "Stephen Lendman"),
        ("001", "Global Research", "Stephen Lendman"),
        ("002", "Tsarizm", None),
        ("003", "RT", None),  # "Also on rt.com": the domain mapped by data/outlets.csv
    ],
)
def test_outlet_and_author_of_seeds(prefix, outlet, author):
    doc = load_document(seed(prefix))
    assert doc.outlet == outlet
    assert doc.author == author


def test_outlet_domains_map_to_the_outlets_own_names():
    from geo.meta import OUTLETS_CSV, detect_outlet, outlet_name
    from geo.paths import DATA

    assert OUTLETS_CSV.parent == DATA  # shipped data, found from a fresh clone
    assert outlet_name("rt.com") == "RT" and outlet_name("www.globalresearch.ca") == "Global Research"
    assert outlet_name("edition.cnn.com") == "CNN" and outlet_name("bbc.co.uk") == outlet_name("bbc.com") == "BBC"
    assert outlet_name("aa.com.tr") == "Anadolu Agency" and outlet_name("southfront.org") == "SouthFront"
    assert outlet_name("www.Unknown-Site.example") == "unknown-site.example"  # unknown: the domain
    text = "Troops moved in.\n\nAlso on aljazeera.com Another story\n\nMore text here.\n"
    assert detect_outlet(text) == "Al Jazeera"
    assert detect_outlet(text.replace("aljazeera.com", "www.smallblog.net")) == "smallblog.net"


@pytest.mark.parametrize(
    "prefix, title",
    [
        ("000", "Russia and Turkey Remain at Impasse Over Syria"),
        ("001", "Russia and Turkey, “Allies” Fighting One Another: On Opposite Sides of the War on Syria"),
        ("002", "Russia, Turkey At Odds Again In Syria"),
        ("003", "Putin & Erdogan to ‘intensify contacts’ over Syria, but no sign of peace in Idlib yet"),
        ("004", "Turkish-Russian Talks On Idlib. Another Ceasefire?"),
    ],
)
def test_titles_of_seeds(prefix, title):
    doc = load_document(seed(prefix))
    assert doc.title == title
    assert doc.body.startswith(title + "\n\n")
    assert doc.body.count(title) == 1  # a headline printed twice is kept once


def test_doc_id_is_sha256_of_bytes_and_raw_text_is_kept():
    path = seed("001")
    doc = load_document(path)
    assert doc.doc_id == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.raw_text == path.read_text(encoding="utf-8")
    assert doc.language == "en" and doc.media_type == "text/plain"


# -- furniture ----------------------------------------------------------------

def test_author_bio_disclaimer_and_links_are_removed_paragraphs_kept():
    doc = load_document(seed("001"))
    for junk in ("Chicago", "Region:", "Theme:", "Disclaimer", "share buttons", "Become a Member",
                 "claritypress", "Global Research, February 21", "By Stephen", "](#)"):
        assert junk not in doc.body, junk
    assert doc.body.rstrip().endswith("As in all wars, civilians in harm's way suffer most.")
    assert "A Russian reconnaissance drone filmed Turkish artillery providing support for al-Nusra " \
           "terrorists near Nayrab village in southern Idlib province." in doc.body


def test_related_articles_block_and_comment_prompt_are_cut():
    doc = load_document(seed("002"))
    for junk in ("Related articles", "Prisoners’ Riot", "Hassan Mahmoudi", "Leave a Comment", "Subscribe",
                 "Image by"):
        assert junk not in doc.body, junk
    assert doc.body.endswith("Erdogan has threatened to take steps to push Syrian troops back, wrote TASS.")


def test_icons_dates_share_and_donation_widgets_are_removed():
    rt = load_document(seed("003"))
    assert "icon" not in rt.body and "19:53" not in rt.body and "Share this story" not in rt.body
    assert "Also on rt.com" not in rt.body
    sf = load_document(seed("004"))
    assert "$" not in sf.body and "full-size image" not in sf.body and "helping us" not in sf.body
    gr = load_document(seed("000"))
    assert "advertisers" not in gr.body and "Posted by" not in gr.body


def test_body_lines_are_article_lines_verbatim():
    for path in sorted(SEEDS.glob("*.txt")):
        doc = load_document(path)
        raw_lines = {line.strip() for line in doc.raw_text.splitlines()}
        for para in doc.body.split("\n\n")[1:]:
            if "](" not in doc.raw_text and "*" not in doc.raw_text:
                assert para in raw_lines, (path.name, para)
            else:
                assert any(para in line or line.startswith(para[:20]) for line in raw_lines), (path.name, para)


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Click to share on Twitter", "share"),
        ("Please donate to keep us independent", "donation"),
        ("Become a patron", "donation"),
        ("Subscribe to our newsletter", "subscribe"),
        ("Sign up for our daily newsletter", "subscribe"),
        ("Consider helping us!", "donation"),
        ("Share this:", "share"),
        ("Tags: [Syria](#), [Turkey](#)", "links"),
        ("[Home](/) | [World](/world)", "links"),
        ("Home | World | Europe", "nav"),
        ("★ ★ ★", "symbols"),
        ("Copyright © 2023 Example Wire", "legal"),
        ("By Jane Roe", "byline"),
        ("Photo by John Doe/AFP", "credit"),
        ("Reporting by Tuvan Gumrukcu in Ankara and Maria Kiselyova in Moscow; Additional reporting by "
         "Ellen Francis in Beirut; Editing by Frances Kerry", "byline"),
        ("(Reporting by Orhan Coskun in Ankara; Writing by Daren Butler; Editing by Jon Boyle)", "byline"),
        ("You may also like", "related"),
    ],
)
def test_furniture_classifier(line, kind):
    assert classify(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, the army had taken the town after three days of fighting.",
        "Twitter suspended the account of the militia's spokesman on Monday.",
        "“They do not support us,” the commander said.",
        "Related fighting was reported in the southern districts, officials said.",
        "The writer lives in Aleppo.",
        "The militia's newsletter claimed responsibility for the attack.",
        "Turkey would consider supporting the rebels if talks failed, he said.",
        "Sweden applied to become a member of NATO after the invasion.",
        "Comments by the minister drew criticism in Ankara.",
        "Share prices fell in Istanbul after the strike.",
        "Reporting by state media in Damascus said the army had taken the town.",
    ],
)
def test_article_sentences_are_not_furniture(line):
    assert classify(line) is None


def test_tail_trimmer_keeps_an_article_that_has_no_furniture():
    text = "A headline here\n\nFirst paragraph of the story, with a full sentence.\n\nSecond one ends here."
    body, dropped = clean_body(text, "A headline here")
    assert body == text and dropped == []


# -- other formats --------------------------------------------------------------

def test_html_page_article_extracted_without_nav_script_share_related():
    doc = load_document(FIX / "page.html")
    assert doc.media_type == "text/html"
    assert (doc.title, doc.outlet, doc.author) == ("Shelling hits market in Kherson", "Example Wire", "Jane Roe")
    assert (doc.published, doc.time_precision) == ("2023-05-03", 1)
    assert "Artillery shells struck a crowded market in central Kherson on Wednesday morning" in doc.body
    assert "Antonivka" in doc.body
    for junk in ("Tracking", "trackingId", "Tweet", "Share on Facebook", "Related articles", "Odesa",
                 "Subscribe", "All rights reserved", "Europe"):
        assert junk not in doc.body, junk
    assert doc.raw_text.startswith("<!DOCTYPE html>")


def test_truncated_html_falls_back_and_keeps_text():
    doc = load_document(FIX / "truncated.html")
    assert doc.title == "Clashes near Marib"
    assert "Raghwan district" in doc.body
    assert doc.published is None and doc.date_source == "none"
    assert any("no publication date" in w for w in doc.warnings)


def test_markdown_article_markup_and_tail_removed():
    doc = load_document(FIX / "article.md")
    assert doc.media_type == "text/markdown"
    assert (doc.title, doc.author, doc.published) == ("Ceasefire talks resume in Doha", "Ahmed Example", "2024-03-11")
    assert "#" not in doc.body and "](" not in doc.body
    assert "Related" not in doc.body and "Chicago" not in doc.body and "Share this" not in doc.body
    assert "Tags" not in doc.body
    assert '"We expect difficult days ahead," one mediator told reporters outside the venue.' in doc.body


def test_cp1252_text_decodes_with_warning():
    doc = load_document(FIX / "cp1252.txt")
    assert "café district of Beirut on Friday – the army said “calm”" in doc.body
    assert any("cp1252" in w for w in doc.warnings)


def test_non_english_text_is_marked_and_warned(tmp_path):
    path = tmp_path / "ar.txt"
    path.write_text("اشتباكات عنيفة في ريف إدلب الجنوبي بين القوات الحكومية والفصائل المسلحة\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.language == "und-Arab"
    assert any(w.startswith("not English") for w in doc.warnings)


# -- dates ----------------------------------------------------------------------

def test_inferred_latest_full_date_has_precision_2():
    doc = load_document(FIX / "nodate.txt")
    assert (doc.published, doc.time_precision, doc.date_source) == ("2023-11-03", 2, "inferred: latest date in text")


def test_inferred_month_has_precision_3():
    doc = load_document(FIX / "monthonly.txt")
    assert (doc.published, doc.time_precision, doc.date_source) == ("2024-01-01", 3, "inferred: latest month in text")


def test_no_date_at_all_is_none_with_warning(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Clashes in the hills\n\nFighting was reported near the village on Tuesday, residents said.\n")
    doc = load_document(path)
    assert doc.published is None and doc.date_source == "none"
    assert "no publication date found: events have no date" in doc.warnings


# -- overrides ------------------------------------------------------------------

def test_sidecar_json_wins_over_detection():
    doc = load_document(FIX / "sidecar.txt")
    assert (doc.title, doc.outlet, doc.author) == ("Troops take Tal Abyad", "Sidecar News", "A. Reporter")
    assert (doc.published, doc.time_precision, doc.date_source) == ("2019-10-17", 1, "sidecar")


def test_cli_overrides_win_over_sidecar(tmp_path):
    for name in ("sidecar.txt", "sidecar.txt.json"):
        shutil.copy(FIX / name, tmp_path / name)
    doc = load_document(tmp_path / "sidecar.txt", {"outlet": "CLI Outlet", "published": "2019-10-18"})
    assert doc.outlet == "CLI Outlet" and doc.author == "A. Reporter"
    assert (doc.published, doc.date_source) == ("2019-10-18", "cli")


def test_stem_meta_json_sidecar_and_url_gives_outlet(tmp_path):
    (tmp_path / "story.txt").write_text("Headline words here\n\nTroops moved into the town on Friday, officials said.\n")
    (tmp_path / "story.meta.json").write_text('{"url": "https://www.example.org/x", "published": "2021-06"}')
    doc = load_document(tmp_path / "story.txt")
    assert doc.outlet == "example.org"
    assert (doc.published, doc.time_precision, doc.date_source) == ("2021-06-01", 3, "sidecar")


def test_bad_override_date_and_bad_sidecar_raise(tmp_path):
    (tmp_path / "a.txt").write_text("Some headline here\n\nA sentence of the article, with words.\n")
    with pytest.raises(InputError, match="not a date"):
        load_document(tmp_path / "a.txt", {"published": "yesterday-ish"})
    (tmp_path / "a.txt.json").write_text("{not json")
    with pytest.raises(InputError, match=r"a\.txt\.json: sidecar is not valid JSON"):
        load_document(tmp_path / "a.txt")


# -- bad input ------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, problem",
    [
        ("empty.txt", "empty file"),
        ("binary.txt", "binary content"),
        ("invalid_utf8.txt", r"not valid UTF-8 text \(byte 36\)"),
        ("noarticle.html", "no article text found in the HTML page"),
        ("missing.txt", "no such file"),
    ],
)
def test_bad_input_raises_input_error_naming_file(name, problem):
    with pytest.raises(InputError, match=problem) as info:
        load_document(FIX / name)
    assert info.value.path.endswith(name)
    assert name in str(info.value)


def test_directory_and_too_large_file_are_refused(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        load_document(tmp_path)
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(InputError, match="too large: 21 MB, limit 20 MB"):
        load_document(big)


def test_wire_story_menu_byline_and_trailer_removed():
    doc = load_document(FIX / "wire.txt")
    assert doc.title == "Israeli strikes kill dozens in Gaza, health officials say"
    assert (doc.outlet, doc.author) == ("Reuters", "Nidal al-Mughrabi and Jonathan Saul")
    assert (doc.published, doc.time_precision) == ("2024-01-05", 1)
    assert doc.body.split("\n\n")[1].startswith("CAIRO, Jan 5 (Reuters) - Israeli air strikes killed")
    for junk in ("Skip to main content", "Markets", "By Nidal", "Editing by", "Trust Principles", "Licensing"):
        assert junk not in doc.body, junk
    assert doc.body.endswith('a military spokesman told reporters in Tel Aviv.')


def test_closing_source_line_names_the_outlet():
    doc = load_document(FIX / "closing_source.txt")
    assert doc.outlet == "Al Jazeera"
    assert (doc.published, doc.date_source) == ("2024-01-05", "text")
    assert "Source:" not in doc.body and "Advertisement" not in doc.body and "News|" not in doc.body
    assert "Ukrainian officials say at least five people were killed in the city" in doc.body
