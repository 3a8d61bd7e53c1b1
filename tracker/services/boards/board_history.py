"""Board queries over the status history: movement (what moved, what is new, what is
stale or went backwards) and the monthly trend.

Same contracts as ``services.boards``: one as-of day, ``BoardFilters``, archived
recommendations left out, aggregation in SQL, a fixed number of queries per call.
Retracted entries and retractions never count; a backdated entry counts from its
effective date.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from flask import current_app
from sqlalchemy import case, func, literal, literal_column, null, select, union_all

from ...domain import statuses
from ...extensions import db
from ...models import (
    ADDRESSEES,
    Publication,
    Recommendation,
    RecommendationAddressee,
    StatusChange,
    StatusTimeline,
    TopicArea,
)
from .. import clock
from ..queries.status_sql import (
    history_order,
    is_active,
    regressed_condition,
    runs_as_of,
    stale_condition,
)
from .boards import BoardFilters, filter_clauses

WINDOWS = (30, 90, 365)
LIST_LIMIT = 200
TREND_MAX_MONTHS = 240  # 20 years of month ends


def _flag_source(day: date, from_history: bool, addressees=None):
    """Subquery ``(recommendation_id, addressee, status, since, regressed)`` on ``day``: one
    row per recommendation with its overall status (``addressee`` NULL), or with
    ``addressees`` one row per track of those addressees (stale and regressed are per
    track)."""
    if day == clock.today() and not from_history:
        if addressees is None:
            R = Recommendation
            return select(R.id.label("recommendation_id"), null().label("addressee"),
                          R.status, R.status_since.label("since"), R.regressed,
                          ).subquery("flags_now")
        T = RecommendationAddressee
        return select(T.recommendation_id, T.addressee, T.status, T.status_since.label("since"),
                      T.regressed).where(T.addressee.in_(addressees)).subquery("flags_now")

    def runs_select(track):
        runs = runs_as_of(day, track)
        regressed = regressed_condition(runs.c.previous, runs.c.status)
        addressee = null() if track is None else literal(track)
        return select(runs.c.recommendation_id, addressee.label("addressee"), runs.c.status,
                      runs.c.since, regressed.label("regressed"))

    if addressees is None:
        return runs_select(None).subquery("flags_then")
    return union_all(*(runs_select(key) for key in addressees)).subquery("flags_then")


@dataclass
class Listing:
    """Up to ``LIST_LIMIT`` rows (or all, for CSV) and the total that matched."""

    rows: list
    total: int


def _listing(query, limit: int | None) -> Listing:
    total_col = func.count().over().label("total")
    rows = db.session.execute(query.add_columns(total_col).limit(limit)).all()
    return Listing(rows, rows[0].total if rows else 0)


def parse_window(value: str | None) -> int:
    """Days of the movement window: 30, 90 or 365 (default 90).

    :raise ValueError: for anything else (the view reports it next to the field).
    """
    value = (value or "").strip()
    if not value:
        return 90
    if value.isdigit() and int(value) in WINDOWS:
        return int(value)
    raise ValueError(f"The period is 30, 90 or 365 days, not “{value[:20]}”.")


@dataclass
class Movement:
    day: date
    days: int
    changes: Listing
    published: Listing
    stale: Listing
    regressed: Listing
    stale_after: int

    @property
    def start(self) -> date:
        return self.day - timedelta(days=self.days)


def movement(day: date, days: int, filters: BoardFilters, limit: int | None = LIST_LIMIT,
             from_history: bool = False) -> Movement:
    """Four queries: changes effective in ``(day - days, day]`` with the status before
    each; recommendations whose publication came out in that window; stale (open and
    unchanged for ``STALE_AFTER_DAYS`` by ``day``) and regressed on ``day``.

    Changes, stale and regressed are per track: each row names its track (``addressee``);
    a recommendation appears once per stale or regressed track. With
    ``filters.government`` only that government's track counts."""
    start = day - timedelta(days=days)
    track_keys = (filters.government,) if filters.government else tuple(ADDRESSEES)
    changes = select(StatusChange).where(is_active(), StatusChange.effective_on <= day,
                                         StatusChange.addressee.in_(track_keys)).subquery()
    moved = _listing(
        select(changes.c.effective_on, changes.c.previous_status.label("prev"), changes.c.to_status,
               changes.c.addressee,
               changes.c.public_note, changes.c.evidence_urls, changes.c.recorded_by_name,
               Recommendation.reference, Recommendation.title_en, Recommendation.title_ja)
        .join(Recommendation, Recommendation.id == changes.c.recommendation_id)
        .where(changes.c.effective_on > start, *filter_clauses(filters, day))
        .order_by(*history_order(changes.c, descending=True)),
        limit,
    )
    overall = _flag_source(day, from_history)
    per_track = _flag_source(day, from_history, track_keys)

    def flagged(*where, order, flags=per_track):
        return (
            select(Recommendation.reference, Recommendation.title_en, Recommendation.title_ja,
                   TopicArea.name_en.label("topic"), flags.c.addressee, flags.c.status,
                   flags.c.since, Publication.published_on)
            .select_from(flags)
            .join(Recommendation, Recommendation.id == flags.c.recommendation_id)
            .join(TopicArea, TopicArea.id == Recommendation.topic_id)
            .outerjoin(Publication, Publication.id == Recommendation.publication_id)
            .where(*filter_clauses(filters, day), *where)
            .order_by(*order, Recommendation.reference, flags.c.addressee)
        )

    published = _listing(flagged(
        overall.c.status != statuses.DRAFT, Publication.published_on > start,
        Publication.published_on <= day, order=(Publication.published_on.desc(),), flags=overall,
    ), limit)
    flags = per_track
    stale_after = current_app.config["STALE_AFTER_DAYS"]
    stale = _listing(flagged(
        stale_condition(flags.c.status, flags.c.since, day, stale_after), order=(flags.c.since,),
    ), limit)
    regressed = _listing(flagged(flags.c.regressed.is_(True), order=(flags.c.since,)), limit)
    return Movement(day, days, moved, published, stale, regressed, stale_after)


# --- Trend -----------------------------------------------------------------------------------


def _month_key(column):
    """SQL text ``YYYY-MM`` of a date column, on SQLite and PostgreSQL."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, literal_column("'YYYY-MM'"))


def _months(first: date, last: date) -> list[str]:
    out, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class Trend:
    """``months`` (``YYYY-MM``; the last point is the as-of day itself) and, overall and
    per line of effort, ``{status: [count at each month end]}``."""

    day: date
    months: list[str]
    overall: dict[str, list[int]]
    by_line: list[tuple[object, dict[str, list[int]]]]


def trend(day: date, filters: BoardFilters, lines, track: str | None = None) -> Trend:
    """Counts per status at each month end from the first entry's month to ``day``, at
    most the last ``TREND_MAX_MONTHS`` months (an entry backdated decades does not make
    the chart, or its CSV, grow without bound).

    Each active entry is in force from its effective date until the next entry of the
    same recommendation, so an entry that follows a previous one moves one recommendation
    from the previous status (``StatusChange.previous_status``, kept by
    ``services.status``) to its own in its month. One statement, no window over the
    history: the active entries of the filtered recommendations grouped by (day, status,
    previous status), read in that order from ``ix_status_change_trend`` (so SQLite
    aggregates as it scans, with no sort), with one count per line of effort shown; then
    rolled up to months (a few thousand rows whatever the data size). A running sum over
    the months gives the month-end counts, so the cost does not depend on the number of
    months.

    Counts the overall status (its derived history, ``StatusTimeline``), or track
    ``track``'s status (that addressee's active entries) when given.
    """
    S, R = (StatusTimeline, Recommendation) if track is None else (StatusChange, Recommendation)
    in_history = () if track is None else (is_active(S), S.addressee == track)
    shown = [line for line in lines if not filters.line or filters.line.id == line.id]
    daily = (
        select(
            S.effective_on.label("day"), S.to_status.label("status"),
            S.previous_status.label("previous"), func.count().label("n"),
            *(func.count(case((TopicArea.line_of_effort_id == line.id, 1))).label(f"line_{i}")
              for i, line in enumerate(shown)),
        )
        .select_from(S)
        .join(R, R.id == S.recommendation_id)
        .join(TopicArea, TopicArea.id == R.topic_id)
        .where(*filter_clauses(filters, day), *in_history, S.effective_on <= day)
        .group_by(S.effective_on, S.to_status, S.previous_status)
        .subquery("daily")
    )
    month = _month_key(daily.c.day)
    moves = db.session.execute(
        select(month, daily.c.status, daily.c.previous, func.sum(daily.c.n),
               *(func.sum(daily.c[f"line_{i}"]) for i in range(len(shown))))
        .group_by(month, daily.c.status, daily.c.previous)
    ).all()
    if not moves:
        return Trend(day, [], {}, [])
    months = _months(date.fromisoformat(min(row[0] for row in moves) + "-01"), day)[-TREND_MAX_MONTHS:]
    # Moves before the first month shown count in it: month-end counts stay exact.
    index = defaultdict(int, {m: i for i, m in enumerate(months)})
    # series 0 is overall, series 1 + i the line shown[i]; steps per (series, status).
    steps = defaultdict(lambda: [0] * len(months))
    for month_key, status, previous, *counts in moves:
        for series, n in enumerate(counts):
            if n:
                steps[(series, status)][index[month_key]] += int(n)
                if previous is not None:
                    steps[(series, previous)][index[month_key]] -= int(n)
    charts = [{k: list(accumulate(steps[(series, k)])) if (series, k) in steps
               else [0] * len(months) for k in statuses.KEYS}
              for series in range(1 + len(shown))]
    return Trend(day, months, charts[0], list(zip(shown, charts[1:], strict=True)))
