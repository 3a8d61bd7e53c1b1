"""JSON shapes of the partner API, built field by field from an explicit allow-list.

Nothing here serializes a model wholesale: each function names every key it emits, and
the services select only public columns. Dates are ISO 8601; timestamps are UTC with a
``Z`` suffix. The shapes are described in ``openapi.py`` (a test keeps both in step).
"""

from datetime import UTC, date, datetime

from flask import url_for

from ..domain import statuses


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


def recommendation(row, addressees: list[str], supersedes: str | None) -> dict:
    """A recommendation row from ``services.public_api`` (its labelled columns)."""
    event = None
    if row.event_slug:
        event = {
            "slug": row.event_slug,
            "kind": row.event_kind,
            "title": bilingual(row.event_title_en, row.event_title_ja),
            "starts_on": day(row.event_starts_on),
        }
    return {
        "reference": row.reference,
        "title": bilingual(row.title_en, row.title_ja),
        "text": bilingual(row.text_en, row.text_ja),
        "status": row.status,
        "status_since": day(row.status_since),
        "addressees": list(addressees),
        "priority": bool(row.priority),
        "topic": {
            "slug": row.topic_slug,
            "name": bilingual(row.topic_name_en, row.topic_name_ja),
            "line_of_effort": {
                "slug": row.line_slug,
                "name": bilingual(row.line_name_en, row.line_name_ja),
            },
        },
        "event": event,
        "publication": {
            "slug": row.publication_slug,
            "kind": row.publication_kind,
            "title": bilingual(row.publication_title_en, row.publication_title_ja),
            "published_on": day(row.publication_published_on),
            "url": row.publication_url or None,
        },
        "supersedes": supersedes,
        "created_at": ts(row.created_at),
        "updated_at": ts(row.updated_at),
        "url": recommendation_url(row.reference),
    }


def page_of_recommendations(page) -> list[dict]:
    return [
        recommendation(row, page.addressees.get(row.id, []), page.supersedes.get(row.id))
        for row in page.rows
    ]


def history_entry(row) -> dict:
    return {
        "id": row.id,
        "status": row.to_status,
        "effective_on": day(row.effective_on),
        "note": row.public_note,
        "evidence_urls": list(row.evidence_urls or []),
        "recorded_at": ts(row.recorded_at),
    }


def change_event(row) -> dict:
    """An event of ``/changes`` (a row of ``services.public_changes``)."""
    retraction = row.kind == "retraction"
    return {
        "id": row.id,
        "kind": row.kind,
        "recommendation": row.reference,
        "status": None if retraction else row.to_status,
        "effective_on": day(row.effective_on),
        "note": row.public_note,
        "evidence_urls": [] if retraction else list(row.evidence_urls or []),
        "retracts": row.retracts_id if retraction else None,
        "recorded_at": ts(row.recorded_at),
        "recommendation_url": recommendation_url(row.reference),
    }


def line_of_effort(line, count: int) -> dict:
    return {
        "slug": line.slug,
        "name": bilingual(line.name_en, line.name_ja),
        "description": bilingual(line.description_en, line.description_ja),
        "recommendation_count": count,
    }


def topic(topic, count: int, count_with_subtopics: int) -> dict:
    return {
        "slug": topic.slug,
        "name": bilingual(topic.name_en, topic.name_ja),
        "description": bilingual(topic.description_en, topic.description_ja),
        "parent": topic.parent.slug if topic.parent else None,
        "line_of_effort": topic.line_of_effort.slug,
        "recommendation_count": count,
        "recommendation_count_with_subtopics": count_with_subtopics,
    }


def event(event, count: int) -> dict:
    return {
        "slug": event.slug,
        "kind": event.kind,
        "title": bilingual(event.title_en, event.title_ja),
        "starts_on": day(event.starts_on),
        "ends_on": day(event.ends_on),
        "location": event.location or None,
        "line_of_effort": event.line_of_effort.slug if event.line_of_effort else None,
        "recommendation_count": count,
    }


def publication(pub, count: int) -> dict:
    return {
        "slug": pub.slug,
        "kind": pub.kind,
        "title": bilingual(pub.title_en, pub.title_ja),
        "published_on": day(pub.published_on),
        "url": pub.url or None,
        "authors": pub.authors or None,
        "event": pub.event.slug if pub.event else None,
        "recommendation_count": count,
    }


def status(info: statuses.Status) -> dict:
    return {
        "key": info.key,
        "order": statuses.order(info.key),
        "state": info.state,
        "label": bilingual(info.label, info.label_ja),
        "definition": bilingual(info.definition, info.definition_ja),
    }
