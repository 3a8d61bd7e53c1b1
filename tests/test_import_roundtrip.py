"""Issue 20: every export re-imports unchanged (references resolve against the database as
well as the file), and the public export applies the visibility rule to ``supersedes``."""

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.support import factories
from tracker.extensions import db
from tracker.models import AuditLog, Recommendation, StatusChange
from tracker.services.dataio import exporter, importer, tabular
from tracker.services.recommendations.status import record_status_change


def count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def world():
    """Old (public) superseded by new (public); hidden (draft, not public) superseded by
    open (public, links to it); an event, a publication, a priority, histories."""
    topic = factories.TopicAreaFactory(slug="cyber", name_en="Cybersecurity", name_ja="サイバー")
    event = factories.EventFactory(slug="rt-2023")
    publication = factories.PublicationFactory(slug="report-2023")
    old = factories.RecommendationFactory(topic=topic, event=event, publication=publication,
                                          history=[(date(2023, 6, 1), "in_progress", "Begun.")])
    record_status_change(old, "superseded", date(2024, 1, 10), "Replaced.")
    new = factories.RecommendationFactory(topic=topic, publication=publication, priority=True,
                                          effective_on=date(2024, 1, 10),
                                          history=[(date(2024, 3, 1), "implemented", "Done.")])
    new.supersedes = old
    hidden = factories.RecommendationFactory(topic=topic, first_status="draft", publication=None)
    opened = factories.RecommendationFactory(topic=topic, publication=publication,
                                             title_ja="日本語の題", addressees=("us_government",))
    opened.supersedes = hidden
    db.session.commit()
    return {"old": old, "new": new, "hidden": hidden, "open": opened}


def assert_reimports_unchanged(body: bytes, filename: str, expected: int):
    """The re-import plan has no problems, creates nothing and changes nothing, and
    applying it writes nothing."""
    plan = importer.plan_import(tabular.read_table(body, filename))
    assert plan.ok, plan.problems
    assert [i.action for i in plan.items] == ["unchanged"] * expected, [
        (i.key, i.action, i.changed, i.new_changes) for i in plan.items]
    assert not plan.disagreements and not plan.to_create
    before = count(StatusChange), count(AuditLog)
    summary = importer.apply_plan(plan)
    db.session.commit()
    assert summary["unchanged"] == expected and summary["status changes"] == 0
    assert (count(StatusChange), count(AuditLog)) == before


@pytest.mark.parametrize("history", [False, True], ids=["current", "history"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_export_reimports_unchanged(world, fmt, history):
    assert_reimports_unchanged(exporter.export_staff(fmt, history=history), f"x.{fmt}", 4)


@pytest.mark.parametrize("history", [False, True], ids=["current", "history"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_filtered_staff_export_reimports_unchanged(world, fmt, history):
    """Regression: the filtered file names NEXT-... in ``supersedes`` of a recommendation
    that is not in the file; the import said "No recommendation ..." and refused it."""
    body = exporter.export_staff(fmt, {"status": "implemented"}, history=history)
    assert world["old"].reference in body.decode("utf-8", "replace") or fmt == "xlsx"
    assert_reimports_unchanged(body, f"x.{fmt}", 1)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_public_export_reimports_unchanged(world, fmt):
    assert_reimports_unchanged(exporter.export_public(fmt), f"p.{fmt}", 3)


def test_supersedes_may_name_a_recommendation_only_in_the_database(world):
    """Regression: "No recommendation NEXT-...": the target had to be in the same file."""
    old = world["old"]
    text = ("title_en,topic,supersedes,status,status_date,status_note\n"
            f"Newest advice,cyber,{old.reference},proposed,2024-05-01,Published.\n")
    plan = importer.plan_import(tabular.read_table(text.encode(), "n.csv"))
    assert plan.ok, plan.problems
    importer.apply_plan(plan)
    db.session.commit()
    created = db.session.execute(
        select(Recommendation).filter_by(title_en="Newest advice")).scalar_one()
    assert created.supersedes_id == old.id


def test_a_reference_that_exists_nowhere_is_a_row_error_and_nothing_is_written(world):
    text = ("title_en,topic,supersedes,status,status_date,status_note\n"
            "Fine,cyber,,proposed,2024-05-01,Published.\n"
            "Dangling,cyber,NEXT-2019-999,proposed,2024-05-01,Published.\n")
    before = count(Recommendation)
    plan = importer.plan_import(tabular.read_table(text.encode(), "n.csv"))
    assert [(p.row, p.column) for p in plan.problems] == [(3, "supersedes")]
    assert "NEXT-2019-999" in plan.problems[0].reason
    with pytest.raises(ValueError):
        importer.apply_plan(plan)
    assert count(Recommendation) == before


def test_public_export_leaves_out_links_to_non_public_recommendations(world):
    """Regression: the public CSV and JSON showed the reference of a draft recommendation
    in ``supersedes``, where the API shows null."""
    hidden, opened, old, new = world["hidden"], world["open"], world["old"], world["new"]
    text = exporter.export_public("csv").decode("utf-8-sig")
    assert hidden.reference not in text
    rows = {r["reference"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows[opened.reference]["supersedes"] == ""
    assert rows[new.reference]["supersedes"] == old.reference  # a public target stays
    doc = json.loads(exporter.export_public("json"))
    items = {i["reference"]: i for i in doc["recommendations"]}
    assert items[opened.reference]["supersedes"] is None
    assert items[new.reference]["supersedes"] == old.reference
    staff = exporter.export_staff("csv").decode("utf-8-sig")
    assert hidden.reference in staff  # staff exports keep every link


def test_a_blank_supersedes_in_a_staff_file_still_removes_the_link(world):
    opened = world["open"]
    text = ("reference,supersedes,internal_notes\n" f"{opened.reference},,\n")
    plan = importer.plan_import(tabular.read_table(text.encode(), "s.csv"))
    assert plan.ok and plan.items[0].changed == ["supersedes"]
