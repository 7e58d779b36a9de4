"""Curated observation posts and linking mentions to them."""
from geo.extract.posts import link_post_mentions, load_posts
from geo.records import Mention, Place


def test_load_posts_has_kinds_and_coordinates():
    posts = load_posts()
    assert posts and all(p["id"].startswith(("op_", "op2020_")) for p in posts)
    assert {p["kind"] for p in posts} >= {"obs_post_2018", "military_post_2020"}
    located = [p for p in posts if p["lat"] is not None]
    assert located and all(-90 <= p["lat"] <= 90 for p in located)
    assert all(isinstance(p["statuses"], list) for p in posts)


def test_link_by_curated_id_and_by_nearby_village():
    posts = {p["id"]: p for p in load_posts() if p["lat"] is not None}
    pid, post = next(iter(sorted(posts.items())))
    direct = Mention(0, 4, "post", Place(f"cur:{pid}", post["name"], post["lat"], post["lon"], "S", "MILB"))
    village = Mention(10, 17, "village", Place("gn:1", "Village", post["lat"] + 0.01, post["lon"], "P", "PPL"))
    far = Mention(20, 23, "far", Place("gn:2", "Far", 0.0, 0.0, "P", "PPL"))
    links = link_post_mentions([direct, village, far])
    assert (direct, pid) in links and (village, pid) in links
    assert all(m is not far for m, _ in links)


def test_stored_mention_rows_link_to_posts_and_show_in_the_popup():
    from geo.extract.posts import link_post_rows, load_posts
    from geo.popups import post_popup

    saraqib = next(p for p in load_posts() if p["id"] == "op2020_saraqib")
    rows = [
        {"place_id": "gn:164816", "lat": saraqib["lat"], "lon": saraqib["lon"], "feature_code": "PPLA3",
         "text": "Saraqib", "sentence": "Shelling near Saraqib <script>x</script>.", "outlet": "Example News"},
        {"place_id": "cc:SY", "lat": saraqib["lat"], "lon": saraqib["lon"], "feature_code": "PCLI",
         "text": "Syria", "sentence": "Syria said."},
    ]
    linked = link_post_rows(rows)
    assert [r["text"] for r in linked["op2020_saraqib"]] == ["Saraqib"]  # a country is not a post's village
    html = post_popup({**saraqib, "mentions": linked["op2020_saraqib"]})
    assert "Mentioned in 1 sentence" in html and "Example News" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
