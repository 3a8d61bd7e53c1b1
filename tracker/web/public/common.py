"""What the public pages share: the blueprint ``bp`` (registered twice, see ``register`` in
``__init__``), addresses in either language, rendering and the one 404 page."""

import re

from flask import Blueprint, current_app, render_template, request, url_for

from ...domain import filters as filter_rule
from ...domain.tracks import GOVERNMENTS
from ...services.partner import public_api, public_pages
from ..i18n import lang
from .caching import require_site

bp = Blueprint("public", __name__)
bp.before_request(require_site)

REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")


def endpoint(name: str, language: str | None = None) -> str:
    """The endpoint ``name`` of this page in ``language`` (default: the page's)."""
    return f"{'public_ja' if (language or lang()) == 'ja' else 'public'}.{name}"


def purl(name: str, language: str | None = None, **values) -> str:
    return url_for(endpoint(name, language), **values)


def alternates(external: bool = True) -> dict[str, str]:
    """This page's address in each language: absolute for ``hreflang`` links and Open Graph
    (from ``SERVER_NAME``, never the request's Host), relative for the language switch."""
    name = (request.endpoint or "public.index").split(".", 1)[1]
    args = {k: request.args.getlist(k) for k in request.args}
    values = {**(request.view_args or {}), **args}
    return {code: url_for(endpoint(name, code), _external=external, **values) for code in ("en", "ja")}


@bp.app_context_processor
def _helpers():
    return {"purl": purl, "public_alternates": alternates, "governments": GOVERNMENTS}


def render(template: str, status: int = 200, **context):
    return render_template(template, robots=current_app.config.get("PUBLIC_ROBOTS", True),
                           **context), status


def not_found():
    """The one 404 of the public pages (the same page whatever the reason)."""
    return render("public/not_found.html", 404)


def find(reference: str):
    """The public recommendation ``reference`` (a one-row ``RecommendationPage``) or None."""
    return public_api.get_recommendation(reference) if REFERENCE.match(reference) else None


def topic_context(slug: str, per_page: int) -> dict | None:
    """A topic page's data (None: no such topic): counts by status and the newest changed."""
    topic = public_pages.topic(slug)
    if topic is None:
        return None
    ids = public_api.topic_ids_with_descendants(slug)
    filters = filter_rule.RecommendationFilter(topic=slug, topic_ids=ids, sort="-updated_at")
    return {"topic": topic, "counts": public_pages.status_counts(ids),
            "page": public_api.list_recommendations(filters, 1, per_page),
            "statuses": public_api.PUBLIC_STATUSES}
