"""Issue 16, import and export: one status column per government (and per other addressee)
plus agency; the old single-status sheet still imports, applied to every track with a
warning; bad per-track cells are row errors; backups keep the tracks."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.support import factories
from tracker.domain.tracks import JAPAN, US
from tracker.extensions import db
from tracker.models import Recommendation, StatusChange, StatusTimeline
from tracker.services.dataio import backup, exporter, importer, tabular
from tracker.services.recommendations.status import active_changes, record_status_change


@pytest.fixture
def topic():
    return factories.TopicAreaFactory(slug="trade", name_en="Trade")


def plan_for(text: str, filename="t.csv", **kwargs):
    return importer.plan_import(tabular.read_table(text.encode("utf-8"), filename), **kwargs)


def run(text: str, filename="t.csv", **kwargs):
    plan = plan_for(text, filename, **kwargs)
    assert plan.ok, plan.problems
    summary = importer.apply_plan(plan, user=kwargs.get("user"))
    db.session.commit()
    return plan, summary


def count(model=StatusChange):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def history(rec, track):
    db.session.refresh(rec)
    return [(c.to_status, c.effective_on) for c in active_changes(rec, track)]


PER_TRACK = (
    "reference,title_en,topic,addressees,us_status,us_status_date,us_agency,japan_status,"
    "japan_status_date,japan_agency,status_note\n"
    ",Licensing relief,trade,us_government; government_of_japan,proposed,2023-01-10,"
    "Department of Commerce / BIS,proposed,2023-01-10,METI,Published.\n"
    ",,,,in_progress,2024-09-05,,,,,Commerce introduced a license exception.\n"
)


def test_each_government_gets_its_own_history_and_agency(topic):
    plan, summary = run(PER_TRACK.replace(",Licensing", "NEXT-2023-001,Licensing").replace(
        ",,,,in_progress", "NEXT-2023-001,,,,in_progress"))
    assert not plan.warnings and summary["status changes"] == 3
    rec = db.session.execute(select(Recommendation)).scalar_one()
    assert history(rec, US) == [("proposed", date(2023, 1, 10)), ("in_progress", date(2024, 9, 5))]
    assert history(rec, JAPAN) == [("proposed", date(2023, 1, 10))]
    assert (rec.track(US).agency, rec.track(JAPAN).agency) == ("Department of Commerce / BIS", "METI")
    assert (rec.track(US).status, rec.track(JAPAN).status) == ("in_progress", "proposed")
    assert rec.status == "in_progress"  # overall: one government acting
    # the first entry was written once per track, in the create (one audit entry per track)
    assert count() == 3
    # the export writes the same columns and re-imports unchanged
    for fmt, hist in (("csv", True), ("csv", False), ("xlsx", True)):
        again = plan_for(exporter.export_staff(fmt, history=hist).decode("utf-8", "replace"),
                         f"x.{fmt}") if fmt == "csv" else importer.plan_import(
            tabular.read_table(exporter.export_staff(fmt, history=hist), f"x.{fmt}"))
        assert again.ok and [i.action for i in again.items] == ["unchanged"], again.problems
    text = exporter.export_staff("csv", history=True).decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert header[header.index("us_status"):header.index("us_status") + 6] == [
        "us_status", "us_status_date", "us_agency", "japan_status", "japan_status_date", "japan_agency"]
    assert "status" not in header and "status_date" not in header


def test_a_track_that_starts_later_is_created_in_draft_then_recorded(topic):
    run("title_en,topic,us_status,us_status_date,japan_status,japan_status_date\n"
        "Later in Tokyo,trade,proposed,2023-01-10,,\n"
        "Later in Tokyo,,,,under_consideration,2023-05-01\n".replace(
            "title_en,", "external_id,title_en,").replace("\nLater", "\nx1,Later"))
    rec = db.session.execute(select(Recommendation)).scalar_one()
    assert history(rec, US) == [("proposed", date(2023, 1, 10))]
    assert history(rec, JAPAN) == [("under_consideration", date(2023, 5, 1))]


def test_an_old_single_status_sheet_applies_to_every_track_with_a_warning(topic):
    rec = factories.RecommendationFactory(topic=topic, effective_on=date(2023, 1, 10))
    plan, summary = run(f"reference,status,status_date,status_note\n"
                        f"{rec.reference},in_progress,2024-02-01,Both moved.\n")
    assert [(w["row"], w["message"]) for _i, w in plan.warnings] == [
        (2, "status applied to every track: US government, Government of Japan")]
    assert summary["status changes"] == 2
    assert history(rec, US)[-1] == history(rec, JAPAN)[-1] == ("in_progress", date(2024, 2, 1))
    # one track only: nothing to warn about
    single = factories.RecommendationFactory(topic=topic, addressees=(US,))
    plan = plan_for(f"reference,status,status_date\n{single.reference},in_progress,2024-02-01\n")
    assert plan.ok and not plan.warnings


def test_the_warning_is_shown_in_japanese_too(client, auth, topic):
    import io

    from tests.conftest import csrf_token_from

    auth.login(factories.UserFactory(role="researcher", locale="ja"))
    token = csrf_token_from(client.get("/import"))
    body = b"title_en,topic,status,status_date\nA,trade,proposed,2024-01-01\n"
    page = client.post("/import", data={"csrf_token": token, "file": (io.BytesIO(body), "a.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "ステータスをすべての宛先に適用：米国政府, 日本政府" in page


@pytest.mark.parametrize("cells,column", [
    ("japan_status,japan_status_date\n{ref},implemented,2024-01-01", "japan_status"),
    ("japan_agency\n{ref},METI", "japan_agency"),
    ("us_agency\n{ref}," + "x" * 201, "us_agency"),
    ("status,status_date,tracks\n{ref},implemented,2024-01-01,government_of_japan", "tracks"),
])
def test_bad_track_cells_are_row_errors_naming_the_column_and_nothing_is_written(topic, cells, column):
    rec = factories.RecommendationFactory(topic=topic, addressees=(US,))
    db.session.commit()
    before = count()
    plan = plan_for("reference," + cells.format(ref=rec.reference) + "\n")
    assert [(p.row, p.column) for p in plan.problems] == [(2, column)], plan.problems
    with pytest.raises(ValueError):
        importer.apply_plan(plan)
    assert count() == before and rec.track(US).agency is None


def test_a_new_recommendation_without_a_japan_addressee_refuses_a_japan_status(topic):
    plan = plan_for("title_en,topic,addressees,japan_status,japan_status_date\n"
                    "A,trade,us_government,proposed,2024-01-01\n")
    assert [(p.row, p.column) for p in plan.problems] == [(2, "japan_status")]
    assert "Government of Japan" in plan.problems[0].reason


def test_an_authoritative_sheet_corrects_one_track_only(topic):
    admin = factories.UserFactory(role="admin")
    rec = factories.RecommendationFactory(topic=topic, effective_on=date(2017, 1, 20))
    record_status_change(rec, "implemented", date(2017, 5, 3), "Done.", user=admin)
    db.session.commit()
    sheet = f"reference,japan_status,japan_status_date\n{rec.reference},not_adopted,2017-05-03\n"
    plan = plan_for(sheet)
    assert [(d["track"], d["file"], d["app"]) for _i, d in plan.disagreements] == [
        (JAPAN, "not_adopted", "implemented")]
    plan, _ = run(sheet, authoritative=True, user=admin)
    assert plan.retractions == 1
    assert history(rec, JAPAN)[-1] == ("not_adopted", date(2017, 5, 3))
    assert history(rec, US)[-1] == ("implemented", date(2017, 5, 3))  # untouched


def test_json_history_entries_name_their_track(topic):
    rec = factories.RecommendationFactory(topic=topic, effective_on=date(2023, 1, 10))
    doc = {"recommendations": [{"reference": rec.reference, "history": [
        {"addressee": "government_of_japan", "status": "in_progress", "date": "2024-03-01",
         "note": "Tokyo moved."},
        {"tracks": ["us_government", "government_of_japan"], "status": "implemented",
         "date": "2024-06-01", "note": "Both done."},
    ]}]}
    plan, summary = run(json.dumps(doc), "h.json")
    assert not plan.warnings and summary["status changes"] == 3
    assert [s for s, _d in history(rec, JAPAN)] == ["proposed", "in_progress", "implemented"]
    assert [s for s, _d in history(rec, US)] == ["proposed", "implemented"]


def test_an_agency_is_updated_by_a_sheet(topic):
    rec = factories.RecommendationFactory(topic=topic)
    plan, _ = run(f"reference,japan_agency\n{rec.reference},METI\n")
    assert plan.items[0].changed == ["japan_agency"]
    assert rec.track(JAPAN).agency == "METI" and rec.track(US).agency is None


def test_backup_keeps_tracks_agencies_and_the_overall_timeline(topic):
    rec = factories.RecommendationFactory(topic=topic, effective_on=date(2023, 1, 10))
    record_status_change(rec, "implemented", date(2024, 1, 5), "Tokyo done.", tracks=[JAPAN],
                         agency="METI")
    db.session.commit()
    doc = json.loads(json.dumps(backup.dump()))
    assert {r["addressee"] for r in doc["tables"]["status_change"]} == {US, JAPAN}
    assert doc["tables"]["status_timeline"]
    _wipe()
    backup.load(doc)
    db.session.commit()
    assert json.loads(json.dumps(backup.dump()))["tables"] == doc["tables"]


def test_a_backup_from_before_tracks_loads_as_two_tracks(topic):
    """A pre-tracks backup (a ``both_governments`` addressee, entries without a track, no
    status timeline) loads as migration 0013 would turn it: a US and a Japan track, each
    with a copy of the history (a retraction on each), and the derived state rebuilt."""
    admin = factories.UserFactory(role="admin")
    rec = factories.RecommendationFactory(topic=topic, effective_on=date(2023, 1, 10), addressees=(US,))
    record_status_change(rec, "in_progress", date(2023, 6, 1), "Begun.", user=admin)
    (wrong,) = record_status_change(rec, "implemented", date(2023, 9, 1), "Oops.", user=admin)
    from tracker.services.recommendations.status import retract_status_change

    retract_status_change(wrong, "Wrong.", user=admin)
    db.session.commit()
    doc = json.loads(json.dumps(backup.dump()))
    del doc["tables"]["status_timeline"]
    for row in doc["tables"]["recommendation_addressee"]:
        row.update(addressee="both_governments", status="draft", status_since=None)
    for row in doc["tables"]["status_change"]:
        row["addressee"] = None
    _wipe()
    backup.load(doc)
    db.session.commit()
    rec = db.session.execute(select(Recommendation)).scalar_one()
    assert [t.addressee for t in rec.tracks] == [US, JAPAN]
    for track in (US, JAPAN):
        assert history(rec, track) == [("proposed", date(2023, 1, 10)), ("in_progress", date(2023, 6, 1))]
        assert rec.track(track).status == "in_progress"
        retractions = [c for c in rec.status_changes if c.kind == "retraction" and c.addressee == track]
        assert len(retractions) == 1 and retractions[0].retracts.addressee == track
    assert rec.status == "in_progress" and rec.status_since == date(2023, 6, 1)
    assert count(StatusTimeline) == 2


def _wipe():
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    db.session.expunge_all()
