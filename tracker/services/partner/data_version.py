"""The current data version (``models.versioning``): the cheap validity check of caches of
public data.

``current()`` reads the one row as a single autocommitted statement on the connection
each thread keeps beside the request's session (``side_reads``: checking a pooled
connection out, pinging it and resetting it cost more than the read).

Read the version *before* reading the data a cache entry is built from: the data read
afterwards is then at least as new as the version, so an entry can be older than the truth
only under a version that has already changed (and no reader will trust it again).
"""

import threading
import time
from datetime import UTC, datetime

from . import side_reads

_SQL = "SELECT version FROM data_version WHERE id = 1"


def current() -> int | None:
    """The data version now, or None when none is known (nothing written since the table
    was emptied, or the database cannot be read just now): then no cache may be trusted,
    and the caller's own queries meet (and report) any database failure."""
    try:
        return side_reads.scalar_sql(_SQL)
    except side_reads.Unavailable:
        return None


_first_seen: dict[int | None, float] = {}
_first_seen_lock = threading.Lock()
_now = time.time  # replaced in tests


UNREAD = object()  # changed_at's default: read the version now


def changed_at(version=UNREAD) -> datetime:
    """When this process first saw the current data version: not before the commit that
    made it, so a Last-Modified at least this late changes with every write the data
    version follows (catalog renames included, which no ``updated_at`` column records).
    Unknown version, or a process that has just started: now (never a stale 304).
    ``version``: ``current()``, when the caller has just read it."""
    if version is UNREAD:
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
