"""SQL shared by the boards: the filtered rows of a board with each recommendation's status
on the board's day, and the overview's aggregates in one statement.

A board reads ``board_rows`` (a CTE) once per statement. For today it is inlined (``NOT
MATERIALIZED``): the derived status columns on ``Recommendation`` and the covering board
indexes answer it. For another day it is ``MATERIALIZED``: the status in force on that day
is worked out from the history once (``queries.status_sql.status_as_of_select``), however many parts
of the statement read it.
"""

from datetime import date

from sqlalchemy import and_, case, func, literal, null, select, union_all

from ...domain import statuses
from ...extensions import db
from ...models import ADDRESSEE_BITS, Publication, Recommendation, RecommendationAddressee
from .. import clock
from ..queries.status_sql import status_as_of_join
from ..queries.visibility import publication_out_clause


def uses_history(day: date, from_history: bool = False) -> bool:
    """Whether a board on ``day`` reads the history (any day but today, or when asked)."""
    return from_history or day != clock.today()


def board_rows(day: date, clauses: list, from_history: bool = False, track: str | None = None):
    """CTE ``board_rows(id, topic_id, event_id, publication_id, bits, status, since)``: the
    recommendations matching ``clauses`` (conditions on ``Recommendation``) with their
    status on ``day`` and the effective date of the entry that set it. With the history,
    recommendations that had no status yet on ``day`` are left out. ``bits`` are the
    addressees (``Recommendation.addressee_bits``). With ``track`` (an addressee key) the
    status is that track's instead of the overall one, and recommendations without that
    track are left out (the per-government overview, ``government=``)."""
    R = Recommendation
    if track is not None and not uses_history(day, from_history):
        T = RecommendationAddressee
        query = (select(R.id, R.topic_id, R.event_id, R.publication_id,
                        R.addressee_bits.label("bits"), T.status.label("status"),
                        T.status_since.label("since"))
                 .join(T, and_(T.recommendation_id == R.id, T.addressee == track)))
        return query.where(*clauses).cte("board_rows").prefix_with("NOT MATERIALIZED")
    if not uses_history(day, from_history):
        query = select(R.id, R.topic_id, R.event_id, R.publication_id,
                       R.addressee_bits.label("bits"), R.status.label("status"),
                       R.status_since.label("since"))
        return query.where(*clauses).cte("board_rows").prefix_with("NOT MATERIALIZED")
    target, onclause, status, since = status_as_of_join(day, R, track=track)
    query = (
        select(R.id, R.topic_id, R.event_id, R.publication_id,
               R.addressee_bits.label("bits"), status.label("status"), since.label("since"))
        .select_from(R)
        .join(target, onclause)
    )
    return query.where(*clauses).cte("board_rows").prefix_with("MATERIALIZED")


def addressee_bit_table():
    """Subquery ``addressee_bit(addressee, bit)``: one row per addressee key with its bit in
    ``Recommendation.addressee_bits`` (join on ``bits & bit != 0`` to count per addressee)."""
    return union_all(*[
        select(literal(key).label("addressee"), literal(bit).label("bit"))
        for key, bit in ADDRESSEE_BITS.items()
    ]).subquery("addressee_bit")


def topic_rows(groups, publication_id, day: date):
    """The overview's ``topic`` rows ``(dim, key, addressee, status, n, published)`` from
    ``groups`` (columns ``topic_id``, ``status``, ``n``; ``publication_id`` its publication
    column). The one place for "published" in the implementation rate: not a draft, and
    its publication out on or before ``day``."""
    out = and_(publication_out_clause(day), groups.c.status != statuses.DRAFT)
    return (
        select(literal("topic").label("dim"), groups.c.topic_id.label("key"),
               null().label("addressee"), groups.c.status, func.sum(groups.c.n).label("n"),
               func.sum(case((out, groups.c.n), else_=0)).label("published"))
        .select_from(groups)
        .outerjoin(Publication, Publication.id == publication_id)
        .group_by(groups.c.topic_id, groups.c.status)
        .having(func.sum(groups.c.n) != 0)
    )


def overview_counts(rows, day: date) -> list:
    """Rows ``(dim, key, addressee, status, n, published)`` from one statement over the
    CTE ``rows`` (see ``board_rows``): ``dim`` is ``topic``, ``event`` or ``publication``
    (``key`` the id, None for none; ``addressee`` always None: each addressee's row counts
    its own track, ``board_tracks``); ``n`` counts
    recommendations; ``published`` (topic rows only) counts those not draft whose
    publication came out on or before ``day``.

    The topic x event x publication x status groups are computed once (a CTE, a few
    thousand rows at most) and rolled up three ways in SQL."""
    groups = (
        select(rows.c.topic_id, rows.c.event_id, rows.c.publication_id, rows.c.status,
               func.count().label("n"))
        .group_by(rows.c.topic_id, rows.c.event_id, rows.c.publication_id, rows.c.status)
        .cte("board_groups")
    )
    by_topic = topic_rows(groups, groups.c.publication_id, day)

    def by(dim, column):
        return (
            select(literal(dim), column, null(), groups.c.status, func.sum(groups.c.n),
                   literal(0))
            .group_by(column, groups.c.status)
        )

    statement = union_all(by_topic, by("event", groups.c.event_id),
                          by("publication", groups.c.publication_id))
    return db.session.execute(statement).all()
