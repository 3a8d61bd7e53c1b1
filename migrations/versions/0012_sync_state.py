"""The partners' replication log, compacted (``/api/v1/sync``): ``sync_state``, one row
per recommendation at the sequence number of its latest change (issue 17).

Backfilled here: every existing recommendation gets a row, in id order (seq 1, 2, ...),
public as of today (``APP_TIMEZONE``'s today is not known to a migration; the UTC date is
used, and the first ``/sync`` or ``flask sync catch-up`` corrects a record that day
boundary put on the wrong side).

Revision ID: 0012_sync_state
Revises: 0011_saved_views
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import tracker.models.types
from tracker.domain import visibility

revision = "0012_sync_state"
down_revision = "0011_saved_views"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sync_state",
        sa.Column("recommendation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("ever_public", sa.Boolean(), nullable=False),
        sa.Column("at", tracker.models.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("recommendation_id", name=op.f("pk_sync_state")),
    )
    op.create_index("ix_sync_state_seq", "sync_state", ["seq"], unique=True)
    op.create_index("ix_sync_state_public", "sync_state", ["public"], unique=False)
    _backfill()


def _backfill():
    now = datetime.now(UTC)
    today = now.date()
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT r.id, r.reference, r.status, r.archived_at, p.published_on "
        "FROM recommendation r LEFT JOIN publication p ON p.id = r.publication_id ORDER BY r.id"
    )).all()
    if not rows:
        return
    state = sa.table(
        "sync_state", sa.column("recommendation_id", sa.Integer), sa.column("seq", sa.BigInteger),
        sa.column("reference", sa.String), sa.column("public", sa.Boolean),
        sa.column("ever_public", sa.Boolean),
        sa.column("at", tracker.models.types.UTCDateTime()),
    )
    values = []
    for seq, (rec_id, reference, status, archived_at, published_on) in enumerate(rows, start=1):
        if isinstance(published_on, str):  # SQLite hands back text
            published_on = datetime.strptime(published_on[:10], "%Y-%m-%d").date()
        public = visibility.is_public(status, archived_at is not None, published_on, today)
        values.append({"recommendation_id": rec_id, "seq": seq, "reference": reference,
                       "public": public, "ever_public": public, "at": now})
    for start in range(0, len(values), 1000):
        op.bulk_insert(state, values[start:start + 1000])


def downgrade():
    op.drop_index("ix_sync_state_public", table_name="sync_state")
    op.drop_index("ix_sync_state_seq", table_name="sync_state")
    op.drop_table("sync_state")
