"""``StatusChange.previous_status`` (kept by tracker/services/recommendations/status.py) always equals what
the history derives: the LAG of ``to_status`` over the active entries in history order,
after backdated and same-day changes and retractions, after a bulk synthetic load and
after a backup is loaded."""

import random
from datetime import date, timedelta

from sqlalchemy import select, update

from tests.support import factories
from tracker.demo.loader import seed_synthetic
from tracker.domain import statuses
from tracker.extensions import db
from tracker.models import AuditLog, StatusChange
from tracker.services.dataio import backup
from tracker.services.errors import RuleViolation
from tracker.services.recommendations.status import (
    active_changes,
    previous_status_select,
    record_status_change,
    refresh_previous_statuses,
    retract_status_change,
)


def _stored() -> dict[int, str | None]:
    return dict(db.session.execute(select(StatusChange.id, StatusChange.previous_status)).all())


def _derived() -> dict[int, str | None]:
    """The LAG computed in SQL; None for retracted entries and retractions."""
    lagged = dict(db.session.execute(previous_status_select()).all())
    return {change_id: lagged.get(change_id) for change_id in _stored()}


def _by_hand(recs) -> dict[int, str | None]:
    out = {}
    for rec in recs:
        db.session.refresh(rec, ["status_changes"])
        out.update({c.id: None for c in rec.status_changes})
        previous = None
        for change in active_changes(rec):
            out[change.id] = previous
            previous = change.to_status
    return out


def test_backdated_and_same_day_changes_and_retractions():
    admin = factories.UserFactory(role="admin")
    d = date
    rec = factories.RecommendationFactory(
        addressees=("us_government",), first_status="proposed", effective_on=d(2023, 4, 1),
        history=[(d(2023, 9, 1), "in_progress", "Steps."), (d(2024, 1, 1), "implemented", "Done.")])
    first, steps, done = sorted(rec.status_changes, key=lambda c: c.effective_on)
    assert [first.previous_status, steps.previous_status, done.previous_status] == \
        [None, "proposed", "in_progress"]
    # Backdated between the first two: the later entry now follows it.
    (studied,) = record_status_change(rec, "under_consideration", d(2023, 7, 1), "Backdated.")
    assert (studied.previous_status, steps.previous_status) == ("proposed", "under_consideration")
    # Same day as an existing entry: recorded later, so it comes after it.
    (same_day,) = record_status_change(rec, "not_adopted", d(2023, 9, 1), "Same day.")
    assert (same_day.previous_status, done.previous_status) == ("in_progress", "not_adopted")
    # Retracting an entry in the middle links its neighbours; it and the retraction get None.
    retraction = retract_status_change(same_day, "Wrong.", user=admin)
    assert (done.previous_status, same_day.previous_status, retraction.previous_status) == \
        ("in_progress", None, None)
    # Retracting the first entry: the next one becomes the first.
    retract_status_change(first, "Wrong start.", user=admin)
    assert studied.previous_status is None
    db.session.commit()
    assert _stored() == _derived() == _by_hand([rec])


def test_random_histories_match_the_derived_lag():
    rng = random.Random(5)
    admin = factories.UserFactory(role="admin")
    recs = [factories.RecommendationFactory(first_status="proposed", effective_on=date(2023, 1, 1),
                                            addressees=("us_government",))
            for _ in range(4)]
    for _ in range(60):
        rec = rng.choice(recs)
        active = active_changes(rec)
        try:
            if rng.random() < 0.25 and len(active) > 1:
                retract_status_change(rng.choice(active), "Wrong.", user=admin)
            else:
                day = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 700))
                record_status_change(rec, rng.choice(statuses.KEYS), day, "A change.")
        except RuleViolation:
            continue  # already in force that day: nothing written
        db.session.commit()
    assert _stored() == _derived() == _by_hand(recs)


def test_no_audit_entry_for_the_derived_column():
    rec = factories.RecommendationFactory(
        addressees=("us_government",), first_status="proposed", effective_on=date(2023, 4, 1),
        history=[(date(2023, 9, 1), "in_progress", "Steps.")])
    before = db.session.execute(select(db.func.count(AuditLog.id))).scalar_one()
    record_status_change(rec, "under_consideration", date(2023, 7, 1), "Backdated.")
    db.session.commit()
    actions = db.session.execute(
        select(AuditLog.action, AuditLog.object_type, AuditLog.after).order_by(AuditLog.id)
        .offset(before)).all()
    assert [(a, t) for a, t, _ in actions if t == "StatusChange"] == [("status_change", "StatusChange")]
    assert all("previous_status" not in (after or {}) for *_, after in actions)


def test_bulk_loads_fill_it():
    admin = factories.UserFactory(role="admin")
    seed_synthetic(60)
    rec = factories.RecommendationFactory(
        addressees=("us_government",), first_status="proposed", effective_on=date(2023, 4, 1),
        history=[(date(2023, 9, 1), "in_progress", "Steps."),
                 (date(2023, 10, 1), "implemented", "Done.")])
    retract_status_change(rec.status_changes[1], "Wrong.", user=admin)
    db.session.commit()
    expected = _stored()
    assert any(expected.values())
    assert expected == _derived()
    # A backup without the column (made before it existed) gets it back when loaded.
    doc = backup.dump(with_secrets=True)
    for row in doc["tables"]["status_change"]:
        del row["previous_status"]
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    backup.load(doc)
    db.session.commit()
    assert _stored() == expected
    # And the bulk refresh puts back whatever a wrong value was.
    db.session.execute(update(StatusChange.__table__).values(previous_status="draft"))
    refresh_previous_statuses()
    assert _stored() == expected
