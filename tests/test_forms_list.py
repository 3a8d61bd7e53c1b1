"""The staff recommendation list: filters, sorts, pagination (URL contract in COMMON.md)."""

import re
from datetime import date, timedelta

import pytest

from tests.support import factories
from tracker.extensions import db
from tracker.services import clock
from tracker.services.queries.filters import RecommendationFilters
from tracker.services.recommendations.status import record_status_change

HX = {"HX-Request": "true"}


def refs(response) -> list[str]:
    """References listed in the results, in order."""
    return re.findall(r'<td class="ref"><a href="[^"]*">([^<]+)</a>', response.get_data(as_text=True))


@pytest.fixture
def world():
    line_sec = factories.LineOfEffortFactory(slug="security")
    line_tech = factories.LineOfEffortFactory(slug="technology")
    econ = factories.TopicAreaFactory(slug="economic-security", line_of_effort=line_tech)
    cyber = factories.TopicAreaFactory(slug="cybersecurity", parent=econ, line_of_effort=line_tech)
    space = factories.TopicAreaFactory(slug="space", line_of_effort=line_sec)
    event = factories.EventFactory(slug="rt-2023")
    pub = factories.PublicationFactory(slug="report-2023")
    a = factories.RecommendationFactory(title_en="Export control alignment", topic=econ,
                                        addressees=("us_government",), priority=True)
    b = factories.RecommendationFactory(title_en="Cyber incident channel", topic=cyber, event=event,
                                        title_ja="サイバー事案の情報共有", addressees=("government_of_japan",),
                                        history=[(date(2024, 1, 5), "implemented", "Done.")])
    c = factories.RecommendationFactory(title_en="Space debris norms", topic=space, publication=pub,
                                        history=[(date(2023, 6, 1), "in_progress", "Started."),
                                                 (date(2023, 9, 1), "under_consideration", "Back to study.")])
    return {"a": a, "b": b, "c": c}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"a", "b", "c"}),
        ("?status=implemented", {"b"}),
        ("?status=implemented&status=under_consideration", {"b", "c"}),
        ("?topic=economic-security", {"a", "b"}),  # includes the sub-topic
        ("?topic=cybersecurity", {"b"}),
        ("?line=security", {"c"}),
        ("?addressee=government_of_japan", {"b", "c"}),  # c: addressed to both governments
        ("?event=rt-2023", {"b"}),
        ("?publication=report-2023", {"c"}),
        ("?priority=1", {"a"}),
        ("?regressed=1", {"c"}),
        ("?q=cyber", {"b"}),
        ("?q=サイバー", {"b"}),
        ("?q=space+norms", {"c"}),
        ("?q=space+cyber", set()),
        ("?q=100%25", set()),
        ("?topic=economic-security&status=proposed", {"a"}),
    ],
)
def test_filters(client, auth, world, query, expected):
    auth.login("researcher")
    response = client.get("/" + query)
    assert response.status_code == 200
    assert set(refs(response)) == {world[k].reference for k in expected}


def test_stale_filter(client, auth, world):
    recent = factories.RecommendationFactory(title_en="Fresh one", effective_on=clock.today() - timedelta(days=3))
    auth.login("researcher")
    listed = set(refs(client.get("/?stale=1")))
    assert listed == {world["a"].reference, world["c"].reference}  # open, unchanged since 2023
    assert recent.reference not in listed and world["b"].reference not in listed  # closed


def test_sorts(client, auth, world):
    auth.login("researcher")
    a, b, c = (world[k].reference for k in "abc")
    assert refs(client.get("/?sort=reference")) == [a, b, c]
    assert refs(client.get("/?sort=-reference")) == [c, b, a]
    assert refs(client.get("/?sort=status")) == [a, c, b]  # proposed, under consideration, implemented
    record_status_change(world["a"], "in_progress", date(2024, 3, 1), "Moving.")
    db.session.commit()
    assert refs(client.get("/"))[0] == a  # last change first by default
    assert refs(client.get("/?sort=changed"))[-1] == a


def test_pagination_keeps_filters_and_shows_total(client, auth, app):
    topic = factories.TopicAreaFactory(slug="many")
    for i in range(7):
        factories.RecommendationFactory(title_en=f"Item {i}", topic=topic)
    factories.RecommendationFactory(title_en="Elsewhere")
    auth.login("researcher")
    app.config["PER_PAGE"] = 3
    try:
        first = client.get("/?topic=many&sort=reference")
        html = first.get_data(as_text=True)
        assert "<strong>7</strong> recommendations match these filters · page 1 of 3" in html
        assert 'href="/?topic=many&amp;sort=reference&amp;page=2"' in html
        last = client.get("/?topic=many&sort=reference&page=3")
        assert len(refs(last)) == 1
        beyond = client.get("/?topic=many&sort=reference&page=99")
        assert "page 3 of 3" in beyond.get_data(as_text=True)
    finally:
        app.config["PER_PAGE"] = 25


def test_unknown_values_are_reported(client, auth, world):
    auth.login("researcher")
    response = client.get("/?status=adopted&topic=nope&line=x&addressee=mars&event=e&publication=p&sort=best&page=two&stale=maybe")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    problems = html.split('id="filter-problems"')[1].split("</div>")[0]
    for text in ("Unknown status “adopted”", "Unknown topic “nope”", "Unknown line of effort “x”",
                 "Unknown addressee “mars”", "Unknown event “e”", "Unknown publication “p”",
                 "Unknown sort “best”", "Page “two”", "stale=maybe"):
        assert text in problems
    assert len(refs(response)) == 3


def test_htmx_request_gets_results_only_and_canonical_push_url(client, auth, world):
    auth.login("researcher")
    response = client.get("/?q=&status=implemented&topic=&line=&sort=-changed", headers=HX)
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="filters"' not in html
    assert refs(response) == [world["b"].reference]
    assert response.headers["HX-Push-Url"] == "/?status=implemented"
    assert "HX-Request" in response.headers["Vary"]


def test_full_page_shows_the_filter_state(client, auth, world):
    auth.login("researcher")
    html = client.get("/?status=implemented&topic=space&priority=1&q=norms&sort=status").get_data(as_text=True)
    assert 'value="implemented" checked' in html
    assert '<option value="space" selected>' in html
    assert 'name="priority" value="1" checked' in html
    assert 'value="norms"' in html
    assert '<option value="status" selected>' in html


def test_history_restore_request_gets_the_full_page(client, auth, world):
    auth.login("researcher")
    html = client.get("/?status=implemented", headers={**HX, "HX-History-Restore-Request": "true"}).get_data(as_text=True)
    assert "<html" in html and 'id="filters"' in html


def test_titles_with_markup_are_inert(client, auth):
    factories.RecommendationFactory(title_en="<img src=x onerror=alert(1)>")
    auth.login("researcher")
    html = client.get("/").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_filters_parse_plain_mappings_and_round_trip(app):
    f = RecommendationFilters.from_args({"status": ["implemented", "proposed"], "priority": ["1"], "q": ["  a   b "]})
    assert f.status == ("proposed", "implemented")  # lifecycle order
    assert f.q == "a b" and f.priority and not f.problems
    assert f.to_args(page=2) == {"status": ["proposed", "implemented"], "q": "a b", "priority": "1", "page": "2"}


def test_anonymous_is_sent_to_login(client):
    response = client.get("/?status=proposed")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
