"""Every SQLAlchemy listener of the app is registered here, and only here.

The listener functions live next to the rule they keep (named below); this module decides
that they run and in which order. ``create_app`` calls ``install(app)`` once, after
``db.init_app``. Listeners on one target and event run in the order they were registered,
so the order of ``PROCESS_WIDE`` is the order they run in:

1. Engine (``database``): on SQLite, the connect hook (WAL, busy timeout, foreign keys)
   and the begin hook (``BEGIN IMMEDIATE`` for writers). First, because every later
   listener may open a connection, and each connection must be set up before it is used.
   Per engine, so once per app (each app has its own engine).
2. Mapper (``api.auth``): an ``ApiToken`` inserted, updated or deleted drops this
   process's cache of partner tokens, so a revoked token stops working at once.
3. Attribute (``services.accounts.audit``): setting a tracked column loads its old value
   first (``active_history``), so the audit's before-flush can say what it was. Before the
   session hooks, as they read those histories.
4. Session class, ``before_flush``: the audit (``services.accounts.audit``) collects each
   tracked object's changes first, so an entry lists what the writer changed; then the
   translation clock (``services.recommendations.translation_clock``) stamps
   ``en_updated_at`` / ``ja_updated_at``, bookkeeping that is not audited (the other way
   round every edit of a text would also list the stamp). The audit's ``after_flush``
   writes its rows in the flush's transaction; ``after_soft_rollback`` and
   ``after_commit`` drop what it kept for the transaction. On ``Session`` itself: every
   session is audited and stamped, the app's and any other (CLI, background jobs).
5. App sessions (``db.session``), the board tally (``services.boards.board_tally``) before
   the search index (``search.hooks``): the tally notes touched tables after each flush
   and, in ``before_commit``, flushes and compacts when due, inside the transaction; the
   search hooks collect changed recommendations after each flush (so they also see the
   tally's final flush) and index them in ``after_commit``, when the rows are committed
   (the index must never show a write that was rolled back). Both drop their notes on
   rollback.
6. App sessions, the partners' replication log (``services.partner.sync_log``), last: it
   notes touched recommendations after each flush (after the tally's, so it sees any
   tally flush) and, in ``before_commit``, flushes, takes the lock that serialises
   sequence numbers until the commit, and logs them. Last of all ``before_commit`` hooks,
   so nothing else runs (or locks) between taking that lock and the commit, and the lock
   is held as briefly as possible. Its notes are dropped on rollback.

Idempotent: 2-6 attach to classes and module-level objects, shared by every app in the
process (tests create many), so each is registered only when not already there
(``event.contains``); 1 once per engine.
"""

import weakref

from flask import Flask
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from . import database
from .api import auth as api_auth
from .extensions import db
from .models import ApiToken
from .search import hooks as search_hooks
from .services.accounts import audit
from .services.boards import board_tally
from .services.partner import sync_log
from .services.recommendations import translation_clock

PROCESS_WIDE = (
    # 2. mapper
    (ApiToken, "after_insert", api_auth._token_changed),
    (ApiToken, "after_update", api_auth._token_changed),
    (ApiToken, "after_delete", api_auth._token_changed),
    # 4. every session
    (Session, "before_flush", audit._before_flush),
    (Session, "before_flush", translation_clock._before_flush),
    (Session, "after_flush", audit._after_flush),
    (Session, "after_soft_rollback", audit._after_rollback),
    (Session, "after_commit", audit._after_commit),
    # 5. the app's sessions: board tally, then search
    (db.session, "after_flush", board_tally._after_flush),
    (db.session, "do_orm_execute", board_tally._on_execute),
    (db.session, "before_commit", board_tally._before_commit),
    (db.session, "after_soft_rollback", board_tally._forget),
    (db.session, "after_flush", search_hooks._after_flush),
    (db.session, "do_orm_execute", search_hooks._on_execute),
    (db.session, "after_commit", search_hooks._after_commit),
    (db.session, "after_soft_rollback", search_hooks._after_rollback),
    # 6. the app's sessions: the replication log, last before the commit
    (db.session, "after_flush", sync_log._after_flush),
    (db.session, "do_orm_execute", sync_log._on_execute),
    (db.session, "before_commit", sync_log._before_commit),
    (db.session, "after_soft_rollback", sync_log._forget),
)

_tuned_engines: "weakref.WeakSet" = weakref.WeakSet()


def install(app: Flask) -> None:
    """Register every listener (see the module docstring for the order); safe to call for
    each new app in one process."""
    _install_engine(app)
    _install_audit_history()
    for target, identifier, fn in PROCESS_WIDE:
        _listen(target, identifier, fn)


def _install_engine(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine in _tuned_engines or engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect",
                 database.sqlite_on_connect(engine, app.config["SQLITE_BUSY_TIMEOUT"]))
    event.listen(engine, "begin", database.sqlite_on_begin)
    _tuned_engines.add(engine)


def _install_audit_history() -> None:
    for model in audit.TRACKED:
        for attr in inspect(model).column_attrs:
            _listen(getattr(model, attr.key), "set", audit._load_old_values,
                    active_history=True, retval=True)


def _listen(target, identifier: str, fn, **kw) -> None:
    if not event.contains(target, identifier, fn):
        event.listen(target, identifier, fn, **kw)
