"""Issue 17 contract fixes: empty page past the end, the per_page maximum, Link: next only
when there is more, signed cursors, and Last-Modified that follows catalog renames."""

import base64

from tracker.extensions import db
from tracker.services.partner import data_version


def test_a_page_past_the_end_is_an_empty_200(api, api_world):
    body = api.json("/api/v1/recommendations?page=99&per_page=2")
    assert body["data"] == []
    assert body["meta"]["page"] == 99 and body["meta"]["total"] == 3 and body["meta"]["pages"] == 2
    assert body["links"]["next"] is None
    assert "page=2" in body["links"]["prev"]


def test_per_page_above_the_maximum_is_a_400_that_says_it(api, api_world):
    response = api.get("/api/v1/recommendations?per_page=1000")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["details"] == {"parameter": "per_page", "maximum": 100}
    assert "100" in error["message"] and "maximum" in error["message"]
    assert api.get("/api/v1/recommendations?per_page=100").status_code == 200


def test_changes_sends_link_next_only_when_there_is_more(api, api_world):
    first = api.get("/api/v1/changes?limit=1")
    assert first.get_json()["meta"]["has_more"] is True
    assert 'rel="next"' in first.headers["Link"]
    last = api.get("/api/v1/changes?limit=500")
    assert last.get_json()["meta"]["has_more"] is False
    assert "Link" not in last.headers
    assert last.get_json()["meta"]["next_cursor"]  # still there to poll later


def _flip(text: str) -> str:
    return text[:-1] + ("A" if text[-1] != "A" else "B")


def test_tampered_and_crafted_cursors_are_400_in_the_error_shape(api, api_world):
    cursor = api.json("/api/v1/changes?limit=1")["meta"]["next_cursor"]
    assert api.get(f"/api/v1/changes?since={cursor}").status_code == 200
    payload, _, signature = cursor.partition(".")
    crafted = base64.urlsafe_b64encode(b'[999999,"2024-01-01",null,""]').decode().rstrip("=")
    legacy = base64.urlsafe_b64encode(b"v1:5:::").decode().rstrip("=")
    for bad in (_flip(cursor), f"{crafted}.{signature}", legacy, "x" * 300, "%00", "."):
        response = api.get(f"/api/v1/changes?since={bad}")
        assert response.status_code == 400, bad
        error = response.get_json()["error"]
        assert error["code"] == "invalid_parameter" and error["details"]["parameter"] == "since"


def test_cursors_signed_with_another_secret_key_are_refused(app, api, api_world):
    cursor = api.json("/api/v1/changes?limit=1")["meta"]["next_cursor"]
    old = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "another-key"
    try:
        assert api.get(f"/api/v1/changes?since={cursor}").status_code == 400
    finally:
        app.config["SECRET_KEY"] = old


def test_if_modified_since_is_not_a_stale_304_after_catalog_renames(api, api_world, monkeypatch):
    clock_now = [2_000_000_000.0]
    monkeypatch.setattr(data_version, "_now", lambda: clock_now[0])
    w = api_world
    for url, rename in (
        ("/api/v1/topics", lambda: setattr(w.child, "name_en", "Renamed topic")),
        ("/api/v1/events", lambda: setattr(w.event, "title_en", "Renamed event")),
        ("/api/v1/publications", lambda: setattr(w.pub, "title_en", "Renamed publication")),
        (f"/api/v1/recommendations/{w.r_child.reference}",
         lambda: setattr(w.pub, "title_ja", "改名")),
        ("/api/v1/recommendations", lambda: setattr(w.other, "name_ja", "改名トピック")),
    ):
        before = api.get(url)
        stamp, etag = before.headers["Last-Modified"], before.headers["ETag"]
        assert api.get(url, headers={"If-Modified-Since": stamp}).status_code == 304
        rename()
        db.session.commit()
        clock_now[0] += 5  # the rename commits later than the answer above
        after = api.get(url, headers={"If-Modified-Since": stamp})
        assert after.status_code == 200, url
        assert after.headers["Last-Modified"] != stamp and after.headers["ETag"] != etag, url



def _atom_ids(api, path, host):
    from xml.etree import ElementTree as ET
    response = api.get(path, base_url=f"http://{host}")
    assert response.status_code == 200
    root = ET.fromstring(response.get_data())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    return root.find("a:id", ns).text, [e.find("a:id", ns).text for e in root.findall("a:entry", ns)]


def test_atom_ids_are_tag_uris_independent_of_the_host(app, api, api_world):
    feed_a, entries_a = _atom_ids(api, "/api/v1/feeds/changes.atom", "a.example")
    feed_b, entries_b = _atom_ids(api, "/api/v1/feeds/changes.atom", "b.example")
    assert (feed_a, entries_a) == (feed_b, entries_b)
    assert feed_a == "tag:next-tracker,2024:feeds/changes"
    assert entries_a and all(i.startswith("tag:next-tracker,2024:changes/") for i in entries_a)
    topic_feed, topic_entries = _atom_ids(api, "/api/v1/feeds/topics/economic-security.atom", "c.example")
    assert topic_feed == "tag:next-tracker,2024:feeds/topics/economic-security"
    assert set(topic_entries) <= set(entries_a) and topic_entries  # same entry, same id
    app.config["ATOM_TAG_AUTHORITY"] = "tracker.example.org"
    try:
        assert _atom_ids(api, "/api/v1/feeds/changes.atom", "a.example")[0] == (
            "tag:tracker.example.org,2024:feeds/changes")
    finally:
        del app.config["ATOM_TAG_AUTHORITY"]
