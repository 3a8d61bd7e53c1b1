"""The board tally (models.board_tally, kept by the triggers of migration 0009) always sums
to the groups the recommendations are in, whatever writes them — the services, bulk
statements, raw SQL, a backup load — and after compaction; today's overview read from
it equals the overview worked out from the rows and from the history, under every
filter it answers."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, insert, select, text, update

from tests.support import factories
from tracker.demo.loader import seed_synthetic
from tracker.extensions import db
from tracker.models import (
    ADDRESSEE_BITS,
    ADDRESSEES,
    BoardTally,
    Recommendation,
    RecommendationAddressee,
    utcnow,
)
from tracker.services import clock
from tracker.services.boards import board_columns, board_tally, boards
from tracker.services.dataio import backup
from tracker.services.errors import RuleViolation
from tracker.services.recommendations.editing import update_recommendation
from tracker.services.recommendations.status import (
    record_status_change,
    retract_status_change,
    set_addressees,
)


def _tally() -> Counter:
    """Sum of ``n`` per group, zero groups left out."""
    T = BoardTally
    rows = db.session.execute(
        select(T.dim, T.ref_id, T.topic_id, T.priority, T.status, func.sum(T.n))
        .group_by(T.dim, T.ref_id, T.topic_id, T.priority, T.status)
    ).all()
    return Counter({tuple(r[:5]): int(r[5]) for r in rows if r[5]})


def _expected() -> Counter:
    """The groups worked out by hand from the recommendations and their addressee rows."""
    addressees: dict[int, int] = {}
    for rec_id, key in db.session.execute(
            select(RecommendationAddressee.recommendation_id, RecommendationAddressee.addressee)):
        addressees[rec_id] = addressees.get(rec_id, 0) | ADDRESSEE_BITS[key]
    out = Counter()
    R = Recommendation
    for rec_id, topic, event, pub, priority, status in db.session.execute(
            select(R.id, R.topic_id, R.event_id, R.publication_id, R.priority, R.status)
            .where(R.archived_at.is_(None))):
        for dim, key in (("event", event), ("publication", pub),
                         ("addressees", addressees.get(rec_id, 0))):
            out[(dim, key, topic, bool(priority), status)] += 1
    return out


def _check() -> None:
    db.session.expire_all()
    assert _tally() == _expected()
    bits = dict(db.session.execute(select(Recommendation.id, Recommendation.addressee_bits)).all())
    for rec_id, want in _bits_by_hand().items():
        assert bits[rec_id] == want


def _bits_by_hand() -> dict[int, int]:
    out = dict.fromkeys(db.session.execute(select(Recommendation.id)).scalars(), 0)
    for rec_id, key in db.session.execute(
            select(RecommendationAddressee.recommendation_id, RecommendationAddressee.addressee)):
        out[rec_id] |= ADDRESSEE_BITS[key]
    return out


def test_the_triggers_use_the_models_addressee_bits():
    for key in ADDRESSEES:
        rec = factories.RecommendationFactory(addressees=(key,))
        db.session.refresh(rec)
        assert rec.addressee_bits == ADDRESSEE_BITS[key], key
    everyone = factories.RecommendationFactory(addressees=tuple(ADDRESSEES))
    db.session.refresh(everyone)
    # Distinct single bits (bit 4 belonged to the retired both_governments; it stays unused).
    assert everyone.addressee_bits == sum(ADDRESSEE_BITS.values())
    assert len({bit for bit in ADDRESSEE_BITS.values() if bit & (bit - 1) == 0}) == len(ADDRESSEES)


def _values(rec, **changes) -> dict:
    values = {
        "title_en": rec.title_en, "title_ja": rec.title_ja, "text_en": rec.text_en,
        "text_ja": rec.text_ja, "internal_notes": rec.internal_notes,
        "addressees": rec.addressees, "priority": rec.priority, "topic": rec.topic,
        "event": rec.event, "publication": rec.publication, "supersedes": rec.supersedes,
    }
    values.update(changes)
    return values


def test_random_writes_keep_the_tally_equal_to_the_groups():
    rng = random.Random(9)
    admin = factories.UserFactory(role="admin")
    topics = [factories.TopicAreaFactory() for _ in range(3)]
    events = [factories.EventFactory() for _ in range(2)] + [None]
    pubs = [factories.PublicationFactory() for _ in range(2)] + [None]
    keys = list(ADDRESSEES)
    recs = [factories.RecommendationFactory(topic=rng.choice(topics), event=rng.choice(events),
                                            publication=pubs[0],
                                            addressees=tuple(rng.sample(keys, rng.randint(1, 3))))
            for _ in range(6)]
    _check()
    day = date(2023, 5, 1)
    for step in range(80):
        rec = rng.choice(recs)
        action = rng.randrange(7)
        if action == 0:  # a status change (or a rule refusing it: nothing written)
            day += timedelta(days=rng.randint(1, 9))
            try:
                record_status_change(rec, rng.choice(["in_progress", "implemented",
                                                      "not_adopted", "under_consideration"]),
                                     min(day, clock.today()), "Moved.")
            except RuleViolation:
                db.session.rollback()
                continue
        elif action == 1:  # retract the latest active entry
            active = [c for c in rec.status_changes if c.kind == "change"]
            try:
                retract_status_change(active[-1], "Wrong.", user=admin)
            except RuleViolation:
                db.session.rollback()
                continue
        elif action == 2:  # an edit through the form's service
            changes = {"topic": rng.choice(topics), "event": rng.choice(events),
                       "publication": rng.choice(pubs), "priority": rng.random() < 0.5,
                       "addressees": rng.sample(keys, rng.randint(1, 4))}
            update_recommendation(rec, _values(rec, **changes), version=rec.version)
        elif action == 3:  # archive or restore
            rec.archived_at = None if rec.archived_at else utcnow()
        elif action == 4:  # addressee rows written by bulk statements
            key = rng.choice(keys)
            if key in rec.addressees:
                db.session.execute(delete(RecommendationAddressee).where(
                    RecommendationAddressee.recommendation_id == rec.id,
                    RecommendationAddressee.addressee == key))
            else:
                db.session.execute(insert(RecommendationAddressee).values(
                    recommendation_id=rec.id, addressee=key))
        elif action == 5:  # an addressee row renamed in place (raw SQL)
            have = rec.addressees
            free = [k for k in keys if k not in have]
            if have and free:
                db.session.execute(
                    text("UPDATE recommendation_addressee SET addressee = :new "
                         "WHERE recommendation_id = :id AND addressee = :old"),
                    {"new": free[0], "old": have[0], "id": rec.id})
        else:  # a bulk update of the recommendation row
            db.session.execute(update(Recommendation).where(Recommendation.id == rec.id)
                               .values(priority=~Recommendation.priority))
        db.session.commit()
        db.session.expire_all()
        if step % 10 == 9:
            _check()
    _check()
    # Deleting a recommendation (its addressee rows go by the foreign key's cascade).
    db.session.execute(delete(Recommendation).where(Recommendation.id == recs[0].id))
    db.session.commit()
    _check()


def test_compaction_keeps_the_sums_and_leaves_one_row_per_group(monkeypatch):
    recs = [factories.RecommendationFactory(addressees=("us_government", "other"))
            for _ in range(4)]
    for rec in recs:
        record_status_change(rec, "in_progress", date(2024, 1, 1), "Steps.")
    db.session.commit()
    before = _tally()
    assert board_tally.unmerged_count() > len(before)
    assert board_tally.compact()
    db.session.commit()
    assert _tally() == before == _expected()
    rows = db.session.execute(select(BoardTally)).scalars().all()
    assert len(rows) == len(before) and all(r.merged for r in rows)
    assert board_tally.unmerged_count() == 0


def test_a_writers_commit_compacts_once_enough_deltas_pile_up(monkeypatch):
    monkeypatch.setattr(board_tally, "DUE_DELTAS", 10_000)
    rec = factories.RecommendationFactory()
    piled = board_tally.unmerged_count()
    assert piled > 0  # not due: that commit merged nothing
    assert not db.session.execute(select(func.count()).where(BoardTally.merged.is_(True))).scalar()
    monkeypatch.setattr(board_tally, "DUE_DELTAS", piled + 1)
    record_status_change(rec, "in_progress", date(2024, 1, 1), "Moved.")
    db.session.commit()  # due now: this writer's commit merged every delta
    assert board_tally.unmerged_count() == 0
    assert db.session.execute(select(func.count()).where(BoardTally.merged.is_(True))).scalar()
    _check()


def test_bulk_seed_and_backup_load_keep_the_tally():
    with db.session.no_autoflush:
        seed_synthetic(300)
    _check()
    doc = backup.dump()
    assert "board_tally" not in doc["tables"]
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.execute(delete(BoardTally))
    db.session.commit()
    assert _tally() == Counter()
    backup.load(doc)
    db.session.commit()
    _check()
    assert sum(n for (dim, *_), n in _tally().items() if dim == "event") == \
        db.session.execute(select(func.count(Recommendation.id))
                           .where(Recommendation.archived_at.is_(None))).scalar()


def _overview_numbers(overview) -> dict:
    def rows(rs):
        return {r.key: r.counts for r in rs}

    return {
        "totals": overview.totals,
        "lines": {line.key: (line.counts, rows(topic_rows)) for line, topic_rows in overview.lines},
        "addressees": rows(overview.addressees),
        "events": rows(overview.events),
        "publications": rows(overview.publications),
        "rates": [(r.label, r.published, r.implemented, [(t.label, t.published, t.implemented)
                                                         for t in ts]) for r, ts in overview.rates],
    }


@pytest.mark.parametrize("args", [{}, {"line": "LINE"}, {"topic": "TOPIC"}, {"priority": "1"},
                                  {"line": "LINE", "priority": "1"}])
def test_todays_boards_from_the_tally_equal_the_rows_and_the_history(args, monkeypatch):
    with db.session.no_autoflush:
        seed_synthetic(400, seed=11)
    # Edits after the bulk load, some archived.
    rng = random.Random(3)
    recs = db.session.execute(select(Recommendation).limit(40)).scalars().all()
    for rec in recs[:10]:
        rec.archived_at = utcnow()
    for rec in recs[10:]:
        set_addressees(rec, rng.sample(list(ADDRESSEES), rng.randint(1, 3)))
        rec.priority = not rec.priority
        # A new track starts in draft with no entry: the history has nothing for it, so it
        # gets its first entry (each addressee's overview row counts its own track).
        fresh = [t.addressee for t in rec.tracks if t.status_since is None]
        if fresh:
            record_status_change(rec, "proposed", date(2024, 1, 2), "Added.", tracks=fresh)
    db.session.commit()
    taxonomy = boards.Taxonomy.load()
    line = taxonomy.lines[0]
    topic = next(t for t in taxonomy.topics if t.parent_id is None)
    args = {k: {"LINE": line.slug, "TOPIC": topic.slug}.get(v, v) for k, v in args.items()}
    filters, errors = boards.parse_filters(args, taxonomy)
    assert not errors
    today = clock.today()
    assert board_tally.answers(today, filters)
    from_tally = boards.overview(today, filters, taxonomy)
    from_history = boards.overview(today, filters, taxonomy, from_history=True)
    columns = [(c.status.key, c.count) for c in board_columns.column_board(today, filters)]
    columns_from_history = [(c.status.key, c.count) for c in
                            board_columns.column_board(today, filters, from_history=True)]
    monkeypatch.setattr(board_tally, "answers", lambda *a, **k: False)
    from_rows = boards.overview(today, filters, taxonomy)
    columns_from_rows = [(c.status.key, c.count) for c in board_columns.column_board(today, filters)]
    assert _overview_numbers(from_tally) == _overview_numbers(from_rows) == \
        _overview_numbers(from_history)
    assert from_tally.total > 0
    # The column board's counts (from the tally today) agree too.
    assert columns == columns_from_rows == columns_from_history
    assert sum(n for _key, n in columns) == from_tally.total


def test_an_addressee_filter_reads_the_rows():
    taxonomy = boards.Taxonomy.load()
    filters, _ = boards.parse_filters({"addressee": "us_government"}, taxonomy)
    assert not board_tally.answers(clock.today(), filters)
    filters, _ = boards.parse_filters({}, taxonomy)
    assert board_tally.answers(clock.today(), filters)
    assert not board_tally.answers(clock.today() - timedelta(days=1), filters)
    assert not board_tally.answers(clock.today(), filters, from_history=True)


def test_an_addressee_added_while_a_status_change_commits_counts_in_the_new_status(app):
    """Two writers on one recommendation at once: a status change still committing, and an
    addressee row inserted by plain SQL. The addressee's trigger updates the recommendation
    row, so on PostgreSQL it waits for the status change and counts the new status (and
    SQLite's write lock serialises them anyway)."""
    import threading

    from tracker.database import write_lock

    rec = factories.RecommendationFactory(addressees=("us_government",))
    rec_id = rec.id
    flushed, release, errors = threading.Event(), threading.Event(), []

    def change_status():
        try:
            with app.app_context(), write_lock():
                record_status_change(db.session.get(Recommendation, rec_id), "in_progress",
                                     date(2024, 1, 1), "Steps.")
                db.session.flush()
                flushed.set()
                release.wait(10)
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # surfaced below
            errors.append(exc)
            flushed.set()

    def add_addressee():
        try:
            with app.app_context(), write_lock():
                db.session.execute(insert(RecommendationAddressee).values(
                    recommendation_id=rec_id, addressee="private_sector"))
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # surfaced below
            errors.append(exc)

    first = threading.Thread(target=change_status)
    first.start()
    assert flushed.wait(10)
    second = threading.Thread(target=add_addressee)
    second.start()
    second.join(1.0)  # it waits for the first writer's lock
    release.set()
    first.join(15)
    second.join(15)
    assert not errors, errors
    db.session.rollback()  # end this test's read snapshot (SQLite WAL)
    _check()
    bits = ADDRESSEE_BITS["us_government"] | ADDRESSEE_BITS["private_sector"]
    db.session.refresh(rec)
    assert (rec.status, rec.addressee_bits) == ("in_progress", bits)
    assert _tally()[("addressees", bits, rec.topic_id, False, "in_progress")] == 1


def test_the_migration_round_trip_keeps_the_data_version_triggers(tmp_path):
    """Downgrading 0009 must not copy the recommendation table (SQLite's batch mode would,
    dropping 0008's triggers with it)."""
    from flask_migrate import downgrade, upgrade

    from tests.conftest import make_test_app

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's table copy is what this guards against")
    app = make_test_app(tmp_path)
    with app.app_context():
        def triggers():
            names = set(db.session.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
            db.session.commit()  # no read snapshot kept across the migrations
            return names

        before = triggers()
        assert {"data_version_recommendation_update", "board_tally_recommendation_update"} <= before
        downgrade(revision="0008_api_single")
        assert triggers() == {t for t in before if not t.startswith("board_tally_")}
        upgrade()
        assert triggers() == before
        db.session.remove()


def test_a_compaction_while_another_writer_adds_deltas_loses_none(app):
    """PostgreSQL: a compaction merges only the rows its snapshot sees; deltas another
    writer adds meanwhile (committed after it) stay, so the sums stay right."""
    import threading

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    rec = factories.RecommendationFactory(addressees=("multilateral",))
    rec_id = rec.id
    flushed, release, errors = threading.Event(), threading.Event(), []

    def change_status():
        try:
            with app.app_context():
                record_status_change(db.session.get(Recommendation, rec_id), "implemented",
                                     date(2024, 2, 1), "Done.")
                db.session.flush()
                flushed.set()
                release.wait(10)
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # surfaced below
            errors.append(exc)
            flushed.set()

    writer = threading.Thread(target=change_status)
    writer.start()
    assert flushed.wait(10)
    assert board_tally.compact()  # does not wait for the writer
    db.session.commit()
    release.set()
    writer.join(15)
    assert not errors, errors
    _check()
    assert board_tally.unmerged_count() > 0  # the writer's deltas, added after the merge
    assert _tally()[("addressees", ADDRESSEE_BITS["multilateral"], rec.topic_id, False,
                     "implemented")] == 1
