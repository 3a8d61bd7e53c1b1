"""Request parameters that used to give a 500 or leak information (issue 21)."""

import pytest
import werkzeug.security

from tests.conftest import DEFAULT_PASSWORD, csrf_token_from
from tests.support import factories

HUGE = "9" * 30  # far past 2**63


@pytest.mark.parametrize("path", [f"/admin/users/{HUGE}", f"/events/{HUGE}", f"/topics/{2**63}"])
def test_integer_path_values_past_the_database_range_are_404(client, auth, path):
    auth.login("admin")
    assert client.get(path).status_code == 404


def test_retract_with_a_huge_change_id_is_404(client, auth):
    rec = factories.RecommendationFactory()
    auth.login("researcher")
    token = csrf_token_from(client.get("/"))
    response = client.post(f"/recommendations/{rec.reference}/status/{HUGE}/retract",
                           data={"csrf_token": token})
    assert response.status_code == 404


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: x=1", "/\nX: y", "/\\\\evil.example"])
def test_login_next_with_control_characters_goes_home(client, target):
    user = factories.UserFactory(role="researcher")
    token = csrf_token_from(client.get("/login"))
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")
    assert client.get("/login", query_string={"next": target}).status_code == 302


def test_language_switch_next_with_crlf_goes_home(client):
    token = csrf_token_from(client.get("/login"))
    response = client.post("/language", data={"lang": "ja", "next": "/\r\nX: y", "csrf_token": token})
    assert response.status_code == 302 and "\n" not in response.headers["Location"]
    assert response.headers["Location"].endswith("/login")


def _hash_calls(monkeypatch):
    calls = []
    original = werkzeug.security._hash_internal

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", counting)
    return calls


@pytest.mark.parametrize("who", ["unknown", "wrong password", "inactive"])
def test_login_does_the_same_hashing_work_for_every_failure(client, monkeypatch, who):
    user = factories.UserFactory(role="researcher", active=(who != "inactive"))
    email = "nobody@example.org" if who == "unknown" else user.email
    password = "wrong-password-123" if who == "wrong password" else DEFAULT_PASSWORD
    token = csrf_token_from(client.get("/login"))
    client.post("/login", data={"email": "warm-up@example.org", "password": "x" * 12, "csrf_token": token})
    calls = _hash_calls(monkeypatch)
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 400
    assert calls == [user.password_hash.split("$")[0]]  # one hash, same method and cost


def test_password_reset_ends_the_users_other_sessions(app, client, auth):
    victim = factories.UserFactory(role="researcher")
    other = app.test_client()
    token = csrf_token_from(other.get("/login"))
    other.post("/login", data={"email": victim.email, "password": DEFAULT_PASSWORD, "csrf_token": token})
    assert other.get("/").status_code == 200
    auth.login("admin")
    page = client.get(f"/admin/users/{victim.id}")
    response = client.post(f"/admin/users/{victim.id}", data={
        "csrf_token": csrf_token_from(page), "email": victim.email, "name": victim.name or "Victim",
        "role": "researcher", "active": "y", "password": "a-brand-new-password-2026"})
    assert response.status_code == 302
    assert other.get("/").status_code == 302  # logged out: back to the login page
    assert client.get("/admin/users").status_code == 200  # the admin's own session goes on


def test_a_retried_status_change_records_one_entry(client, auth):
    from datetime import date

    from sqlalchemy import func, select

    from tracker.extensions import db
    from tracker.models import StatusChange

    rec = factories.RecommendationFactory(history=[(date(2024, 1, 5), "under_consideration", "Acknowledged.")])
    auth.login("researcher")
    response = client.get(f"/recommendations/{rec.reference}/status/new")
    page = response.get_data(as_text=True)
    key = page.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_token_from(response), "submission_key": key, "to_status": "in_progress",
            "effective_on": "2024-02-01", "public_note": "Budget line approved."}
    before = db.session.execute(select(func.count()).select_from(StatusChange)).scalar_one()
    first = client.post(f"/recommendations/{rec.reference}/status", data=data)
    again = client.post(f"/recommendations/{rec.reference}/status", data=data)  # the answer was lost
    assert first.status_code == again.status_code == 302
    db.session.expire_all()
    # One entry per track (US and Japan), not two.
    assert db.session.execute(select(func.count()).select_from(StatusChange)).scalar_one() == before + 2
    per_track = db.session.execute(select(StatusChange.addressee, func.count()).where(
        StatusChange.submission_key == key).group_by(StatusChange.addressee)).all()
    assert sorted(per_track) == [("government_of_japan", 1), ("us_government", 1)]


def test_api_links_ignore_the_request_host_header(api_world, client):
    from tests.support.api import issue_token

    headers = {"Host": "evil.example", "Authorization": f"Bearer {issue_token()}"}
    response = client.get("/api/v1/recommendations?per_page=1", headers=headers)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "http://localhost/api/v1/recommendations" in body  # the configured SERVER_NAME
    assert "evil.example" not in body and "evil.example" not in response.headers.get("Link", "")


@pytest.mark.parametrize("raw", [f"v1:{2**64}:::", f"v1:1:2024-01-01:{10**30}:2024-01-01", f"v1:-{2**70}:::"])
def test_api_cursors_with_huge_integers_are_400(api, raw):
    import base64

    cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    response = api.get(f"/api/v1/changes?since={cursor}")
    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["parameter"] == "since"
