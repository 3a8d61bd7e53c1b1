"""Read-only queries for partners (the JSON API and the feeds): public data only.

Every query here starts from ``services.visibility`` (public now) and selects an explicit
list of public columns, so internal notes, internal status notes, users and tokens are
never even loaded. Rows come back as SQLAlchemy ``Row`` objects with the labels below;
``tracker.api.serializers`` turns them into JSON shapes.

Unknown slugs, statuses and bad dates raise ``RuleViolation`` naming the parameter.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Date, bindparam, func, select

from .. import statuses
from ..extensions import db
from ..models import (
    ADDRESSEES,
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    RecommendationAddressee,
    StatusChange,
    TopicArea,
)
from . import clock, text_search, visibility
from .errors import RuleViolation
from .queries.status_sql import history_order, is_active, status_as_of_subquery

R, T, L, E, P = Recommendation, TopicArea, LineOfEffort, Event, Publication
PUBLIC_STATUSES = tuple(k for k in statuses.KEYS if k != statuses.DRAFT)
SORTS = {
    "reference": (R.reference.asc(), R.id.asc()),
    "updated_at": (R.updated_at.asc(), R.id.asc()),
    "-updated_at": (R.updated_at.desc(), R.id.desc()),
}


@dataclass
class RecommendationFilters:
    """Filters of ``GET /api/v1/recommendations`` (already parsed from the query string)."""

    statuses: tuple[str, ...] = ()
    topic: str | None = None
    line_of_effort: str | None = None
    addressee: str | None = None
    publication: str | None = None
    event: str | None = None
    priority: bool | None = None
    updated_since: datetime | None = None
    as_of: date | None = None
    q: str | None = None
    sort: str = "reference"


@dataclass
class RecommendationPage:
    rows: list
    addressees: dict[int, list[str]] = field(default_factory=dict)
    supersedes: dict[int, str] = field(default_factory=dict)
    total: int = 0


def _read(statement, params: dict | None = None):
    """Run a read-only column ``statement`` on the session's connection (same transaction)
    without the ORM execution layer: these statements select columns, never entities, so
    the rows are the same, and on the API's hot paths the ORM layer cost more than SQLite.
    Nothing is pending in the session of a GET request, so there is nothing to autoflush."""
    return db.session.connection().execute(statement, params)


# --- the text filter ------------------------------------------------------------------


def text_match_clause(q: str) -> list:
    """SQL conditions for the ``q`` full-text filter: ids from the search index, searched
    in its public fields only (``scope="public"``), so a record can never be found
    through internal text; visibility is still applied by the caller. Falls back to a
    word filter over public columns when the index cannot be used.

    :raise RuleViolation: (parameter ``q``) the words cannot be parsed.
    """
    try:
        return text_search.match(q, scope="public").conditions
    except text_search.SearchQueryError as exc:
        raise RuleViolation(str(exc), "q") from None


# --- lookups --------------------------------------------------------------------------


def topic_ids_with_descendants(slug: str) -> list[int]:
    """Ids of topic ``slug`` and all its sub-topics. :raise RuleViolation: unknown slug."""
    rows = db.session.execute(select(T.id, T.slug, T.parent_id)).all()
    root = next((r.id for r in rows if r.slug == slug), None)
    if root is None:
        raise RuleViolation(f"Unknown topic {slug!r}; see /api/v1/topics.", "topic")
    children = defaultdict(list)
    for r in rows:
        children[r.parent_id].append(r.id)
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        if node not in found:
            found.append(node)
            stack.extend(children[node])
    return found


def _id_for(model, slug: str, param: str, listing: str, *extra) -> int:
    found = db.session.execute(select(model.id).where(model.slug == slug, *extra)).scalar()
    if found is None:
        raise RuleViolation(f"Unknown {param.replace('_', ' ')} {slug!r}; see /api/v1/{listing}.", param)
    return found


def _published(today: date):
    return [visibility.publication_out_clause(today, P)]


# --- recommendations ------------------------------------------------------------------


def _columns(status_col, since_col):
    return (
        R.id, R.reference, R.title_en, R.title_ja, R.text_en, R.text_ja, R.priority,
        status_col.label("status"), since_col.label("status_since"),
        R.supersedes_id, R.created_at, R.updated_at,
        T.slug.label("topic_slug"), T.name_en.label("topic_name_en"),
        T.name_ja.label("topic_name_ja"),
        L.slug.label("line_slug"), L.name_en.label("line_name_en"), L.name_ja.label("line_name_ja"),
        E.slug.label("event_slug"), E.kind.label("event_kind"), E.title_en.label("event_title_en"),
        E.title_ja.label("event_title_ja"), E.starts_on.label("event_starts_on"),
        P.slug.label("publication_slug"), P.kind.label("publication_kind"),
        P.title_en.label("publication_title_en"), P.title_ja.label("publication_title_ja"),
        P.published_on.label("publication_published_on"), P.url.label("publication_url"),
    )


def _filtered(query, filters: RecommendationFilters, today: date, text: list | None = None):
    """Apply visibility and the filters to ``query`` (which selects from Recommendation);
    ``text`` is ``text_match_clause(filters.q)`` when the caller already has it."""
    query = query.where(visibility.public_clause(today))
    if filters.as_of is not None:
        as_of = status_as_of_subquery(filters.as_of)
        query = query.join(as_of, as_of.c.recommendation_id == R.id).where(
            as_of.c.status != statuses.DRAFT, visibility.published_by_clause(filters.as_of)
        )
        status_col, since_col = as_of.c.status, as_of.c.effective_on
    else:
        status_col, since_col = R.status, R.status_since
    if filters.statuses:
        query = query.where(status_col.in_(filters.statuses))
    if filters.topic:
        query = query.where(R.topic_id.in_(topic_ids_with_descendants(filters.topic)))
    if filters.line_of_effort:
        line_id = _id_for(L, filters.line_of_effort, "line_of_effort", "lines-of-effort")
        query = query.where(R.topic_id.in_(select(T.id).where(T.line_of_effort_id == line_id)))
    if filters.addressee:
        if filters.addressee not in ADDRESSEES:
            raise RuleViolation(
                f"Unknown addressee {filters.addressee!r}; one of {', '.join(ADDRESSEES)}.",
                "addressee",
            )
        query = query.where(R.id.in_(
            select(RecommendationAddressee.recommendation_id)
            .where(RecommendationAddressee.addressee == filters.addressee)
        ))
    if filters.publication:
        pub_id = _id_for(P, filters.publication, "publication", "publications", *_published(today))
        query = query.where(R.publication_id == pub_id)
    if filters.event:
        query = query.where(R.event_id == _id_for(E, filters.event, "event", "events"))
    if filters.priority is not None:
        query = query.where(R.priority.is_(filters.priority))
    if filters.updated_since is not None:
        query = query.where(R.updated_at >= filters.updated_since)
    if filters.q:
        query = query.where(*(text if text is not None else text_match_clause(filters.q)))
    return query, status_col, since_col


def list_recommendations(filters: RecommendationFilters, page: int, per_page: int) -> RecommendationPage:
    """One page of public recommendations, in ``filters.sort`` order (ties by id), and the
    total. With ``as_of`` the status is the one in force that day and only recommendations
    public by then (and still public now) are listed.

    :raise RuleViolation: unknown topic, line of effort, addressee, publication or event,
        or ``q`` words that cannot be parsed.
    """
    today = clock.today()
    text = text_match_clause(filters.q) if filters.q else None  # one index search
    counted, _, _ = _filtered(select(func.count(R.id)).select_from(R), filters, today, text)
    total = _read(counted).scalar_one()
    query, status_col, since_col = _filtered(select(R.id).select_from(R), filters, today, text)
    query = query.with_only_columns(*_columns(status_col, since_col))
    query = (
        query.join(T, T.id == R.topic_id).join(L, L.id == T.line_of_effort_id)
        .outerjoin(E, E.id == R.event_id).join(P, P.id == R.publication_id)
        .order_by(*SORTS[filters.sort]).limit(per_page).offset((page - 1) * per_page)
    )
    rows = _read(query).all()
    result = RecommendationPage(rows, total=total)
    _attach_related(result, rows, today)
    return result


_ADDRESSEES = (
    select(RecommendationAddressee.recommendation_id, RecommendationAddressee.addressee)
    .where(RecommendationAddressee.recommendation_id.in_(bindparam("ids", expanding=True)))
    .order_by(RecommendationAddressee.addressee)
)  # built once (bound ``ids``): building an IN clause per call cost more than running it


def _attach_related(result: RecommendationPage, rows, today: date) -> None:
    ids = [r.id for r in rows]
    if not ids:
        return
    for rec_id, key in _read(_ADDRESSEES, {"ids": ids}):
        result.addressees.setdefault(rec_id, []).append(key)
    wanted = {r.supersedes_id for r in rows if r.supersedes_id}
    if wanted:
        refs = dict(_read(
            select(R.id, R.reference).where(R.id.in_(wanted), visibility.public_clause(today))
        ).all())
        result.supersedes = {r.id: refs[r.supersedes_id] for r in rows if r.supersedes_id in refs}


def _one_statement():
    """The statement of ``get_recommendation``, built once per process (bound parameters
    ``reference`` and ``today``): building and hashing it cost more than running it."""
    global _ONE
    if _ONE is None:
        _ONE = (
            select(*_columns(R.status, R.status_since))
            .join(T, T.id == R.topic_id).join(L, L.id == T.line_of_effort_id)
            .outerjoin(E, E.id == R.event_id).join(P, P.id == R.publication_id)
            .where(R.reference == bindparam("reference"),
                   visibility.public_clause(bindparam("today", type_=Date)))
        )
    return _ONE


_ONE = None


def get_recommendation(reference: str) -> RecommendationPage | None:
    """The public recommendation ``reference`` (a one-row page), or None if there is no
    such public recommendation (unknown, draft, archived or not yet published alike)."""
    today = clock.today()
    rows = _read(_one_statement(), {"reference": reference.strip().upper(), "today": today}).all()
    if not rows:
        return None
    result = RecommendationPage(rows, total=1)
    _attach_related(result, rows, today)
    return result


def _history_statement():
    S = StatusChange
    return (
        select(S.id, S.to_status, S.effective_on, S.public_note, S.evidence_urls, S.recorded_at)
        .where(S.recommendation_id == bindparam("recommendation_id"), is_active(S, per_row=True),
               S.to_status != statuses.DRAFT)
        .order_by(*history_order(S))
    )


_HISTORY = _history_statement()


def public_history(recommendation_id: int) -> list:
    """The public status history of one recommendation: entries in force (not retracted,
    not retractions, not draft), oldest effective first (ties by recording order)."""
    return _read(_HISTORY, {"recommendation_id": recommendation_id}).all()


# --- taxonomy and sources with counts -------------------------------------------------


def _counts_by(column) -> dict:
    today = clock.today()
    return dict(db.session.execute(
        select(column, func.count(R.id)).select_from(R).join(T, T.id == R.topic_id)
        .where(visibility.public_clause(today)).group_by(column)
    ).all())


def lines_of_effort() -> list[tuple[LineOfEffort, int]]:
    counts = _counts_by(T.line_of_effort_id)
    lines = db.session.execute(select(L).order_by(L.position, L.slug)).scalars()
    return [(line, counts.get(line.id, 0)) for line in lines]


def topics() -> list[tuple[TopicArea, int, int]]:
    """Every topic with its own count of public recommendations and the count including
    its sub-topics (what ``?topic=`` matches)."""
    own = _counts_by(R.topic_id)
    rows = db.session.execute(select(T).order_by(T.slug)).scalars().all()
    children = defaultdict(list)
    for topic in rows:
        children[topic.parent_id].append(topic.id)

    def total(topic_id, seen=()):
        if topic_id in seen:
            return 0
        return own.get(topic_id, 0) + sum(total(c, (*seen, topic_id)) for c in children[topic_id])

    return [(topic, own.get(topic.id, 0), total(topic.id)) for topic in rows]


def events() -> list[tuple[Event, int]]:
    """Events that have a public recommendation or a published publication."""
    today = clock.today()
    counts = _counts_by(R.event_id)
    with_pub = set(db.session.execute(
        select(P.event_id).where(P.event_id.is_not(None), *_published(today))
    ).scalars())
    rows = db.session.execute(select(E).order_by(E.starts_on, E.slug)).scalars()
    return [(e, counts.get(e.id, 0)) for e in rows if counts.get(e.id) or e.id in with_pub]


def publications() -> list[tuple[Publication, int]]:
    """Published publications (published on or before today)."""
    counts = _counts_by(R.publication_id)
    rows = db.session.execute(
        select(P).where(*_published(clock.today())).order_by(P.published_on, P.slug)
    ).scalars()
    return [(p, counts.get(p.id, 0)) for p in rows]


def stats() -> dict:
    """Counts of public recommendations by status, by topic x status and by line of effort
    x status (the overview board's numbers, public data only)."""
    today = clock.today()
    zero = dict.fromkeys(PUBLIC_STATUSES, 0)
    by_status, by_topic, by_line = dict(zero), {}, {}
    rows = db.session.execute(
        select(T.slug, L.slug, R.status, func.count(R.id)).select_from(R)
        .join(T, T.id == R.topic_id).join(L, L.id == T.line_of_effort_id)
        .where(visibility.public_clause(today)).group_by(T.slug, L.slug, R.status)
    ).all()
    for topic_slug, line_slug, status, n in rows:
        by_status[status] += n
        by_topic.setdefault(topic_slug, dict(zero))[status] += n
        by_line.setdefault(line_slug, dict(zero))[status] += n
    return {"total": sum(by_status.values()), "by_status": by_status,
            "by_topic": by_topic, "by_line_of_effort": by_line}


_NEWEST = select(
    select(func.max(R.updated_at)).scalar_subquery(),
    select(func.max(StatusChange.recorded_at)).scalar_subquery(),
)


def last_modified() -> datetime:
    """When public data last changed, at the latest: the newest recommendation edit or
    status entry, or the start of today (publications become public by date). One query
    (two index lookups)."""
    newest, recorded = _read(_NEWEST).one()
    zone = ZoneInfo(current_app.config.get("APP_TIMEZONE", clock.DEFAULT_TIMEZONE))
    midnight = datetime.combine(clock.today(), time(), zone).astimezone(UTC)
    candidates = [d if d.tzinfo else d.replace(tzinfo=UTC) for d in (newest, recorded) if d]
    return max([midnight, *candidates])
