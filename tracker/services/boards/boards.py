"""Queries behind the leadership boards (overview and column board).

Every board is computed for one day, the *as-of* date: the status each recommendation had
on that day comes from the history (``services.board_sql.board_rows``; a change recorded
later with an earlier effective date counts from its effective date; retracted entries
never count). For today the derived columns on ``Recommendation`` are used instead:
``services.status`` keeps them equal to the history (a test checks both paths agree), and
covering indexes answer the boards' GROUP BYs; today's overview sums the board tally that
database triggers keep (``services.board_tally``) instead of grouping every row.

Contracts shared by every function here:
- archived recommendations are left out, as on the staff list;
- ``BoardFilters`` narrow every board the same way the staff list URL does
  (``line``, ``topic`` with its sub-topics, ``addressee``, ``priority=1``);
- aggregation happens in SQL (GROUP BY); each function runs a fixed number of queries
  whatever the number of recommendations.
The column board is in ``services.board_columns``; the movement board and the trend
chart in ``services.board_history``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from ...domain import statuses
from ...extensions import db
from ...models import (
    ADDRESSEES,
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    RecommendationAddressee,
    StatusChange,
    TopicArea,
)
from .. import clock
from ..errors import RuleViolation
from . import board_sql, board_tally

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


def overview(day: date, filters: BoardFilters, taxonomy: Taxonomy,
             from_history: bool = False) -> Overview:
    """The overview board on ``day``: one aggregate statement and two small lookups,
    whatever the data size. Today's board (without an addressee filter) sums the board
    tally (``board_tally``); any other reads the rows with their status on that day
    (``board_sql``).

    Topic rows count their sub-topics too (as the staff list's ``topic`` filter does), so
    each cell equals the length of the list its link opens.
    """
    if board_tally.answers(day, filters, from_history):
        counts = board_tally.overview_counts(day, filters)
    else:
        rows = board_sql.board_rows(day, filter_clauses(filters), from_history)
        counts = board_sql.overview_counts(rows, day)
    events = {e.id: e for e in db.session.execute(select(Event)).scalars()}
    pubs = {p.id: p for p in db.session.execute(select(Publication)).scalars()}
    by_topic: dict = defaultdict(_zero)
    by_event: dict = defaultdict(_zero)
    by_pub: dict = defaultdict(_zero)
    by_addressee: dict = defaultdict(_zero)
    published: dict = defaultdict(lambda: [0, 0])
    totals = _zero()
    targets = {"event": by_event, "publication": by_pub}
    for dim, key, addressee, status, n, n_published in counts:
        n, n_published = int(n), int(n_published)
        if dim == "topic":
            by_topic[key][status] += n
            totals[status] += n
            published[key][0] += n_published
            published[key][1] += n_published if status == "implemented" else 0
        elif dim == "addressee":
            by_addressee[addressee][status] += n
        else:
            targets[dim][key][status] += n

    def rollup(topic):
        sums = _zero()
        for tid in taxonomy.descendant_ids(topic):
            for key, n in by_topic.get(tid, {}).items():
                sums[key] += n
        return sums

    lines, rates = [], []
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

    addressees = [
        Row(key, label, by_addressee.get(key, _zero()), {**filters.params(), "addressee": key})
        for key, label in ADDRESSEES.items()
    ]
    event_rows = _source_rows(by_event, events, "event", filters,
                              lambda e: e.starts_on)
    pub_rows = _source_rows(by_pub, pubs, "publication", filters,
                            lambda p: p.published_on)
    return Overview(day, totals, lines, addressees, event_rows, pub_rows, rates)


def _source_rows(counts: dict, objects: dict, param: str, filters, when) -> list[Row]:
    """Rows per event or publication (newest first), plus one "none" row without a link."""
    rows = []
    for oid, obj_counts in counts.items():
        if oid is None:
            continue
        obj = objects[oid]
        day = when(obj)
        label = obj.title + (f" ({day.isoformat()})" if day else "")
        rows.append(Row(obj.slug, label, obj_counts, {**filters.params(), param: obj.slug},
                        label_ja=obj.title_ja if obj.title_en else None, when=day))
    rows.sort(key=lambda r: (r.when or date.min, r.label), reverse=True)
    if None in counts:
        rows.append(Row("", f"(no {param})", counts[None], None))
    return rows
