"""The partners' replication log (``/api/v1/sync``), compacted: one row per recommendation
that was ever written, at the sequence number of its latest change.

``seq`` is handed out at the end of each writing transaction, under a lock held until it
commits, so sequence order is commit order (``services.partner.sync_log`` explains why and
how). A row outlives its recommendation (no foreign key): a deleted recommendation must
still reach partners as a delete. Bookkeeping, not data: backups leave it out (a restore
logs every recommendation again, ``sync_log.catch_up``).

A public record's row also holds its finished public JSON (``services.partner.record_bodies``),
written in the same step as ``seq``: ``item`` is the ``Recommendation`` shape without its
two links and closing brace, ``history`` its public history (a JSON array). Both are NULL
while the record is not public (and on rows logged before migration 0014).
"""

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime


class SyncState(db.Model):
    __tablename__ = "sync_state"
    __table_args__ = (
        Index("ix_sync_state_seq", "seq", unique=True),
        Index("ix_sync_state_public", "public"),
    )

    recommendation_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(40))
    # Public when ``seq`` was handed out (the clock check looks for rows the date has made
    # public since); and whether it ever was (a record never public never reaches the feed,
    # not even as a delete: its reference stays internal).
    public: Mapped[bool] = mapped_column(Boolean)
    ever_public: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    item: Mapped[str | None] = mapped_column(Text, nullable=True)
    history: Mapped[str | None] = mapped_column(Text, nullable=True)
