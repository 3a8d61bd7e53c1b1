"""Rendering helpers shared by the HTML views.

``render`` is the one place that decides between a full page and an htmx partial.
"""

from urllib.parse import urlsplit

from flask import make_response, render_template, request
from werkzeug.routing import IntegerConverter

from ..services.recommendations.records import MAX_PAGE


def wants_partial() -> bool:
    """True for an htmx request that swaps part of a page.

    Boosted links and history-restore requests (the browser's cache missed on back/forward)
    replace the whole page, so they get the full page like a normal request.
    """
    hx = request.htmx
    return bool(hx) and not hx.boosted and not hx.history_restore_request


def render(template: str, partial: str | None = None, *, status: int = 200, **context):
    """Render ``template``, or only ``partial`` when ``wants_partial()``.

    The full template normally includes the partial, so both show the same markup. The
    response varies on ``HX-Request`` so caches keep the two apart.
    """
    name = partial if partial and wants_partial() else template
    response = make_response(render_template(name, **context), status)
    response.vary.add("HX-Request")
    return response


def hx_trigger(response, *events: str):
    """Add client-side events for htmx to fire after the swap (e.g. ``status-changed``)."""
    existing = [e for e in response.headers.get("HX-Trigger", "").split(",") if e.strip()]
    response.headers["HX-Trigger"] = ", ".join([*existing, *events])
    return response


def is_safe_redirect(target: str | None) -> bool:
    """Only same-site relative paths may be used as a redirect after login: no scheme, no
    host, no backslash and no control character (CR/LF would break the header)."""
    if not target or any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


def page_number(raw: str | None) -> int:
    """A page number from user input: 1 for anything missing or not a number, and never
    more than ``MAX_PAGE`` (an absurd page just shows as empty, never as an error)."""
    try:
        return min(MAX_PAGE, max(1, int(raw or "1")))
    except ValueError:
        return 1


class DatabaseIntConverter(IntegerConverter):
    """``<int:...>`` in routes: only values a database integer column can hold (below 2**63);
    a larger number in a path is a 404, not an overflow error from the database driver."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)
