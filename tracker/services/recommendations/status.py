"""Status history writes (DESIGN.md "Status lifecycle").

The only code that writes ``StatusChange`` rows or a recommendation's derived status
fields. The rule they follow (which entries count, the history order, the status on a day,
previous, regressed, stale) is stated once in :mod:`tracker.domain.status_rule`; its SQL
form is :mod:`tracker.services.queries.status_sql`. This module applies them to
``Recommendation`` rows.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from ...domain import limits, status_rule, statuses
from ...domain import tracks as track_rule
from ...domain.policies import can_retract as _may_retract
from ...domain.status_rule import Derived, derive_sorted
from ...extensions import db
from ...models import Recommendation, StatusChange, StatusTimeline, User
from .. import clock
from ..errors import PermissionDenied, RuleViolation
from ..queries.status_sql import (  # noqa: F401  (re-exported: callers import them from here)
    active_select,
    entry_in_force_id,
    previous_status_select,
    retracted_ids,
    stale_condition,
    status_as_of_select,
    status_as_of_subquery,
)
from .history_order import lock_history_order
from .status_inputs import (  # noqa: F401  (re-exported: callers import them from here)
    MAX_EVIDENCE_URLS,
    MAX_NOTE_LENGTH,
    MAX_URL_LENGTH,
    clean_agency,
    clean_evidence_urls,
    clean_note,
    status_label,
)

__all__ = ["Derived", "derive"]


def active_changes(rec: Recommendation, addressee: str | None = None) -> list[StatusChange]:
    """The entries that count for the status of track ``addressee`` (default: the first
    track), in history order (oldest effective first)."""
    return status_rule.active_entries(track_history(rec, addressee))


def track_history(rec: Recommendation, addressee: str | None = None) -> list[StatusChange]:
    """The entries (retractions included) of track ``addressee`` (default: the first)."""
    if addressee is None:
        tracks_ = rec.tracks
        if not tracks_:
            return []
        addressee = tracks_[0].addressee
    return [c for c in rec.status_changes if c.addressee == addressee]


def histories(rec: Recommendation) -> dict[str, list[StatusChange]]:
    """``{addressee: that track's entries}`` for every track of ``rec``. Entries of an
    addressee the recommendation no longer has stay in the table but count for nothing."""
    out: dict[str, list[StatusChange]] = {t.addressee: [] for t in rec.tracks}
    for change in rec.status_changes:
        if change.addressee in out:
            out[change.addressee].append(change)
    return out


def status_on(rec: Recommendation, day: date, addressee: str | None = None) -> str | None:
    """The status ``rec`` had on ``day`` (overall, or on track ``addressee``), or None
    when its history starts later."""
    if addressee is not None:
        return status_rule.status_on(track_history(rec, addressee), day)
    return track_rule.overall_on(histories(rec), day)


def derive(changes) -> Derived:
    """Current status, since when, the status before it, and the regressed flag, from
    active changes in history order (``status_rule.derive_sorted``). With no active
    change, the track is a draft with no date."""
    return derive_sorted(changes)


def refresh_derived_status(rec: Recommendation) -> None:
    """Recompute every track's ``status``, ``status_since``, ``regressed`` and
    ``status_changed_at``, each entry's ``previous_status``, the overall state on ``rec``
    (``domain.tracks``) and its ``StatusTimeline`` rows, from the history. Called after
    every history write and every change of the addressees; idempotent."""
    by_track = histories(rec)
    overall, derived = track_rule.overall_from(by_track)
    for track in rec.addressee_rows:
        state = derived[track.addressee]
        track.status, track.status_since, track.regressed = state.status, state.since, state.regressed
        track.status_changed_at = max((c.recorded_at for c in by_track[track.addressee]
                                       if c.recorded_at is not None), default=None)
        _chain_previous(by_track[track.addressee])
    for change in rec.status_changes:  # entries of a removed track: as retracted ones
        if change.addressee not in by_track and change.previous_status is not None:
            change.previous_status = None
    rec.status, rec.status_since = overall.status, overall.since
    rec.regressed, rec.open_since = overall.regressed, overall.open_since
    rec.status_changed_at = max((c.recorded_at for c in rec.status_changes
                                 if c.recorded_at is not None), default=None)
    _write_timeline(rec, track_rule.overall_timeline(by_track))


def _write_timeline(rec: Recommendation, points: list[track_rule.TimelinePoint]) -> None:
    """Make ``rec``'s ``StatusTimeline`` rows equal ``points`` (only changed rows written)."""
    wanted = [(p.day, p.status, p.previous) for p in points]
    if rec.id is None:  # a new recommendation has no rows yet
        db.session.flush()
    else:
        rows = db.session.execute(select(StatusTimeline).where(StatusTimeline.recommendation_id == rec.id)
                                  .order_by(StatusTimeline.effective_on, StatusTimeline.id)).scalars().all()
        if [(r.effective_on, r.to_status, r.previous_status) for r in rows] == wanted:
            return
        for row in rows:
            db.session.delete(row)
        db.session.flush()  # the new rows get higher ids, in order: (effective_on, id) is their order
    db.session.add_all(StatusTimeline(recommendation_id=rec.id, effective_on=day, to_status=status,
                                      previous_status=previous) for day, status, previous in wanted)


def _chain_previous(history: Sequence[StatusChange]) -> None:
    """Set ``previous_status`` on one track's entries: the status of the active entry
    before each active one (None for the first), None on retracted entries and
    retractions. Only changed values are written, so a plain append updates no other row."""
    active = status_rule.active_entries(history)
    wanted = {id(c): p for c, p in zip(active, status_rule.previous_statuses(active), strict=True)}
    for change in history:
        value = wanted.get(id(change))
        if change.previous_status != value:
            change.previous_status = value


def refresh_previous_statuses() -> None:
    """Recompute ``previous_status`` of the whole history in two SQL statements, for bulk
    loads that insert entries without ``record_status_change`` (a backup being loaded).
    Runs on the table, not the ORM class: nothing for the audit log or the search index."""
    table = StatusChange.__table__
    lagged = previous_status_select().subquery("lagged")
    db.session.execute(
        update(table).where(table.c.previous_status.is_not(None)).values(previous_status=None)
    )
    db.session.execute(
        update(table)
        .where(table.c.id == lagged.c.id, lagged.c.previous_status.is_not(None))
        .values(previous_status=lagged.c.previous_status)
    )


def _lock(rec: Recommendation) -> None:
    """Serialise history writes: the history-order lock (PostgreSQL; see
    ``services.history_order``), then a row lock on the recommendation. SQLite write
    transactions are serialised already."""
    lock_history_order()
    if rec.id is not None:
        db.session.execute(
            select(Recommendation.id).where(Recommendation.id == rec.id).with_for_update()
        )
        db.session.refresh(rec, ["status_changes"])


def chosen_tracks(rec: Recommendation, tracks_: Iterable[str] | None) -> list[str]:
    """The addressees a status entry goes to: ``tracks_`` in track order, or every track
    when it is None.

    :raise RuleViolation: (``tracks``) for no track at all, or a track ``rec`` does not
        have.
    """
    have = [t.addressee for t in rec.tracks]
    if tracks_ is None:
        wanted = have
    else:
        wanted = list(dict.fromkeys(tracks_))
        unknown = [a for a in wanted if a not in have]
        if unknown:
            raise RuleViolation(_("This recommendation has no %(track)s track.",
                                  track=", ".join(map(str, unknown))[:200]), "tracks")
        wanted = [a for a in have if a in wanted]
    if not wanted:
        raise RuleViolation(_("Choose at least one government or addressee."), "tracks")
    return wanted


def set_addressees(rec: Recommendation, keys: Iterable[str]) -> None:
    """Give ``rec`` the addressees ``keys`` (``both_governments`` read as the two
    governments): a new addressee is a new track in draft, a removed one's entries stay in
    the table but no longer count. Updates the derived statuses.

    :raise RuleViolation: (``addressees``) for an unknown addressee or none at all.
    """
    wanted = track_rule.expand(keys or ())
    if not wanted:
        raise RuleViolation(_("Choose at least one addressee."), "addressees")
    try:
        rec.addressees = wanted
    except ValueError as exc:
        raise RuleViolation(str(exc), "addressees") from None
    if rec.id is not None:
        db.session.flush()
        refresh_derived_status(rec)


def check_entry(to_status: str, effective_on: date | None, public_note: str | None,
                internal_note: str | None = None, evidence_urls=None, agency: str | None = None):
    """The checks of a status entry that do not depend on the history: a known status, an
    effective date in range, a public note, good evidence links and agency. Returns the
    cleaned ``(public_note, internal_note, evidence_urls, agency)``.

    :raise RuleViolation: naming the field, for the first problem found.
    """
    if not statuses.is_known(to_status):
        raise RuleViolation(_("Unknown status %(status)r.", status=to_status), "to_status")
    if effective_on is None:
        raise RuleViolation(_("Give the date it happened."), "effective_on")
    wrong = limits.effective_date_problem(effective_on, clock.today())
    if wrong == "future":
        raise RuleViolation(_("The effective date cannot be in the future."), "effective_on")
    if wrong == "too_early":
        raise RuleViolation(_("The effective date cannot be before %(earliest)s.",
                              earliest=limits.EARLIEST_DATE.isoformat()), "effective_on")
    public_note = clean_note(public_note, "public_note", required=True)
    internal_note = clean_note(internal_note, "internal_note", required=False)
    evidence = clean_evidence_urls(evidence_urls)
    agency = clean_agency(agency)
    return public_note, internal_note, evidence, agency


def record_status_change(
    rec: Recommendation,
    to_status: str,
    effective_on: date | None,
    public_note: str | None,
    *,
    tracks: Iterable[str] | None = None,
    agency: str | None = None,
    internal_note: str | None = None,
    evidence_urls: Iterable[str] | str | None = None,
    user: User | None = None,
    submission_key: str | None = None,
) -> list[StatusChange]:
    """Append one status entry to each chosen track of ``rec`` (``tracks``: addressees;
    None for every track) and update the derived statuses. Tracks on which ``to_status``
    is already the status in force on ``effective_on`` are skipped; the entries recorded
    are returned, in track order. ``agency``, when given, narrows the chosen tracks to that
    agency or ministry.

    :raise RuleViolation: (with the offending field) for an unknown status, a missing or
        future effective date, a missing public note, a bad evidence link, no track or a
        track ``rec`` does not have, an agency too long, or a status that is already the
        one in force on that date on every chosen track. Nothing is written then.
    """
    public_note, internal_note, evidence, agency = check_entry(
        to_status, effective_on, public_note, internal_note, evidence_urls, agency)
    _lock(rec)
    chosen = chosen_tracks(rec, tracks)
    moving = [a for a in chosen if status_on(rec, effective_on, a) != to_status]
    if not moving:
        raise RuleViolation(
            _("It is already “%(status)s” on %(date)s.", status=status_label(to_status),
              date=effective_on.isoformat()),
            "to_status",
        )
    changes = []
    for addressee in moving:
        change = StatusChange(
            kind="change",
            addressee=addressee,
            to_status=to_status,
            previous_status=status_on(rec, effective_on, addressee),  # checked below
            effective_on=effective_on,
            public_note=public_note,
            internal_note=internal_note,
            evidence_urls=list(evidence),
            recorded_by=user,
            recorded_by_name=user.name if user else None,
            submission_key=submission_key,
        )
        rec.status_changes.append(change)
        changes.append(change)
        if agency is not None:
            rec.track(addressee).agency = agency
    db.session.flush()
    refresh_derived_status(rec)
    db.session.flush()
    return changes


def can_retract(change: StatusChange, user: User | None) -> bool:
    """Whether ``user`` may retract ``change`` (``domain.policies.can_retract``)."""
    return _may_retract(user, change)


def retract_status_change(
    change: StatusChange, reason: str | None, *, user: User | None
) -> StatusChange:
    """Retract a wrong entry: append a retraction entry naming it, then update the
    recommendation's derived status. The retracted entry stays in the history.

    :raise PermissionDenied: unless ``user`` recorded the entry or is an admin.
    :raise RuleViolation: for a retraction, an entry already retracted, the only entry
        left in force, or a missing reason.
    """
    if not can_retract(change, user):
        raise PermissionDenied(_("Only the person who recorded this entry or an admin may retract it."))
    if change.kind != "change":
        raise RuleViolation(_("A retraction cannot itself be retracted."), "change")
    rec = change.recommendation
    _lock(rec)
    db.session.refresh(change, ["retracted_by"])
    if change.retracted_by is not None:
        raise RuleViolation(_("This entry has already been retracted."), "change")
    if len(active_changes(rec, change.addressee)) <= 1:
        raise RuleViolation(_("This is the only entry in force; record a new status instead."), "change")
    reason = clean_note(reason, "reason", required=False)
    if not reason:
        raise RuleViolation(_("Say why the entry is wrong."), "reason")
    retraction = StatusChange(
        kind="retraction",
        addressee=change.addressee,
        retracts=change,
        to_status=None,
        effective_on=clock.today(),
        public_note=reason,
        recorded_by=user,
        recorded_by_name=user.name if user else None,
    )
    rec.status_changes.append(retraction)
    db.session.flush()
    db.session.refresh(rec, ["status_changes"])
    refresh_derived_status(rec)
    db.session.flush()
    return retraction


# --- Queries over many recommendations (the SQL lives in ``queries.status_sql``) ----------


def active_changes_query():
    """Select of the active (not retracted, not retraction) status changes."""
    return active_select()


def statuses_as_of(day: date) -> dict[int, str]:
    """``{recommendation id: status on day}`` for every recommendation with history by then."""
    sub = status_as_of_subquery(day)
    return dict(db.session.execute(select(sub.c.recommendation_id, sub.c.status)).all())


def stale_after_days() -> int:
    return current_app.config["STALE_AFTER_DAYS"]


def stale_cutoff(today: date | None = None) -> date:
    """Open recommendations whose status has not changed since before this date are stale."""
    return status_rule.stale_cutoff(today or clock.today(), stale_after_days())


def is_stale(rec: Recommendation, today: date | None = None) -> bool:
    """Some track open and unchanged for ``STALE_AFTER_DAYS`` (``domain.tracks.is_stale``)."""
    return track_rule.is_stale(rec.open_since, today or clock.today(), stale_after_days())


def is_track_stale(track, today: date | None = None) -> bool:
    """Track ``track`` is open and unchanged for ``STALE_AFTER_DAYS``."""
    return status_rule.is_stale(track.status, track.status_since, today or clock.today(),
                                stale_after_days())


def stale_clause(today: date | None = None):
    """SQL condition matching stale recommendations (see ``is_stale``)."""
    return Recommendation.open_since < stale_cutoff(today)
