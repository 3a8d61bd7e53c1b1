"""The current data version (``models.versioning``): the cheap validity check of caches of
public data.

``current()`` reads the one row on a pooled connection of its own, outside the request's
session, as a single autocommitted statement. Read the version *before* reading the data a
cache entry is built from: the data read afterwards is then at least as new as the
version, so an entry can be older than the truth only under a version that has already
changed (and no reader will trust it again).
"""

from ..extensions import db

_SQL = "SELECT version FROM data_version WHERE id = 1"


def current() -> int | None:
    """The data version now, or None when none is known yet (nothing written since the
    table was created or emptied): then no cache may be trusted."""
    conn = db.engine.raw_connection()
    try:
        cursor = conn.cursor()
        try:
            cursor.execute(_SQL)
            row = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        conn.close()  # back to the pool, which ends any transaction the driver began
    return None if row is None else row[0]
