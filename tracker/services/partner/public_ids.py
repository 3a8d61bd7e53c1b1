"""The ids of every public recommendation, kept in each process while the data version
(``data_version``) and the day stay the same.

The total of a search (``?q=`` and nothing else) is the number of the index's matches
that are public. In SQL that is a lookup per match, most of a search's time when a word
matches thousands of records; here it is a set intersection. The set itself is read with
``queries.visibility`` (the rule's one home) once per data version and day: any write the
public data depends on gives a new version, and a record becomes public by date only at
the start of a day.
"""

import threading
from datetime import date

from sqlalchemy import Date, bindparam, select

from ...models import Recommendation
from ..queries import visibility
from . import data_version

_STATEMENT = select(Recommendation.id).where(
    visibility.public_clause(bindparam("today", type_=Date)))
_held: tuple | None = None  # (data version, day, frozenset of ids)
_lock = threading.Lock()


def current(today: date, conn) -> frozenset[int] | None:
    """The ids of the recommendations public on ``today``, read on ``conn`` when the data
    version has changed since they were last read; None when no version is known (then
    nothing may be kept: the caller counts in SQL)."""
    global _held
    version = data_version.current()  # first: the ids read below are at least this new
    if version is None:
        return None
    held = _held
    if held is not None and held[0] == version and held[1] == today:
        return held[2]
    ids = frozenset(conn.execute(_STATEMENT, {"today": today}).scalars())
    with _lock:
        _held = (version, today, ids)
    return ids


def count(ids, today: date, conn) -> int | None:
    """How many of ``ids`` are public on ``today`` (None: count them in SQL instead)."""
    public = current(today, conn)
    return None if public is None else len(public.intersection(ids))
