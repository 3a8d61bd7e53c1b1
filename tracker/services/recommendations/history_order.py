"""One commit order for the status history, so ids are handed out in the order entries
become visible.

Partners follow ``/api/v1/changes`` by status-change id (``services.public_changes``). If
two transactions could add history at once, the one holding the lower id might commit
after a partner had already read the higher one, and the partner would never see it.
SQLite serialises write transactions already (``BEGIN IMMEDIATE``, see ``database.py``);
on PostgreSQL every transaction that adds history takes one transaction-level advisory
lock first, held until it commits or rolls back.

Contract: call :func:`lock_history_order` before anything else a history-writing
transaction locks (a recommendation row, the reference counter), so every writer takes
its locks in the same order and none can deadlock another. Calling it again in the same
transaction is harmless.
"""

from sqlalchemy import text

from ...extensions import db

HISTORY_LOCK_KEY = 0x4E455854  # "NEXT"


def lock_history_order() -> None:
    """Wait until no other transaction is adding status history (PostgreSQL only)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": HISTORY_LOCK_KEY})
