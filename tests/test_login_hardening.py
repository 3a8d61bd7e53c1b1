"""Login hardening (tracker/web/auth/routes.py, services/accounts/login_throttle.py): throttling, new session
on login, logout ends the session, idle expiry, deactivated users lose their session."""

import time
from datetime import timedelta

from sqlalchemy import update

from tests.conftest import DEFAULT_PASSWORD, csrf_token_from
from tests.support import factories
from tracker.extensions import db
from tracker.models import LoginAttempt, utcnow
from tracker.web.auth.routes import LAST_SEEN_KEY, WRONG_LOGIN


def post_login(client, email, password, addr="198.51.100.1"):
    token = csrf_token_from(client.get("/login"))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": addr})


def test_account_is_locked_after_five_failures_and_told_when_to_retry(client):
    user = factories.UserFactory()
    for _ in range(4):
        response = post_login(client, user.email, "wrong password")
        assert response.status_code == 400
        assert WRONG_LOGIN in response.get_data(as_text=True)
    locked = post_login(client, user.email, "wrong password")
    assert locked.status_code == 429
    text = locked.get_data(as_text=True)
    assert "Too many failed login attempts. Try again after" in text
    assert "minutes" in text
    assert 800 < int(locked.headers["Retry-After"]) <= 15 * 60 + 1
    # Even the right password is refused while locked (no password check at all).
    right = post_login(client, user.email, DEFAULT_PASSWORD)
    assert right.status_code == 429
    # Another account from another address is not affected.
    other = factories.UserFactory()
    assert post_login(client, other.email, DEFAULT_PASSWORD, addr="198.51.100.2").status_code == 302


def test_lock_lifts_when_the_failures_leave_the_window(client):
    user = factories.UserFactory()
    for _ in range(5):
        post_login(client, user.email, "wrong password")
    assert post_login(client, user.email, DEFAULT_PASSWORD).status_code == 429
    db.session.execute(update(LoginAttempt).values(attempted_at=utcnow() - timedelta(minutes=16)))
    db.session.commit()
    assert post_login(client, user.email, DEFAULT_PASSWORD).status_code == 302


def test_success_clears_the_account_failures(client, app):
    user = factories.UserFactory()
    for _ in range(4):
        post_login(client, user.email, "wrong password")
    assert post_login(client, user.email, DEFAULT_PASSWORD).status_code == 302
    other_client = app.test_client()
    for _ in range(4):
        assert post_login(other_client, user.email, "wrong password").status_code == 400


def test_address_is_locked_after_twenty_failures_across_accounts(client):
    user = factories.UserFactory()
    for n in range(19):
        assert post_login(client, f"guess{n}@example.org", "wrong password").status_code == 400
    assert post_login(client, "guess19@example.org", "wrong password").status_code == 429
    assert post_login(client, user.email, DEFAULT_PASSWORD).status_code == 429
    assert post_login(client, user.email, DEFAULT_PASSWORD, addr="198.51.100.9").status_code == 302


def test_unknown_and_known_accounts_answer_alike(client):
    user = factories.UserFactory()
    for _ in range(4):
        known = post_login(client, user.email, "wrong password", addr="192.0.2.1")
        unknown = post_login(client, "nobody@example.org", "wrong password", addr="192.0.2.2")
        assert known.status_code == unknown.status_code == 400
    assert post_login(client, "nobody@example.org", "x", addr="192.0.2.2").status_code == 429


def test_login_starts_a_new_session(client, auth):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = client.get_cookie("session").value
    auth.login("researcher")
    after = client.get_cookie("session").value
    assert after != before
    with client.session_transaction() as session:
        assert "planted" not in session


def test_logout_ends_the_session_even_for_a_copied_cookie(client, auth):
    auth.login("researcher")
    assert client.get("/").status_code == 200
    stolen = client.get_cookie("session").value
    auth.logout()
    assert client.get("/").status_code == 302
    client.set_cookie("session", stolen)
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_session_expires_after_idle_time(client, auth, app):
    auth.login("researcher")
    assert client.get("/").status_code == 200
    idle = app.config["SESSION_IDLE_MINUTES"]
    assert idle == 120
    with client.session_transaction() as session:
        session[LAST_SEEN_KEY] = int(time.time()) - idle * 60 - 5
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your session expired" in page


def test_activity_keeps_the_session_alive(client, auth, app):
    auth.login("researcher")
    with client.session_transaction() as session:
        session[LAST_SEEN_KEY] = int(time.time()) - app.config["SESSION_IDLE_MINUTES"] * 60 + 120
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session[LAST_SEEN_KEY] < 60
    assert client.get("/").status_code == 200


def test_deactivated_user_loses_the_session(client, auth):
    user = auth.login("researcher")
    assert client.get("/").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/").status_code == 302


def test_keep_me_logged_in_makes_a_persistent_cookie(client):
    user = factories.UserFactory()
    token = csrf_token_from(client.get("/login"))
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                           "remember": "y", "csrf_token": token})
    assert response.status_code == 302
    assert "Expires=" in response.headers["Set-Cookie"]
    assert "remember_token" not in str(response.headers.getlist("Set-Cookie"))
