"""The leadership summary (``/boards/summary``, one screen, one printed page) and the
board pack (``/boards/pack``: the summary and the overview's tables, 1-2 printed pages),
with the summary's CSV export. Same inputs as every board (``routes._inputs``) plus
``since`` (YYYY-MM-DD, the top movers' start; default 90 days ago). Both are today's
boards: their numbers link to the staff list, which shows current statuses, so ``as_of``
is refused with a message.
"""

from flask import request

from ...services import clock
from ...services.boards import boards, summary
from .routes import _csv, _csv_errors, _inputs, _page, bp


def _summary_inputs() -> dict:
    inputs = _inputs()
    if inputs["filters"].filter.as_of and not inputs["is_today"]:
        inputs["errors"].setdefault(
            "as_of", "The summary and the board pack show today; use the overview for another day.")
    try:
        inputs["since"] = summary.parse_since(request.args.get("since"), clock.today())
    except ValueError as exc:
        inputs["errors"]["since"] = str(exc)
        inputs["since"] = summary.default_since()
    return inputs


def _summary(inputs: dict):
    return summary.summary(inputs["filters"], inputs["taxonomy"], inputs["since"])


@bp.get("/summary", endpoint="summary")
def summary_board():
    inputs = _summary_inputs()
    data = None if inputs["errors"] else _summary(inputs)
    return _page("summary", data, inputs)


@bp.get("/pack")
def pack():
    inputs = _summary_inputs()
    data = None
    if not inputs["errors"]:
        data = {"summary": _summary(inputs),
                "overview": boards.overview(inputs["day"], inputs["filters"], inputs["taxonomy"])}
    return _page("pack", data, inputs)


@bp.get("/summary.csv")
def summary_csv():
    inputs = _summary_inputs()
    if inputs["errors"]:
        return _csv_errors(inputs["errors"])
    data = summary.summary(inputs["filters"], inputs["taxonomy"], inputs["since"], rows=None)
    rows = [["headline", h.key, "", h.count, "", ""] for h in data.headlines]
    rows += [["implementation rate", r.slug, r.name_en, r.published, r.implemented,
              "" if r.percent is None else f"{r.percent:.1f}"] for r in data.rates]
    rows += [["top mover", m.reference, m.title_en or m.title_ja, m.moves,
              f"{m.previous or ''} -> {m.status}", m.last] for m in data.movers]
    rows += [["stale priority", s.reference, s.title_en or s.title_ja, "", s.status, s.since]
             for s in data.stale_priority]
    header = ["section", "key", "label", "count", "detail", "date / rate %"]
    return _csv(f"summary-since-{data.since.isoformat()}", header, rows, inputs["day"])


@bp.get("/pack.csv")
def pack_csv():
    """The board pack exports the summary's numbers (the overview's are ``overview.csv``)."""
    return summary_csv()
