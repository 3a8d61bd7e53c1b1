"""Events, publications and topic areas: slugs and the rule that nothing referenced is
ever deleted (so no recommendation is orphaned)."""

import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import func, select

from ...extensions import db
from ...models import Event, Publication, Recommendation, TopicArea
from ..errors import RuleViolation


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


def _n_recs(n: int) -> str:
    return _("%(num)d recommendation(s)", num=n)


def references(obj) -> list[str]:
    """Human descriptions of what still points at ``obj`` (empty: safe to delete)."""
    found = []
    if isinstance(obj, Event):
        n = _count(select(Recommendation.id).where(Recommendation.event_id == obj.id))
        p = _count(select(Publication.id).where(Publication.event_id == obj.id))
        found += [_n_recs(n)] if n else []
        found += [_("%(num)d publication(s)", num=p)] if p else []
    elif isinstance(obj, Publication):
        n = _count(select(Recommendation.id).where(Recommendation.publication_id == obj.id))
        found += [_n_recs(n)] if n else []
    elif isinstance(obj, TopicArea):
        n = _count(select(Recommendation.id).where(Recommendation.topic_id == obj.id))
        c = _count(select(TopicArea.id).where(TopicArea.parent_id == obj.id))
        found += [_n_recs(n)] if n else []
        found += [_("%(num)d sub-topic(s)", num=c)] if c else []
    return found


def delete(obj) -> None:
    """Delete ``obj`` unless something refers to it.

    :raise RuleViolation: naming what still refers to it. The caller commits.
    """
    refs = references(obj)
    if refs:
        raise RuleViolation(
            _("“%(name)s” is still used by %(users)s; it cannot be deleted until they point elsewhere.",
              name=getattr(obj, "title", None) or obj.name_en, users=_(" and ").join(refs))
        )
    db.session.delete(obj)
    db.session.flush()


def check_topic_parent(topic: TopicArea | None, parent: TopicArea | None) -> None:
    """:raise RuleViolation: when ``parent`` is ``topic`` itself or one of its sub-topics."""
    node = parent
    while topic is not None and node is not None:
        if node is topic:
            raise RuleViolation(_("A topic cannot be placed under itself or its own sub-topic."), "parent")
        node = node.parent
