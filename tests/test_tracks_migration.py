"""Migration 0013 splits each recommendation's history into per-government tracks, losing
nothing: run over the demo data as the app before tracks seeded it
(``tests/data/pre_tracks_demo.sql.gz``, dumped from a database built by that version) and
over 10,000 synthetic recommendations with backdated entries, same-day entries and
retractions. Every history entry is checked on every track."""

import gzip
import json
import os
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from config import TestConfig
from tracker import create_app
from tracker.domain import status_rule, tracks
from tracker.extensions import db

DEMO_DUMP = Path(__file__).parent / "data" / "pre_tracks_demo.sql.gz"
ENTRY_FIELDS = ("kind", "to_status", "effective_on", "public_note", "internal_note",
                "evidence_urls", "recorded_by_id", "recorded_by_name", "recorded_at")


def _app(tmp_path):
    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'before.sqlite3'}",
                "SEARCH_INDEX_DIR": str(tmp_path / "idx")}
    return create_app(type("TracksMigrationConfig", (TestConfig,), settings))


def _snapshot(conn):
    """Before: each recommendation's addressees, history and derived status."""
    addressees = defaultdict(set)
    for rec_id, key in conn.execute(text("SELECT recommendation_id, addressee FROM recommendation_addressee")):
        addressees[rec_id].add(key)
    history = defaultdict(list)
    for row in conn.execute(text(f"SELECT id, recommendation_id, retracts_id, {', '.join(ENTRY_FIELDS)} "
                                 "FROM status_change ORDER BY id")).mappings():
        history[row["recommendation_id"]].append(dict(row))
    recs = {row.id: (row.status, row.status_since) for row in
            conn.execute(text("SELECT id, status, status_since FROM recommendation"))}
    return addressees, history, recs


def _migrate_and_check(app, before) -> int:
    addressees, history, recs = before
    with app.app_context():
        upgrade()
        conn = db.session.connection()
        after_tracks = defaultdict(dict)
        for row in conn.execute(text("SELECT * FROM recommendation_addressee")).mappings():
            after_tracks[row["recommendation_id"]][row["addressee"]] = row
        after = defaultdict(lambda: defaultdict(list))
        for row in conn.execute(text(f"SELECT id, recommendation_id, addressee, retracts_id, "
                                     f"{', '.join(ENTRY_FIELDS)} FROM status_change ORDER BY id")).mappings():
            after[row["recommendation_id"]][row["addressee"]].append(dict(row))
        overall = {row.id: row for row in conn.execute(text("SELECT * FROM recommendation"))}
        checked = 0
        for rec_id, (status, since) in recs.items():
            keys = set(tracks.expand(addressees[rec_id])) or set(tracks.GOVERNMENTS)
            assert set(after_tracks[rec_id]) == keys, rec_id
            assert "both_governments" not in after_tracks[rec_id]
            assert set(after[rec_id]) <= keys
            original = history[rec_id]
            for key in keys:
                copies = after[rec_id][key]
                # Every entry, field for field, on every track, in the same order.
                assert [_norm(c) for c in copies] == [_norm(o) for o in original], (rec_id, key)
                # A retraction names the copy of its entry on the same track.
                position = {o["id"]: i for i, o in enumerate(original)}
                for copy, source in zip(copies, original, strict=True):
                    if source["retracts_id"] is not None:
                        assert copy["retracts_id"] == copies[position[source["retracts_id"]]]["id"]
                    else:
                        assert copy["retracts_id"] is None
                track = after_tracks[rec_id][key]
                derived = status_rule.derive(
                    [status_rule.Entry(c["id"], c["to_status"], _day(c["effective_on"]), _norm(c)[-1],
                                       c["kind"], c["retracts_id"]) for c in copies])
                assert track["status"] == status, (rec_id, key)
                assert derived.status == status
                checked += len(copies)
            # Identical tracks: the overall status is what it was, and so is its date, but
            # for a status that flickered within one day (the overall history is by day).
            assert overall[rec_id].status == status, rec_id
            if not _flickers(original):
                assert str(overall[rec_id].status_since or "") == str(since or ""), rec_id
        timeline = conn.execute(text("SELECT count(DISTINCT recommendation_id) FROM status_timeline")).scalar()
        with_history = sum(1 for rec_id in recs if any(
            e["kind"] == "change" for e in history[rec_id]))
        assert timeline == with_history
    return checked


def _norm(entry: dict) -> tuple:
    """An entry's fields as values (the copies' stored text may differ in form only)."""
    out = []
    for field in ENTRY_FIELDS:
        value = entry[field]
        if field == "recorded_at" and value is not None:
            value = datetime.fromisoformat(str(value)).replace(tzinfo=None)
        elif field == "evidence_urls" and isinstance(value, str):
            value = json.loads(value)
        elif field == "effective_on" and value is not None:
            value = _day(value)
        out.append(value)
    return tuple(out)


def _flickers(entries) -> bool:
    """Two active entries on one day with different statuses."""
    retracted = {e["retracts_id"] for e in entries if e["kind"] == "retraction"}
    seen = defaultdict(set)
    for e in entries:
        if e["kind"] == "change" and e["id"] not in retracted:
            seen[str(e["effective_on"])].add(e["to_status"])
    return any(len(v) > 1 for v in seen.values())


def _day(value):
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def test_the_demo_data_of_the_version_before_tracks(tmp_path):
    app = _app(tmp_path)
    with app.app_context():
        upgrade(revision="0012_sync_state")
        db.session.commit()
        raw = db.session.connection().connection.driver_connection
        raw.executescript(gzip.decompress(DEMO_DUMP.read_bytes()).decode())
        db.session.commit()
        before = _snapshot(db.session.connection())
        db.session.commit()
        assert sum("both_governments" in keys for keys in before[0].values()) >= 20
    checked = _migrate_and_check(app, before)
    assert checked > len(before[2]) * 3  # every entry, on two or more tracks


@pytest.mark.slow
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                    reason="runs on a SQLite file of its own: once per CI run is enough")
def test_ten_thousand_synthetic_recommendations(tmp_path):
    app = _app(tmp_path)
    rng = random.Random(16)
    keys = ["us_government", "government_of_japan", "both_governments", "private_sector",
            "multilateral", "other"]
    with app.app_context():
        upgrade(revision="0012_sync_state")
        conn = db.session.connection()
        conn.execute(text("INSERT INTO line_of_effort (id, slug, name_en, name_ja, position) "
                          "VALUES (1, 'l', 'L', 'L', 0)"))
        conn.execute(text("INSERT INTO topic_area (id, slug, name_en, name_ja, line_of_effort_id) "
                          "VALUES (1, 't', 'T', 'T', 1)"))
        recs, addressee_rows, changes = [], [], []
        change_id = 0
        stamp = datetime(2025, 1, 1, tzinfo=UTC).replace(tzinfo=None)
        for rec_id in range(1, 10_001):
            recs.append({"id": rec_id, "reference": f"SYN-{rec_id}", "title_en": "T",
                         "topic_id": 1})
            for key in rng.sample(keys, rng.choice((0, 1, 1, 2, 2, 3))):
                addressee_rows.append({"r": rec_id, "a": key})
            mine = []
            for _ in range(rng.randint(0, 5)):
                change_id += 1
                day = date(2022, 1, 1) + timedelta(days=rng.randint(0, 900))
                mine.append(change_id)
                changes.append({"id": change_id, "r": rec_id, "kind": "change",
                                "s": rng.choice(["proposed", "under_consideration", "in_progress",
                                                 "implemented", "not_adopted", "draft"]),
                                "d": day, "n": f"note {change_id}", "x": None,
                                "at": stamp + timedelta(seconds=rng.randint(0, 3))})
            if len(mine) > 1 and rng.random() < 0.3:
                change_id += 1
                changes.append({"id": change_id, "r": rec_id, "kind": "retraction", "s": None,
                                "d": date(2025, 1, 1), "n": "wrong", "x": rng.choice(mine),
                                "at": stamp})
        conn.execute(text("INSERT INTO recommendation (id, reference, title_en, topic_id, status, "
                          "priority, regressed, version, created_at, updated_at, addressee_bits) "
                          "VALUES (:id, :reference, :title_en, :topic_id, 'draft', false, false, 1, "
                          "'2025-01-01', '2025-01-01', 0)"), recs)
        conn.execute(text("INSERT INTO recommendation_addressee (recommendation_id, addressee) "
                          "VALUES (:r, :a)"), addressee_rows)
        conn.execute(text("INSERT INTO status_change (id, recommendation_id, kind, to_status, "
                          "effective_on, public_note, evidence_urls, retracts_id, recorded_at) "
                          "VALUES (:id, :r, :kind, :s, :d, :n, '[]', :x, :at)"), changes)
        # The derived status as the version before tracks kept it (``status_rule.derive``).
        by_rec = defaultdict(list)
        for c in changes:
            by_rec[c["r"]].append(status_rule.Entry(c["id"], c["s"], c["d"], c["at"], c["kind"], c["x"]))
        conn.execute(text("UPDATE recommendation SET status = :s, status_since = :d WHERE id = :id"), [
            {"id": rec_id, "s": d.status, "d": d.since}
            for rec_id, d in ((r, status_rule.derive(h)) for r, h in by_rec.items())])
        db.session.commit()
        before = _snapshot(db.session.connection())
        db.session.commit()
    checked = _migrate_and_check(app, before)
    assert checked >= len(changes)
