"""The Alembic chain builds exactly the models: ``flask db upgrade`` on an empty database,
then autogenerate's comparison finds nothing to do. Runs on a brand-new SQLite file, and on
PostgreSQL (in a throwaway schema of DATABASE_URL's database) when DATABASE_URL is set."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestConfig
from tracker import create_app
from tracker.extensions import db


def _app(uri: str, tmp_path, **engine_options):
    settings = {
        "SQLALCHEMY_DATABASE_URI": uri,
        "SEARCH_INDEX_DIR": str(tmp_path / "idx"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, **engine_options},
    }
    return create_app(type("MigrationTestConfig", (TestConfig,), settings))


def _differences(app) -> list:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def _check_upgrade_matches_models(app, *, round_trip: bool) -> None:
    model_tables = {t.name for t in db.metadata.sorted_tables}
    assert _tables(app) == set()
    with app.app_context():
        upgrade()
    assert _tables(app) == model_tables
    assert _differences(app) == []
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    if round_trip:
        with app.app_context():
            downgrade(revision="base")
        assert _tables(app) == set()
        with app.app_context():
            upgrade()
        assert _tables(app) == model_tables
        assert _differences(app) == []


def test_sqlite_upgrade_matches_models_and_round_trips(tmp_path):
    app = _app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path)
    try:
        _check_upgrade_matches_models(app, round_trip=True)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_model_change_is_detected(tmp_path):
    """The comparison is not vacuous: a column the migrations lack shows up."""
    app = _app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path)
    with app.app_context():
        upgrade()
        db.session.execute(text("ALTER TABLE event ADD COLUMN extra_column INTEGER"))
        db.session.commit()
        db.session.remove()
    differences = _differences(app)
    assert any(d[0] == "remove_column" and d[2] == "event" and d[3].name == "extra_column"
               for d in differences), differences
    with app.app_context():
        db.engine.dispose()


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="PostgreSQL check needs DATABASE_URL")
def test_postgresql_upgrade_matches_models(app, tmp_path):
    schema = f"migration_check_{uuid.uuid4().hex[:8]}"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    with db.engine.begin() as conn:  # the session app's engine, on the same database
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    fresh = _app(uri, tmp_path, connect_args={"options": f"-csearch_path={schema}"})
    try:
        _check_upgrade_matches_models(fresh, round_trip=True)
    finally:
        with fresh.app_context():
            db.engine.dispose()
        with db.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
