"""Access rules for staff pages, in one place.

Every staff blueprint calls ``guard_staff(bp)``: anonymous users are sent to the login page
(htmx requests get ``HX-Redirect``), and users who may only read (leadership) get 403 on any
request that could modify something. ``guard_admin(bp)`` also refuses non-admins. The
rules themselves (who may do what) are ``tracker.domain.policies``.
"""

from functools import wraps

from flask import abort, make_response, redirect, request, url_for
from flask_login import current_user

from ..database import SAFE_METHODS
from ..domain import policies
from ..extensions import login_manager


@login_manager.unauthorized_handler
def _unauthorized():
    target = url_for("auth.login", next=_next_path())
    if request.headers.get("HX-Request") == "true":
        response = make_response("", 204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def _next_path() -> str:
    """Where to go after logging in: this page, or home after a refused form post."""
    if request.method not in SAFE_METHODS:
        return "/"
    return request.full_path if request.query_string else request.path


def guard_staff(bp) -> None:
    @bp.before_request
    def _require_staff():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not policies.can_view_staff(current_user):
            abort(403)
        if request.method not in SAFE_METHODS and not policies.can_edit(current_user):
            abort(403)
        return None


def guard_admin(bp) -> None:
    @bp.before_request
    def _require_admin():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not policies.can_admin(current_user):
            abort(403)
        return None


def editor_required(view):
    """For a single view: only roles that may edit (admin, researcher)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not policies.can_edit(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapper
