"""Per-government tracks and the overall status (DESIGN.md "Status lifecycle", issue 16).

Each addressee of a recommendation is a *track* with its own status history (the rule of
:mod:`tracker.domain.status_rule` applies to each track's entries on their own). A
recommendation's *overall* status is derived from its tracks by :func:`overall_status`:

1. The tracks that count are the *government* tracks (:data:`GOVERNMENTS`) when the
   recommendation has any, otherwise all its tracks.
2. Tracks still in draft (no entry in force) are left out; with nothing left, the overall
   status is draft.
3. All the same status: that status.
4. Every track implemented or superseded (at least one implemented): implemented.
5. Any track in progress or implemented: in progress (partly implemented).
6. Any track under consideration: under consideration.
7. Any track proposed: proposed.
8. What is left is a mix of not adopted and superseded: not adopted.

So "implemented" means every government implemented it, and one government declining
while the other implements reads "in progress". The overall history (:func:`overall_timeline`)
takes the counted tracks' entries together in history order and notes each change of the
overall status; the overall status *on a day* is the last one noted by then (the rule
applied to each track's status on that day). Stale and regressed are per track: a
recommendation is stale or regressed when any of its tracks is.

Nothing here touches Flask or the database.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from . import status_rule, statuses

US = "us_government"
JAPAN = "government_of_japan"
# The governments a joint recommendation is addressed to, in display order.
GOVERNMENTS: tuple[str, ...] = (US, JAPAN)
# The addressee key that meant "both governments" before tracks (migration 0013 turned
# each into a US track and a Japan track); imports still read it as both.
BOTH_GOVERNMENTS = "both_governments"
MAX_AGENCY = 200


def expand(addressees: Iterable[str]) -> list[str]:
    """Addressee keys with the retired ``both_governments`` read as the two governments
    (old spreadsheets and backups), without repeats, in the order given."""
    out: list[str] = []
    for key in addressees:
        for one in (GOVERNMENTS if key == BOTH_GOVERNMENTS else (key,)):
            if one not in out:
                out.append(one)
    return out


def counted(addressees: Iterable[str]) -> list[str]:
    """The tracks the overall status is derived from (rule 1), in the order given."""
    addressees = list(addressees)
    governments = [a for a in addressees if a in GOVERNMENTS]
    return governments or addressees


def overall_status(track_statuses: Iterable[str | None]) -> str:
    """The overall status from the statuses of the counted tracks (rules 2-8); None counts
    as draft (a track with nothing in force)."""
    present = {s for s in track_statuses if s and s != statuses.DRAFT}
    if not present:
        return statuses.DRAFT
    if len(present) == 1:
        return next(iter(present))
    if "implemented" in present and present <= {"implemented", "superseded"}:
        return "implemented"
    if present & {"in_progress", "implemented"}:
        return "in_progress"
    for status in ("under_consideration", "proposed"):
        if status in present:
            return status
    return "not_adopted"


def steps_apart(a: str, b: str) -> int | None:
    """How many steps apart two statuses are on the road to implementation; None when
    either is off the road (not adopted, superseded)."""
    pa, pb = statuses.get(a).progress, statuses.get(b).progress
    if pa is None or pb is None:
        return None
    return abs(pa - pb)


def is_asymmetric(a: str, b: str) -> bool:
    """Whether two governments' tracks diverge enough for the asymmetry list: two or more
    steps apart on the road, or one closed and the other open."""
    apart = steps_apart(a, b)
    if apart is not None and apart >= 2:
        return True
    states = {statuses.get(a).state, statuses.get(b).state}
    return states == {"open", "closed"}


@dataclass(frozen=True)
class TimelinePoint:
    """The overall status became ``status`` on ``day`` (from ``previous``)."""

    day: date
    status: str
    previous: str | None


def overall_timeline(histories: Mapping[str, Iterable]) -> list[TimelinePoint]:
    """The overall history from ``{addressee: that track's entries}`` (all tracks of the
    recommendation; only the counted ones are read): the active entries of the counted
    tracks are taken together in history order (``status_rule.history_key``), and each
    one that changes the overall status is a point, oldest first. With one counted track
    the points are that track's runs, so the overall ``since`` is the track's."""
    merged = sorted(((entry, addressee) for addressee in counted(histories)
                     for entry in status_rule.active_entries(histories[addressee])),
                    key=lambda pair: status_rule.history_key(pair[0]))
    in_force: dict[str, str | None] = {}
    points: list[TimelinePoint] = []
    current: str | None = None
    for entry, addressee in merged:
        in_force[addressee] = entry.to_status
        status = overall_status(in_force.values())
        if status != current:
            points.append(TimelinePoint(entry.effective_on, status, current))
            current = status
    return points


def overall_on(histories: Mapping[str, Iterable], day: date) -> str | None:
    """The overall status on ``day``; None when no counted track had an entry by then."""
    found = None
    for point in overall_timeline(histories):
        if point.day > day:
            break
        found = point.status
    return found


@dataclass(frozen=True)
class Overall:
    """What the tracks say about the recommendation now: the overall ``status`` and the
    day it started (``since``), the overall status before it (``previous``), whether any
    track is ``regressed``, and ``open_since``: the earliest ``since`` of the open tracks
    (the recommendation is stale when that is before the stale cutoff)."""

    status: str
    since: date | None
    previous: str | None
    regressed: bool
    open_since: date | None


def overall_from(histories: Mapping[str, Iterable]) -> tuple[Overall, dict[str, status_rule.Derived]]:
    """``(overall, {addressee: derived})`` for the tracks' histories ``{addressee: entries}``."""
    derived = {a: status_rule.derive(entries) for a, entries in histories.items()}
    timeline = overall_timeline(histories)
    last = timeline[-1] if timeline else None
    open_days = [d.since for d in derived.values()
                 if d.since is not None and statuses.get(d.status).is_open]
    return Overall(
        status=last.status if last else statuses.DRAFT,
        since=last.day if last else None,
        previous=last.previous if last else None,
        regressed=any(d.regressed for d in derived.values()),
        open_since=min(open_days, default=None),
    ), derived


def is_stale(open_since: date | None, today: date, stale_after_days: int) -> bool:
    """A recommendation is stale when one of its open tracks has been in force since
    before the cutoff (``open_since`` from :class:`Overall`)."""
    return open_since is not None and open_since < status_rule.stale_cutoff(today, stale_after_days)
