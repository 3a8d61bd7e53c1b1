"""Operations: the health check, structured request logs, and 503 when the database is down.

- ``GET /healthz`` (no login): JSON ``{"status": "ok"|"fail", "database": {...},
  "migrations": {...}, "search": {...}}``; 200 when the database answers and its schema is
  at the migration head, else 503. The search state is reported (from
  ``tracker.search.health()`` when that module offers it) but never fails the check: the
  app serves without an index. Nothing secret is in the answer (no URLs, no paths).
- One JSON line per request on the ``tracker.request`` logger (stderr by default): request
  id, method, path (never the query string, so no token parameter is ever logged), status,
  duration in ms, user id. The request id comes from a well-formed ``X-Request-ID`` header
  or is generated, and is echoed in the response's ``X-Request-ID``.
- A database that cannot be reached (``OperationalError``, ``InterfaceError``,
  ``DisconnectionError``) answers 503 with ``Retry-After`` — a page, or JSON for the API,
  ``/healthz`` and clients that ask for JSON — instead of a 500. The engine's
  ``pool_pre_ping`` replaces dead connections, so the app recovers when the database is
  back without a restart.
"""

import json
import logging
import os
import re
import sys
import time
from pathlib import Path

from flask import Blueprint, Flask, current_app, g, jsonify, render_template, request
from sqlalchemy import text
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError

from ..extensions import db, login_manager

bp = Blueprint("operations", __name__)
request_log = logging.getLogger("tracker.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
UNAVAILABLE_MESSAGE = "The database is not reachable right now. Please try again in a moment."


def migration_heads() -> set[str]:
    """Revision ids at the head of ``migrations/`` (read once per process)."""
    heads = current_app.extensions.get("migration_heads")
    if heads is None:
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        heads = set(ScriptDirectory.from_config(config).get_heads())
        current_app.extensions["migration_heads"] = heads
    return heads


def _search_health() -> dict | None:
    try:
        from .. import search  # built in another branch; optional here
    except ImportError:
        return None
    health = getattr(search, "health", None)
    if health is None:
        return None
    try:
        return dict(health())
    except Exception:  # the index must never take the health check down
        current_app.logger.exception("search health check failed")
        return {"ok": False, "error": "search health check failed"}


@bp.get("/healthz")
def healthz():
    """Database, migration and search state as JSON; 200 or 503."""
    result = {"status": "ok"}
    try:
        db.session.execute(text("SELECT 1"))
        current = set(db.session.execute(text("SELECT version_num FROM alembic_version")).scalars())
        result["database"] = {"ok": True}
    except SQLAlchemyError:
        db.session.rollback()
        current = None
        result["database"] = {"ok": False, "error": "database unreachable"}
    if current is None:
        result["migrations"] = {"ok": False, "error": "unknown (database unreachable)"}
    else:
        heads = migration_heads()
        result["migrations"] = {"ok": current == heads, "current": sorted(current), "head": sorted(heads)}
    search = _search_health()
    if search is not None:
        result["search"] = search
    healthy = result["database"]["ok"] and result["migrations"]["ok"]
    result["status"] = "ok" if healthy else "fail"
    response = jsonify(result)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _new_request_id() -> str:
    """32 random hex digits (the shape of ``uuid4().hex``, without building a UUID)."""
    return os.urandom(16).hex()


def _start_request():
    incoming = request.environ.get("HTTP_X_REQUEST_ID", "")
    request_globals = g._get_current_object()  # one context lookup
    request_globals.request_id = incoming if incoming and _REQUEST_ID.match(incoming) else _new_request_id()
    request_globals.request_started = time.perf_counter()


def _log_request(response):
    request_globals = g._get_current_object()  # one context lookup
    request_id = request_globals.get("request_id") or _new_request_id()
    response.headers.add("X-Request-ID", request_id)  # no view sets it: no scan for one
    if current_app.config.get("REQUEST_LOG", True):
        user = request_globals.get("_login_user")  # only if this request loaded it; never loads it
        started = request_globals.get("request_started")
        request_log.info(json.dumps({
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "user_id": user.id if user is not None and getattr(user, "is_authenticated", False) else None,
            "addr": request.remote_addr,
        }, ensure_ascii=False))
    return response


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.path == "/healthz":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _database_unavailable(error):
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass
    current_app.logger.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    headers = {"Retry-After": "5", "Cache-Control": "no-store"}
    if wants_json():
        body = {"error": {"status": 503, "code": "database_unavailable",
                          "message": UNAVAILABLE_MESSAGE, "details": {}}}
        return jsonify(body), 503, headers
    # Render as anonymous (Flask-Login's context processor would ask the database for the
    # user again), on a standalone page that needs nothing from the database.
    g._login_user = login_manager.anonymous_user()
    return render_template("errors/unavailable.html", message=UNAVAILABLE_MESSAGE), 503, headers


def _configure_logger() -> None:
    if not request_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        request_log.addHandler(handler)
        request_log.setLevel(logging.INFO)
        request_log.propagate = False


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    # First, so the request id exists before any other hook can fail.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_log_request)
    for exc in (OperationalError, InterfaceError, DisconnectionError):
        app.register_error_handler(exc, _database_unavailable)
    _configure_logger()
