"""HTTP manners of every API response: CORS, caching, conditional requests and gzip.

Order matters: the (weak) ETag is computed on the uncompressed body (unless the view set
it, with Last-Modified, from a cache; ``response.gzipped``, when set, returns the body's
gzip), then a matching
``If-None-Match`` / ``If-Modified-Since`` turns the response into a 304, and only a 200
that is still worth it is compressed. A weak ETag stays valid across encodings.
"""

import gzip

from flask import current_app, g, request

from ..services import public_api

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, Retry-After",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD",
    "Access-Control-Allow-Headers": "Authorization, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "600",
}
GZIP_MIN_BYTES = 1024


def finish(response):
    """``after_request`` of the API blueprint."""
    for name, value in CORS_HEADERS.items():
        response.headers[name] = value
    if request.method == "OPTIONS":
        response.headers.update(PREFLIGHT_HEADERS)
        return response
    response.vary.add("Authorization")
    if response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return response
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config.get("API_CACHE_MAX_AGE", 60)
    if "ETag" not in response.headers:  # a view may have set both from a cache
        response.add_etag(weak=True)
        if g.get("api_data", False):
            response.last_modified = public_api.last_modified()
    response.make_conditional(request)
    if response.status_code == 200 and not response.direct_passthrough:
        _gzip(response)
    return response


def _gzip(response) -> None:
    response.vary.add("Accept-Encoding")
    if response.headers.get("Content-Encoding") or request.accept_encodings["gzip"] <= 0:
        return
    body = response.get_data()
    if len(body) < GZIP_MIN_BYTES:
        return
    compressed = getattr(response, "gzipped", None)  # a cached body's own (same level)
    response.set_data(compressed() if compressed else gzip.compress(body, compresslevel=5))
    response.headers["Content-Encoding"] = "gzip"
