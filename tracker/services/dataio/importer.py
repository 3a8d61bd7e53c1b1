"""Import recommendations from a spreadsheet, all or nothing.

``plan_import`` reads a ``tabular.Table``, checks EVERY row and returns a ``Plan``: what each
recommendation will become (create, update or unchanged) and every problem found, each with
its row number, column and reason. ``apply_plan`` writes a plan without problems in the
caller's transaction, only through ``services.recommendations.create_recommendation`` and
``services.status.record_status_change``; the caller commits, or rolls back on any error.

File format (the one ``services.exporter`` writes): one row per recommendation, or one row
per status change with the recommendation's columns repeated or left blank on the extra rows.
Rows belong to the same recommendation when they share a ``reference`` or ``external_id``.
Columns: see ``COLUMNS``; headers are matched case-insensitively, spaces taken as ``_``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ...models import Recommendation
from . import import_apply, import_duplicates, import_rows, import_tracks
from .import_rows import COLUMNS, CONTENT_COLUMNS, Problem, Resolver
from .tabular import Table

__all__ = ["COLUMNS", "Plan", "Problem", "apply_plan", "plan_import", "normalise_header"]


def normalise_header(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


@dataclass
class Item:
    """One recommendation in the file: the rows that describe it, what will happen."""

    key: str
    rows: list[int]
    content: dict  # column -> cleaned value, only columns present in the file
    entries: list[dict]  # cleaned status entries, oldest first, as the file gives them
    # ``entries`` on the recommendation's tracks (``import_tracks.resolve``): one per track
    history: list[dict] = field(default_factory=list)
    tracks: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)  # {"row", "message"}
    existing: Recommendation | None = None
    action: str = "create"  # create, update, unchanged
    changed: list[str] = field(default_factory=list)
    new_changes: list[dict] = field(default_factory=list)
    reference: str | None = None
    # Days the file and the app disagree on: {"row", "date", "file", "app"} (statuses).
    disagreements: list[dict] = field(default_factory=list)
    duplicate_of: tuple[int, str] | None = None  # (id, reference): see import_duplicates

    @property
    def label(self) -> str:
        return self.content.get("title_en") or self.content.get("title_ja") or self.key


@dataclass
class Plan:
    items: list[Item]
    problems: list[Problem]
    columns: list[str]
    ignored_columns: list[str]
    to_create: dict[str, list[str]]  # kind -> names of topics/events/publications to create
    row_count: int
    resolver: Resolver | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    @property
    def duplicates(self) -> list[Item]:
        return [item for item in self.items if item.duplicate_of is not None]

    @property
    def status_changes(self) -> int:
        return sum(1 for item in self.items for e in item.new_changes if e.get("record", True))

    @property
    def retractions(self) -> int:
        return sum(len(e.get("retract", ())) for item in self.items for e in item.new_changes)

    @property
    def warnings(self) -> list[tuple["Item", dict]]:
        """Rows imported with a warning (a single status applied to every track)."""
        return [(item, w) for item in self.items for w in item.warnings]

    @property
    def disagreements(self) -> list[tuple["Item", dict]]:
        return [(item, d) for item in self.items for d in item.disagreements]


def plan_import(
    table: Table, *, create_missing: bool = False, column_map: dict[str, str] | None = None,
    authoritative: bool = False, user=None, topic_lines: dict[str, int] | None = None,
    duplicates: dict[str, str] | None = None,
) -> Plan:
    """Check every row of ``table`` and work out what an import would do. Reads only.

    :param create_missing: topics, events and publications not found are to be created
        (otherwise each is a problem on its row).
    :param column_map: file header -> column name, for files with their own headers.
    :param authoritative: the sheet wins where it and the app disagree on a day's status:
        the app's entries are retracted and the sheet's recorded (``import_corrections``);
        otherwise disagreements are only reported. ``user`` is who will import (retracting
        is allowed to an entry's author or an admin).
    :param topic_lines: name of a topic to create -> id of the line of effort to put it in
        (default: the first line of effort).
    :param duplicates: item key -> skip, merge or create, for rows duplicating a title
        already in their publication (default skip; see ``import_duplicates``).
    """
    mapping = {normalise_header(k): v for k, v in (column_map or {}).items()}
    columns, ignored = {}, []
    for header in table.headers:
        if not header:
            continue
        name = mapping.get(normalise_header(header), normalise_header(header))
        if name in COLUMNS and name not in columns.values():
            columns[header] = name
        else:
            ignored.append(header)
    present = set(columns.values())
    problems: list[Problem] = []
    keyed = present & {"reference", "external_id"}
    if not keyed:
        missing = [c for c in ("topic",) if c not in present]
        if not present & {"title_en", "title_ja"}:
            missing.insert(0, "title_en or title_ja")
        if missing:
            problems.append(Problem(1, ", ".join(missing),
                                    _("Missing required column(s): %(columns)s.", columns=", ".join(missing))))
            return Plan([], problems, sorted(present), ignored, {}, len(table.rows))

    resolver = Resolver(create_missing, topic_lines)
    groups: dict[str, list[tuple[int, dict]]] = {}
    for number, raw in table.rows:
        values = {columns[h]: v for h, v in raw.items() if h in columns}
        cleaned = import_rows.clean_row(number, values, resolver, problems)
        key = cleaned.get("reference") or (
            "ext:" + cleaned["external_id"] if cleaned.get("external_id") else f"row:{number}"
        )
        groups.setdefault(key, []).append((number, cleaned))

    # The file's own references, and those its ``supersedes`` cells name: a reference may
    # point at a recommendation that is only in the database (issue 20).
    targets = {r["supersedes"].upper() for rows in groups.values() for _, r in rows
               if r.get("supersedes")}
    resolver.load_recommendations(
        {k for k in groups if not k.startswith(("ext:", "row:"))} | targets,
        {r.get("external_id") for rows in groups.values() for _, r in rows} - {None},
    )
    items = []
    for key, rows in groups.items():
        content = import_rows.merge_content(rows, present & set(CONTENT_COLUMNS), problems)
        entries = import_tracks.merge_history(rows, problems)
        item = Item(key=key, rows=[n for n, _ in rows], content=content, entries=entries)
        import_apply.match_and_diff(item, present, resolver, problems,
                                    authoritative=authoritative, user=user)
        items.append(item)
    import_apply.check_references(items, resolver, problems)
    import_duplicates.flag_and_decide(items, problems, duplicates, present=present,
                                      authoritative=authoritative, user=user)
    # (a status applied to several tracks may fail the same way on each)
    problems = sorted(dict.fromkeys(problems), key=lambda p: (p.row, p.column))
    return Plan(items, problems, sorted(present), ignored, resolver.to_create(), len(table.rows),
                resolver)


def apply_plan(
    plan: Plan, *, user=None, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Write ``plan`` (which must have no problems) in the current transaction; the caller
    commits. Calls ``progress(done, total)`` after each recommendation.

    :raise ValueError: when the plan has problems.
    :raise RuleViolation: when a service refuses a row after all (the caller rolls back).
    """
    if not plan.ok:
        raise ValueError("a plan with problems cannot be applied")
    from ...extensions import db

    # The services flush when they need to; autoflush on every query only costs time here.
    with db.session.no_autoflush:
        return import_apply.apply_items(plan.items, plan.resolver, user=user, progress=progress)

