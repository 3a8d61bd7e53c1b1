"""The partners' replication log (``/api/v1/sync``): which recommendations changed, in
commit order, kept compacted in ``sync_state`` (one row per recommendation, at the
sequence number of its latest change).

**Commit order.** A partner reads rows with ``seq`` above its cursor. That is only safe if
no transaction can commit a ``seq`` lower than one a partner has already read, i.e. if
``seq`` order is commit order. Sequence numbers are therefore handed out at the *end* of
each writing transaction (``before_commit``), as ``max(seq) + 1, + 2, ...``, while holding
one lock that serialises the hand-out until the transaction has committed:

- SQLite: the write transaction itself (one writer at a time; ``BEGIN IMMEDIATE``);
- PostgreSQL: a transaction-level advisory lock (``SYNC_LOCK_KEY``), released after the
  commit is visible. The next writer reads ``max(seq)`` only once it holds the lock, so it
  sees the previous writer's rows and its own numbers come after them.

A writer that flushed first but commits last therefore gets the higher numbers, and a
reader always sees a prefix of the log: nothing is lost, nothing is delivered twice under
one number. (A sequence or an id assigned at insert time would not do: two transactions
can commit in the opposite order of their numbers, and a partner who read the higher one
first would skip the lower one for ever.) The lock is taken after everything else of the
transaction (registered last in ``tracker.listeners``; after it only ``sync_state`` rows,
which nobody else writes without the lock, and the commit), so it cannot deadlock with row
locks, the history lock (``history_order``) or the deferred data-version triggers.

**What touches a record.** After each flush, any Recommendation, RecommendationAddressee
or StatusChange written (inserted, updated, deleted: whatever columns, tracks included)
marks its recommendation; a written topic, line of effort, event or publication marks
every recommendation that shows it (a rename or a publication date changes their JSON).
A record whose visibility changes also marks the records that supersede it (their JSON
names it only while it is public). Bulk statements on these tables mark nothing by row;
inserted recommendations are picked up by id (``_unlogged``), anything else needs
``flask --app wsgi sync catch-up --all`` (as do writes in SQL by hand).

**The clock.** A record also becomes public when its publication date arrives, with no
write at all. ``catch_up`` (run before every ``/sync`` and ``/snapshot`` read, and by
``flask --app wsgi sync catch-up`` from cron) logs the records whose row says "not public"
but which are public today: an indexed look at the non-public rows only.

A row remembers whether its record was ever public: records that never were (drafts) never
reach the feed, not even as a delete, so their references stay internal.
"""

from itertools import chain

from sqlalchemy import bindparam, func, insert, select, text, update

from ...database import write_lock
from ...extensions import db
from ...models import (
    Recommendation,
    SyncState,
    touches,
    utcnow,
)
from .. import clock
from ..queries import visibility
from . import record_bodies

S, R = SyncState, Recommendation
SYNC_LOCK_KEY = 0x53594E43  # "SYNC"
TOUCHED, CATALOG, BULK = "sync_touched", "sync_catalog", "sync_bulk"
_RECORD_TABLES = {"recommendation", "recommendation_addressee", "status_change"}
CHUNK = 900  # ids per IN list (SQLite's bound-parameter limit, older builds)


def _chunks(ids):
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


# --- listeners (registered by tracker.listeners) ------------------------------------------


def _after_flush(session, _context):
    recommendations, catalog = touches.touched(chain(session.new, session.dirty, session.deleted))
    session.info.setdefault(TOUCHED, set()).update(recommendations)
    session.info.setdefault(CATALOG, set()).update(catalog)


def _on_execute(state):
    """Bulk statements name no objects: note that new recommendations may have come."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in _RECORD_TABLES:
            state.session.info[BULK] = True


def _forget(session, _previous=None):
    if not session.in_transaction():
        for key in (TOUCHED, CATALOG, BULK):
            session.info.pop(key, None)


def _before_commit(session):
    """Hand out sequence numbers to everything this transaction touched (last thing before
    the commit; see the module docstring)."""
    session.flush()  # before_commit comes before the commit's own flush
    info = session.info
    touched, catalog, bulk = info.pop(TOUCHED, set()), info.pop(CATALOG, set()), info.pop(BULK, False)
    if not (touched or catalog or bulk):
        return
    connection = session.connection()
    lock(connection)
    ids = set(touched) | _shown_in(connection, catalog)
    if bulk:
        ids |= _unlogged(connection)
    log(connection, ids)


# --- the log --------------------------------------------------------------------------------


def lock(connection) -> None:
    """Serialise sequence hand-out until this transaction ends (PostgreSQL; SQLite's write
    transaction already is)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SYNC_LOCK_KEY})


def log(connection, ids, today=None) -> int:
    """Give each recommendation in ``ids`` (and each that supersedes one of them) the next
    sequence number, with its reference, visibility and public JSON now
    (``record_bodies``). Call with ``lock`` held.
    Returns how many rows were logged."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return 0
    today = clock.today() if today is None else today
    for chunk in _chunks(ids):
        ids |= set(connection.execute(select(R.id).where(R.supersedes_id.in_(chunk))).scalars())
    current, public, previous = {}, set(), {}
    for chunk in _chunks(ids):
        current.update(connection.execute(select(R.id, R.reference).where(R.id.in_(chunk))).all())
        public.update(connection.execute(
            select(R.id).where(R.id.in_(chunk), visibility.public_clause(today))).scalars())
        previous.update((row.recommendation_id, row) for row in connection.execute(
            select(S.recommendation_id, S.reference, S.ever_public).where(S.recommendation_id.in_(chunk))))
    bodies = {}
    for chunk in _chunks(public):
        bodies.update(record_bodies.build(connection, chunk, today))
    seq = connection.execute(select(func.coalesce(func.max(S.seq), 0))).scalar_one()
    now = utcnow()
    inserts, updates = [], []
    for rec_id in sorted(ids):
        old = previous.get(rec_id)
        reference = current.get(rec_id) or (old.reference if old else None)
        if reference is None:  # created and deleted in this transaction: never seen
            continue
        seq += 1
        item, history = bodies.get(rec_id, (None, None))
        row = {"rid": rec_id, "seq": seq, "reference": reference, "public": rec_id in public,
               "ever_public": rec_id in public or bool(old and old.ever_public), "at": now,
               "item": item, "history": history}
        (updates if old else inserts).append(row)
    if updates:
        connection.execute(
            update(S).where(S.recommendation_id == bindparam("rid"))
            .values(seq=bindparam("seq"), reference=bindparam("reference"),
                    public=bindparam("public"), ever_public=bindparam("ever_public"),
                    at=bindparam("at"), item=bindparam("item"), history=bindparam("history")),
            updates)
    if inserts:
        connection.execute(insert(S), [{"recommendation_id": r.pop("rid"), **r} for r in inserts])
    return len(inserts) + len(updates)


def _shown_in(connection, catalog: set) -> set[int]:
    """Recommendations whose JSON shows one of the written catalog entries."""
    return touches.shown_in(connection, catalog)


def _unlogged(connection, everything: bool = False) -> set[int]:
    """Recommendations without a row: those above the highest logged id (an index range,
    cheap; bulk inserts and backup loads), or, with ``everything``, all of them."""
    if everything:
        return set(connection.execute(
            select(R.id).where(~select(S.recommendation_id).where(
                S.recommendation_id == R.id).exists())).scalars())
    top = select(func.coalesce(func.max(S.recommendation_id), 0)).scalar_subquery()
    return set(connection.execute(select(R.id).where(R.id > top)).scalars())


def _now_public(connection, today) -> set[int]:
    """Rows logged as not public whose record is public today (the clock passed its
    publication date). Reads the non-public rows only (``ix_sync_state_public``)."""
    return set(connection.execute(
        select(S.recommendation_id).join(R, R.id == S.recommendation_id)
        .where(S.public.is_(False), visibility.public_clause(today))).scalars())


def _now_hidden(connection, today) -> set[int]:
    """Rows logged as public whose record is not public today (a write the listener could
    not see, or a clock set back). Reads every public row: for the command, not per read."""
    public_now = select(R.id).where(visibility.public_clause(today))
    return set(connection.execute(
        select(S.recommendation_id).where(S.public.is_(True), S.recommendation_id.not_in(public_now))
    ).scalars())


def _without_body(connection) -> set[int]:
    """Rows logged as public that hold no JSON (logged before migration 0014)."""
    return set(connection.execute(
        select(S.recommendation_id).where(S.public.is_(True), S.item.is_(None))).scalars())


def _due(connection, today, full: bool) -> set[int]:
    due = _now_public(connection, today) | _unlogged(connection, full)
    if full:
        due |= _now_hidden(connection, today) | _without_body(connection)
    return due


def catch_up(full: bool = False, renumber: bool = False) -> int:
    """Log what changed without a logged transaction: records the clock made public and
    records without a row (cheap; before every feed read). ``full`` also looks for records
    without a row below the highest logged id, rows logged public whose record is not, and
    public rows without their JSON (``record_bodies``);
    ``renumber`` logs every record again (after writes in SQL by hand). Writes, in a write
    transaction of its own, only when there is something to log. Returns how many records
    were logged."""
    today = clock.today()
    if not renumber and not _due(db.session.connection(), today, full):
        return 0  # the usual case: one read, no write
    db.session.rollback()  # end the read transaction; write in one of our own
    with write_lock():
        connection = db.session.connection()
        lock(connection)
        if renumber:
            due = set(connection.execute(select(R.id)).scalars())
            due |= set(connection.execute(select(S.recommendation_id)).scalars())
        else:
            due = _due(connection, today, full)  # again, under the lock
        count = log(connection, due, today)
        db.session.commit()
    return count


def latest() -> int:
    """The highest sequence number committed (0: none yet)."""
    return db.session.connection().execute(select(func.coalesce(func.max(S.seq), 0))).scalar_one()
