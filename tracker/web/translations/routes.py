"""The staff page of translation status: ``GET /translations`` (``?kind=`` one of
``services.translations.KINDS``, ``page``). Counts also appear on the overview board
through the ``translation_counts()`` template global."""

from flask import Blueprint, Flask, current_app, request

from ...services.recommendations import translations as service
from ..access import guard_staff
from ..rendering import page_number, render

bp = Blueprint("translations", __name__)
guard_staff(bp)


@bp.get("/translations")
def index():
    kind = request.args.get("kind")
    kind = kind if kind in service.KINDS else None
    page = service.recommendations(kind, page_number(request.args.get("page")),
                                   current_app.config["PER_PAGE"])
    return render("translations/index.html", "translations/_list.html", kind=kind, page=page,
                  counts=service.counts(), kinds=service.KINDS, kind_of=service.kind_of,
                  catalog=service.catalog_missing())


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["translation_counts"] = service.counts
