"""Every route, every hostile input from issue 21: the answer is never a 5xx.

Routes come from the app's URL map (new routes are swept without editing this file). Each
is requested as an admin (staff pages) and with a partner token (the API), with huge
integers and control characters in the path, and query strings / form fields holding
CR/LF redirect targets, huge page numbers and cursors, ancient dates and pathological
Markdown.
"""

import base64

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from tests.conftest import csrf_token_from
from tests.support import factories

HUGE = 2**64
CURSOR = base64.urlsafe_b64encode(f"v1:{HUGE}:2024-01-01:{HUGE}:2024-01-01".encode()).decode().rstrip("=")
QUERY = {
    "next": "/\r\nSet-Cookie: x=1", "page": str(HUGE), "per_page": str(HUGE), "since": CURSOR,
    "cursor": CURSOR, "as_of": "0001-01-01", "updated_since": "0001-01-01T00:00:00Z",
    "q": "[" * 2000, "topic": "x" * 5000, "days": str(HUGE), "window": str(HUGE), "lang": "\r\n",
}
FORM = {
    "next": "/\r\nX: y", "title_en": "[" * 20_000, "text_en": "[" * 20_000, "effective_on": "0001-01-01",
    "first_effective_on": "0001-01-01", "starts_on": "0001-01-01", "published_on": "0001-01-01",
    "public_note": "n" * 6000, "to_status": "in_progress", "topic": str(HUGE), "event": str(HUGE),
    "publication": str(HUGE), "parent": str(HUGE), "line_of_effort": str(HUGE), "page": str(HUGE),
    "lang": "ja", "reason": "r", "email": "a@b.c", "password": "p" * 20, "role": "admin",
}
PATH_VALUES = {"int": HUGE, "str": "NEXT-\x00-\r\n-\x7f"}


def _url(app, rule, method, int_value, str_value):
    values = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if isinstance(converter, IntegerConverter):
            values[name] = int_value
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = str_value
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values, method=method)


def _cases(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_no_route_answers_hostile_input_with_a_5xx(app, client, auth):
    rec = factories.RecommendationFactory()
    auth.login("admin")
    from tests.support.api import issue_token

    token = issue_token()
    csrf = csrf_token_from(client.get("/"))
    failures = []
    swept = 0
    for rule, method in _cases(app):
        for int_value, str_value in ((HUGE, PATH_VALUES["str"]), (1, rec.reference)):
            url = _url(app, rule, method, int_value, str_value)
            headers = {"Authorization": f"Bearer {token}"} if url.startswith("/api") else {}
            for htmx in (False, True):
                if htmx:
                    headers = {**headers, "HX-Request": "true"}
                if method == "GET":
                    response = client.get(url, query_string=QUERY, headers=headers)
                else:
                    response = client.open(url, method=method, headers=headers,
                                           data={**FORM, "csrf_token": csrf})
                swept += 1
                if response.status_code >= 500:
                    failures.append(f"{method} {url} htmx={htmx}: {response.status_code}")
    assert swept > 100
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", ["/login", "/language"])
def test_hostile_posts_to_the_public_forms_are_never_5xx(client, path):
    csrf = csrf_token_from(client.get("/login"))
    response = client.post(path, query_string=QUERY, data={**FORM, "csrf_token": csrf})
    assert response.status_code < 500
