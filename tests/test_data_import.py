"""Spreadsheet import: formats, matching, history, all-or-nothing, bad input."""

import codecs
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.support import factories
from tests.support.imports import run
from tracker.extensions import db
from tracker.models import AuditLog, Event, Recommendation, StatusChange, TopicArea
from tracker.services.dataio import importer, tabular


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


JA_CSV = "title_ja,topic,status,status_date\n輸出管理の強化,輸出管理,提言済み,2024/03/01\n"


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"),
    lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    lambda s: s.encode("cp932"),
    lambda s: s.replace(",", "\t").encode("utf-16"),  # Excel's "Unicode text"
], ids=["utf8", "utf8-bom", "shift-jis", "utf16-tabs"])
def test_japanese_csv_in_excel_encodings(topic, encode):
    plan, summary = run(encode(JA_CSV), "recs.txt")
    assert plan.ok, plan.problems
    rec = db.session.execute(select(Recommendation)).scalar_one()
    assert rec.title_ja == "輸出管理の強化" and rec.status == "proposed"
    assert rec.status_since == date(2024, 3, 1)


def test_xlsx_with_dates_and_escaped_formula_text(topic):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["title_en", "topic", "status", "status_date", "text_en"])
    sheet.append(["Space cooperation", "export-controls", "Proposed", date(2023, 7, 1), "'=not a formula"])
    buffer = io.BytesIO()
    book.save(buffer)
    plan, _ = run(buffer.getvalue(), "recs.xlsx")
    assert plan.ok, plan.problems
    rec = db.session.execute(select(Recommendation)).scalar_one()
    assert rec.status_since == date(2023, 7, 1) and rec.text_en == "=not a formula"


def test_history_rows_and_idempotent_reimport(topic):
    data = (
        "external_id,title_en,topic,status,status_date,status_note\n"
        "X-1,Cyber info sharing,export-controls,proposed,2023-01-10,Published.\n"
        "X-1,,,under_consideration,2023-06-01,Acknowledged.\n"
        "X-1,,,implemented,2024-02-01,Done.\n"
        "X-2,Standards body,export-controls,proposed,2023-02-01,Published.\n"
    )
    plan, summary = run(data)
    # A sheet without addressees: each new recommendation goes to the two governments, and
    # the single status column applies to both tracks (4 entries per track), with a warning.
    assert summary == {"created": 2, "updated": 0, "unchanged": 0, "status changes": 8}
    assert [w["row"] for _item, w in plan.warnings] == [2, 3, 4, 5]
    assert "US government, Government of Japan" in plan.warnings[0][1]["message"]
    rec = db.session.execute(select(Recommendation).where(Recommendation.external_id == "X-1")).scalar_one()
    assert [t.addressee for t in rec.tracks] == ["us_government", "government_of_japan"]
    for track in ("us_government", "government_of_japan"):
        assert [c.to_status for c in rec.status_changes if c.addressee == track] == [
            "proposed", "under_consideration", "implemented"]
    assert rec.status == "implemented" and rec.status_since == date(2024, 2, 1)
    before = snapshot()
    plan, summary = run(data)
    assert plan.count("unchanged") == 2 and summary["status changes"] == 0
    assert snapshot() == before


def test_update_by_reference_changes_fields_and_adds_status(topic):
    rec = factories.RecommendationFactory(topic=topic, title_en="Old title")
    data = (f"reference,title_en,status,status_date,status_note\n"
            f"{rec.reference},New title,in_progress,2024-01-05,Steps taken.\n")
    plan, _ = run(data, dry_run=True)
    assert plan.count("update") == 1 and plan.items[0].changed == ["title_en"]
    assert db.session.get(Recommendation, rec.id).title_en == "Old title"  # dry run
    run(data)
    rec = db.session.get(Recommendation, rec.id)
    assert rec.title_en == "New title" and rec.status == "in_progress" and count() == 1


def test_create_missing_topic_and_event(app):
    data = "title_en,topic,event,status,status_date\nA,Space,Tokyo roundtable 2024,proposed,2024-01-01\n"
    plan, _ = run(data)
    assert [(p.column) for p in plan.problems] == ["event", "topic"]
    plan, summary = run(data, create_missing=True)
    assert plan.to_create == {"topic": ["Space"], "event": ["Tokyo roundtable 2024"]}
    rec = db.session.execute(select(Recommendation)).scalar_one()
    assert rec.topic.name_en == "Space" and rec.event.title_en == "Tokyo roundtable 2024"


def test_given_new_references_are_issued_and_never_reused(topic):
    data = ("reference,title_en,topic,status,status_date\n"
            "NEXT-2023-005,B,export-controls,proposed,2023-05-01\n"
            "NEXT-2023-002,A,export-controls,proposed,2023-05-01\n")
    run(data)
    refs = db.session.execute(select(Recommendation.reference).order_by(Recommendation.reference)).scalars().all()
    assert refs == ["NEXT-2023-002", "NEXT-2023-005"]
    plan, _ = run("reference,title_en,topic\nNEXT-2023-004,C,export-controls\n")
    assert plan.problems[0].column == "reference"  # below the counter: may have been issued


def future():
    return (date.today() + timedelta(days=3)).isoformat()


BAD_INPUTS = {
    "missing columns": ("status,status_date\nproposed,2024-01-01\n", 1, "title_en or title_ja, topic"),
    "unknown status": ("title_en,topic,status,status_date\nA,export-controls,adopted-ish,2024-01-01\n", 2, "status"),
    "future date": (f"title_en,topic,status,status_date\nA,export-controls,proposed,{future()}\n", 2, "status_date"),
    "unparsable date": ("title_en,topic,status,status_date\nA,export-controls,proposed,soon\n", 2, "status_date"),
    "unknown topic": ("title_en,topic,status,status_date\nA,no-such-topic,proposed,2024-01-01\n", 2, "topic"),
    "formula cell": ("title_en,topic\n\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",export-controls\n", 2, "title_en"),
    "duplicate reference": ("external_id,title_en,topic\nA1,First,export-controls\nA1,Second,export-controls\n", 3, "title_en"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_is_reported_and_nothing_written(topic, name):
    data, row, column = BAD_INPUTS[name]
    data = "title_en,topic,status,status_date\nGood row,export-controls,proposed,2024-01-01\n" + \
        data.split("\n", 1)[1] if name not in ("missing columns", "duplicate reference") else data
    before = snapshot()
    plan, _ = run(data)
    assert not plan.ok
    assert (row + (1 if name not in ("missing columns", "duplicate reference") else 0), column) in [
        (p.row, p.column) for p in plan.problems]
    assert all(p.reason for p in plan.problems)
    assert snapshot() == before


def test_every_problem_is_reported_not_only_the_first(topic):
    data = ("title_en,topic,status,status_date\n"
            "A,export-controls,maybe,2024-01-01\n"
            "B,nowhere,proposed,yesterday\n"
            ",export-controls,proposed,2024-01-01\n")
    plan, _ = run(data)
    assert [(p.row, p.column) for p in plan.problems] == [
        (2, "status"), (3, "status_date"), (3, "topic"), (4, "title_en")]
    assert count() == 0


@pytest.mark.parametrize("data,filename,message", [
    (b"", "recs.csv", "empty"),
    (b"title_en,topic\n", "recs.csv", "no data rows"),
    (b"%PDF-1.4 binary", "report.pdf", "not a file we can import"),
    (b"PK\x03\x04 not really", "recs.xlsx", "not a readable Excel"),
])
def test_unreadable_files(data, filename, message):
    with pytest.raises(tabular.FileProblem) as info:
        tabular.read_table(data, filename)
    assert message in info.value.message


@pytest.mark.slow
def test_five_thousand_rows(topic):
    lines = ["external_id,title_en,topic,addressees,status,status_date,status_note"]
    lines += [f"B-{n},Recommendation {n},export-controls,us_government,proposed,2024-01-01,Published."
              for n in range(5000)]
    seen = []
    plan = importer.plan_import(tabular.read_table("\n".join(lines).encode(), "big.csv"))
    assert plan.ok
    summary = importer.apply_plan(plan, progress=lambda done, total: seen.append(done))
    db.session.commit()
    assert summary["created"] == 5000 and count() == 5000 and count(StatusChange) == 5000
    assert seen[-1] == 5000 and len(seen) == 5000


SUPERSEDES_CSV = (
    "reference,title_en,topic,supersedes,status,status_date,status_note\n"
    "NEXT-2022-001,Old advice,export-controls,,proposed,2022-03-01,Published.\n"
    "NEXT-2022-001,,,,superseded,2024-05-01,Replaced.\n"
    "NEXT-2024-001,New advice,export-controls,NEXT-2022-001,proposed,2024-05-01,Published.\n"
)


def test_supersedes_may_name_a_new_recommendation_of_the_same_file(topic):
    """Regression: the link was silently dropped when both rows were new (the created
    recommendation was read before it existed)."""
    plan, summary = run(SUPERSEDES_CSV)
    assert plan.ok, plan.problems
    assert summary["created"] == 2
    new = db.session.execute(select(Recommendation).filter_by(reference="NEXT-2024-001")).scalar_one()
    assert new.supersedes is not None and new.supersedes.reference == "NEXT-2022-001"
    again, summary = run(SUPERSEDES_CSV)
    assert summary["unchanged"] == 2, [(i.key, i.changed) for i in again.items]


def test_creating_recommendations_logs_no_empty_updates(topic):
    """Regression: every new recommendation also got an audit "update" entry that changed
    nothing (its blank external id set to None)."""
    run(CSV)
    actions = db.session.execute(
        select(AuditLog.action).where(AuditLog.object_type == "Recommendation")).scalars().all()
    assert actions == ["create", "create"]


def test_one_audit_entry_per_imported_recommendation_with_external_id_and_link(topic):
    """Regression (issue 20): a row with an external id got a create and then an update
    setting ``external_id``; a row superseding another got an update setting the link."""
    run(SUPERSEDES_CSV.replace("reference,", "external_id,reference,").replace(
        "\nNEXT-2022-001,Old", "\nold-1,NEXT-2022-001,Old").replace(
        "\nNEXT-2022-001,,", "\nold-1,NEXT-2022-001,,").replace(
        "\nNEXT-2024-001,New", "\nnew-1,NEXT-2024-001,New"))
    entries = db.session.execute(
        select(AuditLog.action, AuditLog.object_repr).where(AuditLog.object_type == "Recommendation")
    ).all()
    assert [action for action, _ in entries] == ["create", "create"], entries
    new = db.session.execute(select(Recommendation).filter_by(external_id="new-1")).scalar_one()
    assert new.supersedes.external_id == "old-1"

# --- Duplicate titles (rows without a reference) ---------------------------------------

NO_REF_CSV = (
    "title_en,title_ja,topic,publication,addressees,status,status_date,status_note\n"
    "Coordinate export controls,輸出管理の連携,export-controls,report-2024,both_governments,proposed,2024-03-01,Published.\n"
    "Joint AI safety institute,,export-controls,report-2024,us_government,proposed,2024-03-01,Published.\n"
)


@pytest.fixture
def report():
    return factories.PublicationFactory(slug="report-2024", title_en="2024 report")


def test_reimporting_a_sheet_without_references_changes_nothing(topic, report):
    plan, summary = run(NO_REF_CSV)
    assert summary["created"] == 2 and not plan.duplicates
    before = snapshot()
    again, summary = run(NO_REF_CSV)
    assert again.ok and again.count("create") == 0 and again.count("skip") == 2
    assert [item.duplicate_of[1] for item in again.duplicates] == [r[0] for r in before[0]]
    assert summary["created"] == 0 and summary["status changes"] == 0
    assert snapshot() == before


def test_close_titles_are_duplicates_in_the_same_publication_only(topic, report):
    run(NO_REF_CSV)
    other = factories.PublicationFactory(slug="other")
    edited = (
        "title_en,title_ja,topic,publication,addressees\n"
        "COORDINATE  export-controls!,,export-controls,report-2024,both_governments\n"  # same, normalised
        ",輸出管理の連携。,export-controls,report-2024,both_governments\n"  # Japanese title
        "Coordinate export control,,export-controls,report-2024,both_governments\n"  # ratio >= 0.9
        "Coordinate export controls,,export-controls,other,both_governments\n"  # another publication
        "Coordinate investment screening,,export-controls,report-2024,both_governments\n"  # different
    )
    plan, _ = run(edited, dry_run=True)
    assert [item.action for item in plan.items] == ["skip", "skip", "skip", "create", "create"]
    assert other.id


def test_duplicate_rows_may_be_merged_or_created_anyway(topic, report):
    run(NO_REF_CSV)
    first = db.session.execute(select(Recommendation).order_by(Recommendation.id)).scalars().first()
    changed = NO_REF_CSV.replace("both_governments,proposed,2024-03-01", "us_government,implemented,2024-06-01")
    table = tabular.read_table(changed.encode(), "recs.csv")
    plan = importer.plan_import(table, duplicates={"row:2": "merge", "row:3": "create"})
    assert plan.ok, plan.problems
    assert [(i.action, i.reference) for i in plan.items] == [("update", first.reference), ("create", None)]
    summary = importer.apply_plan(plan)
    db.session.commit()
    assert summary["updated"] == 1 and summary["created"] == 1 and count() == 3
    db.session.refresh(first)
    assert first.addressees == ["us_government"] and first.status == "implemented"


def test_web_preview_lists_duplicates_and_confirm_applies_the_choice(app, client, auth, topic, report, tmp_path):
    """Upload the same sheet (no reference column) twice: the second preview shows 0 to
    create and lists each row with a link; confirming writes nothing. A row set to merge
    updates the recommendation it repeats."""
    import io
    import re

    from tests.conftest import csrf_token_from

    app.config["IMPORT_WORK_DIR"] = str(tmp_path / "imports")
    auth.login("researcher")

    def upload(body: str):
        token = csrf_token_from(client.get("/import"))
        return client.post("/import", content_type="multipart/form-data", data={
            "csrf_token": token, "file": (io.BytesIO(body.encode()), "recs.csv")})

    def confirm(preview, **choices):
        action = preview.get_data(as_text=True).split('action="/import/')[1].split('"')[0]
        return client.post(f"/import/{action}", data={"csrf_token": csrf_token_from(preview), **choices},
                           follow_redirects=True)

    confirm(upload(NO_REF_CSV))
    assert count() == 2
    before = snapshot()
    again = upload(NO_REF_CSV)
    page = again.get_data(as_text=True)
    assert "<strong>0 to create</strong>" in page
    listed = page.split('id="import-duplicates"')[1].split("</fieldset>")[0]
    assert len(re.findall(r'<a href="/recommendations/NEXT-\d{4}-\d{3}">', listed)) == 2
    assert 'name="duplicate-row:2"' in listed and "Merge into" in listed
    confirm(again)
    db.session.rollback()
    assert snapshot() == before

    changed = NO_REF_CSV.replace("both_governments,proposed", "us_government,proposed")
    confirm(upload(changed), **{"duplicate-row:2": "merge"})
    db.session.rollback()
    first = db.session.execute(select(Recommendation).order_by(Recommendation.id)).scalars().first()
    assert count() == 2 and first.addressees == ["us_government"]
