"""Hostile input into every form field and query parameter (issue 9, item 4).

Hypothesis sends arbitrary Unicode, markup, SQL fragments, template syntax, control
characters, huge and empty values. For every answer:

- no 5xx;
- nothing from the input became markup: the HTML is parsed, and no element, attribute
  name, comment or script text carries the marker, and no link is ``javascript:``;
- a rejected request (4xx) wrote nothing (row counts of every table are unchanged);
- an accepted write leads to pages that pass the same markup check.

Runs on the Flask test client, CSRF off (CSRF has its own tests). ``HOSTILE_EXAMPLES``
sets the examples per target (default 40); runs are derandomized, so CI is repeatable.
"""

import io
import itertools
import json
import os
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.support import factories as f
from tracker.extensions import db
from tracker.services.recommendations.editing import fingerprint
from tracker.services.recommendations.status import record_status_change

from .conftest import AuthActions

MARK = "zqx"  # never used by the app's own markup
PAYLOADS = [
    f"<{MARK}>", f"<{MARK}-tag {MARK}-attr=1>", f'"><{MARK} {MARK}-a="1">', f"'><{MARK}>",
    f'" {MARK}-attr="1', f"' {MARK}-attr='1", f"<script>{MARK}()</script>",
    f"<img src=x onerror={MARK}()>", f"<!--{MARK}-->", f"javascript:{MARK}()",
    f"[link](javascript:{MARK}())", f"<a href='javascript:{MARK}()'>x</a>",
    f"<svg><script>{MARK}</script></svg>", f"</textarea><{MARK}>", f"</title><{MARK}>",
    "'; DROP TABLE recommendation; --", "' OR '1'='1", "1; SELECT pg_sleep(0)", "%", "_%'",
    "\\", "NEXT-2024-001' --", "{{ 7*7 }}", "{% if 1 %}x{% endif %}", "${7*7}", "%s%s%n",
    "\x00", "a\x00b", "\r\n\r\n", "\u202e\u200b\ufeff", "🇯🇵輸出管理👍🏽", "ｎｅｘｔ", "０１２",
    "-1", "0", "99999999999999999999999", "1e309", "NaN", "2024-02-30", "9999-12-31",
    "0001-01-01", "../../etc/passwd", "..\\..\\boot.ini", " ", "\t", "null", "[]", "{}",
]


def _huge(payload: str) -> str:
    return (payload or "x") * (60_000 // max(1, len(payload)))


def hostile(max_size: int = 80, huge: bool = True):
    options = [
        st.text(max_size=max_size),
        st.sampled_from(PAYLOADS),
        st.tuples(st.text(max_size=12), st.sampled_from(PAYLOADS), st.text(max_size=12)).map("".join),
        st.just(""),
        # Control characters (NUL above all) inside ordinary text.
        st.tuples(st.text(max_size=8), st.characters(max_codepoint=0x1F),
                  st.text(max_size=8)).map("".join),
    ]
    if huge:
        options.append(st.sampled_from(PAYLOADS).map(_huge))
    return st.one_of(*options)


EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        if MARK in tag:
            self.found.append(f"element <{tag}>")
        for name, value in attrs:
            if MARK in name:
                self.found.append(f"attribute {name} on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"event handler {name} on <{tag}>")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith("javascript:"):
                self.found.append(f"{name}={value[:40]!r} on <{tag}>")
        self._script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        if self._script and MARK in data:
            self.found.append("script text")

    def handle_comment(self, data):
        if MARK in data:
            self.found.append("comment")


def assert_safe(response, what: str) -> None:
    """No 5xx, and no markup made from the input."""
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.mimetype == "text/html":
        scan = _Scan()
        scan.feed(response.get_data(as_text=True))
        assert not scan.found, f"{what}: input became markup: {scan.found[:5]}"
    elif response.mimetype == "application/json":
        json.loads(response.get_data(as_text=True))


# Tables a rejected request may still write: sign-in bookkeeping and a token's last use.
BOOKKEEPING = {"login_attempt", "user_session", "api_token"}


def row_counts(skip=BOOKKEEPING) -> dict[str, int]:
    db.session.rollback()
    return {t.name: db.session.execute(select(func.count()).select_from(t)).scalar()
            for t in db.metadata.sorted_tables if t.name not in skip}


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
    yield
    app.config["WTF_CSRF_ENABLED"] = True


@pytest.fixture(autouse=True)
def _index_names_not_seeded(monkeypatch):
    """Hypothesis seeds ``random`` identically for every example, and Whoosh names new
    segments with ``random``: the same name twice breaks its commit. Name them with
    ``secrets`` here (in production every process has its own random state)."""
    import secrets

    import whoosh.codec.base

    monkeypatch.setattr(whoosh.codec.base, "random_name",
                        lambda size=28: secrets.token_hex(size)[:size])


@pytest.fixture
def world(app, no_csrf):
    """A logged-in researcher and admin, a recommendation with a status change, catalog rows."""
    researcher, admin = app.test_client(), app.test_client()
    app.config["WTF_CSRF_ENABLED"] = True
    user = AuthActions(researcher).login("researcher")
    AuthActions(admin).login("admin")
    app.config["WTF_CSRF_ENABLED"] = False
    rec = f.RecommendationFactory(title_ja="輸出管理の強化", event=f.EventFactory())
    change, *_others = record_status_change(rec, "under_consideration", date(2023, 5, 1), "Noted.", user=user)
    db.session.commit()
    return {"client": researcher, "admin": admin, "rec": rec, "change_id": change.id,
            "topic": rec.topic, "publication": rec.publication, "event": rec.event}


def post_form(world, client, url, base: dict, changes: dict, htmx: bool, skip=BOOKKEEPING):
    """Post ``base`` with ``changes``; check the answer and, when rejected, that nothing
    was written; when accepted, check where it leads."""
    data = {**base, **changes}
    before = row_counts(skip)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(url, data=data, headers=headers)
    assert_safe(response, f"POST {url} {sorted(changes)}")
    if response.status_code >= 400:
        assert row_counts(skip) == before, f"rejected POST {url} ({response.status_code}) wrote rows"
    elif response.status_code in (301, 302, 303):
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith("//"), location
        assert_safe(client.get(location), f"GET {location} after POST {url}")
    return response


def fields(names, max_size=80):
    return st.dictionaries(st.sampled_from(names), hostile(max_size), min_size=1, max_size=3)


REC_FIELDS = ["title_en", "title_ja", "text_en", "text_ja", "addressees", "priority", "topic",
              "event", "publication", "supersedes", "internal_notes", "first_status",
              "first_effective_on", "first_note", "submission_key"]


def _rec_base(world) -> dict:
    return {"title_en": "Coordinate export controls", "text_en": "Both *should* act.",
            "addressees": "both_governments", "topic": str(world["topic"].id),
            "publication": str(world["publication"].id), "first_status": "proposed",
            "first_effective_on": "2023-04-01", "first_note": "Published."}


@SETTINGS
@given(changes=fields(REC_FIELDS), htmx=st.booleans())
def test_recommendation_create(world, changes, htmx):
    post_form(world, world["client"], "/recommendations/new", _rec_base(world), changes, htmx)
    assert_safe(world["client"].get("/"), "the list after a create")


@SETTINGS
@given(changes=fields([*REC_FIELDS[:11], "version", "seen"]), htmx=st.booleans())
def test_recommendation_edit(world, changes, htmx):
    rec = world["rec"]
    db.session.refresh(rec)
    base = {**_rec_base(world), "version": str(rec.version), "seen": fingerprint(rec)}
    post_form(world, world["client"], f"/recommendations/{rec.reference}/edit", base, changes, htmx)


@SETTINGS
@given(field=st.sampled_from(["title_en", "supersedes", "first_effective_on", "first_note"]),
       value=hostile(), text=hostile())
def test_field_checks_and_preview(world, field, value, text):
    client, ref = world["client"], world["rec"].reference
    for url in (f"/recommendations/validate?field={field}",
                f"/recommendations/{ref}/validate?field={field}"):
        post_form(world, client, url, {}, {field: value}, True)
    post_form(world, client, "/recommendations/preview?field=text_en", {}, {"text_en": text}, True)


@SETTINGS
@given(changes=fields(["to_status", "effective_on", "public_note", "internal_note",
                       "evidence_urls"]), htmx=st.booleans())
def test_status_change(world, changes, htmx):
    base = {"to_status": "in_progress", "effective_on": "2023-06-01", "public_note": "Done."}
    ref = world["rec"].reference
    post_form(world, world["client"], f"/recommendations/{ref}/status", base, changes, htmx)
    assert_safe(world["client"].get(f"/recommendations/{ref}"), "the recommendation page")


@SETTINGS
@given(reason=hostile(), htmx=st.booleans())
def test_retract(world, reason, htmx):
    url = f"/recommendations/{world['rec'].reference}/status/{world['change_id']}/retract"
    post_form(world, world["client"], url, {}, {"reason": reason}, htmx)


CATALOG = {
    "events": ({"title_en": "Roundtable", "kind": "roundtable", "starts_on": "2024-01-10"},
               ["title_en", "title_ja", "slug", "kind", "starts_on", "ends_on", "location",
                "line_of_effort", "description_en"]),
    "publications": ({"title_en": "Report", "kind": "roundtable_report"},
                     ["title_en", "title_ja", "slug", "kind", "published_on", "url", "authors",
                      "event"]),
    "topics": ({"name_en": "Space"}, ["name_en", "name_ja", "slug", "parent", "line_of_effort"]),
}


@SETTINGS
@given(data=st.data(), htmx=st.booleans())
def test_catalog_forms(world, data, htmx):
    kind = data.draw(st.sampled_from(sorted(CATALOG)))
    base, names = CATALOG[kind]
    base = {**base, "line_of_effort": str(world["topic"].line_of_effort_id)}
    changes = data.draw(fields(names))
    target = data.draw(st.sampled_from(["new", "edit"]))
    obj_id = {"events": world["event"].id, "publications": world["publication"].id,
              "topics": world["topic"].id}[kind]
    url = f"/{kind}/new" if target == "new" else f"/{kind}/{obj_id}"
    post_form(world, world["client"], url, base, changes, htmx)
    assert_safe(world["client"].get(f"/{kind}"), f"/{kind}")


_addresses = itertools.count()


@SETTINGS
@given(email=hostile(), password=hostile(), next_url=hostile(), right=st.booleans())
def test_login(app, world, email, password, next_url, right):
    user = f.UserFactory.create(email=f"login{next(_addresses)}@example.org")
    client = app.test_client()
    n = next(_addresses)
    client.environ_base["REMOTE_ADDR"] = f"10.9.{n // 250}.{n % 250 + 1}"
    data = {"email": user.email if right else email,
            "password": f.DEFAULT_PASSWORD if right else password}
    before = row_counts(BOOKKEEPING | {"audit_log"})
    response = client.post("/login", query_string={"next": next_url}, data=data)
    assert_safe(response, "POST /login")
    if response.status_code >= 400:
        assert row_counts(BOOKKEEPING | {"audit_log"}) == before
    if response.status_code == 302:
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert_safe(client.get("/login", query_string={"next": next_url}), "GET /login")


@SETTINGS
@given(changes=fields(["email", "name", "role", "password", "active"]), edit=st.booleans())
def test_admin_user_form(world, changes, edit):
    base = {"email": "new.person@example.org", "name": "New Person", "role": "researcher",
            "password": "long enough password", "active": "y"}
    url = "/admin/users/new"
    if edit:
        other = f.UserFactory()
        url, base["email"] = f"/admin/users/{other.id}", other.email
    post_form(world, world["admin"], url, base, changes, False)
    assert_safe(world["admin"].get("/admin/users"), "/admin/users")


@SETTINGS
@given(filename=hostile(max_size=60, huge=False), body=hostile(max_size=200), csv_ok=st.booleans(),
       create_missing=st.booleans())
def test_import_upload(world, filename, body, csv_ok, create_missing):
    content = (f"title_en,topic,addressees,status\n{body},{world['topic'].slug},both_governments,"
               "proposed\n" if csv_ok else body).encode("utf-8", "surrogatepass")
    before = row_counts()
    response = world["client"].post(
        "/import", data={"file": (io.BytesIO(content), filename),
                         "create_missing": "1" if create_missing else ""},
        content_type="multipart/form-data")
    assert_safe(response, f"upload {filename!r}")
    assert row_counts() == before, "an upload wrote rows before it was confirmed"


# Query parameters per page: the names each page reads, plus one it does not know.
PAGES = {
    "/": ["status", "topic", "line", "addressee", "event", "publication", "priority", "stale",
          "regressed", "q", "sort", "page"],
    "/search": ["q", "sort", "page", "status", "topic", "line", "addressee", "year"],
    "/boards/": ["line", "topic", "addressee", "event", "as_of"],
    "/boards/movement": ["days", "line", "topic", "addressee", "as_of"],
    "/boards/column": ["status", "line", "topic", "addressee", "as_of", "page"],
    "/boards/trend": ["line", "topic", "addressee", "since", "as_of"],
    "/boards/overview.csv": ["line", "topic", "as_of"],
    "/export/recommendations.csv": ["status", "topic", "q", "sort", "history"],
    "/admin/audit": ["type", "action", "page"],
    "/recommendations/{ref}/status/new": ["to_status"],
    "/login": ["next"],
    "/api/v1/recommendations": ["status", "topic", "line_of_effort", "addressee", "publication",
                                "event", "priority", "updated_since", "as_of", "q", "sort",
                                "page", "per_page"],
    "/api/v1/recommendations/{ref}/history": ["as_of"],
    "/api/v1/changes": ["since", "limit"],
    "/api/v1/feeds/changes.atom": ["token"],
}


@pytest.fixture
def partner_token():
    from tracker import models

    f.ApiTokenFactory(token_hash=models.hash_token("nxt_hostile-partner-token"))
    return "nxt_hostile-partner-token"


@settings(SETTINGS, max_examples=EXAMPLES * 2)
@given(data=st.data())
def test_query_parameters(world, partner_token, data):
    path = data.draw(st.sampled_from(sorted(PAGES)))
    names = [*PAGES[path], "zqx_unknown"]
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(names), hostile(60, huge=False)),
                               min_size=1, max_size=4))
    url = path.format(ref=world["rec"].reference)
    client = world["admin"]
    headers = {"Authorization": f"Bearer {partner_token}"} if url.startswith("/api/") else {}
    if data.draw(st.booleans()):
        headers["HX-Request"] = "true"
    before = row_counts()
    response = client.get(url, query_string=pairs, headers=headers)
    assert_safe(response, f"GET {url} {pairs!r:.200}")
    assert row_counts() == before, f"GET {url} wrote rows"


def test_control_characters_are_refused_with_a_clear_error(world, partner_token):
    """NUL cannot be stored by PostgreSQL (and breaks XML exports and feeds): refused, with
    the field named, before anything is written — on forms, query strings and the API."""
    before = row_counts()
    response = world["client"].post("/recommendations/new",
                                    data={**_rec_base(world), "title_en": "a\x00b"})
    assert response.status_code == 400
    assert "“title_en” contains a control character" in response.get_data(as_text=True)
    assert world["client"].get("/", query_string={"topic": "x\x00"}).status_code == 400
    api = world["client"].get("/api/v1/recommendations", query_string={"q": "\x01"},
                              headers={"Authorization": f"Bearer {partner_token}"})
    assert api.status_code == 400
    assert api.get_json()["error"]["details"] == {"parameter": "q"}
    assert row_counts() == before


@pytest.mark.parametrize("html", [
    f"<p>{PAYLOADS[1]}</p>", f'<input value="x" {MARK}-attr="1">', f"<script>{MARK}()</script>",
    f"<!--{MARK}-->", "<a href=' javascript:alert(1)'>x</a>", "<img src=x onerror=alert(1)>",
])
def test_the_markup_check_catches_input_that_became_markup(app, html):
    response = app.response_class(f"<html><body>{html}</body></html>", mimetype="text/html")
    with pytest.raises(AssertionError, match="input became markup"):
        assert_safe(response, "a page")
    escaped = app.response_class(f"<p>{html.replace('<', '&lt;')}</p>", mimetype="text/html")
    assert_safe(escaped, "an escaped page")
