"""The demo data set (tracker/demo): what ``flask --app wsgi demo seed`` creates."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token_from
from tracker.demo import content, loader
from tracker.domain import statuses
from tracker.extensions import db
from tracker.models import (
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    StatusChange,
    TopicArea,
    User,
)
from tracker.services.queries.visibility import is_public
from tracker.services.recommendations.status import active_changes, derive, is_stale, status_on


@pytest.fixture
def seeded():
    summary = loader.seed_demo()
    db.session.expire_all()
    recs = db.session.execute(select(Recommendation).order_by(Recommendation.id)).scalars().all()
    return summary, recs


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_demo_data_set_has_the_promised_shape(seeded):
    summary, recs = seeded
    assert summary["recommendations"] == len(content.RECOMMENDATIONS) == len(recs) >= 60
    assert _count(LineOfEffort) == 2
    assert _count(TopicArea) >= 10
    assert db.session.execute(select(func.count()).where(TopicArea.parent_id.is_not(None))).scalar_one() > 0
    events = db.session.execute(select(Event)).scalars().all()
    assert len(events) >= 10
    assert {e.kind for e in events} >= {"roundtable", "conference", "workshop", "symposium"}
    assert min(e.starts_on.year for e in events) == 2021 and max(e.starts_on.year for e in events) >= 2025
    assert _count(Publication) >= 12
    assert {p.kind for p in db.session.execute(select(Publication)).scalars()} >= {
        "roundtable_report", "workshop_report", "scholar_article", "policy_recommendations"}
    japanese = [r for r in recs if r.title_ja or r.text_ja]
    assert len(japanese) * 4 >= len(recs)
    assert any(r.title_ja and not r.title_en for r in recs)  # Japanese-only exists too
    assert sum(len(r.status_changes) >= 3 for r in recs) >= len(recs) // 3  # multi-step histories
    assert any(r.supersedes is not None for r in recs)
    assert all(r.addressees for r in recs)
    assert {r.reference.split("-")[1] for r in recs} >= {"2022", "2023", "2024", "2025"}
    # Every situation a board shows:
    by_status = Counter(r.status for r in recs)
    assert set(by_status) >= {"draft", "proposed", "under_consideration", "in_progress", "implemented",
                              "not_adopted"}, by_status
    assert any(is_stale(r) for r in recs)
    assert any(r.regressed for r in recs)
    assert any(r.priority for r in recs)
    not_public = [r for r in recs if not is_public(r) and r.status != statuses.DRAFT]
    assert not_public, "some published-status recommendations must be in unpublished publications"
    assert any(is_public(r) for r in recs)
    retractions = db.session.execute(select(StatusChange).where(StatusChange.kind == "retraction")).scalars().all()
    assert retractions and all(r.retracts is not None for r in retractions)


def test_every_demo_history_is_consistent(seeded):
    _summary, recs = seeded
    for rec in recs:
        changes = active_changes(rec)
        derived = derive(changes)
        assert (rec.status, rec.status_since, rec.regressed) == (
            derived.status, derived.since, derived.regressed), rec.reference
        assert rec.status_changed_at == max(c.recorded_at for c in rec.status_changes)
        assert status_on(rec, changes[-1].effective_on) == rec.status
        for change in rec.status_changes:
            assert change.public_note and (change.kind == "retraction" or statuses.is_known(change.to_status))
            assert all(url.startswith(("http://", "https://")) for url in change.evidence_urls)


def test_demo_users_one_per_role_can_log_in_and_see_the_pages(seeded, app):
    _summary, recs = seeded
    users = db.session.execute(select(User)).scalars().all()
    assert sorted(u.role for u in users) == ["admin", "leadership", "researcher"]
    for email, _role, password in loader.DEMO_USERS:
        client = app.test_client()
        token = csrf_token_from(client.get("/login"))
        response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
        assert response.status_code == 302, email
        home = client.get("/").get_data(as_text=True)
        assert f"{len(recs)}</strong> recommendations" in home
    for rec in recs[:: max(1, len(recs) // 10)]:
        assert client.get(f"/recommendations/{rec.reference}").status_code == 200
