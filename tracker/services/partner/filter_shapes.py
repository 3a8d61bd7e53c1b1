"""Statements of the partner list built once per filter *shape*, with bound parameters.

A page of the API list runs two statements (the total and the page) made from the filter
(``services.queries.filters.clauses``, the filter's one home). Building those statements
and finding them in SQLAlchemy's compiled cache cost more than running them (about 3 ms a
page). Two requests whose filters give the same parameters (not the same values) need
the same statements: ``shape(filters)`` is that key, and ``placeholders`` the filter with
each value replaced by a bound parameter (``Bound``), so that ``clauses`` builds the
statements once per shape and each request only binds its values (``values``).

Filters whose SQL depends on more than values (``as_of``, ``year``, ``moved_since``, a
keyset position, ``q`` words the index did not answer) are not cached: the caller builds
them as before. ``q`` words the index answered are one bound list of ids
(``text_search.id_in``): the caller names their shape (``words``).
"""

import dataclasses
from datetime import date

from sqlalchemy import BindParameter, Date, bindparam

from ...domain.filters import RecommendationFilter

# field -> whether it is a list (an expanding ``IN`` parameter)
BOUND = {"status": True, "topic_ids": True, "line_id": False, "addressee": False,
         "event_id": False, "publication_id": False, "updated_since": False}
# fields that change the statement itself: part of the shape, never bound
LITERAL = ("priority", "stale", "regressed", "public", "sort")
UNCACHED = ("as_of", "year", "moved_since")


class Bound(BindParameter):
    """A bound parameter standing for a filter value that is set (true, as the value is:
    ``clauses`` tests values for truth before using them)."""

    inherit_cache = True

    def __bool__(self) -> bool:
        return True


def shape(filters: RecommendationFilter, words=None) -> tuple | None:
    """The key of ``filters``'s statements: which values are set, and the literal ones;
    None when its statements cannot be cached (see the module's docstring). ``words``:
    the shape of the ``q`` condition (None: no bound form, not cached)."""
    if any(getattr(filters, name) for name in UNCACHED) or (filters.q and words is None):
        return None
    return (tuple(name for name in BOUND if _is_set(getattr(filters, name))),
            tuple(getattr(filters, name) for name in LITERAL), words if filters.q else None)


def only_words(filters: RecommendationFilter) -> bool:
    """True when ``q`` is the filter's only condition (sort and paging aside)."""
    return bool(filters.q) and not dataclasses.replace(filters, q="").is_filtered


def _is_set(value) -> bool:
    return value is not None and value != () and value != ""


def placeholders(filters: RecommendationFilter) -> RecommendationFilter:
    """``filters`` with each set value of ``BOUND`` replaced by a ``Bound`` of its name."""
    return dataclasses.replace(filters, **{
        name: Bound(name, expanding=many) for name, many in BOUND.items()
        if _is_set(getattr(filters, name))
    })


def values(filters: RecommendationFilter) -> dict:
    """The bound values of ``filters`` for its shape's statements."""
    out = {}
    for name, many in BOUND.items():
        value = getattr(filters, name)
        if _is_set(value):
            out[name] = list(value) if many else value
    return out


def today_parameter():
    """The bound ``today`` of the cached statements (visibility by publication date)."""
    return bindparam("today", type_=Date)


def today_value(today: date) -> dict:
    return {"today": today}
