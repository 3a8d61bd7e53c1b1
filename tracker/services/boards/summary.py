"""The leadership summary (``/boards/summary``) and the board pack: today's headline
numbers, the implementation rate per line of effort, the top movers since a chosen date
and the stale priority items, each with the staff-list parameters that list exactly the
recommendations counted.

Same contracts as ``services.boards`` (``BoardFilters`` narrow everything, archived
recommendations are left out, aggregation in SQL). ``summary`` runs four statements,
whatever the number of recommendations. The summary is always today's: its numbers link
to the staff list, which shows current statuses.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from ...extensions import db
from ...models import Recommendation, StatusChange, StatusTimeline, TopicArea
from .. import clock
from ..queries.filters import moved_since_select
from ..queries.visibility import public_clause
from ..recommendations.status import entry_in_force_id, stale_clause
from .boards import BoardFilters, Taxonomy, filter_clauses

MOVED_WINDOW_DAYS = 90
ROWS = 5  # movers and stale priority items shown (the rest through the list link)
HEADLINES = ("public", "implemented", "in_progress", "stale", "regressed", "moved")
R = Recommendation
IMPLEMENTED = "implemented"


@dataclass
class Headline:
    key: str
    count: int
    params: dict  # staff-list parameters listing exactly these recommendations


@dataclass
class LineRate:
    slug: str
    name_en: str
    name_ja: str | None
    published: int
    implemented: int
    published_params: dict
    implemented_params: dict

    @property
    def percent(self) -> float | None:
        return None if not self.published else 100.0 * self.implemented / self.published


@dataclass
class Summary:
    day: date
    moved_since: date  # start of the headline "moved" window (MOVED_WINDOW_DAYS ago)
    since: date  # the chosen date of the top movers
    headlines: list[Headline]
    rates: list[LineRate]
    movers: list  # rows: reference, title_en, title_ja, status, previous, moves, last
    movers_total: int
    movers_params: dict
    stale_priority: list  # rows: reference, title_en, title_ja, status, since
    stale_priority_total: int
    stale_priority_params: dict

    def headline(self, key: str) -> Headline:
        return next(h for h in self.headlines if h.key == key)


def default_since(day: date | None = None) -> date:
    """The top movers' default start: ``MOVED_WINDOW_DAYS`` before today."""
    return (day or clock.today()) - timedelta(days=MOVED_WINDOW_DAYS)


def parse_since(value: str | None, day: date) -> date:
    """The top movers' start date (YYYY-MM-DD, not after ``day``; default 90 days ago).

    :raise ValueError: a malformed or future date (the view reports it next to the field).
    """
    value = (value or "").strip()
    if not value:
        return default_since(day)
    try:
        since = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"“{value[:40]}” is not a date; use the form YYYY-MM-DD.") from None
    if since > day:
        raise ValueError(f"{since.isoformat()} is in the future; the latest date is today, "
                         f"{day.isoformat()}.")
    return since


def summary(filters: BoardFilters, taxonomy: Taxonomy, since: date | None = None,
            rows: int = ROWS) -> Summary:
    """Today's summary narrowed by ``filters``: four statements (headlines, rates per
    line, top movers, stale priority items)."""
    day = clock.today()
    since = since or default_since(day)
    moved_since = default_since(day)
    where = filter_clauses(filters, day)
    base = filters.params()

    def flag(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    counts = db.session.execute(select(
        flag(public_clause(day)), flag(R.status == IMPLEMENTED),
        flag(R.status == "in_progress"), flag(stale_clause(day)),
        flag(R.regressed.is_(True)), flag(R.id.in_(moved_since_select(moved_since, day))),
    ).where(*where)).one()
    params = {
        "public": {"public": "1"}, "implemented": {"status": IMPLEMENTED},
        "in_progress": {"status": "in_progress"}, "stale": {"stale": "1"},
        "regressed": {"regressed": "1"}, "moved": {"moved_since": moved_since.isoformat()},
    }
    headlines = [Headline(key, int(n), {**base, **params[key]})
                 for key, n in zip(HEADLINES, counts, strict=True)]

    public = public_clause(day)
    by_line = dict((line_id, (int(p), int(i))) for line_id, p, i in db.session.execute(
        select(TopicArea.line_of_effort_id, flag(public),
               flag(public & (R.status == IMPLEMENTED)))
        .join(TopicArea, TopicArea.id == R.topic_id).where(*where)
        .group_by(TopicArea.line_of_effort_id)
    ).all())
    rates = []
    for line in taxonomy.lines:
        if filters.line and filters.line.id != line.id:
            continue
        published, implemented = by_line.get(line.id, (0, 0))
        line_params = {**base, "line": line.slug, "public": "1"}
        rates.append(LineRate(line.slug, line.name_en, line.name_ja, published, implemented,
                              line_params, {**line_params, "status": IMPLEMENTED}))

    moves = moved_since_select(since, day).add_columns(
        StatusChange.effective_on.label("effective_on")).subquery("moves")
    per_rec = (select(moves.c.recommendation_id, func.count().label("moves"),
                      func.max(moves.c.effective_on).label("last"))
               .group_by(moves.c.recommendation_id).subquery("per_rec"))
    before = (select(StatusTimeline.to_status)
              .where(StatusTimeline.id == entry_in_force_id(since - timedelta(days=1), R.id))
              .scalar_subquery())
    movers = db.session.execute(
        select(R.reference, R.title_en, R.title_ja, R.status, before.label("previous"),
               per_rec.c.moves, per_rec.c.last, func.count().over().label("total"))
        .join(per_rec, per_rec.c.recommendation_id == R.id).where(*where)
        .order_by(per_rec.c.moves.desc(), per_rec.c.last.desc(), R.reference)
        .limit(rows)
    ).all()

    stale = db.session.execute(
        select(R.reference, R.title_en, R.title_ja, R.status, R.open_since.label("since"),
               func.count().over().label("total"))
        .where(*where, stale_clause(day), R.priority.is_(True))
        .order_by(R.open_since, R.reference).limit(rows)
    ).all()
    return Summary(
        day, moved_since, since, headlines, rates,
        movers, movers[0].total if movers else 0, {**base, "moved_since": since.isoformat()},
        stale, stale[0].total if stale else 0, {**base, "stale": "1", "priority": "1"},
    )
