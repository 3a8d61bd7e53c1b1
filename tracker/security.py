"""Security headers for every response, set in this one place.

The Content-Security-Policy allows scripts and styles from our own origin only: no inline
``<script>``, no ``style=`` attributes, no ``on*=`` handlers (tests/test_security_headers.py
scans the templates). htmx is told not to inject its indicator style (the ``htmx-config``
meta tag in base.html), so it runs under this policy unchanged.

In production, ``HSTS_SECONDS`` (default one year) adds Strict-Transport-Security, and the
session cookie is ``Secure`` (config.py). Behind a reverse proxy, ``TRUSTED_PROXIES`` is
the number of proxies whose ``X-Forwarded-For``/``-Proto`` headers are believed, so the
login throttle sees the client's address rather than the proxy's.
"""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

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


def register(app: Flask) -> None:
    """Install the hardening: headers (and ProxyFix when ``TRUSTED_PROXIES`` > 0), the
    operations endpoints and hooks (tracker/operations.py) and the audit log listeners
    (tracker/audit.py). ``create_app`` calls this once."""
    from . import audit, operations  # noqa: F401  (audit: importing installs the listeners)

    operations.register(app)
    hops = int(app.config.get("TRUSTED_PROXIES", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def _security_headers(response):
        # setdefault: a view may deliberately set its own value (e.g. an embeddable feed).
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        hsts = int(app.config.get("HSTS_SECONDS", 0))
        if hsts > 0:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={hsts}; includeSubDomains"
            )
        return response
