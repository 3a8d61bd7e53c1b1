"""boards trend: each status entry stores the status before it

Revision ID: 0007_boards_trend
Revises: 0006_perf_boards_api
Create Date: 2026-11-21 13:40:00

``status_change.previous_status`` is the ``to_status`` of the active entry before an active
one in history order (effective date, recorded at, id), None for the first entry and on
retracted entries and retractions (kept in step by ``services.status``). The trend chart
then counts each entry's move with a plain GROUP BY instead of a window over the whole
history: ``ix_status_change_trend`` gives that GROUP BY its order (no sort), and
``ix_recommendation_trend`` answers the lookup of each entry's recommendation (not
archived, topic, priority) without reading the wide rows. Existing rows are backfilled
here with the same LAG the boards used to compute.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0007_boards_trend"
down_revision = "0006_perf_boards_api"
branch_labels = None
depends_on = None

# UPDATE ... FROM: SQLite >= 3.33 and PostgreSQL.
BACKFILL = """
UPDATE status_change SET previous_status = lagged.prev
FROM (
    SELECT id, LAG(to_status) OVER (
        PARTITION BY recommendation_id ORDER BY effective_on, recorded_at, id) AS prev
    FROM status_change
    WHERE kind = 'change'
      AND id NOT IN (SELECT retracts_id FROM status_change WHERE retracts_id IS NOT NULL)
) AS lagged
WHERE status_change.id = lagged.id AND lagged.prev IS NOT NULL
"""


def upgrade():
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_status", sa.String(length=30), nullable=True))
    op.execute(BACKFILL)
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.create_index(
            "ix_status_change_trend",
            ["kind", "effective_on", "to_status", "previous_status", "recommendation_id"],
            unique=False,
        )
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_recommendation_trend", ["id", "archived_at", "topic_id", "priority"],
            unique=False,
        )
    op.execute("ANALYZE")


def downgrade():
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.drop_index("ix_recommendation_trend")
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.drop_index("ix_status_change_trend")
        batch_op.drop_column("previous_status")
