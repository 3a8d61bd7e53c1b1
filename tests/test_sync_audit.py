"""The sync audit (issue 17): a partner's mirror follows ``/api/v1/sync`` from an empty
cursor while staff make every kind of edit through the services, and after each step the
mirror equals a full crawl of the public API. Also with two concurrent writers that commit
out of order, and with the feed read during a burst of writes. SQLite by default;
PostgreSQL when DATABASE_URL is set (``bash .ci/with-postgres``)."""

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from tests.support import factories
from tests.support.sync import Mirror, assert_mirrors
from tracker.database import write_lock
from tracker.extensions import db
from tracker.models import Recommendation, utcnow
from tracker.services import clock
from tracker.services.recommendations.editing import stored_values, update_recommendation
from tracker.services.recommendations.records import get_by_reference
from tracker.services.recommendations.status import record_status_change, retract_status_change


@pytest.fixture(autouse=True)
def _generous_rate_limit(app):
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    yield
    app.config["API_RATE_LIMIT"] = "600 per minute"


def edit(rec: Recommendation, **changes) -> None:
    """Save an edit as the form does (``update_recommendation``), then commit."""
    values = {**stored_values(rec), **changes}
    assert update_recommendation(rec, values, version=rec.version)
    db.session.commit()


def test_every_kind_of_staff_edit_keeps_the_mirror_equal_to_a_crawl(api, api_world, monkeypatch):
    w = api_world
    F = factories
    mirror = Mirror(api, limit=2)
    ja = Mirror(api, limit=4, lang="ja")
    admin = F.UserFactory(role="admin")
    second_pub = F.PublicationFactory(slug="digest-7", published_on=date(2024, 2, 1))
    second_event = F.EventFactory(slug="ws-2024")

    def check(step):
        assert_mirrors(api, mirror, step)
        assert_mirrors(api, ja, step)

    check("start")
    rec = F.RecommendationFactory(title_en="New and published", topic=w.other, publication=w.pub)
    check("new recommendation, published")
    draft = F.RecommendationFactory(title_en="Drafted", topic=w.other, publication=w.pub,
                                    first_status="draft", public_note=None)
    check("new draft")
    record_status_change(draft, "proposed", clock.today(), "Published now.")
    db.session.commit()
    check("draft published by a status entry")
    changes = record_status_change(rec, "in_progress", clock.today(), "Steps.",
                                   evidence_urls=["https://example.org/steps"])
    db.session.commit()
    check("status entry (both tracks)")
    retract_status_change(changes[0], "Recorded on the wrong recommendation.", user=admin)
    db.session.commit()
    check("retraction of one track's entry")
    retract_status_change(changes[1], "Recorded on the wrong recommendation.", user=admin)
    db.session.commit()
    check("retraction of the other track's entry")
    record_status_change(rec, "under_consideration", clock.today(), "Japan only.",
                         tracks=["government_of_japan"], agency="METI")
    db.session.commit()
    check("one track's entry, with an agency")
    assert [(t["addressee"], t["status"], t["agency"]) for t in mirror.records[rec.reference]["tracks"]] == [
        ("us_government", "proposed", None), ("government_of_japan", "under_consideration", "METI")]
    record_status_change(rec, "draft", clock.today(), "Back to draft.")
    db.session.commit()
    check("back to draft")
    assert rec.reference not in mirror.records
    record_status_change(rec, "proposed", clock.today(), "Out again.")
    db.session.commit()
    check("public again")
    rec.archived_at = utcnow()
    db.session.commit()
    check("archived")
    rec.archived_at = None
    db.session.commit()
    check("unarchived")
    w.pub.published_on = clock.today() + timedelta(days=10)
    db.session.commit()
    check("publication date moved into the future")
    assert w.r_child.reference not in mirror.records
    w.pub.published_on = date(2023, 4, 1)
    db.session.commit()
    check("publication date moved back")
    edit(rec, title_en="New title", text_ja="新しい本文")
    check("title and text edit")
    edit(rec, topic=w.child, event=second_event, publication=second_pub)
    check("topic, event and publication changed")
    edit(rec, addressees=["us_government", "private_sector"])
    check("addressees changed")
    edit(rec, internal_notes="SECRET-INTERNAL-NOTE")
    check("internal edit (nothing visible changes)")
    w.child.name_en = "Export controls, renamed"
    db.session.commit()
    check("topic rename")
    w.line_b.name_ja = "技術と革新（改）"
    db.session.commit()
    check("line of effort rename")
    second_event.title_en = "Workshop 2024, renamed"
    db.session.commit()
    check("event rename")
    second_pub.title_en = "Digest 7, renamed"
    db.session.commit()
    check("publication rename")
    w.r_child.archived_at = utcnow()  # r_other supersedes it: its "supersedes" becomes null
    db.session.commit()
    check("a superseded record archived")
    assert mirror.records[w.r_other.reference]["supersedes"] is None
    w.r_child.archived_at = None
    db.session.commit()
    check("and back")
    later = clock.today() + timedelta(days=31)  # r_unpublished's publication is out by then
    monkeypatch.setattr(clock, "today", lambda: later)
    check("the clock passed a publication date")
    assert w.r_unpublished.reference in mirror.records
    doomed = F.RecommendationFactory(title_en="Deleted soon", topic=w.other, publication=w.pub)
    check("before a delete")
    for entry in list(doomed.status_changes):
        db.session.delete(entry)
    db.session.delete(doomed)
    db.session.commit()
    check("a recommendation deleted")


def _writer(app, errors, reference, work, pause=None):
    """A staff write in its own thread, app context and session (as a form request)."""
    try:
        with app.app_context(), write_lock():
            rec = get_by_reference(reference)
            work(rec)
            db.session.flush()
            if pause:
                pause()
            db.session.commit()
            db.session.remove()
    except Exception as exc:  # surfaced by the test
        errors.append(exc)


def test_two_writers_committing_out_of_order_lose_nothing(app, api, api_world):
    """A flushes first but commits last; a partner reads while A is open and after B has
    committed (on PostgreSQL; SQLite makes B wait for A's write lock)."""
    w = api_world
    mirror = Mirror(api)
    mirror.pull()
    errors, flushed, release = [], threading.Event(), threading.Event()

    def hold():
        flushed.set()
        release.wait(20)

    a = threading.Thread(target=_writer, args=(app, errors, w.r_other.reference, lambda r: (
        record_status_change(r, "under_consideration", clock.today(), "Writer A.")), hold))
    a.start()
    assert flushed.wait(10)
    b = threading.Thread(target=_writer, args=(app, errors, w.r_parent.reference, lambda r: (
        setattr(r, "title_en", "Writer B's title"))))
    b.start()
    b.join(1.0 if db.engine.dialect.name == "postgresql" else 0.3)
    assert_mirrors(api, mirror, "A open, B committed (PostgreSQL) or waiting (SQLite)")
    release.set()
    a.join(30)
    b.join(30)
    assert not errors, errors
    assert_mirrors(api, mirror, "both committed")
    assert mirror.records[w.r_parent.reference]["title"]["en"] == "Writer B's title"
    assert mirror.records[w.r_other.reference]["status"] == "under_consideration"


def test_a_writer_holding_its_sequence_numbers_holds_back_the_next(app, api, api_world):
    """A has its sequence numbers and pauses before its commit: B, committing meanwhile,
    must come after A (it waits for A's lock), and a partner reading in between sees
    neither; afterwards it sees both, each once."""
    w = api_world
    mirror = Mirror(api)
    mirror.pull()
    errors, numbered, release = [], threading.Event(), threading.Event()
    a_thread = []

    def pause_after_numbering(session):  # registered after sync_log's: runs after it
        if threading.current_thread() in a_thread:
            numbered.set()
            release.wait(20)

    event.listen(db.session, "before_commit", pause_after_numbering)
    try:
        a = threading.Thread(target=_writer, args=(app, errors, w.r_other.reference, lambda r: (
            record_status_change(r, "in_progress", clock.today(), "Writer A."))))
        a_thread.append(a)
        a.start()
        assert numbered.wait(10)
        b = threading.Thread(target=_writer, args=(app, errors, w.r_parent.reference, lambda r: (
            setattr(r, "title_en", "Writer B again"))))
        b.start()
        b.join(1.0)
        assert b.is_alive(), "B committed while A held its sequence numbers"
        before = dict(mirror.records)
        mirror.pull()
        assert mirror.records == before
        release.set()
        a.join(30)
        b.join(30)
    finally:
        release.set()
        event.remove(db.session, "before_commit", pause_after_numbering)
    assert not errors, errors
    assert_mirrors(api, mirror, "after both")
    assert mirror.records[w.r_parent.reference]["title"]["en"] == "Writer B again"
    assert mirror.records[w.r_other.reference]["status"] == "in_progress"


def test_the_feed_read_during_a_write_burst_stays_consistent(app, api, api_world):
    w = api_world
    mirror = Mirror(api, limit=2)
    refs = [w.r_other.reference, w.r_parent.reference, w.r_child.reference]
    errors, done = [], threading.Event()

    def burst():
        try:
            for n in range(24):
                _writer(app, errors, refs[n % 3], lambda r, n=n: setattr(r, "title_en", f"Burst {n}"))
        finally:
            done.set()

    writer = threading.Thread(target=burst)
    writer.start()
    while not done.is_set():
        mirror.pull()  # asserts sequence numbers only grow
    writer.join(60)
    assert not errors, errors
    assert_mirrors(api, mirror, "after the burst")
    assert {mirror.records[r]["title"]["en"] for r in refs} == {"Burst 21", "Burst 22", "Burst 23"}
