"""Today's overview counts from the board tally (``models.board_tally``), and its upkeep.

The database's triggers keep the tally; this module reads it and keeps it short:

- ``answers(day, filters, from_history)``: whether the tally can answer an overview (today,
  not asked to read the history, no filter but line, topic and priority — e.g. a
  recommendation's other addressees are not in the event and publication groups, so an
  addressee-filtered board reads the rows instead);
- ``overview_counts(day, filters)``: the same rows as ``board_sql.overview_counts``, from
  a few thousand tally groups instead of every recommendation;
- ``status_counts_select(filters)``: the column board's counts per status, likewise;
- ``compact()``: merges all rows into one per group (sums unchanged);
- session hooks (registered by ``tracker.listeners``) that compact, at the commit of a transaction that wrote
  recommendations or their addressees, once ``DUE_DELTAS`` unmerged deltas have piled up.
  Readers sum the rows anyway, so compaction only bounds their work.
"""

from itertools import chain

from sqlalchemy import delete, func, literal, null, select, text, union_all

from ...extensions import db
from ...models import (
    BoardTally,
    Recommendation,
    RecommendationAddressee,
)
from . import board_sql

DUE_DELTAS = 4096
COMPACT_LOCK_KEY = 0x4E455855  # PostgreSQL advisory lock: one compaction at a time
TOUCHED = "board_tally_touched"
_WATCHED_TABLES = frozenset({"recommendation", "recommendation_addressee"})

_PG_COMPACT = """
WITH gone AS (
    DELETE FROM board_tally RETURNING dim, ref_id, topic_id, priority, status, n
)
INSERT INTO board_tally (dim, ref_id, topic_id, priority, status, n, merged)
SELECT dim, ref_id, topic_id, priority, status, SUM(n), true FROM gone
GROUP BY dim, ref_id, topic_id, priority, status HAVING SUM(n) <> 0
"""
_SQLITE_MERGE = """
INSERT INTO board_tally (dim, ref_id, topic_id, priority, status, n, merged)
SELECT dim, ref_id, topic_id, priority, status, SUM(n), 1 FROM board_tally WHERE id <= :top
GROUP BY dim, ref_id, topic_id, priority, status HAVING SUM(n) <> 0
"""


def answers(day, filters, from_history: bool = False) -> bool:
    """Whether ``overview_counts`` can answer the overview for ``day`` and ``filters``."""
    return not board_sql.uses_history(day, from_history) and not filters.reads_rows


def _clauses(filters) -> list:
    """Conditions on ``BoardTally`` for the line, topic and priority filters."""
    T = BoardTally
    clauses = []
    for ids in (filters.line_topic_ids, filters.topic_ids):
        if ids is not None:
            clauses.append(T.topic_id.in_(ids or {-1}))
    if filters.priority:
        clauses.append(T.priority.is_(True))
    return clauses


def status_counts_select(filters, padding: int = 0):
    """SELECT ``(status, n, None × padding)``: today's recommendations per status narrowed by
    ``filters`` (see ``answers``), from the tally's publication groups (every
    recommendation counts once there)."""
    T = BoardTally
    return (
        select(T.status, func.sum(T.n).label("n"), *(null() for _ in range(padding)))
        .where(T.dim == "publication", *_clauses(filters))
        .group_by(T.status)
        .having(func.sum(T.n) != 0)
    )


def overview_counts(day, filters) -> list:
    """Rows ``(dim, key, addressee, status, n, published)`` as ``board_sql.overview_counts``
    gives them, for today's board narrowed by ``filters`` (line, topic, priority; see
    ``answers``). One statement: three scans of the tally's covering index, one per
    dimension, each grouped in the index's order. The tally's ``addressees`` groups (the
    overall status by addressee bits) are not read: each addressee's overview row counts
    its own track (``board_tracks``)."""
    T = BoardTally
    clauses = _clauses(filters)

    def groups(dim, *columns):
        return (
            select(*columns, func.sum(T.n).label("n"))
            .where(T.dim == dim, *clauses)
            .group_by(*columns)
            .subquery(f"{dim}_groups")
        )

    by_pub = groups("publication", T.ref_id, T.status, T.topic_id)
    by_topic = board_sql.topic_rows(by_pub, by_pub.c.ref_id, day)

    def by(dim):
        return (
            select(literal(dim), T.ref_id, null(), T.status, func.sum(T.n), literal(0))
            .where(T.dim == dim, *clauses)
            .group_by(T.ref_id, T.status)
            .having(func.sum(T.n) != 0)
        )

    statement = union_all(by_topic, by("event"), by("publication"))
    return db.session.execute(statement).all()


def compact() -> bool:
    """Merge the tally into one row per group, in the caller's transaction (a writer's:
    on SQLite it needs the write lock). Returns False when another transaction is
    compacting already (PostgreSQL; nothing to wait for) or there is nothing to merge.

    PostgreSQL: one statement deletes the rows its snapshot sees and inserts their sums, so
    deltas that concurrent writers add meanwhile are neither lost nor counted twice."""
    if db.session.get_bind().dialect.name == "postgresql":
        got = db.session.execute(text("SELECT pg_try_advisory_xact_lock(:key)"),
                                 {"key": COMPACT_LOCK_KEY}).scalar_one()
        if not got:
            return False
        db.session.execute(text(_PG_COMPACT))
        return True
    top = db.session.execute(select(func.max(BoardTally.id))).scalar_one()
    if top is None:
        return False
    db.session.execute(text(_SQLITE_MERGE), {"top": top})
    db.session.execute(delete(BoardTally).where(BoardTally.id <= top))
    return True


def unmerged_count() -> int:
    """Deltas added since the last compaction (read from the ``merged`` index)."""
    return db.session.execute(
        select(func.count()).select_from(BoardTally).where(BoardTally.merged.is_(False))
    ).scalar_one()


def compact_if_due() -> bool:
    """``compact()`` once ``DUE_DELTAS`` deltas have piled up; False when not due."""
    return unmerged_count() >= DUE_DELTAS and compact()


# --- Session hook --------------------------------------------------------------------------


def _after_flush(session, _context):
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Recommendation | RecommendationAddressee):
            session.info[TOUCHED] = True
            return


def _on_execute(state):
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in _WATCHED_TABLES:
            state.session.info[TOUCHED] = True


def _before_commit(session):
    session.flush()  # the commit's own flush comes after this hook (no-op when clean)
    if session.info.pop(TOUCHED, False):
        compact_if_due()


def _forget(session, *_args):
    session.info.pop(TOUCHED, None)

