"""Record and retract status changes (the contract in COMMON.md).

``GET /recommendations/<ref>/status/new[?to_status=]`` gives the form (a partial for htmx,
the recommendation page with the form filled in otherwise). ``POST /recommendations/<ref>/status`` records a change through
``services.status.record_status_change``: on success htmx gets a fresh form plus
out-of-band updates of the status line and timeline and an ``HX-Trigger: status-changed``
header; a plain form post is redirected to the recommendation. On a rule violation the form
comes back with the error next to its field, status 422, and nothing is written.
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
from ...services.recommendations.status import record_status_change, retract_status_change
from ..access import editor_required
from ..forms import add_error
from ..i18n import format_date, status_label
from ..rendering import hx_trigger, render, wants_partial
from .forms_status import RetractForm, StatusChangeForm
from .routes import bp, detail_context, get_or_404, status_context

STATUS_CHANGED = "status-changed"


@bp.app_template_global("next_status")
def _next_status(key: str | None) -> str | None:
    """The status a move panel offers first (``domain.statuses.next_status``)."""
    return statuses.next_status(key)


@bp.get("/recommendations/<reference>/status/new")
@editor_required
def new_status(reference: str):
    """The status-change form, ``to_status`` preselected when it names a known status."""
    rec = get_or_404(reference)
    form = StatusChangeForm.blank_for(rec.status, request.args.get("to_status"))
    return render("recommendations/detail.html", "recommendations/_status_form.html",
                  **detail_context(rec, status_form=form))


@bp.post("/recommendations/<reference>/status")
def record_status(reference: str):
    rec = get_or_404(reference)
    form = StatusChangeForm()
    key = (form.submission_key.data or "")[:64] or None
    if form.validate():
        change = _already_recorded(rec, key)
        try:
            if change is None:
                change = record_status_change(
                    rec, form.to_status.data, form.effective_on.data, form.public_note.data,
                    internal_note=form.internal_note.data, evidence_urls=form.evidence_urls.data,
                    user=current_user, submission_key=key,
                )[0]
                db.session.commit()
        except RuleViolation as violation:
            db.session.rollback()
            rec = get_or_404(reference)
            add_error(form, violation.field, violation.message)
        except IntegrityError:  # the same submission committed meanwhile, in another request
            db.session.rollback()
            change = _already_recorded(get_or_404(reference), key)
            if change is None:
                raise
        if change is not None and not form.errors:
            rec = get_or_404(reference)
            message = _("Recorded: %(status)s from %(date)s.",
                        status=status_label(change.to_status), date=format_date(change.effective_on))
            return _updated("recommendations/_status_form.html", rec, message,
                            form_message=message, status_form=StatusChangeForm.blank_for(rec.status))
    return render("recommendations/detail.html", "recommendations/_status_form.html",
                  status=422, **detail_context(rec, status_form=form))


def _already_recorded(rec, key: str | None) -> StatusChange | None:
    """The entry a submission with ``key`` recorded on ``rec`` earlier, if any: a retried
    submission (its answer was lost) is answered as a success, and records nothing."""
    if key is None:
        return None
    return db.session.execute(
        select(StatusChange).where(StatusChange.recommendation_id == rec.id,
                                   StatusChange.submission_key == key)
        .order_by(StatusChange.id).limit(1)
    ).scalar_one_or_none()


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
