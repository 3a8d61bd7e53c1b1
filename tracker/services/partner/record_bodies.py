"""Each public recommendation's finished JSON, kept in its ``sync_state`` row: the API's
pages, records and searches read it instead of building it on every request.

**Written** by ``sync_log.log`` in the same step that gives the record its sequence number,
so the stored JSON changes exactly when the replication log says the record changed: a
status entry, a retraction, an edit, a track, a catalog rename it shows, its visibility
(``sync_log`` lists what touches a record). A record that is not public has none.

**Shape.** ``item`` is the ``Recommendation`` shape (``domain.partner_fields``) without its
last two fields, the absolute links ``url`` and ``html_url`` (they depend on the host a
request came to), and without the closing brace; ``history`` is the record's public
history (``RecommendationDetail.history``) as a JSON array. The API appends the links
(``api.serializers.linked_item``). Both are made by the API's own serializers, registered
here with ``set_builder`` (services cannot import the API), so a stored body and a built
one are the same text.

**Read** with ``stored``: rows without a body (logged before migration 0014, or made public
by the clock since the last ``sync_log.catch_up``) and rows that supersede another (their
``supersedes`` names the other only while it is public: a clock-dependent field) are built
by the caller as before. ``?lang=`` and ``as_of`` answers are always built.
"""

from collections.abc import Callable, Iterable
from datetime import date
from functools import cache

from sqlalchemy import Date, bindparam, select

from ...models import Recommendation, SyncState
from .. import clock
from ..queries import visibility
from . import public_api, side_reads

S, R = SyncState, Recommendation
#: ``builder(page) -> [(item, history), ...]`` for the rows of a ``RecommendationPage``.
Builder = Callable[[public_api.RecommendationPage], list[tuple[str, str]]]
_builder: Builder | None = None
_STORED = (select(S.recommendation_id, S.item, S.history)
           .where(S.recommendation_id.in_(bindparam("ids", expanding=True)), S.item.is_not(None)))


def set_builder(builder: Builder) -> None:
    """Register how a page of public rows becomes stored JSON (``api.serializers``)."""
    global _builder
    _builder = builder


def build(connection, ids: Iterable[int], today: date) -> dict[int, tuple[str, str]]:
    """``{id: (item, history)}`` of the public records among ``ids`` as they are on
    ``connection`` now (flushed, uncommitted writes included); empty without a builder."""
    if _builder is None:
        return {}
    page = public_api.by_ids(list(ids), today, connection)
    return {row.id: parts for row, parts in zip(page.rows, _builder(page), strict=True)}


def stored(ids: Iterable[int], connection=None) -> dict[int, tuple[str, str]]:
    """``{id: (item, history)}`` of those ``ids`` whose row holds a body (one query)."""
    ids = list(ids)
    if not ids:
        return {}
    rows = public_api._read(_STORED, {"ids": ids}, conn=connection).all()  # one fetch
    return {rec_id: (item, history) for rec_id, item, history in rows}


@cache
def _one_statement():
    return (select(R.supersedes_id, R.reference, S.item, S.history)
            .select_from(R).outerjoin(S, S.recommendation_id == R.id)
            .where(R.reference == bindparam("reference"),
                   visibility.public_clause(bindparam("today", type_=Date))))


def one(reference: str, today: date | None = None):
    """The public recommendation ``reference`` as one row: ``supersedes_id``,
    ``reference`` and its stored ``item`` and ``history`` (None when not stored), in one
    statement; None if there is no such public record on ``today`` (default: today).
    Read beside the request's session (``side_reads``), through it when that fails."""
    values = {"reference": reference.strip().upper(), "today": today or clock.today()}
    try:
        return side_reads.first(_one_statement(), values)
    except side_reads.Unavailable:
        return public_api._read(_one_statement(), values).first()
