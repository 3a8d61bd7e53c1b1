"""Helpers for the API tests: a client that sends a partner token and checks every JSON
response against the app's own OpenAPI document, and a small public/non-public world."""

import gzip
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

import jsonschema
from flask.testing import FlaskClient

from tests.support import factories
from tracker.api.openapi import spec
from tracker.extensions import db
from tracker.models import ApiToken, utcnow
from tracker.services import clock
from tracker.services.recommendations.status import record_status_change

SECRETS = ("SECRET-INTERNAL-NOTE", "SECRET-STATUS-NOTE", "SECRET-DRAFT", "SECRET-UNPUBLISHED",
           "SECRET-ARCHIVED", "token_hash", "internal_note", "password", "recorded_by")


def _operation(path: str):
    """The spec path template matching a request path under /api/v1, or None."""
    local = path.split("?")[0].removeprefix("/api/v1")
    for template in spec()["paths"]:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, local):
            return template
    return None


def check_against_spec(path: str, response) -> None:
    """Assert ``response`` is documented for ``path`` and (JSON) matches its schema."""
    document = spec()
    template = _operation(path)
    if template is None:  # unknown path: still the error shape
        schema = {"$ref": "#/components/schemas/Error"}
    else:
        responses = document["paths"][template]["get"]["responses"]
        assert str(response.status_code) in responses, f"{path}: {response.status_code} undocumented"
        content = responses[str(response.status_code)].get("content", {})
        if "application/json" not in content:
            return
        schema = content["application/json"]["schema"]
    if response.status_code == 304 or not response.is_json:
        return
    body = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    jsonschema.validate(
        json.loads(body), {**schema, "components": document["components"]},
        cls=jsonschema.Draft202012Validator, format_checker=jsonschema.FormatChecker(),
    )


class ApiClient:
    """``get`` with the partner token; every response is checked against the spec."""

    def __init__(self, client: FlaskClient, token: str | None):
        self.client = client
        self.token = token

    def get(self, path: str, headers: dict | None = None, **kwargs):
        headers = dict(headers or {})
        if self.token and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {self.token}"
        response = self.client.get(path, headers=headers, **kwargs)
        if response.status_code >= 400:
            body = response.get_json()
            assert set(body) == {"error"}, body
            assert set(body["error"]) == {"status", "code", "message", "details"}, body
            assert body["error"]["status"] == response.status_code
        check_against_spec(path, response)
        return response

    def json(self, path: str, status: int = 200):
        response = self.get(path)
        assert response.status_code == status, response.get_data(as_text=True)[:500]
        return response.get_json()


def issue_token(partner: str = "Partner") -> str:
    token, plain = ApiToken.issue(partner)
    db.session.add(token)
    db.session.commit()
    return plain


@dataclass
class World:
    line_a: object
    line_b: object
    parent: object
    child: object
    other: object
    event: object
    pub: object
    r_child: object
    r_other: object
    r_parent: object
    r_draft: object
    r_unpublished: object
    r_archived: object


def build_world() -> World:
    """Three public recommendations and three that partners must never see."""
    F = factories
    line_a, line_b = F.LineOfEffortFactory(slug="security"), F.LineOfEffortFactory(slug="tech")
    parent = F.TopicAreaFactory(slug="economic-security", line_of_effort=line_b)
    child = F.TopicAreaFactory(slug="export-controls", parent=parent, line_of_effort=line_b)
    other = F.TopicAreaFactory(slug="alliance-c2", line_of_effort=line_a)
    event = F.EventFactory(slug="rt-2023", line_of_effort=line_a)
    pub = F.PublicationFactory(slug="report-2023", published_on=date(2023, 4, 1), event=event)
    future = F.PublicationFactory(slug="report-future", published_on=clock.today() + timedelta(days=30))
    r_child = F.RecommendationFactory(
        title_en="Coordinate export controls", title_ja="輸出管理の連携", topic=child, publication=pub,
        event=event, priority=True, addressees=("us_government", "government_of_japan"),
        internal_notes="SECRET-INTERNAL-NOTE", history=[(date(2024, 1, 10), "in_progress", "Steps taken.")],
    )
    record_status_change(r_child, "implemented", date(2024, 6, 1), "Done.",
                         internal_note="SECRET-STATUS-NOTE", evidence_urls=["https://example.org/e"])
    r_other = F.RecommendationFactory(title_en="Combined command", topic=other, publication=pub,
                                      supersedes=r_child)
    r_parent = F.RecommendationFactory(title_en="Economic security council", topic=parent,
                                       publication=pub, addressees=("private_sector",))
    r_draft = F.RecommendationFactory(title_en="SECRET-DRAFT", topic=other, publication=pub,
                                      first_status="draft", public_note=None)
    r_unpublished = F.RecommendationFactory(title_en="SECRET-UNPUBLISHED", topic=other, publication=future)
    r_archived = F.RecommendationFactory(title_en="SECRET-ARCHIVED", topic=other, publication=pub)
    r_archived.archived_at = utcnow()
    db.session.commit()
    return World(line_a, line_b, parent, child, other, event, pub, r_child, r_other, r_parent,
                 r_draft, r_unpublished, r_archived)
