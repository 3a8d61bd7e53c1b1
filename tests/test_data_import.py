"""Spreadsheet import: formats, matching, history, all-or-nothing, bad input."""

import codecs
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tracker.extensions import db
from tracker.models import Event, Recommendation, StatusChange, TopicArea
from tracker.services import importer, tabular


def run(data, filename="recs.csv", *, create_missing=False, dry_run=False, column_map=None):
    """Plan and (unless dry_run or problems) apply and commit; returns the plan and summary."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    plan = importer.plan_import(tabular.read_table(data, filename),
                                create_missing=create_missing, column_map=column_map)
    summary = None
    if plan.ok and not dry_run:
        summary = importer.apply_plan(plan)
        db.session.commit()
    return plan, summary


def count(model=Recommendation):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def snapshot():
    """Everything an import could change, to check 'database unchanged'."""
    recs = db.session.execute(select(Recommendation).order_by(Recommendation.id)).scalars()
    return (
        [(r.reference, r.title_en, r.title_ja, r.status, r.status_since, r.topic_id,
          r.external_id, r.version) for r in recs],
        count(StatusChange), count(TopicArea), count(Event),
    )


@pytest.fixture
def topic():
    return factories.TopicAreaFactory(slug="export-controls", name_en="Export controls",
                                      name_ja="輸出管理")


CSV = (
    "reference,title_en,title_ja,topic,addressees,priority,status,status_date,status_note\n"
    ",Coordinate export controls,輸出管理の連携,export-controls,both_governments,yes,proposed,2024-03-01,Published.\n"
    ",Joint AI safety institute,,Export controls,US government; 日本政府,no,implemented,2024-05-02,Done.\n"
)


def test_csv_creates_recommendations_with_their_status(topic):
    plan, summary = run(CSV)
    assert plan.ok, plan.problems
    assert summary["created"] == 2
    recs = db.session.execute(select(Recommendation).order_by(Recommendation.id)).scalars().all()
    assert [r.title_ja for r in recs] == ["輸出管理の連携", None]
    assert recs[0].status == "proposed" and recs[0].status_since == date(2024, 3, 1)
    assert recs[0].priority and recs[0].topic == topic
    assert sorted(recs[1].addressees) == ["government_of_japan", "us_government"]
    assert recs[1].status == "implemented"
    assert recs[0].reference.startswith("NEXT-2024-")
