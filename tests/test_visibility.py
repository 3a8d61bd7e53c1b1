"""Visibility rule (tracker/services/queries/visibility.py): the Python check and the SQL clause
agree, for every case that makes a recommendation not public."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.support import factories
from tracker.extensions import db
from tracker.models import Recommendation, utcnow
from tracker.services import clock
from tracker.services.queries.visibility import is_public, public_clause


def _public_ids(today=None) -> set[int]:
    return set(db.session.execute(select(Recommendation.id).where(public_clause(today))).scalars())


def _make(case: str) -> Recommendation:
    today = clock.today()
    if case == "public":
        return factories.RecommendationFactory()
    if case == "published_today":
        return factories.RecommendationFactory(publication__published_on=today)
    if case == "draft":
        return factories.RecommendationFactory(first_status="draft")
    if case == "no_publication":
        return factories.RecommendationFactory(publication=None)
    if case == "unpublished":
        return factories.RecommendationFactory(publication__published_on=None)
    if case == "future_publication":
        return factories.RecommendationFactory(publication__published_on=today + timedelta(days=1))
    if case == "archived":
        rec = factories.RecommendationFactory()
        rec.archived_at = utcnow()
        db.session.commit()
        return rec
    raise AssertionError(case)


@pytest.mark.parametrize(
    ("case", "public"),
    [
        ("public", True),
        ("published_today", True),
        ("draft", False),
        ("no_publication", False),
        ("unpublished", False),
        ("future_publication", False),
        ("archived", False),
    ],
)
def test_visibility(case, public):
    rec = _make(case)
    other = factories.RecommendationFactory()  # a public neighbour, so the clause is not vacuous
    assert is_public(rec) is public
    assert _public_ids() == ({rec.id, other.id} if public else {other.id})


def test_visibility_as_of_a_past_day():
    rec = factories.RecommendationFactory(publication__published_on=date(2024, 6, 1))
    assert not is_public(rec, date(2024, 5, 31))
    assert rec.id not in _public_ids(date(2024, 5, 31))
    assert is_public(rec, date(2024, 6, 1))
    assert rec.id in _public_ids(date(2024, 6, 1))


def test_draft_becomes_public_when_proposed():
    from tracker.services.recommendations.status import record_status_change

    rec = factories.RecommendationFactory(first_status="draft", effective_on=date(2023, 3, 1))
    assert not is_public(rec)
    record_status_change(rec, "proposed", date(2023, 4, 1), "Published.")
    db.session.commit()
    assert is_public(rec)
    assert rec.id in _public_ids()
