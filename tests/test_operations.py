"""Operations (tracker/web/operations.py): /healthz, request logs, 503 when the database is down."""

import json
import logging
import os

import pytest
from sqlalchemy import text

import config
from tests.support import factories
from tracker import create_app
from tracker.extensions import db

ON_POSTGRES = bool(os.environ.get("DATABASE_URL"))


def test_healthz_reports_database_and_migrations(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True}
    assert body["migrations"]["ok"] is True
    assert body["migrations"]["current"] == body["migrations"]["head"]
    raw = response.get_data(as_text=True)
    assert app.config["SECRET_KEY"] not in raw
    assert "sqlite" not in raw and "postgresql" not in raw and "tmp" not in raw


def test_healthz_fails_when_the_schema_is_behind(client):
    [current] = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars()
    db.session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    db.session.commit()
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json()["migrations"]["ok"] is False
        assert response.get_json()["status"] == "fail"
    finally:
        db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": current})
        db.session.commit()


@pytest.fixture
def request_lines():
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(json.loads(record.getMessage()))

    handler = Collect()
    logger = logging.getLogger("tracker.request")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_request_id_is_echoed_or_generated(client, request_lines):
    response = client.get("/login", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    generated = client.get("/login", headers={"X-Request-ID": "bad id with spaces"})
    assert generated.headers["X-Request-ID"] not in ("", "bad id with spaces")
    assert len(generated.headers["X-Request-ID"]) == 32
    assert [line["request_id"] for line in request_lines] == ["abc-123", generated.headers["X-Request-ID"]]


def test_one_json_line_per_request_without_secrets(client, auth, request_lines):
    user = auth.login("researcher")
    request_lines.clear()
    client.get("/?token=nxt_SECRETVALUE&page=2")
    [line] = request_lines
    assert line["method"] == "GET" and line["path"] == "/" and line["status"] == 200
    assert line["user_id"] == user.id
    assert isinstance(line["duration_ms"], float)
    assert "SECRETVALUE" not in json.dumps(line)
    request_lines.clear()
    client.post("/login", data={"email": user.email, "password": "correct horse battery"})
    assert "correct horse" not in json.dumps(request_lines)
    assert request_lines[0]["status"] in (302, 400)


def unreachable_app(tmp_path):
    class Unreachable(config.TestConfig):
        # Nothing listens on port 9 (discard); connecting fails at once.
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"
        SEARCH_INDEX_DIR = str(tmp_path / "index")

    return create_app(Unreachable)


def test_database_down_answers_503_not_500(tmp_path):
    app = unreachable_app(tmp_path)
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["database"]["ok"] is False
    assert "nobody" not in health.get_data(as_text=True)
    with client.session_transaction() as session:  # a logged-in browser
        session["_user_id"] = "1"
        session["_sid"] = "some-session"
        session["_seen"] = 2**31
    page = client.get("/")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "5"
    assert "The database is not reachable right now" in page.get_data(as_text=True)
    api = client.get("/", headers={"Accept": "application/json"})
    assert api.status_code == 503
    assert api.get_json()["error"]["code"] == "database_unavailable"


@pytest.mark.skipif(not ON_POSTGRES, reason="terminates PostgreSQL backends")
def test_app_recovers_after_postgres_drops_its_connections(client, auth):
    factories.RecommendationFactory()
    auth.login("researcher")
    assert client.get("/").status_code == 200
    db.session.remove()
    with db.engine.connect() as conn:
        conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ))
        conn.commit()
    # Pooled connections are dead now; pool_pre_ping replaces them without an error.
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200
