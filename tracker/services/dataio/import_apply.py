"""Working out and writing the changes of an import (see ``services.importer``)."""

import re
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from ...extensions import db
from ...models import Recommendation, ReferenceCounter
from .. import clock
from ..errors import RuleViolation
from ..queries.visibility import is_public
from ..recommendations.history_order import lock_history_order
from ..recommendations.records import create_recommendation
from ..recommendations.status import (
    clean_agency,
    record_status_change,
    retract_status_change,
    set_addressees,
)
from . import import_corrections, import_tracks, track_columns
from .import_rows import DEFAULT_NOTE, Problem

STAFF_ONLY = {"internal_notes", "status_internal_note"}
_FIELDS = ("title_en", "title_ja", "text_en", "text_ja", "internal_notes", "external_id")


def _reference_parts(reference: str) -> tuple[int, int] | None:
    prefix = re.escape(current_app.config.get("REFERENCE_PREFIX", "NEXT"))
    match = re.fullmatch(prefix + r"-(\d{4})-(\d{3,})", reference)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _current(rec: Recommendation, column: str):
    if column in ("topic", "event", "publication"):
        return getattr(rec, column)
    if column == "supersedes":
        return rec.supersedes.reference if rec.supersedes else None
    if column == "addressees":
        return sorted(rec.addressees)
    if column in track_columns.AGENCY_COLUMNS:
        track = rec.track(track_columns.AGENCY_COLUMNS[column])
        return track.agency if track is not None else None
    return getattr(rec, column)


def _wanted(item, column: str):
    value = item.content[column]
    if column == "addressees":
        return sorted(value or [])
    if column == "priority":
        return bool(value)
    if column == "supersedes" and value:
        return value.upper()
    return value


def _hidden_link(item, column: str, present: set) -> bool:
    """A blank ``supersedes`` of a public file (one without staff-only columns) where the
    app links to a recommendation that is not public: the public export leaves such links
    out, so the blank means "not shown", not "remove the link"."""
    target = item.existing.supersedes
    return (column == "supersedes" and not item.content[column] and target is not None
            and not present & STAFF_ONLY and not is_public(target))


def match_and_diff(item, present: set, resolver, problems: list, *, authoritative: bool = False,
                   user=None) -> None:
    """Find the recommendation ``item`` describes and what an import would change (its
    status history: ``import_corrections.plan_history``)."""
    first = item.rows[0]
    ref = item.key if not item.key.startswith(("ext:", "row:")) else None
    ext = item.content.get("external_id")
    by_ref = resolver.by_ref.get(ref) if ref else None
    by_ext = resolver.by_ext.get(ext) if ext else None
    if by_ref and by_ext and by_ref is not by_ext:
        problems.append(Problem(first, "external_id", (
            _("External id “%(ext)s” belongs to %(owner)s, not %(ref)s.", ext=ext, owner=by_ext.reference, ref=ref))))
        return
    item.existing = by_ref or by_ext
    if item.existing is None:
        item.action = "create"
        if ref:
            parts = _reference_parts(ref)
            if parts is None or parts[1] <= resolver.counters.get(parts[0], 0):
                problems.append(Problem(first, "reference", (
                    _("No recommendation %(ref)s, and it cannot be issued as a new reference "
                      "(leave the reference blank to get a new one).", ref=ref))))
                return
            item.reference = ref
        for column, message in (("topic", _("A new recommendation needs a topic.")),
                                ("title_en", _("A new recommendation needs a title."))):
            value = item.content.get(column) or (column == "title_en" and item.content.get("title_ja"))
            if not value and not any(p.row in item.rows and p.column in (column, "title_ja")
                                     for p in problems):
                problems.append(Problem(first, column, message))
        import_tracks.resolve(item, problems)
        item.new_changes = [e for entries in import_tracks.by_track(item.history).values()
                            for e in import_corrections.new_changes([], entries)]
        return
    diff_existing(item, present, problems, authoritative=authoritative, user=user)


def diff_existing(item, present: set, problems: list, *, authoritative: bool = False,
                  user=None) -> None:
    """What updating ``item.existing`` with ``item`` would change (its action, changed
    columns and new status entries; ``present``: the file's columns). Starts afresh: an
    item planned as a create may be turned into an update (a merged duplicate)."""
    item.reference = item.existing.reference
    item.changed, item.new_changes, item.disagreements = [], [], []
    import_tracks.resolve(item, problems)
    for column in item.content:
        if column in ("external_id",) and not item.content[column]:
            continue
        if _wanted(item, column) != _current(item.existing, column) and not _hidden_link(
                item, column, present):
            item.changed.append(column)
    import_corrections.plan_history(item, authoritative=authoritative, user=user, problems=problems)
    item.action = "update" if item.changed or item.new_changes else "unchanged"


def check_references(items, resolver, problems: list) -> None:
    """Checks across rows: one recommendation per item, unique external ids, and
    ``supersedes`` naming a recommendation that exists or is in the file."""
    seen_rec, seen_ext = {}, {}
    file_refs = {i.reference for i in items if i.reference}
    for item in items:
        first = item.rows[0]
        if item.existing is not None:
            other = seen_rec.setdefault(item.existing.id, first)
            if other != first:
                problems.append(Problem(first, "reference", (
                    _("Row %(row)s already updates %(ref)s.", row=other, ref=item.existing.reference))))
        ext = item.content.get("external_id")
        if ext:
            other = seen_ext.setdefault(ext, first)
            owner = resolver.by_ext.get(ext)
            if other != first:
                problems.append(Problem(first, "external_id", _("Same external id as row %(row)s.", row=other)))
            elif owner is not None and item.existing is not None and owner is not item.existing:
                problems.append(Problem(first, "external_id", _("Already used by %(ref)s.", ref=owner.reference)))
        sup = item.content.get("supersedes")
        if sup and sup.upper() not in file_refs and sup.upper() not in resolver.by_ref:
            problems.append(Problem(first, "supersedes", _("No recommendation %(ref)s.", ref=sup)))


def _raise_counter(year: int, at_least: int) -> None:
    """Make sure the next reference of ``year`` is ``at_least + 1`` (counters only grow)."""
    if db.session.get(ReferenceCounter, year) is None:
        db.session.add(ReferenceCounter(year=year, last_number=0))
        db.session.flush()
    db.session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.year == year, ReferenceCounter.last_number < at_least)
        .values(last_number=at_least)
        .execution_options(synchronize_session=False)
    )


def apply_items(items, resolver, *, user=None, progress=None) -> dict[str, int]:
    """Write the changes of ``items`` (see ``importer.apply_plan``)."""
    lock_history_order()  # before any row this transaction updates (services.history_order)
    summary = new_summary()
    ordered = write_order(items)
    by_ref = dict(resolver.by_ref)
    total = len(ordered)
    for done, item in enumerate(ordered, start=1):
        apply_item(item, resolver, user, by_ref, summary)
        if progress:
            progress(done, total)
    link_supersedes(ordered, by_ref)
    db.session.flush()
    return summary


def new_summary() -> dict[str, int]:
    return {"created": 0, "updated": 0, "unchanged": 0, "status changes": 0}


def write_order(items) -> list:
    """Creates first (those with a reference in reference order), then the rest."""
    creates = [i for i in items if i.action == "create"]
    creates.sort(key=lambda i: (i.reference is None, _reference_parts(i.reference or "") or (0, 0)))
    return creates + [i for i in items if i.action != "create"]


def apply_item(item, resolver, user, by_ref: dict, summary: dict) -> None:
    """Write one item; ``by_ref`` learns the recommendations created."""
    if item.action == "create":
        rec = _create(item, resolver, user, by_ref)  # (not inline: ``by_ref[...] = item.existing``
        by_ref[rec.reference] = rec  # would read ``existing`` before ``_create`` sets it)
    elif item.action == "update":
        _update(item, resolver, user)
    summary[{"create": "created", "update": "updated"}.get(item.action, "unchanged")] += 1
    summary["status changes"] += sum(1 for e in item.new_changes if e.get("record", True))


def link_supersedes(ordered, by_ref: dict) -> None:
    """Set ``supersedes`` once every recommendation of the file exists."""
    for item in ordered:
        sup = item.content.get("supersedes")
        if "supersedes" in item.content and (item.action == "create" or "supersedes" in item.changed):
            target = by_ref.get(sup.upper()) if sup else None
            if item.existing.supersedes is not target:  # (an unchanged link logs no update)
                item.existing.supersedes = target


def _first_day(item) -> date | None:
    return item.history[0]["date"] if item.history else None


def _create(item, resolver, user, by_ref: dict) -> Recommendation:
    """Create ``item`` with its external id and (when its target exists already) its
    ``supersedes`` link in the one insert, so the audit log gets one entry for it."""
    content = item.content
    tracks = list(content.get("addressees") or ())
    first, together, rest = _first_entries(item.new_changes, tracks)
    year = (first["date"].year if first else clock.today().year)
    if item.reference:
        year, number = _reference_parts(item.reference)
        _raise_counter(year, number - 1)
    rec = create_recommendation(
        topic=resolver.materialise(content.get("topic"), _first_day(item)),
        title_en=content.get("title_en"), title_ja=content.get("title_ja"),
        text_en=content.get("text_en"), text_ja=content.get("text_ja"),
        addressees=together, priority=bool(content.get("priority")),
        event=resolver.materialise(content.get("event"), _first_day(item)),
        publication=resolver.materialise(content.get("publication"), _first_day(item)),
        internal_notes=content.get("internal_notes"), external_id=content.get("external_id"),
        supersedes=by_ref.get((content.get("supersedes") or "").upper()),
        user=user, year=year,
        **(_first_kwargs(first) if first else {}),
    )
    if item.reference and rec.reference != item.reference:
        raise RuleViolation(f"Reference {item.reference} could not be issued.", "reference")
    if together != tracks:  # tracks whose history starts later: added in draft
        set_addressees(rec, tracks)
    _set_agencies(rec, item, track_columns.AGENCY_COLUMNS)
    for entry in rest:
        _record(rec, entry, user)
    item.existing = rec
    return rec


def _first_entries(entries: list[dict], tracks: list[str]):
    """``(first, together, rest)``: the entry a new recommendation is created with (the
    earliest), the tracks that start with that same status on that day (created with it;
    every track when the file gives no status), and the entries left to record."""
    if not entries:
        return None, tracks, []
    ordered = sorted(entries, key=lambda e: e["date"])  # stable: a day's rows in file order
    first = ordered[0]
    starts = {}
    for entry in ordered:
        starts.setdefault(entry["track"], entry)
    together = [t for t in tracks if t in starts and (starts[t]["status"], starts[t]["date"])
                == (first["status"], first["date"])]
    rest = [e for e in ordered if not (e["track"] in together and e is starts[e["track"]])]
    return first, together, rest


def _set_agencies(rec, item, columns) -> None:
    """Narrow ``rec``'s tracks to the agencies of ``columns`` in the file."""
    for column in columns:
        if column in item.content and rec.track(track_columns.AGENCY_COLUMNS[column]) is not None:
            rec.track(track_columns.AGENCY_COLUMNS[column]).agency = clean_agency(item.content[column])


def _first_kwargs(entry) -> dict:
    return {"first_status": entry["status"], "effective_on": entry["date"],
            "public_note": entry["note"] or DEFAULT_NOTE, "internal_note": entry["internal_note"],
            "evidence_urls": entry["evidence"]}


def _record(rec, entry, user) -> None:
    record_status_change(rec, entry["status"], entry["date"], entry["note"] or DEFAULT_NOTE,
                         tracks=[entry["track"]], internal_note=entry["internal_note"],
                         evidence_urls=entry["evidence"], user=user)


def _update(item, resolver, user) -> None:
    rec = item.existing
    for column in item.changed:
        value = item.content[column]
        if column in ("topic", "event", "publication"):
            setattr(rec, column, resolver.materialise(value, _first_day(item)))
        elif column == "addressees":
            set_addressees(rec, value or [])
        elif column == "priority":
            rec.priority = bool(value)
        elif column in _FIELDS:
            setattr(rec, column, value)
    _set_agencies(rec, item, [c for c in item.changed if c in track_columns.AGENCY_COLUMNS])
    if any(c != "supersedes" for c in item.changed):
        rec.version = (rec.version or 1) + 1
    for entry in item.new_changes:
        for wrong in entry.get("retract", ()):
            retract_status_change(wrong, import_corrections.RETRACTION_REASON.format(
                status=entry["status"], date=entry["date"].isoformat()), user=user)
        if entry.get("record", True):
            _record(rec, entry, user)

