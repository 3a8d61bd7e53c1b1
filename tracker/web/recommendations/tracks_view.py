"""What the recommendation page shows of its tracks (issue 16): the backdating warning of
the status-change form, the one timeline of every track's history, and the agency
suggestions.

The backdating warning: a change dated before a chosen track's current (latest active)
entry is not recorded on the first submit. The form comes back naming, per track, the
entry it lands before and the track's status after saving (the status rule of
:mod:`tracker.domain.status_rule` over the track's entries plus the new one), with a
confirmation checkbox. The confirmation is tied to what was warned about (date, status,
tracks: :func:`signature`), so changing any of them warns again.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ...domain import status_rule
from ...extensions import db
from ...models import RecommendationAddressee, StatusChange
from ...services.recommendations.status import track_history

MAX_SUGGESTIONS = 200


@dataclass(frozen=True)
class Landing:
    """A backdated change on track ``addressee``: it lands before ``before`` (the first
    active entry dated after it; ``later`` active entries in all), and the track's status
    after saving is ``after``."""

    addressee: str
    before: StatusChange
    later: int
    after: str


def backdating(rec, tracks: Iterable[str], to_status: str, day: date) -> list[Landing]:
    """The chosen ``tracks`` of ``rec`` on which a ``to_status`` entry dated ``day`` lands
    before the current entry. Tracks that would be skipped (already ``to_status`` on
    that day) are left out: nothing is written on them."""
    out = []
    for addressee in tracks:
        history = track_history(rec, addressee)
        active = status_rule.active_entries(history)
        if not active or day >= active[-1].effective_on:
            continue
        if status_rule.status_on(history, day) == to_status:
            continue
        earlier = [e for e in active if e.effective_on <= day]
        later = active[len(earlier):]
        new = status_rule.Entry(None, to_status, day)
        after = status_rule.derive_sorted([*earlier, new, *later]).status
        out.append(Landing(addressee, later[0], len(later), after))
    return out


def signature(day: date, to_status: str, landings: Sequence[Landing]) -> str:
    """What a confirmation of the warning about ``landings`` confirms."""
    return "|".join([day.isoformat(), to_status, ",".join(x.addressee for x in landings)])


@dataclass
class TimelineRow:
    """One row of the timeline: entries recorded together (one submit for several
    tracks: same kind, date, status, notes, evidence and author) or a single entry."""

    entries: list[StatusChange] = field(default_factory=list)

    @property
    def entry(self) -> StatusChange:
        return self.entries[0]

    @property
    def all_retracted(self) -> bool:
        return all(e.is_retracted for e in self.entries)

    @property
    def any_retracted(self) -> bool:
        return any(e.is_retracted for e in self.entries)


def _group_key(entry: StatusChange) -> tuple:
    if entry.kind != "change":
        return ("single", entry.id)
    # Not the recorded time itself: the rows of one submit may straddle a second.
    recorded = entry.recorded_at.date() if entry.recorded_at else None
    return (entry.kind, entry.effective_on, entry.to_status, entry.public_note, entry.internal_note,
            tuple(entry.evidence_urls or ()), entry.recorded_by_name, entry.submission_key,
            recorded)


def timeline_rows(history: Sequence[StatusChange], tracks: Sequence[str]) -> list[TimelineRow]:
    """``history`` (newest first, every track) as rows: neighbouring entries of one
    submit become one row naming their tracks (in ``tracks`` order). Entries of an
    addressee the recommendation no longer has are kept (they count for nothing)."""
    order = {a: i for i, a in enumerate(tracks)}
    rows: list[TimelineRow] = []
    last = None
    for entry in history:
        key = _group_key(entry)
        if rows and key == last and entry.addressee not in {e.addressee for e in rows[-1].entries}:
            rows[-1].entries.append(entry)
        else:
            rows.append(TimelineRow([entry]))
        last = key
    for row in rows:
        row.entries.sort(key=lambda e: order.get(e.addressee, len(order)))
    return rows


def agency_suggestions() -> list[str]:
    """Agencies given on tracks so far, for the form's suggestions (a ``<datalist>``)."""
    column = RecommendationAddressee.agency
    return list(db.session.execute(
        select(column).where(column.is_not(None), column != "").distinct().order_by(column)
        .limit(MAX_SUGGESTIONS)
    ).scalars())
