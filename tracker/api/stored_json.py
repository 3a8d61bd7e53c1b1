"""Answers made of stored JSON (``services.partner.record_bodies``): each public record's
text is read, not built, and only its two links are added for the host asked. A row
without a stored body, or one that supersedes another, is built by the serializers as
before, so every answer is the same text either way (``tests/test_record_bodies.py``).
Only for the default language and today's status: ``?lang=`` and ``as_of`` are built.
"""

from ..services.partner import public_api, record_bodies
from . import serializers


def _stored(page, rows) -> dict[int, tuple[str, str]]:
    return record_bodies.stored([r.id for r in rows if not r.supersedes_id], page.connection)


def _built(page, ids: list[int]) -> public_api.RecommendationPage:
    return public_api.by_ids(ids, conn=page.connection)


def items(page, count: int) -> str:
    """The JSON array of the ``Recommendation`` shape of each of the first ``count`` rows
    of ``page`` (a ``keys_only`` page of ``public_api.list_recommendations``), in order."""
    rows = page.rows[:count]
    bodies = _stored(page, rows)
    missing = [r.id for r in rows if r.id not in bodies]
    built = {}
    if missing:
        full = _built(page, missing)
        built = {row.id: serializers.dumps(body)
                 for row, body in zip(full.rows, serializers.page_of_recommendations(full), strict=True)}
    texts = [built[r.id] if r.id in built else serializers.linked_item(bodies[r.id][0], r.reference)
             for r in rows if r.id in built or r.id in bodies]
    return f"[{','.join(texts)}]"


def detail(row) -> str | None:
    """The ``RecommendationDetail`` text of ``row`` (``record_bodies.one``) from its stored
    JSON; None when it has none or supersedes another (the caller builds it)."""
    if row.item is None or row.supersedes_id:
        return None
    return serializers.linked_detail(row.item, row.history, row.reference)


def envelope(data: str, **rest) -> str:
    """``{"data": <data>, ...rest}`` as JSON text, ``data`` being JSON text already."""
    tail = serializers.dumps(rest)[1:] if rest else "}"
    return f'{{"data":{data},{tail}' if rest else f'{{"data":{data}{tail}'
