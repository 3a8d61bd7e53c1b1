"""The pure rules in ``tracker.domain`` (status rule, visibility, policies) say what the
product does, and the surfaces that used their own copies now follow them."""

import csv
import io
from datetime import date
from types import SimpleNamespace

import pytest

from tests.support import factories
from tracker.domain import policies, status_rule, visibility
from tracker.domain.status_rule import Entry
from tracker.extensions import db
from tracker.services.dataio import exporter
from tracker.services.recommendations.status import record_status_change

D = date


def test_status_rule_backdating_same_day_ties_and_retractions():
    t1, t2 = "2024-01-01T00:00:00", "2024-01-02T00:00:00"
    history = [
        Entry(1, "proposed", D(2024, 1, 1), t1),
        Entry(2, "implemented", D(2024, 3, 1), t1),
        Entry(3, "in_progress", D(2024, 2, 1), t2),  # backdated: lands before implemented
        Entry(4, "under_consideration", D(2024, 3, 1), t1),  # same day, same stamp: id wins
        Entry(5, None, D(2024, 5, 1), t2, kind="retraction", retracts_id=2),
    ]
    assert status_rule.status_on(history, D(2023, 12, 31)) is None
    assert status_rule.status_on(history, D(2024, 2, 15)) == "in_progress"
    assert status_rule.current_status(history) == "under_consideration"
    derived = status_rule.derive(history)
    assert (derived.since, derived.previous, derived.regressed) == \
        (D(2024, 3, 1), "in_progress", True)
    # Without the retraction, implemented (id 2) came before under_consideration (id 4).
    assert status_rule.previous_status(history[:4]) == "implemented"
    assert status_rule.current_status([]) == "draft"


def test_same_status_twice_keeps_the_earlier_since():
    history = [Entry(1, "proposed", D(2024, 1, 1)), Entry(2, "in_progress", D(2024, 2, 1)),
               Entry(3, "in_progress", D(2024, 4, 1))]
    assert status_rule.derive(history).since == D(2024, 2, 1)
    assert status_rule.derive(history).previous == "proposed"


@pytest.mark.parametrize(("status", "since", "stale"), [
    ("proposed", D(2024, 1, 1), True),
    ("proposed", D(2024, 1, 2), False),  # exactly STALE days ago: not yet
    ("implemented", D(2020, 1, 1), False),  # closed: never stale
    ("draft", D(2020, 1, 1), False),
    ("in_progress", None, False),
])
def test_is_stale(status, since, stale):
    today = D(2024, 1, 12)
    assert status_rule.is_stale(status, since, today, 10) is stale


def test_is_regressed_follows_the_lifecycle_order():
    assert status_rule.is_regressed("implemented", "in_progress")
    assert status_rule.is_regressed("implemented", "not_adopted")
    assert not status_rule.is_regressed("not_adopted", "proposed")
    assert not status_rule.is_regressed(None, "draft")


@pytest.mark.parametrize(("status", "archived", "published", "public"), [
    ("proposed", False, D(2024, 1, 1), True),
    ("proposed", False, D(2024, 1, 2), True),  # published today
    ("proposed", False, D(2024, 1, 3), False),
    ("proposed", False, None, False),
    ("draft", False, D(2024, 1, 1), False),
    ("implemented", True, D(2024, 1, 1), False),
])
def test_is_public(status, archived, published, public):
    assert visibility.is_public(status, archived, published, D(2024, 1, 2)) is public


def _user(role, user_id=1):
    return SimpleNamespace(role=role, id=user_id, is_authenticated=True)


def test_policies_by_role():
    admin, researcher, leadership = _user("admin"), _user("researcher", 2), _user("leadership", 3)
    anonymous = SimpleNamespace(is_authenticated=False)
    table = {
        check.__name__: [check(u) for u in (admin, researcher, leadership, anonymous, None)]
        for check in (policies.can_view_staff, policies.can_edit, policies.can_import,
                      policies.can_admin, policies.can_manage_tokens)
    }
    assert table == {
        "can_view_staff": [True, True, True, False, False],
        "can_edit": [True, True, False, False, False],
        "can_import": [True, True, False, False, False],
        "can_admin": [True, False, False, False, False],
        "can_manage_tokens": [True, False, False, False, False],
    }
    by_researcher = SimpleNamespace(recorded_by_id=2)
    assert policies.can_retract(admin, by_researcher)
    assert policies.can_retract(researcher, by_researcher)
    assert not policies.can_retract(_user("researcher", 9), by_researcher)
    assert not policies.can_retract(_user("leadership", 2), by_researcher)
    assert not policies.can_retract(researcher, SimpleNamespace(recorded_by_id=None))


def test_user_model_flags_follow_the_policies():
    for role in ("admin", "researcher", "leadership"):
        user = factories.UserFactory(role=role)
        assert (user.can_edit, user.is_admin) == (policies.can_edit(user), policies.can_admin(user))


def test_staff_export_gives_the_note_of_the_entry_that_set_the_status():
    """Regression: proposed, then under consideration, then proposed again, all on one
    day: the export's status note was the first entry's, not the one in force."""
    rec = factories.RecommendationFactory(first_status="proposed", effective_on=D(2024, 1, 5),
                                          public_note="First proposed.")
    record_status_change(rec, "under_consideration", D(2024, 1, 5), "Acknowledged.")
    record_status_change(rec, "proposed", D(2024, 1, 5), "Acknowledgement withdrawn.")
    db.session.commit()
    rows = list(csv.DictReader(io.StringIO(exporter.export_staff("csv").decode("utf-8-sig"))))
    assert [(r["us_status"], r["us_status_date"], r["japan_status"], r["status_note"]) for r in rows] == \
        [("proposed", "2024-01-05", "proposed", "Acknowledgement withdrawn.")]
