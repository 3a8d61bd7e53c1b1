"""Exports re-import unchanged; dump -> load gives back the same database; the data CLI."""

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.support import factories
from tracker.extensions import db
from tracker.models import (
    Recommendation,
    RecommendationAddressee,
    ReferenceCounter,
    StatusChange,
    TopicArea,
)
from tracker.services.dataio import backup, exporter, importer, tabular
from tracker.services.recommendations.status import record_status_change, retract_status_change


@pytest.fixture
def data():
    """Two public recommendations with histories (one retraction), one draft, tricky text."""
    topic = factories.TopicAreaFactory(slug="cyber", name_en="Cybersecurity", name_ja="サイバー")
    event = factories.EventFactory(slug="rt-2023")
    admin = factories.UserFactory(role="admin", name="Ada")
    a = factories.RecommendationFactory(
        topic=topic, event=event, title_ja="サイバー協力", addressees=("us_government", "government_of_japan"),
        text_en="=HYPERLINK(\"http://evil.example\",\"click\")", internal_notes="Staff only",
        history=[(date(2023, 6, 1), "in_progress", "Steps taken.")])
    b = factories.RecommendationFactory(topic=topic, first_status="draft", publication=None)
    # The two governments move apart: Japan implements first (narrowed to METI), the US later.
    record_status_change(a, "implemented", date(2023, 9, 1), "Done.", internal_note="secret",
                         evidence_urls=["https://example.org/a"], user=admin,
                         tracks=["government_of_japan"], agency="METI")
    record_status_change(a, "implemented", date(2023, 11, 1), "Done in Washington.",
                         user=admin, tracks=["us_government"], agency="Department of Commerce / BIS")
    wrong = record_status_change(b, "proposed", date(2023, 8, 1), "Oops.", user=admin)
    record_status_change(b, "under_consideration", date(2023, 8, 2), "Studied.", user=admin)
    for entry in wrong:  # one entry per track
        retract_status_change(entry, "Entered by mistake.", user=admin)
    db.session.commit()
    return a, b


def reimport(body: bytes, filename: str):
    plan = importer.plan_import(tabular.read_table(body, filename))
    assert plan.ok, plan.problems
    return plan


@pytest.mark.parametrize("fmt,history", [("csv", False), ("xlsx", False), ("csv", True), ("xlsx", True)])
def test_staff_export_reimports_unchanged(data, fmt, history):
    body = exporter.export_staff(fmt, history=history)
    plan = reimport(body, f"export.{fmt}")
    assert [i.action for i in plan.items] == ["unchanged", "unchanged"]


def test_formula_cells_are_escaped_in_exports(data):
    text = exporter.export_staff("csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exporter.export_staff("xlsx"))).active
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert any(str(v).startswith("'=HYPERLINK") for v in cells)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_public_exports_have_public_rows_and_fields_only(data):
    a, b = data
    rows = list(csv.DictReader(io.StringIO(exporter.export_public("csv").decode("utf-8-sig"))))
    assert {r["reference"] for r in rows} == {a.reference}
    assert "internal_notes" not in rows[0] and "status_internal_note" not in rows[0]
    assert "secret" not in exporter.export_public("csv").decode("utf-8-sig")
    by_ref = {r["reference"]: r for r in rows}
    assert (rows[0]["us_agency"], rows[0]["japan_agency"]) == ("Department of Commerce / BIS", "METI")
    assert [(r["us_status"], r["japan_status"]) for r in rows] == [
        ("proposed", "proposed"), ("in_progress", "in_progress"), ("", "implemented"),
        ("implemented", "")]
    assert by_ref[a.reference]["status_note"] == "Done in Washington."
    doc = json.loads(exporter.export_public("json"))
    (item,) = doc["recommendations"]
    assert item["addressees"] == ["government_of_japan", "us_government"]
    assert (item["us_status"], item["us_status_date"]) == ("implemented", "2023-11-01")
    assert (item["japan_status"], item["japan_status_date"], item["japan_agency"]) == (
        "implemented", "2023-09-01", "METI")
    assert [(h["addressee"], h["status"]) for h in item["history"]] == [
        ("us_government", "proposed"), ("government_of_japan", "proposed"),
        ("us_government", "in_progress"), ("government_of_japan", "in_progress"),
        ("government_of_japan", "implemented"), ("us_government", "implemented")]
    assert "internal_notes" not in item and "Staff only" not in json.dumps(doc)
    for fmt in ("csv", "json"):
        assert [i.action for i in reimport(exporter.export_public(fmt), f"p.{fmt}").items] == ["unchanged"]


def test_export_into_empty_database_gives_the_same_recommendations(data):
    body = exporter.export_staff("csv", history=True)
    before = [r[:-1] for r in exporter.rows(exporter._load(exporter.staff_query()), exporter.STAFF_COLUMNS, history=True)]
    db.session.execute(StatusChange.__table__.delete())
    db.session.execute(RecommendationAddressee.__table__.delete())
    db.session.execute(Recommendation.__table__.delete())
    db.session.execute(ReferenceCounter.__table__.delete())  # a fresh database
    db.session.commit()
    db.session.expunge_all()
    plan = reimport(body, "export.csv")
    importer.apply_plan(plan)
    db.session.commit()
    after = [r[:-1] for r in exporter.rows(exporter._load(exporter.staff_query()), exporter.STAFF_COLUMNS, history=True)]
    assert after == before


def test_staff_export_filters(data):
    a, b = data
    text = exporter.export_staff("csv", {"status": "implemented"}).decode("utf-8-sig")
    assert a.reference in text and b.reference not in text


def _wipe():
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


def test_dump_then_load_gives_back_the_same_database(data, tmp_path):
    first = backup.dump(with_secrets=True)
    assert first["tables"]["status_change"][-1]["kind"] == "retraction"
    _wipe()
    db.session.expunge_all()
    backup.load(json.loads(json.dumps(first)))
    db.session.commit()
    second = backup.dump(with_secrets=True)
    assert second["tables"] == first["tables"]
    # ids continue after the loaded ones (sequences reset on PostgreSQL)
    rec = factories.RecommendationFactory(topic=db.session.get(TopicArea, first["tables"]["topic_area"][0]["id"]))
    assert rec.id > max(r["id"] for r in first["tables"]["recommendation"])
    assert rec.reference not in {r["reference"] for r in first["tables"]["recommendation"]}


def test_dump_leaves_out_password_hashes_unless_asked(data):
    doc = backup.dump()
    assert all(u["password_hash"] is None for u in doc["tables"]["user"])
    assert "api_token" not in doc["tables"]


def test_load_refuses_a_database_that_is_not_empty(data):
    doc = backup.dump()
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.load(doc)
    with pytest.raises(backup.BackupError, match="not a NEXT Tracker backup"):
        backup.load({"tables": {}})


def test_cli_import_dry_run_import_export_dump_load(app, tmp_path):
    factories.TopicAreaFactory(slug="space", name_en="Space")
    src = tmp_path / "in.csv"
    src.write_text("title_en,topic,status,status_date\nMoon,space,proposed,2024-01-01\n", encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["data", "import", str(src), "--dry-run"])
    assert result.exit_code == 0 and "1 to create" in result.output and "Dry run" in result.output
    assert db.session.execute(select(func.count()).select_from(Recommendation)).scalar_one() == 0
    result = runner.invoke(args=["data", "import", str(src)])
    assert result.exit_code == 0, result.output
    assert "1 created" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("title_en,topic,status,status_date\nX,nowhere,maybe,2024-01-01\n", encoding="utf-8")
    result = runner.invoke(args=["data", "import", str(bad)])
    assert result.exit_code != 0 and "row 2, status" in result.output and "row 2, topic" in result.output
    out = tmp_path / "out.xlsx"
    assert runner.invoke(args=["data", "export", str(out)]).exit_code == 0
    result = runner.invoke(args=["data", "import", str(out)])
    assert "1 unchanged" in result.output
    dump = tmp_path / "dump.json"
    assert runner.invoke(args=["data", "dump", str(dump)]).exit_code == 0
    result = runner.invoke(args=["data", "load", str(dump)])
    assert result.exit_code != 0 and "not empty" in result.output
    _wipe()
    db.session.expunge_all()
    result = runner.invoke(args=["data", "load", str(dump)])
    assert result.exit_code == 0, result.output
    assert db.session.execute(select(Recommendation.title_en)).scalar_one() == "Moon"


def test_cli_refuses_a_file_over_the_limit(app, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"title_en,topic\n" + b"x" * (50 * 1024 * 1024))
    result = app.test_cli_runner().invoke(args=["data", "import", str(big)])
    assert result.exit_code != 0 and "the limit is" in result.output


def test_cli_load_rebuilds_the_search_index(app, data, tmp_path, monkeypatch):
    """README: ``data load`` rebuilds the search index. On a new server (an empty index
    folder) the restored records are in the index right after the load, before any search
    has caught up (``search check`` is clean)."""
    from tracker import search

    a, b = data
    reference = a.reference
    runner = app.test_cli_runner()
    dump = tmp_path / "dump.json"
    assert runner.invoke(args=["data", "dump", str(dump)]).exit_code == 0
    _wipe()
    db.session.expunge_all()
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "new-server-index"))
    result = runner.invoke(args=["data", "load", str(dump)])
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt." in result.output
    assert search.drift() == {"missing": [], "stale": [], "orphan": []}
    check = runner.invoke(args=["search", "check"])
    assert check.exit_code == 0, check.output
    found = search.search(reference, per_page=None)
    assert [db.session.get(Recommendation, i).reference for i in found.ids] == [reference]
