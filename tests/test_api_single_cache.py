"""One recommendation's cached body (tracker/api/body_cache.py) and the data version that
validates it (database triggers, tracker/services/partner/data_version.py): any write to public
data, by whatever route, is seen by the next request; the cache changes no header."""

import gzip
from datetime import date

from sqlalchemy import text, update

from tracker.api import body_cache
from tracker.extensions import db
from tracker.models import ApiToken, TopicArea
from tracker.services.partner import data_version, sync_log
from tracker.services.recommendations.status import record_status_change

TRACKED = ("recommendation", "recommendation_addressee", "status_change", "topic_area",
           "line_of_effort", "event", "publication")


def _one(api, reference, **kwargs):
    return api.get(f"/api/v1/recommendations/{reference}", **kwargs)


def test_every_write_to_public_data_changes_the_version(api_world):
    w = api_world
    seen = {data_version.current()}
    assert None not in seen
    statements = [
        "UPDATE recommendation SET title_en = title_en || ' x' WHERE id = :rec",
        "DELETE FROM recommendation_addressee WHERE recommendation_id = :rec",
        "UPDATE status_change SET public_note = 'changed' WHERE recommendation_id = :rec",
        "UPDATE topic_area SET name_en = 'Renamed' WHERE id = :topic",
        "UPDATE line_of_effort SET name_en = 'Renamed' WHERE id = :line",
        "UPDATE event SET title_en = 'Renamed' WHERE id = :event",
        "UPDATE publication SET title_en = 'Renamed' WHERE id = :pub",
        "INSERT INTO recommendation_addressee (recommendation_id, addressee) "
        "VALUES (:rec, 'us_government')",
    ]
    ids = {"rec": w.r_child.id, "topic": w.child.id, "line": w.line_b.id, "event": w.event.id,
           "pub": w.pub.id}
    for sql in statements:
        db.session.execute(text(sql), ids)
        db.session.commit()
        version = data_version.current()
        assert version not in seen, sql
        seen.add(version)
    # Bookkeeping outside public data leaves it alone.
    db.session.execute(update(ApiToken).values(partner="Someone else"))
    db.session.commit()
    assert data_version.current() in seen


def test_a_rolled_back_write_leaves_the_version(api_world):
    before = data_version.current()
    db.session.execute(text("UPDATE topic_area SET name_en = 'Never' WHERE id = :id"),
                       {"id": api_world.child.id})
    db.session.rollback()
    assert data_version.current() == before


def test_no_version_means_no_cache(api, api_world):
    db.session.execute(text("DELETE FROM data_version"))
    db.session.commit()
    assert data_version.current() is None
    body_cache.clear()
    assert _one(api, api_world.r_child.reference).status_code == 200
    assert not body_cache._entries


def test_writes_behind_the_orm_reach_the_next_answer_after_sync_catch_up(api, api_world):
    w = api_world
    first = _one(api, w.r_child.reference)
    assert first.get_json()["data"]["topic"]["name"]["en"] != "Renamed by SQL"
    assert _one(api, w.r_child.reference).headers["ETag"] == first.headers["ETag"]  # cached
    db.session.execute(text("UPDATE topic_area SET name_en = 'Renamed by SQL' WHERE id = :id"),
                       {"id": w.child.id})
    db.session.commit()
    # The stored JSON, like the partners' log, hears of SQL written by hand from the
    # command README gives for it (``flask sync catch-up --all``).
    sync_log.catch_up(renumber=True)
    second = _one(api, w.r_child.reference)
    assert second.get_json()["data"]["topic"]["name"]["en"] == "Renamed by SQL"
    assert second.headers["ETag"] != first.headers["ETag"]


def test_status_changes_archiving_and_unpublishing_reach_the_next_answer(api, api_world):
    w = api_world
    ref = w.r_parent.reference
    assert [h["status"] for h in _one(api, ref).get_json()["data"]["history"]][-1] != "implemented"
    record_status_change(w.r_parent, "implemented", w.pub.published_on, "Done.")
    db.session.commit()
    assert _one(api, ref).get_json()["data"]["history"][-1]["status"] == "implemented"
    w.pub.published_on = None
    db.session.commit()
    assert _one(api, ref).status_code == 404
    w.pub.published_on = date(2023, 4, 1)
    db.session.commit()
    assert _one(api, ref).status_code == 200
    w.r_parent.archived_at = w.r_parent.created_at
    db.session.commit()
    assert _one(api, ref).status_code == 404


def test_cached_answers_keep_every_header(api, api_world):
    ref = api_world.r_child.reference
    body_cache.clear()
    built = _one(api, ref)
    cached = _one(api, ref)
    assert cached.get_data() == built.get_data()
    volatile = {"Date", "X-Request-ID", "RateLimit-Remaining", "RateLimit-Reset"}
    assert ({k: v for k, v in built.headers if k not in volatile}
            == {k: v for k, v in cached.headers if k not in volatile})
    assert cached.headers["Last-Modified"] and cached.headers["ETag"].startswith('W/"')
    assert "Set-Cookie" not in cached.headers  # no cookie session under /api/
    again = _one(api, ref, headers={"If-None-Match": cached.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    since = _one(api, ref, headers={"If-Modified-Since": cached.headers["Last-Modified"]})
    assert since.status_code == 304
    zipped = _one(api, ref, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == built.get_data()
    assert zipped.headers["Vary"] == "Authorization, Accept-Encoding"


def test_links_use_the_configured_server_name_whatever_the_host_asked(api, api_world):
    """Issue 21: the Host header never reaches an absolute link (cached or not)."""
    ref = api_world.r_child.reference
    a = _one(api, ref, base_url="http://a.example").get_json()["data"]["url"]
    b = _one(api, ref, base_url="http://b.example").get_json()["data"]["url"]
    assert a == b and a.startswith("http://localhost/api/v1/recommendations/")


def test_rate_limits_still_count_per_endpoint(app, api, api_world):
    app.config["API_RATE_LIMIT"] = "2 per minute"
    try:
        ref = api_world.r_child.reference
        codes = [_one(api, ref).status_code for _ in range(3)]
        other = api.get("/api/v1/topics").status_code
    finally:
        app.config["API_RATE_LIMIT"] = "600 per minute"
    assert codes == [200, 200, 429]
    assert other == 200


def test_topic_change_through_the_orm(api, api_world):
    ref = api_world.r_child.reference
    _one(api, ref)
    topic = db.session.get(TopicArea, api_world.child.id)
    topic.name_en = "Renamed by the ORM"
    db.session.commit()
    assert _one(api, ref).get_json()["data"]["topic"]["name"]["en"] == "Renamed by the ORM"


def test_two_writers_updating_rows_in_opposite_orders_do_not_deadlock(api_world):
    """A multi-row writer (an import) and a single edit cross on two recommendations: the
    edit waits for the import's row, never the other way round, because the version row is
    bumped only at commit (PostgreSQL; SQLite serialises writers anyway)."""
    import os
    import threading

    import pytest

    if not os.environ.get("DATABASE_URL"):
        pytest.skip("PostgreSQL only: SQLite has one writer at a time")
    w = api_world
    x, y = w.r_child.id, w.r_other.id
    before = data_version.current()
    edit_started, errors = threading.Event(), []
    rename = text("UPDATE recommendation SET title_en = :title WHERE id = :id")
    engine = db.engine

    def edit():
        try:
            with engine.begin() as conn:
                conn.execute(rename, {"title": "Edited", "id": y})
                edit_started.set()
        except Exception as exc:  # reported below
            errors.append(exc)
            edit_started.set()

    with engine.connect() as importer:
        with importer.begin():
            importer.execute(rename, {"title": "Imported", "id": x})
            thread = threading.Thread(target=edit)
            thread.start()
            assert edit_started.wait(10)
            thread.join(10)
            importer.execute(rename, {"title": "Imported too", "id": y})
    assert not errors, errors
    titles = dict(db.session.execute(text("SELECT id, title_en FROM recommendation")).all())
    assert titles[x] == "Imported" and titles[y] == "Imported too"
    assert data_version.current() != before
