"""Queries behind the leadership boards (overview and column board).

Every board is computed for one day, the *as-of* date: the status each recommendation had
on that day comes from the history through ``status.status_as_of_subquery`` (a change
recorded later with an earlier effective date counts from its effective date; retracted
entries never count). For today the derived columns on ``Recommendation`` are used
instead: ``services.status`` keeps them equal to the history (a test checks both paths
agree), and they are indexed.

Contracts shared by every function here:
- archived recommendations are left out, as on the staff list;
- ``BoardFilters`` narrow every board the same way the staff list URL does
  (``line``, ``topic`` with its sub-topics, ``addressee``, ``priority=1``);
- aggregation happens in SQL (GROUP BY); each function runs a fixed number of queries
  whatever the number of recommendations.
The movement board and the trend chart live in ``services.board_history``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import case, func, select

from .. import statuses
from ..extensions import db
from ..models import (
    ADDRESSEES,
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    RecommendationAddressee,
    StatusChange,
    TopicArea,
)
from . import clock
from .errors import RuleViolation
from .status import status_as_of_subquery
from .visibility import published_by_clause

CARDS_PER_COLUMN = 40


# --- Input: as-of date and filters ---------------------------------------------------------


def first_record_date() -> date | None:
    """Effective date of the oldest status entry, or None when there is no history."""
    return db.session.execute(select(func.min(StatusChange.effective_on))).scalar_one_or_none()


def parse_as_of(value: str | None, today: date | None = None) -> date:
    """The as-of date named by ``value`` (ISO ``YYYY-MM-DD``); today when empty.

    :raise RuleViolation: (field ``as_of``) for a malformed date, a date in the future,
        or a date before the first recorded status entry.
    """
    today = today or clock.today()
    value = (value or "").strip()
    if not value:
        return today
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise RuleViolation(
            f"“{value[:40]}” is not a date; use the form YYYY-MM-DD.", "as_of"
        ) from None
    if day > today:
        raise RuleViolation(
            f"{day.isoformat()} is in the future; the latest date is today, {today.isoformat()}.",
            "as_of",
        )
    first = first_record_date()
    if first is not None and day < first:
        raise RuleViolation(
            f"{day.isoformat()} is before the first recorded status ({first.isoformat()}).",
            "as_of",
        )
    return day


@dataclass
class Taxonomy:
    """Lines of effort and topics, loaded once per request (two queries)."""

    lines: list[LineOfEffort]
    topics: list[TopicArea]

    @classmethod
    def load(cls) -> "Taxonomy":
        lines = db.session.execute(
            select(LineOfEffort).order_by(LineOfEffort.position, LineOfEffort.name_en)
        ).scalars().all()
        topics = db.session.execute(select(TopicArea).order_by(TopicArea.name_en)).scalars().all()
        return cls(list(lines), list(topics))

    def topic_by_slug(self, slug: str) -> TopicArea | None:
        return next((t for t in self.topics if t.slug == slug), None)

    def line_by_slug(self, slug: str) -> LineOfEffort | None:
        return next((line for line in self.lines if line.slug == slug), None)

    def children(self, topic_id: int | None) -> list[TopicArea]:
        return [t for t in self.topics if t.parent_id == topic_id]

    def descendant_ids(self, topic: TopicArea) -> set[int]:
        """``topic`` and every topic below it (cycle-safe)."""
        found, todo = set(), [topic.id]
        while todo:
            tid = todo.pop()
            if tid in found:
                continue
            found.add(tid)
            todo.extend(t.id for t in self.topics if t.parent_id == tid)
        return found

    def tree(self, line: LineOfEffort) -> list[tuple[TopicArea, int]]:
        """Topics of ``line`` depth-first as ``(topic, depth)``; roots are topics whose
        parent is missing or in another line."""
        ids = {t.id for t in self.topics if t.line_of_effort_id == line.id}
        out, seen = [], set()

        def walk(topic, depth):
            if topic.id in seen:
                return
            seen.add(topic.id)
            out.append((topic, depth))
            for child in self.children(topic.id):
                if child.id in ids:
                    walk(child, depth + 1)

        for topic in self.topics:
            if topic.id in ids and topic.parent_id not in ids:
                walk(topic, 0)
        return out


@dataclass
class BoardFilters:
    """Validated filters; ``params()`` gives them back as staff-list URL parameters."""

    line: LineOfEffort | None = None
    topic: TopicArea | None = None
    addressee: str | None = None
    priority: bool = False
    topic_ids: set[int] | None = field(default=None, repr=False)
    line_topic_ids: set[int] | None = field(default=None, repr=False)

    def params(self) -> dict[str, str]:
        out = {}
        if self.line:
            out["line"] = self.line.slug
        if self.topic:
            out["topic"] = self.topic.slug
        if self.addressee:
            out["addressee"] = self.addressee
        if self.priority:
            out["priority"] = "1"
        return out

    @property
    def active(self) -> bool:
        return bool(self.params())


def parse_filters(args, taxonomy: Taxonomy) -> tuple[BoardFilters, dict[str, str]]:
    """Filters from request arguments, and ``{field: message}`` for every unknown value
    (an unknown value is reported, never silently ignored)."""
    filters, errors = BoardFilters(), {}
    line_slug = (args.get("line") or "").strip()
    if line_slug:
        filters.line = taxonomy.line_by_slug(line_slug)
        if filters.line is None:
            errors["line"] = f"Unknown line of effort “{line_slug[:60]}”."
        else:
            filters.line_topic_ids = {
                t.id for t in taxonomy.topics if t.line_of_effort_id == filters.line.id
            }
    topic_slug = (args.get("topic") or "").strip()
    if topic_slug:
        filters.topic = taxonomy.topic_by_slug(topic_slug)
        if filters.topic is None:
            errors["topic"] = f"Unknown topic “{topic_slug[:60]}”."
        else:
            filters.topic_ids = taxonomy.descendant_ids(filters.topic)
    addressee = (args.get("addressee") or "").strip()
    if addressee:
        if addressee in ADDRESSEES:
            filters.addressee = addressee
        else:
            errors["addressee"] = f"Unknown addressee “{addressee[:60]}”."
    priority = (args.get("priority") or "").strip()
    if priority in ("1", "true", "on", "yes"):
        filters.priority = True
    elif priority not in ("", "0", "false", "off", "no"):
        errors["priority"] = "Priority is 1 (priority only) or empty."
    return filters, errors


def filter_clauses(filters: BoardFilters) -> list:
    """SQL conditions on ``Recommendation`` for ``filters`` plus "not archived"."""
    clauses = [Recommendation.archived_at.is_(None)]
    if filters.line_topic_ids is not None:
        clauses.append(Recommendation.topic_id.in_(filters.line_topic_ids or {-1}))
    if filters.topic_ids is not None:
        clauses.append(Recommendation.topic_id.in_(filters.topic_ids))
    if filters.addressee:
        clauses.append(
            Recommendation.id.in_(
                select(RecommendationAddressee.recommendation_id).where(
                    RecommendationAddressee.addressee == filters.addressee
                )
            )
        )
    if filters.priority:
        clauses.append(Recommendation.priority.is_(True))
    return clauses


def status_source(day: date, from_history: bool = False):
    """Subquery ``(recommendation_id, status, since)``: the status on ``day`` and the
    effective date of the entry that set it. Today reads the derived columns unless
    ``from_history``; any other day reads the history."""
    if day == clock.today() and not from_history:
        return select(
            Recommendation.id.label("recommendation_id"),
            Recommendation.status.label("status"),
            Recommendation.status_since.label("since"),
        ).subquery("status_now")
    sub = status_as_of_subquery(day)
    return select(
        sub.c.recommendation_id, sub.c.status, sub.c.effective_on.label("since")
    ).subquery("status_then")


def _base(src, filters: BoardFilters, *columns):
    return (
        select(*columns)
        .select_from(src)
        .join(Recommendation, Recommendation.id == src.c.recommendation_id)
        .where(*filter_clauses(filters))
    )


# --- Overview ------------------------------------------------------------------------------


@dataclass
class Row:
    """One row of a status matrix: label, counts per status, and list-URL params."""

    key: str
    label: str
    counts: dict[str, int]
    params: dict[str, str] | None
    depth: int = 0
    label_ja: str | None = None
    when: date | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Rate:
    label: str
    published: int
    implemented: int
    depth: int = 0

    @property
    def percent(self) -> float | None:
        return None if not self.published else 100.0 * self.implemented / self.published


@dataclass
class Overview:
    day: date
    totals: dict[str, int]
    lines: list[tuple[Row, list[Row]]]  # (line row, its topic rows)
    addressees: list[Row]
    events: list[Row]
    publications: list[Row]
    rates: list[tuple[Rate, list[Rate]]]

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def _zero() -> dict[str, int]:
    return dict.fromkeys(statuses.KEYS, 0)


def _grouped(query) -> dict:
    """``{group key: {status: count}}`` from rows ``(key, status, count)``."""
    out: dict = defaultdict(_zero)
    for key, status, count in db.session.execute(query):
        out[key][status] += count
    return out


def overview(day: date, filters: BoardFilters, taxonomy: Taxonomy,
             from_history: bool = False) -> Overview:
    """The overview board on ``day``: six GROUP BY queries whatever the data size.

    Topic rows count their sub-topics too (as the staff list's ``topic`` filter does), so
    each cell equals the length of the list its link opens.
    """
    src = status_source(day, from_history)
    count = func.count(Recommendation.id.distinct())
    by_topic = _grouped(
        _base(src, filters, Recommendation.topic_id, src.c.status, count)
        .group_by(Recommendation.topic_id, src.c.status)
    )
    totals = _zero()
    for counts in by_topic.values():
        for key, n in counts.items():
            totals[key] += n

    def rollup(topic):
        sums = _zero()
        for tid in taxonomy.descendant_ids(topic):
            for key, n in by_topic.get(tid, {}).items():
                sums[key] += n
        return sums

    lines, rates = [], []
    published = _published_counts(src, day, filters)
    for line in taxonomy.lines:
        if filters.line and filters.line.id != line.id:
            continue
        tree = taxonomy.tree(line)
        if filters.topic_ids is not None:
            tree = [(t, d) for t, d in tree if t.id in filters.topic_ids]
        line_ids = {t.id for t in taxonomy.topics if t.line_of_effort_id == line.id}
        line_counts = _zero()
        for tid in line_ids:
            for key, n in by_topic.get(tid, {}).items():
                line_counts[key] += n
        line_row = Row(line.slug, line.name_en, line_counts,
                       {**filters.params(), "line": line.slug}, label_ja=line.name_ja)
        topic_rows = [
            Row(t.slug, t.name_en, rollup(t), {**filters.params(), "topic": t.slug}, depth,
                label_ja=t.name_ja)
            for t, depth in tree
        ]
        lines.append((line_row, topic_rows))

        def rate(label, ids, depth=0):
            pub = sum(published.get(tid, (0, 0))[0] for tid in ids)
            imp = sum(published.get(tid, (0, 0))[1] for tid in ids)
            return Rate(label, pub, imp, depth)

        rates.append((
            rate(line.name_en, line_ids),
            [rate(t.name_en, taxonomy.descendant_ids(t), d) for t, d in tree],
        ))

    by_addressee = _grouped(
        _base(src, filters, RecommendationAddressee.addressee, src.c.status, count)
        .join(RecommendationAddressee,
              RecommendationAddressee.recommendation_id == Recommendation.id)
        .group_by(RecommendationAddressee.addressee, src.c.status)
    )
    addressees = [
        Row(key, label, by_addressee.get(key, _zero()), {**filters.params(), "addressee": key})
        for key, label in ADDRESSEES.items()
    ]
    events = _source_rows(src, filters, Event, Recommendation.event_id, "event")
    publications = _source_rows(src, filters, Publication, Recommendation.publication_id,
                                "publication")
    return Overview(day, totals, lines, addressees, events, publications, rates)


def _source_rows(src, filters, model, fk, param: str) -> list[Row]:
    """Rows per event or publication (newest first), plus one "none" row without a link."""
    date_col = Event.starts_on if model is Event else Publication.published_on
    query = (
        _base(src, filters, model.id, model.slug, model.title_en, model.title_ja, date_col,
              src.c.status, func.count(Recommendation.id))
        .outerjoin(model, model.id == fk)
        .group_by(model.id, model.slug, model.title_en, model.title_ja, date_col, src.c.status)
    )
    rows: dict = {}
    for mid, slug, title_en, title_ja, when, status, n in db.session.execute(query):
        if mid not in rows:
            if mid is None:
                rows[mid] = Row("", f"(no {param})", _zero(), None)
            else:
                label = title_en or title_ja or slug
                if when:
                    label = f"{label} ({when.isoformat()})"
                rows[mid] = Row(slug, label, _zero(), {**filters.params(), param: slug},
                                label_ja=title_ja if title_en else None, when=when)
        rows[mid].counts[status] += n
    named = sorted((r for k, r in rows.items() if k is not None),
                   key=lambda r: (r.when or date.min, r.label), reverse=True)
    return named + ([rows[None]] if None in rows else [])


def _published_counts(src, day: date, filters) -> dict[int, tuple[int, int]]:
    """``{topic id: (published, implemented among them)}`` on ``day``. Published means not
    a draft on that day and its publication out by then (the public rule, as of ``day``)."""
    implemented = func.sum(case((src.c.status == "implemented", 1), else_=0))
    query = (
        _base(src, filters, Recommendation.topic_id, func.count(), implemented)
        .where(src.c.status != statuses.DRAFT, published_by_clause(day))
        .group_by(Recommendation.topic_id)
    )
    return {tid: (int(p), int(i or 0)) for tid, p, i in db.session.execute(query)}


# --- Column board ----------------------------------------------------------------------------


@dataclass
class Card:
    reference: str
    title: str
    title_ja: str | None
    topic: str
    status: str
    since: date | None
    priority: bool
    day: date

    @property
    def days_in_status(self) -> int | None:
        return None if self.since is None else (self.day - self.since).days


@dataclass
class Column:
    status: statuses.Status
    count: int
    cards: list[Card]
    list_params: dict[str, str]

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def column_board(day: date, filters: BoardFilters, per_column: int | None = None,
                 from_history: bool = False) -> list[Column]:
    """One column per status with its count and up to ``per_column`` cards (most recently
    moved first). Two queries: counts by status, and the cards ranked per status in SQL."""
    per_column = per_column or current_app.config.get("BOARD_CARDS_PER_COLUMN", CARDS_PER_COLUMN)
    src = status_source(day, from_history)
    counts = dict(db.session.execute(
        _base(src, filters, src.c.status, func.count()).group_by(src.c.status)
    ).all())
    rank = func.row_number().over(
        partition_by=src.c.status,
        order_by=(src.c.since.desc(), Recommendation.id.desc()),
    ).label("rank")
    ranked = (
        _base(src, filters, Recommendation.reference, Recommendation.title_en,
              Recommendation.title_ja, TopicArea.name_en.label("topic"), src.c.status,
              src.c.since, Recommendation.priority, rank)
        .join(TopicArea, TopicArea.id == Recommendation.topic_id)
        .subquery()
    )
    rows = db.session.execute(
        select(ranked).where(ranked.c.rank <= per_column)
        .order_by(ranked.c.status, ranked.c.rank)
    ).all()
    cards = defaultdict(list)
    for r in rows:
        cards[r.status].append(Card(r.reference, r.title_en or r.title_ja or "", r.title_ja,
                                    r.topic, r.status, r.since, r.priority, day))
    return [
        Column(s, counts.get(s.key, 0), cards.get(s.key, []), {**filters.params(), "status": s.key})
        for s in statuses.STATUSES
    ]
