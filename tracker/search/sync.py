"""Keeping the index in step with the database (the database is the truth).

- ``apply(ids)``: (re)index or remove the given recommendations now; used after commit.
- ``catch_up()``: find what the index lacks by comparing it with the database and fix it;
  run on start-up and before searching. Keyed on a watermark beside the index: the highest
  ``updated_at`` it has seen. Rows updated since the watermark, less
  ``SEARCH_CATCHUP_MARGIN`` seconds (transactions that committed late, other servers'
  clocks), are compared by stamp (``updated_at`` plus a hash of the names of its topic,
  line, event and publication). The watermark also keeps a fingerprint of all those names:
  when it differs (a rename the session hooks missed) every document's stamp is compared; when the document count still differs from the database
  (deleted rows, a restored index) the full id/stamp lists are compared. A cheap summary
  of the database (indexable count; count, newest ``updated_at``, sum of ``version`` and
  archived count of the look-back window) is remembered with the index generation it was
  checked against; an unforced catch-up that finds both unchanged skips the comparison,
  except that a full one still runs every ``FULL_CHECK_EVERY`` seconds.
- ``rebuild()``: build a new generation from scratch and swap it in.
- ``compare()``: missing, stale and orphan documents (for ``search check``).
"""

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Recommendation
from . import fast, store
from .documents import Lookups, indexable_clause, load_documents, time_of

log = logging.getLogger(__name__)
_catch_up_lock = threading.Lock()
_last_catch_up: dict[str, float] = {}
_behind: set[str] = set()  # index folders this process knows to lack committed writes
_busy_at: dict[str, float] = {}  # index folder -> when a catch-up last found it locked
_only_busy: set[str] = set()  # behind folders whose last catch-up failed only on the lock
LOOKUP_LIMIT = 2000  # above this many rows to compare, read all stamps at once
FULL_CHECK_EVERY = 60.0  # seconds: an unchanged summary is trusted at most this long
# index folder -> (index state, database summary, monotonic time of the full check)
_checked: dict[str, tuple[tuple, tuple, float]] = {}


def _base() -> Path:
    return Path(current_app.config["SEARCH_INDEX_DIR"])


def _timeout() -> float:
    return float(current_app.config["SEARCH_LOCK_TIMEOUT"])


def _write(ix, docs: Iterable[dict], remove: Iterable[int], timeout: float | None = None) -> int:
    """Update ``docs`` and delete ``remove`` in one writer (waiting up to ``timeout``
    seconds for the lock, default ``SEARCH_LOCK_TIMEOUT``); the number of documents written."""
    n = 0
    with store.writer(ix, _timeout() if timeout is None else timeout) as w:
        for doc in docs:
            w.update_document(**doc)
            n += 1
        for rec_id in remove:
            w.delete_by_term("id", str(rec_id))
    return n


def apply(ids: Iterable[int]) -> None:
    """Index the current database state of recommendations ``ids``: write the indexable
    ones, remove the rest (deleted or archived). Reads in its own session.

    :raise store.IndexBusy: when the index lock cannot be had in time.
    """
    ids = {int(i) for i in ids}
    if not ids:
        return
    ix = store.open_index(_base())
    if store.pop_fresh(_base()):  # the index was missing or unreadable: fill it now
        catch_up(force=True)
        return
    with Session(db.engine) as session:
        docs = list(load_documents(session, ids))
    present = {int(d["id"]) for d in docs}
    _write(ix, docs, ids - present)


def _indexed_stamps(ix) -> dict[int, str]:
    with ix.searcher() as searcher:
        return {int(f["id"]): f.get("stamp", "") for f in searcher.all_stored_fields()}


_STAMP_COLUMNS = (Recommendation.id, Recommendation.updated_at, Recommendation.archived_at,
                  Recommendation.topic_id, Recommendation.event_id, Recommendation.publication_id)


def _db_stamps(session: Session, since: datetime | None = None,
               lookups: Lookups | None = None) -> list[tuple]:
    """``(id, stamp, archived_at, updated_at)`` of every recommendation (updated since
    ``since``), ``stamp`` being what its document's stamp must be now (``stamp_of``)."""
    lookups = lookups or Lookups(session)
    stmt = select(*_STAMP_COLUMNS)
    if since is not None:
        stmt = stmt.where(Recommendation.updated_at >= since)
    return [(r.id, lookups.stamp(r), r.archived_at, r.updated_at)
            for r in session.execute(stmt)]


def compare(ix, rows) -> tuple[list[int], list[int], list[int]]:
    """``(missing, stale, orphan)`` ids between the index and database ``rows`` (all
    recommendations, from ``_db_stamps``)."""
    indexed = _indexed_stamps(ix)
    missing, stale, wanted = [], [], set()
    for rec_id, stamp, archived_at, _updated_at in rows:
        if archived_at is not None:
            continue
        wanted.add(rec_id)
        if rec_id not in indexed:
            missing.append(rec_id)
        elif indexed[rec_id] != stamp:
            stale.append(rec_id)
    orphan = sorted(set(indexed) - wanted)
    return sorted(missing), sorted(stale), orphan


def mark_behind() -> None:
    """Remember that the index lacks writes (an index update failed): searches show the
    "index catching up" notice and force a catch-up until one succeeds."""
    key = str(_base())
    _behind.add(key)
    _only_busy.discard(key)


def is_behind() -> bool:
    """True while this process knows the index lacks committed writes."""
    return str(_base()) in _behind


def is_only_busy() -> bool:
    """True when the index is behind only because another writer held its lock at the last
    catch-up (nothing failed: what the index holds is sound)."""
    return str(_base()) in _only_busy


def busy_recently() -> bool:
    """True when this process's last catch-up found the index lock taken (another worker
    or server writing) less than ``SEARCH_SYNC_INTERVAL`` seconds ago."""
    interval = float(current_app.config["SEARCH_SYNC_INTERVAL"])
    return time.monotonic() - _busy_at.get(str(_base()), -1e9) < interval


def catch_up(force: bool = False, lock_timeout: float | None = None) -> int:
    """Bring the current index up to date with the database; the number of documents
    (re)written or removed. At most once per ``SEARCH_SYNC_INTERVAL`` seconds per process
    unless ``force`` (a busy index counts as an attempt). Never raises for a busy index:
    it logs, keeps the old watermark and tries again next time. ``lock_timeout``: how long
    to wait for another writer's lock (default ``SEARCH_LOCK_TIMEOUT``)."""
    base = _base()
    key = str(base)
    interval = float(current_app.config["SEARCH_SYNC_INTERVAL"])
    if not force and time.monotonic() - _last_catch_up.get(key, -1e9) < interval:
        return 0
    with _catch_up_lock:
        if not force and time.monotonic() - _last_catch_up.get(key, -1e9) < interval:
            return 0
        try:
            changed = _catch_up(base, force, lock_timeout)
        except store.IndexBusy:
            log.warning("search catch-up postponed: index busy")
            _behind.add(key)
            _only_busy.add(key)
            _busy_at[key] = _last_catch_up[key] = time.monotonic()
            return 0
        except BaseException:
            _behind.add(key)
            _only_busy.discard(key)
            raise
        _last_catch_up[key] = time.monotonic()
        _behind.discard(key)
        _only_busy.discard(key)
        return changed


def _summary(session: Session, since: datetime | None) -> tuple:
    """One aggregate query: what changes whenever a row is added, deleted, archived or
    updated (within the window from ``since``)."""
    r = Recommendation
    indexable = func.count(r.id).filter(indexable_clause())
    if since is None:
        return tuple(session.execute(select(indexable, func.max(r.updated_at))).one())
    in_window = r.updated_at >= since
    return tuple(session.execute(select(
        indexable, func.count(r.id).filter(in_window),
        func.max(r.updated_at).filter(in_window), func.sum(r.version).filter(in_window),
        func.count(r.archived_at).filter(in_window))).one())


def _index_state(ix, high) -> tuple:
    return (str(store.index_path(ix)), ix.latest_generation(), high)


def _catch_up(base: Path, force: bool = False, lock_timeout: float | None = None) -> int:
    ix = store.open_index(base)
    mark = store.read_watermark(ix)
    high = mark.get("high")
    margin = timedelta(seconds=float(current_app.config["SEARCH_CATCHUP_MARGIN"]))
    since = datetime.fromisoformat(high) - margin if high else None
    key = str(base)
    with Session(db.engine) as session:
        lookups = Lookups(session)
        # A topic, line, event or publication renamed since this index was last compared
        # in full: the rows in the window cannot tell which documents show the old name.
        renamed = mark.get("context") != lookups.fingerprint
        summary = (*_summary(session, since), lookups.fingerprint)
        state = _index_state(ix, high)
        seen = _checked.get(key)
        if (not force and seen is not None and seen[0] == state and seen[1] == summary
                and time.monotonic() - seen[2] < FULL_CHECK_EVERY):
            return 0
        _checked.pop(key, None)
        checked_at = time.monotonic()
        db_count = summary[0]
        rows = _db_stamps(session, None if renamed else since, lookups)
        with ix.searcher() as searcher:
            index_count = searcher.doc_count()
            if len(rows) > LOOKUP_LIMIT or index_count == 0:
                indexed = _indexed_stamps(ix) if index_count else {}
                lookup = indexed.get
            else:
                def lookup(rec_id):
                    doc = searcher.document(id=str(rec_id))
                    return None if doc is None else doc.get("stamp", "")
            need, gone = [], []
            for rec_id, stamp_now, archived_at, _updated_at in rows:
                stamp = lookup(rec_id)
                if archived_at is not None:
                    if stamp is not None:
                        gone.append(rec_id)
                elif stamp != stamp_now:
                    need.append(rec_id)
                    index_count += stamp is None
            index_count -= len(gone)
        if index_count != db_count:  # rows deleted, or an index from another time
            if since is not None and not renamed:
                rows = _db_stamps(session, None, lookups)
            missing, stale, orphan = compare(ix, rows)
            need, gone = missing + stale, orphan
        newest = max((r[3] for r in rows if r[3] is not None), default=None)
        if need or gone:
            _write(ix, load_documents(session, need), gone, lock_timeout)
    new_high = time_of(newest) if newest is not None else time_of(datetime(1970, 1, 1))
    if high and high > new_high:
        new_high = high
    if new_high != high or renamed:
        store.write_watermark(ix, {"high": new_high, "context": lookups.fingerprint})
    if need or gone:
        log.info("search catch-up: %d written, %d removed", len(need), len(gone))
    else:  # the index matched the database as summarised: later unforced runs may skip
        new_high = store.read_watermark(ix).get("high")
        if new_high == high:
            _checked[key] = (_index_state(ix, high), summary, checked_at)
    return len(need) + len(gone)


PARALLEL_MIN_DOCS = 20000  # below this, one process (starting a worker costs about a second)
MAX_PROCS = 4


def _rebuild_procs(procs: int | None, count: int, url) -> int:
    """How many processes build the new generation: ``procs`` (default: the CPUs, at most
    ``MAX_PROCS``), but one for fewer than ``PARALLEL_MIN_DOCS`` documents or a database
    other processes cannot open (in-memory SQLite)."""
    if procs is None:
        procs = min(os.cpu_count() or 1, MAX_PROCS)
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return 1
    if count < PARALLEL_MIN_DOCS:
        return 1
    return max(1, min(procs, count))


PROGRESS_EVERY = 250  # documents between progress reports of a plain rebuild


def _build_plain(ix, session: Session, progress: Callable[[int], None] | None) -> int:
    """Fill the new, empty index ``ix`` with one Whoosh writer (``add_document``)."""
    n = 0
    with ix.writer() as w:  # a generation nobody else knows yet: the lock is free
        for doc in load_documents(session):
            w.add_document(**doc)
            n += 1
            if progress and n % PROGRESS_EVERY == 0:
                progress(PROGRESS_EVERY)
    if progress and n % PROGRESS_EVERY:
        progress(n % PROGRESS_EVERY)
    return n


def rebuild(progress: Callable[[int], None] | None = None, procs: int | None = None) -> int:
    """Build a complete new index generation from the database, then make it current;
    the number of documents. Searches use the old generation until the swap. Changes
    committed during the rebuild are picked up by the next catch-up (the watermark is
    the newest ``updated_at`` seen *before* reading).

    :param progress: called with the number of documents written since its last call.
    :param procs: processes building parts of the index in parallel (``fast.bulk.build``,
        with ``SEARCH_FAST_PATHS``; the plain path writes with one Whoosh writer);
        default: one per CPU for large databases (see ``_rebuild_procs``).
    """
    base = _base()
    generation = store.new_generation(base)
    try:
        ix = store.open_index_at(generation)
        with Session(db.engine) as session:
            context = Lookups(session).fingerprint
            newest = session.scalar(select(func.max(Recommendation.updated_at)))
            ids = session.scalars(select(Recommendation.id).where(indexable_clause())
                                  .order_by(Recommendation.id)).all()
            if fast.active():
                from .fast import bulk

                url = db.engine.url
                parts = _rebuild_procs(procs, len(ids), url)
                bounds = [0] + [ids[len(ids) * i // parts - 1] for i in range(1, parts)]
                n = bulk.build(ix, lambda after, upto: load_documents(session, after=after,
                                                                      upto=upto),
                               bounds, url.render_as_string(hide_password=False), progress)
            else:
                n = _build_plain(ix, session, progress)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)  # never made current
        raise
    store.write_watermark(ix, {"high": time_of(newest or datetime(1970, 1, 1)),
                               "context": context})
    store.make_current(base, generation)
    _last_catch_up.pop(str(base), None)
    return n


def rebuild_broken() -> bool:
    """Replace an index that cannot be read (corrupted files) by a fresh build from the
    database, without anyone running a command. False when that is not possible now
    (e.g. the folder cannot be written): the index stays marked as behind."""
    log.error("search index unreadable; rebuilding it from the database", exc_info=True)
    try:
        n = rebuild(procs=1)  # in a web process: no worker processes
        catch_up(force=True)
    except Exception:
        log.exception("search index rebuild failed; searches show the catching-up notice")
        mark_behind()
        return False
    log.warning("search index rebuilt from the database: %d documents", n)
    return True
