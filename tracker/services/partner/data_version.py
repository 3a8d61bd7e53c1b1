"""The current data version (``models.versioning``): the cheap validity check of caches of
public data.

``current()`` reads the one row as a single autocommitted statement on a database
connection each thread keeps for this alone (outside the pool and the request's session:
checking a pooled connection out, pinging it and resetting it cost more than the read). A
connection that fails is dropped and the read tried once on a new one.

Read the version *before* reading the data a cache entry is built from: the data read
afterwards is then at least as new as the version, so an entry can be older than the truth
only under a version that has already changed (and no reader will trust it again).
"""

import os
import threading
import time
from datetime import UTC, datetime

from ...extensions import db

_SQL = "SELECT version FROM data_version WHERE id = 1"
_local = threading.local()


def _connection(engine):
    """This thread's own autocommit DBAPI connection to ``engine`` (made on first use, and
    again after a fork or when the app's engine changed)."""
    held = getattr(_local, "held", None)
    if held is not None and held[0] is engine and held[1] == os.getpid():
        return held[2]
    _forget()
    pooled = engine.raw_connection()  # runs the engine's connect hooks (e.g. SQLite pragmas)
    pooled.detach()  # ours now: the pool opens another one in its place when needed
    conn = pooled.dbapi_connection
    engine.dialect.set_isolation_level(conn, "AUTOCOMMIT")
    _local.held = (engine, os.getpid(), conn)
    return conn


def _forget() -> None:
    held = getattr(_local, "held", None)
    _local.held = None
    if held is not None and held[1] == os.getpid():
        try:
            held[2].close()
        except Exception:  # noqa: BLE001 (already broken; nothing to keep)
            pass


def _read(conn):
    cursor = conn.cursor()
    try:
        cursor.execute(_SQL)
        return cursor.fetchone()
    finally:
        cursor.close()


def current() -> int | None:
    """The data version now, or None when none is known (nothing written since the table
    was emptied, or the database cannot be read just now): then no cache may be trusted,
    and the caller's own queries meet (and report) any database failure."""
    engine = db.engine
    for _attempt in range(2):  # a dropped connection (database restarted): one more try
        try:
            row = _read(_connection(engine))
        except Exception:  # noqa: BLE001
            _forget()
            continue
        return None if row is None else row[0]
    return None


_first_seen: dict[int | None, float] = {}
_first_seen_lock = threading.Lock()
_now = time.time  # replaced in tests


def changed_at() -> datetime:
    """When this process first saw the current data version: not before the commit that
    made it, so a Last-Modified at least this late changes with every write the data
    version follows (catalog renames included, which no ``updated_at`` column records).
    Unknown version, or a process that has just started: now (never a stale 304)."""
    version = current()
    with _first_seen_lock:
        seen = _first_seen.get(version) if version is not None else None
        if seen is None:
            seen = _now()
            if version is not None:
                if len(_first_seen) > 64:
                    _first_seen.clear()
                _first_seen[version] = seen
    return datetime.fromtimestamp(seen, UTC)
