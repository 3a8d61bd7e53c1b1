"""board tally: today's overview counts, kept by database triggers

Revision ID: 0009_board_tally
Revises: 0008_api_single
Create Date: 2026-11-21 16:40:00

Today's overview board used to group every recommendation (and every addressee row) on
each request: at 100,000 recommendations that is 100,000 index entries and as many
addressee seeks. It now reads ``board_tally`` (see ``tracker/models/board_tally.py``): an
append-only list of +1 / -1 deltas per (dimension, key, topic, priority, status) that the
triggers below add whenever a recommendation enters, leaves or moves between groups,
merged back into one row per group from time to time (``services.board_tally``).

- ``recommendation.addressee_bits`` holds the recommendation's addressees as bits (the
  order of ``models.recommendation.ADDRESSEES``; a test checks both agree). Triggers on
  ``recommendation_addressee`` set and clear the bits with an UPDATE of the recommendation
  row, so on PostgreSQL an addressee change and a status change of the same
  recommendation are serialised by its row lock and each trigger sees the other's result.
- Triggers on ``recommendation`` add, for a non-archived row, three deltas per side
  (``event``, ``publication``, ``addressees`` with the bits as key): -1 for the old row
  on update and delete, +1 for the new row on insert and update. They read only OLD and
  NEW, never another table, so no concurrent writer can make them count a stale state.
- PostgreSQL: a TRUNCATE of either table rebuilds the tally (no row triggers fire).

Existing rows are backfilled here: bits first, then one merged row per group.

Also ``ix_recommendation_translation``: the overview's translation summary counts from a
scan of this narrow index instead of the wide rows. It does not start with
``archived_at``, so SQLite's planner never takes it for the boards' own indexes.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0009_board_tally"
down_revision = "0008_api_single"
branch_labels = None
depends_on = None

# The bit of each addressee key: 1 << its position in models.recommendation.ADDRESSEES
# (copied, not imported: a migration must not change when the app's code does).
ADDRESSEE_BITS = {
    "us_government": 1,
    "government_of_japan": 2,
    "both_governments": 4,
    "private_sector": 8,
    "multilateral": 16,
    "other": 32,
}
COLUMNS = "dim, ref_id, topic_id, priority, status, n, merged"


def _bit(column: str) -> str:
    whens = " ".join(f"WHEN '{key}' THEN {bit}" for key, bit in ADDRESSEE_BITS.items())
    return f"(CASE {column} {whens} ELSE 0 END)"


def _deltas(row: str, n: int, where: str, false: str) -> str:
    """INSERT of the three deltas of recommendation ``row`` (OLD or NEW), if ``where``."""
    parts = [
        f"SELECT '{dim}', {row}.{key}, {row}.topic_id, {row}.priority, {row}.status, {n}, {false}"
        f" WHERE {where}"
        for dim, key in (("event", "event_id"), ("publication", "publication_id"),
                         ("addressees", "addressee_bits"))
    ]
    return f"INSERT INTO board_tally ({COLUMNS}) " + " UNION ALL ".join(parts)


KEY_COLUMNS = ("topic_id", "event_id", "publication_id", "priority", "status", "addressee_bits")
CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in KEY_COLUMNS) + \
    " OR (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL)"
PG_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in KEY_COLUMNS) + \
    " OR (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL)"

REBUILD_ROWS = f"""
INSERT INTO board_tally ({COLUMNS})
SELECT 'event', event_id, topic_id, priority, status, count(*), {{true}}
FROM recommendation WHERE archived_at IS NULL GROUP BY event_id, topic_id, priority, status
UNION ALL
SELECT 'publication', publication_id, topic_id, priority, status, count(*), {{true}}
FROM recommendation WHERE archived_at IS NULL GROUP BY publication_id, topic_id, priority, status
UNION ALL
SELECT 'addressees', addressee_bits, topic_id, priority, status, count(*), {{true}}
FROM recommendation WHERE archived_at IS NULL GROUP BY addressee_bits, topic_id, priority, status
"""
BACKFILL_BITS = (
    "UPDATE recommendation SET addressee_bits = (SELECT COALESCE(SUM("
    + _bit("a.addressee")
    + "), 0) FROM recommendation_addressee a WHERE a.recommendation_id = recommendation.id)"
)

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER board_tally_recommendation_insert AFTER INSERT ON recommendation
    FOR EACH ROW WHEN NEW.archived_at IS NULL
    BEGIN {_deltas("NEW", 1, "1", "0")}; END""",
    f"""CREATE TRIGGER board_tally_recommendation_update AFTER UPDATE ON recommendation
    FOR EACH ROW WHEN {CHANGED}
    BEGIN
      {_deltas("OLD", -1, "OLD.archived_at IS NULL", "0")};
      {_deltas("NEW", 1, "NEW.archived_at IS NULL", "0")};
    END""",
    f"""CREATE TRIGGER board_tally_recommendation_delete AFTER DELETE ON recommendation
    FOR EACH ROW WHEN OLD.archived_at IS NULL
    BEGIN {_deltas("OLD", -1, "1", "0")}; END""",
    f"""CREATE TRIGGER board_tally_addressee_insert AFTER INSERT ON recommendation_addressee
    FOR EACH ROW BEGIN
      UPDATE recommendation SET addressee_bits = addressee_bits | {_bit("NEW.addressee")}
      WHERE id = NEW.recommendation_id;
    END""",
    f"""CREATE TRIGGER board_tally_addressee_delete AFTER DELETE ON recommendation_addressee
    FOR EACH ROW BEGIN
      UPDATE recommendation SET addressee_bits = addressee_bits & ~{_bit("OLD.addressee")}
      WHERE id = OLD.recommendation_id;
    END""",
    f"""CREATE TRIGGER board_tally_addressee_update AFTER UPDATE ON recommendation_addressee
    FOR EACH ROW BEGIN
      UPDATE recommendation SET addressee_bits = addressee_bits & ~{_bit("OLD.addressee")}
      WHERE id = OLD.recommendation_id;
      UPDATE recommendation SET addressee_bits = addressee_bits | {_bit("NEW.addressee")}
      WHERE id = NEW.recommendation_id;
    END""",
]
SQLITE_TRIGGER_NAMES = [
    "board_tally_recommendation_insert", "board_tally_recommendation_update",
    "board_tally_recommendation_delete", "board_tally_addressee_insert",
    "board_tally_addressee_delete", "board_tally_addressee_update",
]

PG_FUNCTIONS = [
    f"""CREATE FUNCTION board_tally_recommendation() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            {_deltas("OLD", -1, "OLD.archived_at IS NULL", "false")};
        END IF;
        IF TG_OP <> 'DELETE' THEN
            {_deltas("NEW", 1, "NEW.archived_at IS NULL", "false")};
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION board_tally_addressee() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            UPDATE recommendation SET addressee_bits = addressee_bits & ~{_bit("OLD.addressee")}
            WHERE id = OLD.recommendation_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            UPDATE recommendation SET addressee_bits = addressee_bits | {_bit("NEW.addressee")}
            WHERE id = NEW.recommendation_id;
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION board_tally_rebuild() RETURNS trigger AS $$
    BEGIN
        {BACKFILL_BITS};
        DELETE FROM board_tally;
        {REBUILD_ROWS.format(true="true")};
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
]
PG_TRIGGERS = [
    "CREATE TRIGGER board_tally_insert AFTER INSERT ON recommendation "
    "FOR EACH ROW EXECUTE PROCEDURE board_tally_recommendation()",
    f"CREATE TRIGGER board_tally_update AFTER UPDATE ON recommendation "
    f"FOR EACH ROW WHEN ({PG_CHANGED}) EXECUTE PROCEDURE board_tally_recommendation()",
    "CREATE TRIGGER board_tally_delete AFTER DELETE ON recommendation "
    "FOR EACH ROW EXECUTE PROCEDURE board_tally_recommendation()",
    "CREATE TRIGGER board_tally_addressee AFTER INSERT OR UPDATE OR DELETE "
    "ON recommendation_addressee FOR EACH ROW EXECUTE PROCEDURE board_tally_addressee()",
    "CREATE TRIGGER board_tally_truncate AFTER TRUNCATE ON recommendation "
    "FOR EACH STATEMENT EXECUTE PROCEDURE board_tally_rebuild()",
    "CREATE TRIGGER board_tally_addressee_truncate AFTER TRUNCATE ON recommendation_addressee "
    "FOR EACH STATEMENT EXECUTE PROCEDURE board_tally_rebuild()",
]


def upgrade():
    # Plain ALTER TABLE (no batch copy: that would drop migration 0008's triggers).
    op.add_column("recommendation",
                  sa.Column("addressee_bits", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "board_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dim", sa.String(length=12), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("merged", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_tally")),
    )
    with op.batch_alter_table("board_tally", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_board_tally_merged"), ["merged"], unique=False)
        batch_op.create_index("ix_board_tally_groups", ["dim", "ref_id", "status", "topic_id",
                                                       "priority", "n"], unique=False)
    op.create_index("ix_recommendation_translation", "recommendation",
                    ["en_updated_at", "ja_updated_at", "archived_at"], unique=False)
    dialect = op.get_bind().dialect.name
    op.execute(BACKFILL_BITS)
    op.execute(REBUILD_ROWS.format(true="true" if dialect == "postgresql" else "1"))
    if dialect == "postgresql":
        for statement in PG_FUNCTIONS + PG_TRIGGERS:
            op.execute(statement)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    # Planner statistics for the new and rebuilt indexes (SQLite otherwise guesses, and
    # takes the wrong covering index for some of the boards' counts).
    op.execute("ANALYZE")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, table in (("board_tally_insert", "recommendation"),
                            ("board_tally_update", "recommendation"),
                            ("board_tally_delete", "recommendation"),
                            ("board_tally_truncate", "recommendation"),
                            ("board_tally_addressee", "recommendation_addressee"),
                            ("board_tally_addressee_truncate", "recommendation_addressee")):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for function in ("board_tally_recommendation", "board_tally_addressee",
                         "board_tally_rebuild"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    else:
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("board_tally", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_tally_merged"))
        batch_op.drop_index("ix_board_tally_groups")
    op.drop_table("board_tally")
    op.drop_index("ix_recommendation_translation", table_name="recommendation")
    # A plain DROP COLUMN (SQLite >= 3.35): a batch copy of the table would drop its other
    # triggers (migration 0008's).
    op.execute("ALTER TABLE recommendation DROP COLUMN addressee_bits")
