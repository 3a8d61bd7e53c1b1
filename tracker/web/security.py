"""Security headers for every response, set in this one place.

The Content-Security-Policy allows scripts and styles from our own origin only: no inline
``<script>``, no ``style=`` attributes, no ``on*=`` handlers (tests/test_security_headers.py
scans the templates). htmx is told not to inject its indicator style (the ``htmx-config``
meta tag in base.html), so it runs under this policy unchanged.

Input with C0 control characters other than tab, newline and carriage return (NUL above
all: PostgreSQL cannot store it, XML exports and feeds cannot carry the others) is refused
with 400 before any view runs: no user types them, so they are junk or an attack, and
refusing them in one place keeps them out of every table, export and feed.

In production, ``HSTS_SECONDS`` (default one year) adds Strict-Transport-Security, and the
session cookie is ``Secure`` (config.py). Behind a reverse proxy, ``TRUSTED_PROXIES`` is
the number of proxies whose ``X-Forwarded-For``/``-Proto`` headers are believed, so the
login throttle sees the client's address rather than the proxy's.
"""


from flask import Flask, abort, render_template, request
from werkzeug.middleware.proxy_fix import ProxyFix

from ..domain import limits

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


# JSON answers of the API are never rendered as a page: nothing may load or frame them,
# and the page-only headers (referrer, opener, permissions) have nothing to govern
# (OWASP's REST Security Cheat Sheet). HTML and feeds under /api/ get ``HEADERS``.
JSON_API_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
_LOWER = {id(headers): [(name.lower(), name, value) for name, value in headers.items()]
          for headers in (HEADERS, JSON_API_HEADERS)}

CONTROL_CHARACTERS = limits.CONTROL_CHARACTERS


def _bad_input_name() -> str | None:
    """The name of the first query parameter, form field or upload whose value holds a
    control character (None when all are clean)."""
    # Without a Content-Type there is no form and no upload (werkzeug parses none).
    has_body = bool(request.environ.get("CONTENT_TYPE"))
    for source in (request.args, request.form) if has_body else (request.args,):
        for name, value in source.items(multi=True):
            if CONTROL_CHARACTERS.search(value) or CONTROL_CHARACTERS.search(name):
                return name
    for name, upload in request.files.items(multi=True) if has_body else ():
        if upload.filename and CONTROL_CHARACTERS.search(upload.filename):
            return name
    return None


def _refuse_control_characters():
    req = request._get_current_object()  # one context lookup for the checks below
    if req.endpoint == "static":
        return None
    view_args = req.view_args
    if view_args and any(isinstance(v, str) and CONTROL_CHARACTERS.search(v) for v in view_args.values()):
        abort(404)  # no reference, slug or token holds one: nothing to find (and no query)
    environ = req.environ
    if not environ.get("QUERY_STRING") and not environ.get("CONTENT_TYPE"):
        return None  # no query string and no body: no parameter, field or upload to check
    name = _bad_input_name()
    if name is None:
        return None
    message = (f"The value of “{CONTROL_CHARACTERS.sub('', name)[:60]}” contains a control "
               "character (such as NUL) that cannot be stored. Remove it and try again.")
    if request.path.startswith("/api/") or request.path == "/healthz":
        from ..api.errors import error_response

        return error_response(400, "invalid_parameter", message,
                              {"parameter": CONTROL_CHARACTERS.sub("", name)})
    return render_template("errors/error.html", status=400, message=message), 400


def _is_json(content_type: str | None) -> bool:
    """Whether a Content-Type is ``application/json`` (parameters aside), as
    ``response.mimetype`` would say, without parsing the parameters."""
    return content_type is not None and content_type.partition(";")[0].strip().lower() == "application/json"


def check_csrf_by_method(app: Flask, csrf) -> None:
    """Check CSRF (Flask-WTF's ``csrf``) with a before-request hook of ``app`` that looks at
    the method first. Flask-WTF's own hook works out the view's exemptions (``csrf.exempt``)
    on every request, a GET included, which it then never checks: a share of every API
    answer. This one calls ``csrf.protect(apply_exemptions=True)``, Flask-WTF's way of running
    the same check from an app's own hook, only for the methods in ``WTF_CSRF_METHODS``
    (and while ``WTF_CSRF_ENABLED``). ``WTF_CSRF_CHECK_DEFAULT`` is off (config.py), so
    Flask-WTF's hook does nothing; ``create_app`` installs this one right after it."""

    @app.before_request
    def _check_csrf():
        if request.method in app.config["WTF_CSRF_METHODS"] and app.config["WTF_CSRF_ENABLED"]:
            csrf.protect(apply_exemptions=True)


def register(app: Flask) -> None:
    """Install the hardening: headers (and ProxyFix when ``TRUSTED_PROXIES`` > 0), the
    operations endpoints and hooks (``operations``). ``create_app`` calls this once."""
    from . import operations

    operations.register(app)
    app.before_request(_refuse_control_characters)
    hops = int(app.config.get("TRUSTED_PROXIES", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def _security_headers(response):
        # Only where missing: a view may deliberately set its own value (e.g. an embeddable
        # feed). One pass over the headers, then appends (``setdefault`` rescans each time).
        headers = response.headers
        present = {name.lower() for name, _value in headers.items()}
        path = request.path
        api = path.startswith("/api/")
        wanted = JSON_API_HEADERS if api and _is_json(headers.get("Content-Type")) else HEADERS
        for lower, name, value in _LOWER[id(wanted)]:
            if lower not in present:
                headers.add(name, value)
        # Staff pages and exports hold internal data: no browser or proxy keeps a copy.
        # (The API and static files set their own caching; so may a public page.)
        if "cache-control" not in present and not (api or path.startswith("/static/")):
            response.headers["Cache-Control"] = "no-store"
        hsts = int(app.config.get("HSTS_SECONDS", 0))
        if hsts > 0:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={hsts}; includeSubDomains"
            )
        return response
