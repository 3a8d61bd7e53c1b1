"""One JSON error shape for every 4xx and 5xx under ``/api/``:

    {"error": {"status": 404, "code": "not_found", "message": "...", "details": {...}}}

``details`` is an object (``{}`` when there is nothing to add; ``{"parameter": name}`` for
bad input). Routing errors (unknown path, wrong method) never reach the blueprint, so the
app-wide handlers in ``tracker/errors.py`` call ``http_error_response`` for ``/api/`` paths.
"""

import time

from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    429: "rate_limited",
    500: "internal_error",
    503: "database_unavailable",
}
MESSAGES = {
    404: "There is nothing at this address. See /api/v1/openapi.json for the endpoints.",
    405: "This API is read-only: use GET or HEAD.",
    429: "Too many requests for this token. Wait for the number of seconds in Retry-After.",
    500: "Something went wrong on our side. The error has been logged.",
    503: "The database is not reachable right now. Please try again in a moment.",  # = operations
}
# Headers of a werkzeug error worth keeping (e.g. Allow on 405).
KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


class ApiError(HTTPException):
    """An API error with a machine-readable ``code`` and ``details``."""

    def __init__(self, status: int, code: str, message: str, details: dict | None = None,
                 headers: dict | None = None):
        super().__init__(description=message)
        self.code = status
        self.error_code = code
        self.details = details or {}
        self.extra_headers = headers or {}


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, details: dict | None = None,
                   headers: dict | None = None):
    response = jsonify(
        {"error": {"status": status, "code": code, "message": message, "details": details or {}}}
    )
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    response.headers["Access-Control-Allow-Origin"] = "*"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def http_error_response(error: HTTPException):
    """The JSON response for any ``HTTPException`` raised while serving ``/api/``."""
    status = error.code or 500
    if status < 400:  # redirects (e.g. a missing trailing slash) stay what they are
        return error.get_response()
    if isinstance(error, ApiError):
        return error_response(status, error.error_code, error.description, error.details,
                              error.extra_headers)
    headers = {k: v for k, v in error.get_headers() if k in KEPT_HEADERS}
    if status == 429 and "Retry-After" not in headers:
        headers["Retry-After"] = str(_retry_after_seconds())
    message = MESSAGES.get(status) or error.description or "Request refused."
    return error_response(status, CODES.get(status, f"http_{status}"), message, {}, headers)


def server_error_response():
    return error_response(500, CODES[500], MESSAGES[500])


def database_unavailable_response():
    """503 in the one error shape (with ``details`` and CORS), ``Retry-After: 5``."""
    return error_response(503, CODES[503], MESSAGES[503], headers={"Retry-After": "5"})


def _retry_after_seconds() -> int:
    """Seconds until the limit that was hit resets (Flask-Limiter's current limit)."""
    limiter = current_app.extensions.get("api_limiter")
    current = getattr(limiter, "current_limit", None) if limiter else None
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()) + 1)
