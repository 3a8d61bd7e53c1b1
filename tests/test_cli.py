"""CLI commands (``flask --app wsgi ...``), run through Flask's CLI test runner."""

import pytest
from sqlalchemy import func, select

from tests.support import factories
from tracker.demo import loader
from tracker.domain import tracks
from tracker.extensions import db
from tracker.models import Recommendation, StatusChange, User
from tracker.services.recommendations.status import histories


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def _user(email):
    db.session.expire_all()
    return db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()


def _table_counts() -> dict[str, int]:
    db.session.rollback()
    return {
        table.name: db.session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in db.metadata.sorted_tables
    }


# --- users ---------------------------------------------------------------------------------


def test_users_create_with_password_option(runner):
    result = runner.invoke(args=["users", "create", "--email", "Aiko@Example.org", "--role", "admin",
                                 "--name", "Aiko", "--password", "a long password"])
    assert result.exit_code == 0, result.output
    assert "Created admin aiko@example.org" in result.output
    user = _user("aiko@example.org")
    assert (user.name, user.role, user.active) == ("Aiko", "admin", True)
    assert user.check_password("a long password")
    assert "a long password" not in user.password_hash


def test_users_create_asks_for_the_password(runner):
    result = runner.invoke(args=["users", "create", "--email", "lee@example.org", "--role", "leadership"],
                           input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    assert "Password" in result.output
    assert "a long password" not in result.output  # hidden input
    user = _user("lee@example.org")
    assert user.check_password("a long password")
    assert user.name == "lee"


def test_users_create_prompt_must_match_confirmation(runner):
    result = runner.invoke(args=["users", "create", "--email", "lee@example.org", "--role", "leadership"],
                           input="a long password\nanother password\n")
    assert result.exit_code != 0
    assert _user("lee@example.org") is None


def test_users_create_refuses_duplicate_email(runner):
    factories.UserFactory(email="taken@example.org", role="researcher")
    result = runner.invoke(args=["users", "create", "--email", "TAKEN@example.org", "--role", "admin",
                                 "--password", "a long password"])
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert _user("taken@example.org").role == "researcher"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "x@example.org", "--role", "admin", "--password", "short"], "at least 10"),
        (["--email", "not-an-email", "--role", "admin", "--password", "a long password"], "not an email"),
        (["--email", "x@example.org", "--role", "owner", "--password", "a long password"], "owner"),
        (["--role", "admin", "--password", "a long password"], "--email"),
    ],
)
def test_users_create_bad_input(runner, args, message):
    result = runner.invoke(args=["users", "create", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert db.session.execute(select(func.count()).select_from(User)).scalar_one() == 0


def test_users_list(runner):
    factories.UserFactory(email="b@example.org", role="leadership", active=False)
    factories.UserFactory(email="a@example.org", role="admin")
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "a@example.org\tadmin\tactive",
        "b@example.org\tleadership\tinactive",
    ]


# --- demo seed -----------------------------------------------------------------------------


def test_demo_seed_twice_changes_nothing(runner):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    counts = _table_counts()
    assert counts["user"] == 3 and counts["topic_area"] > 0 and counts["event"] > 0
    for email, _role, password in loader.DEMO_USERS:
        assert email in first.output and password in first.output
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert _table_counts() == counts


def test_demo_seed_reports_a_broken_data_file_and_writes_nothing(runner, tmp_path, monkeypatch):
    (tmp_path / "catalog.json").write_text('{"lines_of_effort": [], "topics": [', encoding="utf-8")
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 1
    assert "Demo data not seeded: catalog.json:" in result.output
    assert _table_counts()["user"] == 0


def test_demo_seed_first_start_only_seeds_an_empty_database(runner):
    result = runner.invoke(args=["demo", "seed", "--first-start"])
    assert result.exit_code == 0, result.output
    counts = _table_counts()
    assert counts["user"] == 3
    again = runner.invoke(args=["demo", "seed", "--first-start"])
    assert again.exit_code == 0
    assert "not seeded again" in again.output
    assert _table_counts() == counts


def test_demo_seed_first_start_leaves_a_real_installation_alone(runner):
    factories.UserFactory(email="real@example.org", role="admin")
    result = runner.invoke(args=["demo", "seed", "--first-start"])
    assert result.exit_code == 0
    assert "not seeded again" in result.output
    counts = _table_counts()
    assert counts["user"] == 1 and counts["recommendation"] == 0 and counts["topic_area"] == 0


def test_demo_seed_count_adds_recommendations_with_consistent_status(runner):
    runner.invoke(args=["demo", "seed"])
    before = _table_counts()
    result = runner.invoke(args=["demo", "seed", "--count", "50"])
    assert result.exit_code == 0, result.output
    assert "Added 50 synthetic recommendations" in result.output
    after = _table_counts()
    assert after["recommendation"] == before["recommendation"] + 50
    assert after["status_change"] >= before["status_change"] + 50
    refs = db.session.execute(select(Recommendation.reference)).scalars().all()
    assert len(refs) == len(set(refs))
    for rec in db.session.execute(select(Recommendation)).scalars():
        overall, derived = tracks.overall_from(histories(rec))
        assert (rec.status, rec.status_since, rec.regressed, rec.open_since) == (
            overall.status, overall.since, overall.regressed, overall.open_since), rec.reference
        for track in rec.tracks:
            assert (track.status, track.status_since) == (
                derived[track.addressee].status, derived[track.addressee].since), rec.reference
        assert rec.status_changes and rec.addressees
    # Adding more continues the references (never reused).
    result = runner.invoke(args=["demo", "seed", "--count", "5"])
    assert result.exit_code == 0
    assert _table_counts()["recommendation"] == before["recommendation"] + 55
    refs = db.session.execute(select(Recommendation.reference)).scalars().all()
    assert len(refs) == len(set(refs))


def test_demo_seed_count_works_on_an_empty_database(runner):
    result = runner.invoke(args=["demo", "seed", "--count", "3"])
    assert result.exit_code == 0, result.output
    synthetic = db.session.execute(
        select(func.count()).select_from(StatusChange).where(StatusChange.public_note == "Synthetic status change.")
    ).scalar_one()
    assert synthetic >= 3


def test_demo_seed_count_refuses_negative(runner):
    result = runner.invoke(args=["demo", "seed", "--count", "-1"])
    assert result.exit_code == 2
