"""The partner API: read-only JSON under ``/api/v1``, Atom feeds, and a human page at ``/api``.

Public data only (``services.public_api`` / ``services.public_changes``), JSON shapes from
``serializers``, one JSON error shape (``errors``), partner tokens and rate limits
(``auth``), HTTP caching/CORS/gzip (``http``), and the OpenAPI document (``openapi``).
No cookie session under ``/api/`` (``sessions``); one recommendation's finished body is
reused while the data is unchanged (``body_cache``).
"""

from flask import Blueprint, request
from werkzeug.exceptions import HTTPException

from ..extensions import csrf
from ..services.errors import RuleViolation
from . import feeds, http, sessions, views
from .auth import authenticate, limiter
from .auth import install as install_limiter
from .errors import ApiError, http_error_response

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)
PUBLIC_ENDPOINTS = frozenset({"api.index", "api.openapi"})
FEED_ENDPOINTS = frozenset({"api.feed_changes", "api.feed_topic"})

views.register(bp)
feeds.register(bp)


@bp.record_once
def _setup(state) -> None:
    app = state.app
    install_limiter(app)
    app.extensions["api_limiter"] = limiter
    sessions.install(app)


@bp.before_request
def _authenticate():
    if request.method == "OPTIONS" or request.endpoint in PUBLIC_ENDPOINTS:
        return
    authenticate(allow_query=request.endpoint in FEED_ENDPOINTS)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return http_error_response(error)


@bp.errorhandler(RuleViolation)
def _bad_input(error: RuleViolation):
    return http_error_response(
        ApiError(400, "invalid_parameter", error.message, {"parameter": error.field})
    )


bp.after_request(http.finish)
