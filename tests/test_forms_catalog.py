"""Events, publications and topic areas: list, create, edit, refuse deleting what is used."""

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.support import factories
from tracker.extensions import db
from tracker.models import Event, Publication, TopicArea

HX = {"HX-Request": "true"}


def _token(client):
    return csrf_token_from(client.get("/events/new"))


@pytest.mark.parametrize("kind", ["events", "publications", "topics"])
def test_list_renders_full_and_partial(client, auth, kind):
    factories.EventFactory(title_en="Tokyo roundtable")
    factories.PublicationFactory(title_en="Alliance report")
    factories.TopicAreaFactory(name_en="Space policy")
    auth.login("leadership")
    full = client.get(f"/{kind}")
    partial = client.get(f"/{kind}", headers=HX).get_data(as_text=True)
    assert full.status_code == 200 and "<html" in full.get_data(as_text=True)
    assert "<html" not in partial and "<table>" in partial
    assert {"events": "Tokyo roundtable", "publications": "Alliance report", "topics": "Space policy"}[kind] in partial
    assert "New " not in full.get_data(as_text=True).split("<main")[1].split("</h1>")[1][:200]


def test_create_event_with_derived_slug(client, auth):
    auth.login("researcher")
    response = client.post("/events/new", data={
        "csrf_token": _token(client), "title_en": "Workshop on Space Norms", "title_ja": "宇宙規範ワークショップ",
        "kind": "workshop", "starts_on": "2024-02-01", "location": "Tokyo"})
    assert response.status_code == 302
    event = db.session.execute(select(Event)).scalar_one()
    assert event.slug == "workshop-on-space-norms" and event.title_ja == "宇宙規範ワークショップ"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title_en": "", "title_ja": ""}, "title_en", "Give a title"),
        ({"starts_on": ""}, "starts_on", "Give the date"),
        ({"ends_on": "2023-01-01"}, "ends_on", "cannot be before"),
        ({"slug": "Bad Slug!"}, "slug", "lower-case"),
        ({"slug": "taken"}, "slug", "already used"),
        ({"title_en": "", "title_ja": "日本語だけ"}, "slug", "Give a slug"),
        ({"location": "x" * 201}, "location", "200"),
    ],
)
def test_event_bad_input(client, auth, data, field, message):
    factories.EventFactory(slug="taken")
    auth.login("researcher")
    payload = {"csrf_token": _token(client), "title_en": "<b>Roundtable</b>", "kind": "roundtable",
               "starts_on": "2024-02-01", **data}
    response = client.post("/events/new", data=payload)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html.split(f'id="{field}-error">')[1].split("</p>")[0]
    assert db.session.execute(select(Event).where(Event.slug != "taken")).first() is None


def test_publication_url_must_be_http(client, auth):
    auth.login("researcher")
    response = client.post("/publications/new", data={
        "csrf_token": _token(client), "title_en": "Report", "kind": "scholar_article", "url": "javascript:alert(1)"})
    assert response.status_code == 422 and "full http(s) address" in response.get_data(as_text=True)
    ok = client.post("/publications/new", data={
        "csrf_token": _token(client), "title_en": "Report", "kind": "scholar_article",
        "url": "https://spfusa.org/report", "published_on": "2024-03-01"})
    assert ok.status_code == 302
    assert db.session.execute(select(Publication)).scalar_one().url == "https://spfusa.org/report"


def test_edit_topic_and_refuse_a_parent_cycle(client, auth):
    parent = factories.TopicAreaFactory(name_en="Economic security")
    child = factories.TopicAreaFactory(name_en="Export controls", parent=parent, line_of_effort=parent.line_of_effort)
    auth.login("researcher")
    page = client.get(f"/topics/{parent.id}").get_data(as_text=True)
    assert 'value="Economic security"' in page
    data = {"csrf_token": _token(client), "name_en": "Economic security", "slug": parent.slug,
            "parent": str(child.id), "line_of_effort": str(parent.line_of_effort_id)}
    response = client.post(f"/topics/{parent.id}", data=data)
    assert response.status_code == 422 and "under itself" in response.get_data(as_text=True)
    data.update(parent="", name_ja="経済安全保障")
    assert client.post(f"/topics/{parent.id}", data=data).status_code == 302
    db.session.refresh(parent)
    assert parent.name_ja == "経済安全保障" and parent.parent_id is None


@pytest.mark.parametrize("kind", ["events", "publications", "topics"])
def test_delete_is_refused_while_referenced(client, auth, kind):
    event = factories.EventFactory()
    rec = factories.RecommendationFactory(event=event)
    obj = {"events": event, "publications": rec.publication, "topics": rec.topic}[kind]
    auth.login("researcher")
    response = client.post(f"/{kind}/{obj.id}/delete", data={"csrf_token": _token(client)})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "still used by 1 recommendation(s)" in html and 'role="alert"' in html
    assert db.session.get(type(obj), obj.id) is not None


def test_delete_unused_topic(client, auth):
    topic = factories.TopicAreaFactory()
    auth.login("researcher")
    response = client.post(f"/topics/{topic.id}/delete", data={"csrf_token": _token(client)})
    assert response.status_code == 302
    assert db.session.get(TopicArea, topic.id) is None


def test_leadership_cannot_create_edit_or_delete(client, auth):
    topic = factories.TopicAreaFactory()
    auth.login("leadership")
    assert client.get("/topics/new").status_code == 403
    assert client.get(f"/topics/{topic.id}").status_code == 403
    token = csrf_token_from(client.get("/topics"))
    assert client.post(f"/topics/{topic.id}/delete", data={"csrf_token": token}).status_code == 403


def test_unknown_ids_and_kinds_are_404(client, auth):
    auth.login("researcher")
    assert client.get("/events/999").status_code == 404
    assert client.get("/widgets").status_code == 404
