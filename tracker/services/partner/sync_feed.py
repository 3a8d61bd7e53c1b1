"""Reading the replication log (``/api/v1/sync``) and the snapshot (``/api/v1/snapshot``).

The log (``sync_state``, written by ``sync_log``) holds, per recommendation, the sequence
number of its latest change; a page is the rows above the cursor in ``seq`` order, each
rendered as the record is *now*: an upsert with the same JSON as
``/api/v1/recommendations/{ref}`` when it is public now, a delete otherwise. A record
that changes again while a partner reads moves to a higher number and comes again later,
so applying the pages in order always ends on what a full crawl returns.

Pages are rendered in batches (one query for the records, one for their tracks, one for
superseded references, one for every history), never one query per record.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ...models import Recommendation, SyncState
from ..queries import visibility
from . import public_api, sync_log

S, R = SyncState, Recommendation


@dataclass
class Rendered:
    """Public records among some ids: a page (rows in the order asked for) and histories."""

    page: public_api.RecommendationPage
    histories: dict[int, list]


def log_rows(after: int, limit: int) -> tuple[list, bool]:
    """Up to ``limit`` log rows with ``seq`` above ``after``, in order (records that were
    never public are left out), and whether there are more."""
    rows = public_api._read(
        select(S.seq, S.recommendation_id, S.reference, S.at)
        .where(S.seq > after, S.ever_public.is_(True)).order_by(S.seq).limit(limit + 1)
    ).all()
    return rows[:limit], len(rows) > limit


def render(ids, today: date | None = None) -> Rendered:
    """The public ones among ``ids`` (a recommendation row each, as the single-record
    endpoint reads it) and their public histories, in the order of ``ids``."""
    page = public_api.by_ids(list(ids), today)
    return Rendered(page, page.histories)


def public_ids(after_id: int, limit: int, today: date) -> list[int]:
    """Ids of public recommendations above ``after_id``, in id order (the snapshot's
    batches)."""
    return list(public_api._read(
        select(R.id).where(R.id > after_id, visibility.public_clause(today))
        .order_by(R.id).limit(limit)
    ).scalars())


def start() -> int:
    """Before a read: log what the clock changed (``sync_log.catch_up``), then the
    highest sequence number committed, from which the log continues."""
    sync_log.catch_up()
    return sync_log.latest()
