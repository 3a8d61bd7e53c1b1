"""Per-government tracks (issue 16): a status history per addressee.

Schema:

- ``recommendation_addressee`` (an addressee *is* a track) gains ``agency`` and the
  track's derived ``status``, ``status_since``, ``status_changed_at`` and ``regressed``;
- ``status_change`` gains ``addressee`` (the track of each entry); the submission key is
  unique per track;
- ``recommendation`` gains ``open_since`` (stale when any open track is);
- ``status_timeline``: the overall status history, derived from the tracks.

Data, losing nothing:

1. Each ``both_governments`` addressee becomes a US track and a Japan track; a
   recommendation with no addressee at all gets both (a joint recommendation's default).
2. The existing history (one per recommendation) goes to every track: the first track
   keeps the rows, every other track gets a copy of each entry and of each retraction
   (naming the copied entry), with the same dates, notes, evidence and recorder.
3. Each track's derived status, the overall status (``tracker.domain.tracks``) and the
   overall timeline are computed from the histories.

Plain ADD COLUMN / CREATE INDEX / CREATE TABLE (no batch rebuild), so SQLite keeps the
triggers of 0008 and 0009. The addressee trigger of 0009 is recreated to fire only when the
addressee itself changes (a track's status update must not touch the board tally).

Downgrade keeps the first track's history of each recommendation and turns a US + Japan
pair back into ``both_governments`` (per-track differences are lost).

Revision ID: 0013_status_tracks
Revises: 0012_sync_state
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from tracker.domain import status_rule, tracks
from tracker.models.types import UTCDateTime

revision = "0013_status_tracks"
down_revision = "0012_sync_state"
branch_labels = None
depends_on = None

GOVERNMENTS = ("us_government", "government_of_japan")
BOTH = "both_governments"
ORDER = {"us_government": 0, "government_of_japan": 1, "private_sector": 3, "multilateral": 4, "other": 5}
BATCH = 500

meta = sa.MetaData()
recommendation = sa.table(
    "recommendation", sa.column("id", sa.Integer), sa.column("status", sa.String),
    sa.column("status_since", sa.Date), sa.column("regressed", sa.Boolean),
    sa.column("open_since", sa.Date),
)
addressee = sa.table(
    "recommendation_addressee", sa.column("recommendation_id", sa.Integer),
    sa.column("addressee", sa.String), sa.column("status", sa.String),
    sa.column("status_since", sa.Date), sa.column("status_changed_at", UTCDateTime),
    sa.column("regressed", sa.Boolean),
)
CHANGE_COLUMNS = ("id", "recommendation_id", "kind", "addressee", "to_status", "previous_status",
                  "effective_on", "public_note", "internal_note", "evidence_urls", "retracts_id",
                  "recorded_by_id", "recorded_by_name", "recorded_at", "submission_key")
_TYPES = {"effective_on": sa.Date(), "evidence_urls": sa.JSON(), "recorded_at": UTCDateTime(),
          "id": sa.Integer(), "recommendation_id": sa.Integer(), "retracts_id": sa.Integer()}
change = sa.table("status_change", *(sa.column(c, _TYPES.get(c)) for c in CHANGE_COLUMNS))
timeline = sa.table(
    "status_timeline", sa.column("recommendation_id", sa.Integer), sa.column("effective_on", sa.Date),
    sa.column("to_status", sa.String), sa.column("previous_status", sa.String),
)

# 0009's addressee trigger on SQLite, narrowed to changes of the addressee column.
_BITS = ("CASE {col} WHEN 'us_government' THEN 1 WHEN 'government_of_japan' THEN 2 "
         "WHEN 'both_governments' THEN 4 WHEN 'private_sector' THEN 8 WHEN 'multilateral' THEN 16 "
         "WHEN 'other' THEN 32 ELSE 0 END")


def _sqlite_update_trigger(of_column: bool) -> str:
    return f"""CREATE TRIGGER board_tally_addressee_update AFTER UPDATE {'OF addressee ' if of_column else ''}ON recommendation_addressee
    FOR EACH ROW BEGIN
      UPDATE recommendation SET addressee_bits = addressee_bits & ~({_BITS.format(col="OLD.addressee")})
      WHERE id = OLD.recommendation_id;
      UPDATE recommendation SET addressee_bits = addressee_bits | ({_BITS.format(col="NEW.addressee")})
      WHERE id = NEW.recommendation_id;
    END"""


def _pg_trigger(of_column: bool) -> str:
    update = "UPDATE OF addressee" if of_column else "UPDATE"
    return (f"CREATE TRIGGER board_tally_addressee AFTER INSERT OR {update} OR DELETE "
            "ON recommendation_addressee FOR EACH ROW EXECUTE PROCEDURE board_tally_addressee()")


def _retarget_trigger(of_column: bool) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS board_tally_addressee ON recommendation_addressee")
        op.execute(_pg_trigger(of_column))
    else:
        op.execute("DROP TRIGGER IF EXISTS board_tally_addressee_update")
        op.execute(_sqlite_update_trigger(of_column))


def upgrade():
    op.add_column("recommendation_addressee", sa.Column("agency", sa.String(length=200), nullable=True))
    op.add_column("recommendation_addressee", sa.Column("status", sa.String(length=30),
                                                         server_default="draft", nullable=False))
    op.add_column("recommendation_addressee", sa.Column("status_since", sa.Date(), nullable=True))
    op.add_column("recommendation_addressee", sa.Column("status_changed_at", UTCDateTime(), nullable=True))
    op.add_column("recommendation_addressee", sa.Column("regressed", sa.Boolean(),
                                                         server_default=sa.false(), nullable=False))
    op.create_index("ix_recommendation_addressee_track", "recommendation_addressee",
                    ["addressee", "status", "recommendation_id"])
    op.add_column("status_change", sa.Column("addressee", sa.String(length=30), nullable=True))
    op.drop_index("uq_status_change_submission_key", table_name="status_change")
    op.create_index("uq_status_change_submission_track", "status_change",
                    ["submission_key", "addressee"], unique=True)
    op.create_index("ix_status_change_track_history", "status_change",
                    ["recommendation_id", "addressee", "effective_on", "recorded_at", "id", "kind",
                     "to_status"])
    op.add_column("recommendation", sa.Column("open_since", sa.Date(), nullable=True))
    op.create_index("ix_recommendation_open_since", "recommendation", ["open_since"])
    op.create_table(
        "status_timeline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("previous_status", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(["recommendation_id"], ["recommendation.id"],
                                name=op.f("fk_status_timeline_recommendation_id_recommendation"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_timeline")),
    )
    op.create_index("ix_status_timeline_history", "status_timeline",
                    ["recommendation_id", "effective_on", "id", "to_status"])
    op.create_index("ix_status_timeline_trend", "status_timeline",
                    ["effective_on", "to_status", "previous_status", "recommendation_id"])
    _retarget_trigger(of_column=True)
    split_into_tracks(op.get_bind())


def split_into_tracks(bind) -> None:
    """Steps 1-3 of the module docstring, in batches of recommendations."""
    ids = [row[0] for row in bind.execute(sa.select(recommendation.c.id).order_by(recommendation.c.id))]
    for start in range(0, len(ids), BATCH):
        _split_batch(bind, ids[start:start + BATCH])


def _split_batch(bind, ids: list[int]) -> None:
    owned = defaultdict(list)
    for rec_id, key in bind.execute(sa.select(addressee.c.recommendation_id, addressee.c.addressee)
                                    .where(addressee.c.recommendation_id.in_(ids))):
        owned[rec_id].append(key)
    histories = defaultdict(list)
    for row in bind.execute(sa.select(change).where(change.c.recommendation_id.in_(ids))
                            .order_by(change.c.id)):
        histories[row.recommendation_id].append(row._asdict())
    for rec_id in ids:
        keys = owned[rec_id]
        if BOTH in keys or not keys:
            bind.execute(addressee.delete().where(addressee.c.recommendation_id == rec_id,
                                                  addressee.c.addressee == BOTH))
            for government in GOVERNMENTS:
                if government not in keys:
                    bind.execute(addressee.insert().values(recommendation_id=rec_id,
                                                           addressee=government, status="draft"))
            keys = [k for k in keys if k != BOTH] + [g for g in GOVERNMENTS if g not in keys]
        keys = sorted(set(keys), key=lambda k: ORDER.get(k, 9))
        rows = histories[rec_id]
        per_track = {keys[0]: rows}
        if rows:
            bind.execute(change.update().where(change.c.recommendation_id == rec_id)
                         .values(addressee=keys[0]))
        for key in keys[1:]:
            per_track[key] = _copy_history(bind, rows, key)
        _derive(bind, rec_id, {k: [_entry(r) for r in v] for k, v in per_track.items()})


def _copy_history(bind, rows: list[dict], key: str) -> list[dict]:
    """Insert a copy of ``rows`` (one recommendation's history, in id order) on track
    ``key``; the copies, with their new ids."""
    new_ids: dict[int, int] = {}
    copies = []
    for row in rows:
        values = {c: row[c] for c in CHANGE_COLUMNS if c != "id"}
        values["addressee"] = key
        if row["retracts_id"] is not None:
            values["retracts_id"] = new_ids.get(row["retracts_id"])
            if values["retracts_id"] is None:
                continue  # names an entry of another recommendation: cannot happen
        result = bind.execute(change.insert().values(**values).returning(change.c.id))
        new_ids[row["id"]] = result.scalar_one()
        copies.append({**values, "id": new_ids[row["id"]]})
    return copies


def _entry(row: dict) -> status_rule.Entry:
    return status_rule.Entry(row["id"], row["to_status"], row["effective_on"], row["recorded_at"],
                             row["kind"], row["retracts_id"])


def _derive(bind, rec_id: int, histories: dict[str, list]) -> None:
    overall, derived = tracks.overall_from(histories)
    for key, state in derived.items():
        recorded = [e.recorded_at for e in histories[key] if e.recorded_at is not None]
        bind.execute(addressee.update().where(addressee.c.recommendation_id == rec_id,
                                              addressee.c.addressee == key)
                     .values(status=state.status, status_since=state.since,
                             status_changed_at=max(recorded, default=None),
                             regressed=state.regressed))
    bind.execute(recommendation.update().where(recommendation.c.id == rec_id)
                 .values(status=overall.status, status_since=overall.since,
                         regressed=overall.regressed, open_since=overall.open_since))
    points = tracks.overall_timeline(histories)
    if points:
        bind.execute(timeline.insert(), [
            {"recommendation_id": rec_id, "effective_on": p.day, "to_status": p.status,
             "previous_status": p.previous} for p in points])


def downgrade():
    bind = op.get_bind()
    firsts = {}
    for rec_id, key in bind.execute(sa.select(addressee.c.recommendation_id, addressee.c.addressee)):
        if rec_id not in firsts or ORDER.get(key, 9) < ORDER.get(firsts[rec_id], 9):
            firsts[rec_id] = key
    for rec_id, key in firsts.items():
        bind.execute(change.delete().where(change.c.recommendation_id == rec_id,
                                           change.c.addressee != key, change.c.kind == "retraction"))
        bind.execute(change.delete().where(change.c.recommendation_id == rec_id,
                                           change.c.addressee != key))
    pairs = bind.execute(
        sa.select(addressee.c.recommendation_id).where(addressee.c.addressee.in_(GOVERNMENTS))
        .group_by(addressee.c.recommendation_id).having(sa.func.count() == 2)).scalars().all()
    for rec_id in pairs:
        bind.execute(addressee.delete().where(addressee.c.recommendation_id == rec_id,
                                              addressee.c.addressee.in_(GOVERNMENTS)))
        bind.execute(addressee.insert().values(recommendation_id=rec_id, addressee=BOTH))
    _retarget_trigger(of_column=False)
    op.drop_index("ix_status_timeline_trend", table_name="status_timeline")
    op.drop_index("ix_status_timeline_history", table_name="status_timeline")
    op.drop_table("status_timeline")
    op.drop_index("ix_recommendation_open_since", table_name="recommendation")
    op.drop_column("recommendation", "open_since")
    op.drop_index("ix_status_change_track_history", table_name="status_change")
    op.drop_index("uq_status_change_submission_track", table_name="status_change")
    op.create_index("uq_status_change_submission_key", "status_change", ["submission_key"], unique=True)
    op.drop_column("status_change", "addressee")
    op.drop_index("ix_recommendation_addressee_track", table_name="recommendation_addressee")
    for column in ("regressed", "status_changed_at", "status_since", "status", "agency"):
        op.drop_column("recommendation_addressee", column)
