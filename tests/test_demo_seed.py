"""The demo data set (tracker/demo/data, loaded by tracker/demo/loader.py through the
importer): what ``flask --app wsgi demo seed`` creates."""

import csv
import io
import json
import shutil
from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token_from
from tracker.demo import loader
from tracker.domain import statuses
from tracker.domain.tracks import GOVERNMENTS, JAPAN, US, is_asymmetric, overall_from
from tracker.extensions import db
from tracker.models import (
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    StatusChange,
    TopicArea,
    User,
)
from tracker.services import clock
from tracker.services.dataio import importer, tabular, track_columns
from tracker.services.queries.visibility import is_public
from tracker.services.recommendations.status import (
    active_changes,
    derive,
    histories,
    is_stale,
    status_on,
)


@pytest.fixture
def seeded():
    summary = loader.seed_demo()
    db.session.expire_all()
    recs = db.session.execute(select(Recommendation).order_by(Recommendation.id)).scalars().all()
    return summary, recs


def _demo_table(data_dir=loader.DATA_DIR) -> tabular.Table:
    path = data_dir / "recommendations.csv"
    return tabular.read_table(path.read_bytes(), path.name)


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_demo_data_set_has_the_promised_shape(seeded):
    summary, recs = seeded
    in_file = {values["reference"] for _row, values in _demo_table().rows}
    assert summary["recommendations"] == len(in_file) == len(recs) >= 60
    assert _count(LineOfEffort) == 2
    assert _count(TopicArea) >= 10
    assert db.session.execute(select(func.count()).where(TopicArea.parent_id.is_not(None))).scalar_one() > 0
    events = db.session.execute(select(Event)).scalars().all()
    assert len(events) >= 10
    assert {e.kind for e in events} >= {"roundtable", "conference", "workshop", "symposium"}
    assert min(e.starts_on.year for e in events) == 2021 and max(e.starts_on.year for e in events) >= 2025
    assert _count(Publication) >= 12
    assert {p.kind for p in db.session.execute(select(Publication)).scalars()} >= {
        "roundtable_report", "workshop_report", "scholar_article", "policy_recommendations"}
    japanese = [r for r in recs if r.title_ja or r.text_ja]
    assert len(japanese) * 4 >= len(recs)
    assert any(r.title_ja and not r.title_en for r in recs)  # Japanese-only exists too
    assert sum(len(r.status_changes) >= 3 for r in recs) >= len(recs) // 3  # multi-step histories
    assert any(r.supersedes is not None for r in recs)
    assert all(r.addressees for r in recs)
    assert {r.reference.split("-")[1] for r in recs} >= {"2022", "2023", "2024", "2025"}
    # Every situation a board shows:
    by_status = Counter(r.status for r in recs)
    assert set(by_status) >= {"draft", "proposed", "under_consideration", "in_progress", "implemented",
                              "not_adopted"}, by_status
    assert any(is_stale(r) for r in recs)
    assert any(r.regressed for r in recs)
    assert any(r.priority for r in recs)
    not_public = [r for r in recs if not is_public(r) and r.status != statuses.DRAFT]
    assert not_public, "some published-status recommendations must be in unpublished publications"
    assert any(is_public(r) for r in recs)
    retractions = db.session.execute(select(StatusChange).where(StatusChange.kind == "retraction")).scalars().all()
    assert retractions and all(r.retracts is not None for r in retractions)


def test_every_demo_history_is_consistent(seeded):
    _summary, recs = seeded
    for rec in recs:
        for track in rec.tracks:  # each track's derived state is its own history's
            changes = active_changes(rec, track.addressee)
            derived = derive(changes)
            assert (track.status, track.status_since, track.regressed) == (
                derived.status, derived.since, derived.regressed), (rec.reference, track.addressee)
            assert status_on(rec, changes[-1].effective_on, track.addressee) == track.status
        overall, _derived = overall_from(histories(rec))
        assert (rec.status, rec.status_since, rec.regressed) == (
            overall.status, overall.since, overall.regressed), rec.reference
        assert rec.status_changed_at == max(c.recorded_at for c in rec.status_changes)
        assert status_on(rec, clock.today()) == rec.status
        for change in rec.status_changes:
            assert change.public_note and (change.kind == "retraction" or statuses.is_known(change.to_status))
            assert all(url.startswith(("http://", "https://")) for url in change.evidence_urls)


def test_demo_users_one_per_role_can_log_in_and_see_the_pages(seeded, app):
    _summary, recs = seeded
    users = db.session.execute(select(User)).scalars().all()
    assert sorted(u.role for u in users) == ["admin", "leadership", "researcher"]
    for email, _role, password in loader.DEMO_USERS:
        client = app.test_client()
        token = csrf_token_from(client.get("/login"))
        response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
        assert response.status_code == 302, email
        home = client.get("/").get_data(as_text=True)
        assert f"{len(recs)}</strong> recommendations" in home
    for rec in recs[:: max(1, len(recs) // 10)]:
        assert client.get(f"/recommendations/{rec.reference}").status_code == 200


def test_demo_files_pass_the_import_preview_without_problems():
    """The recommendations file is a valid import: on a database with the demo catalog,
    the importer's preview creates every recommendation with its full history."""
    loader.seed_catalog()
    table = _demo_table()
    plan = importer.plan_import(table)
    assert plan.ok, [str(p) for p in plan.problems[:5]]
    assert plan.ignored_columns == [] and plan.to_create == {}
    references = {values["reference"] for _row, values in table.rows}
    assert plan.count("create") == len(references) == len(plan.items)
    # every status cell of a track is one entry of that track
    cells = sum(1 for _row, values in table.rows for column in track_columns.STATUS_COLUMNS
                if values.get(column))
    assert plan.status_changes == cells > len(table.rows)
    assert not plan.warnings  # the file gives each track its own status


def test_demo_governments_move_at_their_own_speed(seeded):
    """Issue 16: most recommendations go to both governments; on some Japan is ahead, on
    others the US, one is declined by one government only; some tracks name an agency."""
    _summary, recs = seeded
    both = [r for r in recs if {US, JAPAN} <= set(r.addressees)]
    assert len(both) * 3 >= len(recs) * 2
    assert not any("both_governments" in r.addressees for r in recs)
    pairs = {r.reference: (statuses.get(r.track(US).status), statuses.get(r.track(JAPAN).status))
             for r in both}
    japan_ahead = [ref for ref, (us, ja) in pairs.items()
                   if None not in (us.progress, ja.progress) and ja.progress > us.progress]
    us_ahead = [ref for ref, (us, ja) in pairs.items()
                if None not in (us.progress, ja.progress) and us.progress > ja.progress]
    declined_by_one = [ref for ref, (us, ja) in pairs.items()
                       if (us.key == "not_adopted") != (ja.key == "not_adopted")]
    assert japan_ahead and us_ahead and declined_by_one, (japan_ahead, us_ahead, declined_by_one)
    assert any(is_asymmetric(us.key, ja.key) for us, ja in pairs.values())  # for the asymmetry list
    agencies = {t.agency for r in recs for t in r.tracks if t.addressee in GOVERNMENTS}
    assert {"METI", "Department of Commerce / BIS"} <= agencies
    # the demo's corrected mistake was on one track only
    (retraction,) = db.session.execute(
        select(StatusChange).where(StatusChange.kind == "retraction")).scalars().all()
    assert retraction.addressee == JAPAN == retraction.retracts.addressee


def test_seeded_demo_matches_its_files_exactly(seeded):
    """After seeding, a preview of the same file changes nothing: what the import wrote
    is what the file says (and the export of it would say)."""
    plan = importer.plan_import(_demo_table())
    assert plan.ok, [str(p) for p in plan.problems[:5]]
    assert plan.count("unchanged") == len(plan.items), [
        (i.key, i.changed, i.new_changes) for i in plan.items if i.action != "unchanged"][:3]


def _edited_copy(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, data_dir)
    path = data_dir / "recommendations.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    header, first = rows[0], rows[1]
    first[header.index("title_en")] = "Edited in the data file"
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    catalog = json.loads((data_dir / "catalog.json").read_text(encoding="utf-8"))
    catalog["topics"][0]["name_en"] = "Renamed topic"
    (data_dir / "catalog.json").write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    return data_dir, first[header.index("reference")], catalog["topics"][0]["slug"]


def test_seeding_reads_the_data_files(tmp_path):
    data_dir, reference, topic_slug = _edited_copy(tmp_path)
    loader.seed_demo(data_dir)
    rec = db.session.execute(select(Recommendation).filter_by(reference=reference)).scalar_one()
    assert rec.title_en == "Edited in the data file"
    topic = db.session.execute(select(TopicArea).filter_by(slug=topic_slug)).scalar_one()
    assert topic.name_en == "Renamed topic"


def test_a_broken_data_file_is_refused_with_its_row_and_nothing_is_written(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, data_dir)
    path = data_dir / "recommendations.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace(",economic-security,", ",no-such-topic,", 1), encoding="utf-8")
    with pytest.raises(loader.DemoDataProblem) as info:
        loader.seed_demo(data_dir)
    assert "recommendations.csv" in str(info.value) and "row 2, topic" in str(info.value)
    assert _count(Recommendation) == 0 and _count(TopicArea) == 0 and _count(User) == 0


def test_a_retraction_of_an_unknown_recommendation_is_refused(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, data_dir)
    retractions = json.loads((data_dir / "retractions.json").read_text(encoding="utf-8"))
    retractions[0]["reference"] = "NEXT-1999-001"
    (data_dir / "retractions.json").write_text(json.dumps(retractions), encoding="utf-8")
    with pytest.raises(loader.DemoDataProblem, match="retractions.json, NEXT-1999-001: .* not in"):
        loader.seed_demo(data_dir)
    assert _count(Recommendation) == 0
