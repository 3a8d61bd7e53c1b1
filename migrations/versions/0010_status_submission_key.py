"""Idempotent status changes: the form's submission key on each status entry.

A retried submission of the same status-change form (its answer was lost, the user pressed
again) carries the same key, and the unique index makes sure it records one entry.

Plain ADD COLUMN and CREATE INDEX (no batch table rebuild), so SQLite keeps the triggers of
``status_change`` (migration 0008).

Revision ID: 0010_status_submission_key
Revises: 0009_board_tally
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_status_submission_key"
down_revision = "0009_board_tally"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("status_change", sa.Column("submission_key", sa.String(length=64), nullable=True))
    op.create_index("uq_status_change_submission_key", "status_change", ["submission_key"], unique=True)


def downgrade():
    op.drop_index("uq_status_change_submission_key", table_name="status_change")
    op.drop_column("status_change", "submission_key")
