"""Contract tests for every /api/v1 endpoint and filter (responses are checked against the
OpenAPI document by the ``api`` fixture)."""

from datetime import date

import pytest

from tests.support import factories
from tracker.extensions import db
from tracker.services.recommendations.status import record_status_change


def refs(body) -> list[str]:
    return [item["reference"] for item in body["data"]]


def test_list_shows_public_recommendations_only(api, api_world):
    body = api.json("/api/v1/recommendations")
    w = api_world
    assert sorted(refs(body)) == sorted([w.r_child.reference, w.r_other.reference, w.r_parent.reference])
    assert body["meta"] == {"total": 3, "page": 1, "per_page": 25, "pages": 1}


def test_recommendation_shape(api, api_world):
    w = api_world
    item = api.json(f"/api/v1/recommendations/{w.r_child.reference}")["data"]
    assert item["title"] == {"en": "Coordinate export controls", "ja": "輸出管理の連携"}
    assert item["text"]["ja"] is None
    assert item["status"] == "implemented" and item["status_since"] == "2024-06-01"
    assert item["addressees"] == ["government_of_japan", "us_government"]
    assert item["priority"] is True
    assert item["topic"]["slug"] == "export-controls"
    assert item["topic"]["line_of_effort"]["slug"] == "tech"
    assert item["event"]["slug"] == "rt-2023"
    assert item["publication"]["published_on"] == "2023-04-01"
    assert item["publication"]["url"].startswith("https://")
    assert item["url"].endswith(f"/api/v1/recommendations/{w.r_child.reference}")
    assert item["created_at"].endswith("Z")
    # One timeline of both tracks (each entry names its track), oldest first.
    assert [h["status"] for h in item["history"]] == [
        "proposed", "proposed", "in_progress", "in_progress", "implemented", "implemented"]
    assert item["history"][-1]["evidence_urls"] == ["https://example.org/e"]
    assert [t["addressee"] for t in item["tracks"]] == ["us_government", "government_of_japan"]
    for track in item["tracks"]:
        assert track["status"] == "implemented" and track["status_since"] == "2024-06-01"
        assert track["agency"] is None
        assert [h["status"] for h in track["history"]] == ["proposed", "in_progress", "implemented"]
        assert {h["addressee"] for h in track["history"]} == {track["addressee"]}
    assert sorted(h["id"] for t in item["tracks"] for h in t["history"]) == sorted(
        h["id"] for h in item["history"])
    other = api.json(f"/api/v1/recommendations/{w.r_other.reference}")["data"]
    assert other["supersedes"] == w.r_child.reference


def test_history_endpoint(api, api_world):
    body = api.json(f"/api/v1/recommendations/{api_world.r_child.reference}/history")
    for track in ("us_government", "government_of_japan"):
        assert [h["effective_on"] for h in body["data"] if h["addressee"] == track] == [
            "2023-04-01", "2024-01-10", "2024-06-01"]
    assert body["meta"]["total"] == 6


@pytest.mark.parametrize("which", ["r_draft", "r_unpublished", "r_archived"])
def test_non_public_recommendation_is_404(api, api_world, which):
    reference = getattr(api_world, which).reference
    assert api.get(f"/api/v1/recommendations/{reference}").status_code == 404
    assert api.get(f"/api/v1/recommendations/{reference}/history").status_code == 404


@pytest.mark.parametrize("query, expected", [
    ("status=implemented", ["r_child"]),
    ("status=proposed", ["r_other", "r_parent"]),
    ("status=proposed,implemented", ["r_child", "r_other", "r_parent"]),
    ("topic=economic-security", ["r_child", "r_parent"]),  # includes the sub-topic
    ("topic=export-controls", ["r_child"]),
    ("line_of_effort=security", ["r_other"]),
    ("addressee=private_sector", ["r_parent"]),
    ("publication=report-2023", ["r_child", "r_other", "r_parent"]),
    ("event=rt-2023", ["r_child"]),
    ("priority=true", ["r_child"]),
    ("priority=false", ["r_other", "r_parent"]),
    ("q=export", ["r_child"]),
    ("q=輸出", ["r_child"]),
    ("q=economic%20council", ["r_parent"]),
    ("as_of=2023-12-31&status=proposed", ["r_child", "r_other", "r_parent"]),
    ("as_of=2024-03-01&status=in_progress", ["r_child"]),
    ("as_of=2023-01-01", []),  # the publication was not out yet
])
def test_filters(api, api_world, query, expected):
    body = api.json(f"/api/v1/recommendations?{query}")
    assert sorted(refs(body)) == sorted(getattr(api_world, name).reference for name in expected)


def test_as_of_reports_the_status_of_that_day(api, api_world):
    body = api.json("/api/v1/recommendations?as_of=2024-03-01&topic=export-controls")
    assert body["data"][0]["status"] == "in_progress"
    assert body["data"][0]["status_since"] == "2024-01-10"


def test_updated_since(api, api_world):
    first = api.json("/api/v1/recommendations?sort=-updated_at")
    newest = first["data"][0]["updated_at"]
    body = api.json(f"/api/v1/recommendations?updated_since={newest}")
    assert refs(body) and all(item["updated_at"] >= newest for item in body["data"])
    assert api.json("/api/v1/recommendations?updated_since=2999-01-01T00:00:00Z")["data"] == []


def test_sorts(api, api_world):
    by_ref = refs(api.json("/api/v1/recommendations?sort=reference"))
    assert by_ref == sorted(by_ref)
    newest_first = api.json("/api/v1/recommendations?sort=-updated_at")["data"]
    stamps = [item["updated_at"] for item in newest_first]
    assert stamps == sorted(stamps, reverse=True)
    oldest_first = refs(api.json("/api/v1/recommendations?sort=updated_at"))
    assert oldest_first == list(reversed(refs(api.json("/api/v1/recommendations?sort=-updated_at"))))


def test_pagination_walks_everything_once(api):
    topic = factories.TopicAreaFactory()
    pub = factories.PublicationFactory()
    made = {factories.RecommendationFactory(topic=topic, publication=pub).reference for _ in range(23)}
    seen, url, pages = [], "/api/v1/recommendations?per_page=5&sort=reference", 0
    while url:
        response = api.get(url)
        body = response.get_json()
        seen += refs(body)
        pages += 1
        if body["links"]["next"]:
            assert f'<{body["links"]["next"]}>; rel="next"' in response.headers["Link"]
        url = body["links"]["next"]
        url = url and url.removeprefix("http://localhost")
    assert pages == 5 and len(seen) == 23 and set(seen) == made
    assert body["links"]["prev"] and body["meta"]["total"] == 23


def test_taxonomy_endpoints_count_public_recommendations(api, api_world):
    topics = {t["slug"]: t for t in api.json("/api/v1/topics")["data"]}
    assert topics["export-controls"]["recommendation_count"] == 1
    assert topics["export-controls"]["parent"] == "economic-security"
    assert topics["economic-security"]["recommendation_count"] == 1
    assert topics["economic-security"]["recommendation_count_with_subtopics"] == 2
    assert topics["alliance-c2"]["recommendation_count"] == 1  # draft etc. not counted
    lines = {line["slug"]: line["recommendation_count"] for line in api.json("/api/v1/lines-of-effort")["data"]}
    assert lines == {"security": 1, "tech": 2}
    events = api.json("/api/v1/events")["data"]
    assert [(e["slug"], e["recommendation_count"]) for e in events] == [("rt-2023", 1)]
    pubs = api.json("/api/v1/publications")["data"]
    assert [(p["slug"], p["recommendation_count"]) for p in pubs] == [("report-2023", 3)]  # future one hidden


def test_statuses_in_order_with_definitions(api):
    body = api.json("/api/v1/statuses")
    keys = [s["key"] for s in body["data"]]
    assert keys == ["proposed", "under_consideration", "in_progress", "implemented",
                    "not_adopted", "superseded"]
    assert [s["order"] for s in body["data"]] == sorted(s["order"] for s in body["data"])
    assert body["data"][0]["definition"]["en"].startswith("Published")
    assert body["data"][0]["definition"]["ja"]


def test_stats(api, api_world):
    data = api.json("/api/v1/stats")["data"]
    assert data["total"] == 3
    assert data["by_status"]["proposed"] == 2 and data["by_status"]["implemented"] == 1
    assert data["by_topic"]["export-controls"]["implemented"] == 1
    assert data["by_line_of_effort"]["tech"] == {
        "proposed": 1, "under_consideration": 0, "in_progress": 0, "implemented": 1,
        "not_adopted": 0, "superseded": 0,
    }


def test_feeds(api, api_world):
    response = api.get("/api/v1/feeds/changes.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    text = response.get_data(as_text=True)
    assert api_world.r_child.reference in text and "Done." in text
    assert "SECRET" not in text
    topic_feed = api.get("/api/v1/feeds/topics/alliance-c2.atom").get_data(as_text=True)
    assert api_world.r_other.reference in topic_feed and api_world.r_child.reference not in topic_feed
    assert api.get("/api/v1/feeds/topics/nope.atom").status_code == 404


def test_feed_accepts_token_in_query(client, api, api_world):
    assert client.get("/api/v1/feeds/changes.atom").status_code == 401
    assert client.get(f"/api/v1/feeds/changes.atom?token={api.token}").status_code == 200


def test_retracted_entry_leaves_public_history(api, api_world):
    from tracker.services.recommendations.status import retract_status_change

    rec = api_world.r_child
    [wrong] = record_status_change(rec, "not_adopted", date(2024, 7, 1), "Wrong entry.",
                                   tracks=["us_government"])
    db.session.commit()
    admin = factories.UserFactory(role="admin")
    retract_status_change(wrong, "Entered on the wrong recommendation.", user=admin)
    db.session.commit()
    item = api.json(f"/api/v1/recommendations/{rec.reference}")["data"]
    assert item["status"] == "implemented"
    assert "Wrong entry." not in [h["note"] for h in item["history"]]
