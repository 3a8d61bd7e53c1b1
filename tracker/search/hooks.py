"""Session hooks (registered by ``tracker.listeners``): collect what a transaction changed,
index it after commit.

Collected in ``after_flush`` (objects flushed before the commit are no longer in
``session.new`` at commit time — microblog issue #107), kept in ``session.info`` (per
session, never shared), applied in ``after_commit``, dropped on rollback. Bulk ORM
statements (``insert``/``update``/``delete`` on these models) cannot name their rows, so
they ask for a catch-up instead. Indexing never turns a committed write into an error:
failures are logged and left to the catch-up (``sync.catch_up``), which compares the
index with the database before every search.
"""

import logging
from itertools import chain

from flask import has_app_context
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import (
    Recommendation,
    RecommendationAddressee,
    StatusChange,
    touches,
)
from . import sync

log = logging.getLogger(__name__)
PENDING = "search_pending"
RELATED = "search_related"
NEEDS_CATCH_UP = "search_catch_up"
_WATCHED = (Recommendation, RecommendationAddressee, StatusChange, *touches.CATALOG_TYPES)


def _after_flush(session, _context):
    recommendations, catalog = touches.touched(chain(session.new, session.dirty, session.deleted))
    session.info.setdefault(PENDING, set()).update(recommendations)
    session.info.setdefault(RELATED, set()).update(catalog)


def _on_execute(state):
    if (state.is_insert or state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ in _WATCHED:
        state.session.info[NEEDS_CATCH_UP] = True


def _after_commit(session):
    pending = session.info.pop(PENDING, set())
    related = session.info.pop(RELATED, set())
    needs_catch_up = session.info.pop(NEEDS_CATCH_UP, False)
    if not (pending or related or needs_catch_up) or not has_app_context():
        return
    try:
        if related:
            pending |= _ids_for_related(related)
        sync.apply(pending)
        if needs_catch_up:
            sync.catch_up(force=True)
    except Exception:  # the write is committed; the catch-up will index it later
        log.exception("search index update failed after commit; left to the catch-up")
        try:
            sync.mark_behind()
        except Exception:  # noqa: BLE001 — never turn a committed write into an error
            pass


def _after_rollback(session, _previous):
    if not session.in_transaction():
        for key in (PENDING, RELATED, NEEDS_CATCH_UP):
            session.info.pop(key, None)


def _ids_for_related(related: set) -> set[int]:
    """Recommendations whose documents show a changed topic, line, event or publication."""
    with Session(db.engine) as session:
        return touches.shown_in(session, related)

