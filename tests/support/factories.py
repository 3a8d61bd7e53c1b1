"""factory-boy factories for every model, bound to the app's session.

Factories commit, so what they create is visible to requests made by the test client.
Recommendations get a reference from the real allocator and a first status entry through
the real status service, so their derived status fields are always consistent.
"""

from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory

from tracker import models
from tracker.extensions import db
from tracker.services.recommendations.records import create_recommendation
from tracker.services.recommendations.status import record_status_change, retract_status_change

DEFAULT_PASSWORD = "correct horse battery"


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class LineOfEffortFactory(BaseFactory):
    class Meta:
        model = models.LineOfEffort

    slug = factory.Sequence(lambda n: f"line-{n}")
    name_en = factory.Sequence(lambda n: f"Line of effort {n}")
    name_ja = factory.Sequence(lambda n: f"取り組み分野{n}")


class TopicAreaFactory(BaseFactory):
    class Meta:
        model = models.TopicArea

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_ja = factory.Sequence(lambda n: f"テーマ{n}")
    line_of_effort = factory.SubFactory(LineOfEffortFactory)
    parent = None


class EventFactory(BaseFactory):
    class Meta:
        model = models.Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = "roundtable"
    title_en = factory.Sequence(lambda n: f"Roundtable {n}")
    title_ja = factory.Sequence(lambda n: f"円卓会議{n}")
    starts_on = date(2023, 3, 1)
    location = "Washington, DC"
    line_of_effort = factory.SubFactory(LineOfEffortFactory)


class PublicationFactory(BaseFactory):
    class Meta:
        model = models.Publication

    slug = factory.Sequence(lambda n: f"publication-{n}")
    kind = "roundtable_report"
    title_en = factory.Sequence(lambda n: f"Report {n}")
    title_ja = None
    published_on = date(2023, 4, 1)
    url = factory.Sequence(lambda n: f"https://spfusa.org/publications/report-{n}")
    authors = "NEXT Alliance Initiative"
    event = None


class UserFactory(BaseFactory):
    class Meta:
        model = models.User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Sequence(lambda n: f"User {n}")
    role = "researcher"
    active = True

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            db.session.commit()


class ApiTokenFactory(BaseFactory):
    class Meta:
        model = models.ApiToken

    partner = factory.Sequence(lambda n: f"Partner {n}")
    token_hash = factory.Sequence(lambda n: models.hash_token(f"token-{n}"))
    prefix = factory.Sequence(lambda n: f"nxt_{n:08d}")


class RecommendationFactory(factory.Factory):
    """Builds through ``services.recommendations.create_recommendation``.

    Extra keyword ``history``: a list of ``(date, status, note)`` recorded after the first
    entry, on every track. ``first_status``/``effective_on`` set the first entry. The
    addressees default to the two governments (two tracks).
    """

    class Meta:
        model = models.Recommendation

    title_en = factory.Sequence(lambda n: f"Strengthen alliance coordination {n}")
    title_ja = None
    text_en = "Both governments should *coordinate* more closely."
    text_ja = None
    topic = factory.SubFactory(TopicAreaFactory)
    publication = factory.SubFactory(PublicationFactory)
    event = None
    addressees = ("us_government", "government_of_japan")
    priority = False
    internal_notes = None
    first_status = "proposed"
    effective_on = date(2023, 4, 1)
    public_note = "Published in the report."
    history = ()

    @classmethod
    def _create(cls, model_class, *args, history=(), **kwargs):
        rec = create_recommendation(**kwargs)
        for day, status, note in history:
            record_status_change(rec, status, day, note)
        db.session.commit()
        return rec

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("RecommendationFactory only creates (it needs the database)")


class StatusChangeFactory(factory.Factory):
    """A status change recorded through ``services.status.record_status_change``, so the
    recommendation's derived fields (status, since, regressed, each entry's previous
    status) stay right. ``recommendation`` defaults to a new one (proposed on 2023-04-01);
    ``user`` (who recorded it) to nobody; ``tracks`` (addressees) to every track. Returns
    the entry of the first track recorded.

    With ``retracts=<entry>`` it records a retraction of that entry instead (through
    ``retract_status_change``; ``public_note`` is the reason, ``user`` defaults to a new
    admin)."""

    class Meta:
        model = models.StatusChange

    retracts = None
    recommendation = factory.Maybe(
        "retracts",
        yes_declaration=factory.SelfAttribute("retracts.recommendation"),
        no_declaration=factory.SubFactory(RecommendationFactory),
    )
    to_status = "under_consideration"
    effective_on = date(2023, 6, 1)
    public_note = "The addressee acknowledged it."
    internal_note = None
    evidence_urls = ()
    user = None

    @classmethod
    def _create(cls, model_class, *args, recommendation, retracts=None, user=None,
                to_status, effective_on, public_note, **kwargs):
        if retracts is not None:
            change = retract_status_change(
                retracts, public_note, user=user or UserFactory(role="admin"))
        else:
            change = record_status_change(recommendation, to_status, effective_on, public_note,
                                          user=user, **kwargs)[0]
        db.session.commit()
        return change

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("StatusChangeFactory only creates (it needs the database)")


class LoginAttemptFactory(BaseFactory):
    class Meta:
        model = models.LoginAttempt

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    address = "127.0.0.1"


class UserSessionFactory(BaseFactory):
    class Meta:
        model = models.UserSession

    id_hash = factory.Sequence(lambda n: models.hash_token(f"session-{n}"))
    user_id = factory.LazyFunction(lambda: UserFactory().id)


class SavedViewFactory(BaseFactory):
    class Meta:
        model = models.SavedView

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    name = factory.Sequence(lambda n: f"View {n}")
    query = "status=proposed&priority=1"
