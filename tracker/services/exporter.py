"""Exports in the import format (``services.importer``), so an export re-imports unchanged.

Staff exports carry every field, internal ones included; the public data set for partners
carries only ``PUBLIC_COLUMNS`` of the recommendations ``services.visibility`` calls public,
and no draft entries of their history. ``history=True`` writes one row per status change
in force (retracted entries are left out) instead of one row per recommendation.
"""

import json
from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import statuses
from ..domain import status_rule
from ..extensions import db
from ..models import (
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    RecommendationAddressee,
    TopicArea,
)
from . import clock, tabular
from .import_rows import COLUMNS
from .status import active_changes, stale_clause
from .visibility import public_clause

STAFF_COLUMNS = list(COLUMNS)
PUBLIC_COLUMNS = [
    c for c in COLUMNS if c not in ("external_id", "internal_notes", "status_internal_note")
]
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _topic_ids(slug: str) -> list[int]:
    """The topic named ``slug`` and all topics below it."""
    topics = db.session.execute(select(TopicArea.id, TopicArea.parent_id, TopicArea.slug)).all()
    wanted = {t.id for t in topics if t.slug == slug}
    grew = True
    while grew:
        more = {t.id for t in topics if t.parent_id in wanted} - wanted
        wanted |= more
        grew = bool(more)
    return list(wanted)


def staff_query(filters: Mapping | None = None):
    """Recommendations (not archived) matching the staff list's filters (``status``
    repeatable, ``topic`` with sub-topics, ``line``, ``addressee``, ``event``,
    ``publication``, ``priority``, ``stale``, ``regressed``), by reference."""
    filters = filters or {}
    get_list = getattr(filters, "getlist", lambda k: [filters[k]] if filters.get(k) else [])
    query = select(Recommendation).where(Recommendation.archived_at.is_(None))
    wanted = [s for s in get_list("status") if statuses.is_known(s)]
    if wanted:
        query = query.where(Recommendation.status.in_(wanted))
    if filters.get("topic"):
        query = query.where(Recommendation.topic_id.in_(_topic_ids(filters["topic"])))
    if filters.get("line"):
        query = query.where(Recommendation.topic_id.in_(
            select(TopicArea.id).join(LineOfEffort).where(LineOfEffort.slug == filters["line"])))
    if filters.get("addressee"):
        query = query.where(Recommendation.id.in_(
            select(RecommendationAddressee.recommendation_id)
            .where(RecommendationAddressee.addressee == filters["addressee"])))
    for key, model in (("event", Event), ("publication", Publication)):
        if filters.get(key):
            column = getattr(Recommendation, f"{key}_id")
            query = query.where(column.in_(select(model.id).where(model.slug == filters[key])))
    if filters.get("priority") == "1":
        query = query.where(Recommendation.priority.is_(True))
    if filters.get("regressed") == "1":
        query = query.where(Recommendation.regressed.is_(True))
    if filters.get("stale") == "1":
        query = query.where(stale_clause())
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
    }


def _entry(change) -> dict:
    return {
        "status": change.to_status, "status_date": change.effective_on,
        "status_note": change.public_note, "status_internal_note": change.internal_note,
        "evidence_urls": " ".join(change.evidence_urls or []),
    }


def _history(rec: Recommendation, public: bool) -> list:
    changes = active_changes(rec)
    return [c for c in changes if not (public and c.to_status == statuses.DRAFT)]


def _current_entry(rec: Recommendation, public: bool) -> dict:
    """The entry that set the current status (the first of its unbroken run,
    ``status_rule.run_start``)."""
    active = active_changes(rec)
    start = status_rule.run_start(active)
    if start is None or (public and active[start].to_status == statuses.DRAFT):
        return {"status": rec.status, "status_date": rec.status_since}
    return _entry(active[start])


def rows(recs, columns: list[str], *, history: bool, public: bool = False):
    """Rows of values in ``columns`` order, one per recommendation or per status change."""
    for rec in recs:
        content = _content(rec)
        entries = [_entry(c) for c in _history(rec, public)] if history else [
            _current_entry(rec, public)]
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
    items = []
    for rec in recs:
        content = {k: v for k, v in _content(rec).items() if k in PUBLIC_COLUMNS}
        content["addressees"] = rec.addressees
        content.update(status=rec.status, status_date=_iso(rec.status_since))
        content["history"] = [
            {"status": c.to_status, "date": c.effective_on.isoformat(), "note": c.public_note,
             "evidence_urls": list(c.evidence_urls or [])}
            for c in _history(rec, public=True)
        ]
        items.append(content)
    doc = {"generated_on": clock.today().isoformat(), "count": len(items), "recommendations": items}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def filename(kind: str, fmt: str) -> str:
    return f"next-tracker-{kind}-{clock.today().isoformat()}.{fmt}"
