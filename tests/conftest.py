"""Shared fixtures.

The database is SQLite in a temp dir by default; set ``DATABASE_URL`` to run the whole suite
on PostgreSQL (``.ci/run`` does both). The schema is built by the Alembic migrations, so
every test runs on what ``flask db upgrade`` creates. Each test starts with empty tables.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from config import TestConfig
from tests.support import factories
from tests.support.pages import known  # noqa: F401  (fixture: real URL arguments for the page sweeps)
from tracker import create_app
from tracker.extensions import db

DEFAULT_PASSWORD = factories.DEFAULT_PASSWORD


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def make_test_app(tmp_path: Path, **overrides):
    """An app on a fresh schema under ``tmp_path`` (or on DATABASE_URL's database)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        from config import _database_url

        url = _database_url()
        _reset_postgres(url)
    else:
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    settings = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        **overrides,
    }

    class Config(TestConfig):
        pass

    for key, value in settings.items():
        setattr(Config, key, value)
    app = create_app(Config)
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = make_test_app(tmp_path_factory.mktemp("app"))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _app_context(request, app):
    """Each test runs in an app context and leaves the tables empty for the next one."""
    if "no_app_context" in request.keywords:
        yield
        return
    with app.app_context():
        yield
        db.session.remove()
        _empty_tables()
    index_dir = Path(app.config["SEARCH_INDEX_DIR"])
    if index_dir.exists():
        shutil.rmtree(index_dir, ignore_errors=True)


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        # Last: deleting recommendations above added their -1 deltas to it (triggers).
        conn.execute(db.metadata.tables["board_tally"].delete())


@pytest.fixture
def client(app):
    return app.test_client()


_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def csrf_token_from(response) -> str:
    """The CSRF token on a rendered page (form field or the htmx header on <body>)."""
    match = _TOKEN.search(response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class AuthActions:
    """Log a test client in and out (flaskr's pattern)."""

    def __init__(self, client):
        self._client = client

    def login(self, user_or_role="researcher", password: str = DEFAULT_PASSWORD):
        user = user_or_role
        if isinstance(user_or_role, str):
            user = factories.UserFactory(role=user_or_role)
        token = csrf_token_from(self._client.get("/login"))
        response = self._client.post(
            "/login", data={"email": user.email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    def logout(self):
        token = csrf_token_from(self._client.get("/"))
        return self._client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def app_no_csrf(app):
    """Turn CSRF checks off for tests that post forms directly."""
    app.config["WTF_CSRF_ENABLED"] = False
    yield app
    app.config["WTF_CSRF_ENABLED"] = True


@pytest.fixture(autouse=True)
def _fresh_g_per_request(app):
    """Requests reuse the test's app context, so ``g`` (Flask-Login's ``_login_user``,
    Flask-WTF's ``csrf_token``...) would leak from one request, and one test client, to
    the next. Start each request with an empty ``g``, as in production."""
    from flask import g, request_started

    def _clear_g(sender, **extra):
        g.__dict__.clear()

    request_started.connect(_clear_g, app)
    yield
    request_started.disconnect(_clear_g, app)
@pytest.fixture
def api(client):
    """A client for /api/v1 with a partner token; checks every response against OpenAPI."""
    from tests.support.api import ApiClient, issue_token

    return ApiClient(client, issue_token())


@pytest.fixture
def api_world():
    """Public and non-public recommendations for the API tests (see tests/support/api.py)."""
    from tests.support.api import build_world

    return build_world()
