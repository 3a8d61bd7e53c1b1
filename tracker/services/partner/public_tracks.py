"""The tracks of public recommendations and their public histories, for partners (the
JSON API, the sync feed and the public pages): public data only.

A track is an addressee of a recommendation with its own status (``domain.tracks``); its
public history is its entries in force that are not drafts. Both are read in batches: one
query for the tracks of any number of recommendations, one for their histories.
"""

import json
from datetime import date
from typing import NamedTuple

from sqlalchemy import JSON, TypeDecorator, bindparam, select, type_coerce

from ...domain import partner_fields, status_rule, statuses
from ...extensions import db
from ...models import RecommendationAddressee, StatusChange
from ...models.recommendation import ADDRESSEE_ORDER
from ..queries.status_sql import history_order, is_active


def _read(statement, params: dict | None = None, conn=None):
    """A column statement on the session's connection (see ``public_api._read``), all its
    rows (fetched at once: cheaper than row by row)."""
    return (conn or db.session.connection()).execute(statement, params).all()


class TrackView(NamedTuple):
    """One track of a public recommendation as partners see it (``partner_fields.TRACK``):
    its status and since (on ``as_of`` when the page has one; None while it has no public
    entry), and its public entries in force, oldest first."""

    addressee: str
    agency: str | None
    status: str | None
    status_since: date | None
    history: list


A = RecommendationAddressee
_TRACKS = (
    select(A.recommendation_id, A.addressee, A.agency, A.status, A.status_since)
    .where(A.recommendation_id.in_(bindparam("ids", expanding=True)))
    .order_by(A.recommendation_id, A.addressee)
)  # built once (bound ``ids``): building an IN clause per call cost more than running it


def _track_view(track, history: list, as_of: date | None) -> TrackView:
    """A track row with its public history: the stored (derived) status and since, or with
    ``as_of`` the status rule over the entries effective by then."""
    if as_of is None:
        status, since = track.status, track.status_since
    else:
        history = [h for h in history if h.effective_on <= as_of]
        derived = status_rule.derive_sorted(history)
        status, since = derived.status, derived.since
    if status == statuses.DRAFT:
        status, since = None, None
    return TrackView(track.addressee, track.agency or None, status, since, history)


def tracks_of(ids, histories: dict[int, list], as_of: date | None = None, conn=None
              ) -> tuple[dict[int, list[str]], dict[int, list[TrackView]]]:
    """For the recommendations ``ids`` (one query): ``(addressees, tracks)``, the addressee
    keys of each (alphabetical) and its tracks (governments first, then the others), each
    track with its part of ``histories`` (``public_histories(ids)``). ``conn``: the
    connection to read on (default: the session's)."""
    addressees: dict[int, list[str]] = {}
    by_rec: dict[int, list] = {}
    for track in _read(_TRACKS, {"ids": list(ids)}, conn):
        addressees.setdefault(track.recommendation_id, []).append(track.addressee)
        by_rec.setdefault(track.recommendation_id, []).append(track)
    views: dict[int, list[TrackView]] = {}
    for rec_id, rows in by_rec.items():
        per_track: dict[str, list] = {}
        for entry in histories.get(rec_id, ()):
            per_track.setdefault(entry.addressee, []).append(entry)
        rows.sort(key=lambda t: (ADDRESSEE_ORDER.get(t.addressee, len(ADDRESSEE_ORDER)), t.addressee))
        views[rec_id] = [_track_view(t, per_track.get(t.addressee, []), as_of) for t in rows]
    return addressees, views


class _UrlList(TypeDecorator):
    """``StatusChange.evidence_urls`` as read for partners: the same values as ``JSON``
    gives, with SQLite's usual ``"[]"`` read without the JSON parser (a page reads
    hundreds of entries)."""

    impl = JSON
    cache_ok = True

    def result_processor(self, dialect, coltype):
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        loads = getattr(dialect, "_json_deserializer", None) or json.loads
        return lambda value: None if value is None else [] if value == "[]" else loads(value)


def _history_statement(many: bool = False):
    """The public history of one recommendation (bound ``recommendation_id``), or with
    ``many`` of several (bound ``ids``; the recommendation id first in each row)."""
    S = StatusChange
    by_field = {"id": S.id, "addressee": S.addressee, "status": S.to_status,
                "effective_on": S.effective_on,
                "note": S.public_note,
               "evidence_urls": type_coerce(S.evidence_urls, _UrlList).label("evidence_urls"),
                "recorded_at": S.recorded_at}  # per field of partner_fields.HISTORY_ENTRY
    which = (S.recommendation_id.in_(bindparam("ids", expanding=True)) if many
             else S.recommendation_id == bindparam("recommendation_id"))
    return (
        select(*([S.recommendation_id] if many else []),
               *(by_field[name] for name in partner_fields.HISTORY_ENTRY.names))
        .where(which, is_active(S, per_row=True), S.to_status != statuses.DRAFT)
        .order_by(*([S.recommendation_id] if many else []), *history_order(S))
    )


_HISTORY, _HISTORIES = _history_statement(), _history_statement(many=True)


def public_history(recommendation_id: int) -> list:
    """The public status history of one recommendation: entries in force (not retracted,
    not retractions, not draft), oldest effective first (ties by recording order)."""
    return _read(_HISTORY, {"recommendation_id": recommendation_id})


def public_histories(ids, conn=None) -> dict[int, list]:
    """``public_history`` of several recommendations in one query: id -> entries (rows
    with the recommendation id first). ``conn``: as for ``tracks_of``."""
    histories: dict[int, list] = {}
    for row in _read(_HISTORIES, {"ids": list(ids)}, conn) if ids else ():
        histories.setdefault(row[0], []).append(row)
    return histories
