"""Record and retract status changes (the contract in COMMON.md).

``GET /recommendations/<ref>/status/new[?to_status=]`` gives the form (a partial for htmx,
the recommendation page with the form filled in otherwise). ``POST /recommendations/<ref>/status`` records a change through
``services.status.record_status_change``: on success htmx gets a fresh form plus
out-of-band updates of the status line, the track cards and the timeline and an
``HX-Trigger: status-changed`` header; a plain form post is redirected to the
recommendation. On a rule violation the form comes back with the error next to its field,
status 422, and nothing is written. One submit records one entry per checked track (the
tracks already in that status are skipped and named); a change dated before a checked
track's current entry first comes back with a warning to confirm (``tracks_view``).
"""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...domain import statuses
from ...extensions import db
from ...models import StatusChange
from ...services.errors import PermissionDenied, RuleViolation
from ...services.recommendations.status import (
    check_entry,
    chosen_tracks,
    is_track_stale,
    record_status_change,
    retract_status_change,
)
from ..access import editor_required
from ..forms import add_error
from ..i18n import addressee_label, format_date, status_label
from ..rendering import hx_trigger, render, wants_partial
from . import tracks_view
from .forms_status import RetractForm, StatusChangeForm
from .routes import bp, detail_context, get_or_404, status_context

STATUS_CHANGED = "status-changed"


@bp.app_template_global("next_status")
def _next_status(key: str | None) -> str | None:
    """The status a move panel offers first (``domain.statuses.next_status``)."""
    return statuses.next_status(key)


@bp.app_template_global("is_track_stale")
def _is_track_stale(track) -> bool:
    """Track ``track`` is open and unchanged for ``STALE_AFTER_DAYS``."""
    return is_track_stale(track)


@bp.get("/recommendations/<reference>/status/new")
@editor_required
def new_status(reference: str):
    """The status-change form, ``to_status`` preselected when it names a known status."""
    rec = get_or_404(reference)
    form = StatusChangeForm.blank_for(rec, request.args.get("to_status"))
    return render("recommendations/detail.html", "recommendations/_status_form.html",
                  **detail_context(rec, status_form=form))


@bp.post("/recommendations/<reference>/status")
def record_status(reference: str):
    """Record one entry on the checked tracks (see the module docstring). A change dated
    before a checked track's current entry comes back first with the backdating warning
    (``tracks_view``); it is recorded once that warning is confirmed."""
    rec = get_or_404(reference)
    form = StatusChangeForm().offer_tracks(rec)
    key = (form.submission_key.data or "")[:64] or None
    changes, chosen = [], []
    if form.validate():
        changes = _already_recorded(rec, key)
        try:
            if not changes:
                chosen = chosen_tracks(rec, form.chosen_tracks())
                check_entry(form.to_status.data, form.effective_on.data, form.public_note.data,
                            form.internal_note.data, form.evidence_urls.data, form.agency.data)
                landings = tracks_view.backdating(rec, chosen, form.to_status.data, form.effective_on.data)
                seen = tracks_view.signature(form.effective_on.data, form.to_status.data, landings)
                if landings and not (form.confirm_backdate.data and form.backdate_seen.data == seen):
                    form.backdate_seen.data, form.confirm_backdate.data = seen, False
                    return render("recommendations/detail.html", "recommendations/_status_form.html",
                                  **detail_context(rec, status_form=form, landings=landings))
                changes = record_status_change(
                    rec, form.to_status.data, form.effective_on.data, form.public_note.data,
                    tracks=chosen, agency=form.agency.data or None,
                    internal_note=form.internal_note.data, evidence_urls=form.evidence_urls.data,
                    user=current_user, submission_key=key,
                )
                db.session.commit()
        except RuleViolation as violation:
            db.session.rollback()
            rec = get_or_404(reference)
            add_error(form, violation.field, violation.message)
        except IntegrityError:  # the same submission committed meanwhile, in another request
            db.session.rollback()
            changes = _already_recorded(get_or_404(reference), key)
            if not changes:
                raise
        if changes and not form.errors:
            rec = get_or_404(reference)
            message = _recorded_message(changes, chosen)
            return _updated("recommendations/_status_form.html", rec, message,
                            form_message=message, status_form=StatusChangeForm.blank_for(rec))
    return render("recommendations/detail.html", "recommendations/_status_form.html",
                  status=422, **detail_context(rec, status_form=form))


def _recorded_message(changes: list[StatusChange], chosen: list[str]) -> str:
    """Which tracks got the entry, and which were skipped (already in that status)."""
    first = changes[0]
    recorded = [c.addressee for c in changes]
    message = " ".join([
        _("Recorded: %(status)s from %(date)s.", status=status_label(first.to_status),
          date=format_date(first.effective_on)),
        _("Tracks: %(tracks)s.", tracks=", ".join(addressee_label(a) for a in recorded)),
    ])
    skipped = [a for a in chosen if a not in recorded]
    if skipped:
        message += " " + _("Skipped, already in that status: %(tracks)s.",
                           tracks=", ".join(addressee_label(a) for a in skipped))
    return message


def _already_recorded(rec, key: str | None) -> list[StatusChange]:
    """The entries a submission with ``key`` recorded on ``rec`` earlier (one per track),
    if any: a retried submission (its answer was lost) is answered as a success, and
    records nothing."""
    if key is None:
        return []
    return list(db.session.execute(
        select(StatusChange).where(StatusChange.recommendation_id == rec.id,
                                   StatusChange.submission_key == key)
        .order_by(StatusChange.id).limit(20)
    ).scalars())


@bp.post("/recommendations/<reference>/status/<int:change_id>/retract")
def retract_status(reference: str, change_id: int):
    """Retract entry ``change_id`` with a reason (its author or an admin).

    :raise 403: for anyone else. :raise 404: for an entry of another recommendation.
    """
    rec = get_or_404(reference)
    change = db.session.get(StatusChange, change_id)
    if change is None or change.recommendation_id != rec.id:
        abort(404)
    form = RetractForm()
    errors = {}
    if form.validate():
        try:
            retract_status_change(change, form.reason.data, user=current_user)
        except PermissionDenied:
            db.session.rollback()
            abort(403)
        except RuleViolation as violation:
            db.session.rollback()
            errors[change_id] = violation.message
        else:
            db.session.commit()
            message = _("Entry of %(date)s retracted.", date=format_date(change.effective_on))
            return _updated("recommendations/_timeline.html", rec, message,
                            timeline_message=message)
    else:
        errors[change_id] = " ".join(map(str, form.reason.errors)) or _("Reload the page and try again.")
    rec = get_or_404(reference)
    return render("recommendations/detail.html", "recommendations/_timeline.html", status=422,
                  **detail_context(rec, retract_form=form, retract_errors=errors))


def _updated(partial: str, rec, message: str, **extra):
    """After a successful write: htmx gets ``partial`` plus out-of-band status line and
    timeline, and the ``status-changed`` event; a plain post is redirected."""
    if not wants_partial():
        flash(message, "success")
        return redirect(url_for("recommendations.detail", reference=rec.reference))
    db.session.refresh(rec)
    response = render(partial, partial, oob=True, **status_context(rec, **extra))
    return hx_trigger(response, STATUS_CHANGED)
