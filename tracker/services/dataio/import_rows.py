"""The row-level rules of ``services.importer``: cleaning cells, finding topics, events,
publications and recommendations, working out the changes, and writing them."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ...domain import limits, statuses
from ...domain import tracks as track_rule
from ...extensions import db
from ...models import (
    ADDRESSEES,
    ADDRESSEES_JA,
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    ReferenceCounter,
    TopicArea,
)
from .. import clock
from ..errors import RuleViolation
from ..recommendations.status import clean_evidence_urls
from . import track_columns
from .tabular import unescape_formula

CONTENT_COLUMNS = (
    "external_id", "title_en", "title_ja", "text_en", "text_ja", "addressees", "priority",
    "topic", "event", "publication", "supersedes", "internal_notes",
    *track_columns.AGENCY_COLUMNS,
)
# A sheet from before per-government tracks: one status for every track (or for the tracks
# of the ``tracks`` column). Read, never written by the exports.
LEGACY_COLUMNS = ("status", "status_date", "tracks")
STATUS_COLUMNS = (*(c for c in track_columns.COLUMNS if c not in track_columns.AGENCY_COLUMNS),
                  "status_note", "status_internal_note", "evidence_urls", *LEGACY_COLUMNS)
# In the order the exports write them: each track's status, date and agency together.
COLUMNS = ("reference", *(c for c in CONTENT_COLUMNS if c not in track_columns.AGENCY_COLUMNS),
           *track_columns.COLUMNS, *(c for c in STATUS_COLUMNS if c not in track_columns.COLUMNS))
DEFAULT_NOTE = "Status imported from a spreadsheet."
TRUE, FALSE = {"yes", "y", "true", "1", "x", "はい"}, {"no", "n", "false", "0", "いいえ", ""}
_ADDRESSEE_NAMES = {
    **{k: k for k in ADDRESSEES},
    **{v.lower(): k for k, v in ADDRESSEES.items()},
    **{v: k for k, v in ADDRESSEES_JA.items()},
    # Sheets from before per-government tracks: "both governments" is the two of them.
    **{name: track_rule.BOTH_GOVERNMENTS
       for name in (track_rule.BOTH_GOVERNMENTS, "both governments", "日米両政府")},
}
_STATUS_NAMES = {
    name: s.key for s in statuses.STATUSES for name in (s.key, s.label.lower(), s.label_ja)
}


def accepted_values() -> dict:
    """The values each coded column accepts (for the import page): every status by key,
    English or Japanese label; every addressee by key, English or Japanese name; priority
    yes/no words. Matching ignores case."""
    return {
        "status": [(s.key, s.label, s.label_ja) for s in statuses.STATUSES],
        "addressees": [(k, ADDRESSEES[k], ADDRESSEES_JA.get(k, "")) for k in ADDRESSEES],
        "priority": (sorted(TRUE, key=len), sorted(FALSE - {""}, key=len)),
    }


@dataclass(frozen=True)
class Problem:
    """Why row ``row`` (1 = the header) cannot be imported, and which column."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason}"


@dataclass(frozen=True)
class New:
    """A topic, event or publication that will be created by the import."""

    kind: str
    name: str

    @property
    def slug(self) -> str:
        return (re.sub(r"[^\w]+", "-", self.name.lower()).strip("-") or "imported")[:80]


class Resolver:
    """Finds taxonomy and recommendations for the rows, loading each table once."""

    MODELS = {"topic": TopicArea, "event": Event, "publication": Publication}

    def __init__(self, create_missing: bool, topic_lines: dict[str, int] | None = None):
        self.create_missing = create_missing
        self.topic_lines = topic_lines or {}  # name of a topic to create -> line of effort id
        self._lookup = {kind: self._index(model) for kind, model in self.MODELS.items()}
        self._new: dict[tuple[str, str], New] = {}
        self._made: dict[New, object] = {}
        self.counters = dict(db.session.execute(
            select(ReferenceCounter.year, ReferenceCounter.last_number)).all())
        self.by_ref: dict[str, Recommendation] = {}
        self.by_ext: dict[str, Recommendation] = {}

    @staticmethod
    def _index(model) -> dict[str, object]:
        found = {}
        names = ("name_en", "name_ja") if model is TopicArea else ("title_en", "title_ja")
        for obj in db.session.execute(select(model)).scalars():
            for key in (*(getattr(obj, n) for n in names), str(obj.id), obj.slug):
                if key:
                    found[key.strip().lower()] = obj
        return found

    def find(self, kind: str, text: str):
        """The object named ``text`` (slug, title or id), a ``New`` to create, or None."""
        key = text.strip().lower()
        found = self._lookup[kind].get(key)
        if found is not None or not self.create_missing:
            return found
        return self._new.setdefault((kind, key), New(kind, text.strip()))

    def load_recommendations(self, references, external_ids) -> None:
        for column, keys, target in (
            (Recommendation.reference, sorted(references), self.by_ref),
            (Recommendation.external_id, sorted(external_ids), self.by_ext),
        ):
            for start in range(0, len(keys), 500):
                for rec in db.session.execute(
                    select(Recommendation).where(column.in_(keys[start:start + 500]))
                ).scalars():
                    target[rec.reference if target is self.by_ref else rec.external_id] = rec

    def to_create(self) -> dict[str, list[str]]:
        out = defaultdict(list)
        for new in self._new.values():
            out[new.kind].append(new.name)
        return dict(out)

    def created_objects(self) -> list:
        """The catalog entries ``materialise`` has created so far."""
        return list(self._made.values())

    def materialise(self, value, first_day: date | None):
        """The object for a cleaned cell value, creating a ``New`` one once."""
        if not isinstance(value, New):
            return value
        if value not in self._made:
            self._made[value] = _create(value, first_day, self.topic_lines.get(value.name))
        return self._made[value]


def lines_of_effort() -> list[LineOfEffort]:
    """The lines of effort a topic created by an import may go into, in their order."""
    return list(db.session.execute(select(LineOfEffort).order_by(LineOfEffort.position)).scalars())


def _create(new: New, first_day: date | None, line_id: int | None = None):
    slug = new.slug
    model = Resolver.MODELS[new.kind]
    if db.session.execute(select(model.id).where(model.slug == slug)).first():
        slug = f"{slug[:70]}-{abs(hash(new.name)) % 10**6}"
    ja = bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", new.name))
    if new.kind == "topic":
        line = db.session.get(LineOfEffort, line_id) if line_id else None
        line = line or db.session.execute(
            select(LineOfEffort).order_by(LineOfEffort.position)).scalars().first()
        if line is None:
            line = LineOfEffort(slug="imported", name_en="Imported", name_ja="インポート")
        obj = TopicArea(slug=slug, name_en=new.name, name_ja=new.name if ja else None,
                        line_of_effort=line)
    elif new.kind == "event":
        obj = Event(slug=slug, kind="other", title_en=None if ja else new.name,
                    title_ja=new.name if ja else None, starts_on=first_day or clock.today())
    else:
        obj = Publication(slug=slug, kind="policy_recommendations",
                          title_en=None if ja else new.name, title_ja=new.name if ja else None)
    db.session.add(obj)
    db.session.flush()
    return obj


# --- Cleaning cells --------------------------------------------------------------------


def parse_date(text: str) -> date:
    """ISO dates, also with slashes or dots (2024/03/01) and with a time after them."""
    text = text.strip().replace("/", "-").replace(".", "-")
    text = re.split(r"[ T]", text, maxsplit=1)[0]
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(text)
    return date(int(parts[0]), int(parts[1]), int(parts[2]))


def clean_row(number: int, values: dict[str, str], resolver: Resolver, problems: list) -> dict:
    """Cleaned values of one row (blank cells become None); problems are appended."""
    out: dict = {}

    def problem(column: str, reason: str) -> None:
        problems.append(Problem(number, column, reason))

    for column, raw in values.items():
        raw = (raw or "").strip()
        if raw.startswith("="):
            problem(column, _("Looks like a spreadsheet formula; formulas are not imported "
                              "(put a ' in front to import it as text)."))
            continue
        text = unescape_formula(raw)
        if limits.has_control_characters(text) or limits.has_control_characters(column):
            problem(column, _("Contains a control character (such as NUL) that cannot be stored."))
            continue
        limit = limits.too_long(column, text)
        if limit is not None:
            problem(column, _("Longer than %(num)d characters.", num=limit))
            continue
        if not text:
            out[column] = None if column not in ("addressees", "priority", "tracks") else (
                False if column == "priority" else [])
            continue
        try:
            out[column] = _clean(column, text, resolver)
        except ValueError as exc:
            problem(column, str(exc))
    failed = failed_columns(problems, number)
    pairs = [("status", "status_date"),
             *((track_columns.status_column(k), track_columns.date_column(k))
               for k in track_columns.PREFIXES)]
    for status, day in pairs:
        if out.get(status) and not out.get(day) and day not in failed:
            problem(day, _("Give the date of this status."))
        if out.get(day) and not out.get(status) and status not in failed:
            problem(status, _("Give the status this date belongs to."))
    return out


def failed_columns(problems, number) -> set[str]:
    """The columns of row ``number`` that have a problem already."""
    return {p.column for p in problems if p.row == number}


# One message per kind (a whole sentence each, so each language can order it its own way);
# "{value}" is filled in after translation.
_NOT_FOUND = {
    "topic": lambda: _("No topic “{value}” (by slug, title or id); create it first or import "
                       "with “create missing”."),
    "event": lambda: _("No event “{value}” (by slug, title or id); create it first or import "
                       "with “create missing”."),
    "publication": lambda: _("No publication “{value}” (by slug, title or id); create it first "
                             "or import with “create missing”."),
}


def _clean(column: str, text: str, resolver: Resolver):
    if column == "reference":
        return text.upper()
    if column in ("addressees", "tracks"):
        keys = []
        for part in re.split(r"[;,\n、]", text):
            part = part.strip()
            if part:
                key = _ADDRESSEE_NAMES.get(part.lower()) or _ADDRESSEE_NAMES.get(part)
                if key is None:
                    raise ValueError(_("Unknown addressee “%(name)s” (use one of: %(keys)s).",
                                       name=part, keys=", ".join(ADDRESSEES)))
                keys.append(key)
        return track_rule.expand(keys)
    if column == "priority":
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise ValueError(_("“%(value)s” is not yes or no.", value=text))
    if column in Resolver.MODELS:
        found = resolver.find(column, text)
        if found is None:
            raise ValueError(_NOT_FOUND[column]().replace("{value}", text))
        return found
    if column in track_columns.AGENCY_COLUMNS:
        if len(text) > track_rule.MAX_AGENCY:
            raise ValueError(_("Longer than %(num)d characters.", num=track_rule.MAX_AGENCY))
        return text
    if column == "status" or column in track_columns.STATUS_COLUMNS:
        key = _STATUS_NAMES.get(text.lower()) or _STATUS_NAMES.get(text)
        if key is None:
            raise ValueError(_("Unknown status “%(value)s” (use one of: %(keys)s).",
                               value=text, keys=", ".join(statuses.KEYS)))
        return key
    if column == "status_date" or column in track_columns.DATE_COLUMNS:
        try:
            day = parse_date(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a date (write it as YYYY-MM-DD).", value=text)) from None
        wrong = limits.effective_date_problem(day, clock.today())
        if wrong == "future":
            raise ValueError(_("%(date)s is in the future.", date=day.isoformat()))
        if wrong == "too_early":
            raise ValueError(_("%(date)s is before %(earliest)s.", date=day.isoformat(),
                               earliest=limits.EARLIEST_DATE.isoformat()))
        return day
    if column == "evidence_urls":
        try:
            return clean_evidence_urls(re.split(r"[\s;]+", text))
        except RuleViolation as exc:
            raise ValueError(exc.message) from None
    return text


# --- Grouping rows into recommendations ------------------------------------------------


def merge_content(rows, columns, problems) -> dict:
    """One value per content column for the rows of one recommendation. Rows after the
    first may repeat a value or leave it blank; a different value means two recommendations
    share a reference (or external id) by mistake."""
    content = {}
    for column in columns:
        seen = None
        for number, values in rows:
            value = values.get(column)
            if value in (None, [], False) and column in values:
                content.setdefault(column, value)
                continue
            if column not in values:
                continue
            if seen is not None and value != content[column]:
                problems.append(Problem(number, column, _(
                    "Differs from row %(row)s of the same recommendation: a duplicate "
                    "reference? Rows of one recommendation may differ only in status columns.",
                    row=seen)))
                continue
            if seen is None:
                content[column], seen = value, number
    return content
