"""Staff pages for recommendations: the list and one recommendation with its timeline.

(The forms to create and edit, and the inline status change, belong to the forms work.)
"""

from flask import Blueprint, abort, current_app, request
from sqlalchemy.orm import selectinload

from .access import guard_staff
from .extensions import db
from .models import Recommendation, StatusChange
from .services import recommendations as service
from .services.status import can_retract
from .services.visibility import is_public
from .web import render

bp = Blueprint("recommendations", __name__)
guard_staff(bp)


def _page_arg() -> int:
    try:
        return max(1, int(request.args.get("page", "1")))
    except ValueError:
        return 1


@bp.get("/")
def index():
    page = service.list_recommendations(_page_arg(), current_app.config["PER_PAGE"])
    return render("recommendations/index.html", "recommendations/_rows.html", page=page)


@bp.get("/recommendations/<reference>")
def detail(reference: str):
    """One recommendation with its full history (retracted entries included, for staff).

    :raise 404: for an unknown reference.
    """
    rec = service.get_by_reference(reference)
    if rec is None:
        abort(404)
    history = db.session.execute(
        db.select(StatusChange)
        .where(StatusChange.recommendation_id == rec.id)
        .options(selectinload(StatusChange.retracted_by), selectinload(StatusChange.retracts))
        .order_by(StatusChange.effective_on.desc(), StatusChange.recorded_at.desc(), StatusChange.id.desc())
    ).scalars().all()
    superseded_by = db.session.execute(
        db.select(Recommendation).where(Recommendation.supersedes_id == rec.id)
    ).scalars().all()
    return render(
        "recommendations/detail.html",
        "recommendations/_timeline.html",
        rec=rec,
        history=history,
        superseded_by=superseded_by,
        public=is_public(rec),
        can_retract=can_retract,
    )
