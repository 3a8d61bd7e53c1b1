"""Create and edit a recommendation; on-blur field checks and Markdown preview for htmx.

Forms post normally and redirect (they work without JavaScript); htmx only adds the
per-field check (``POST .../validate?field=<name>``, same form class) and the live
preview (``POST /recommendations/preview?field=text_en``).
"""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...services.errors import RuleViolation
from ...services.recommendations.editing import (
    StaleEdit,
    comparable,
    find_by_submission_key,
    fingerprint,
    stored_values,
    update_recommendation,
)
from ...services.recommendations.records import create_recommendation
from ..access import editor_required
from ..forms import add_error, has_errors
from ..markdown import render_markdown
from ..rendering import render
from . import entry
from .forms import RecommendationForm
from .routes import bp, get_or_404

# Fields of the status service's first entry, as named on this form.
FIRST_ENTRY_FIELDS = {"to_status": "first_status", "effective_on": "first_effective_on",
                      "public_note": "first_note"}
ON_BLUR = ("title_en", "title_ja", "topic", "supersedes", "first_effective_on", "first_note")
PREVIEWABLE = ("text_en", "text_ja")


def _render_form(form, rec=None, status=200, conflict=None, duplicates=()):
    validate_url = (url_for("recommendations.validate_existing", reference=rec.reference) if rec
                    else url_for("recommendations.validate_new"))
    return render("recommendations/form.html", "recommendations/_form.html", status=status,
                  form=form, rec=rec, validate_url=validate_url, conflict=conflict, on_blur=ON_BLUR,
                  duplicates=duplicates)


@bp.route("/recommendations/new", methods=["GET", "POST"])
@editor_required
def new():
    """Create: the reference is allocated on save; first status draft unless chosen.
    A second submit of the same form (same ``submission_key``) leads to the first result.
    ``?publication=`` (and the fields "save and add another" keeps) pre-fill the form; a
    title duplicating one of the same publication is warned about once (see ``entry``)."""
    form = RecommendationForm(data=entry.initial_for_new(request.args) if request.method == "GET" else None)
    found = []
    if request.method == "POST":
        existing = find_by_submission_key(form.submission_key.data)
        if existing is not None:
            return redirect(url_for("recommendations.detail", reference=existing.reference))
        if form.validate() and not (found := entry.unconfirmed_duplicates(form)):
            try:
                rec = create_recommendation(
                    **form.values(), first_status=form.first_status.data,
                    effective_on=form.first_effective_on.data, public_note=form.first_note.data or None,
                    user=current_user,
                )
                rec.submission_key = form.submission_key.data
                db.session.commit()
            except RuleViolation as violation:
                db.session.rollback()
                add_error(form, FIRST_ENTRY_FIELDS.get(violation.field, violation.field), violation.message)
            except IntegrityError:
                db.session.rollback()
                existing = find_by_submission_key(form.submission_key.data)
                if existing is None:
                    raise
                return redirect(url_for("recommendations.detail", reference=existing.reference))
            else:
                flash(_("Recommendation %(reference)s created.", reference=rec.reference), "success")
                if entry.wants_another():
                    return redirect(entry.another_url(form))
                return redirect(url_for("recommendations.detail", reference=rec.reference))
    return _render_form(form, status=422 if has_errors(form) else 200, duplicates=found)


def _initial(rec) -> dict:
    data = comparable(rec)
    for name in ("topic", "event", "publication"):
        data[name] = str(data[name]) if data[name] else ""
    return {**data, "version": str(rec.version), "seen": fingerprint(rec)}


@bp.route("/recommendations/<reference>/edit", methods=["GET", "POST"])
@editor_required
def edit(reference: str):
    """Edit the content (not the status: that is the status form). A save based on an
    older version is merged field by field with the save that came first; when both changed
    the same field it is refused with 409: the fields only the other person changed now show
    their values, each field both changed is shown side by side with a choice (``choose_<field>``:
    ``theirs`` or ``mine``, the default), and saving again applies the choices."""
    rec = get_or_404(reference)
    form = RecommendationForm(data=_initial(rec), reference=rec.reference)
    if request.method == "POST" and form.validate():
        try:
            version = _posted_version(form.version.data)
            changed = update_recommendation(rec, _with_choices(rec, form.values()), version=version,
                                            seen=form.seen.data, user=current_user)
            db.session.commit()
        except StaleEdit as stale:
            db.session.rollback()
            rec = get_or_404(reference)
            form.version.data, form.seen.data = str(rec.version), fingerprint(rec)
            theirs = _initial(rec)
            for name in stale.kept:  # shown as they are now, so saving again keeps them
                form[name].data = theirs[name]
            return _render_form(form, rec, status=409, conflict=stale)
        except RuleViolation as violation:
            db.session.rollback()
            rec = get_or_404(reference)
            add_error(form, violation.field, violation.message)
        else:
            flash(_("Saved %(reference)s.", reference=rec.reference) if changed else _("No changes to save."), "success")
            return redirect(url_for("recommendations.detail", reference=rec.reference))
    return _render_form(form, rec, status=422 if has_errors(form) else 200)


def _with_choices(rec, values: dict) -> dict:
    """``values`` with the stored value for each field whose conflict the user settled as
    "keep theirs" (``choose_<field>=theirs``)."""
    if not any(request.form.get(f"choose_{name}") == "theirs" for name in values):
        return values
    stored = stored_values(rec)
    return {name: (stored[name] if request.form.get(f"choose_{name}") == "theirs" and name in stored else value)
            for name, value in values.items()}


def _posted_version(raw: str | None) -> int:
    """The version the form was based on; 0 (never current, so the save is checked as a
    stale edit) for a missing or malformed value."""
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0


@bp.post("/recommendations/validate", endpoint="validate_new")
@bp.post("/recommendations/<reference>/validate", endpoint="validate_existing")
def validate_field(reference: str | None = None):
    """Check one field (``?field=``) of the posted form; answers that field re-rendered
    with its errors (200 either way, so htmx swaps it). :raise 400: for other fields."""
    name = request.args.get("field", "")
    if name not in ON_BLUR:
        abort(400)
    rec = get_or_404(reference) if reference else None
    form = RecommendationForm(reference=rec.reference if rec else None)
    form.validate_one(name)
    validate_url = request.path
    return render("recommendations/_field.html", "recommendations/_field.html",
                  f=form[name], validate_url=validate_url)


@bp.post("/recommendations/preview")
def preview():
    """The Markdown of ``?field=`` (text_en or text_ja) rendered as it will be shown."""
    name = request.args.get("field", "")
    if name not in PREVIEWABLE:
        abort(400)
    return render("recommendations/_preview.html", "recommendations/_preview.html",
                  html=render_markdown(request.form.get(name, "")[:40000]), lang="ja" if name == "text_ja" else "en")
