"""Read-only queries for partners (the JSON API and the feeds): public data only.

Every query here starts from ``services.visibility`` (public now) and selects an explicit
list of public columns, so internal notes, internal status notes, users and tokens are
never even loaded. Rows come back as SQLAlchemy ``Row`` objects with the labels below;
``tracker.api.serializers`` turns them into JSON shapes.

The list's filter arrives parsed and checked (``services.filters.parse(args, API)``: the
same parser and SQL as every other surface); ``q`` words the index cannot parse and an
unknown feed topic raise ``RuleViolation`` naming the parameter.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Date, and_, bindparam, func, literal_column, or_, select

from ...domain import partner_fields, statuses
from ...domain.filters import RecommendationFilter
from ...extensions import db
from ...models import (
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    StatusChange,
    TopicArea,
)
from .. import clock
from ..errors import RuleViolation
from ..queries import filters as filters_service
from ..queries import text_search, topic_tree, visibility
from ..queries.pages import first_row
from ..queries.status_sql import status_as_of_subquery
from . import data_version, filter_shapes, public_ids, side_reads
from .public_catalog import events, lines_of_effort, publications, topics  # noqa: F401
from .public_stats import PUBLIC_STATUSES, stats  # noqa: F401
from .public_tracks import TrackView, public_histories, public_history, tracks_of  # noqa: F401

R, T, L, E, P = Recommendation, TopicArea, LineOfEffort, Event, Publication
FEW_MATCHES = 500  # words matching at most this many records: a narrow filter (_page_plan)
SORTS = {
    "reference": (R.reference.asc(), R.id.asc()),
    "updated_at": (R.updated_at.asc(), R.id.asc()),
    "-updated_at": (R.updated_at.desc(), R.id.desc()),
}


@dataclass
class RecommendationPage:
    rows: list
    addressees: dict[int, list[str]] = field(default_factory=dict)
    supersedes: dict[int, str] = field(default_factory=dict)
    total: int = 0
    # Recommendation id -> its tracks (governments first) and its public history (every
    # track, oldest first); loaded in batches by ``_attach_related``.
    tracks: dict[int, list[TrackView]] = field(default_factory=dict)
    histories: dict[int, list] = field(default_factory=dict)
    as_of: date | None = None
    connection: object = field(default=None, repr=False, compare=False)  # what read it


def _read(statement, params: dict | None = None, conn=None):
    """Run a read-only column ``statement`` on the session's connection (same transaction)
    without the ORM execution layer: these statements select columns, never entities, so
    the rows are the same, and on the API's hot paths the ORM layer cost more than SQLite.
    Nothing is pending in a GET request's session, so nothing to autoflush. ``conn``: that
    connection, when the caller already has it (a request's statements ask for it once)."""
    return (conn or db.session.connection()).execute(statement, params)


# --- the text filter ------------------------------------------------------------------


def text_match(q: str) -> text_search.TextMatch:
    """The ``q`` full-text filter: SQL conditions on ids from the search index, searched
    in its public fields only (``scope="public"``), so a record can never be found
    through internal text; visibility is still applied by the caller. Falls back to a
    word filter over public columns when the index cannot be used.

    :raise RuleViolation: (parameter ``q``) the words cannot be parsed.
    """
    try:
        return filters_service.text_clause(q, scope="public")
    except text_search.SearchQueryError as exc:
        raise RuleViolation(str(exc), "q") from None


def text_match_clause(q: str) -> list:
    """The conditions of ``text_match(q)``."""
    return text_match(q).conditions


# --- lookups --------------------------------------------------------------------------


def topic_ids_with_descendants(slug: str) -> tuple[int, ...]:
    """Ids of topic ``slug`` and all its sub-topics (``queries.topic_tree``).

    :raise RuleViolation: unknown slug."""
    found = topic_tree.ids_by_slug(slug)
    if found is None:
        raise RuleViolation(f"Unknown topic {slug!r}; see /api/v1/topics.", "topic")
    return found


# --- recommendations ------------------------------------------------------------------


def _columns(status_col, since_col):
    """A recommendation row: its keys, then the columns of each field declared in
    ``partner_fields.RECOMMENDATION`` (undeclared: not loaded; unmapped: KeyError)."""
    by_field = {
        "reference": (R.reference,),
        "title": (R.title_en, R.title_ja),
        "text": (R.text_en, R.text_ja),
        "status": (status_col.label("status"),),
        "status_since": (since_col.label("status_since"),),
        "addressees": (),  # loaded by _attach_related
        "tracks": (),  # loaded by _attach_related (public_tracks)
        "priority": (R.priority,),
        "topic": (
            T.slug.label("topic_slug"), T.name_en.label("topic_name_en"),
            T.name_ja.label("topic_name_ja"),
            L.slug.label("line_slug"), L.name_en.label("line_name_en"),
            L.name_ja.label("line_name_ja"),
        ),
        "event": (
            E.slug.label("event_slug"), E.kind.label("event_kind"),
            E.title_en.label("event_title_en"), E.title_ja.label("event_title_ja"),
            E.starts_on.label("event_starts_on"),
        ),
        "publication": (
            P.slug.label("publication_slug"), P.kind.label("publication_kind"),
            P.title_en.label("publication_title_en"), P.title_ja.label("publication_title_ja"),
            P.published_on.label("publication_published_on"), P.url.label("publication_url"),
        ),
        "supersedes": (),  # R.supersedes_id, a key column
        "created_at": (R.created_at,),
        "updated_at": (R.updated_at,),
        "url": (),  # from the reference
        "html_url": (),  # from the reference
    }
    return (R.id, R.supersedes_id,
            *(column for name in partner_fields.RECOMMENDATION.names for column in by_field[name]))


def _filtered(query, filters: RecommendationFilter, today: date, text: list | None = None):
    """Apply visibility and the filters (``services.filters.clauses``, the same SQL as
    every other surface) to ``query`` (which selects from Recommendation); ``text`` is
    ``text_match_clause(filters.q)`` when the caller already has it."""
    query = query.where(visibility.public_clause(today))
    status_col, since_col = R.status, R.status_since
    if filters.as_of is not None:
        as_of = status_as_of_subquery(filters.as_of)
        query = query.join(as_of, as_of.c.recommendation_id == R.id).where(
            as_of.c.status != statuses.DRAFT, visibility.published_by_clause(filters.as_of)
        )
        status_col, since_col = as_of.c.status, as_of.c.effective_on
    if filters.q and text is None:
        text = text_match_clause(filters.q)
    match = text_search.TextMatch(text) if filters.q else None
    return query.where(*filters_service.clauses(filters, match, status_col)), status_col, since_col


def _after(sort: str, key, rec_id: int):
    """Keyset condition: rows after ``(key, rec_id)`` in ``sort`` order (ties by id)."""
    column = R.reference if sort == "reference" else R.updated_at
    if sort.startswith("-"):
        return or_(column < key, and_(column == key, R.id < rec_id))
    return or_(column > key, and_(column == key, R.id > rec_id))


def _page_plan(filters: RecommendationFilter, match: text_search.TextMatch | None,
               text: list | None, few_words: bool) -> tuple[tuple, list | None]:
    """``(order_by, text conditions)``: the same rows in the same order, written so
    that SQLite finds them the cheap way. In reference order a narrow filter (topic, line,
    event, publication, or at most ``FEW_MATCHES`` word matches: ``few_words``) orders by
    ``reference || ''``: its matches are found by the filter's index and sorted (a topic ×
    status page: ~1 ms), not by walking the whole reference index (~7 ms). Many word
    matches are the other way round: ``id + 0`` keeps SQLite from looking up and sorting
    all of them (7,000 at 10k: ~12 ms) instead of walking the reference index to the first
    50 (~3 ms)."""
    if filters.sort != "reference":
        return SORTS[filters.sort], text
    if (filters.topic_ids is not None or filters.line_id is not None or few_words
            or filters.event_id is not None or filters.publication_id is not None):
        return (R.reference.op("||")(literal_column("''")).asc(), R.id.asc()), text
    if match is not None and match.ids is not None and db.session.get_bind().dialect.name == "sqlite":
        text = [text_search.id_in(R.id + 0, match.ids)]
    return SORTS[filters.sort], text


def sort_key(sort: str, row):
    """The value of ``row`` (a listed row) that ``sort`` orders by (for keyset cursors)."""
    return row.reference if sort == "reference" else row.updated_at


_SHAPES: dict = {}  # (filter_shapes.shape, dialect, keys_only) -> (count, page) statements


#: The columns of a ``keys_only`` page: enough to find a stored body (``record_bodies``)
#: and to sort and continue a keyset walk (``sort_key``).
KEY_COLUMNS = (R.id, R.supersedes_id, R.reference, R.updated_at)


def _statements(filters: RecommendationFilter, today, match, few_words: bool,
                keys_only: bool = False):
    """The count and the (unlimited) page statements of ``filters`` on ``today`` (a date or
    a bound parameter), ``match`` being ``text_match(filters.q)`` (see ``_page_plan``);
    ``keys_only``: the page selects ``KEY_COLUMNS`` only."""
    text = match.conditions if match else None
    counted, _, _ = _filtered(select(func.count(R.id)).select_from(R), filters, today, text)
    order_by, page_text = _page_plan(filters, match, text, few_words)
    query, status_col, since_col = _filtered(select(R.id).select_from(R), filters, today, page_text)
    query = query.with_only_columns(*(KEY_COLUMNS if keys_only else _columns(status_col, since_col)))
    return counted, _with_catalog(query).order_by(*order_by)


def _with_catalog(query):
    """``query`` on ``Recommendation`` joined to its topic, line of effort, event and
    publication (the tables ``_columns`` reads)."""
    return (query.join(T, T.id == R.topic_id).join(L, L.id == T.line_of_effort_id)
            .outerjoin(E, E.id == R.event_id).join(P, P.id == R.publication_id))


def _bound_match(match: text_search.TextMatch | None) -> text_search.TextMatch | None:
    """``match`` with its ids as the bound parameter ``q_ids`` (``filter_shapes``)."""
    if match is None:
        return None
    ids = filter_shapes.Bound("q_ids", type_=text_search.ids_type())
    return text_search.TextMatch([text_search.id_in(R.id, ids)], ids=ids)


def list_recommendations(filters: RecommendationFilter, page: int, per_page: int,
                         after: tuple | None = None, keys_only: bool = False) -> RecommendationPage:
    """One page of public recommendations, in ``filters.sort`` order (ties by id), and the
    total. With ``as_of`` the status is the one in force that day and only recommendations
    public by then (and still public now) are listed.

    ``after`` = ``(sort key, id)`` of the last row a partner has (``()``: none yet): keyset
    pagination, the ``per_page + 1`` rows after it (``page`` ignored; the extra row tells
    whether there is more). A row that does not change during a walk comes exactly once.

    ``keys_only``: rows of ``KEY_COLUMNS`` and nothing attached, for a caller that reads
    the stored bodies (``record_bodies``); not with ``as_of``, whose status is not stored.

    :raise RuleViolation: ``q`` words that cannot be parsed (names were checked by the
        parser).
    """
    today = clock.today()
    match = text_match(filters.q) if filters.q else None  # one index search
    few_words = match is not None and match.ids is not None and len(match.ids) <= FEW_MATCHES
    words = few_words if match is not None and match.ids else None  # bound ids (or none)
    conn = db.session.connection()
    key = filter_shapes.shape(filters, words) if after is None else None
    if key is None:
        counted, query = _statements(filters, today, match, few_words, keys_only)
        if after is None:
            query = query.limit(per_page).offset(first_row(page, per_page))
        else:
            query = (query.where(_after(filters.sort, *after)) if after else query).limit(per_page + 1)
        count_params = page_params = None
    else:  # built once per filter shape (filter_shapes): only the values are bound here
        key = (key, conn.dialect.name, keys_only)
        cached = _SHAPES.get(key)
        if cached is None:
            counted, query = _statements(filter_shapes.placeholders(filters),
                                         filter_shapes.today_parameter(), _bound_match(match),
                                         few_words, keys_only)
            cached = _SHAPES[key] = (counted, query.limit(bindparam("limit"))
                                     .offset(bindparam("offset")))
        counted, query = cached
        count_params = {**filter_shapes.values(filters), "today": today}
        if match is not None:
            count_params["q_ids"] = text_search.ids_value(match.ids)
        page_params = {**count_params, "limit": per_page, "offset": first_row(page, per_page)}
    total = None
    if filter_shapes.only_words(filters) and match is not None and match.ids is not None:
        total = public_ids.count(match.ids, today, conn)  # without a lookup per match
    if total is None:
        total = _read(counted, count_params, conn=conn).scalar_one()
    rows = _read(query, page_params, conn=conn).all()
    result = RecommendationPage(rows, total=total, as_of=filters.as_of, connection=conn)
    if not keys_only:
        _attach_related(result, rows, today, conn)
    return result


def _attach_related(result: RecommendationPage, rows, today: date, conn=None) -> None:
    """The addressees, tracks (with their histories), public history and superseded
    references of ``rows``: three queries (four with a superseded one), whatever the
    number of rows. ``conn``: the connection the rows were read on."""
    ids = [r.id for r in rows]
    if not ids:
        return
    result.histories = public_histories(ids, conn)
    result.addressees, result.tracks = tracks_of(ids, result.histories, result.as_of, conn)
    wanted = {r.supersedes_id for r in rows if r.supersedes_id}
    if wanted:
        refs = dict(_read(
            select(R.id, R.reference).where(R.id.in_(wanted), visibility.public_clause(today)),
            conn=conn,
        ).all())
        result.supersedes = {r.id: refs[r.supersedes_id] for r in rows if r.supersedes_id in refs}


def by_ids(ids: list[int], today: date | None = None, conn=None) -> RecommendationPage:
    """The public ones among ``ids`` (a row each, as the single-record endpoint reads it),
    in the order of ``ids``, with addressees, tracks, histories and superseded references."""
    today = clock.today() if today is None else today
    if not ids:
        return RecommendationPage([], connection=conn)
    query = _with_catalog(select(*_columns(R.status, R.status_since))).where(
        R.id.in_(ids), visibility.public_clause(today))
    found = {row.id: row for row in _read(query, conn=conn)}
    rows = [found[i] for i in ids if i in found]
    page = RecommendationPage(rows, total=len(rows), connection=conn)
    _attach_related(page, rows, today, conn)
    return page


@cache
def _one_statement():
    """The statement of ``get_recommendation``, built once per process (bound parameters
    ``reference`` and ``today``): building and hashing it cost more than running it."""
    return _with_catalog(select(*_columns(R.status, R.status_since))).where(
        R.reference == bindparam("reference"), visibility.public_clause(bindparam("today", type_=Date)))


def get_recommendation(reference: str) -> RecommendationPage | None:
    """The public recommendation ``reference`` (a one-row page), or None if there is no
    such public recommendation (unknown, draft, archived or not yet published alike)."""
    today = clock.today()
    conn = db.session.connection()
    rows = _read(_one_statement(), {"reference": reference.strip().upper(), "today": today},
                 conn).all()
    if not rows:
        return None
    result = RecommendationPage(rows, total=1, connection=conn)
    _attach_related(result, rows, today, conn)
    return result


_NEWEST = select(
    select(func.max(R.updated_at)).scalar_subquery(),
    select(func.max(StatusChange.recorded_at)).scalar_subquery(),
)


_modified: dict[tuple, datetime] = {}  # (data version, today, time zone) -> ``last_modified``


def _newest(conn) -> tuple:
    if conn is not None:
        return tuple(_read(_NEWEST, conn=conn).one())
    try:
        return tuple(side_reads.first(_NEWEST, {}))
    except side_reads.Unavailable:
        return tuple(_read(_NEWEST).one())


def last_modified(conn=None, version=data_version.UNREAD, today: date | None = None) -> datetime:
    """When public data last changed, at the latest: the newest recommendation edit or
    status entry, the start of today (publications become public by date), or when this
    process first saw the current data version (``data_version.changed_at``: topic, event
    and publication renames have no timestamp of their own). Each write to those tables
    gives a new data version, so the answer is kept per version and day: one query (two
    index lookups) after a write, then none. ``conn``: as for ``_read``; ``version``: the
    data version, when the caller read it before reading the data; ``today``: the request's
    day, when the caller has it."""
    if version is data_version.UNREAD:
        version = data_version.current()
    today = today or clock.today()
    zone_name = current_app.config.get("APP_TIMEZONE", clock.DEFAULT_TIMEZONE)
    key = (version, today, zone_name)
    if version is not None and (known := _modified.get(key)) is not None:
        return known
    newest, recorded = _newest(conn)
    candidates = [data_version.changed_at(version)]
    zone = ZoneInfo(zone_name)
    midnight = datetime.combine(today, time(), zone).astimezone(UTC)
    candidates += [d if d.tzinfo else d.replace(tzinfo=UTC) for d in (newest, recorded) if d]
    found = max([midnight, *candidates])
    if version is not None:
        if len(_modified) >= 16:
            _modified.clear()
        _modified[key] = found
    return found
