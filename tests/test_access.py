"""Access control over every staff URL, found from the app's URL map (so routes added
later are covered without editing this file)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import csrf_token_from
from tests.support import factories
from tests.support.routes import PUBLIC_ENDPOINTS, build_url, staff_rules  # noqa: F401
from tracker.extensions import db
from tracker.models import User


def _rule_ids(app):
    return [f"{r.endpoint} {r.rule} {sorted(r.methods - {'HEAD', 'OPTIONS'})}" for r in staff_rules(app)]


@pytest.fixture
def known(app):
    rec = factories.RecommendationFactory()
    user = factories.UserFactory(role="researcher")
    return {"reference": rec.reference, "user_id": user.id, "fmt": "csv"}


def test_the_sweep_finds_the_staff_pages(app):
    endpoints = {rule.endpoint for rule in staff_rules(app)}
    assert {"recommendations.index", "recommendations.detail", "admin.users", "admin.edit_user"} <= endpoints


def test_anonymous_get_is_sent_to_login(app, client, known):
    for rule in staff_rules(app):
        if "GET" not in rule.methods:
            continue
        url = build_url(app, rule, known)
        response = client.get(url)
        assert response.status_code == 302, url
        location = urlsplit(response.headers["Location"])
        assert location.path == "/login", url
        assert parse_qs(location.query)["next"] == [url], url
        hx = client.get(url, headers={"HX-Request": "true"})
        assert hx.headers.get("HX-Redirect", "").startswith("/login"), url
        assert "NEXT Tracker" not in hx.get_data(as_text=True)  # no page content leaks


def test_anonymous_post_is_sent_to_login_and_writes_nothing(app, app_no_csrf, client, known):
    users_before = db.session.query(User).count()
    for rule in staff_rules(app):
        if "POST" not in rule.methods:
            continue
        url = build_url(app, rule, known)
        response = client.post(url, data={"email": "x@example.org", "name": "X", "role": "admin",
                                          "password": "long enough password"})
        assert response.status_code == 302, url
        assert urlsplit(response.headers["Location"]).path == "/login", url
    assert db.session.query(User).count() == users_before


# Routes that change only the user's own preferences, never the data: leadership may use
# them (saved views of the list, issue 18; tests/test_saved_views.py and the access matrix).
OWN_PREFERENCES = {"saved_views.create", "saved_views.delete"}


def test_leadership_gets_403_on_every_modifying_route(app, client, auth, known):
    auth.login("leadership")
    token = csrf_token_from(client.get("/"))
    checked = 0
    for rule in staff_rules(app):
        if rule.endpoint.startswith("auth.") or rule.endpoint in OWN_PREFERENCES:
            continue  # logging out, or saving a view, is not modifying data
        url = build_url(app, rule, known)
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            response = client.open(url, method=method, headers={"X-CSRFToken": token},
                                   data={"email": "evil@example.org", "role": "admin"})
            assert response.status_code == 403, f"{method} {url}"
            checked += 1
    assert checked >= 2
    assert db.session.query(User).filter_by(email="evil@example.org").count() == 0


# Pages that only show a form to change something: leadership is refused them up front.
EDITOR_FORM_PAGES = {
    "recommendations.new", "recommendations.edit", "recommendations.new_status",
    "catalog.new", "catalog.edit", "dataio.import_form", "dataio.progress",
}


def test_leadership_reads_every_non_admin_page(app, client, auth, known):
    auth.login("leadership")
    for rule in staff_rules(app):
        if "GET" not in rule.methods or rule.rule.startswith("/admin"):
            continue
        if "POST" in rule.methods:
            assert rule.endpoint in EDITOR_FORM_PAGES, f"classify {rule.endpoint} for leadership"
        url = build_url(app, rule, known)
        expected = 403 if rule.endpoint in EDITOR_FORM_PAGES else 200
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("role", ["researcher", "leadership"])
def test_only_admins_reach_admin_pages(app, client, auth, known, role):
    auth.login(role)
    token = csrf_token_from(client.get("/"))
    admin_rules = [r for r in staff_rules(app) if r.rule.startswith("/admin")]
    assert admin_rules
    for rule in admin_rules:
        url = build_url(app, rule, known)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers={"X-CSRFToken": token})
            assert response.status_code == 403, f"{method} {url}"
    assert "/admin/users" not in client.get("/").get_data(as_text=True)  # no nav link either


def _admin_client(client, auth):
    admin = auth.login("admin")
    return admin, csrf_token_from(client.get("/admin/users/new"))


def test_admin_creates_a_user_who_can_log_in(client, auth, app):
    _admin, token = _admin_client(client, auth)
    response = client.post("/admin/users/new", data={
        "email": "New.Person@Example.org", "name": "New Person", "role": "researcher",
        "password": "a long password", "active": "y", "csrf_token": token,
    })
    assert response.status_code == 302
    assert "new.person@example.org" in client.get("/admin/users").get_data(as_text=True)
    user = db.session.query(User).filter_by(email="new.person@example.org").one()
    assert user.role == "researcher" and user.active
    other = app.test_client()
    page = other.get("/login")
    response = other.post("/login", data={"email": "new.person@example.org", "password": "a long password",
                                          "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "taken@example.org"}, "Another user already has this email."),
        ({"password": "short"}, "at least 10"),
        ({"password": ""}, "Set a password"),
        ({"email": "not-an-email"}, "Invalid email"),
        ({"role": "superuser"}, "Not a valid choice"),
    ],
)
def test_admin_create_user_bad_input(client, auth, changes, message):
    factories.UserFactory(email="taken@example.org")
    _admin, token = _admin_client(client, auth)
    before = db.session.query(User).count()
    data = {"email": "fresh@example.org", "name": "Fresh", "role": "researcher",
            "password": "a long password", "csrf_token": token, **changes}
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 400
    assert message.lower() in response.get_data(as_text=True).lower()
    assert db.session.query(User).count() == before


def test_admin_edits_another_user(client, auth):
    _admin, token = _admin_client(client, auth)
    user = factories.UserFactory(role="researcher", email="someone@example.org")
    response = client.post(f"/admin/users/{user.id}", data={
        "email": "someone@example.org", "name": "Renamed", "role": "leadership", "password": "",
        "csrf_token": token,
    })
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.name, user.role, user.active) == ("Renamed", "leadership", False)
    assert user.check_password(factories.DEFAULT_PASSWORD)  # empty password keeps the old one


@pytest.mark.parametrize("changes", [{"role": "researcher"}, {"role": "leadership"}, {"active": None}])
def test_admin_cannot_demote_or_deactivate_self(client, auth, changes):
    admin, token = _admin_client(client, auth)
    data = {"email": admin.email, "name": admin.name, "role": "admin", "active": "y",
            "csrf_token": token, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(f"/admin/users/{admin.id}", data=data)
    assert response.status_code == 400
    assert "cannot remove your own admin rights" in response.get_data(as_text=True)
    db.session.expire_all()
    admin = db.session.get(User, admin.id)
    assert (admin.role, admin.active) == ("admin", True)
    assert client.get("/admin/users").status_code == 200


def test_deactivated_user_loses_access_at_once(app, client, auth):
    user = auth.login("researcher")
    assert client.get("/").status_code == 200
    db.session.get(User, user.id).active = False
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


def test_unknown_user_id_is_404_for_admin(client, auth):
    auth.login("admin")
    assert client.get("/admin/users/999999").status_code == 404
