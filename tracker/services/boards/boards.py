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
- ``BoardFilters`` narrow every board the same way the staff list URL does: the same
  parser and SQL (``services.filters``; ``line``, ``topic`` with its sub-topics,
  ``addressee``, ``priority=1``, ``status``, ``event``, ``publication``, ``q``...);
- aggregation happens in SQL (GROUP BY); each function runs a fixed number of queries
  whatever the number of recommendations.
The column board is in ``services.board_columns``; the movement board and the trend
chart in ``services.board_history``.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ...domain import statuses, topic_tree, tracks
from ...domain.filters import BOARD, RecommendationFilter
from ...extensions import db
from ...models import (
    ADDRESSEES,
    Event,
    LineOfEffort,
    Publication,
    TopicArea,
)
from .. import clock
from ..queries import filters as filters_service
from . import board_sql, board_tally, board_tracks
from .board_tracks import Rate

# --- Input: as-of date and filters ---------------------------------------------------------


@dataclass
class Taxonomy:
    """Lines of effort and topics, loaded once per request (two queries)."""

    lines: list[LineOfEffort]
    topics: list[TopicArea]
    _subtrees: dict | None = field(default=None, repr=False)

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
        """``topic`` and every topic below it (``domain.topic_tree``; cycle-safe)."""
        return set(self.subtrees().get(topic.id, (topic.id,)))

    def subtrees(self) -> dict[int, tuple[int, ...]]:
        """``{topic id: that topic and its sub-topics}``, worked out once per taxonomy."""
        if self._subtrees is None:
            self._subtrees = topic_tree.subtrees((t.id, t.parent_id) for t in self.topics)
        return self._subtrees

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


class _TaxonomyVocabulary(filters_service.SqlVocabulary):
    """Names the board's taxonomy already holds are looked up there (no query)."""

    def __init__(self, taxonomy: Taxonomy):
        super().__init__()
        self.taxonomy = taxonomy

    def topic_ids(self, slug: str) -> tuple[int, ...] | None:
        topic = self.taxonomy.topic_by_slug(slug)
        return None if topic is None else self.taxonomy.subtrees()[topic.id]

    def line_id(self, slug: str) -> int | None:
        line = self.taxonomy.line_by_slug(slug)
        return None if line is None else line.id


@dataclass
class BoardFilters:
    """The shared filter (``filter``, parsed by ``services.filters.parse``) with the
    taxonomy objects the board shows; ``params()`` gives it back as staff-list URL
    parameters (the board's day, ``as_of``, left out)."""

    filter: RecommendationFilter = field(default_factory=RecommendationFilter)
    line: LineOfEffort | None = None
    topic: TopicArea | None = None
    line_topic_ids: set[int] | None = field(default=None, repr=False)
    text: "filters_service.text_search.TextMatch | None" = field(default=None, repr=False)
    # ``government=``: the board shows that government's track status instead of the
    # overall one (the filter then has ``addressee`` set to it: links list the same track).
    government: str | None = None
    _params: dict | None = field(default=None, init=False, repr=False)

    @property
    def addressee(self) -> str | None:
        return self.filter.addressee

    @property
    def priority(self) -> bool:
        return bool(self.filter.priority)

    @property
    def topic_ids(self) -> set[int] | None:
        return None if self.filter.topic_ids is None else set(self.filter.topic_ids)

    @property
    def reads_rows(self) -> bool:
        """Whether a filter is set that the board tally cannot answer (only line, topic
        and priority=1 can be answered there)."""
        f = self.filter
        return bool(self.government or f.addressee or f.status or f.event or f.publication or f.stale
                    or f.regressed or f.q or f.updated_since or f.priority is False
                    or f.public or f.moved_since)

    def params(self) -> dict[str, str]:
        """Worked out once (a board asks for every row): do not mutate the result."""
        if self._params is None:
            self._params = {k: v for k, v in self.filter.to_args().items()
                            if k not in ("sort", "page", "as_of")}
        return self._params

    def other_params(self) -> dict[str, list[str]]:
        """The parameters the board's form has no control for (``status``, ``event``...),
        as lists of values; the form carries them as hidden fields."""
        shown = ("line", "topic", "addressee", "priority", "q")
        return {k: v if isinstance(v, list) else [v]
                for k, v in self.params().items() if k not in shown}

    @property
    def active(self) -> bool:
        return bool(self.params())


def parse_filters(args, taxonomy: Taxonomy) -> tuple[BoardFilters, dict[str, str]]:
    """Filters from request arguments (the shared parser in ``BOARD`` mode: the staff
    list's parameters and ``as_of``), and ``{field: message}`` for every value that names
    nothing (an unknown value is reported, never silently ignored)."""
    parsed = filters_service.parse(args, BOARD, _TaxonomyVocabulary(taxonomy))
    filters = BoardFilters(parsed)
    errors = parsed.errors()
    government = (args.get("government") or "").strip()
    if government and government not in tracks.GOVERNMENTS:
        errors["government"] = _("Choose the US government, the Government of Japan or all.")
    elif government and parsed.addressee not in (None, government):
        errors["government"] = _("The government shown and the addressee filter name "
                                 "different tracks; clear one of them.")
    elif government:
        filters.government = government
        filters.filter = replace(parsed, addressee=government)
    if parsed.line:
        filters.line = taxonomy.line_by_slug(parsed.line)
        filters.line_topic_ids = {t.id for t in taxonomy.topics
                                  if t.line_of_effort_id == filters.line.id}
    if parsed.topic:
        filters.topic = taxonomy.topic_by_slug(parsed.topic)
    if parsed.q:  # one index search per request, whatever the board reads
        try:
            filters.text = filters_service.text_clause(parsed.q)
        except filters_service.text_search.SearchQueryError as exc:
            errors.setdefault("q", str(exc))
    return filters, errors


def filter_clauses(filters: BoardFilters, day: date | None = None,
                   text: "filters_service.text_search.TextMatch | None" = None) -> list:
    """SQL conditions on ``Recommendation`` for ``filters`` (``services.filters.clauses``)
    plus "not archived". The status filter is left to ``filtered_rows`` unless ``day`` is
    given (boards reading the history directly): then it is on the status in force that day.

    :raise text_search.SearchQueryError: the ``q`` words cannot be parsed.
    """
    f = replace(filters.filter, as_of=None)
    if day is None:
        f = replace(f, status=())
    elif f.status and day != clock.today():
        f = replace(f, as_of=day)
    return filters_service.clauses(f, text or filters.text)


def filtered_rows(day: date, filters: BoardFilters, from_history: bool = False,
                  text: "filters_service.text_search.TextMatch | None" = None):
    """``board_sql.board_rows`` narrowed by ``filters`` (a CTE of the same columns). The
    status filter is on the status the board shows for ``day``; with an addressee it is
    that track's status on ``day`` (``?addressee=X&status=Y``: the filter home's same-track
    rule), which is also what a ``government`` board shows."""
    same_track = bool(filters.filter.addressee and filters.filter.status)
    rows = board_sql.board_rows(day, filter_clauses(filters, day if same_track else None, text),
                                from_history, track=filters.government)
    if filters.filter.status and not same_track:
        rows = select(rows).where(rows.c.status.in_(filters.filter.status)).cte("board_filtered")
    return rows


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
class Overview:
    day: date
    totals: dict[str, int]
    lines: list[tuple[Row, list[Row]]]  # (line row, its topic rows)
    addressees: list[Row]
    events: list[Row]
    publications: list[Row]
    rates: list[tuple[Rate, list[Rate]]]
    governments: list = field(default_factory=list)  # board_tracks.Government, US then Japan
    government_rates: list = field(default_factory=list)  # board_tracks.RateRow
    asymmetry: "board_tracks.Asymmetry | None" = None

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def _zero() -> dict[str, int]:
    return dict.fromkeys(statuses.KEYS, 0)


def overview(day: date, filters: BoardFilters, taxonomy: Taxonomy,
             from_history: bool = False,
             asymmetry_limit: int | None = board_tracks.ASYMMETRY_LIMIT) -> Overview:
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
        counts = board_sql.overview_counts(filtered_rows(day, filters, from_history), day)
    clauses = filter_clauses(filters, day)

    def tracks_now():
        return (board_tracks.track_counts(day, clauses, from_history),
                board_tracks.asymmetry(day, clauses, from_history, limit=asymmetry_limit))

    if filters.filter.q:  # answered by the search index, which the data version does not cover
        track_counts, asymmetric = tracks_now()
    else:
        key = ("overview", day, from_history, asymmetry_limit, repr(sorted(filters.params().items())))
        track_counts, asymmetric = board_tracks.cached(key, tracks_now)
    tally = board_tracks.TrackTally.of(track_counts)
    events = {e.id: e for e in db.session.execute(select(Event)).scalars()}
    pubs = {p.id: p for p in db.session.execute(select(Publication)).scalars()}
    by_topic: dict = defaultdict(_zero)
    by_event: dict = defaultdict(_zero)
    by_pub: dict = defaultdict(_zero)
    published: dict = defaultdict(lambda: [0, 0])
    totals = _zero()
    targets = {"event": by_event, "publication": by_pub}
    for dim, key, _addressee, status, n, n_published in counts:
        n, n_published = int(n), int(n_published)
        if dim == "topic":
            by_topic[key][status] += n
            totals[status] += n
            published[key][0] += n_published
            published[key][1] += n_published if status == "implemented" else 0
        else:
            targets[dim][key][status] += n

    def rollup(topic):
        sums = _zero()
        for tid in taxonomy.descendant_ids(topic):
            for key, n in by_topic.get(tid, {}).items():
                sums[key] += n
        return sums

    lines, rates, shown = [], [], []
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
        shown.append((line, tree))

        def rate(label, ids, depth=0):
            pub = sum(published.get(tid, (0, 0))[0] for tid in ids)
            imp = sum(published.get(tid, (0, 0))[1] for tid in ids)
            return Rate(label, pub, imp, depth)

        rates.append((
            rate(line.name_en, line_ids),
            [rate(t.name_en, taxonomy.descendant_ids(t), d) for t, d in tree],
        ))

    # Each addressee's row counts its own track's status (``board_tracks``).
    addressees = [Row(key, label, tally.totals(key), {**filters.params(), "addressee": key})
                  for key, label in ADDRESSEES.items()]
    governments, government_rates = board_tracks.governments(tally, taxonomy, filters, shown)
    event_rows = _source_rows(by_event, events, "event", filters,
                              lambda e: e.starts_on)
    pub_rows = _source_rows(by_pub, pubs, "publication", filters,
                            lambda p: p.published_on)
    return Overview(day, totals, lines, addressees, event_rows, pub_rows, rates,
                    governments, government_rates, asymmetric)


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
