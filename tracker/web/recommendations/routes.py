"""Staff pages for recommendations: the list, one recommendation with its timeline.

The blueprint is shared by the view modules in ``tracker.views`` (status changes, the
create/edit forms), imported at the bottom so their routes register on ``bp``.
"""

from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ...domain import policies
from ...extensions import db
from ...models import Recommendation, StatusChange
from ...services.queries import filters as filter_service
from ...services.queries.status_sql import history_order
from ...services.queries.text_search import SearchQueryError
from ...services.queries.visibility import is_public
from ...services.recommendations import records as service
from ...services.recommendations.records import Page
from ..access import guard_staff
from ..i18n import topic_path
from ..rendering import render, wants_partial
from . import tracks_view
from .forms_status import RetractForm, StatusChangeForm

bp = Blueprint("recommendations", __name__)
guard_staff(bp)


@bp.get("/")
def index():
    """The staff list; query parameters per the URL contract (``services.filters``).

    Unknown filter values are listed above the results, not silently dropped. The ``q``
    words go through the search index; words it cannot parse show a message and no
    results; if the index is unavailable a plain word filter is used, with a notice. An htmx
    request gets the results only and ``HX-Push-Url`` with the canonical address of the
    view (defaults and empty fields left out), so the address bar can be bookmarked.
    """
    filters = filter_service.parse(request.args)
    per_page = current_app.config["PER_PAGE"]
    search_error = None
    try:
        text = filter_service.text_clause(filters.q)
        page = filter_service.query(filters, per_page, text)
    except SearchQueryError as exc:  # shown above the (empty) results
        text, search_error = None, str(exc)
        page = Page([], 0, 1, per_page)
    response = render(
        "recommendations/index.html",
        "recommendations/_results.html",
        page=page,
        filters=filters,
        search_error=search_error,
        search_notice=text.notice if text else None,
        options=filter_service.filter_options(topic_path),
    )
    if wants_partial():
        response.headers["HX-Push-Url"] = url_for("recommendations.index", **filters.to_args())
    return response


def get_or_404(reference: str) -> Recommendation:
    """The recommendation with ``reference``. :raise 404: for an unknown reference."""
    rec = service.get_by_reference(reference)
    if rec is None:
        abort(404)
    return rec


def history_of(rec: Recommendation) -> list[StatusChange]:
    """Full history for staff, newest effective first, retracted entries included."""
    return db.session.execute(
        db.select(StatusChange)
        .where(StatusChange.recommendation_id == rec.id)
        .options(selectinload(StatusChange.retracted_by), selectinload(StatusChange.retracts))
        .order_by(*history_order(StatusChange, descending=True))
    ).scalars().all()


def status_context(rec: Recommendation, **extra) -> dict:
    """What the status line, the timeline and the status form need (``extra`` overrides)."""
    history = history_of(rec)
    context = dict(
        rec=rec,
        history=history,
        timeline=tracks_view.timeline_rows(history, [t.addressee for t in rec.tracks]),
        public=is_public(rec),
        retract_form=RetractForm(formdata=None),
        retract_errors={},
    )
    if policies.can_edit(current_user):
        context["agency_suggestions"] = tracks_view.agency_suggestions()
        if "status_form" not in extra:
            context["status_form"] = StatusChangeForm.blank_for(rec)
    context.update(extra)
    return context


def detail_context(rec: Recommendation, **extra) -> dict:
    """Everything the full recommendation page needs (``extra`` overrides)."""
    superseded_by = db.session.execute(
        db.select(Recommendation).where(Recommendation.supersedes_id == rec.id)
    ).scalars().all()
    return status_context(rec, superseded_by=superseded_by, **extra)


@bp.get("/recommendations/<reference>")
def detail(reference: str):
    """One recommendation with its full history (retracted entries included, for staff).

    :raise 404: for an unknown reference.
    """
    rec = get_or_404(reference)
    return render("recommendations/detail.html", "recommendations/_timeline.html",
                  **detail_context(rec))

