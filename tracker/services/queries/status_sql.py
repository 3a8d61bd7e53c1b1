"""The status rule in SQL: the one builder of the expressions that read the status history.

The rule itself is stated in :mod:`tracker.domain.status_rule` (the pure twin of every
function here; ``tests/test_status_rule_property.py`` checks they agree on random
histories, on SQLite and PostgreSQL). In short: an entry counts when it is an ordinary
change no retraction names; the history order is ``(effective_on, recorded_at, id)``; the
status on a day is the ``to_status`` of the last entry in that order effective on or
before the day.

Each track (addressee) has its own history (``StatusChange.addressee``); the overall
status (``domain.tracks``) has its derived history in ``StatusTimeline``. The as-of
functions read the overall timeline by default, or one track's entries with
``track=<addressee>``: the same SQL either way.

Every statement here is plain SQLAlchemy Core, correct on SQLite and PostgreSQL; where
the fast form differs per dialect (``status_as_of_select``) both are built here.
"""

from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from ...domain import statuses
from ...domain.status_rule import is_regressed, stale_cutoff
from ...extensions import db
from ...models import Recommendation, StatusChange, StatusTimeline


def retracted_ids():
    """Select of the ids of retracted entries (retractions are few: an IN list, built once
    per statement, is cheaper than an anti-join per entry)."""
    retraction = aliased(StatusChange, name="retraction")
    return select(retraction.retracts_id).where(retraction.retracts_id.is_not(None))


def is_active(entry=StatusChange, per_row: bool = False):
    """SQL condition: ``entry`` (``StatusChange`` or an alias of it) counts for the status
    (an ordinary change that no retraction names). By default against the list of
    retracted ids (built once per statement: best over many entries); ``per_row``: a
    ``NOT EXISTS`` seek per entry (best for the few entries of one recommendation)."""
    if per_row:
        retraction = aliased(StatusChange, name="retraction")
        named = select(retraction.id).where(retraction.retracts_id == entry.id).exists()
        return and_(entry.kind == "change", ~named)
    return and_(entry.kind == "change", entry.id.not_in(retracted_ids()))


def history_order(entry=StatusChange, descending: bool = False) -> tuple:
    """ORDER BY columns of the history order, oldest first (newest first when
    ``descending``). ``entry`` is ``StatusChange``, ``StatusTimeline``, an alias, or a
    subquery's ``.c`` (the timeline has one row per day: effective date, then id)."""
    recorded = getattr(entry, "recorded_at", None)
    columns = (entry.effective_on, recorded, entry.id) if recorded is not None else (
        entry.effective_on, entry.id)
    return tuple(c.desc() for c in columns) if descending else columns


def _entries(track: str | None, name: str):
    """``(entity, conditions)`` of the history the as-of functions read: the overall
    timeline (``StatusTimeline``) for ``track`` None, else the active entries of track
    ``track`` (``StatusChange`` rows naming that addressee)."""
    if track is None:
        return aliased(StatusTimeline, name=name), ()
    entry = aliased(StatusChange, name=name)
    return entry, (entry.addressee == track, is_active(entry))


def active_select(day: date | None = None, track: str | None = None):
    """Select of the history rows that count (the overall timeline, or track ``track``'s
    active ``StatusChange`` rows), effective on or before ``day`` if given. Columns:
    ``recommendation_id``, ``to_status``, ``previous_status``, ``effective_on``, ``id`` (and
    ``recorded_at`` for a track)."""
    if track is None:
        query = select(StatusTimeline)
        return query.where(StatusTimeline.effective_on <= day) if day is not None else query
    query = select(StatusChange).where(is_active(), StatusChange.addressee == track)
    return query.where(StatusChange.effective_on <= day) if day is not None else query


def entry_in_force_id(day: date, recommendation_id, track: str | None = None):
    """Correlated scalar subquery: the id of the history row in force on ``day`` (overall
    timeline row, or track ``track``'s entry) for the recommendation whose id is the column
    ``recommendation_id`` of the enclosing query (NULL when nothing by then). One index seek."""
    entry, conditions = _entries(track, "in_force")
    return (
        select(entry.id)
        .where(entry.recommendation_id == recommendation_id, *conditions,
               entry.effective_on <= day)
        .order_by(*history_order(entry, descending=True))
        .limit(1)
        .scalar_subquery()
    )


def _dialect(dialect: str | None) -> str:
    return dialect or db.session.get_bind().dialect.name


def status_as_of_select(day: date, dialect: str | None = None, track: str | None = None):
    """Select of ``(recommendation_id, status, effective_on)``: each recommendation's
    overall status in force on ``day`` (track ``track``'s, when given) and the effective
    date of the row that set it. Recommendations whose history starts after ``day`` have
    no row. One SQL query.

    On SQLite, one index seek per recommendation (``entry_in_force_id``; SQLite's window
    functions are slow on large tables); elsewhere a ``row_number`` window over the
    history (PostgreSQL runs it in one pass over the index). ``dialect`` defaults to the
    session's."""
    if _dialect(dialect) == "sqlite":
        rec = aliased(Recommendation, name="rec")
        target, onclause, status, since = status_as_of_join(day, rec, dialect, track)
        return (
            select(rec.id.label("recommendation_id"), status.label("status"),
                   since.label("effective_on"))
            .select_from(rec)
            .join(target, onclause)
        )
    S, conditions = _entries(track, "entry")
    ranked = (
        select(
            S.recommendation_id.label("recommendation_id"),
            S.to_status.label("status"),
            S.effective_on.label("effective_on"),
            func.row_number().over(partition_by=S.recommendation_id,
                                   order_by=history_order(S, descending=True)).label("rank"),
        )
        .where(*conditions, S.effective_on <= day)
        .subquery()
    )
    return select(ranked.c.recommendation_id, ranked.c.status, ranked.c.effective_on).where(
        ranked.c.rank == 1
    )


def status_as_of_join(day: date, rec=Recommendation, dialect: str | None = None,
                      track: str | None = None):
    """``(target, onclause, status, since)`` to join onto a query over ``rec`` (the
    ``Recommendation`` class or an alias) the overall status in force on ``day`` (track
    ``track``'s, when given): ``select(..., status, since).select_from(rec).join(target,
    onclause)``. An inner join, so recommendations with no status yet on ``day`` drop out.
    On SQLite the target is the row in force itself (one index seek per recommendation),
    elsewhere ``status_as_of_select`` as a subquery."""
    if _dialect(dialect) == "sqlite":
        entry, _conditions = _entries(track, "entry")
        return (entry, entry.id == entry_in_force_id(day, rec.id, track), entry.to_status,
                entry.effective_on)
    as_of = status_as_of_select(day, dialect, track).subquery("status_as_of")
    return as_of, as_of.c.recommendation_id == rec.id, as_of.c.status, as_of.c.effective_on


def status_as_of_subquery(day: date, track: str | None = None):
    """``status_as_of_select(day, track=track)`` as a subquery named ``status_as_of``."""
    return status_as_of_select(day, track=track).subquery("status_as_of")


def previous_status_select():
    """Select of ``(id, previous_status)`` for every active entry (the twin of
    ``status_rule.previous_statuses``): the LAG of ``to_status`` over the active entries of
    each track in history order."""
    S = StatusChange
    return select(
        S.id.label("id"),
        func.lag(S.to_status).over(partition_by=(S.recommendation_id, S.addressee),
                                   order_by=history_order(S)).label("previous_status"),
    ).where(is_active(S))


def runs_as_of(day: date, track: str | None = None):
    """Subquery ``runs(recommendation_id, status, since, previous)`` on ``day``, the SQL
    twin of ``status_rule.derive(history, day)`` over the overall timeline (track
    ``track``'s entries, when given): the status in force, the first day of its unbroken
    run, and the different status before that run. A run starts at a row whose stored
    ``previous_status`` differs from its own status."""
    source = active_select(day, track)
    changes = source.subquery()
    starts = select(changes).where(
        or_(changes.c.previous_status.is_(None), changes.c.previous_status != changes.c.to_status)
    ).subquery()
    ranked = select(
        starts.c.recommendation_id, starts.c.to_status.label("status"),
        starts.c.effective_on.label("since"), starts.c.previous_status.label("previous"),
        func.row_number().over(partition_by=starts.c.recommendation_id,
                               order_by=history_order(starts.c, descending=True)).label("rank"),
    ).subquery()
    return select(ranked.c.recommendation_id, ranked.c.status, ranked.c.since,
                  ranked.c.previous).where(ranked.c.rank == 1).subquery("runs")


def stale_condition(status, since, today: date, stale_after_days: int):
    """SQL twin of ``status_rule.is_stale`` over the columns ``status`` and ``since``."""
    return and_(status.in_(statuses.OPEN_KEYS), since < stale_cutoff(today, stale_after_days))


def regressed_condition(previous, current):
    """SQL twin of ``status_rule.is_regressed`` over the columns ``previous`` and
    ``current`` (one pair test per backwards move of the fixed lifecycle)."""
    pairs = [(a, b) for a in statuses.KEYS for b in statuses.KEYS if is_regressed(a, b)]
    return or_(*(and_(previous == a, current == b) for a, b in pairs))
