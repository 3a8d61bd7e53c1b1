"""The status rule (DESIGN.md "Status lifecycle"), as pure functions over a history.

A *history* is the status entries of one recommendation, in any order. Each entry has:

- ``kind``: ``"change"`` (an ordinary entry) or ``"retraction"`` (cancels another entry);
- ``to_status``: the status an ordinary entry moves to (None on a retraction);
- ``effective_on``: the day it happened in the world (may be backdated);
- ``recorded_at`` and ``id``: when it was recorded and its id (the recording order; an
  entry not yet given an id counts as id 0);
- ``retracts_id``: on a retraction, the id of the entry it cancels.

The rule, which :mod:`tracker.services.queries.status_sql` states again in SQL (a
property test checks they agree):

1. An entry is *active* when it is an ordinary change and no retraction names it.
   Retractions and retracted entries never count, whatever their dates.
2. The *history order* sorts active entries by ``(effective_on, recorded_at, id)``: by
   effective date, and of two entries on the same day the one recorded later comes later
   (``id`` breaks ties of ``recorded_at``).
3. The status *on a day* is the ``to_status`` of the last active entry in history order
   whose ``effective_on`` is on or before that day; None when there is none (the history
   starts later, or nothing is active).
4. The *current* status is the status of the last active entry (the status on any day on
   or after every effective date); a recommendation with no active entry is a draft.
5. The current status is in force *since* the effective date of the first entry of its
   unbroken run (the same status recorded twice in a row keeps the earlier date). The
   *previous* status is the different status before that run (None when there is none).
6. *Regressed*: the move from the previous status to the current one goes backwards
   (:func:`tracker.statuses.is_regression`). *Stale*: the status is open and has been in
   force since before ``today - stale_after_days``.

Nothing here touches Flask or the database; entries may be ORM rows, named tuples or
:class:`Entry` values.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from . import statuses


class HistoryEntry(Protocol):
    """What the rule reads from an entry (``StatusChange`` rows have all of it)."""

    id: int | None
    kind: str
    to_status: str | None
    effective_on: date
    recorded_at: datetime | None
    retracts_id: int | None


@dataclass(frozen=True)
class Entry:
    """A plain history entry (tests, imports, bulk loads)."""

    id: int | None
    to_status: str | None
    effective_on: date
    recorded_at: datetime | None = None
    kind: str = "change"
    retracts_id: int | None = None


@dataclass(frozen=True)
class Derived:
    """What a history says now: ``status`` (draft with no active entry), ``since`` (first
    day of its unbroken run, None for no active entry), ``previous`` (the different status
    before that run) and ``regressed``."""

    status: str
    since: date | None
    previous: str | None
    regressed: bool


def history_key(entry: Any) -> tuple:
    """Sort key of the history order: ``(effective_on, recorded_at, id)``. A missing
    ``recorded_at`` or ``id`` sorts as the earliest of its day."""
    recorded = getattr(entry, "recorded_at", None)
    return (entry.effective_on, recorded is not None, recorded or 0, getattr(entry, "id", None) or 0)


def active_entries(history: Iterable[HistoryEntry]) -> list:
    """The entries that count (rule 1), in history order (rule 2)."""
    history = list(history)
    retracted = {e.retracts_id for e in history if e.kind == "retraction"}
    active = [e for e in history if e.kind == "change" and (e.id is None or e.id not in retracted)]
    return sorted(active, key=history_key)


def status_on(history: Iterable[HistoryEntry], day: date) -> str | None:
    """The status in force on ``day`` (rule 3), or None when nothing was in force yet."""
    entry = entry_in_force(history, day)
    return entry.to_status if entry is not None else None


def entry_in_force(history: Iterable[HistoryEntry], day: date | None = None):
    """The active entry that sets the status on ``day`` (the latest one with ``day``
    None), or None."""
    found = None
    for entry in active_entries(history):
        if day is not None and entry.effective_on > day:
            break
        found = entry
    return found


def current_status(history: Iterable[HistoryEntry]) -> str:
    """The status now (rule 4): the last active entry's, draft when none is active."""
    entry = entry_in_force(history)
    return entry.to_status if entry is not None else statuses.DRAFT


def run_start(active: Sequence[HistoryEntry]) -> int | None:
    """Index in ``active`` (active entries in history order) of the entry that started the
    current status's unbroken run (rule 5); None when ``active`` is empty."""
    if not active:
        return None
    start = len(active) - 1
    while start > 0 and active[start - 1].to_status == active[-1].to_status:
        start -= 1
    return start


def derive_sorted(active: Sequence[HistoryEntry]) -> Derived:
    """:class:`Derived` from entries that are already active and in history order (the
    form ``active_entries`` returns; lets a caller that already sorted skip the work)."""
    start = run_start(active)
    if start is None:
        return Derived(statuses.DRAFT, None, None, False)
    current = active[-1].to_status
    previous = active[start - 1].to_status if start > 0 else None
    return Derived(current, active[start].effective_on, previous, is_regressed(previous, current))


def derive(history: Iterable[HistoryEntry], day: date | None = None) -> Derived:
    """Status, since, previous status and regressed flag of ``history`` now, or on
    ``day`` (only entries effective by then count)."""
    active = active_entries(history)
    if day is not None:
        active = [e for e in active if e.effective_on <= day]
    return derive_sorted(active)


def previous_status(history: Iterable[HistoryEntry], day: date | None = None) -> str | None:
    """The different status before the current run (rule 5), now or on ``day``."""
    return derive(history, day).previous


def previous_statuses(active: Sequence[HistoryEntry]) -> list[str | None]:
    """For active entries in history order, each one's ``previous_status``: the
    ``to_status`` of the entry before it (None for the first)."""
    return [None] + [e.to_status for e in active[:-1]] if active else []


def is_regressed(previous: str | None, current: str) -> bool:
    """Whether moving from ``previous`` to ``current`` goes backwards (rule 6)."""
    return statuses.is_regression(previous, current)


def stale_cutoff(today: date, stale_after_days: int) -> date:
    """An open status in force since before this day is stale."""
    return today - timedelta(days=stale_after_days)


def is_stale(status: str, last_change_day: date | None, today: date, stale_after_days: int) -> bool:
    """Open, and in force since before ``today - stale_after_days`` (rule 6).
    ``last_change_day`` is the ``since`` of :class:`Derived`; None is never stale."""
    return (
        statuses.get(status).is_open
        and last_change_day is not None
        and last_change_day < stale_cutoff(today, stale_after_days)
    )
