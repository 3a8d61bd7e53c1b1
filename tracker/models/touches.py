"""What a flush touched: the one rule of which recommendations and catalog rows a write
changes, and which recommendations show a changed catalog row. The search index (``tracker.search.hooks``) and the partner sync log
(``services.partner.sync_log``) both follow it, so a write they must see is seen by both."""

from collections.abc import Iterable

from sqlalchemy import or_, select

from .recommendation import Recommendation, RecommendationAddressee, StatusChange
from .sources import Event, Publication
from .taxonomy import LineOfEffort, TopicArea

# Catalog rows whose names appear in a recommendation's public and searchable text.
CATALOG_TYPES = (TopicArea, Event, Publication, LineOfEffort)


def touched(objects: Iterable) -> tuple[set[int], set[tuple[str, int]]]:
    """``(recommendation ids, {(catalog class name, id)})`` that ``objects`` (a session's
    new, dirty and deleted objects) change: a recommendation itself, its addressee rows
    (tracks) and status entries, and catalog rows (whose renames reach every
    recommendation that shows them). Ids not assigned yet are left out."""
    recommendations: set[int] = set()
    catalog: set[tuple[str, int]] = set()
    for obj in objects:
        if isinstance(obj, Recommendation):
            recommendations.add(obj.id)
        elif isinstance(obj, RecommendationAddressee | StatusChange):
            recommendations.add(obj.recommendation_id)
        elif isinstance(obj, CATALOG_TYPES):
            catalog.add((type(obj).__name__, obj.id))
    recommendations.discard(None)
    return recommendations, catalog


def shown_in(connection, catalog: set[tuple[str, int]]) -> set[int]:
    """Ids of the recommendations that show one of the ``catalog`` rows (as ``touched``
    returns them): their topic, a parent topic of it, their topic's line of effort, their
    event or their publication. Read on ``connection`` (a Connection or Session); a few
    statements, whatever the number of rows."""
    by_kind: dict[str, set[int]] = {}
    for kind, obj_id in catalog:
        by_kind.setdefault(kind, set()).add(obj_id)
    topics = set(by_kind.get("TopicArea", ()))
    if by_kind.get("LineOfEffort"):
        topics |= set(connection.execute(select(TopicArea.id).where(
            TopicArea.line_of_effort_id.in_(by_kind["LineOfEffort"]))).scalars())
    frontier = set(topics)
    while frontier:  # sub-topics show their parents' names
        frontier = set(connection.execute(select(TopicArea.id).where(
            TopicArea.parent_id.in_(frontier))).scalars()) - topics
        topics |= frontier
    R = Recommendation
    clauses = []
    if topics:
        clauses.append(R.topic_id.in_(topics))
    if by_kind.get("Event"):
        clauses.append(R.event_id.in_(by_kind["Event"]))
    if by_kind.get("Publication"):
        clauses.append(R.publication_id.in_(by_kind["Publication"]))
    if not clauses:
        return set()
    return set(connection.execute(select(R.id).where(or_(*clauses))).scalars())
