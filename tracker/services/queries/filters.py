"""The recommendation filter applied in SQL: the one place, for every surface.

The filter itself (``tracker.domain.filters.RecommendationFilter``) is parsed once per
request by ``parse(args, mode)`` (the staff list, the boards, the staff exports and the
API; ``SqlVocabulary`` answers its name lookups). ``clauses(filter)`` gives the SQL
conditions on ``Recommendation`` for it; ``apply`` adds them to any select; ``query``
returns one sorted page of the staff list. Used by the staff list and its exports, every
board (``services.boards``), the API (``services.public_api``) and the topic feed.
"""

from collections.abc import Mapping
from datetime import date

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import selectinload

from ...domain import filters as domain
from ...domain import statuses
from ...domain.filters import STAFF, RecommendationFilter
from ...extensions import db
from ...models import (
    ADDRESSEES,
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    RecommendationAddressee,
    StatusChange,
    TopicArea,
)
from .. import clock
from ..recommendations.status import retracted_ids, stale_clause, status_as_of_subquery
from . import text_search, topic_tree
from .pages import Page, paginate
from .visibility import public_clause

SORTS = domain.STAFF_SORTS
DEFAULT_SORT = domain.DEFAULT_SORT[STAFF]
MAX_Q_LENGTH = domain.MAX_Q_LENGTH
FLAGS = domain.FLAGS
R = Recommendation


class SqlVocabulary:
    """``domain.filters.Vocabulary`` over the database: one small query per name given
    (nothing is loaded for parameters that are absent). ``public_on``: only statuses and
    publications partners may see on that day (the API's vocabulary)."""

    def __init__(self, public_on: date | None = None):
        self.public_on = public_on
        self.statuses = tuple(k for k in statuses.KEYS if public_on is None or k != statuses.DRAFT)
        self.addressees = tuple(ADDRESSEES)

    def topic_ids(self, slug: str) -> tuple[int, ...] | None:
        return topic_tree.ids_by_slug(slug)

    def _id(self, model, slug: str, *extra) -> int | None:
        return db.session.execute(select(model.id).where(model.slug == slug, *extra)).scalar()

    def line_id(self, slug: str) -> int | None:
        return self._id(LineOfEffort, slug)

    def event_id(self, slug: str) -> int | None:
        return self._id(Event, slug)

    def publication_id(self, slug: str) -> int | None:
        if self.public_on is None:
            return self._id(Publication, slug)
        return self._id(Publication, slug, Publication.published_on.is_not(None),
                        Publication.published_on <= self.public_on)

    def first_record_date(self) -> date | None:
        return db.session.execute(select(func.min(StatusChange.effective_on))).scalar_one_or_none()


def parse(args: Mapping, mode: str = STAFF, vocabulary=None) -> RecommendationFilter:
    """``domain.filters.parse`` with the database's vocabulary and today's date."""
    today = clock.today()
    if vocabulary is None:
        vocabulary = SqlVocabulary(public_on=today if mode == domain.API else None)
    return domain.parse(args, vocabulary, mode=mode, today=today)


class RecommendationFilters:
    """The staff list's former parser name: ``from_args(args)`` is ``parse(args)``."""

    from_args = staticmethod(parse)


def text_clause(q: str, scope: str = "staff") -> "text_search.TextMatch":
    """The ``q`` words as SQL conditions, answered by the search index (``scope`` staff:
    every indexed field; public: public fields only); see ``services.text_search.match``.
    Falls back to a plain word filter, with a notice, when the index cannot be used.

    :raise text_search.SearchQueryError: the words cannot be parsed (message for the user).
    """
    return text_search.match(q, scope=scope)


def clauses(f: RecommendationFilter, text: "text_search.TextMatch | None" = None,
            status_column=None) -> list:
    """SQL conditions on ``Recommendation`` for ``f``; archived recommendations are always
    left out. ``text`` is ``text_clause(f.q)`` when the caller has it (the staff scope is
    computed here otherwise). With ``f.as_of`` the status filter is on the status in force
    that day and only recommendations with a status by then match: on ``status_column``
    when the caller joined that status, else through ``status_as_of_subquery``. With
    ``f.addressee`` and ``f.status`` together the status is that track's
    (``track_status_select``), not the overall one.

    :raise text_search.SearchQueryError: ``f.q`` cannot be parsed.
    """
    out = [R.archived_at.is_(None)]
    if f.addressee and f.status:
        out.append(R.id.in_(track_status_select(f.addressee, f.status, f.as_of)))
    elif f.as_of is not None and status_column is None:
        as_of = status_as_of_subquery(f.as_of)
        had = select(as_of.c.recommendation_id)
        out.append(R.id.in_(had.where(as_of.c.status.in_(f.status)) if f.status else had))
    elif f.status:
        out.append((R.status if status_column is None else status_column).in_(f.status))
    if f.topic_ids is not None:
        out.append(R.topic_id.in_(f.topic_ids))
    if f.line_id is not None:
        out.append(R.topic_id.in_(select(TopicArea.id).where(TopicArea.line_of_effort_id == f.line_id)))
    if f.addressee and not f.status:
        out.append(R.id.in_(select(RecommendationAddressee.recommendation_id)
                            .where(RecommendationAddressee.addressee == f.addressee)))
    if f.event_id is not None:
        out.append(R.event_id == f.event_id)
    if f.publication_id is not None:
        out.append(R.publication_id == f.publication_id)
    if f.year is not None:
        out.append(R.publication_id.in_(select(Publication.id).where(
            Publication.published_on >= date(f.year, 1, 1),
            Publication.published_on < date(f.year + 1, 1, 1))))
    if f.priority is not None:
        out.append(R.priority.is_(f.priority))
    if f.stale:
        out.append(stale_clause())
    if f.regressed:
        out.append(R.regressed.is_(True))
    if f.public:
        out.append(public_clause())
    if f.moved_since is not None:
        out.append(R.id.in_(moved_since_select(f.moved_since)))
    if f.updated_since is not None:
        out.append(R.updated_at >= f.updated_since)
    if f.q:
        out.extend((text or text_clause(f.q)).conditions)
    return out


def track_status_select(addressee: str, wanted, as_of: date | None = None) -> Select:
    """Ids of recommendations whose track ``addressee`` has one of the statuses ``wanted``
    (on ``as_of``, when given): the same track, not any track (``?addressee=X&status=Y``)."""
    if as_of is None:
        return select(RecommendationAddressee.recommendation_id).where(
            RecommendationAddressee.addressee == addressee,
            RecommendationAddressee.status.in_(wanted))
    then = status_as_of_subquery(as_of, track=addressee)
    return select(then.c.recommendation_id).where(then.c.status.in_(wanted))


def moved_since_select(day: date, until: date | None = None) -> Select:
    """Ids of recommendations that moved (an active status change from one status to a
    different one; retracted entries and first entries do not count) effective from
    ``day`` to ``until`` (default today), both included."""
    return (
        select(StatusChange.recommendation_id)
        .where(StatusChange.kind == "change", StatusChange.id.not_in(retracted_ids()),
               StatusChange.previous_status.is_not(None),
               StatusChange.previous_status != StatusChange.to_status,
               StatusChange.effective_on >= day,
               StatusChange.effective_on <= (until or clock.today()))
    )


def apply(f: RecommendationFilter, stmt: Select,
          text: "text_search.TextMatch | None" = None) -> Select:
    """``stmt`` (a select involving ``Recommendation``) narrowed by ``clauses(f, text)``.

    :raise text_search.SearchQueryError: ``f.q`` cannot be parsed.
    """
    return stmt.where(*clauses(f, text))


def order_by(sort: str) -> tuple:
    lifecycle = case({key: i for i, key in enumerate(statuses.KEYS)}, value=Recommendation.status)
    return {
        "-changed": (Recommendation.status_changed_at.desc().nullslast(), Recommendation.id.desc()),
        "changed": (Recommendation.status_changed_at.asc().nullsfirst(), Recommendation.id.asc()),
        "reference": (Recommendation.reference.asc(),),
        "-reference": (Recommendation.reference.desc(),),
        "status": (lifecycle, Recommendation.reference.asc()),
    }[sort]


def query(filters: RecommendationFilter, per_page: int = 25,
          text: "text_search.TextMatch | None" = None) -> Page:
    """One page of matching recommendations (topic loaded) and the total. A page past the
    end gives the last page.

    :raise text_search.SearchQueryError: ``filters.q`` cannot be parsed.
    """
    return paginate(apply(filters, select(Recommendation), text), filters.page, per_page,
                    order_by=order_by(filters.sort),
                    options=(selectinload(Recommendation.topic),), clamp=True)


def filter_options(topic_label=lambda t: t.path_en) -> dict:
    """Choices for the filter form: topics (as paths, named by ``topic_label``), lines,
    events, publications."""
    topics = db.session.execute(select(TopicArea).options(selectinload(TopicArea.parent))).scalars().all()
    return {
        "topics": sorted(((t.slug, topic_label(t)) for t in topics), key=lambda pair: pair[1].lower()),
        "lines": db.session.execute(select(LineOfEffort.slug, LineOfEffort.name_en, LineOfEffort.name_ja)
                                    .order_by(LineOfEffort.position, LineOfEffort.name_en)).all(),
        "events": db.session.execute(select(Event.slug, Event.title_en, Event.title_ja, Event.starts_on)
                                     .order_by(Event.starts_on.desc())).all(),
        "publications": db.session.execute(
            select(Publication.slug, Publication.title_en, Publication.title_ja, Publication.published_on)
            .order_by(Publication.published_on.desc().nullsfirst())).all(),
        "addressees": list(ADDRESSEES.items()),
        "sorts": list(SORTS.items()),
    }
