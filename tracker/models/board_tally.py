"""The board tally: today's overview counts, kept by database triggers.

Rows are deltas: database triggers (migration ``0009_board_tally``) add +1 for a
recommendation entering a group and -1 for one leaving it, whenever a recommendation is
inserted, deleted, archived, restored, or changes topic, event, publication, priority,
status or addressees — whatever writes it (the services, an import, a backup load, SQL
typed by hand). A group is (``dim``, ``ref_id``, ``topic_id``, ``priority``, ``status``)
with ``dim`` one of:

- ``event``: ``ref_id`` is the event id (None for none);
- ``publication``: ``ref_id`` is the publication id (None for none);
- ``addressees``: ``ref_id`` is the recommendation's ``addressee_bits``.

Every non-archived recommendation counts once in each dimension, so the sum of ``n`` per
group is the number of recommendations in it. ``merged`` rows are the sums written by
``services.board_tally.compact``; the others are deltas added since. Bookkeeping, not
data: backups leave it out, and it can always be rebuilt from the recommendations.
"""

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class BoardTally(db.Model):
    __tablename__ = "board_tally"
    __table_args__ = (
        # Covering: each dimension's groups are read in this order, without a sort.
        Index("ix_board_tally_groups", "dim", "ref_id", "status", "topic_id", "priority", "n"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dim: Mapped[str] = mapped_column(String(12))
    ref_id: Mapped[int | None] = mapped_column(Integer)
    topic_id: Mapped[int] = mapped_column(Integer)
    priority: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(30))
    n: Mapped[int] = mapped_column(Integer)
    merged: Mapped[bool] = mapped_column(Boolean, index=True)
