"""THE recommendation filter: one parsed, validated object, and the one parser behind every
surface (staff list, boards, staff exports, the partner API, the public pages).

``parse(args, vocabulary, mode=..., today=...)`` reads a query string given as a plain mapping
(a werkzeug ``MultiDict`` or anything with ``getlist``, or a dict whose values are strings or
lists of strings) and returns a frozen ``RecommendationFilter`` whose ``problems`` say, per
parameter, what could not be used. The parameters are those of the URL contract: ``status``,
``topic`` (matches its sub-topics too), ``line`` (the API calls it ``line_of_effort``),
``addressee``, ``event``, ``publication``, ``priority``, ``stale``, ``regressed``, ``public``,
``moved_since`` and ``year`` (publication year; not in the API), ``updated_since``, ``as_of``,
``q``, ``sort``, ``page`` (and ``per_page`` in the API). One parser, three presentations (``mode``):
- ``STAFF`` (lenient): a value that names nothing is reported and that filter left out; unknown
  parameters are ignored; ``status`` repeats; ``priority=0`` means "no filter".
- ``BOARD``: as ``STAFF``, but the board answers 400 when there is any problem, so the messages
  are the board's ("Unknown topic “x”."), and ``as_of`` may not precede the first status.
- ``API`` (strict): unknown or repeated parameters are refused; ``status`` is one comma-separated
  value; ``priority=false`` means "not priority"; the first problem is the only one.
The parser knows no database: ``vocabulary`` (``Vocabulary``) resolves slugs to ids, ``topic`` to
the topic and its sub-topics (``domain.topic_tree``). SQL: ``services.queries.filters``.
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Protocol

STAFF, BOARD, API = "staff", "board", "api"
MAX_Q_LENGTH, FLAGS = 200, ("priority", "stale", "regressed", "public")
STAFF_SORTS = {
    "-changed": "Last change, newest first", "changed": "Last change, oldest first",
    "reference": "Reference, first to last", "-reference": "Reference, last to first",
    "status": "Status (lifecycle order)",
}
API_SORTS = ("reference", "updated_at", "-updated_at")
DEFAULT_SORT = {STAFF: "-changed", BOARD: "-changed", API: "reference"}
MAX_PAGE = 1_000_000  # far past any real last page; keeps SQL OFFSETs within 64 bits
API_PER_PAGE, API_PER_PAGE_MAX = 25, 100
API_PARAMS = frozenset({"status", "topic", "line_of_effort", "addressee", "publication", "event",
                        "priority", "updated_since", "as_of", "q", "sort", "page", "per_page"})
_YES, _NO = ("1", "true", "on", "yes"), ("0", "false", "off", "no")
# name in the filter -> (parameter in the URL, words in messages, API listing)
_SLUGS = {
    "topic": ("topic", "topic", "topics"),
    "line": ("line", "line of effort", "lines-of-effort"),
    "publication": ("publication", "publication", "publications"),
    "event": ("event", "event", "events"),
}


class Vocabulary(Protocol):
    """What the parser asks about names (implemented over the database by the services)."""

    statuses: tuple[str, ...]  # the statuses this surface may filter by, lifecycle order
    addressees: tuple[str, ...]

    def topic_ids(self, slug: str) -> tuple[int, ...] | None: ...  # topic + sub-topics
    def line_id(self, slug: str) -> int | None: ...
    def event_id(self, slug: str) -> int | None: ...
    def publication_id(self, slug: str) -> int | None: ...
    def first_record_date(self) -> date | None: ...


@dataclass(frozen=True)
class Problem:
    """One parameter that could not be used. ``code`` is ``unknown_parameter`` or
    ``invalid_parameter`` (the API's error codes); ``message`` is for the user, in the
    words of the surface that parsed; ``details`` is the API's error details."""

    parameter: str
    message: str
    code: str = "invalid_parameter"
    details: dict = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class RecommendationFilter:
    """A parsed, validated filter. Slugs are kept as given (for URLs); ``*_id`` and
    ``topic_ids`` (the topic and its sub-topics; None without a topic filter) hold what
    they resolved to. ``priority`` None means "either"."""

    status: tuple[str, ...] = ()
    topic: str | None = None
    line: str | None = None
    addressee: str | None = None
    event: str | None = None
    publication: str | None = None
    priority: bool | None = None
    stale: bool = False
    regressed: bool = False
    public: bool = False
    moved_since: date | None = None
    updated_since: datetime | None = None
    as_of: date | None = None
    year: int | None = None  # publication year (staff/public pages; not in the API)
    q: str = ""
    sort: str = DEFAULT_SORT[STAFF]
    page: int = 1
    per_page: int | None = None
    topic_ids: tuple[int, ...] | None = None
    line_id: int | None = None
    event_id: int | None = None
    publication_id: int | None = None
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def is_filtered(self) -> bool:
        return bool(self.status or self.topic or self.line or self.addressee or self.event
                    or self.publication or self.priority is not None or self.stale
                    or self.regressed or self.public or self.q or self.as_of or self.updated_since
                    or self.moved_since or self.year)

    def errors(self) -> dict[str, str]:
        """``{parameter: message}`` (the first message per parameter)."""
        out: dict[str, str] = {}
        for problem in self.problems:
            out.setdefault(problem.parameter, problem.message)
        return out

    def to_args(self, **changes) -> dict[str, str | list[str]]:
        """Canonical staff-list query parameters (defaults left out), with ``changes``
        applied; for ``url_for("recommendations.index", **f.to_args(page=2))``."""
        f = replace(self, **changes) if changes else self
        args: dict = {"status": list(f.status)} if f.status else {}
        args.update({name: getattr(f, name) for name in
                     ("topic", "line", "addressee", "event", "publication", "q") if getattr(f, name)})
        if f.priority is not None:
            args["priority"] = "1" if f.priority else "0"
        args.update({flag: "1" for flag in ("stale", "regressed", "public") if getattr(f, flag)})
        args.update({name: getattr(f, name).isoformat() for name in
                     ("moved_since", "as_of", "updated_since") if getattr(f, name)})
        args.update({"year": str(f.year)} if f.year else {})
        if f.sort != DEFAULT_SORT[STAFF]:
            args["sort"] = f.sort
        if f.page > 1:
            args["page"] = str(f.page)
        return args


class _Stop(Exception):
    """Strict mode: the first problem ends the parse."""


def _lister(args):
    if hasattr(args, "getlist"):
        return args.getlist

    def getlist(name):
        value = args.get(name)
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)

    return getlist


class _Parser:
    def __init__(self, args, vocabulary: Vocabulary, mode: str, today: date):
        self.getlist, self.vocabulary, self.mode, self.today = _lister(args), vocabulary, mode, today
        self.strict = mode == API
        self.problems: list[Problem] = []
        self.values: dict = {}

    def problem(self, parameter: str, message: str, code: str = "invalid_parameter",
                details: dict | None = None) -> None:
        self.problems.append(Problem(parameter, message, code, details or {"parameter": parameter}))
        if self.strict:
            raise _Stop

    def raw(self, name: str) -> str | None:
        """The parameter's value: strict, the one value as given; else the last non-blank."""
        values = self.getlist(name)
        if self.strict:
            return values[0] if values else None
        values = [v.strip() for v in values if v and v.strip()]
        return values[-1] if values else None

    def text(self, name: str, max_length: int = 200) -> str | None:
        value = self.raw(name)
        if value is None or not self.strict:
            return value
        value = value.strip()
        if not value:
            self.problem(name, f"{name!r} is empty; leave it out instead.")
        if len(value) > max_length or "\x00" in value:
            self.problem(name, f"{name!r} is too long (at most {max_length} characters).")
        return value


def parse(args, vocabulary: Vocabulary, *, mode: str = STAFF, today: date) -> RecommendationFilter:
    """The filter named by ``args`` (see the module docstring); never raises for bad
    input: what could not be used is in ``.problems`` (one problem at most in ``API``)."""
    p = _Parser(args, vocabulary, mode, today)
    try:
        if p.strict:
            _check_names(p, args)
        _statuses(p)
        if p.strict:  # the API checks the form of every value before looking names up
            slugs = {name: p.text("line_of_effort" if name == "line" else name)
                     for name in ("topic", "line", "addressee", "publication", "event")}
            _flags(p)
            _dates(p)
            _q(p)
            _sort_and_page(p)
            _resolve(p, slugs)
        else:
            _resolve(p, {name: p.raw(name) for name in
                         ("topic", "line", "event", "publication", "addressee")})
            _flags(p)
            _dates(p)
            _year(p)
            _q(p)
            _sort_and_page(p)
    except _Stop:
        pass
    return RecommendationFilter(problems=tuple(p.problems), **p.values)


def _check_names(p: _Parser, args) -> None:
    for name in args:
        if name not in API_PARAMS:
            p.problem(name, f"Unknown parameter {name!r}.", "unknown_parameter",
                      {"parameter": name, "allowed": sorted(API_PARAMS)})
        if len(p.getlist(name)) > 1:
            p.problem(name, f"Give {name!r} once (lists are comma-separated).")


def _statuses(p: _Parser) -> None:
    known = p.vocabulary.statuses
    if p.strict:
        raw = p.raw("status")
        if raw is None:
            return
        wanted = list(dict.fromkeys(item.strip() for item in raw.split(",")))
        unknown = [item for item in wanted if item not in known]
        if not wanted or unknown:
            p.problem("status", f"Unknown status {', '.join(map(repr, unknown)) or repr(raw)}; "
                                f"use {', '.join(known)}.")
    else:
        wanted = [v.strip() for v in p.getlist("status") if v and v.strip()]
        for value in wanted:
            if value not in known:
                p.problem("status", f"Unknown status “{value}”: that filter was ignored."
                          if p.mode == STAFF else f"Unknown status “{value[:60]}”.")
    p.values["status"] = tuple(k for k in known if k in wanted)


def _unknown(p: _Parser, name: str, value: str) -> None:
    param, words, listing = _SLUGS.get(name, (name, name, ""))
    if p.mode == STAFF:
        p.problem(param, f"Unknown {words} “{value}”: that filter was ignored.")
    elif p.mode == BOARD:
        p.problem(param, f"Unknown {words} “{value[:60]}”.")
    elif name == "addressee":
        p.problem(param, f"Unknown addressee {value!r}; one of {', '.join(p.vocabulary.addressees)}.")
    else:
        param = "line_of_effort" if name == "line" else param
        p.problem(param, f"Unknown {words} {value!r}; see /api/v1/{listing}.")


def _resolve(p: _Parser, slugs: dict) -> None:
    lookups = {"line": p.vocabulary.line_id, "event": p.vocabulary.event_id,
               "publication": p.vocabulary.publication_id}
    for name, value in slugs.items():
        if not value:
            continue
        if name == "topic":
            found = p.vocabulary.topic_ids(value)
            key = "topic_ids"
        elif name == "addressee":
            found = value if value in p.vocabulary.addressees else None
            key = None
        else:
            found = lookups[name](value)
            key = f"{name}_id"
        if found is None:
            _unknown(p, name, value)
            continue
        p.values[name] = value
        if key:
            p.values[key] = found


def _flags(p: _Parser) -> None:
    if p.strict:
        raw = p.raw("priority")
        if raw is None:
            return
        value = raw.strip().lower()
        if value not in ("true", "1", "false", "0"):
            p.problem("priority", "'priority' must be true or false.")
        p.values["priority"] = value in ("true", "1")
        return
    for flag in FLAGS:
        raw = p.raw(flag)
        if raw in _YES:
            p.values[flag] = True
        elif raw not in (None, *_NO):
            if p.mode == BOARD:
                p.problem(flag, f"{flag.capitalize()} is 1 ({flag} only) or empty.")
            else:
                p.problem(flag, f"“{flag}={raw}” is not understood (use {flag}=1): ignored.")


def _dates(p: _Parser) -> None:
    raw = p.raw("updated_since")
    if raw is not None:
        message = ("'updated_since' must be an ISO 8601 date-time like 2024-05-31T09:00:00Z."
                   if p.strict else f"“updated_since={raw[:40]}” is not a date-time: ignored.")
        try:
            value = datetime.fromisoformat(raw.strip())
            value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
            p.values["updated_since"] = value
        except ValueError:
            p.problem("updated_since", message)
        except OverflowError:
            p.problem("updated_since", "'updated_since' is out of range." if p.strict else message)
    if not p.strict and (moved := _day(p, "moved_since")) is not None:
        p.values["moved_since"] = moved
    day = _day(p, "as_of")
    first = p.vocabulary.first_record_date() if day and p.mode == BOARD else None
    if first is not None and day < first:
        p.problem("as_of", f"{day.isoformat()} is before the first recorded status "
                           f"({first.isoformat()}).")
    elif day is not None:
        p.values["as_of"] = day


def _year(p: _Parser) -> None:  # lenient modes only: the publication year, 1900-2999
    if (raw := p.raw("year")) is not None and raw.isascii() and raw.isdigit() and 1900 <= int(raw) <= 2999:
        p.values["year"] = int(raw)
    elif raw is not None:
        p.problem("year", f"“{raw[:40]}” is not a year: ignored.")


def _day(p: _Parser, name: str) -> date | None:
    """A YYYY-MM-DD parameter no later than today (None when absent or unusable)."""
    if (raw := p.raw(name)) is None:
        return None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        p.problem(name, f"'{name}' must be a date like 2024-05-31." if p.strict else
                  f"“{raw[:40]}” is not a date; use the form YYYY-MM-DD.")
        return None
    if day > p.today:
        p.problem(name, f"'{name}' cannot be after today ({p.today.isoformat()})." if p.strict
                  else f"{day.isoformat()} is in the future; the latest date is today, "
                       f"{p.today.isoformat()}.")
        return None
    return day


def _q(p: _Parser) -> None:
    if p.strict:
        value = p.text("q")
        if value is not None:
            p.values["q"] = value
        return
    q = " ".join((p.raw("q") or "").split())
    if len(q) > MAX_Q_LENGTH:
        p.problem("q", f"The search words were cut to {MAX_Q_LENGTH} characters.")
        q = q[:MAX_Q_LENGTH]
    p.values["q"] = q


def _integer(p: _Parser, name: str, default: int, maximum: int) -> int:
    raw = p.raw(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        p.problem(name, f"{name!r} must be a whole number.")
    if value < 1 or value > maximum:
        p.problem(name, f"{name!r} must be from 1 to {maximum} (the maximum).", details={"parameter": name, "maximum": maximum})  # noqa: E501
    return value


def _sort_and_page(p: _Parser) -> None:
    if p.strict:
        raw = p.raw("sort")
        if raw is not None and raw not in API_SORTS:
            p.problem("sort", f"'sort' must be one of: {', '.join(API_SORTS)}.")
        p.values["sort"] = raw or DEFAULT_SORT[API]
        p.values["page"] = _integer(p, "page", 1, MAX_PAGE)
        p.values["per_page"] = _integer(p, "per_page", API_PER_PAGE, API_PER_PAGE_MAX)
        return
    if p.mode == BOARD:
        return
    sort = p.raw("sort")
    if sort and sort not in STAFF_SORTS:
        p.problem("sort", f"Unknown sort “{sort}”: sorted by last change instead.")
    p.values["sort"] = sort if sort in STAFF_SORTS else DEFAULT_SORT[STAFF]
    page = p.raw("page")
    try:
        p.values["page"] = min(MAX_PAGE, max(1, int(page))) if page else 1
    except ValueError:
        p.problem("page", f"Page “{page}” is not a number: showing the first page.")
