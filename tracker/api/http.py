"""HTTP manners of every API response: CORS, caching, conditional requests and gzip.

Order matters: the (weak) ETag is computed on the uncompressed body (unless the view set
it, with Last-Modified, from a cache; ``response.gzipped``, when set, returns the body's
gzip), then a matching
``If-None-Match`` / ``If-Modified-Since`` turns the response into a 304, and only a 200
that is still worth it is compressed. A weak ETag stays valid across encodings.

``Date`` is left to the HTTP server, which sends it on every response (gunicorn always
does; werkzeug's server and waitress when the app has not): the one werkzeug's
``make_conditional`` sets is dropped again, so no answer carries two.
"""

import gzip

from flask import current_app, g, request

from ..services.partner import public_api

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": ("ETag, Last-Modified, Link, Retry-After, RateLimit-Limit, "
                                      "RateLimit-Remaining, RateLimit-Reset"),
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD",
    "Access-Control-Allow-Headers": "Authorization, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "600",
}
GZIP_MIN_BYTES = 1024


# Request headers that can make an answer conditional (or partial); without any of them
# ``make_conditional`` would only add Date and Content-Length.
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH",
               "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_RANGE", "HTTP_RANGE")


def _put(headers, present: set, name: str, value: str) -> None:
    """``headers[name] = value``, without a scan of the headers when ``present`` (their
    lower-case names) says the name is not there yet."""
    lower = name.lower()
    if lower in present:
        headers[name] = value
    else:
        headers.add(name, value)
        present.add(lower)


def finish(response):
    """``after_request`` of the API blueprint. (Header by header, the fast paths give the
    same headers as werkzeug's ``vary``/``cache_control``/``make_conditional`` would.)"""
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}  # one pass, then no scans
    for name, value in CORS_HEADERS.items():
        _put(headers, present, name, value)
    req = request._get_current_object()  # one context lookup
    method = req.method
    if method == "OPTIONS":
        headers.update(PREFLIGHT_HEADERS)
        return response
    if response.status_code != 200 or method not in ("GET", "HEAD"):
        response.vary.add("Authorization")
        return response
    max_age = current_app.config.get("API_CACHE_MAX_AGE", 60)
    if "cache-control" in present:
        if not (response.cache_control.private or response.cache_control.no_store):
            response.cache_control.public = True
            response.cache_control.max_age = max_age
    else:
        _put(headers, present, "Cache-Control", f"public, max-age={max_age}")
    if "etag" not in present:  # a view may have set both from a cache
        response.add_etag(weak=True)
        if g.get("api_data", False):
            response.last_modified = public_api.last_modified()
        present.update(("etag", "last-modified"))
    environ = req.environ
    if any(name in environ for name in CONDITIONAL):
        response.make_conditional(req)
        response.headers.pop("Date", None)  # the server's own goes out (see above)
        present = None  # it may have changed any header
    else:  # (no Date: the HTTP server sends it; gunicorn always does, so ours was a second one)
        if response.automatically_set_content_length and "content-length" not in present:
            length = response.calculate_content_length()
            if length is not None:
                _put(headers, present, "Content-Length", str(length))
    if response.status_code == 200 and not response.direct_passthrough:
        _gzip(response, present, req)
        # Final for werkzeug (``TrackerResponse``): nothing left that it would correct.
        response.headers_final = (present is not None and "content-length" in present
                                  and "location" not in present and "content-location" not in present)
    else:
        response.vary.add("Authorization")
    return response


def _gzip(response, present: set | None, req) -> None:
    if present is None or "vary" in present:
        response.vary.add("Authorization")
        response.vary.add("Accept-Encoding")
    else:
        response.headers.add("Vary", "Authorization, Accept-Encoding")
    encoded = "content-encoding" in present if present is not None else "Content-Encoding" in response.headers
    if (encoded or not req.environ.get("HTTP_ACCEPT_ENCODING")
            or req.accept_encodings["gzip"] <= 0):
        return
    body = response.get_data()
    if len(body) < GZIP_MIN_BYTES:
        return
    compressed = getattr(response, "gzipped", None)  # a cached body's own (same level)
    response.set_data(compressed() if compressed else gzip.compress(body, compresslevel=5))
    response.headers["Content-Encoding"] = "gzip"
