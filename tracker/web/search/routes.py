"""The staff search page: ``GET /search`` (full page, or the results partial for htmx).

Query parameters: ``q`` (words), ``sort`` (``relevance``/``newest``/``oldest``), ``page``,
and the repeatable facet filters ``status``, ``topic``, ``line``, ``addressee``,
``track_status`` (``addressee:status``, e.g. "US government: Implemented"), ``year``.
"""

from urllib.parse import urlencode

from flask import Blueprint, current_app, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...domain import statuses
from ...extensions import db
from ...models import LineOfEffort, Recommendation, TopicArea
from ...search import FACETS, SORTS, SearchQueryError, search, track_status
from ..access import guard_staff
from ..i18n import N_, addressee_items, localized, status_info
from ..rendering import page_number, render

bp = Blueprint("search", __name__)
guard_staff(bp)

FACET_TITLES = {"status": N_("Status"), "topic": N_("Topic"), "line": N_("Line of effort"),
                "addressee": N_("Addressee"), "track_status": N_("Status per addressee"),
                "year": N_("Year")}


def _page_arg() -> int:
    return page_number(request.args.get("page"))


def _labels() -> dict[str, dict[str, str]]:
    """Facet values as the reader sees them (in the interface language)."""
    topics = {t.slug: localized(t, "name") for t in db.session.execute(select(TopicArea)).scalars()}
    lines = {line.slug: localized(line, "name") for line in db.session.execute(select(LineOfEffort)).scalars()}
    return {
        "status": {s.key: status_info(s.key).label for s in statuses.STATUSES},
        "topic": topics,
        "line": lines,
        "addressee": dict(addressee_items()),
        "track_status": {track_status(key, s.key): f"{label}: {status_info(s.key).label}"
                         for key, label in addressee_items() for s in statuses.STATUSES},
        "year": {},
    }


@bp.get("/search")
def index():
    q = request.args.get("q", "").strip()
    sort = request.args.get("sort", "relevance")
    sort = sort if sort in SORTS else "relevance"
    filters = {name: request.args.getlist(name) for name in FACETS if request.args.getlist(name)}
    error, result, rows = None, None, []
    try:
        result = search(q, filters=filters, sort=sort, page=_page_arg(),
                        per_page=current_app.config["PER_PAGE"])
    except SearchQueryError as exc:
        error = str(exc)
    if result and result.ids:
        found = db.session.execute(
            select(Recommendation).where(Recommendation.id.in_(result.ids))
            .options(selectinload(Recommendation.topic))
        ).scalars().all()
        by_id = {rec.id: rec for rec in found}
        rows = [by_id[i] for i in result.ids if i in by_id]

    def page_url(page: int) -> str:
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
        return url_for("search.index") + "?" + urlencode([*args, ("page", page)])

    def suggestion_url(text: str) -> str:
        args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("q", "page")]
        return url_for("search.index") + "?" + urlencode([("q", text), *args])

    return render(
        "search/index.html", "search/_results.html",
        q=q, sort=sort, sorts=SORTS, filters=filters, result=result, rows=rows, error=error,
        facet_titles=FACET_TITLES, labels=_labels(), page_url=page_url,
        suggestion_url=suggestion_url,
    )
