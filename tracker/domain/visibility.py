"""Who may see a recommendation (DESIGN.md "Visibility"), as a pure rule.

A recommendation is *public* on ``today`` when it is not a draft, not archived, and its
publication has a publication date on or before ``today``. Partners (API, feeds, public
export) and the public pages see public recommendations only. The SQL form of the same
rule is ``tracker.services.visibility.public_clause``; a test checks they agree.
"""

from datetime import date

from . import statuses


def is_published(publication_date: date | None, today: date) -> bool:
    """The publication is out by ``today`` (a recommendation without one never is)."""
    return publication_date is not None and publication_date <= today


def is_public(status: str, archived: bool, publication_date: date | None, today: date) -> bool:
    """Not a draft, not archived, and its publication out on or before ``today``."""
    return status != statuses.DRAFT and not archived and is_published(publication_date, today)
