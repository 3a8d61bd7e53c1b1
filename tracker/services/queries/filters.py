"""The staff recommendation list: filters, sorts and pagination from the URL contract.

``RecommendationFilters.from_args(request.args)`` parses the query string of ``/``
(COMMON.md: ``status`` repeatable, ``topic`` (with its sub-topics), ``line``,
``addressee``, ``event``, ``publication``, ``priority=1``, ``stale=1``, ``regressed=1``,
``q``, ``sort``, ``page``). Values that name nothing are kept in ``problems`` (shown to
the user, or a 400 in the API) and the filter is left out. ``apply`` adds the conditions
to any select of ``Recommendation`` (boards reuse it); ``query`` returns one sorted page.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import Select, case, select
from sqlalchemy.orm import selectinload

from ...domain import statuses
from ...extensions import db
from ...models import ADDRESSEES, Event, LineOfEffort, Publication, Recommendation, TopicArea
from ..recommendations.records import MAX_PAGE
from ..recommendations.status import stale_clause
from . import text_search
from .pages import Page, paginate

SORTS = {
    "-changed": "Last change, newest first",
    "changed": "Last change, oldest first",
    "reference": "Reference, first to last",
    "-reference": "Reference, last to first",
    "status": "Status (lifecycle order)",
}
DEFAULT_SORT = "-changed"
MAX_Q_LENGTH = 200
FLAGS = ("priority", "stale", "regressed")


@dataclass(frozen=True)
class RecommendationFilters:
    """A parsed, validated list query. Slugs are kept as given (for URLs); ``*_id`` hold
    what they resolved to."""

    status: tuple[str, ...] = ()
    topic: str | None = None
    line: str | None = None
    addressee: str | None = None
    event: str | None = None
    publication: str | None = None
    priority: bool = False
    stale: bool = False
    regressed: bool = False
    q: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    topic_ids: tuple[int, ...] = ()
    line_id: int | None = None
    event_id: int | None = None
    publication_id: int | None = None
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_args(cls, args: Mapping) -> "RecommendationFilters":
        """Parse a query string (a werkzeug ``MultiDict`` or a plain mapping of lists)."""
        problems: list[str] = []
        getlist = args.getlist if hasattr(args, "getlist") else lambda k: list(args.get(k, []))

        def one(name: str) -> str | None:
            values = [v.strip() for v in getlist(name) if v and v.strip()]
            return values[-1] if values else None

        wanted = [v.strip() for v in getlist("status") if v and v.strip()]
        for value in wanted:
            if not statuses.is_known(value):
                problems.append(f"Unknown status “{value}”: that filter was ignored.")
        status = tuple(k for k in statuses.KEYS if k in wanted)

        values: dict = {"status": status}
        topic = one("topic")
        if topic:
            ids = _topic_ids(topic)
            if ids:
                values.update(topic=topic, topic_ids=ids)
            else:
                problems.append(f"Unknown topic “{topic}”: that filter was ignored.")
        for name, model in (("line", LineOfEffort), ("event", Event), ("publication", Publication)):
            slug = one(name)
            if not slug:
                continue
            found = db.session.execute(select(model.id).where(model.slug == slug)).scalar()
            if found is None:
                problems.append(f"Unknown {name.replace('line', 'line of effort')} “{slug}”: that filter was ignored.")
            else:
                values.update({name: slug, f"{name}_id": found})
        addressee = one("addressee")
        if addressee:
            if addressee in ADDRESSEES:
                values["addressee"] = addressee
            else:
                problems.append(f"Unknown addressee “{addressee}”: that filter was ignored.")
        for flag in FLAGS:
            raw = one(flag)
            if raw in ("1", "true", "on", "yes"):
                values[flag] = True
            elif raw not in (None, "0", "false", "off", "no"):
                problems.append(f"“{flag}={raw}” is not understood (use {flag}=1): ignored.")
        q = " ".join((one("q") or "").split())
        if len(q) > MAX_Q_LENGTH:
            problems.append(f"The search words were cut to {MAX_Q_LENGTH} characters.")
            q = q[:MAX_Q_LENGTH]
        values["q"] = q
        sort = one("sort")
        if sort and sort not in SORTS:
            problems.append(f"Unknown sort “{sort}”: sorted by last change instead.")
        values["sort"] = sort if sort in SORTS else DEFAULT_SORT
        page = one("page")
        try:
            values["page"] = min(MAX_PAGE, max(1, int(page))) if page else 1
        except ValueError:
            problems.append(f"Page “{page}” is not a number: showing the first page.")
        return cls(problems=tuple(problems), **values)

    @property
    def is_filtered(self) -> bool:
        return bool(self.status or self.topic or self.line or self.addressee or self.event
                    or self.publication or self.priority or self.stale or self.regressed or self.q)

    def to_args(self, **changes) -> dict[str, str | list[str]]:
        """Canonical query parameters (defaults left out), with ``changes`` applied; for
        ``url_for("recommendations.index", **filters.to_args(page=2))``."""
        f = replace(self, **changes) if changes else self
        args: dict = {}
        if f.status:
            args["status"] = list(f.status)
        for name in ("topic", "line", "addressee", "event", "publication", "q"):
            if getattr(f, name):
                args[name] = getattr(f, name)
        for flag in FLAGS:
            if getattr(f, flag):
                args[flag] = "1"
        if f.sort != DEFAULT_SORT:
            args["sort"] = f.sort
        if f.page > 1:
            args["page"] = str(f.page)
        return args


def _topic_ids(slug: str) -> tuple[int, ...]:
    """The topic named ``slug`` and all its descendants (empty when unknown)."""
    rows = db.session.execute(select(TopicArea.id, TopicArea.parent_id, TopicArea.slug)).all()
    root = next((r.id for r in rows if r.slug == slug), None)
    if root is None:
        return ()
    found, frontier = [root], [root]
    while frontier:
        frontier = [r.id for r in rows if r.parent_id in frontier and r.id not in found]
        found.extend(frontier)
    return tuple(found)


def text_clause(q: str) -> "text_search.TextMatch":
    """The ``q`` words as SQL conditions, answered by the search index (staff scope:
    stemmed English, Japanese phrases, ``"phrases"``, ``AND``/``OR``/``NOT``); see
    ``services.text_search.match``. Falls back to a plain word filter, with a notice,
    when the index cannot be used.

    :raise text_search.SearchQueryError: the words cannot be parsed (message for the user).
    """
    return text_search.match(q, scope="staff")


def apply(filters: RecommendationFilters, stmt: Select,
          text: "text_search.TextMatch | None" = None) -> Select:
    """``stmt`` (a select involving ``Recommendation``) narrowed by ``filters``; archived
    recommendations are always left out. ``text`` is ``text_clause(filters.q)`` when the
    caller already has it (computed here otherwise).

    :raise text_search.SearchQueryError: ``filters.q`` cannot be parsed.
    """
    stmt = stmt.where(Recommendation.archived_at.is_(None))
    if filters.status:
        stmt = stmt.where(Recommendation.status.in_(filters.status))
    if filters.topic_ids:
        stmt = stmt.where(Recommendation.topic_id.in_(filters.topic_ids))
    if filters.line_id:
        stmt = stmt.where(Recommendation.topic_id.in_(
            select(TopicArea.id).where(TopicArea.line_of_effort_id == filters.line_id)))
    if filters.addressee:
        stmt = stmt.where(Recommendation.addressee_rows.any(addressee=filters.addressee))
    if filters.event_id:
        stmt = stmt.where(Recommendation.event_id == filters.event_id)
    if filters.publication_id:
        stmt = stmt.where(Recommendation.publication_id == filters.publication_id)
    if filters.priority:
        stmt = stmt.where(Recommendation.priority.is_(True))
    if filters.stale:
        stmt = stmt.where(stale_clause())
    if filters.regressed:
        stmt = stmt.where(Recommendation.regressed.is_(True))
    if filters.q:
        stmt = stmt.where(*(text or text_clause(filters.q)).conditions)
    return stmt


def order_by(sort: str) -> tuple:
    lifecycle = case({key: i for i, key in enumerate(statuses.KEYS)}, value=Recommendation.status)
    return {
        "-changed": (Recommendation.status_changed_at.desc().nullslast(), Recommendation.id.desc()),
        "changed": (Recommendation.status_changed_at.asc().nullsfirst(), Recommendation.id.asc()),
        "reference": (Recommendation.reference.asc(),),
        "-reference": (Recommendation.reference.desc(),),
        "status": (lifecycle, Recommendation.reference.asc()),
    }[sort]


def query(filters: RecommendationFilters, per_page: int = 25,
          text: "text_search.TextMatch | None" = None) -> Page:
    """One page of matching recommendations (topic loaded) and the total. A page past the
    end gives the last page.

    :raise text_search.SearchQueryError: ``filters.q`` cannot be parsed.
    """
    return paginate(apply(filters, select(Recommendation), text), filters.page, per_page,
                    order_by=order_by(filters.sort),
                    options=(selectinload(Recommendation.topic),), clamp=True)


def filter_options(topic_label=lambda t: t.path_en) -> dict:
    """Choices for the filter form: topics (as paths, named by ``topic_label``), lines,
    events, publications."""
    topics = db.session.execute(select(TopicArea).options(selectinload(TopicArea.parent))).scalars().all()
    return {
        "topics": sorted(((t.slug, topic_label(t)) for t in topics), key=lambda pair: pair[1].lower()),
        "lines": db.session.execute(select(LineOfEffort.slug, LineOfEffort.name_en, LineOfEffort.name_ja)
                                    .order_by(LineOfEffort.position, LineOfEffort.name_en)).all(),
        "events": db.session.execute(select(Event.slug, Event.title_en, Event.title_ja, Event.starts_on)
                                     .order_by(Event.starts_on.desc())).all(),
        "publications": db.session.execute(
            select(Publication.slug, Publication.title_en, Publication.title_ja, Publication.published_on)
            .order_by(Publication.published_on.desc().nullsfirst())).all(),
        "addressees": list(ADDRESSEES.items()),
        "sorts": list(SORTS.items()),
    }
