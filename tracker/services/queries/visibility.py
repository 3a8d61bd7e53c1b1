"""Who may see what (DESIGN.md "Visibility").

A recommendation is public when it is not a draft, not archived, and its publication has a
publication date on or before the day in question. One rule, in Python and in SQL.
"""

from datetime import date

from sqlalchemy import and_, select

from ...domain import statuses
from ...models import Publication, Recommendation
from .. import clock


def is_public(rec: Recommendation, today: date | None = None) -> bool:
    today = today or clock.today()
    pub = rec.publication
    return (
        rec.status != statuses.DRAFT
        and rec.archived_at is None
        and pub is not None
        and pub.published_on is not None
        and pub.published_on <= today
    )


def published_by_clause(day: date):
    """SQL: the recommendation's publication is out by ``day`` (no draft check)."""
    return Recommendation.publication_id.in_(
        select(Publication.id).where(
            Publication.published_on.is_not(None), Publication.published_on <= day
        )
    )


def public_clause(today: date | None = None):
    """SQL condition matching exactly the recommendations ``is_public`` accepts."""
    today = today or clock.today()
    return and_(
        Recommendation.status != statuses.DRAFT,
        Recommendation.archived_at.is_(None),
        published_by_clause(today),
    )
