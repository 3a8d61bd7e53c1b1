"""The partner API: read-only JSON under ``/api/v1``, Atom feeds, and a human page at ``/api``.

Public data only (``services.public_api`` / ``services.public_changes``), JSON shapes from
``serializers`` (fields declared in ``domain.partner_fields``), one JSON error shape
(``errors``, also for a database that cannot be reached), partner tokens and rate limits
(``auth``), HTTP caching/CORS/gzip (``http``), and the OpenAPI document (``openapi``).
No cookie session under ``/api/`` (``sessions``); one recommendation's finished body is
reused while the data is unchanged (``body_cache``). A partner's mirror: ``/sync`` and
``/snapshot`` (``sync_views``).
"""

from flask import Blueprint, current_app, request
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from ..extensions import csrf, db
from ..services.errors import RuleViolation
from ..services.partner import record_bodies
from . import feeds, http, serializers, sessions, sync_views, views
from .auth import authenticate, limiter
from .auth import install as install_limiter
from .errors import ApiError, database_unavailable_response, http_error_response

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)
PUBLIC_ENDPOINTS = frozenset({"api.index", "api.openapi"})
FEED_ENDPOINTS = frozenset({"api.feed_changes", "api.feed_topic"})

views.register(bp)
sync_views.register(bp)
record_bodies.set_builder(serializers.stored_parts)  # the JSON kept beside the sync log
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


@bp.errorhandler(OperationalError)
@bp.errorhandler(InterfaceError)
@bp.errorhandler(DisconnectionError)
def _database_unavailable(error):
    """The database cannot be reached: 503 in the API's error shape (the app-wide handler
    in ``operations`` answers the other paths)."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass
    current_app.logger.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    return database_unavailable_response()


bp.after_request(http.finish)
