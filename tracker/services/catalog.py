"""Events, publications and topic areas: slugs and the rule that nothing referenced is
ever deleted (so no recommendation is orphaned)."""

import re
import unicodedata

from sqlalchemy import func, select

from ..extensions import db
from ..models import Event, Publication, Recommendation, TopicArea
from .errors import RuleViolation


def slugify(text: str | None) -> str:
    """Lower-case ASCII words joined by hyphens (empty for text with no ASCII letters,
    e.g. a Japanese-only title: the user then gives the slug)."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80]


def slug_taken(model, slug: str, obj=None) -> bool:
    other = db.session.execute(select(model).where(model.slug == slug)).scalar_one_or_none()
    return other is not None and other is not obj


def _count(stmt) -> int:
    return db.session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()


def references(obj) -> list[str]:
    """Human descriptions of what still points at ``obj`` (empty: safe to delete)."""
    found = []
    if isinstance(obj, Event):
        n = _count(select(Recommendation.id).where(Recommendation.event_id == obj.id))
        p = _count(select(Publication.id).where(Publication.event_id == obj.id))
        found += [f"{n} recommendation(s)"] if n else []
        found += [f"{p} publication(s)"] if p else []
    elif isinstance(obj, Publication):
        n = _count(select(Recommendation.id).where(Recommendation.publication_id == obj.id))
        found += [f"{n} recommendation(s)"] if n else []
    elif isinstance(obj, TopicArea):
        n = _count(select(Recommendation.id).where(Recommendation.topic_id == obj.id))
        c = _count(select(TopicArea.id).where(TopicArea.parent_id == obj.id))
        found += [f"{n} recommendation(s)"] if n else []
        found += [f"{c} sub-topic(s)"] if c else []
    return found


def delete(obj) -> None:
    """Delete ``obj`` unless something refers to it.

    :raise RuleViolation: naming what still refers to it. The caller commits.
    """
    refs = references(obj)
    if refs:
        raise RuleViolation(
            f"“{getattr(obj, 'title', None) or obj.name_en}” is still used by {' and '.join(refs)}; "
            "it cannot be deleted until they point elsewhere."
        )
    db.session.delete(obj)
    db.session.flush()


def check_topic_parent(topic: TopicArea | None, parent: TopicArea | None) -> None:
    """:raise RuleViolation: when ``parent`` is ``topic`` itself or one of its sub-topics."""
    node = parent
    while topic is not None and node is not None:
        if node is topic:
            raise RuleViolation("A topic cannot be placed under itself or its own sub-topic.", "parent")
        node = node.parent
