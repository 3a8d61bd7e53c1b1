"""The status column board: one column per status with its count and the most recently
moved cards. Same contracts as ``services.boards`` (as-of day, filters, fixed query count).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, union_all

from .. import statuses
from ..extensions import db
from ..models import Recommendation, TopicArea
from .boards import BoardFilters, _base, status_source

CARDS_PER_COLUMN = 40


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
    moved first). Two queries: counts by status, and the top cards of each status (a
    UNION ALL of one limited select per status)."""
    per_column = per_column or CARDS_PER_COLUMN
    src = status_source(day, from_history)
    counts = dict(db.session.execute(
        _base(src, filters, src.status, func.count()).group_by(src.status)
    ).all())
    per_status = [
        _base(src, filters, Recommendation.reference, Recommendation.title_en,
              Recommendation.title_ja, TopicArea.name_en.label("topic"),
              src.status.label("status"), src.since.label("since"), Recommendation.priority)
        .join(TopicArea, TopicArea.id == Recommendation.topic_id)
        .where(src.status == key)
        .order_by(src.since.desc(), Recommendation.id.desc())
        .limit(per_column)
        .subquery()
        for key in statuses.KEYS
    ]
    rows = db.session.execute(union_all(*(select(sub) for sub in per_status))).all()
    cards = defaultdict(list)
    for r in rows:
        cards[r.status].append(Card(r.reference, r.title_en or r.title_ja or "", r.title_ja,
                                    r.topic, r.status, r.since, r.priority, day))
    return [
        Column(s, counts.get(s.key, 0), cards.get(s.key, []), {**filters.params(), "status": s.key})
        for s in statuses.STATUSES
    ]
