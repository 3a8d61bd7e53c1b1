"""Every error the app can give has its one shape.

Under ``/api/`` (tracker/api/errors.py): JSON ``{"error": {"status", "code", "message",
"details"}}`` with the CORS header, for 400 (unknown parameter, bad value, unknown slug),
401 (no token, bad scheme, unknown or revoked token), 404 (unknown path or record), 405,
429, 500 and 503 (database unreachable). The API never answers 403, 406, 412 or 413:
nothing under ``/api/`` raises them (no write, no content negotiation, no If-Match).

On the staff side (tracker/errors.py, tracker/operations.py): an HTML page, never a stack
trace, for 400 (expired form), 403, 404, 405, 413 (import too large), 429 (login
throttled), 500 and 503.
"""

import io

import pytest

import config
from tests.conftest import csrf_token_from
from tests.support import factories
from tracker import create_app
from tracker.api.auth import limiter
from tracker.extensions import db
from tracker.models import ApiToken, utcnow

ERROR_KEYS = {"status", "code", "message", "details"}


def assert_api_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == ERROR_KEYS, error
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], dict)
    if code is not None:
        assert error["code"] == code
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return error


def assert_html_error(response, status: int, text: str | None = None) -> str:
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "Traceback" not in page and "Werkzeug Debugger" not in page
    if text is not None:
        assert text in page
    return page


def unreachable_app(tmp_path):
    class Unreachable(config.TestConfig):
        # Nothing listens on port 9 (discard); connecting fails at once.
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"
        SEARCH_INDEX_DIR = str(tmp_path / "index")
        REQUEST_LOG = False

    return create_app(Unreachable)


def logged_in_browser(app):
    """A client with a logged-in session cookie (the user cannot be loaded: no database)."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1"
        session["_sid"] = "some-session"
        session["_seen"] = 2**31
    return client


@pytest.fixture
def token():
    token, plain = ApiToken.issue("Error partner")
    db.session.add(token)
    db.session.commit()
    return plain


@pytest.fixture
def server_errors(app, monkeypatch):
    """Exceptions become 500 answers (as in production) instead of reaching the test."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    def boom(*args, **kwargs):
        raise RuntimeError("forced failure for the test")

    return lambda endpoint: monkeypatch.setitem(app.view_functions, endpoint, boom)


# --- /api/ ----------------------------------------------------------------------------


@pytest.mark.parametrize("path,code", [
    ("/api/v1/recommendations?bogus=1", None),
    ("/api/v1/recommendations?page=0", None),
    ("/api/v1/recommendations?topic=no-such-topic", "invalid_parameter"),
    ("/api/v1/changes?since=not-a-cursor", "invalid_parameter"),
])
def test_api_400(client, token, path, code):
    error = assert_api_error(client.get(path, headers={"Authorization": f"Bearer {token}"}), 400, code)
    assert error["details"].get("parameter")


@pytest.mark.parametrize("headers,code", [
    ({}, "missing_token"),
    ({"Authorization": "Basic abc"}, "invalid_token"),
    ({"Authorization": "Bearer not-a-token"}, "invalid_token"),
])
def test_api_401(client, headers, code):
    response = client.get("/api/v1/recommendations", headers=headers)
    assert_api_error(response, 401, code)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_api_401_for_a_revoked_token(client, token):
    db.session.execute(db.update(ApiToken).values(revoked_at=utcnow()))
    db.session.commit()
    from tracker.api.auth import forget_tokens

    forget_tokens()
    assert_api_error(client.get("/api/v1/statuses", headers={"Authorization": f"Bearer {token}"}),
                     401, "invalid_token")


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/nothing/here", "/api/v1/recommendations/NOPE-1",
                                  "/api/v1/feeds/topics/no-such-topic.atom"])
def test_api_404(client, token, path):
    assert_api_error(client.get(path, headers={"Authorization": f"Bearer {token}"}), 404, "not_found")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_api_405(client, token, method):
    response = client.open("/api/v1/recommendations", method=method,
                           headers={"Authorization": f"Bearer {token}"})
    assert_api_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_api_429(client, app, token, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "1 per minute")
    headers = {"Authorization": f"Bearer {token}"}
    try:
        assert client.get("/api/v1/statuses", headers=headers).status_code == 200
        response = client.get("/api/v1/statuses", headers=headers)
    finally:
        limiter.reset()
    assert_api_error(response, 429, "rate_limited")
    assert int(response.headers["Retry-After"]) > 0


def test_api_500(client, token, server_errors):
    server_errors("api.stats")
    response = client.get("/api/v1/stats", headers={"Authorization": f"Bearer {token}"})
    error = assert_api_error(response, 500, "internal_error")
    assert "forced failure" not in error["message"]


def test_api_503_when_the_database_is_down(tmp_path):
    """Regression: the 503 lacked ``details`` (and relied on another hook for CORS)."""
    app = unreachable_app(tmp_path)
    client = app.test_client()
    for path in ("/api/v1/recommendations", "/api/v1/changes", "/api/v1/feeds/changes.atom"):
        response = client.get(path, headers={"Authorization": "Bearer some-token"})
        assert_api_error(response, 503, "database_unavailable")
        assert response.headers["Retry-After"] == "5"
        assert response.headers["Cache-Control"] == "no-store"
    staff_json = logged_in_browser(app).get("/", headers={"Accept": "application/json"})
    assert staff_json.status_code == 503
    assert set(staff_json.get_json()["error"]) == ERROR_KEYS


# --- staff HTML -----------------------------------------------------------------------


def test_html_400_for_an_expired_form(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert_html_error(response, 400, "Reload the page")


def test_html_403(client, auth):
    auth.login("leadership")
    assert_html_error(client.get("/admin/users"), 403, 'class="error-code">403')


def test_html_404(client, auth):
    auth.login("researcher")
    assert_html_error(client.get("/no/such/page"), 404, 'class="error-code">404')


def test_html_405(client, auth):
    auth.login("researcher")
    assert_html_error(client.delete("/"), 405, 'class="error-code">405')


def test_html_413_for_an_import_too_large(client, auth, app, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024)
    auth.login("researcher")
    token = csrf_token_from(client.get("/import"))
    response = client.post("/import", content_type="multipart/form-data", data={
        "csrf_token": token, "file": (io.BytesIO(b"x" * 200_000), "big.csv")})
    assert_html_error(response, 413, "larger than")


def test_html_429_when_login_is_throttled(client):
    user = factories.UserFactory()
    for _ in range(6):
        token = csrf_token_from(client.get("/login"))
        response = client.post("/login", data={"email": user.email, "password": "wrong",
                                                "csrf_token": token})
    assert_html_error(response, 429, "Too many failed login attempts")
    assert int(response.headers["Retry-After"]) > 0


def test_html_500(client, auth, server_errors):
    auth.login("researcher")
    server_errors("recommendations.index")
    page = assert_html_error(client.get("/"), 500, 'class="error-code">500')
    assert "forced failure" not in page


def test_html_503_when_the_database_is_down(tmp_path):
    client = logged_in_browser(unreachable_app(tmp_path))
    assert_html_error(client.get("/"), 503, "The database is not reachable right now")
