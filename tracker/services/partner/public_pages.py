"""Queries only the public pages need (``tracker.web.public``), public data only.

Everything else the pages show comes from ``services.partner.public_api`` (the same queries,
visibility and declared columns as the partner API). Every query here starts from
``queries.visibility.public_clause`` and selects public columns only (titles, references,
statuses, dates): no internal note is ever loaded.
"""

from datetime import datetime

from sqlalchemy import func, select

from ...extensions import db
from ...models import Publication, Recommendation, TopicArea
from .. import clock
from ..queries import visibility

R, P = Recommendation, Publication


def titles(references: list[str]) -> dict[str, tuple[str, str | None]]:
    """``{reference: (title_en, title_ja)}`` of the PUBLIC recommendations among
    ``references`` (the others are simply absent)."""
    if not references:
        return {}
    rows = db.session.execute(
        select(R.reference, R.title_en, R.title_ja)
        .where(R.reference.in_(set(references)), visibility.public_clause(clock.today()))
    ).all()
    return {ref: (en, ja) for ref, en, ja in rows}


def sitemap_entries() -> list[tuple[str, datetime]]:
    """``(reference, updated_at)`` of every public recommendation, by reference."""
    return db.session.execute(
        select(R.reference, R.updated_at).where(visibility.public_clause(clock.today()))
        .order_by(R.reference)
    ).all()


def topic(slug: str) -> TopicArea | None:
    """The topic ``slug`` (topics are public vocabulary), or None."""
    return db.session.execute(select(TopicArea).where(TopicArea.slug == slug)).scalar()


def status_counts(topic_ids: tuple[int, ...] | None = None) -> dict[str, int]:
    """Public recommendations by current status (in ``topic_ids`` when given)."""
    query = (select(R.status, func.count(R.id)).where(visibility.public_clause(clock.today()))
             .group_by(R.status))
    if topic_ids is not None:
        query = query.where(R.topic_id.in_(topic_ids))
    return dict(db.session.execute(query).all())


def years() -> list[int]:
    """Publication years that have a public recommendation, newest first."""
    days = db.session.execute(
        select(P.published_on).distinct().join(R, R.publication_id == P.id)
        .where(visibility.public_clause(clock.today()))
    ).scalars()
    return sorted({d.year for d in days if d is not None}, reverse=True)
