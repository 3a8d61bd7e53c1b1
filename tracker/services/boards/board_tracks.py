"""The boards' per-government part (issue 16): each addressee's *track* status (not the
overall one) counted per status, line of effort and topic, the US and Japan side by side,
and the asymmetry list.

Same contracts as ``services.boards``: one as-of day, the caller's filter clauses (conditions
on ``Recommendation``), archived recommendations left out (by those clauses), aggregation in
SQL, a fixed number of statements whatever the data size. Today's tracks are the derived
columns of ``recommendation_addressee`` (index ``ix_recommendation_addressee_track``);
another day's are each track's entry in force then (``queries.status_sql``, ``track=``).

The asymmetry rule is ``domain.tracks.is_asymmetric``; ``asymmetric_condition`` is its SQL
twin, derived from it over every pair of statuses (the one place; a test checks they agree).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from ...domain import statuses, tracks
from ...extensions import db
from ...models import ADDRESSEES, Publication, Recommendation, RecommendationAddressee
from ..partner import data_version
from ..queries.status_sql import status_as_of_join, status_as_of_select
from ..queries.visibility import publication_out_clause
from .board_sql import uses_history

R, RA = Recommendation, RecommendationAddressee
ASYMMETRY_LIMIT = 200
CACHE_SIZE = 64
_cache: dict = {}


def cached(key: tuple, build):
    """``build()``, kept per data version (``partner.data_version``: a new value at every
    write to recommendations, tracks, history or taxonomy): the overview's track aggregates
    join every track to its recommendation (tens of ms at 10k), so a board reloaded with
    nothing written since reads them from memory. ``key`` names what ``build`` reads (day,
    filter parameters); the version is read *before* building (see ``data_version``).
    Nothing is kept while no version is known."""
    version = data_version.current()
    if version is None:
        return build()
    full = (version, str(db.engine.url), key)
    try:
        return _cache[full]
    except KeyError:
        pass
    value = build()
    if len(_cache) >= CACHE_SIZE:
        _cache.clear()
    _cache[full] = value
    return value


@dataclass
class Rate:
    label: str
    published: int
    implemented: int
    depth: int = 0

    @property
    def percent(self) -> float | None:
        return None if not self.published else 100.0 * self.implemented / self.published


def asymmetric_condition(a, b):
    """SQL twin of ``domain.tracks.is_asymmetric`` over the status columns ``a`` and ``b``:
    the pairs the domain rule accepts, enumerated from it (so the rule lives in one place)."""
    pairs = [(x, y) for x in statuses.KEYS for y in statuses.KEYS if tracks.is_asymmetric(x, y)]
    return or_(*(and_(a == x, b == y) for x, y in pairs))


def track_rows(day: date, clauses: list, from_history: bool = False,
               addressees=tuple(ADDRESSEES)):
    """CTE ``track_rows(id, addressee, status, since, topic_id, publication_id)``: one row
    per track of the recommendations matching ``clauses``, with that track's status on
    ``day`` (tracks with no entry in force by then are left out)."""
    if not uses_history(day, from_history):
        query = (
            select(RA.recommendation_id.label("id"), RA.addressee, RA.status,
                   RA.status_since.label("since"), R.topic_id, R.publication_id)
            .join(R, R.id == RA.recommendation_id)
            .where(RA.addressee.in_(addressees), *clauses)
        )
        return query.cte("track_rows").prefix_with("NOT MATERIALIZED")
    parts = []
    for key in addressees:
        target, onclause, status, since = status_as_of_join(day, R, track=key)
        parts.append(
            select(R.id.label("id"), literal(key).label("addressee"), status.label("status"),
                   since.label("since"), R.topic_id, R.publication_id)
            .select_from(R)
            .join(RA, and_(RA.recommendation_id == R.id, RA.addressee == key))
            .join(target, onclause)
            .where(*clauses)
        )
    return union_all(*parts).cte("track_rows").prefix_with("MATERIALIZED")


def track_counts(day: date, clauses: list, from_history: bool = False) -> list:
    """Rows ``(addressee, topic_id, status, n, published)``: tracks per addressee, topic
    and status on ``day``; ``published`` counts those not draft whose publication was out
    by ``day`` (the implementation rate's denominator, as ``board_sql.topic_rows``). One
    statement."""
    rows = track_rows(day, clauses, from_history)
    groups = (
        select(rows.c.addressee, rows.c.topic_id, rows.c.publication_id, rows.c.status,
               func.count().label("n"))
        .group_by(rows.c.addressee, rows.c.topic_id, rows.c.publication_id, rows.c.status)
        .subquery("track_groups")
    )
    out = and_(publication_out_clause(day), groups.c.status != statuses.DRAFT)
    return db.session.execute(
        select(groups.c.addressee, groups.c.topic_id, groups.c.status, func.sum(groups.c.n),
               func.sum(case((out, groups.c.n), else_=0)))
        .select_from(groups)
        .outerjoin(Publication, Publication.id == groups.c.publication_id)
        .group_by(groups.c.addressee, groups.c.topic_id, groups.c.status)
    ).all()


@dataclass
class TrackTally:
    """``track_counts`` arranged: ``{addressee: {topic id: {status: n}}}`` and
    ``{addressee: {topic id: [published, implemented]}}``."""

    counts: dict
    published: dict

    @classmethod
    def of(cls, rows) -> "TrackTally":
        counts = defaultdict(lambda: defaultdict(lambda: dict.fromkeys(statuses.KEYS, 0)))
        published = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for addressee, topic_id, status, n, n_published in rows:
            counts[addressee][topic_id][status] += int(n)
            published[addressee][topic_id][0] += int(n_published)
            if status == "implemented":
                published[addressee][topic_id][1] += int(n_published)
        return cls(counts, published)

    def totals(self, addressee: str, topic_ids=None) -> dict[str, int]:
        out = dict.fromkeys(statuses.KEYS, 0)
        for topic_id, counts in self.counts.get(addressee, {}).items():
            if topic_ids is None or topic_id in topic_ids:
                for key, n in counts.items():
                    out[key] += n
        return out

    def rate(self, addressee: str, label: str, topic_ids, depth: int = 0) -> Rate:
        by_topic = self.published.get(addressee, {})
        pairs = [by_topic[t] for t in topic_ids if t in by_topic]
        return Rate(label, sum(p[0] for p in pairs), sum(p[1] for p in pairs), depth)


@dataclass
class Government:
    """One government's column of the side-by-side overview: its tracks' ``totals`` per
    status, its implementation ``rate`` overall, and staff-list parameters listing them."""

    key: str
    totals: dict[str, int]
    rate: Rate
    params: dict[str, str]

    @property
    def total(self) -> int:
        return sum(self.totals.values())


@dataclass
class RateRow:
    """A line or topic of the side-by-side rate table: one ``Rate`` per government."""

    label: str
    label_ja: str | None
    depth: int
    is_line: bool
    rates: list[Rate]


def governments(tally: TrackTally, taxonomy, filters, shown_lines) -> tuple[list, list]:
    """``(governments, rate rows)`` of the side-by-side overview: per government its totals
    and overall rate; per line of effort (and its topics, sub-topics rolled up) one rate per
    government. ``shown_lines``: ``[(line, [(topic, depth)])]`` the overview shows."""
    all_ids = {t.id for t in taxonomy.topics}
    govs = [Government(key, tally.totals(key), tally.rate(key, key, all_ids),
                       {**filters.params(), "addressee": key})
            for key in tracks.GOVERNMENTS]
    rows = []
    for line, tree in shown_lines:
        line_ids = {t.id for t in taxonomy.topics if t.line_of_effort_id == line.id}
        rows.append(RateRow(line.name_en, line.name_ja, 0, True,
                            [tally.rate(g, line.name_en, line_ids) for g in tracks.GOVERNMENTS]))
        for topic, depth in tree:
            ids = taxonomy.descendant_ids(topic)
            rows.append(RateRow(topic.name_en, topic.name_ja, depth + 1, False,
                                [tally.rate(g, topic.name_en, ids, depth)
                                 for g in tracks.GOVERNMENTS]))
    return govs, rows


@dataclass
class Asymmetry:
    """Up to ``ASYMMETRY_LIMIT`` rows (all for CSV) and how many matched. Each row:
    ``reference, title_en, title_ja, us_status, us_since, japan_status, japan_since``."""

    rows: list
    total: int


def asymmetry(day: date, clauses: list, from_history: bool = False,
              limit: int | None = ASYMMETRY_LIMIT) -> Asymmetry:
    """Recommendations whose US and Japan tracks are asymmetric on ``day``
    (``asymmetric_condition``), by reference. One statement."""
    us_key, japan_key = tracks.GOVERNMENTS
    if not uses_history(day, from_history):
        us, japan = aliased(RA, name="us_track"), aliased(RA, name="japan_track")
        source = (
            select(us.recommendation_id.label("id"), us.status.label("us_status"),
                   us.status_since.label("us_since"), japan.status.label("japan_status"),
                   japan.status_since.label("japan_since"))
            .join(japan, and_(japan.recommendation_id == us.recommendation_id,
                              japan.addressee == japan_key))
            .where(us.addressee == us_key, asymmetric_condition(us.status, japan.status))
            .subquery("asymmetric")
        )
    else:
        us = status_as_of_select(day, track=us_key).subquery("us_then")
        japan = status_as_of_select(day, track=japan_key).subquery("japan_then")
        source = (
            select(us.c.recommendation_id.label("id"), us.c.status.label("us_status"),
                   us.c.effective_on.label("us_since"), japan.c.status.label("japan_status"),
                   japan.c.effective_on.label("japan_since"))
            .join(japan, japan.c.recommendation_id == us.c.recommendation_id)
            .where(asymmetric_condition(us.c.status, japan.c.status))
            .subquery("asymmetric")
        )
    query = (
        select(R.reference, R.title_en, R.title_ja, source.c.us_status, source.c.us_since,
               source.c.japan_status, source.c.japan_since, func.count().over().label("total"))
        .join(source, source.c.id == R.id)
        .where(*clauses)
        .order_by(R.reference)
        .limit(limit)
    )
    rows = db.session.execute(query).all()
    return Asymmetry(rows, rows[0].total if rows else 0)


def government_statuses(day: date, clauses: list, from_history: bool = False) -> dict:
    """``{reference: {addressee: (status, since)}}``: the US and Japan tracks on ``day`` of
    the recommendations matching ``clauses`` (the CSV exports' per-government columns).
    One statement."""
    rows = track_rows(day, clauses, from_history, addressees=tracks.GOVERNMENTS)
    out: dict = defaultdict(dict)
    for reference, addressee, status, since in db.session.execute(
            select(R.reference, rows.c.addressee, rows.c.status, rows.c.since)
            .join(rows, rows.c.id == R.id)):
        out[reference][addressee] = (status, since)
    return out


def government_cells(by_government: dict) -> list:
    """The per-government CSV cells ``[US status, US since, Japan status, Japan since]`` of
    one recommendation (``government_statuses``' value; blank for a missing track)."""
    cells = []
    for key in tracks.GOVERNMENTS:
        status, since = by_government.get(key, ("", ""))
        cells += [status, since]
    return cells


GOVERNMENT_HEADER = ["US status", "US since", "Japan status", "Japan since"]
