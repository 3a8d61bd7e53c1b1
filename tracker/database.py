"""Engine tuning per backend, applied once when the app is created.

SQLite (the embedded default) gets WAL mode, a busy timeout, foreign keys, and explicit
transactions: requests that may write (POST, PUT, PATCH, DELETE), and code running inside
``write_lock()``, begin with ``BEGIN IMMEDIATE``, taking the write lock up front, so two
writers queue for the lock instead of one failing with "database is locked" when it
upgrades a read transaction. Everything else begins a plain deferred transaction and never
blocks writers.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, has_request_context, request
from sqlalchemy.engine import Engine

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_force_write_lock: ContextVar[bool] = ContextVar("force_write_lock", default=False)


@contextmanager
def write_lock():
    """Transactions begun inside this block take SQLite's write lock up front.

    For writers outside a form request (CLI commands, background work, a GET that must
    write). Has no effect on PostgreSQL, which locks rows instead.
    """
    token = _force_write_lock.set(True)
    try:
        yield
    finally:
        _force_write_lock.reset(token)


def _wants_write_lock() -> bool:
    if _force_write_lock.get():
        return True
    return has_request_context() and request.method not in SAFE_METHODS


def sqlite_on_connect(engine: Engine, busy_timeout_seconds: float):
    """The SQLite ``connect`` hook described above, for ``engine`` (registered by
    ``tracker.listeners`` with ``sqlite_on_begin``)."""

    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see "begin")
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_seconds * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    return _on_connect


def sqlite_on_begin(connection) -> None:
    """The SQLite ``begin`` hook: ``BEGIN IMMEDIATE`` for writers, else ``BEGIN``."""
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")


def init_database(app: Flask, db) -> None:
    @app.teardown_request
    def _end_transaction(_exc):
        """Never hold a transaction (and SQLite's write lock) past the end of a request.

        Views commit what they mean to keep; whatever is left open is rolled back here
        rather than at app-context teardown, which may come later (e.g. in tests, or when
        a request starts background work that needs the write lock). A request that never
        used the session (e.g. an API answer from a cache) has nothing to roll back."""
        if db.session.registry.has():
            db.session.rollback()
