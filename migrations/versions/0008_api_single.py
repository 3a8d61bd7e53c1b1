"""api single: the data version row and the triggers that change it

Revision ID: 0008_api_single
Revises: 0007_boards_trend
Create Date: 2026-11-21 14:00:00

``data_version`` holds one row whose ``version`` gets a new random value in every
transaction that writes a table the partner API's records are built from (see
``tracker/models/versioning.py``). SQLite: row triggers for insert, update and delete
(an UPDATE, then an INSERT only when the row is missing, so no statement can conflict and
an outer ``OR IGNORE`` cannot swallow the change; SQLite serialises writers anyway).
PostgreSQL: a deferred constraint trigger per table that bumps the row once per
transaction, at commit. Deferred, so a writer takes the version row's lock only in its
last moment, when it asks for no other lock: bumping it at the first write would make every
multi-row writer (an import) hold it while waiting for a row another writer holds, and
that writer, at its own first write, wait for the version row — a deadlock. TRUNCATE gets
a plain statement trigger. The first value is set here, so an existing database has a
known version from the start.
"""
import secrets

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0008_api_single"
down_revision = "0007_boards_trend"
branch_labels = None
depends_on = None

TABLES = ("recommendation", "recommendation_addressee", "status_change", "topic_area",
          "line_of_effort", "event", "publication")
OPERATIONS = ("insert", "update", "delete")
SQLITE_BUMP = (
    "UPDATE data_version SET version = random() WHERE id = 1; "
    "INSERT INTO data_version (id, version) SELECT 1, random() "
    "WHERE NOT EXISTS (SELECT 1 FROM data_version WHERE id = 1);"
)
PG_FUNCTION = """
CREATE FUNCTION data_version_bump() RETURNS trigger AS $$
BEGIN
    IF current_setting('tracker.data_version_bumped', true) = txid_current()::text THEN
        RETURN NULL;  -- this transaction has bumped it already
    END IF;
    PERFORM set_config('tracker.data_version_bumped', txid_current()::text, true);
    INSERT INTO data_version (id, version)
    VALUES (1, (random() * 9007199254740991)::bigint)
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade():
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.execute(sa.text("INSERT INTO data_version (id, version) VALUES (1, :v)")
               .bindparams(v=secrets.randbits(62)))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table in TABLES:
            op.execute(
                f'CREATE CONSTRAINT TRIGGER data_version_{table} AFTER INSERT OR UPDATE OR DELETE '
                f'ON "{table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                f'EXECUTE PROCEDURE data_version_bump()'
            )
            op.execute(
                f'CREATE TRIGGER data_version_{table}_truncate AFTER TRUNCATE '
                f'ON "{table}" FOR EACH STATEMENT EXECUTE PROCEDURE data_version_bump()'
            )
    else:
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(
                    f"CREATE TRIGGER data_version_{table}_{operation} AFTER {operation.upper()} "
                    f'ON "{table}" FOR EACH ROW BEGIN {SQLITE_BUMP} END'
                )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f'DROP TRIGGER IF EXISTS data_version_{table} ON "{table}"')
            op.execute(f'DROP TRIGGER IF EXISTS data_version_{table}_truncate ON "{table}"')
        op.execute("DROP FUNCTION IF EXISTS data_version_bump()")
    else:
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{operation}")
    op.drop_table("data_version")
