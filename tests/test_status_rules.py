"""Status history rules (tracker/services/recommendations/status.py): recording, backdating, retracting,
the derived fields, "as of" queries, and the stale and regressed flags."""

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.support import factories
from tracker.extensions import db
from tracker.models import Recommendation, StatusChange
from tracker.services import clock
from tracker.services.errors import PermissionDenied, RuleViolation
from tracker.services.recommendations.status import (
    active_changes,
    clean_evidence_urls,
    derive,
    is_stale,
    record_status_change,
    retract_status_change,
    stale_clause,
    status_as_of_subquery,
    status_on,
    statuses_as_of,
)

D = date


def _rec(**kwargs):
    kwargs.setdefault("first_status", "proposed")
    kwargs.setdefault("effective_on", D(2023, 4, 1))
    # One track: these are the rules of one history (the tracks: test_tracks_*.py).
    kwargs.setdefault("addressees", ("us_government",))
    return factories.RecommendationFactory(**kwargs)


def _count_changes(rec) -> int:
    return db.session.execute(
        select(func.count()).select_from(StatusChange).where(StatusChange.recommendation_id == rec.id)
    ).scalar_one()


def _reload(rec) -> Recommendation:
    db.session.commit()
    db.session.expire_all()
    return db.session.get(Recommendation, rec.id)


def _assert_consistent(rec) -> None:
    """The stored derived fields equal a recomputation from the stored history."""
    rec = _reload(rec)
    derived = derive(active_changes(rec))
    assert (rec.status, rec.status_since, rec.regressed) == (
        derived.status, derived.since, derived.regressed
    )


# --- Validation: refused with the reason, nothing written ---------------------------------


@pytest.mark.parametrize(
    ("to_status", "effective_on", "note", "evidence", "field"),
    [
        ("adopted", D(2023, 5, 1), "Note.", None, "to_status"),
        ("", D(2023, 5, 1), "Note.", None, "to_status"),
        ("in_progress", None, "Note.", None, "effective_on"),
        ("in_progress", "tomorrow", "Note.", None, "effective_on"),
        ("in_progress", D(2023, 5, 1), "", None, "public_note"),
        ("in_progress", D(2023, 5, 1), "   \n ", None, "public_note"),
        ("in_progress", D(2023, 5, 1), None, None, "public_note"),
        ("in_progress", D(2023, 5, 1), "x" * 5001, None, "public_note"),
        ("in_progress", D(2023, 5, 1), "Note.", ["javascript:alert(1)"], "evidence_urls"),
        ("in_progress", D(2023, 5, 1), "Note.", ["ftp://example.org/file"], "evidence_urls"),
        ("in_progress", D(2023, 5, 1), "Note.", "https://ok.example\nnot a url", "evidence_urls"),
        ("in_progress", D(2023, 5, 1), "Note.", ["https://"], "evidence_urls"),
        ("in_progress", D(2023, 5, 1), "Note.", [f"https://e.example/{i}" for i in range(21)], "evidence_urls"),
        # Same as the status in force on that date (the first entry made it proposed).
        ("proposed", D(2023, 5, 1), "Note.", None, "to_status"),
        ("proposed", D(2023, 4, 1), "Note.", None, "to_status"),
    ],
)
def test_refused_change_names_the_field_and_writes_nothing(to_status, effective_on, note, evidence, field):
    rec = _rec()
    before = (_count_changes(rec), rec.status, rec.status_since, rec.status_changed_at)
    if effective_on == "tomorrow":
        effective_on = clock.today() + timedelta(days=1)
    with pytest.raises(RuleViolation) as excinfo:
        record_status_change(rec, to_status, effective_on, note, evidence_urls=evidence)
    assert excinfo.value.field == field
    assert excinfo.value.message
    rec = _reload(rec)  # commits whatever the refused call may have left in the session
    assert (_count_changes(rec), rec.status, rec.status_since, rec.status_changed_at) == before


def test_today_is_accepted_as_effective_date():
    rec = _rec()
    record_status_change(rec, "under_consideration", clock.today(), "Acknowledged today.")
    assert _reload(rec).status == "under_consideration"


def test_same_as_in_force_on_a_backdated_date_is_refused():
    # proposed 2023-04-01, in_progress 2024-01-10: on 2023-06-01 it was proposed.
    rec = _rec(history=[(D(2024, 1, 10), "in_progress", "Steps taken.")])
    with pytest.raises(RuleViolation) as excinfo:
        record_status_change(rec, "proposed", D(2023, 6, 1), "Again.")
    assert excinfo.value.field == "to_status"
    # ...but the status current today is fine on that earlier date.
    record_status_change(rec, "in_progress", D(2023, 6, 1), "Earlier than we thought.")
    rec = _reload(rec)
    assert rec.status == "in_progress"
    assert rec.status_since == D(2023, 6, 1)  # in force since the earlier of the two entries


def test_evidence_urls_are_cleaned_and_deduplicated():
    assert clean_evidence_urls(" https://a.example/x \n\nhttp://b.example\nhttps://a.example/x") == [
        "https://a.example/x",
        "http://b.example",
    ]
    assert clean_evidence_urls(None) == []
    rec = _rec()
    (change,) = record_status_change(
        rec, "in_progress", D(2023, 6, 1), "Budget line.", evidence_urls=["https://mof.example/budget"]
    )
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(StatusChange, change.id).evidence_urls == ["https://mof.example/budget"]


# --- Current status ------------------------------------------------------------------------


def test_recording_updates_derived_fields():
    user = factories.UserFactory(role="researcher", name="Riley")
    rec = _rec()
    (change,) = record_status_change(
        rec, "under_consideration", D(2023, 9, 1), "Acknowledged.", internal_note="Via email.", user=user
    )
    rec = _reload(rec)
    assert (rec.status, rec.status_since, rec.regressed) == ("under_consideration", D(2023, 9, 1), False)
    change = db.session.get(StatusChange, change.id)
    assert (change.recorded_by_id, change.recorded_by_name, change.internal_note) == (user.id, "Riley", "Via email.")
    assert rec.status_changed_at == change.recorded_at


def test_same_day_changes_later_recorded_wins():
    rec = _rec()
    record_status_change(rec, "under_consideration", D(2023, 9, 1), "Acknowledged.")
    record_status_change(rec, "in_progress", D(2023, 9, 1), "And started the same day.")
    rec = _reload(rec)
    assert rec.status == "in_progress"
    assert status_on(rec, D(2023, 9, 1)) == "in_progress"
    assert statuses_as_of(D(2023, 9, 1))[rec.id] == "in_progress"
    # Going back on the same day is a change too, and the later one still wins.
    record_status_change(rec, "under_consideration", D(2023, 9, 1), "Announcement withdrawn.")
    rec = _reload(rec)
    assert rec.status == "under_consideration"
    assert rec.regressed is True


def test_backdating_before_later_entries_keeps_current_status():
    rec = _rec(history=[(D(2024, 3, 1), "in_progress", "Pilot started.")])
    record_status_change(rec, "under_consideration", D(2023, 10, 1), "Found an earlier acknowledgement.")
    rec = _reload(rec)
    assert rec.status == "in_progress"
    assert rec.status_since == D(2024, 3, 1)
    assert rec.regressed is False
    assert status_on(rec, D(2023, 3, 31)) is None
    assert status_on(rec, D(2023, 4, 1)) == "proposed"
    assert status_on(rec, D(2023, 9, 30)) == "proposed"
    assert status_on(rec, D(2023, 10, 1)) == "under_consideration"
    assert status_on(rec, D(2024, 2, 29)) == "under_consideration"
    assert status_on(rec, D(2024, 3, 1)) == "in_progress"
    _assert_consistent(rec)


def test_backdating_before_the_first_entry():
    rec = _rec()
    record_status_change(rec, "draft", D(2023, 1, 15), "Drafting started.")
    rec = _reload(rec)
    assert rec.status == "proposed"
    assert status_on(rec, D(2023, 2, 1)) == "draft"
    assert rec.regressed is False


# --- Retractions -----------------------------------------------------------------------------


def _rec_with_mistake(author):
    rec = _rec(history=[(D(2023, 9, 1), "in_progress", "Started.")])
    (wrong,) = record_status_change(rec, "implemented", D(2024, 2, 1), "Done (wrongly).", user=author)
    db.session.commit()
    return rec, wrong


def test_retracting_the_latest_entry_falls_back_and_keeps_the_original():
    author = factories.UserFactory(role="researcher")
    rec, wrong = _rec_with_mistake(author)
    assert _reload(rec).status == "implemented"
    retraction = retract_status_change(wrong, "Wrong recommendation.", user=author)
    rec = _reload(rec)
    assert (rec.status, rec.status_since) == ("in_progress", D(2023, 9, 1))
    wrong = db.session.get(StatusChange, wrong.id)
    retraction = db.session.get(StatusChange, retraction.id)
    assert wrong.to_status == "implemented" and wrong.is_retracted
    assert retraction.kind == "retraction" and retraction.retracts_id == wrong.id
    assert retraction.public_note == "Wrong recommendation."
    assert retraction.recorded_by_id == author.id
    assert _count_changes(rec) == 4
    assert status_on(rec, D(2024, 6, 1)) == "in_progress"
    assert statuses_as_of(D(2024, 6, 1))[rec.id] == "in_progress"
    # The same status can be recorded again, correctly this time.
    record_status_change(rec, "implemented", D(2024, 5, 1), "Enacted.")
    assert _reload(rec).status == "implemented"


def test_retracted_entry_stays_visible_on_the_staff_page(client, auth):
    author = auth.login("researcher")
    rec, wrong = _rec_with_mistake(author)
    retract_status_change(wrong, "Entered against the wrong row.", user=author)
    db.session.commit()
    html = client.get(f"/recommendations/{rec.reference}").get_data(as_text=True)
    assert "Done (wrongly)." in html
    assert "Entered against the wrong row." in html
    assert "Retracted" in html


def test_retraction_by_another_researcher_is_refused_admin_allowed():
    author = factories.UserFactory(role="researcher")
    other = factories.UserFactory(role="researcher")
    leader = factories.UserFactory(role="leadership")
    admin = factories.UserFactory(role="admin")
    rec, wrong = _rec_with_mistake(author)
    for user in (other, leader, None):
        with pytest.raises(PermissionDenied):
            retract_status_change(wrong, "Not mine.", user=user)
        assert _count_changes(_reload(rec)) == 3
    retract_status_change(wrong, "Admin correction.", user=admin)
    assert _reload(rec).status == "in_progress"


def test_double_retraction_refused():
    author = factories.UserFactory(role="researcher")
    rec, wrong = _rec_with_mistake(author)
    retraction = retract_status_change(wrong, "Wrong.", user=author)
    db.session.commit()
    with pytest.raises(RuleViolation):
        retract_status_change(db.session.get(StatusChange, wrong.id), "Again.", user=author)
    with pytest.raises(RuleViolation):  # a retraction cannot be retracted either
        retract_status_change(db.session.get(StatusChange, retraction.id), "Undo.", user=author)
    rec = _reload(rec)
    assert _count_changes(rec) == 4
    assert rec.status == "in_progress"


def test_retracting_the_only_entry_in_force_refused():
    admin = factories.UserFactory(role="admin")
    rec = _rec()
    with pytest.raises(RuleViolation):
        retract_status_change(rec.status_changes[0], "Oops.", user=admin)
    rec = _reload(rec)
    assert _count_changes(rec) == 1
    assert rec.status == "proposed"


def test_retraction_requires_a_reason():
    author = factories.UserFactory(role="researcher")
    rec, wrong = _rec_with_mistake(author)
    with pytest.raises(RuleViolation) as excinfo:
        retract_status_change(wrong, "  ", user=author)
    assert excinfo.value.field == "reason"
    assert _count_changes(_reload(rec)) == 3


# --- Derived flags ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "regressed"),
    [
        (["under_consideration", "in_progress"], False),
        (["in_progress", "implemented", "in_progress"], True),
        (["in_progress", "under_consideration"], True),
        (["implemented", "not_adopted"], True),
        (["not_adopted", "under_consideration"], False),
        (["implemented", "superseded"], False),
        (["draft"], True),
    ],
)
def test_regressed_flag(path, regressed):
    rec = _rec()
    for i, status in enumerate(path):
        record_status_change(rec, status, D(2023, 5, 1) + timedelta(days=30 * i), f"Step {i}.")
    rec = _reload(rec)
    assert rec.regressed is regressed
    assert rec.status == path[-1]


def test_regressed_flag_follows_retraction():
    author = factories.UserFactory(role="researcher")
    rec = _rec(history=[(D(2023, 6, 1), "in_progress", "Started."), (D(2023, 9, 1), "implemented", "Done.")])
    (backwards,) = record_status_change(rec, "in_progress", D(2024, 1, 1), "Law repealed.", user=author)
    assert _reload(rec).regressed is True
    retract_status_change(db.session.get(StatusChange, backwards.id), "Repeal did not pass.", user=author)
    rec = _reload(rec)
    assert (rec.status, rec.regressed) == ("implemented", False)


def test_stale_flag_uses_stale_after_days(app):
    rec = _rec(first_status="proposed", effective_on=D(2023, 1, 1))
    closed = _rec(first_status="implemented", effective_on=D(2023, 1, 1))
    draft = _rec(first_status="draft", effective_on=D(2023, 1, 1))
    today = D(2023, 1, 1) + timedelta(days=180)
    assert not is_stale(rec, today)  # exactly STALE_AFTER_DAYS: not yet
    assert is_stale(rec, today + timedelta(days=1))
    assert not is_stale(closed, today + timedelta(days=1))  # closed is never stale
    assert not is_stale(draft, today + timedelta(days=1))
    stale_ids = set(db.session.execute(
        select(Recommendation.id).where(stale_clause(today + timedelta(days=1)))
    ).scalars())
    assert stale_ids == {rec.id}
    old = app.config["STALE_AFTER_DAYS"]
    app.config["STALE_AFTER_DAYS"] = 30
    try:
        assert is_stale(rec, D(2023, 2, 1))
        assert not is_stale(rec, D(2023, 1, 31))
    finally:
        app.config["STALE_AFTER_DAYS"] = old
    record_status_change(rec, "under_consideration", D(2023, 6, 1), "Moved.")
    assert not is_stale(_reload(rec), today + timedelta(days=1))


# --- "As of" in SQL equals the Python rule ------------------------------------------------


def test_status_as_of_subquery_matches_status_on_over_random_histories():
    rng = random.Random(7)
    admin = factories.UserFactory(role="admin")
    topic = factories.TopicAreaFactory()
    pub = factories.PublicationFactory()
    start = D(2022, 1, 1)
    recs = []
    for _ in range(12):
        rec = factories.RecommendationFactory(
            addressees=("us_government",), topic=topic, publication=pub, first_status=rng.choice(["draft", "proposed"]),
            effective_on=start + timedelta(days=rng.randrange(200)),
        )
        for _ in range(rng.randrange(8)):
            # Few distinct days so same-day entries and backdating happen often.
            day = start + timedelta(days=rng.randrange(12) * 60)
            status = rng.choice(["proposed", "under_consideration", "in_progress", "implemented", "not_adopted"])
            try:
                record_status_change(rec, status, day, "Random step.", user=admin)
            except RuleViolation:
                pass  # same as in force on that day
            if rec.status_changes and rng.random() < 0.25:
                candidate = rng.choice(rec.status_changes)
                try:
                    retract_status_change(candidate, "Random retraction.", user=admin)
                except RuleViolation:
                    pass
        db.session.commit()
        recs.append(rec)
    assert db.session.execute(select(func.count()).where(StatusChange.kind == "retraction")).scalar_one() > 0
    db.session.expire_all()
    recs = [db.session.get(Recommendation, r.id) for r in recs]
    for offset in range(-10, 900, 23):
        day = start + timedelta(days=offset)
        expected = {r.id: status_on(r, day) for r in recs if status_on(r, day) is not None}
        assert statuses_as_of(day) == expected, day
        sub = status_as_of_subquery(day)
        rows = db.session.execute(select(sub.c.recommendation_id, sub.c.effective_on)).all()
        assert len(rows) == len(expected)
    for rec in recs:
        _assert_consistent(rec)
