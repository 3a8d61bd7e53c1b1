"""The stream of public status changes, for ``GET /api/v1/changes`` and the Atom feeds.

A partner syncs by following an opaque cursor. Events come in the order they were
recorded (status_change id), so a change recorded today with an earlier effective date
still arrives after everything the partner has already seen. Ids are handed out in
commit order (``services.history_order``), so an entry never becomes visible below an id a
partner has already passed. Events are:

- ``change``: an entry in force (not retracted; draft entries are never public);
- ``retraction``: entry ``retracts`` was wrong; a partner drops it and recomputes the
  status from the entries it keeps. A partner that never saw the entry ignores it.

Visibility is decided at the time of each call. A recommendation becomes public when its
publication's date arrives, which may be after its entries were recorded; the cursor
therefore remembers up to which day the partner's view is complete, and the next call
first replays ("catches up") the older entries of recommendations published since then.
Cursor state: ``(a, d, c, e)`` = highest id delivered, day the view is complete through,
catch-up position (last id replayed) and catch-up window end, or ``c = e = None``.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from ...domain import partner_fields, statuses
from ...extensions import db
from ...models import Publication, Recommendation, StatusChange, TopicArea
from .. import clock
from ..errors import RuleViolation
from ..queries import visibility
from . import cursors

S, R = StatusChange, Recommendation
# Built once: an alias is costly to create, and the same alias keeps SQL caching effective.
_RETRACTION = aliased(StatusChange, name="retraction")
_ORIGINAL = aliased(StatusChange, name="original")


@dataclass(frozen=True)
class Cursor:
    a: int = 0
    d: date | None = None
    c: int | None = None
    e: date | None = None

    def encode(self) -> str:
        """The opaque, signed text of this cursor (``services.partner.cursors``)."""
        return cursors.sign("changes", [self.a, _iso(self.d), self.c, _iso(self.e)])

    @classmethod
    def decode(cls, text: str | None) -> "Cursor":
        """:raise RuleViolation: for anything that is not a cursor this API handed out
        (the signature fails), or a signed value out of range."""
        if not text:
            return cls()
        value = cursors.unsign("changes", text, "since", _HINT)
        try:
            a, d, c, e = value
            cursor = cls(int(a), _day(d), None if c is None else int(c), _day(e))
            if (not 0 <= cursor.a < 2**63 or (cursor.c is None) != (cursor.e is None)
                    or (cursor.c is not None and not 0 <= cursor.c < 2**63)):
                raise ValueError(value)
            return cursor
        except (ValueError, TypeError):
            raise RuleViolation(f"Not a cursor from this API; {_HINT}", "since") from None


_HINT = "start again without `since`."


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


# For each field ``partner_fields.CHANGE_EVENT`` declares, the columns it is built from: an
# event row carries nothing else (besides the topic slug the Atom feeds file it under).
_FIELD_COLUMNS = {
    "id": (S.id,), "kind": (S.kind,), "recommendation": (R.reference,),
    "addressee": (S.addressee,), "status": (S.to_status,),
    "effective_on": (S.effective_on,), "note": (S.public_note,),
    "evidence_urls": (S.evidence_urls,), "retracts": (S.retracts_id,),
    "recorded_at": (S.recorded_at,), "recommendation_url": (),  # from the reference
}
_EVENT_COLUMNS = tuple(
    column for name in partner_fields.CHANGE_EVENT.names for column in _FIELD_COLUMNS[name]
)


def _event_query(today: date, topic_ids: list[int] | None = None):
    retraction, original = _RETRACTION, _ORIGINAL
    query = (
        select(*_EVENT_COLUMNS, TopicArea.slug.label("topic_slug"))  # the slug: feeds' category
        .join(R, R.id == S.recommendation_id)
        .join(TopicArea, TopicArea.id == R.topic_id)
        .outerjoin(retraction, retraction.retracts_id == S.id)
        .outerjoin(original, original.id == S.retracts_id)
        .where(
            visibility.public_clause(today),
            or_(
                and_(S.kind == "change", S.to_status != statuses.DRAFT, retraction.id.is_(None)),
                and_(S.kind == "retraction", original.to_status != statuses.DRAFT),
            ),
        )
    )
    if topic_ids is not None:
        query = query.where(R.topic_id.in_(topic_ids))
    return query


def _published_between(after: date, through: date):
    """Recommendations whose publication date is in ``(after, through]``."""
    return R.publication_id.in_(
        select(Publication.id).where(
            Publication.published_on > after, Publication.published_on <= through
        )
    )


@dataclass
class ChangesPage:
    events: list
    cursor: Cursor
    has_more: bool


def changes_since(cursor: Cursor, limit: int) -> ChangesPage:
    """Up to ``limit`` public events after ``cursor`` and the cursor for the next call.

    Following cursors from an empty one until no event comes back yields every public
    entry in force and every retraction exactly once (see the module docstring).
    ``has_more`` is true when the page is full (the next page may still be empty).
    """
    today = clock.today()
    a, d, c, e = cursor.a, cursor.d or today, cursor.c, cursor.e
    events: list = []
    if c is None and d < today and a > 0:
        c, e = 0, today
    if c is not None:
        rows = db.session.execute(
            _event_query(today).where(S.id <= a, S.id > c, _published_between(d, e))
            .order_by(S.id).limit(limit)
        ).all()
        events.extend(rows)
        if len(rows) == limit:
            return ChangesPage(events, Cursor(a, d, rows[-1].id, e), True)
        d, c, e = e, None, None
    if d < today:  # the catch-up window ended before today: take another one next call
        return ChangesPage(events, Cursor(a, d), True)
    rows = db.session.execute(
        _event_query(today).where(S.id > a).order_by(S.id).limit(limit - len(events))
    ).all()
    events.extend(rows)
    if rows:
        a = rows[-1].id
    return ChangesPage(events, Cursor(a, d), len(events) == limit)


def latest_events(limit: int, topic_ids: list[int] | None = None) -> list:
    """The newest public events (newest first), for the Atom feeds."""
    return db.session.execute(
        _event_query(clock.today(), topic_ids).order_by(S.id.desc()).limit(limit)
    ).all()
