"""Status history rules (DESIGN.md "Status lifecycle").

The only code that writes ``StatusChange`` rows or a recommendation's derived status
fields. The status in force on a date is the ``to_status`` of the latest *active* entry
(an ordinary change that has not been retracted) whose effective date is on or before that
date; "latest" orders by effective date, then by when it was recorded, then by id, so of
two changes on the same day the one recorded later wins.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlparse

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import aliased

from ...domain import limits, statuses
from ...extensions import db
from ...models import Recommendation, StatusChange, User
from .. import clock
from ..errors import PermissionDenied, RuleViolation
from .history_order import lock_history_order

MAX_NOTE_LENGTH = limits.MAX_NOTE
MAX_URL_LENGTH = limits.MAX_URL
MAX_EVIDENCE_URLS = limits.MAX_EVIDENCE_URLS


def _sort_key(change: StatusChange):
    return (change.effective_on, change.recorded_at, change.id or 0)


def active_changes(rec: Recommendation) -> list[StatusChange]:
    """The entries that count for the status, oldest effective first."""
    retracted = {c.retracts_id for c in rec.status_changes if c.kind == "retraction"}
    active = [c for c in rec.status_changes if c.kind == "change" and c.id not in retracted]
    return sorted(active, key=_sort_key)


def status_on(rec: Recommendation, day: date) -> str | None:
    """The status ``rec`` had on ``day``, or None when its history starts later."""
    current = None
    for change in active_changes(rec):
        if change.effective_on > day:
            break
        current = change.to_status
    return current


@dataclass(frozen=True)
class Derived:
    status: str
    since: date | None
    previous: str | None
    regressed: bool


def derive(changes: Sequence[StatusChange]) -> Derived:
    """Current status, since when, the status before it, and the regressed flag, from
    active changes sorted oldest first. With no active change, the recommendation is a
    draft with no date."""
    if not changes:
        return Derived(statuses.DRAFT, None, None, False)
    current = changes[-1].to_status
    since = changes[-1].effective_on
    previous = None
    for change in reversed(changes[:-1]):
        if change.to_status == current:
            since = change.effective_on  # same status recorded twice: in force since the first
            continue
        previous = change.to_status
        break
    return Derived(current, since, previous, statuses.is_regression(previous, current))


def refresh_derived_status(rec: Recommendation) -> None:
    """Recompute ``rec.status``, ``status_since``, ``regressed`` and ``status_changed_at``,
    and each entry's ``previous_status``, from the history. Called after every history
    write; idempotent."""
    active = active_changes(rec)
    derived = derive(active)
    rec.status = derived.status
    rec.status_since = derived.since
    rec.regressed = derived.regressed
    rec.status_changed_at = max((c.recorded_at for c in rec.status_changes), default=None)
    _chain_previous(rec, active)


def _chain_previous(rec: Recommendation, active: Sequence[StatusChange]) -> None:
    """Set ``previous_status`` on ``rec``'s entries: the status of the active entry before
    each active one (None for the first), None on retracted entries and retractions. Only
    changed values are written, so a plain append updates no other row."""
    wanted, previous = {}, None
    for change in active:
        wanted[id(change)] = previous
        previous = change.to_status
    for change in rec.status_changes:
        value = wanted.get(id(change))
        if change.previous_status != value:
            change.previous_status = value


def previous_status_select():
    """Select of ``(id, previous_status)`` for every active entry, computed from the
    history in SQL (the twin of ``_chain_previous``): the LAG of ``to_status`` over the
    active entries of each recommendation in history order."""
    S = StatusChange
    return select(
        S.id.label("id"),
        func.lag(S.to_status).over(
            partition_by=S.recommendation_id, order_by=(S.effective_on, S.recorded_at, S.id)
        ).label("previous_status"),
    ).where(S.kind == "change", S.id.not_in(retracted_ids()))


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


def _clean_note(note: str | None, field: str, required: bool) -> str | None:
    note = (note or "").strip()
    if required and not note:
        raise RuleViolation(_("A public note is required: say what happened."), field)
    if len(note) > MAX_NOTE_LENGTH:
        raise RuleViolation(_("Keep the note under %(n)d characters.", n=MAX_NOTE_LENGTH), field)
    return note or None


def clean_evidence_urls(urls: Iterable[str] | str | None) -> list[str]:
    """Evidence URLs, stripped and de-duplicated; one per line when given as text.

    :raise RuleViolation: for anything that is not an absolute http(s) URL.
    """
    if isinstance(urls, str):
        urls = urls.splitlines()
    cleaned = []
    for url in urls or ():
        url = url.strip()
        if not url:
            continue
        parsed = urlparse(url)
        if (
            parsed.scheme not in ("http", "https")
            or not parsed.netloc
            or len(url) > MAX_URL_LENGTH
            or any(ch.isspace() for ch in url)
        ):
            raise RuleViolation(_("Not a valid http(s) link: %(url)s", url=url[:80]), "evidence_urls")
        if url not in cleaned:
            cleaned.append(url)
    if len(cleaned) > MAX_EVIDENCE_URLS:
        raise RuleViolation(_("At most %(n)d evidence links.", n=MAX_EVIDENCE_URLS), "evidence_urls")
    return cleaned


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


def record_status_change(
    rec: Recommendation,
    to_status: str,
    effective_on: date | None,
    public_note: str | None,
    *,
    internal_note: str | None = None,
    evidence_urls: Iterable[str] | str | None = None,
    user: User | None = None,
) -> StatusChange:
    """Append a status change to ``rec``'s history and update its derived status.

    :raise RuleViolation: (with the offending field) for an unknown status, a missing or
        future effective date, a missing public note, a bad evidence link, or a status that
        is already the one in force on that date. Nothing is written then.
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
    public_note = _clean_note(public_note, "public_note", required=True)
    internal_note = _clean_note(internal_note, "internal_note", required=False)
    evidence = clean_evidence_urls(evidence_urls)
    _lock(rec)
    in_force = status_on(rec, effective_on)
    if in_force == to_status:
        raise RuleViolation(
            _("It is already “%(status)s” on %(date)s.",
              status=statuses.label(to_status, getattr(get_locale(), "language", "en")),
              date=effective_on.isoformat()),
            "to_status",
        )
    change = StatusChange(
        kind="change",
        to_status=to_status,
        previous_status=in_force,  # the new entry comes last on its day; checked below
        effective_on=effective_on,
        public_note=public_note,
        internal_note=internal_note,
        evidence_urls=evidence,
        recorded_by=user,
        recorded_by_name=user.name if user else None,
    )
    rec.status_changes.append(change)
    db.session.flush()
    refresh_derived_status(rec)
    db.session.flush()
    return change


def can_retract(change: StatusChange, user: User | None) -> bool:
    """Whether ``user`` may retract ``change``: its author or an admin."""
    if user is None or not user.can_edit:
        return False
    return user.is_admin or (change.recorded_by_id is not None and change.recorded_by_id == user.id)


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
    if len(active_changes(rec)) <= 1:
        raise RuleViolation(_("This is the only entry in force; record a new status instead."), "change")
    reason = _clean_note(reason, "reason", required=False)
    if not reason:
        raise RuleViolation(_("Say why the entry is wrong."), "reason")
    retraction = StatusChange(
        kind="retraction",
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


# --- Queries over many recommendations -------------------------------------------------


def active_changes_query():
    """Select of the active (not retracted, not retraction) status changes."""
    retraction = db.aliased(StatusChange)
    return (
        select(StatusChange)
        .outerjoin(retraction, retraction.retracts_id == StatusChange.id)
        .where(StatusChange.kind == "change", retraction.id.is_(None))
    )


def retracted_ids():
    """Select of the ids of retracted entries (retractions are few: an IN list, built once
    per statement, is cheaper than an anti-join per entry)."""
    retraction = aliased(StatusChange, name="retraction")
    return select(retraction.retracts_id).where(retraction.retracts_id.is_not(None))


def entry_in_force_id(day: date, recommendation_id):
    """Correlated scalar subquery: the id of the entry in force on ``day`` for the
    recommendation whose id is the column ``recommendation_id`` of the enclosing query
    (NULL when it has no active entry by then). One seek in ``ix_status_change_history``."""
    entry = aliased(StatusChange, name="in_force")
    return (
        select(entry.id)
        .where(entry.recommendation_id == recommendation_id, entry.kind == "change",
               entry.effective_on <= day, entry.id.not_in(retracted_ids()))
        .order_by(entry.effective_on.desc(), entry.recorded_at.desc(), entry.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def status_as_of_select(day: date):
    """Select of ``(recommendation_id, status, effective_on)``: each recommendation's
    status in force on ``day`` and the effective date of the entry that set it.
    Recommendations whose history starts after ``day`` have no row. One SQL query.

    On SQLite, one index seek per recommendation (``entry_in_force_id``); elsewhere a
    window over the history (PostgreSQL runs it in one pass over the index)."""
    if db.session.get_bind().dialect.name == "sqlite":
        rec, entry = aliased(Recommendation, name="rec"), aliased(StatusChange, name="entry")
        return (
            select(rec.id.label("recommendation_id"), entry.to_status.label("status"),
                   entry.effective_on.label("effective_on"))
            .select_from(rec)
            .join(entry, entry.id == entry_in_force_id(day, rec.id))
        )
    ranked = (
        select(
            StatusChange.recommendation_id.label("recommendation_id"),
            StatusChange.to_status.label("status"),
            StatusChange.effective_on.label("effective_on"),
            func.row_number()
            .over(
                partition_by=StatusChange.recommendation_id,
                order_by=(
                    StatusChange.effective_on.desc(),
                    StatusChange.recorded_at.desc(),
                    StatusChange.id.desc(),
                ),
            )
            .label("rank"),
        )
        .where(
            StatusChange.kind == "change",
            StatusChange.id.not_in(retracted_ids()),
            StatusChange.effective_on <= day,
        )
        .subquery()
    )
    return select(ranked.c.recommendation_id, ranked.c.status, ranked.c.effective_on).where(
        ranked.c.rank == 1
    )


def status_as_of_subquery(day: date):
    """``status_as_of_select(day)`` as a subquery named ``status_as_of``."""
    return status_as_of_select(day).subquery("status_as_of")


def statuses_as_of(day: date) -> dict[int, str]:
    """``{recommendation id: status on day}`` for every recommendation with history by then."""
    sub = status_as_of_subquery(day)
    return dict(db.session.execute(select(sub.c.recommendation_id, sub.c.status)).all())


def stale_cutoff(today: date | None = None) -> date:
    """Open recommendations whose status has not changed since before this date are stale."""
    today = today or clock.today()
    return today - timedelta(days=current_app.config["STALE_AFTER_DAYS"])


def is_stale(rec: Recommendation, today: date | None = None) -> bool:
    """Open and unchanged for ``STALE_AFTER_DAYS``."""
    return (
        statuses.get(rec.status).is_open
        and rec.status_since is not None
        and rec.status_since < stale_cutoff(today)
    )


def stale_clause(today: date | None = None):
    """SQL condition matching stale recommendations (see ``is_stale``)."""
    return and_(
        Recommendation.status.in_(statuses.OPEN_KEYS),
        Recommendation.status_since < stale_cutoff(today),
    )
