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
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import (
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    RecommendationAddressee,
    StatusChange,
    TopicArea,
)
from . import sync

log = logging.getLogger(__name__)
PENDING = "search_pending"
RELATED = "search_related"
NEEDS_CATCH_UP = "search_catch_up"
_WATCHED = (Recommendation, RecommendationAddressee, StatusChange, TopicArea, Event,
            Publication, LineOfEffort)


def _after_flush(session, _context):
    pending = session.info.setdefault(PENDING, set())
    related = session.info.setdefault(RELATED, set())
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Recommendation):
            pending.add(obj.id)
        elif isinstance(obj, RecommendationAddressee | StatusChange):
            pending.add(obj.recommendation_id)
        elif isinstance(obj, TopicArea | Event | Publication | LineOfEffort):
            related.add((type(obj).__name__, obj.id))
    pending.discard(None)


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
    by_kind: dict[str, set[int]] = {}
    for kind, obj_id in related:
        by_kind.setdefault(kind, set()).add(obj_id)
    with Session(db.engine) as session:
        topics = set(by_kind.get("TopicArea", ()))
        lines = by_kind.get("LineOfEffort")
        if lines:
            topics |= set(session.scalars(
                select(TopicArea.id).where(TopicArea.line_of_effort_id.in_(lines))))
        frontier = set(topics)
        while frontier:  # sub-topics show their parents' names
            frontier = set(session.scalars(
                select(TopicArea.id).where(TopicArea.parent_id.in_(frontier)))) - topics
            topics |= frontier
        clauses = []
        if topics:
            clauses.append(Recommendation.topic_id.in_(topics))
        if by_kind.get("Event"):
            clauses.append(Recommendation.event_id.in_(by_kind["Event"]))
        if by_kind.get("Publication"):
            clauses.append(Recommendation.publication_id.in_(by_kind["Publication"]))
        ids = set()
        for clause in clauses:
            ids |= set(session.scalars(select(Recommendation.id).where(clause)))
        return ids

