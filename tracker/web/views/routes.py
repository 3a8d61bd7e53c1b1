"""Saved views: a named filter of the staff list per user (issue 18).

Any logged-in staff member, leadership included, may save and delete their OWN views (a
view changes nothing but their navigation); another user's view answers 404. The filter
is stored in its canonical form (``RecommendationFilter.to_args`` without the page), so a
view opens as ``/?<query>`` and unknown parameters are dropped.
"""

from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, Flask, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import MultiDict

from ...services.accounts import saved_views as service
from ...services.queries import filters as filter_service
from ..rendering import render

bp = Blueprint("saved_views", __name__, url_prefix="/views")


@bp.before_request
@login_required
def _require_login():
    return None


def canonical_query(raw: str) -> str:
    """The staff-list query string ``raw`` in canonical form, without the page number."""
    filters = filter_service.parse(MultiDict(parse_qsl(raw.lstrip("?"))))
    return urlencode(filters.to_args(page=1), doseq=True)


@bp.get("")
def index():
    """The user's views, each with its link and a delete button."""
    return render("views/index.html", "views/_list.html", views=service.views_of(current_user.id))


@bp.post("")
def create():
    """Save the posted ``query`` (the list's query string) as ``name``; back to the list
    showing that view. No name: the views page again, with the error, 400."""
    name = (request.form.get("name") or "").strip()
    query = canonical_query(request.form.get("query") or "")
    if not name:
        return render("views/index.html", views=service.views_of(current_user.id),
                      error=_("Give the view a name."), query=query, status=400)
    try:
        view = service.save(current_user.id, name, query)
    except service.TooManyViews:
        return render("views/index.html", views=service.views_of(current_user.id),
                      error=_("You have %(count)s saved views; delete one first.",
                              count=service.MAX_VIEWS), query=query, status=400)
    flash(_("View “%(name)s” saved.", name=view.name), "success")
    return redirect(url_for("recommendations.index") + (f"?{view.query}" if view.query else ""))


@bp.post("/<int:view_id>/delete")
def delete(view_id: int):
    if not service.delete(current_user.id, view_id):
        abort(404)
    flash(_("Saved view deleted."), "success")
    return redirect(url_for("saved_views.index"))


def _saved_views():
    """The current user's views, for the navigation: empty when logged out, and when the
    database cannot answer (an error page must still render)."""
    try:
        if not current_user.is_authenticated:
            return []
        return service.views_of(current_user.id)
    except SQLAlchemyError:
        return []


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["saved_views"] = _saved_views
