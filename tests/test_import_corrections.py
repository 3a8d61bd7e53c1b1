"""Issue 20: corrections by import. Where the file and the app disagree on a day's status
the preview says so; an authoritative sheet retracts the app's entry and records the
file's; never a silent same-day duplicate, never a silent "unchanged"."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.support import factories
from tracker.extensions import db
from tracker.models import StatusChange
from tracker.services.dataio import exporter, importer, tabular
from tracker.services.recommendations.status import active_changes, record_status_change


@pytest.fixture
def admin():
    return factories.UserFactory(role="admin")


@pytest.fixture
def rec(admin):
    """proposed 2017-01-20, implemented 2017-05-03 (both recorded by the admin), on one
    track (the US); ``test_import_tracks.py`` has the corrections of two tracks."""
    topic = factories.TopicAreaFactory(slug="trade")
    rec = factories.RecommendationFactory(topic=topic, effective_on=date(2017, 1, 20),
                                          addressees=("us_government",))
    rec.status_changes[0].recorded_by = admin
    record_status_change(rec, "implemented", date(2017, 5, 3), "Done.", user=admin)
    db.session.commit()
    return rec


def sheet(rec, status="not_adopted", day="2017-05-03"):
    return (f"reference,status,status_date,status_note\n{rec.reference},{status},{day},Checked.\n"
            ).encode()


def plan_for(body, filename="fix.csv", **kwargs):
    return importer.plan_import(tabular.read_table(body, filename), **kwargs)


def entries(rec):
    db.session.refresh(rec)
    return [(c.to_status, c.effective_on) for c in active_changes(rec)]


def test_an_edited_status_cell_is_reported_not_appended_on_the_same_day(rec):
    """Regression: the edited cell appended a second entry on 2017-05-03."""
    plan = plan_for(sheet(rec))
    assert plan.ok, plan.problems
    (item,) = plan.items
    assert item.disagreements == [{"row": 2, "date": date(2017, 5, 3), "file": "not_adopted",
                                   "app": "implemented", "track": "us_government"}]
    assert item.new_changes == [] and plan.status_changes == 0
    importer.apply_plan(plan)
    db.session.commit()
    assert entries(rec) == [("proposed", date(2017, 1, 20)), ("implemented", date(2017, 5, 3))]


def test_an_authoritative_sheet_retracts_and_records(rec, admin):
    plan = plan_for(sheet(rec), authoritative=True, user=admin)
    assert plan.ok, plan.problems
    (item,) = plan.items
    assert item.action == "update" and plan.retractions == 1 and plan.status_changes == 1
    importer.apply_plan(plan, user=admin)
    db.session.commit()
    assert entries(rec) == [("proposed", date(2017, 1, 20)), ("not_adopted", date(2017, 5, 3))]
    assert rec.status == "not_adopted"
    retraction = db.session.execute(select(StatusChange).filter_by(kind="retraction")).scalar_one()
    assert "not_adopted" in retraction.public_note and "2017-05-03" in retraction.public_note
    # the same sheet again: nothing to do, nothing to report
    again = plan_for(sheet(rec), authoritative=True, user=admin)
    assert again.items[0].action == "unchanged" and not again.disagreements


def test_reimporting_the_original_after_a_duplicate_is_not_silently_unchanged(rec, admin):
    """Regression: after an edited cell had appended a same-day entry, the original file
    re-imported as "unchanged" although the app then said not_adopted."""
    original = exporter.export_staff("csv", history=True)
    record_status_change(rec, "not_adopted", date(2017, 5, 3), "Same-day duplicate.", user=admin)
    db.session.commit()
    plan = plan_for(original, "orig.csv")
    assert plan.disagreements and plan.disagreements[0][1]["app"] == "not_adopted"
    fixed = plan_for(original, "orig.csv", authoritative=True, user=admin)
    assert fixed.ok, fixed.problems
    importer.apply_plan(fixed, user=admin)
    db.session.commit()
    assert entries(rec) == [("proposed", date(2017, 1, 20)), ("implemented", date(2017, 5, 3))]
    # only the retraction was needed: the day's implemented entry is in force again
    assert fixed.status_changes == 0 and fixed.retractions == 1


def test_an_authoritative_sheet_may_not_retract_the_only_entry(admin):
    rec = factories.RecommendationFactory(effective_on=date(2017, 1, 20), addressees=("us_government",))
    rec.status_changes[0].recorded_by = admin
    db.session.commit()
    before = db.session.execute(select(func.count()).select_from(StatusChange)).scalar_one()
    plan = plan_for(sheet(rec, "implemented", "2017-01-20"), authoritative=True, user=admin)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "status")]
    assert "only entry" in plan.problems[0].reason
    assert db.session.execute(select(func.count()).select_from(StatusChange)).scalar_one() == before


def test_an_authoritative_sheet_needs_the_right_to_retract(rec):
    editor = factories.UserFactory(role="researcher")
    plan = plan_for(sheet(rec), authoritative=True, user=editor)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "status")]


def test_a_new_status_on_a_new_day_is_still_appended(rec):
    plan = plan_for(sheet(rec, "not_adopted", "2018-02-01"))
    assert plan.ok and not plan.disagreements and plan.status_changes == 1


def test_cli_reports_disagreements_and_corrects_with_authoritative(app, rec, admin, tmp_path):
    path = tmp_path / "fix.csv"
    path.write_bytes(sheet(rec))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "file: not_adopted on 2017-05-03; app: implemented (kept" in result.output
    assert entries(rec)[-1] == ("implemented", date(2017, 5, 3))
    refused = runner.invoke(args=["data", "import", str(path), "--authoritative"])
    assert refused.exit_code != 0 and "--user" in refused.output
    result = runner.invoke(args=["data", "import", str(path), "--authoritative", "--user", admin.email])
    assert result.exit_code == 0, result.output
    assert "1 retractions" in result.output and "(corrected)" in result.output
    assert entries(rec)[-1] == ("not_adopted", date(2017, 5, 3))


def test_a_failed_batched_import_takes_back_its_corrections(rec, admin, monkeypatch):
    """The undo journal of batched imports also removes the retractions it wrote."""
    from tracker.database import write_lock
    from tracker.services.dataio import import_apply, import_batches

    other = factories.RecommendationFactory(topic=rec.topic, addressees=("us_government",))
    body = sheet(rec) + f"{other.reference},implemented,2024-01-05,Later.\n".encode()
    plan = plan_for(body, authoritative=True, user=admin)
    assert plan.ok and plan.retractions == 1
    real, calls = import_apply.apply_item, {"n": 0}

    def failing(item, *args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker trouble")
        return real(item, *args)

    monkeypatch.setattr(import_batches, "apply_item", failing)
    monkeypatch.setattr(import_batches, "BATCH_PAUSE_SECONDS", 0)
    with pytest.raises(RuntimeError), write_lock():
        import_batches.apply_in_batches(plan, user=admin, batch_size=1)
    db.session.expire_all()
    assert entries(rec) == [("proposed", date(2017, 1, 20)), ("implemented", date(2017, 5, 3))]
    assert rec.status == "implemented"
    assert db.session.execute(select(func.count()).select_from(StatusChange).filter_by(
        kind="retraction")).scalar_one() == 0


def test_cli_puts_new_topics_in_the_chosen_line_of_effort(app, tmp_path):
    from tracker.models import TopicArea

    factories.LineOfEffortFactory(slug="foreign", position=1)
    economy = factories.LineOfEffortFactory(slug="economy", position=2)
    path = tmp_path / "t.csv"
    path.write_text("title_en,topic,status,status_date\nA,Trade,proposed,2024-02-01\n"
                    "B,Energy,proposed,2024-02-01\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["data", "import", str(path), "--create-missing",
                                                "--topic-line", "Trade=economy"])
    assert result.exit_code == 0, result.output
    lines = dict(db.session.execute(select(TopicArea.name_en, TopicArea.line_of_effort_id)).all())
    assert lines["Trade"] == economy.id and lines["Energy"] != economy.id
