"""Every route × every role × every method, against the answer we expect (issue 9, item 3).

The table below is the contract. It is checked against ``app.url_map``: a route or method
that is not in the table fails the test, so a new route cannot ship without someone
deciding who may use it. Forms are posted empty with CSRF checks off (CSRF has its own
tests), so the answer shows the access rule, not the token check; a role that may write
gets the form back with its errors (400/422), or a refusal (409) for a delete of something
still in use, and nothing is written.

Roles: anonymous, leadership, researcher, admin, and a partner presenting an API token
(no session). 302 on a staff page means "sent to the login page" (checked below).
"""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.support import factories as f
from tracker import models
from tracker.extensions import db
from tracker.services.dataio import import_jobs
from tracker.services.recommendations.status import record_status_change

ROLES = ("anonymous", "leadership", "researcher", "admin", "partner")

# (endpoint, method) -> answers for (anonymous, leadership, researcher, admin, partner).
STAFF_READ = (302, 200, 200, 200, 302)
EDITOR_PAGE = (302, 403, 200, 200, 302)
EDITOR_FORM_POST = (302, 403, 400, 400, 302)
EDITOR_POST_422 = (302, 403, 422, 422, 302)
ADMIN_ONLY = (302, 403, 403, 200, 302)
API = (401, 401, 401, 401, 200)
OPEN = (200, 200, 200, 200, 200)

EXPECTED = {
    ("static", "GET"): OPEN,
    ("operations.healthz", "GET"): OPEN,
    ("auth.login", "GET"): (200, 302, 302, 302, 200),
    ("auth.login", "POST"): (400, 302, 302, 302, 400),
    ("auth.logout", "POST"): (302, 302, 302, 302, 302),
    # Anyone may choose the interface language (anonymous visitors too: a cookie).
    ("auth.i18n.switch", "POST"): (302, 302, 302, 302, 302),
    # Staff list, detail, boards, search, exports: any logged-in role may read.
    ("recommendations.index", "GET"): STAFF_READ,
    ("recommendations.detail", "GET"): STAFF_READ,
    ("boards.overview", "GET"): STAFF_READ,
    ("boards.overview_csv", "GET"): STAFF_READ,
    ("boards.movement", "GET"): STAFF_READ,
    ("boards.movement_csv", "GET"): STAFF_READ,
    ("boards.column", "GET"): STAFF_READ,
    ("boards.column_csv", "GET"): STAFF_READ,
    ("boards.trend", "GET"): STAFF_READ,
    ("boards.trend_csv", "GET"): STAFF_READ,
    ("boards.summary", "GET"): STAFF_READ,
    ("boards.summary_csv", "GET"): STAFF_READ,
    ("boards.pack", "GET"): STAFF_READ,
    ("boards.pack_csv", "GET"): STAFF_READ,
    ("search.index", "GET"): STAFF_READ,
    ("translations.index", "GET"): STAFF_READ,
    ("catalog.index", "GET"): STAFF_READ,
    ("dataio.export_page", "GET"): STAFF_READ,
    ("dataio.export_staff", "GET"): STAFF_READ,
    ("dataio.export_public", "GET"): STAFF_READ,
    # Writing: admins and researchers; leadership reads only.
    ("recommendations.new", "GET"): EDITOR_PAGE,
    ("recommendations.new", "POST"): EDITOR_POST_422,
    ("recommendations.edit", "GET"): EDITOR_PAGE,
    ("recommendations.edit", "POST"): EDITOR_POST_422,
    ("recommendations.validate_new", "POST"): EDITOR_FORM_POST,
    ("recommendations.validate_existing", "POST"): EDITOR_FORM_POST,
    ("recommendations.preview", "POST"): EDITOR_FORM_POST,
    ("recommendations.new_status", "GET"): EDITOR_PAGE,
    ("recommendations.record_status", "POST"): EDITOR_POST_422,
    ("recommendations.retract_status", "POST"): EDITOR_POST_422,
    ("catalog.new", "GET"): EDITOR_PAGE,
    ("catalog.new", "POST"): EDITOR_POST_422,
    ("catalog.edit", "GET"): EDITOR_PAGE,
    # Edit forms keep the current value of a field that is not posted (WTForms), so an
    # empty post saves the object unchanged.
    ("catalog.edit", "POST"): (302, 403, 302, 302, 302),
    ("catalog.delete", "POST"): (302, 403, 409, 409, 302),
    ("dataio.import_form", "GET"): EDITOR_PAGE,
    ("dataio.upload", "POST"): EDITOR_FORM_POST,
    # An upload belongs to the researcher who made it (or an admin).
    ("dataio.progress", "GET"): (302, 403, 403, 200, 302),
    ("dataio.confirm", "POST"): (302, 403, 403, 302, 302),
    ("dataio.resume", "POST"): (302, 403, 403, 302, 302),
    ("dataio.cancel", "POST"): (302, 403, 403, 302, 302),
    # Admin pages.
    ("admin.users", "GET"): ADMIN_ONLY,
    ("admin.new_user", "GET"): ADMIN_ONLY,
    ("admin.new_user", "POST"): (302, 403, 403, 400, 302),
    ("admin.edit_user", "GET"): ADMIN_ONLY,
    ("admin.edit_user", "POST"): (302, 403, 403, 302, 302),
    ("admin.audit", "GET"): ADMIN_ONLY,
    # Saved views: every staff role keeps its own (leadership too); another's view is 404.
    ("saved_views.index", "GET"): STAFF_READ,
    ("saved_views.create", "POST"): (302, 400, 400, 400, 302),
    ("saved_views.delete", "POST"): (302, 404, 404, 404, 302),
    # Partner API: a token, never a staff session. /api (docs) and OpenAPI are open.
    ("api.index", "GET"): OPEN,
    ("api.openapi", "GET"): OPEN,
    ("api.recommendations", "GET"): API,
    ("api.recommendation", "GET"): API,
    ("api.history", "GET"): API,
    ("api.changes", "GET"): API,
    ("api.sync", "GET"): API,
    ("api.snapshot", "GET"): API,
    ("api.statuses", "GET"): API,
    ("api.stats", "GET"): API,
    ("api.topics", "GET"): API,
    ("api.lines_of_effort", "GET"): API,
    ("api.events", "GET"): API,
    ("api.publications", "GET"): API,
    ("api.feed_changes", "GET"): API,
    ("api.feed_topic", "GET"): API,
    # The public pages (issue 19): no login; /public (English) and /ja/public (Japanese).
    **{(f"{bp}.{name}", "GET"): OPEN for bp in ("public", "public_ja") for name in (
        "index", "detail", "badge", "topics", "topic", "widget", "changes", "sitemap")},
    ("public_site.root_sitemap", "GET"): OPEN,
    ("public_site.robots", "GET"): OPEN,
}

IGNORED_METHODS = {"HEAD", "OPTIONS"}
PARTNER_TOKEN = "nxt_matrix-partner-token-0123456789"


def routes(app) -> list[tuple[str, str, object]]:
    """``(endpoint, method, rule)`` for every method of every rule in the URL map."""
    out = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - IGNORED_METHODS):
            out.append((rule.endpoint, method, rule))
    return out


def test_every_route_is_in_the_matrix(app):
    found = {(endpoint, method) for endpoint, method, _rule in routes(app)}
    missing = sorted(found - EXPECTED.keys())
    assert not missing, f"routes with no expected answers in the access matrix: {missing}"
    gone = sorted(EXPECTED.keys() - found)
    assert not gone, f"the matrix lists routes the app no longer has: {gone}"


@pytest.fixture
def world(app):
    """One of everything a URL can name."""
    rec = f.RecommendationFactory()
    owner = f.UserFactory(role="researcher")
    change, *_others = record_status_change(rec, "under_consideration", date(2023, 5, 1), "Acknowledged.",
                                  user=owner)
    db.session.commit()
    f.ApiTokenFactory(token_hash=models.hash_token(PARTNER_TOKEN))
    token = import_jobs.save_upload(b"reference,title_en\n", "rows.csv", owner.id, False)
    # Already run: a confirm only leads to its result page, so the matrix writes nothing.
    import_jobs.write_state(token, {**import_jobs.read_state(token), "state": "done", "summary": {"created": 0}})
    view = models.SavedView(user_id=owner.id, name="Owner's view", query="status=proposed")
    db.session.add(view)
    db.session.commit()
    return {
        "view_id": view.id,
        "reference": rec.reference, "change_id": change.id, "kind": "events",
        "obj_id": f.EventFactory().id, "publication": rec.publication, "user_id": owner.id,
        "token": token, "slug": rec.topic.slug, "fmt": "csv", "filename": "css/app.css",
    }


def url_for_rule(rule, world) -> str:
    values = {}
    for arg in rule.arguments:
        values[arg] = world[arg]
    if rule.endpoint == "catalog.delete":
        # An event still in use, so a delete is refused and the row survives.
        rec_event = world["publication"]
        values["kind"], values["obj_id"] = "publications", rec_event.id
    return rule.build(values, append_unknown=False)[1]


def _row_counts() -> dict[str, int]:
    return {table.name: db.session.execute(select(func.count()).select_from(table)).scalar()
            for table in db.metadata.sorted_tables
            # Sign-ins write sessions and attempts; the token its last use; saves audit.
            if table.name not in {"audit_log", "login_attempt", "user_session", "api_token"}}


def test_access_matrix(app, world):
    clients = {}
    for role in ROLES:
        client = app.test_client()
        if role in ("leadership", "researcher", "admin"):
            from .conftest import AuthActions

            AuthActions(client).login(role)
        clients[role] = client
    before = _row_counts()
    app.config["WTF_CSRF_ENABLED"] = False
    wrong = []
    try:
        # Log out last: it ends the session the other requests rely on.
        ordered = sorted(routes(app), key=lambda r: r[0] == "auth.logout")
        for endpoint, method, rule in ordered:
            url = url_for_rule(rule, world)
            for role, expected in zip(ROLES, EXPECTED[(endpoint, method)], strict=True):
                target, headers = url, {}
                if role == "partner" and endpoint.startswith("api.feed"):
                    target = f"{url}?token={PARTNER_TOKEN}"  # feed readers send no headers
                elif role == "partner":
                    headers = {"Authorization": f"Bearer {PARTNER_TOKEN}"}
                # One unknown field, so a form counts as submitted with every field blank.
                data = {"matrix_probe": "1"} if method == "POST" else None
                response = clients[role].open(target, method=method, headers=headers, data=data)
                if response.status_code != expected:
                    wrong.append(f"{method} {url} as {role}: {response.status_code}, expected {expected}")
                elif expected == 302 and role in ("anonymous", "partner") \
                        and endpoint not in ("auth.logout", "auth.login", "auth.i18n.switch"):
                    assert "/login" in response.headers["Location"], (method, url, role)
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    assert not wrong, "\n".join(wrong)
    db.session.expire_all()
    assert _row_counts() == before, "a request in the access matrix wrote something"
