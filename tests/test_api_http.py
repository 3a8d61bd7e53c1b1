"""HTTP behaviour of the API: errors, tokens, rate limits, caching, CORS, gzip, and the
guarantee that nothing internal leaks from any endpoint."""

import gzip
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support import factories
from tests.support.api import SECRETS, ApiClient, issue_token
from tracker.extensions import db
from tracker.models import ApiToken, utcnow

ENDPOINTS = [
    "/api/v1/recommendations", "/api/v1/topics", "/api/v1/lines-of-effort", "/api/v1/events",
    "/api/v1/publications", "/api/v1/statuses", "/api/v1/changes?limit=500", "/api/v1/stats",
    "/api/v1/feeds/changes.atom", "/api/v1/recommendations?as_of=2024-03-01",
]


@pytest.mark.parametrize("query, parameter", [
    ("topics=space", "topics"),
    ("updated_since=yesterday", "updated_since"),
    ("as_of=2024-02-30", "as_of"),
    ("as_of=2999-01-01", "as_of"),
    ("per_page=0", "per_page"),
    ("per_page=1000", "per_page"),
    ("page=abc", "page"),
    ("status=draft", "status"),
    ("status=bogus", "status"),
    ("topic=no-such-topic", "topic"),
    ("line_of_effort=nope", "line_of_effort"),
    ("addressee=mars", "addressee"),
    ("publication=report-future", "publication"),  # unpublished: as good as unknown
    ("event=nope", "event"),
    ("sort=title", "sort"),
    ("priority=maybe", "priority"),
    ("page=1&page=2", "page"),
])
def test_bad_input_is_a_400_naming_the_parameter(api, api_world, query, parameter):
    response = api.get(f"/api/v1/recommendations?{query}")
    assert response.status_code == 400, query
    error = response.get_json()["error"]
    assert error["details"]["parameter"] == parameter
    assert error["message"]


def test_unknown_path_and_wrong_method(client, api):
    response = api.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/v1/recommendations")
        assert response.status_code == 405
        assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
        assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_head_works(api, api_world):
    response = api.client.head("/api/v1/recommendations", headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 200 and response.headers["ETag"]


def test_tokens_missing_bad_revoked(client, app, api_world):
    assert ApiClient(client, None).get("/api/v1/topics").status_code == 401
    response = ApiClient(client, "nxt_wrong").get("/api/v1/topics")
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "invalid_token"
    assert "Bearer" in response.headers["WWW-Authenticate"]
    assert client.get("/api/v1/topics", headers={"Authorization": "Basic abc"}).status_code == 401
    plain = issue_token("Revoked partner")
    token = db.session.execute(select(ApiToken).where(ApiToken.partner == "Revoked partner")).scalar_one()
    assert ApiClient(client, plain).get("/api/v1/topics").status_code == 200
    db.session.rollback()  # end the test's read transaction (the request wrote last use)
    token.revoked_at = utcnow()
    db.session.commit()
    assert ApiClient(client, plain).get("/api/v1/topics").status_code == 401


def test_anonymous_reads_only_when_configured(client, app, api_world):
    anonymous = ApiClient(client, None)
    assert anonymous.get("/api/v1/recommendations").status_code == 401
    app.config["API_ALLOW_ANONYMOUS"] = True
    try:
        assert anonymous.get("/api/v1/recommendations").status_code == 200
    finally:
        app.config["API_ALLOW_ANONYMOUS"] = False


def test_last_use_recorded_at_most_once_a_minute(client):
    plain = issue_token("Timed partner")
    api = ApiClient(client, plain)
    token = db.session.execute(select(ApiToken).where(ApiToken.partner == "Timed partner")).scalar_one()
    assert token.last_used_at is None
    api.get("/api/v1/statuses")
    db.session.rollback()  # a new transaction sees the request's write
    first = token.last_used_at
    assert first is not None
    api.get("/api/v1/statuses")
    db.session.rollback()  # a new transaction sees the request's write
    assert token.last_used_at == first  # not rewritten within the minute
    token.last_used_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    api.get("/api/v1/statuses")
    db.session.rollback()  # a new transaction sees the request's write
    assert token.last_used_at > utcnow() - timedelta(minutes=1)


def test_rate_limit_answers_429_with_retry_after(client, app):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        api = ApiClient(client, issue_token("Busy partner"))
        codes = [api.get("/api/v1/statuses").status_code for _ in range(4)]
        other = ApiClient(client, issue_token("Calm partner")).get("/api/v1/statuses")
    finally:
        app.config["API_RATE_LIMIT"] = "600 per minute"
    assert codes == [200, 200, 200, 429]
    assert other.status_code == 200  # the limit is per token
    limited = api.get("/api/v1/openapi.json")  # the document itself is not limited
    assert limited.status_code == 200


def test_429_shape(client, app):
    app.config["API_RATE_LIMIT"] = "1 per minute"
    try:
        api = ApiClient(client, issue_token())
        api.get("/api/v1/statuses")
        response = api.get("/api/v1/statuses")
    finally:
        app.config["API_RATE_LIMIT"] = "600 per minute"
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 61
    assert response.get_json()["error"]["code"] == "rate_limited"


def test_etag_and_last_modified_give_304(api, api_world):
    first = api.get("/api/v1/recommendations")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert api.get("/api/v1/recommendations", headers={"If-None-Match": etag}).status_code == 304
    assert api.get("/api/v1/recommendations", headers={"If-Modified-Since": modified}).status_code == 304
    factories.RecommendationFactory(topic=api_world.other, publication=api_world.pub)
    changed = api.get("/api/v1/recommendations", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_cors_and_cache_headers(api, client, api_world):
    response = api.get("/api/v1/topics", headers={"Origin": "https://partner.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "public" in response.headers["Cache-Control"] and "max-age" in response.headers["Cache-Control"]
    error = api.get("/api/v1/nothing")
    assert error.headers["Access-Control-Allow-Origin"] == "*"
    assert error.headers["Cache-Control"] == "no-store"
    preflight = client.options("/api/v1/topics", headers={
        "Origin": "https://partner.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "Authorization"})
    assert preflight.status_code == 200
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]


def test_large_responses_are_gzipped(api, api_world):
    for _ in range(5):
        factories.RecommendationFactory(topic=api_world.other, publication=api_world.pub)
    response = api.get("/api/v1/recommendations", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b'"data"' in gzip.decompress(response.get_data())
    plain = api.get("/api/v1/recommendations")
    assert "Content-Encoding" not in plain.headers and plain.get_json()["data"]
    small = api.get("/api/v1/statuses?", headers={"Accept-Encoding": "gzip"})
    assert small.status_code == 200


@pytest.mark.parametrize("path", ENDPOINTS)
def test_nothing_internal_leaks(api, api_world, path):
    """Every endpoint, over a world with drafts, unpublished and archived records and
    internal notes: none of it appears."""
    text = api.get(path).get_data(as_text=True)
    for secret in SECRETS:
        assert secret not in text, (path, secret)
    for rec in (api_world.r_draft, api_world.r_unpublished, api_world.r_archived):
        assert not re.search(re.escape(rec.reference) + r"\b", text), (path, rec.reference)
    assert '"draft"' not in text
    assert "report-future" not in text


def test_detail_and_history_leak_nothing(api, api_world):
    for suffix in ("", "/history"):
        text = api.get(f"/api/v1/recommendations/{api_world.r_child.reference}{suffix}").get_data(as_text=True)
        assert not any(secret in text for secret in SECRETS)
        assert '"draft"' not in text


def test_human_page_links_to_openapi(client):
    page = client.get("/api")
    assert page.status_code == 200
    assert "/api/v1/openapi.json" in page.get_data(as_text=True)


def test_tokens_cli(app):
    runner = app.test_cli_runner()
    created = runner.invoke(args=["tokens", "create", "--partner", "Liaison office"])
    assert created.exit_code == 0, created.output
    plain = created.output.strip().splitlines()[-1]
    assert plain.startswith("nxt_")
    token = db.session.execute(select(ApiToken).where(ApiToken.partner == "Liaison office")).scalar_one()
    assert plain not in token.token_hash  # stored hashed only
    listed = runner.invoke(args=["tokens", "list"])
    assert "Liaison office" in listed.output and plain not in listed.output
    assert runner.invoke(args=["tokens", "revoke", str(token.id)]).exit_code == 0
    assert runner.invoke(args=["tokens", "revoke", str(token.id)]).exit_code != 0
    assert "revoked" in runner.invoke(args=["tokens", "list"]).output
    assert runner.invoke(args=["tokens", "revoke", "99999"]).exit_code != 0


@pytest.mark.parametrize("path, extra, final", [
    ("/api/v1/statuses", {}, True),
    ("/api/v1/recommendations/{ref}", {}, True),
    ("/api/v1/recommendations?per_page=2", {"Accept-Encoding": "gzip"}, True),
    ("/api/v1/recommendations/{ref}", {"If-None-Match": "W/\"other\""}, False),  # conditional
    ("/api/v1/recommendations/NEXT-0000-000", {}, False),  # 404
])
def test_final_headers_go_out_as_werkzeug_would_send_them(app, api_world, path, extra, final):
    """An API answer that ``http.finish`` marks final skips werkzeug's copy of its headers
    (``TrackerResponse``); what the server gets is what werkzeug's ``get_wsgi_headers``
    gives, header for header."""
    from flask import Response, request

    ref = api_world.r_child.reference
    headers = {"Authorization": f"Bearer {issue_token()}", **extra}
    with app.test_request_context(path.format(ref=ref), headers=headers):
        response = app.full_dispatch_request()
        assert response.headers_final is final
        sent = response.get_wsgi_headers(request.environ)
        werkzeug = Response.get_wsgi_headers(response, request.environ)
        assert list(sent) == list(werkzeug)
        assert sum(1 for name, _ in sent if name.lower() == "date") <= 1
        if final:
            assert sent["Content-Length"] == str(len(response.get_data()))
