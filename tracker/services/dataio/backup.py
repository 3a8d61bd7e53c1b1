"""Lossless backup and restore of the whole database as one JSON document.

``dump`` writes every table of the model (so tables added later are included), row for
row with their ids: taxonomy, events, publications, recommendations, the full status
history with retractions, reference counters, users (password hashes only when asked;
API tokens only then too, since their hashes are credentials). ``load`` puts such a
document into an empty database, id for id, then moves PostgreSQL's id sequences past
the loaded ids and rebuilds the search index. This is also how data moves from SQLite to
PostgreSQL.
"""

import logging
from datetime import date, datetime

from sqlalchemy import Date, DateTime, func, select, text
from sqlalchemy.orm import selectinload

from ... import search
from ...domain import tracks as track_rule
from ...extensions import db
from ...models import Recommendation, utcnow
from ...models.recommendation import ADDRESSEE_ORDER
from ..recommendations.status import refresh_derived_status, refresh_previous_statuses

FORMAT = "next-tracker-backup"
VERSION = 1
SECRET_TABLES = {"api_token"}
NOT_DATA = {"data_version", "board_tally", "sync_state"}  # bookkeeping kept by triggers
# and listeners (models.versioning, models.board_tally, models.sync_state)
SECRET_COLUMNS = {("user", "password_hash")}
log = logging.getLogger(__name__)


class BackupError(Exception):
    """The backup cannot be loaded; nothing was written."""


def _tables():
    return [t for t in db.metadata.sorted_tables if t.name not in NOT_DATA]


def _to_json(column, value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json(column, value):
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value


def dump(*, with_secrets: bool = False) -> dict:
    """The whole database as a JSON-ready dict (see the module docstring)."""
    tables = {}
    for table in _tables():
        if table.name in SECRET_TABLES and not with_secrets:
            continue
        order = list(table.primary_key.columns)
        result = db.session.execute(select(table).order_by(*order))
        rows = []
        for row in result.mappings():
            rows.append({
                c.name: None if (table.name, c.name) in SECRET_COLUMNS and not with_secrets
                else _to_json(c, row[c.name])
                for c in table.columns
            })
        tables[table.name] = rows
    return {"format": FORMAT, "version": VERSION, "created_at": utcnow().isoformat(),
            "with_password_hashes": with_secrets, "tables": tables}


def is_empty() -> bool:
    return all(
        db.session.execute(select(func.count()).select_from(t)).scalar_one() == 0
        for t in _tables()
    )


def _self_refs(table) -> list[str]:
    """Columns of ``table`` pointing at the same table (set in a second pass, since a row
    may point at one with a higher id)."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _parents_first(table, values: list[dict]) -> list[list[dict]]:
    """Rows in batches such that a row pointing at another row of the same table (a parent
    topic, a superseded recommendation, a retracted entry) comes after it."""
    refs = _self_refs(table)
    if not refs:
        return [values]
    pk = list(table.primary_key.columns)[0].name
    done, batches, left = set(), [], values
    while left:
        ready = [v for v in left if all(v.get(r) in (None, *done) for r in refs)]
        if not ready:  # a cycle or a dangling id: let the database report it
            ready = left
        batches.append(ready)
        done |= {v[pk] for v in ready}
        left = [v for v in left if v[pk] not in done]
    return batches


def load(doc: dict, *, progress=None) -> dict[str, int]:
    """Insert a ``dump`` into the empty database, in the caller's transaction; the caller
    commits. Returns rows loaded per table.

    :raise BackupError: for a document that is not our backup, or a database not empty.
    """
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BackupError("This is not a NEXT Tracker backup (no “format” marker).")
    if doc.get("version") != VERSION:
        raise BackupError(f"Backup version {doc.get('version')} is not supported (need {VERSION}).")
    if not is_empty():
        raise BackupError("The database is not empty; load a backup only into a new database.")
    data = doc.get("tables") or {}
    known = {t.name for t in _tables()}
    unknown = sorted(set(data) - known)
    if unknown:
        raise BackupError(f"The backup has tables this version does not know: {', '.join(unknown)}.")
    if "status_timeline" not in data:
        data = _upgrade_pre_tracks(data)
    counts = {}
    tables = [t for t in _tables() if data.get(t.name)]
    for number, table in enumerate(tables, start=1):
        rows = data[table.name]
        columns = {c.name: c for c in table.columns}
        values = [{name: _from_json(columns[name], value)
                   for name, value in row.items() if name in columns} for row in rows]
        for batch in _parents_first(table, values):
            for start in range(0, len(batch), 1000):
                db.session.execute(table.insert(), batch[start:start + 1000])
        counts[table.name] = len(rows)
        if progress:
            progress(number, len(tables))
    db.session.flush()
    reset_sequences()
    refresh_previous_statuses()  # derived; older backups have none (partitioned by track)
    if "status_timeline" not in data:  # a backup from before tracks (issue 16)
        rebuild_derived()
    return counts


def _upgrade_pre_tracks(data: dict) -> dict:
    """A backup from before tracks, as migration 0013 turns such a database: each
    ``both_governments`` addressee becomes a US and a Japan track, and each status entry is
    copied onto every track of its recommendation (a copy gets a new id; a retraction's copy
    names the copy on its own track). The derived fields are rebuilt after the load."""
    data = dict(data)
    tracks: dict[int, list[str]] = {}
    rows = []
    for row in data.get("recommendation_addressee") or []:
        keys = tracks.setdefault(row["recommendation_id"], [])
        for key in track_rule.expand([row["addressee"]]):
            if key not in keys:
                keys.append(key)
                rows.append({**row, "addressee": key})
    data["recommendation_addressee"] = rows
    for keys in tracks.values():
        keys.sort(key=lambda k: ADDRESSEE_ORDER.get(k, 99))
    changes = data.get("status_change") or []
    if not changes or all(c.get("addressee") for c in changes):
        return data
    next_id = max(c["id"] for c in changes) + 1
    copies: dict[tuple[int, str], int] = {}  # (original id, track) -> id of its copy
    out = []
    for change in sorted(changes, key=lambda c: c["id"]):
        for n, key in enumerate(tracks.get(change["recommendation_id"]) or [None]):
            new_id = change["id"] if n == 0 else next_id
            next_id += n > 0
            copies[(change["id"], key)] = new_id
            retracts = change.get("retracts_id")
            out.append({**change, "id": new_id, "addressee": key,
                        "retracts_id": copies.get((retracts, key), retracts) if retracts else None})
    data["status_change"] = out
    return data


def rebuild_derived(chunk: int = 500) -> None:
    """Recompute every recommendation's derived track fields, overall status and
    ``status_timeline`` rows from its history (``refresh_derived_status``), in chunks."""
    ids = db.session.execute(select(Recommendation.id).order_by(Recommendation.id)).scalars().all()
    for start in range(0, len(ids), chunk):
        recs = db.session.execute(
            select(Recommendation).where(Recommendation.id.in_(ids[start:start + chunk]))
            .options(selectinload(Recommendation.status_changes),
                     selectinload(Recommendation.addressee_rows))).scalars().all()
        for rec in recs:
            refresh_derived_status(rec)
        db.session.flush()


def reset_sequences() -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past the highest id so the
    next insert does not collide. (SQLite needs nothing.)"""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not pk[0].autoincrement or pk[0].type.python_type is not int:
            continue
        quoted = db.session.get_bind().dialect.identifier_preparer.quote(table.name)
        sequence = db.session.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": quoted, "c": pk[0].name}
        ).scalar()
        if sequence:
            db.session.execute(text(
                f"SELECT setval(:s, COALESCE((SELECT MAX({pk[0].name}) FROM {quoted}), 1), "
                f"(SELECT MAX({pk[0].name}) FROM {quoted}) IS NOT NULL)"), {"s": sequence})


def rebuild_search_index() -> str:
    """Rebuild the search index from the just-loaded database (``tracker.search.rebuild``:
    a new generation swapped in atomically). Returns what happened, for the CLI to print;
    a failure is logged, not raised, since the database (the source of truth) is already
    loaded and ``flask search reindex`` can be run again."""
    try:
        search.rebuild()
    except Exception:  # noqa: BLE001 — the data is loaded; say so and carry on
        log.exception("search reindex after load failed")
        return "search reindex failed (see the log); run `flask search reindex`"
    return "search index rebuilt"
