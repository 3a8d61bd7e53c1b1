"""``/api/v1/changes``: a partner following the cursor sees every public change exactly
once, in recorded order, including backdated ones, retractions and late publications."""

from datetime import date, timedelta

from tests.support import factories
from tracker.extensions import db
from tracker.services import clock
from tracker.services.recommendations.status import record_status_change, retract_status_change


class Partner:
    """A partner's local copy, kept in step with the changes feed."""

    def __init__(self, api):
        self.api = api
        self.cursor = None
        self.entries: dict[int, dict] = {}
        self.seen: list[int] = []

    def sync(self, limit: int = 2) -> int:
        calls = 0
        while True:
            url = f"/api/v1/changes?limit={limit}" + (f"&since={self.cursor}" if self.cursor else "")
            body = self.api.json(url)
            calls += 1
            for event in body["data"]:
                self.seen.append(event["id"])
                if event["kind"] == "retraction":
                    self.entries.pop(event["retracts"], None)
                else:
                    self.entries[event["id"]] = event
            self.cursor = body["meta"]["next_cursor"]
            if not body["meta"]["has_more"]:
                return calls
            assert calls < 100

    def history(self, reference: str) -> list[int]:
        return sorted(i for i, e in self.entries.items() if e["recommendation"] == reference)


def public_history_ids(api, reference: str) -> list[int]:
    return sorted(h["id"] for h in api.json(f"/api/v1/recommendations/{reference}/history")["data"])


def assert_in_step(api, partner, world_refs):
    for reference in world_refs:
        assert partner.history(reference) == public_history_ids(api, reference), reference
    assert len(partner.seen) == len(set(partner.seen)), "an event came twice"


def test_sync_from_empty_cursor_equals_full_history(api, api_world):
    w = api_world
    partner = Partner(api)
    partner.sync()
    refs = [w.r_child.reference, w.r_other.reference, w.r_parent.reference]
    assert_in_step(api, partner, refs)
    assert {e["recommendation"] for e in partner.entries.values()} == set(refs)
    assert partner.seen == sorted(partner.seen)  # recorded order


def test_incremental_sync_gets_new_backdated_and_retracted(api, api_world):
    w = api_world
    partner = Partner(api)
    partner.sync()
    before = len(partner.seen)
    # A backdated change (effective long ago, recorded now) and a new one.
    record_status_change(w.r_other, "under_consideration", date(2023, 5, 1), "Acknowledged.")
    record_status_change(w.r_parent, "in_progress", clock.today() - timedelta(days=1), "Moving.")
    db.session.commit()
    partner.sync()
    assert len(partner.seen) == before + 3  # one event per track: r_other has two, r_parent one
    # A retraction removes the wrong entry from the partner's copy.
    admin = factories.UserFactory(role="admin")
    wrong = next(c for c in w.r_parent.status_changes if c.to_status == "in_progress")
    retract_status_change(wrong, "Recorded by mistake.", user=admin)
    db.session.commit()
    partner.sync()
    assert_in_step(api, partner, [w.r_child.reference, w.r_other.reference, w.r_parent.reference])
    # A fresh partner gets the same picture.
    fresh = Partner(api)
    fresh.sync(limit=500)
    assert fresh.entries.keys() == partner.entries.keys()


def test_sync_with_nothing_new_returns_nothing(api, api_world):
    partner = Partner(api)
    partner.sync()
    body = api.json(f"/api/v1/changes?since={partner.cursor}")
    assert body["data"] == [] and body["meta"]["has_more"] is False


def test_publication_released_later_replays_its_older_changes(api, api_world, monkeypatch):
    """Entries recorded before a publication comes out reach a partner who synced before."""
    w = api_world
    partner = Partner(api)
    partner.sync()
    assert w.r_unpublished.reference not in {e["recommendation"] for e in partner.entries.values()}
    later = clock.today() + timedelta(days=31)  # the future publication is out by then
    monkeypatch.setattr(clock, "today", lambda: later)
    partner.sync(limit=1)
    assert partner.history(w.r_unpublished.reference) == public_history_ids(api, w.r_unpublished.reference)
    assert partner.history(w.r_unpublished.reference)  # not vacuous
    assert len(partner.seen) == len(set(partner.seen))


def test_drafts_never_appear_in_changes(api, api_world):
    partner = Partner(api)
    partner.sync(limit=500)
    assert api_world.r_draft.reference not in {e["recommendation"] for e in partner.entries.values()}
    assert all(e["status"] != "draft" for e in partner.entries.values())


def test_bad_cursor_is_a_400(api):
    for cursor in ("garbage", "djE6eDp5", "dj"):
        response = api.get(f"/api/v1/changes?since={cursor}")
        assert response.status_code == 400
        assert response.get_json()["error"]["details"]["parameter"] == "since"


def test_an_entry_that_commits_after_a_later_one_started_is_not_skipped(app, api, api_world):
    """Two researchers record changes at once; the first is still committing while the
    second finishes and a partner syncs in between. The partner must still get both: ids
    are handed out in commit order (services.history_order), so the second writer waits."""
    import threading

    w = api_world
    refs = {"first": w.r_other.reference, "second": w.r_parent.reference}
    first_flushed, release_first, second_done = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def write(which: str, before_commit=None):
        try:
            from tracker.database import write_lock
            from tracker.services.recommendations.records import get_by_reference

            with app.app_context(), write_lock():  # as a form request does

                rec = get_by_reference(refs[which])
                record_status_change(rec, "under_consideration", clock.today(), f"{which} writer.")
                if before_commit:
                    before_commit()
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # surfaced by the assertions below
            errors.append(exc)
        finally:
            if which == "second":
                second_done.set()

    def hold_open():
        first_flushed.set()
        release_first.wait(10)

    partner = Partner(api)
    partner.sync()
    first = threading.Thread(target=write, args=("first", hold_open))
    first.start()
    assert first_flushed.wait(10)
    second = threading.Thread(target=write, args=("second",))
    second.start()
    second_done.wait(1.0)  # the second writer commits now unless it must wait for the first
    partner.sync()
    release_first.set()
    first.join(15)
    second.join(15)
    assert not errors, errors
    # After both commit, the partner has both entries, each once, in recorded order.
    partner.sync()
    assert_in_step(api, partner, [w.r_child.reference, w.r_other.reference, w.r_parent.reference])
    notes = [e["note"] for e in partner.entries.values()]
    assert "first writer." in notes and "second writer." in notes
