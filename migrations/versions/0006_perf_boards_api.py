"""perf boards api: covering indexes for the boards and the as-of history

Revision ID: 0006_perf_boards_api
Revises: 0005_i18n
Create Date: 2026-11-21 12:00:00

The history index replaces ``ix_status_change_effective`` (its first three columns): with
``id``, ``kind`` and ``to_status`` added, the as-of status, the trend and the movement board
read each recommendation's entries in order from the index alone. The two recommendation
indexes cover the overview's and the column board's GROUP BYs. ANALYZE afterwards gives
the planner row counts, so it prefers these indexes on large tables.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0006_perf_boards_api"
down_revision = "0005_i18n"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.drop_index("ix_status_change_effective")
        batch_op.create_index(
            "ix_status_change_history",
            ["recommendation_id", "effective_on", "recorded_at", "id", "kind", "to_status"],
            unique=False,
        )
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_recommendation_board_groups",
            ["archived_at", "topic_id", "event_id", "publication_id", "status"],
            unique=False,
        )
        batch_op.create_index(
            "ix_recommendation_board_status", ["archived_at", "status", "status_since"],
            unique=False,
        )
    op.execute("ANALYZE")


def downgrade():
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.drop_index("ix_recommendation_board_status")
        batch_op.drop_index("ix_recommendation_board_groups")
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.drop_index("ix_status_change_history")
        batch_op.create_index(
            "ix_status_change_effective", ["recommendation_id", "effective_on", "recorded_at"],
            unique=False,
        )
