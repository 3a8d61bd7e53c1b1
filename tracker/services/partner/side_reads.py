"""One-statement reads beside the request's session, for the API's hottest answers.

Each thread keeps one database connection for these reads alone, outside the pool and
in autocommit: every statement is its own snapshot of the latest commit and holds no
transaction afterwards. Checking a pooled connection out for the request's session,
beginning, and rolling back at the end of the request cost several times the read of one
indexed row; here a read is the statement and nothing else.

A statement is a SQLAlchemy ``Select`` (so the rules it is built from keep their one home,
e.g. ``queries.visibility``), compiled once per dialect; its parameters and result values
go through the column types' own processors, so a row holds what the session would give.
Statements with ``expanding`` parameters (``IN`` lists) are not supported.

A connection that fails is dropped and the read tried once on a new one; if that fails
too, ``Unavailable`` is raised and the caller reads through its session instead, which
reports a database that cannot be reached the usual way (the API's 503).
"""

import os
import threading
from collections import namedtuple

from ...extensions import db

_local = threading.local()
_compiled: dict = {}
_compiled_lock = threading.Lock()


class Unavailable(Exception):
    """The side connection could not read (the caller falls back to its session)."""


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


class _Compiled:
    """A statement's SQL for one dialect, how to bind its parameters and how to read rows."""

    def __init__(self, statement, dialect):
        compiled = statement.compile(dialect=dialect)
        self.statement = statement  # held, so its id is never another statement's
        self.sql = compiled.string
        self._order = list(compiled.positiontup) if compiled.positional else None
        # the statement's own values (e.g. the literal 'draft'); the caller gives the rest
        self._fixed = {name: bind.effective_value for name, bind in compiled.binds.items()
                       if not bind.required}
        self._binds = {name: process for name, bind in compiled.binds.items()
                       if (process := bind.type.dialect_impl(dialect).bind_processor(dialect))}
        self._results = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                         for column in statement.selected_columns]
        self.row = namedtuple("Row", statement.selected_columns.keys(), rename=True)
        if not any(self._results):  # every value as the driver gives it
            self.make_row = self.row._make

    def parameters(self, values: dict):
        given = {**self._fixed, **values}
        for name, process in self._binds.items():
            given[name] = process(given[name])
        return [given[name] for name in self._order] if self._order is not None else given

    def make_row(self, raw):
        return self.row(*(process(v) if process else v for process, v in zip(self._results, raw, strict=True)))


def _compile(statement, dialect) -> _Compiled:
    key = (id(statement), dialect.name)
    found = _compiled.get(key)
    if found is None or found.statement is not statement:
        found = _Compiled(statement, dialect)
        with _compiled_lock:
            _compiled[key] = found
    return found


def _fetchone(engine, sql: str, parameters):
    for _attempt in range(2):  # a dropped connection (database restarted): one more try
        try:
            cursor = _connection(engine).cursor()
            try:
                cursor.execute(sql, parameters)
                return cursor.fetchone()
            finally:
                cursor.close()
        except Exception:  # noqa: BLE001 (the DBAPI's own errors: any of them)
            _forget()
    raise Unavailable


def first(statement, values: dict):
    """The first row of ``statement`` with ``values`` (a named tuple of its selected
    columns), or None when it selects nothing.

    :raise Unavailable: the database could not be read on a fresh connection either.
    """
    engine = db.engine
    compiled = _compile(statement, engine.dialect)
    raw = _fetchone(engine, compiled.sql, compiled.parameters(values))
    return None if raw is None else compiled.make_row(raw)


def scalar_sql(sql: str):
    """The first column of the first row of plain ``sql`` (no parameters), or None.

    :raise Unavailable: as for ``first``."""
    raw = _fetchone(db.engine, sql, ())
    return None if raw is None else raw[0]
