"""Who may see what (DESIGN.md "Visibility"): the rule of ``tracker.domain.visibility``
applied to a ``Recommendation`` row, and the same rule in SQL.
"""

from datetime import date

from sqlalchemy import and_, select

from ...domain import statuses
from ...domain import visibility as rule
from ...models import Publication, Recommendation
from .. import clock


def is_public(rec: Recommendation, today: date | None = None) -> bool:
    """``domain.visibility.is_public`` for ``rec`` on ``today`` (default: today)."""
    pub = rec.publication
    return rule.is_public(rec.status, rec.archived_at is not None,
                          pub.published_on if pub is not None else None, today or clock.today())


def publication_out_clause(day, publication=Publication):
    """SQL twin of ``domain.visibility.is_published``: ``publication`` (the class or an
    alias) is out by ``day`` (a date, or a bound parameter)."""
    return and_(publication.published_on.is_not(None), publication.published_on <= day)


def published_by_clause(day):
    """SQL: the recommendation's publication is out by ``day`` (no draft check)."""
    return Recommendation.publication_id.in_(
        select(Publication.id).where(publication_out_clause(day))
    )


def public_clause(today=None):
    """SQL condition matching exactly the recommendations ``is_public`` accepts on
    ``today`` (a date or a bound parameter; default: today)."""
    today = clock.today() if today is None else today
    return and_(
        Recommendation.status != statuses.DRAFT,
        Recommendation.archived_at.is_(None),
        published_by_clause(today),
    )
