"""The one pagination helper of the staff pages: a page of a SELECT and its total.

``paginate`` runs two queries whatever the page size (the total, then the rows), as
``Flask-SQLAlchemy``'s ``db.paginate`` does, but can also answer a page past the end with
the last page (``clamp``) and takes loader options and an order for the rows only. Page
numbers below 1 count as 1.
"""

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from ...extensions import db


@dataclass
class Page:
    """One page of ``items`` out of ``total`` (the attributes the templates' pager reads)."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def page_count(total: int, per_page: int) -> int:
    """Pages needed for ``total`` rows (at least one, an empty page)."""
    return max(1, -(-total // per_page))


def first_row(page: int, per_page: int) -> int:
    """The OFFSET of page ``page`` (from 1)."""
    return (page - 1) * per_page


def paginate(base: Select, page: int, per_page: int, *, order_by=(), options=(),
             clamp: bool = False) -> Page:
    """Page ``page`` of the entities ``base`` selects, ordered by ``order_by`` (with the
    loader ``options``), and the total. ``clamp``: a page past the end gives the last page."""
    total = db.session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    page = max(1, page)
    if clamp:
        page = min(page, page_count(total, per_page))
    rows = db.session.execute(
        base.options(*options).order_by(*order_by)
        .limit(per_page).offset(first_row(page, per_page))
    ).scalars().all()
    return Page(list(rows), total, page, per_page)
