"""Login, logout, the session cookie, CSRF on forms, and the ``next`` redirect."""

from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import DEFAULT_PASSWORD, csrf_token_from
from tests.support import factories
from tracker.extensions import db
from tracker.models import User
from tracker.web.auth.routes import WRONG_LOGIN


def _post_login(client, email, password, next_url=None, **extra):
    token = csrf_token_from(client.get("/login"))
    url = "/login" if next_url is None else f"/login?next={next_url}"
    return client.post(url, data={"email": email, "password": password, "csrf_token": token, **extra})


def _logged_in(client) -> bool:
    return client.get("/").status_code == 200


def test_login_page_renders_for_anonymous(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert 'name="password"' in response.get_data(as_text=True)


def test_login_with_right_password(client):
    user = factories.UserFactory(email="riley@example.org")
    response = _post_login(client, "Riley@Example.org ", DEFAULT_PASSWORD)  # case and spaces
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/"
    assert _logged_in(client)
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None


@pytest.mark.parametrize(
    ("email", "password", "active"),
    [
        ("nobody@example.org", DEFAULT_PASSWORD, True),  # unknown email
        ("riley@example.org", "wrong password!", True),  # wrong password
        ("riley@example.org", DEFAULT_PASSWORD, False),  # inactive user
        ("riley@example.org", "", True),  # empty password
    ],
)
def test_failed_login_says_the_same_whatever_the_reason(client, email, password, active):
    factories.UserFactory(email="riley@example.org", active=active)
    response = _post_login(client, email, password)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert WRONG_LOGIN in html
    # Nothing that tells an unknown email from a known one.
    assert "not found" not in html.lower() and "inactive" not in html.lower()
    assert not _logged_in(client)


def test_logout(client, auth):
    auth.login("researcher")
    response = auth.logout()
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert not _logged_in(client)


def test_session_cookie_is_httponly_and_samesite(client):
    factories.UserFactory(email="riley@example.org")
    response = _post_login(client, "riley@example.org", DEFAULT_PASSWORD, remember="y")
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    # "Keep me logged in" makes the session cookie outlive the browser (no separate
    # remember cookie, which would get round logout and the idle timeout).
    assert "remember_token" not in cookies
    assert "HttpOnly" in cookies["session"]
    assert "SameSite=Lax" in cookies["session"]
    assert "Expires=" in cookies["session"]


def test_login_requires_csrf_token(client):
    factories.UserFactory(email="riley@example.org")
    client.get("/login")
    response = client.post("/login", data={"email": "riley@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert not _logged_in(client)
    forged = client.post("/login", data={"email": "riley@example.org", "password": DEFAULT_PASSWORD,
                                          "csrf_token": "forged"})
    assert forged.status_code == 400
    assert not _logged_in(client)


def test_logout_requires_csrf_token(client, auth):
    auth.login("researcher")
    assert client.post("/logout").status_code == 400
    assert _logged_in(client)
    assert client.get("/logout").status_code == 405  # no logout by a link or an <img>
    assert _logged_in(client)


def test_admin_form_requires_csrf_token(client, auth):
    auth.login("admin")
    before = db.session.query(User).count()
    response = client.post("/admin/users/new", data={
        "email": "x@example.org", "name": "X", "role": "admin", "password": "a long password",
    })
    assert response.status_code == 400
    assert db.session.query(User).count() == before


def test_htmx_requests_send_the_token_in_a_header(client, auth):
    auth.login("admin")
    token = csrf_token_from(client.get("/"))  # from hx-headers on <body>
    response = client.post("/admin/users/new", headers={"X-CSRFToken": token, "HX-Request": "true"}, data={
        "email": "x@example.org", "name": "X", "role": "researcher", "password": "a long password",
    })
    assert response.status_code == 302


def test_next_is_followed_for_a_local_path(client):
    factories.UserFactory(email="riley@example.org")
    anonymous = client.get("/?page=2")
    login_url = anonymous.headers["Location"]
    token = csrf_token_from(client.get(login_url))
    response = client.post(login_url, data={"email": "riley@example.org", "password": DEFAULT_PASSWORD,
                                            "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/?page=2"


def _browser_target(location: str) -> str:
    """Where a browser goes: it strips tabs/newlines and reads backslashes as slashes."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return urljoin("http://localhost/login", cleaned)


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "/%09/evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "%2F%2Fevil.example",
    ],
)
def test_next_open_redirect_refused(client, auth, next_url):
    factories.UserFactory(email="riley@example.org")
    response = _post_login(client, "riley@example.org", DEFAULT_PASSWORD, next_url=next_url)
    assert response.status_code == 302
    assert urlsplit(_browser_target(response.headers["Location"])).netloc == "localhost"
    # Already logged in: /login?next=... redirects too, and must stay on site as well.
    again = client.get(f"/login?next={next_url}")
    assert urlsplit(_browser_target(again.headers["Location"])).netloc == "localhost"
