"""Leadership status boards (``/boards/...``): overview, movement, column board, trend.

Staff only (``guard_staff``); every board is read-only here. Each board is a bookmarkable
URL: ``as_of`` (YYYY-MM-DD, default today), the staff-list filters ``line``, ``topic``,
``addressee``, ``priority=1``, ``government`` (us_government / government_of_japan: that
government's track status instead of the overall one, on the overview, trend and every
board), and ``days`` (30/90/365) on the movement board. Bad input
(a malformed, future or too-early date, an unknown filter value) answers 400 with the
message next to the field, never a 500. ``<board>.csv`` exports what the board shows.
"""

from urllib.parse import quote, urlencode

from flask import Blueprint, Response, current_app, request, url_for
from flask_login import current_user
from werkzeug.exceptions import MethodNotAllowed, NotFound

from ...domain import policies, statuses, tracks
from ...services import clock
from ...services.boards import board_columns, board_history, board_tracks, boards
from ...services.dataio import tabular
from ..access import guard_staff
from ..rendering import render
from . import charts

bp = Blueprint("boards", __name__, url_prefix="/boards")
guard_staff(bp)

BOARDS = (
    ("summary", "Summary"),
    ("overview", "Overview"),
    ("movement", "Movement"),
    ("column", "Column board"),
    ("trend", "Trend"),
    ("pack", "Board pack"),
)


def _inputs(with_window: bool = False) -> dict:
    """Parse and validate the board inputs; ``errors`` maps field -> message."""
    taxonomy = boards.Taxonomy.load()
    filters, errors = boards.parse_filters(request.args, taxonomy)  # as_of included
    day = filters.filter.as_of or clock.today()
    days = 90
    if with_window:
        try:
            days = board_history.parse_window(request.args.get("days"))
        except ValueError as exc:
            errors["days"] = str(exc)
    return {"taxonomy": taxonomy, "filters": filters, "errors": errors, "day": day,
            "days": days, "is_today": day == clock.today()}


def _query_args(**changes) -> dict:
    """The current query arguments with ``changes`` applied (None removes a key)."""
    args = {k: v for k, v in request.args.items() if v != ""}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return args


def _reference_url_builder(endpoint: str):
    """``url(reference)`` for ``endpoint`` (a route taking ``reference``): ``url_for`` once
    per page; each reference is quoted into the built URL (a column board has hundreds)."""
    marker = "__reference__"
    built = url_for(endpoint, reference=marker)

    def url(reference: str) -> str:
        return built.replace(marker, quote(reference, safe=""))

    return url


def _list_url_builder():
    """``list_url(params, status=None)``: the staff list URL a board cell links to (the
    list filtered by ``params``, plus ``status``). ``url_for`` runs once per page, not once
    per cell (an overview has hundreds)."""
    base = url_for("recommendations.index")

    def list_url(params: dict, status: str | None = None) -> str:
        args = {**params, "status": status} if status else params
        return f"{base}?{urlencode(args)}" if args else base

    return list_url


def _page(name: str, data, inputs: dict):
    status = 400 if inputs["errors"] else 200
    status_form = status_form_available()
    return render(
        "boards/page.html", f"boards/_{name}.html", status=status, board=name, boards=BOARDS,
        data=None if inputs["errors"] else data, query_args=_query_args,
        list_url=_list_url_builder(), detail_url=_reference_url_builder("recommendations.detail"),
        new_status_url=_reference_url_builder("recommendations.new_status") if status_form else None,
        status_form=status_form, can_move_cards=policies.can_edit(current_user),
        governments=tracks.GOVERNMENTS, **inputs,
    )


@bp.app_template_global("stacked_chart")
def _stacked_chart(months, series):
    return charts.stacked(months, series)


@bp.app_template_global("app_timezone")
def _app_timezone():
    return clock.timezone_name()


@bp.app_template_global("chart_colors")
def _chart_colors():
    return charts.COLORS


def status_form_available() -> bool:
    """Whether the status-change form (``GET /recommendations/<ref>/status/new``, built by
    the forms work) exists in this app; cards then open it, else link to the page."""
    adapter = current_app.url_map.bind("")
    try:
        adapter.match("/recommendations/X/status/new", method="GET")
    except (NotFound, MethodNotAllowed):
        return False
    return True


@bp.get("/")
def overview():
    inputs = _inputs()
    data = None
    if not inputs["errors"]:
        data = boards.overview(inputs["day"], inputs["filters"], inputs["taxonomy"])
    return _page("overview", data, inputs)


@bp.get("/movement")
def movement():
    inputs = _inputs(with_window=True)
    data = None
    if not inputs["errors"]:
        data = board_history.movement(inputs["day"], inputs["days"], inputs["filters"])
    return _page("movement", data, inputs)


@bp.get("/column")
def column():
    inputs = _inputs()
    data = None
    if not inputs["errors"]:
        data = board_columns.column_board(inputs["day"], inputs["filters"],
                                          per_column=board_columns.CARDS_SHOWN)
    return _page("column", data, inputs)


@bp.get("/trend")
def trend():
    inputs = _inputs()
    data = None
    if not inputs["errors"]:
        data = board_history.trend(inputs["day"], inputs["filters"], inputs["taxonomy"].lines,
                                   track=inputs["filters"].government)
    return _page("trend", data, inputs)


# --- CSV exports -------------------------------------------------------------------------


def _csv(name: str, header: list[str], rows, day) -> Response:
    """A board as CSV, written by ``tabular.write_csv`` (every cell a spreadsheet would run
    as a formula is escaped, as in every other export)."""
    response = Response(tabular.write_csv(header, rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="next-tracker-{name}-{day.isoformat()}.csv"'
    )
    return response


def _csv_errors(errors: dict) -> Response:
    return Response("\n".join(errors.values()) + "\n", status=400, mimetype="text/plain")


@bp.get("/overview.csv")
def overview_csv():
    inputs = _inputs()
    if inputs["errors"]:
        return _csv_errors(inputs["errors"])
    data = boards.overview(inputs["day"], inputs["filters"], inputs["taxonomy"],
                           asymmetry_limit=None)
    rows = [["total", "", "All recommendations", *data.totals.values(), data.total]]
    for line_row, topic_rows in data.lines:
        for row in [line_row, *topic_rows]:
            kind = "line" if row is line_row else "topic"
            rows.append([kind, line_row.label, row.label, *row.counts.values(), row.total])
    for kind, group in (("addressee", data.addressees), ("event", data.events),
                        ("publication", data.publications)):
        rows.extend([kind, "", row.label, *row.counts.values(), row.total] for row in group)
    for line_rate, topic_rates in data.rates:
        for rate in [line_rate, *topic_rates]:
            pct = "" if rate.percent is None else f"{rate.percent:.1f}"
            rows.append(["implementation rate", line_rate.label, rate.label, rate.published,
                         rate.implemented, pct])
    rows.extend(["government", "", g.key, *g.totals.values(), g.total] for g in data.governments)
    line_label = ""
    for row in data.government_rates:  # per government: published, implemented, rate %
        line_label = row.label if row.is_line else line_label
        rows.append(["implementation rate by government", line_label, row.label,
                     *(cell for r in row.rates for cell in _rate_cells(r))])
    rows.extend(["asymmetry", r.reference, r.title_en or r.title_ja, r.us_status, r.us_since,
                 r.japan_status, r.japan_since] for r in data.asymmetry.rows)
    header = ["section", "line of effort", "label", *statuses.KEYS, "total"]
    return _csv("overview", header, rows, inputs["day"])


def _rate_cells(rate) -> list:
    return [rate.published, rate.implemented,
            "" if rate.percent is None else f"{rate.percent:.1f}"]


@bp.get("/movement.csv")
def movement_csv():
    inputs = _inputs(with_window=True)
    if inputs["errors"]:
        return _csv_errors(inputs["errors"])
    data = board_history.movement(inputs["day"], inputs["days"], inputs["filters"], limit=None)
    rows = [["change", r.reference, r.title_en or r.title_ja, r.addressee or "", r.effective_on,
             r.prev or "", r.to_status, r.public_note, " ".join(r.evidence_urls or [])]
            for r in data.changes.rows]
    for kind, listing in (("published", data.published), ("stale", data.stale),
                          ("regressed", data.regressed)):
        rows.extend([kind, r.reference, r.title_en or r.title_ja, r.addressee or "", r.since,
                     "", r.status, "", "", (data.day - r.since).days if r.since else ""]
                    for r in listing.rows)
    header = ["kind", "reference", "title", "track", "date", "from", "to", "public note",
              "evidence", "days in status"]
    return _csv(f"movement-{data.days}d", header, rows, inputs["day"])


@bp.get("/column.csv")
def column_csv():
    inputs = _inputs()
    if inputs["errors"]:
        return _csv_errors(inputs["errors"])
    columns = board_columns.column_board(inputs["day"], inputs["filters"], per_column=10**9)
    by_ref = board_tracks.government_statuses(
        inputs["day"], boards.filter_clauses(inputs["filters"], inputs["day"]))
    rows = [[c.reference, c.title, c.topic, c.status, c.since, c.days_in_status,
             "yes" if c.priority else "", *board_tracks.government_cells(by_ref.get(c.reference, {}))]
            for col in columns for c in col.cards]
    header = ["reference", "title", "topic", "status", "status since", "days in status",
              "priority", *board_tracks.GOVERNMENT_HEADER]
    return _csv("column-board", header, rows, inputs["day"])


@bp.get("/trend.csv")
def trend_csv():
    inputs = _inputs()
    if inputs["errors"]:
        return _csv_errors(inputs["errors"])
    data = board_history.trend(inputs["day"], inputs["filters"], inputs["taxonomy"].lines,
                               track=inputs["filters"].government)
    rows = []
    for label, series in [("All", data.overall), *((ln.name_en, s) for ln, s in data.by_line)]:
        for i, month in enumerate(data.months):
            rows.append([month, label, *(series[k][i] for k in statuses.KEYS)])
    name = f"trend-{inputs['filters'].government}" if inputs["filters"].government else "trend"
    return _csv(name, ["month", "line of effort", *statuses.KEYS], rows, inputs["day"])
