"""HTTP caching and the on/off switch of the public pages.

Every public answer is ``Cache-Control: public, max-age=300`` with an ``ETag`` computed
BEFORE anything is rendered, from the address (path, query string, so the language too) and
``public_api.last_modified()`` (one query: when public data last changed, at the latest).
A request whose ``If-None-Match`` holds that tag gets 304 with no body and no rendering.

A request that carries a session cookie (a logged-in staff member) gets ``private``
instead: its answer may set that cookie again (the idle timer), and a shared cache must
never store a response with someone's session.
"""

import hashlib
from collections.abc import Callable

from flask import Response, abort, current_app, g, make_response, request

from ...services.partner import public_api

MAX_AGE = 300


def require_site() -> None:
    """404 unless ``PUBLIC_SITE`` is on (the pages then do not exist at all)."""
    if not current_app.config.get("PUBLIC_SITE", False):
        abort(404)


def etag_for() -> str:
    """The ETag of this address now; keeps the data version on ``g.public_version``."""
    version = g.public_version = public_api.last_modified().isoformat()
    flags = (current_app.config.get("PUBLIC_ROBOTS"), tuple(current_app.config.get("PUBLIC_EMBED_ORIGINS") or ()))
    key = f"{version}|{request.full_path}|{flags}".encode()
    return hashlib.sha256(key).hexdigest()[:32]


def cached(build: Callable[[], object]) -> Response:
    """The answer of ``build()`` (anything a view may return), or 304 when the reader's copy
    is current; with the public caching headers either way. A ``build`` answering 404 keeps
    its own (uncached) headers."""
    tag = etag_for()
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = make_response(build())
        if response.status_code != 200:
            return response
    response.set_etag(tag)
    has_session = current_app.config.get("SESSION_COOKIE_NAME", "session") in request.cookies
    response.headers["Cache-Control"] = f"{'private' if has_session else 'public'}, max-age={MAX_AGE}"
    return response
