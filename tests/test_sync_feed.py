"""``/api/v1/sync`` and ``/api/v1/snapshot``: shape, cursors, snapshot, bad input."""

import gzip
import json
from datetime import timedelta

import pytest

from tests.support import factories
from tests.support.sync import Mirror, assert_mirrors, crawl
from tracker.extensions import db
from tracker.models import SyncState, utcnow
from tracker.services import clock


@pytest.fixture(autouse=True)
def _generous_rate_limit(app):
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    yield
    app.config["API_RATE_LIMIT"] = "600 per minute"


def test_empty_cursor_gives_exactly_the_public_set(api, api_world):
    mirror = Mirror(api, limit=2)
    mirror.pull()
    w = api_world
    assert set(mirror.records) == {w.r_child.reference, w.r_other.reference, w.r_parent.reference}
    assert mirror.records == crawl(api)
    body = api.json("/api/v1/sync")
    secrets = json.dumps(body)
    for ref in (w.r_draft.reference, w.r_unpublished.reference):
        assert ref not in secrets  # never public: not even a delete
    # Public when created, archived since: a delete (a partner may have seen it).
    assert [e["op"] for e in body["data"] if e["reference"] == w.r_archived.reference] == ["delete"]


def test_sync_event_shape_and_lang(api, api_world):
    body = api.json("/api/v1/sync?limit=1")
    assert set(body) == {"data", "meta"} and set(body["meta"]) == {"next_cursor", "has_more"}
    event = body["data"][0]
    assert set(event) == {"seq", "op", "reference", "at", "recommendation"}
    assert event["op"] == "upsert" and body["meta"]["has_more"]
    ref = event["reference"]
    assert event["recommendation"] == api.json(f"/api/v1/recommendations/{ref}")["data"]
    ja = Mirror(api, lang="ja")
    assert_mirrors(api, ja)
    assert isinstance(next(iter(ja.records.values()))["title"], str | None)


def test_delete_when_a_record_stops_being_public(api, api_world):
    mirror = Mirror(api)
    mirror.pull()
    w = api_world
    w.r_parent.archived_at = utcnow()
    db.session.commit()
    mirror.pull()
    assert w.r_parent.reference not in mirror.records
    assert_mirrors(api, mirror)


def test_tampered_and_foreign_cursors_are_a_400(api, api_world):
    body = api.json("/api/v1/sync?limit=1")
    cursor = body["meta"]["next_cursor"]
    for bad in (cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB"), "garbage", "1",
                "WzEsMl0.x"):
        response = api.get(f"/api/v1/sync?cursor={bad}")
        assert response.status_code == 400, bad
        assert response.get_json()["error"]["details"]["parameter"] == "cursor"
    from tracker.services.partner import cursors

    for value in ([1, 2], "5", -1, True):  # signed, but not a sync position
        response = api.get(f"/api/v1/sync?cursor={cursors.sign('sync', value)}")
        assert response.status_code == 400, value
    list_cursor = cursors.sign("list", 3)  # another kind of cursor: another salt
    assert api.get(f"/api/v1/sync?cursor={list_cursor}").status_code == 400
    assert api.get("/api/v1/sync?limit=0").status_code == 400
    assert api.get("/api/v1/sync?limit=1001").status_code == 400
    assert api.get("/api/v1/sync?since=x").status_code == 400


def test_past_the_end_is_an_empty_page_with_the_same_cursor(api, api_world):
    mirror = Mirror(api, limit=100)
    mirror.pull()
    body = api.json(f"/api/v1/sync?cursor={mirror.cursor}")
    assert body["data"] == [] and body["meta"]["has_more"] is False
    assert body["meta"]["next_cursor"] == mirror.cursor


def test_snapshot_then_sync_equals_a_crawl(api, api_world, client):
    mirror = Mirror(api)
    mirror.load_snapshot()
    assert mirror.records == crawl(api)
    factories.RecommendationFactory(title_en="After the snapshot", topic=api_world.other,
                                    publication=api_world.pub)
    assert_mirrors(api, mirror)
    assert "After the snapshot" in json.dumps(mirror.records)


def test_snapshot_ndjson_gzip_head_and_etag(api, api_world):
    plain = api.get("/api/v1/snapshot", headers={"Accept-Encoding": "identity"})
    assert plain.mimetype == "application/x-ndjson"
    assert "Content-Encoding" not in plain.headers
    lines = plain.get_data(as_text=True).splitlines()
    assert len(lines) == 4 and json.loads(lines[-1]) == {"next_cursor": plain.headers["Sync-Cursor"]}
    packed = api.get("/api/v1/snapshot", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()).decode().splitlines() == lines
    head = api.client.head("/api/v1/snapshot", headers={"Authorization": f"Bearer {api.token}"})
    assert head.status_code == 200 and head.headers["Sync-Cursor"] and not head.get_data()
    again = api.get("/api/v1/snapshot", headers={"If-None-Match": plain.headers["ETag"],
                                                 "Accept-Encoding": "identity"})
    assert again.status_code == 304
    ja = api.get("/api/v1/snapshot?lang=ja", headers={"Accept-Encoding": "identity"})
    first = json.loads(ja.get_data(as_text=True).splitlines()[0])
    assert first == api.json(f"/api/v1/recommendations/{first['reference']}?lang=ja")["data"]
    assert api.get("/api/v1/snapshot?cursor=x").status_code == 400


def test_sync_needs_a_token(client, api_world):
    assert client.get("/api/v1/sync").status_code == 401
    assert client.get("/api/v1/snapshot").status_code == 401


def test_clock_passing_a_publication_date_is_an_upsert(api, api_world, monkeypatch):
    w = api_world
    mirror = Mirror(api)
    mirror.pull()
    assert w.r_unpublished.reference not in mirror.records
    later = clock.today() + timedelta(days=31)
    monkeypatch.setattr(clock, "today", lambda: later)
    assert_mirrors(api, mirror)
    assert w.r_unpublished.reference in mirror.records


def test_the_cli_catches_up_with_the_clock(app, api_world, monkeypatch):
    w = api_world
    row = db.session.get(SyncState, w.r_unpublished.id)
    assert row is not None and not row.public
    later = clock.today() + timedelta(days=31)
    monkeypatch.setattr(clock, "today", lambda: later)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["sync", "catch-up"])
    assert result.exit_code == 0 and "Logged 1 " in result.output, result.output
    db.session.expire_all()
    assert db.session.get(SyncState, w.r_unpublished.id).public
    result = app.test_cli_runner().invoke(args=["sync", "catch-up", "--full"])
    assert "Logged 0 " in result.output


def test_records_without_a_log_row_are_logged_by_the_next_read(api, api_world):
    """A bulk load (the synthetic seed, a backup load) or SQL by hand: the next read logs
    the recommendations that have no row."""
    from sqlalchemy import delete

    db.session.execute(delete(SyncState))
    db.session.commit()
    assert_mirrors(api, Mirror(api))
