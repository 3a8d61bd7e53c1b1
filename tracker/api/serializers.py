"""JSON shapes of the partner API, built field by field from an allow-list.

The keys of every shape, and their order, are those declared in
``tracker.domain.partner_fields`` (as are the OpenAPI schemas); this module only says where
each declared value comes from. Nothing here serializes a model wholesale, and the services
select only public columns. Dates are ISO 8601; timestamps are UTC with a ``Z`` suffix.
"""

from datetime import UTC, date, datetime

from flask import url_for

from .. import statuses
from ..domain import partner_fields as pf


def ts(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def bilingual(en, ja) -> dict:
    return {"en": en or None, "ja": ja or None}


def recommendation_url(reference: str) -> str:
    return url_for("api.recommendation", reference=reference, _external=True)


def _compile(shape: pf.Shape, getters: dict) -> tuple:
    """``(key, getter)`` pairs in the order ``shape`` declares its fields. Only declared
    fields are emitted (an allow-list); a declared field without a getter fails at import."""
    missing = [name for name in shape.names if name not in getters]
    if missing:
        raise RuntimeError(f"{shape.name}: no value for declared field(s) {missing}")
    return tuple((name, getters[name]) for name in shape.names)


# Value getters, keyed by declared field name. The shapes (keys and their order) are
# ``tracker.domain.partner_fields``; these only say where each value comes from.
_LINE_REF = _compile(pf.LINE_OF_EFFORT_REF, {
    "slug": lambda row: row.line_slug,
    "name": lambda row: bilingual(row.line_name_en, row.line_name_ja),
})
_TOPIC_REF = _compile(pf.TOPIC_REF, {
    "slug": lambda row: row.topic_slug,
    "name": lambda row: bilingual(row.topic_name_en, row.topic_name_ja),
    "line_of_effort": lambda row: {k: get(row) for k, get in _LINE_REF},
})
_EVENT_REF = _compile(pf.EVENT_REF, {
    "slug": lambda row: row.event_slug,
    "kind": lambda row: row.event_kind,
    "title": lambda row: bilingual(row.event_title_en, row.event_title_ja),
    "starts_on": lambda row: day(row.event_starts_on),
})
_PUBLICATION_REF = _compile(pf.PUBLICATION_REF, {
    "slug": lambda row: row.publication_slug,
    "kind": lambda row: row.publication_kind,
    "title": lambda row: bilingual(row.publication_title_en, row.publication_title_ja),
    "published_on": lambda row: day(row.publication_published_on),
    "url": lambda row: row.publication_url or None,
})
# Getters of a recommendation take (row, addressees, supersedes).
_RECOMMENDATION = _compile(pf.RECOMMENDATION, {
    "reference": lambda row, a, s: row.reference,
    "title": lambda row, a, s: bilingual(row.title_en, row.title_ja),
    "text": lambda row, a, s: bilingual(row.text_en, row.text_ja),
    "status": lambda row, a, s: row.status,
    "status_since": lambda row, a, s: day(row.status_since),
    "addressees": lambda row, a, s: list(a),
    "priority": lambda row, a, s: bool(row.priority),
    "topic": lambda row, a, s: {k: get(row) for k, get in _TOPIC_REF},
    "event": lambda row, a, s: (
        {k: get(row) for k, get in _EVENT_REF} if row.event_slug else None),
    "publication": lambda row, a, s: {k: get(row) for k, get in _PUBLICATION_REF},
    "supersedes": lambda row, a, s: s,
    "created_at": lambda row, a, s: ts(row.created_at),
    "updated_at": lambda row, a, s: ts(row.updated_at),
    "url": lambda row, a, s: recommendation_url(row.reference),
})
_HISTORY_ENTRY = _compile(pf.HISTORY_ENTRY, {
    "id": lambda row: row.id,
    "status": lambda row: row.to_status,
    "effective_on": lambda row: day(row.effective_on),
    "note": lambda row: row.public_note,
    "evidence_urls": lambda row: list(row.evidence_urls or []),
    "recorded_at": lambda row: ts(row.recorded_at),
})
_CHANGE_EVENT = _compile(pf.CHANGE_EVENT, {
    "id": lambda row: row.id,
    "kind": lambda row: row.kind,
    "recommendation": lambda row: row.reference,
    "status": lambda row: None if row.kind == "retraction" else row.to_status,
    "effective_on": lambda row: day(row.effective_on),
    "note": lambda row: row.public_note,
    "evidence_urls": lambda row: [] if row.kind == "retraction" else list(row.evidence_urls or []),
    "retracts": lambda row: row.retracts_id if row.kind == "retraction" else None,
    "recorded_at": lambda row: ts(row.recorded_at),
    "recommendation_url": lambda row: recommendation_url(row.reference),
})
# Getters of the taxonomy take (object, count[, count with sub-topics]).
_LINE_OF_EFFORT = _compile(pf.LINE_OF_EFFORT, {
    "slug": lambda line, n: line.slug,
    "name": lambda line, n: bilingual(line.name_en, line.name_ja),
    "description": lambda line, n: bilingual(line.description_en, line.description_ja),
    "recommendation_count": lambda line, n: n,
})
_TOPIC = _compile(pf.TOPIC, {
    "slug": lambda t, n, m: t.slug,
    "name": lambda t, n, m: bilingual(t.name_en, t.name_ja),
    "description": lambda t, n, m: bilingual(t.description_en, t.description_ja),
    "parent": lambda t, n, m: t.parent.slug if t.parent else None,
    "line_of_effort": lambda t, n, m: t.line_of_effort.slug,
    "recommendation_count": lambda t, n, m: n,
    "recommendation_count_with_subtopics": lambda t, n, m: m,
})
_EVENT = _compile(pf.EVENT, {
    "slug": lambda e, n: e.slug,
    "kind": lambda e, n: e.kind,
    "title": lambda e, n: bilingual(e.title_en, e.title_ja),
    "starts_on": lambda e, n: day(e.starts_on),
    "ends_on": lambda e, n: day(e.ends_on),
    "location": lambda e, n: e.location or None,
    "line_of_effort": lambda e, n: e.line_of_effort.slug if e.line_of_effort else None,
    "recommendation_count": lambda e, n: n,
})
_PUBLICATION = _compile(pf.PUBLICATION, {
    "slug": lambda p, n: p.slug,
    "kind": lambda p, n: p.kind,
    "title": lambda p, n: bilingual(p.title_en, p.title_ja),
    "published_on": lambda p, n: day(p.published_on),
    "url": lambda p, n: p.url or None,
    "authors": lambda p, n: p.authors or None,
    "event": lambda p, n: p.event.slug if p.event else None,
    "recommendation_count": lambda p, n: n,
})
_STATUS = _compile(pf.STATUS, {
    "key": lambda info: info.key,
    "order": lambda info: statuses.order(info.key),
    "state": lambda info: info.state,
    "label": lambda info: bilingual(info.label, info.label_ja),
    "definition": lambda info: bilingual(info.definition, info.definition_ja),
})


def recommendation(row, addressees: list[str], supersedes: str | None) -> dict:
    """A recommendation row from ``services.public_api`` (its labelled columns)."""
    return {k: get(row, addressees, supersedes) for k, get in _RECOMMENDATION}


def page_of_recommendations(page) -> list[dict]:
    return [
        recommendation(row, page.addressees.get(row.id, []), page.supersedes.get(row.id))
        for row in page.rows
    ]


def history_entry(row) -> dict:
    return {k: get(row) for k, get in _HISTORY_ENTRY}


def change_event(row) -> dict:
    """An event of ``/changes`` (a row of ``services.public_changes``)."""
    return {k: get(row) for k, get in _CHANGE_EVENT}


def line_of_effort(line, count: int) -> dict:
    return {k: get(line, count) for k, get in _LINE_OF_EFFORT}


def topic(topic, count: int, count_with_subtopics: int) -> dict:
    return {k: get(topic, count, count_with_subtopics) for k, get in _TOPIC}


def event(event, count: int) -> dict:
    return {k: get(event, count) for k, get in _EVENT}


def publication(pub, count: int) -> dict:
    return {k: get(pub, count) for k, get in _PUBLICATION}


def status(info: statuses.Status) -> dict:
    return {k: get(info) for k, get in _STATUS}
