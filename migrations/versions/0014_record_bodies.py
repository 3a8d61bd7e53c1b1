"""Each public record's finished JSON beside its place in the replication log (issue 17):
``sync_state.item`` and ``sync_state.history`` (``services.partner.record_bodies``).

Not backfilled here (the JSON is built by the application's serializers): until a record is
written again the API builds its JSON as before; ``flask --app wsgi sync catch-up --all``
fills every row at once.

Revision ID: 0014_record_bodies
Revises: 0013_status_tracks
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_record_bodies"
down_revision = "0013_status_tracks"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("item", sa.Text(), nullable=True))
        batch.add_column(sa.Column("history", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("history")
        batch.drop_column("item")
