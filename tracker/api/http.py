"""HTTP manners of every API response: CORS, caching, conditional requests and gzip.

Order matters: the (weak) ETag is computed on the uncompressed body (unless the view set
it, with Last-Modified, from a cache; ``response.gzipped``, when set, returns the body's
gzip), then a matching
``If-None-Match`` / ``If-Modified-Since`` turns the response into a 304, and only a 200
that is still worth it is compressed. A weak ETag stays valid across encodings.
"""

import gzip

from flask import current_app, g, request
from werkzeug.http import http_date

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


def finish(response):
    """``after_request`` of the API blueprint. (Header by header, the fast paths give the
    same headers as werkzeug's ``vary``/``cache_control``/``make_conditional`` would.)"""
    headers = response.headers
    for name, value in CORS_HEADERS.items():
        headers[name] = value
    if request.method == "OPTIONS":
        headers.update(PREFLIGHT_HEADERS)
        return response
    if response.status_code != 200 or request.method not in ("GET", "HEAD"):
        response.vary.add("Authorization")
        return response
    max_age = current_app.config.get("API_CACHE_MAX_AGE", 60)
    if "Cache-Control" in headers:
        if not (response.cache_control.private or response.cache_control.no_store):
            response.cache_control.public = True
            response.cache_control.max_age = max_age
    else:
        headers["Cache-Control"] = f"public, max-age={max_age}"
    if "ETag" not in headers:  # a view may have set both from a cache
        response.add_etag(weak=True)
        if g.get("api_data", False):
            response.last_modified = public_api.last_modified()
    environ = request.environ
    if any(name in environ for name in CONDITIONAL):
        response.make_conditional(request)
    else:
        if "Date" not in headers:
            headers["Date"] = http_date()
        if response.automatically_set_content_length and "Content-Length" not in headers:
            length = response.calculate_content_length()
            if length is not None:
                headers["Content-Length"] = str(length)
    if response.status_code == 200 and not response.direct_passthrough:
        _gzip(response)
    else:
        response.vary.add("Authorization")
    return response


def _gzip(response) -> None:
    if "Vary" in response.headers:
        response.vary.add("Authorization")
        response.vary.add("Accept-Encoding")
    else:
        response.headers["Vary"] = "Authorization, Accept-Encoding"
    if (response.headers.get("Content-Encoding") or not request.environ.get("HTTP_ACCEPT_ENCODING")
            or request.accept_encodings["gzip"] <= 0):
        return
    body = response.get_data()
    if len(body) < GZIP_MIN_BYTES:
        return
    compressed = getattr(response, "gzipped", None)  # a cached body's own (same level)
    response.set_data(compressed() if compressed else gzip.compress(body, compresslevel=5))
    response.headers["Content-Encoding"] = "gzip"
