"""Every factory in tests/support/factories.py creates a valid, committed row."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.support import factories
from tracker import models
from tracker.extensions import db
from tracker.services.recommendations.status import active_changes, derive, record_status_change

SIMPLE = [
    (factories.LineOfEffortFactory, models.LineOfEffort),
    (factories.TopicAreaFactory, models.TopicArea),
    (factories.EventFactory, models.Event),
    (factories.PublicationFactory, models.Publication),
    (factories.UserFactory, models.User),
    (factories.ApiTokenFactory, models.ApiToken),
    (factories.LoginAttemptFactory, models.LoginAttempt),
    (factories.UserSessionFactory, models.UserSession),
    (factories.SavedViewFactory, models.SavedView),
]


@pytest.mark.parametrize(("factory", "model"), SIMPLE, ids=[m.__name__ for _f, m in SIMPLE])
def test_factory_creates_a_committed_row(factory, model):
    first, second = factory(), factory()
    db.session.rollback()  # committed rows survive a rollback
    assert db.session.execute(select(func.count()).select_from(model)).scalar_one() >= 2
    assert first.id != second.id
    assert db.session.get(model, first.id) is not None


def test_every_model_has_a_factory():
    covered = {model for _factory, model in SIMPLE} | {models.Recommendation, models.StatusChange,
                                                       models.RecommendationAddressee,
                                                       models.ReferenceCounter,
                                                       models.AuditLog,  # by tracker.services.accounts.audit
                                                       models.DataVersion,  # by triggers
                                                       models.BoardTally,  # by triggers
                                                       models.StatusTimeline,  # by the status service
                                                       models.SyncState}  # by tracker.listeners
    mapped = {mapper.class_ for mapper in db.Model.registry.mappers}
    assert mapped <= covered, mapped - covered


def test_topic_factory_with_parent():
    parent = factories.TopicAreaFactory(name_en="Economic security")
    child = factories.TopicAreaFactory(parent=parent, line_of_effort=parent.line_of_effort, name_en="AI")
    assert child.path_en == "Economic security › AI"
    assert parent.children == [child]


def test_user_factory_password_and_roles():
    user = factories.UserFactory(role="leadership")
    assert user.check_password(factories.DEFAULT_PASSWORD)
    assert not user.check_password("wrong")
    assert user.password_hash != factories.DEFAULT_PASSWORD
    assert (user.can_edit, user.is_admin) == (False, False)
    custom = factories.UserFactory(password="another long one")
    assert custom.check_password("another long one")


def test_api_token_issue_stores_only_the_hash():
    token, plain = models.ApiToken.issue("Partner think tank")
    db.session.add(token)
    db.session.commit()
    assert plain.startswith("nxt_") and token.prefix == plain[:12]
    assert token.token_hash == models.hash_token(plain) and plain not in token.token_hash
    assert token.is_active


def test_recommendation_factory_creates_consistent_row():
    rec = factories.RecommendationFactory(
        addressees=("us_government", "government_of_japan"),
        history=[(date(2023, 6, 1), "under_consideration", "Acknowledged.")],
    )
    db.session.expire_all()
    rec = db.session.get(models.Recommendation, rec.id)
    assert rec.reference.startswith("NEXT-")
    assert rec.addressees == ["government_of_japan", "us_government"]
    for track in ("us_government", "government_of_japan"):  # each entry on both tracks
        assert [c.to_status for c in rec.status_changes if c.addressee == track] == [
            "proposed", "under_consideration"]
    derived = derive(active_changes(rec))
    assert (rec.status, rec.status_since, rec.regressed) == (derived.status, derived.since, derived.regressed)
    assert rec.topic.line_of_effort is not None and rec.publication is not None


def test_recommendation_factory_japanese_only():
    rec = factories.RecommendationFactory(title_en=None, title_ja="輸出管理の連携強化", text_en=None,
                                          text_ja="日米両政府は連携すべきである。")
    assert rec.title == "輸出管理の連携強化"


def test_unknown_addressee_refused():
    with pytest.raises(ValueError, match="unknown addressee"):
        factories.RecommendationFactory(addressees=("martians",))
    db.session.rollback()


def test_status_change_is_made_through_the_service():
    rec = factories.RecommendationFactory(addressees=("government_of_japan",))
    (change,) = record_status_change(rec, "in_progress", date(2023, 7, 1), "Pilot.")
    db.session.commit()
    assert change.id and change.kind == "change" and change.recommendation_id == rec.id


def test_status_change_factory_goes_through_the_status_service():
    rec = factories.RecommendationFactory(first_status="proposed", effective_on=date(2023, 4, 1),
                                          addressees=("us_government",))
    done = factories.StatusChangeFactory(recommendation=rec, to_status="implemented",
                                         effective_on=date(2024, 1, 1))
    back = factories.StatusChangeFactory(recommendation=rec, to_status="in_progress",
                                         effective_on=date(2024, 3, 1))
    db.session.rollback()  # committed
    assert (rec.status, rec.status_since, rec.regressed) == ("in_progress", date(2024, 3, 1), True)
    assert (done.previous_status, back.previous_status) == ("proposed", "implemented")
    retraction = factories.StatusChangeFactory(retracts=back, public_note="Wrong entry.")
    assert retraction.kind == "retraction" and retraction.recommendation is rec
    assert (rec.status, rec.regressed) == ("implemented", False)
    assert derive(active_changes(rec)).status == "implemented"
    alone = factories.StatusChangeFactory()  # a new recommendation of its own
    assert (alone.recommendation.status, alone.previous_status) == ("under_consideration", "proposed")
