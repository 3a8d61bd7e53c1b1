"""Imports in short transactions (issue 21): other users' writes go through during a large
import, and a failed import is still undone as a whole."""

import time

import pytest
from sqlalchemy import func, select

from tests.support import factories
from tracker.database import write_lock
from tracker.extensions import db
from tracker.models import Recommendation, StatusChange, TopicArea
from tracker.services.dataio import import_apply, import_batches, importer, tabular


@pytest.fixture
def topic():
    topic = factories.TopicAreaFactory(slug="space", name_en="Space")
    db.session.commit()
    return topic


def plan_for(text: str, create_missing=False):
    plan = importer.plan_import(tabular.read_table(text.encode(), "recs.csv"), create_missing=create_missing)
    assert plan.ok, plan.problems
    db.session.rollback()
    return plan


def state():
    recs = db.session.execute(select(Recommendation).order_by(Recommendation.id)).scalars()
    return ([(r.reference, r.title_en, r.status, r.status_since, r.topic_id, r.version, sorted(r.addressees))
             for r in recs],
            db.session.execute(select(func.count()).select_from(StatusChange)).scalar_one(),
            sorted(db.session.execute(select(TopicArea.slug)).scalars()))


def test_a_failure_in_a_later_batch_undoes_the_earlier_ones(topic, monkeypatch):
    old = factories.RecommendationFactory(topic=topic, title_en="Keep me", addressees=("us_government",))
    db.session.commit()
    rows = "".join(f",New {n},space,proposed,2024-02-0{n % 9 + 1}\n" for n in range(7))
    plan = plan_for("reference,title_en,topic,status,status_date\n"
                    f"{old.reference},Changed title,Brand new topic,in_progress,2024-03-01\n" + rows,
                    create_missing=True)
    before = state()
    calls = {"n": 0}
    real = import_apply.apply_item

    def failing(item, *args):
        calls["n"] += 1
        if calls["n"] == 7:
            raise RuntimeError("worker trouble")
        return real(item, *args)

    monkeypatch.setattr(import_batches, "apply_item", failing)
    monkeypatch.setattr(import_batches, "BATCH_PAUSE_SECONDS", 0)
    with pytest.raises(RuntimeError), write_lock():
        import_batches.apply_in_batches(plan, batch_size=2)
    db.session.expire_all()
    assert state() == before  # created rows, the update, its status entry and the new topic: all gone


def test_a_successful_batched_import_writes_everything(topic):
    rows = "".join(f",Rec {n},space,proposed,2024-02-01\n" for n in range(9))
    plan = plan_for("reference,title_en,topic,status,status_date\n" + rows)
    with write_lock():
        summary = import_batches.apply_in_batches(plan, batch_size=4)
    assert summary["created"] == 9
    assert db.session.execute(select(func.count()).select_from(Recommendation)).scalar_one() == 9


def test_each_batch_is_committed_before_the_next_begins(app, topic):
    """Another connection sees batch 1 while batch 2 is being written: the write lock (and
    PostgreSQL's history-order lock) is held for one batch at a time, not the whole file."""
    rows = "".join(f",Rec {n},space,proposed,2024-02-01\n" for n in range(50))
    plan = plan_for("reference,title_en,topic,status,status_date\n" + rows)
    other = db.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    seen = {}

    def progress(done, total):
        if done in (21, 41):  # the first recommendation of batches 2 and 3
            with other.connect() as connection:
                seen[done] = connection.execute(
                    select(func.count()).select_from(Recommendation)).scalar_one()

    with write_lock():
        import_batches.apply_in_batches(plan, batch_size=20, progress=progress)
    other.dispose()
    assert seen == {21: 20, 41: 40}


def test_a_batch_that_has_held_the_lock_long_enough_commits_before_its_row_count(topic, monkeypatch):
    """Rows that are slow to write (many tracks, long histories) make shorter batches: a
    batch takes no new row once it has run ``batch_seconds``, so other writers wait for one
    short batch, not for 50 slow rows."""
    rows = "".join(f",Rec {n},space,proposed,2024-02-01\n" for n in range(6))
    plan = plan_for("reference,title_en,topic,status,status_date\n" + rows)
    real = import_apply.apply_item

    def slow(item, *args):
        time.sleep(0.03)
        return real(item, *args)

    monkeypatch.setattr(import_batches, "apply_item", slow)
    monkeypatch.setattr(import_batches, "BATCH_PAUSE_SECONDS", 0)
    sizes = []
    with write_lock():
        summary = import_batches.apply_in_batches(
            plan, batch_size=50, batch_seconds=0.05,
            committed=lambda journal: sizes.append(len(journal.created) - sum(sizes)))
    assert summary["created"] == 6
    assert len(sizes) >= 3 and max(sizes) <= 2 and sum(sizes) == 6  # not one batch of 6
    assert db.session.execute(select(func.count()).select_from(Recommendation)).scalar_one() == 6
