"""The status column board: one column per status with its count and the most recently
moved cards. Same contracts as ``services.boards`` (as-of day, filters, fixed query count).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, cast, func, null, select, union_all

from ...domain import statuses
from ...extensions import db
from ...models import Recommendation, TopicArea
from . import board_tally
from .boards import BoardFilters, filtered_rows

CARDS_PER_COLUMN = 40
CARDS_SHOWN = 5  # on the page: the rest through "show all" (the list); CSV has all


@dataclass
class Card:
    reference: str
    title: str
    title_ja: str | None
    topic: str
    status: str
    since: date | None
    priority: bool
    day: date

    @property
    def days_in_status(self) -> int | None:
        return None if self.since is None else (self.day - self.since).days


@dataclass
class Column:
    status: statuses.Status
    count: int
    cards: list[Card]
    list_params: dict[str, str]

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def column_board(day: date, filters: BoardFilters, per_column: int | None = None,
                 from_history: bool = False) -> list[Column]:
    """One column per status with its count and up to ``per_column`` cards (most recently
    moved first). One statement over ``board_sql.board_rows`` (so the status on ``day`` is
    worked out once): counts by status (today's from the board tally, see
    ``board_tally.answers``), UNION ALL the top cards of each status."""
    per_column = per_column or CARDS_PER_COLUMN
    rows = filtered_rows(day, filters, from_history)
    if board_tally.answers(day, filters, from_history):
        counts = board_tally.status_counts_select(filters, padding=7)
    else:
        counts = (
            select(rows.c.status, func.count().label("n"), *(null() for _ in range(7)))
            .group_by(rows.c.status)
        )

    def top(key):
        # The newest ids first (from the board rows alone), then their details.
        ids = (
            select(rows.c.id, rows.c.status, rows.c.since).where(rows.c.status == key)
            .order_by(rows.c.since.desc(), rows.c.id.desc()).limit(per_column).subquery()
        )
        return (
            select(ids.c.status, cast(null(), Integer).label("n"), ids.c.id, Recommendation.reference,
                   Recommendation.title_en, Recommendation.title_ja,
                   TopicArea.name_en.label("topic"), ids.c.since, Recommendation.priority)
            .select_from(ids)
            .join(Recommendation, Recommendation.id == ids.c.id)
            .join(TopicArea, TopicArea.id == Recommendation.topic_id)
        )

    # Cards first: the first select of a UNION gives the result columns their types.
    result = db.session.execute(union_all(*(top(key) for key in statuses.KEYS), counts)).all()
    counted, cards = {}, defaultdict(list)
    for status, n, _rec_id, reference, title_en, title_ja, topic, since, priority in sorted(
        result, key=lambda r: (r.since or date.min, r.id or 0), reverse=True
    ):
        if n is not None:
            counted[status] = int(n)
            continue
        cards[status].append(Card(reference, title_en or title_ja or "", title_ja, topic,
                                  status, since, priority, day))
    return [
        Column(s, counted.get(s.key, 0), cards.get(s.key, []),
               {**filters.params(), "status": s.key})
        for s in statuses.STATUSES
    ]
