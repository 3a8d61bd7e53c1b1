"""Exports in the import format (``services.importer``), so an export re-imports unchanged.

Staff exports carry every field, internal ones included; the public data set for partners
carries only ``PUBLIC_COLUMNS`` (declared in ``tracker.domain.partner_fields``) of the
recommendations ``services.visibility`` calls public, and no draft entries of their history.

Each track has its own columns (``track_columns``: ``us_status``, ``us_status_date``,
``us_agency``, ``japan_status``, ...). One row per recommendation gives each track's current
status (the day its run started); ``history=True`` writes the entries in force instead
(retracted entries are left out): one row per entry, the entries of several tracks with the
same status, day, notes and evidence sharing a row (``_rows_of``).
"""

import json
from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...domain import partner_fields, status_rule, statuses
from ...domain.filters import RecommendationFilter
from ...extensions import db
from ...models import (
    Recommendation,
)
from .. import clock
from ..queries import filters as filters_service
from ..queries.visibility import public_clause
from ..recommendations.status import active_changes
from . import tabular, track_columns
from .import_rows import COLUMNS, LEGACY_COLUMNS

STAFF_COLUMNS = [c for c in COLUMNS if c not in LEGACY_COLUMNS]
# An allow-list from the partner-field declaration: a column added to the import format
# is never public unless it is declared there.
PUBLIC_COLUMNS = list(partner_fields.PUBLIC_EXPORT.names)
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def staff_query(filters: Mapping | None = None, text: "filters_service.text_search.TextMatch | None" = None):
    """Recommendations (not archived) matching the staff list's filters, parsed and applied
    exactly as the list does (``services.filters``: ``status`` repeatable, ``topic`` with
    sub-topics, ``line``, ``addressee``, ``event``, ``publication``, ``priority``,
    ``stale``, ``regressed``, ``q``, ``as_of``...), by reference. ``filters`` is a query
    string mapping or an already parsed ``RecommendationFilter``.

    :raise text_search.SearchQueryError: the ``q`` words cannot be parsed.
    """
    parsed = filters if isinstance(filters, RecommendationFilter) else filters_service.parse(filters or {})
    query = filters_service.apply(parsed, select(Recommendation), text)
    return query.order_by(Recommendation.reference)


def _load(query) -> list[Recommendation]:
    return list(db.session.execute(query.options(
        selectinload(Recommendation.topic), selectinload(Recommendation.event),
        selectinload(Recommendation.publication), selectinload(Recommendation.supersedes),
        selectinload(Recommendation.status_changes),
    )).scalars())


def _content(rec: Recommendation) -> dict:
    return {
        "reference": rec.reference, "external_id": rec.external_id,
        "title_en": rec.title_en, "title_ja": rec.title_ja,
        "text_en": rec.text_en, "text_ja": rec.text_ja,
        "addressees": "; ".join(rec.addressees), "priority": rec.priority,
        "topic": rec.topic.slug, "event": rec.event.slug if rec.event else None,
        "publication": rec.publication.slug if rec.publication else None,
        "supersedes": rec.supersedes.reference if rec.supersedes else None,
        "internal_notes": rec.internal_notes,
        **{track_columns.agency_column(t.addressee): t.agency for t in rec.tracks},
    }


def _shared(change) -> tuple:
    """What the entries sharing a row have in common besides their status and day."""
    return (change.public_note, change.internal_note, tuple(change.evidence_urls or ()))


def _rows_of(changes_by_track: dict[str, list]) -> list[dict]:
    """Rows for the entries ``{addressee: entries in history order}``, oldest day first.
    An entry shares a row with those of other tracks of the same status, day, notes and
    evidence, but only a row after the last one its own track used, so each track's
    entries keep their order when the file is read back."""
    pending = sorted(((c.effective_on, pos, key, c) for key, changes in changes_by_track.items()
                      for pos, c in enumerate(changes)), key=lambda x: (x[0], x[1]))
    rows: list[dict] = []  # {"key": (day, status, shared), "tracks": {addressee: change}}
    last_row = {}
    for day, _pos, key, change in pending:
        wanted = (day, change.to_status, _shared(change))
        start = last_row.get(key, -1) + 1
        at = next((i for i in range(start, len(rows))
                   if rows[i]["key"] == wanted and key not in rows[i]["tracks"]), None)
        if at is None:
            rows.append({"key": wanted, "tracks": {}})
            at = len(rows) - 1
        rows[at]["tracks"][key] = change
        last_row[key] = at
    rows.sort(key=lambda r: r["key"][0])  # stable: a day's rows keep their order
    return [_entry(row["tracks"]) for row in rows]


def _entry(changes: dict) -> dict:
    """The status columns of one row: each track's status and day, the shared notes."""
    out = {}
    for key, change in changes.items():
        out[track_columns.status_column(key)] = change.to_status
        out[track_columns.date_column(key)] = change.effective_on
    first = next(iter(changes.values()))
    out.update(status_note=first.public_note, status_internal_note=first.internal_note,
               evidence_urls=" ".join(first.evidence_urls or []))
    return out


def _history(rec: Recommendation, public: bool, addressee: str) -> list:
    changes = active_changes(rec, addressee)
    return [c for c in changes if not (public and c.to_status == statuses.DRAFT)]


def _current_entries(rec: Recommendation, public: bool) -> dict:
    """Each track's entry that set its current status (the first of its unbroken run,
    ``status_rule.run_start``); the notes are those of the first track's."""
    found = {}
    for track in rec.tracks:
        active = active_changes(rec, track.addressee)
        start = status_rule.run_start(active)
        if start is not None and not (public and active[start].to_status == statuses.DRAFT):
            found[track.addressee] = active[start]
    return _entry(found) if found else {}


def _public_content(rec: Recommendation, public_ids: set[int]) -> dict:
    """``_content`` for partners: ``supersedes`` only when the recommendation it names is
    public too (as the API shows it; otherwise empty, never a non-public reference)."""
    content = _content(rec)
    if rec.supersedes_id not in public_ids:
        content["supersedes"] = None
    return content


def rows(recs, columns: list[str], *, history: bool, public: bool = False):
    """Rows of values in ``columns`` order, one per recommendation or per status change.
    With ``public``, ``recs`` must be every public recommendation (``supersedes`` names
    only those)."""
    recs = list(recs)
    public_ids = {rec.id for rec in recs}
    for rec in recs:
        content = _public_content(rec, public_ids) if public else _content(rec)
        entries = _rows_of({t.addressee: _history(rec, public, t.addressee) for t in rec.tracks}
                           ) if history else [_current_entries(rec, public)]
        for entry in entries or [{}]:
            merged = {**content, **entry}
            yield [merged.get(c) for c in columns]


def export_staff(fmt: str, filters: Mapping | None = None, *, history: bool = False) -> bytes:
    """A staff export (``csv`` or ``xlsx``) of the filtered list."""
    recs = _load(staff_query(filters))
    body = rows(recs, STAFF_COLUMNS, history=history)
    if fmt == "xlsx":
        return tabular.write_xlsx(STAFF_COLUMNS, body)
    return tabular.write_csv(STAFF_COLUMNS, body)


def public_recommendations(today: date | None = None) -> list[Recommendation]:
    return _load(select(Recommendation).where(public_clause(today)).order_by(Recommendation.reference))


def export_public(fmt: str, *, history: bool = True) -> bytes:
    """The public data set for partners as ``csv`` or ``json`` (with full public history)."""
    recs = public_recommendations()
    if fmt == "csv":
        return tabular.write_csv(PUBLIC_COLUMNS, rows(recs, PUBLIC_COLUMNS, history=history, public=True))
    items, public_ids = [], {rec.id for rec in recs}
    for rec in recs:
        content = {k: v for k, v in _public_content(rec, public_ids).items() if k in PUBLIC_COLUMNS}
        content["addressees"] = rec.addressees
        current = _current_entries(rec, public=True)
        for track in rec.tracks:
            status, day, _agency = track_columns.columns_of(track.addressee)
            content[status], content[day] = current.get(status), _iso(current.get(day))
        content["history"] = [
            {"addressee": c.addressee, "status": c.to_status, "date": c.effective_on.isoformat(),
             "note": c.public_note, "evidence_urls": list(c.evidence_urls or [])}
            for c in sorted((c for t in rec.tracks for c in _history(rec, True, t.addressee)),
                            key=lambda c: c.effective_on)
        ]
        items.append(content)
    doc = {"generated_on": clock.today().isoformat(), "count": len(items), "recommendations": items}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def filename(kind: str, fmt: str) -> str:
    return f"next-tracker-{kind}-{clock.today().isoformat()}.{fmt}"
