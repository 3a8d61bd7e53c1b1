"""The one SQL way to get a topic and its sub-topics (the rule is ``domain.topic_tree``).

One query loads the ``(id, parent_id)`` pairs of every topic (a few hundred rows at most)
and the pure walk does the rest; a recursive CTE would need one statement per dialect for
no measurable gain at this size.
"""

from sqlalchemy import select

from ...domain import topic_tree
from ...extensions import db
from ...models import TopicArea


def pairs() -> list[tuple[int, int | None]]:
    """Every topic as ``(id, parent_id)``."""
    return [tuple(row) for row in db.session.execute(select(TopicArea.id, TopicArea.parent_id))]


_IDS_PARENTS_SLUGS = select(TopicArea.id, TopicArea.parent_id, TopicArea.slug)


def ids_by_slug(slug: str) -> tuple[int, ...] | None:
    """The topic named ``slug`` and every topic below it (root first); None when no topic
    has that slug. One query (columns only: on the session's connection, without the ORM
    execution layer, which cost more than the query on the API's hot path)."""
    rows = db.session.connection().execute(_IDS_PARENTS_SLUGS).all()
    root = next((r.id for r in rows if r.slug == slug), None)
    if root is None:
        return None
    return topic_tree.descendants(root, ((r.id, r.parent_id) for r in rows))


def subtrees() -> dict[int, tuple[int, ...]]:
    """``{topic id: that topic and every topic below it}`` for every topic. One query."""
    return topic_tree.subtrees(pairs())
