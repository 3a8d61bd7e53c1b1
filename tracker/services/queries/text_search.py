"""The ``q`` words of the staff list and the API, answered by the search index.

``match(q, scope=...)`` asks ``tracker.search`` for the ids of every matching
recommendation and turns them into one SQL condition on ``Recommendation.id``, which the
callers combine with their other filters, visibility and sort: the database stays the
truth (an id the index still holds for a deleted or now-hidden row selects nothing).

- A query the search cannot parse raises ``SearchQueryError`` (its text is for the user).
- When the index cannot be used (missing folder that cannot be created, corrupt files, a
  lock held too long) or says it is still catching up, the old word filter is used instead (every word occurs, as a
  case-insensitive substring, in the reference, a title or a text) and ``TextMatch.notice``
  says so. An index failure never becomes a 500.
"""

import json
import logging

from sqlalchemy import BindParameter, Integer, String, any_, false, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY

from ...extensions import db
from ...models import Recommendation
from ...search import SearchQueryError, search

__all__ = ["SearchQueryError", "TextMatch", "id_in", "ids_type", "ids_value", "like_conditions", "match"]

log = logging.getLogger(__name__)
FALLBACK_NOTICE = ("The search index is unavailable just now, so the words were matched "
                   "literally (no stemming, phrases or operators).")
MAX_WORDS = 10


class TextMatch:
    """SQL ``conditions`` for the words, and a ``notice`` when the fallback was used;
    ``ids``: the ids the index found (None for the fallback or no words). Given ``ids``
    alone, the condition ``id_in(Recommendation.id, ids)`` is made when first asked for
    (a caller with a statement built once binds ``ids`` instead: ``ids_value``)."""

    __slots__ = ("_conditions", "notice", "ids")

    def __init__(self, conditions: list | None = None, notice: str | None = None,
                 ids: list[int] | None = None):
        self._conditions, self.notice, self.ids = conditions, notice, ids

    @property
    def conditions(self) -> list:
        if self._conditions is None:
            self._conditions = [] if self.ids is None else [id_in(Recommendation.id, self.ids)]
        return self._conditions


def like_conditions(q: str) -> list:
    """The fallback: every word (at most ``MAX_WORDS``) occurs in the reference or a
    public title or text (LIKE, case-insensitive for ASCII)."""
    columns = (Recommendation.reference, Recommendation.title_en, Recommendation.title_ja,
               Recommendation.text_en, Recommendation.text_ja)
    conditions = []
    for word in q.split()[:MAX_WORDS]:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(or_(*(c.ilike(pattern, escape="\\") for c in columns)))
    return conditions


def id_in(column, ids):
    """``column IN ids`` as one bound parameter whatever the length (a JSON array read by
    ``json_each`` on SQLite, an array on PostgreSQL): both cap the number of parameters
    per statement, and the statement stays the same for every list, so it is compiled
    once, where an inline ``IN`` list of a few hundred values cost more to build and
    render than the query took to run. ``ids`` may be a bound parameter instead (a
    statement built once, its value given by ``ids_value`` at each run)."""
    bound = isinstance(ids, BindParameter)
    if not bound and not ids:
        return false()
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(ids if bound else literal(list(ids), ARRAY(Integer)))
    values = func.json_each(ids if bound else json.dumps(list(ids))).table_valued("value")
    return column.in_(select(values.c.value))


def ids_type():
    """The type of a bound ``ids`` parameter of ``id_in`` (see ``ids_value``)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return ARRAY(Integer)
    return String()


def ids_value(ids: list[int]):
    """The value of the bound ``ids`` parameter of an ``id_in`` condition."""
    if db.session.get_bind().dialect.name == "postgresql":
        return list(ids)
    return json.dumps(list(ids))


def match(q: str, *, scope: str = "staff") -> TextMatch:
    """Conditions selecting the recommendations whose indexed text matches ``q``.

    :param scope: ``"staff"`` (every indexed text field) or ``"public"`` (only fields
        built from public columns; the API uses it so internal text can never match).
    :raise SearchQueryError: ``q`` cannot be parsed (message for the user).
    """
    q = (q or "").strip()
    if not q:
        return TextMatch()
    try:
        result = search(q, per_page=None, facets=False, snippets=False, suggest=False,
                        scope=scope, ranked=False)  # the callers sort in SQL
    except SearchQueryError:
        raise
    except Exception:  # the index is derived; the database can still answer
        log.exception("search index unavailable; falling back to the word filter")
        return TextMatch(like_conditions(q), FALLBACK_NOTICE)
    if result.catching_up:
        # The index knows it lacks saved changes (or could not be read and is being
        # rebuilt): answer from the database rather than from an incomplete index.
        return TextMatch(like_conditions(q), FALLBACK_NOTICE)
    return TextMatch(ids=result.ids)
