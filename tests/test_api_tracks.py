"""Per-government tracks for partners and readers (issue 16 part 5, issue 19): ``tracks`` in
every recommendation, the same-track filter, stats per government, the track of each
change event and Atom entry, the search facet's public twin on the public pages, and a
constant number of queries per page.

World: ``tests/support/api.py``; on top of it the Government of Japan implemented
"Combined command" (r_other) on 2024-02-01 (agency METI) while the US track stayed
proposed.
"""

from datetime import date
from xml.etree import ElementTree as ET

import pytest

from tests.support import factories
from tests.support.queries import count_queries
from tracker.extensions import db
from tracker.services.recommendations.status import record_status_change

US, JP = "us_government", "government_of_japan"


@pytest.fixture
def world(api_world):
    record_status_change(api_world.r_other, "implemented", date(2024, 2, 1), "Cabinet decision.",
                         tracks=[JP], agency="METI", evidence_urls=["https://example.org/cabinet"])
    db.session.commit()
    return api_world


def refs(body) -> set[str]:
    return {item["reference"] for item in body["data"]}


def by_addressee(item) -> dict:
    return {t["addressee"]: t for t in item["tracks"]}


def test_each_track_has_its_own_status_agency_and_history(api, world):
    item = api.json(f"/api/v1/recommendations/{world.r_other.reference}")["data"]
    assert item["status"] == "in_progress"  # overall: one implemented, one proposed
    assert [t["addressee"] for t in item["tracks"]] == [US, JP]  # governments first, US first
    us, jp = by_addressee(item)[US], by_addressee(item)[JP]
    assert (us["status"], us["status_since"], us["agency"]) == ("proposed", "2023-04-01", None)
    assert (jp["status"], jp["status_since"], jp["agency"]) == ("implemented", "2024-02-01", "METI")
    assert [h["status"] for h in us["history"]] == ["proposed"]  # the US track unchanged
    assert [h["status"] for h in jp["history"]] == ["proposed", "implemented"]
    assert jp["history"][-1]["evidence_urls"] == ["https://example.org/cabinet"]
    assert [(h["addressee"], h["status"]) for h in item["history"]] == [
        (US, "proposed"), (JP, "proposed"), (JP, "implemented")]
    # The list carries the same tracks as the single record.
    listed = next(i for i in api.json("/api/v1/recommendations")["data"]
                  if i["reference"] == world.r_other.reference)
    assert listed["tracks"] == item["tracks"]
    private = api.json(f"/api/v1/recommendations/{world.r_parent.reference}")["data"]
    assert [t["addressee"] for t in private["tracks"]] == ["private_sector"]


@pytest.mark.parametrize("query, expected", [
    (f"addressee={JP}&status=implemented", {"r_child", "r_other"}),
    (f"addressee={US}&status=implemented", {"r_child"}),  # not r_other: Japan's, not the US's
    (f"addressee={US}&status=proposed", {"r_other"}),
    (f"addressee={JP}&status=proposed", set()),
    (f"addressee={US}&status=proposed,implemented", {"r_child", "r_other"}),
    ("addressee=private_sector&status=proposed", {"r_parent"}),
    ("status=implemented", {"r_child"}),  # overall
    ("status=in_progress", {"r_other"}),
    (f"addressee={JP}", {"r_child", "r_other"}),
    # as_of: that track's status on that day
    (f"as_of=2024-03-01&addressee={JP}&status=implemented", {"r_other"}),
    (f"as_of=2024-03-01&addressee={US}&status=in_progress", {"r_child"}),
    (f"as_of=2024-03-01&addressee={US}&status=implemented", set()),
    (f"as_of=2024-01-15&addressee={JP}&status=implemented", set()),
    (f"as_of=2024-01-15&addressee={JP}&status=proposed", {"r_other"}),
])
def test_addressee_and_status_mean_the_same_track(api, world, query, expected):
    body = api.json(f"/api/v1/recommendations?{query}")
    assert refs(body) == {getattr(world, name).reference for name in expected}, query
    addressee = dict(p.split("=") for p in query.split("&")).get("addressee")
    wanted = dict(p.split("=") for p in query.split("&")).get("status")
    if addressee and wanted:  # what the filter matched is what the track says
        for item in body["data"]:
            assert by_addressee(item)[addressee]["status"] in wanted.split(","), query


def test_as_of_gives_each_tracks_status_and_history_of_that_day(api, world):
    body = api.json("/api/v1/recommendations?as_of=2024-01-15&topic=alliance-c2")
    [item] = body["data"]
    assert item["status"] == "proposed"
    jp = by_addressee(item)[JP]
    assert (jp["status"], jp["status_since"]) == ("proposed", "2023-04-01")
    assert [h["status"] for h in jp["history"]] == ["proposed"]  # nothing after that day
    later = api.json("/api/v1/recommendations?as_of=2024-03-01&topic=alliance-c2")["data"][0]
    assert by_addressee(later)[JP]["status"] == "implemented"


@pytest.mark.parametrize("value", ["both_governments", "japan", "x" * 300])
def test_an_unknown_addressee_is_a_400_naming_the_parameter(api, world, value):
    response = api.get(f"/api/v1/recommendations?addressee={value}&status=implemented")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["details"]["parameter"] == "addressee"
    assert "addressee" in error["message"].lower()


def test_stats_count_each_governments_tracks(api, world):
    data = api.json("/api/v1/stats")["data"]
    assert data["by_status"]["in_progress"] == 1 and data["by_status"]["implemented"] == 1
    by_gov = data["by_government"]
    assert set(by_gov) == {US, JP}
    assert {k: n for k, n in by_gov[US].items() if n} == {"implemented": 1, "proposed": 1}
    assert {k: n for k, n in by_gov[JP].items() if n} == {"implemented": 2}


def test_change_events_and_atom_entries_name_their_track(api, client, world):
    events = api.json("/api/v1/changes?limit=500")["data"]
    assert {e["addressee"] for e in events} == {US, JP, "private_sector"}
    japan = [e for e in events if e["recommendation"] == world.r_other.reference
             and e["status"] == "implemented"]
    assert [e["addressee"] for e in japan] == [JP]
    feed = client.get(f"/api/v1/feeds/changes.atom?token={api.token}")
    assert feed.status_code == 200
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(feed.get_data()).findall("a:entry", ns)
    entry = next(e for e in entries if e.find("a:id", ns).text.endswith(f"/{japan[0]['id']}"))
    assert "Government of Japan" in entry.find("a:title", ns).text
    tracks = [c for c in entry.findall("a:category", ns) if c.get("scheme", "").endswith(":addressee")]
    assert [c.get("term") for c in tracks] == [JP]


def test_list_and_mirror_pages_load_tracks_in_batches(api, world):
    """The API's list and sync pages run as many queries for many records with histories
    on two tracks as for a few."""
    urls = ["/api/v1/recommendations?per_page=100", "/api/v1/sync?limit=100", "/public/?page=1"]

    def warm_up():  # one-off work (the token's first use, the sync log's catch-up)
        for url in urls:
            api.get(url)
            api.get(url)

    warm_up()
    few = [count_queries(api, url) for url in urls]
    for i in range(12):
        rec = factories.RecommendationFactory(topic=world.other, publication=world.pub)
        record_status_change(rec, "in_progress", date(2024, 3, 1 + i), "Moving.", tracks=[JP])
    db.session.commit()
    warm_up()
    many = [count_queries(api, url) for url in urls]
    assert few == many, (few, many)


# --- the public pages ---------------------------------------------------------------------


def test_public_page_shows_each_track_with_its_history(client, world):
    body = client.get(f"/public/recommendations/{world.r_other.reference}").get_data(as_text=True)
    assert "US government" in body and "Government of Japan" in body
    assert "METI" in body and "Cabinet decision." in body and "https://example.org/cabinet" in body
    assert body.count('class="pub-track"') == 2
    ja = client.get(f"/ja/public/recommendations/{world.r_other.reference}").get_data(as_text=True)
    assert "日本政府" in ja and "米国政府" in ja and "METI" in ja


@pytest.mark.parametrize("query, shown, hidden", [
    (f"addressee={US}&status=implemented", ["Coordinate export controls"], ["Combined command"]),
    (f"addressee={JP}&status=implemented", ["Coordinate export controls", "Combined command"], []),
    (f"addressee={US}&status=proposed", ["Combined command"], ["Coordinate export controls"]),
])
def test_public_list_government_and_status_mean_the_same_track(client, world, query, shown, hidden):
    body = client.get(f"/public/?{query}").get_data(as_text=True)
    for title in shown:
        assert title in body, query
    for title in hidden:
        assert title not in body, query


def test_badge_shows_both_governments(client, world):
    svg = client.get(f"/public/recommendations/{world.r_other.reference}/badge.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    text = svg.get_data(as_text=True)
    assert "US: Proposed" in text and "Japan: Implemented" in text
    ja = client.get(f"/ja/public/recommendations/{world.r_other.reference}/badge.svg")
    assert "日本" in ja.get_data(as_text=True) and "米国" in ja.get_data(as_text=True)
    private = client.get(f"/public/recommendations/{world.r_parent.reference}/badge.svg")
    assert "Proposed" in private.get_data(as_text=True)  # no government: the overall status


def test_recent_changes_page_names_the_track(client, world):
    body = client.get("/public/changes").get_data(as_text=True)
    assert "Cabinet decision." in body and "Government of Japan" in body
