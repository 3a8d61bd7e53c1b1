"""Staff pages for the catalog: events, publications and topic areas (list, create,
edit, delete when nothing refers to them). One set of views, described per kind."""

from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Event, Publication, TopicArea
from ...services.errors import RuleViolation
from ...services.recommendations import catalog as service
from ..access import editor_required, guard_staff
from ..forms import add_error, has_errors
from ..i18n import N_, event_kind_label, format_date, localized, publication_kind_label
from ..rendering import render
from .forms import EventForm, PublicationForm, TopicForm

bp = Blueprint("catalog", __name__)
guard_staff(bp)


@dataclass(frozen=True)
class Kind:
    key: str
    model: type
    form: type
    singular: str
    plural: str
    columns: tuple  # (heading, function of the object)
    order: tuple
    relations: tuple = ()  # form fields holding the id of a related row
    fields: tuple = field(default=())
    filter_param: str = ""


KINDS = {
    "events": Kind(
        "events", Event, EventForm, N_("event"), N_("Events"),
        ((N_("Date"), lambda e: format_date(e.starts_on)), (N_("Title"), lambda e: localized(e, "title")),
         (N_("Kind"), lambda e: event_kind_label(e.kind)), (N_("Location"), lambda e: e.location or "")),
        (Event.starts_on.desc(),), ("line_of_effort",),
        ("title_en", "title_ja", "slug", "kind", "starts_on", "ends_on", "location", "line_of_effort", "description_en"),
        "event",
    ),
    "publications": Kind(
        "publications", Publication, PublicationForm, N_("publication"), N_("Publications"),
        ((N_("Published"), lambda p: format_date(p.published_on) if p.published_on else _("not yet")),
         (N_("Title"), lambda p: localized(p, "title")), (N_("Kind"), lambda p: publication_kind_label(p.kind)),
         (N_("Authors"), lambda p: p.authors or "")),
        (Publication.published_on.desc().nullsfirst(),), ("event",),
        ("title_en", "title_ja", "slug", "kind", "published_on", "url", "authors", "event"),
        "publication",
    ),
    "topics": Kind(
        "topics", TopicArea, TopicForm, N_("topic area"), N_("Topic areas"),
        ((N_("Topic"), lambda t: t.path_en), ("日本語", lambda t: t.name_ja or ""),
         (N_("Line of effort"), lambda t: localized(t.line_of_effort, "name"))),
        (TopicArea.name_en,), ("parent", "line_of_effort"),
        ("name_en", "name_ja", "slug", "parent", "line_of_effort"),
        "topic",
    ),
}
KIND_PATH = "/<any(events, publications, topics):kind>"


def _kind(key: str) -> Kind:
    return KINDS[key]


def _get(kind: Kind, obj_id: int):
    return db.session.get(kind.model, obj_id) or abort(404)


@bp.get(KIND_PATH)
def index(kind: str):
    k = _kind(kind)
    stmt = select(k.model).order_by(*k.order)
    if k.model is TopicArea:
        stmt = stmt.options(selectinload(TopicArea.parent), selectinload(TopicArea.line_of_effort))
        rows = sorted(db.session.execute(stmt).scalars(), key=lambda t: t.path_en.lower())
    else:
        rows = db.session.execute(stmt).scalars().all()
    return render("catalog/index.html", "catalog/_table.html", kind=k, rows=rows)


def _initial(kind: Kind, obj) -> dict:
    data = {name: getattr(obj, name, None) for name in kind.fields if name not in kind.relations}
    for name in kind.relations:
        value = getattr(obj, f"{name}_id")
        data[name] = str(value) if value else ""
    return data


def _save(kind: Kind, form, obj) -> bool:
    """Copy the form into ``obj``; False (with errors on the form) when a rule fails."""
    slug = form.slug.data or service.slugify(form.data.get("title_en") or form.data.get("name_en"))
    if not slug:
        add_error(form, "slug", _("Give a slug (the title has no letters to make one from)."))
        return False
    if service.slug_taken(kind.model, slug, obj):
        add_error(form, "slug", _("“%(slug)s” is already used by another %(kind)s.", slug=slug, kind=_(kind.singular)))
        return False
    if kind.model is TopicArea:
        parent = db.session.get(TopicArea, int(form.parent.data)) if form.parent.data else None
        try:
            service.check_topic_parent(obj if obj.id else None, parent)
        except RuleViolation as violation:
            add_error(form, violation.field, violation.message)
            return False
    for name in kind.fields:
        value = form[name].data
        if name in kind.relations:
            setattr(obj, f"{name}_id", int(value) if value else None)
        elif name == "slug":
            obj.slug = slug
        else:
            setattr(obj, name, value if value != "" else None)
    return True


@bp.route(KIND_PATH + "/new", methods=["GET", "POST"])
@editor_required
def new(kind: str):
    k = _kind(kind)
    form = k.form()
    if form.validate_on_submit():
        obj = k.model()
        if _save(k, form, obj):
            db.session.add(obj)
            db.session.commit()
            flash(_("Created %(kind)s “%(name)s”.", kind=_(k.singular), name=_label(obj)), "success")
            return redirect(url_for("catalog.index", kind=kind))
    return render("catalog/form.html", "catalog/_form.html", status=422 if has_errors(form) else 200,
                  kind=k, form=form, obj=None)


@bp.route(KIND_PATH + "/<int:obj_id>", methods=["GET", "POST"])
@editor_required
def edit(kind: str, obj_id: int):
    k = _kind(kind)
    obj = _get(k, obj_id)
    form = k.form(data=_initial(k, obj))
    if form.validate_on_submit():
        if _save(k, form, obj):
            db.session.commit()
            flash(_("Saved %(kind)s “%(name)s”.", kind=_(k.singular), name=_label(obj)), "success")
            return redirect(url_for("catalog.index", kind=kind))
        db.session.rollback()
    return render("catalog/form.html", "catalog/_form.html", status=422 if has_errors(form) else 200,
                  kind=k, form=form, obj=obj, references=service.references(obj))


@bp.post(KIND_PATH + "/<int:obj_id>/delete")
def delete(kind: str, obj_id: int):
    """Delete, or refuse with the reason (409) when something still refers to it."""
    k = _kind(kind)
    obj = _get(k, obj_id)
    label = _label(obj)
    try:
        service.delete(obj)
    except RuleViolation as violation:
        db.session.rollback()
        form = k.form(formdata=None, data=_initial(k, obj))
        return render("catalog/form.html", "catalog/_form.html", status=409, kind=k, form=form, obj=obj,
                      references=service.references(obj), delete_error=violation.message)
    db.session.commit()
    flash(_("Deleted %(kind)s “%(name)s”.", kind=_(k.singular), name=label), "success")
    if request.headers.get("HX-Request") == "true":
        response = redirect(url_for("catalog.index", kind=kind))
        response.headers["HX-Redirect"] = response.location
        return response
    return redirect(url_for("catalog.index", kind=kind))


def _label(obj) -> str:
    return getattr(obj, "title", None) or getattr(obj, "name_en", "")
