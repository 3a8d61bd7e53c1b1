"""The staff search page at /search, as a full page and as the htmx results partial."""

import pytest

from tests.support import factories as f


@pytest.fixture
def recs():
    topic = f.TopicAreaFactory(slug="export-controls", name_en="Export controls")
    return [
        f.RecommendationFactory(title_en="Coordinate export controls", title_ja="輸出管理の調整",
                                topic=topic),
        f.RecommendationFactory(title_en="Space traffic management"),
    ]


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/search?q=export")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_full_page_shows_highlighted_results_and_facets(client, auth, recs):
    auth.login("leadership")
    page = client.get("/search?q=export").get_data(as_text=True)
    assert "<html" in page and 'id="search-q"' in page and 'value="export"' in page
    assert recs[0].reference in page and recs[1].reference not in page
    assert "<mark" in page and "export</mark>" in page
    assert 'name="topic" value="export-controls"' in page and "Export controls" in page
    assert 'hx-push-url="true"' in page


def test_htmx_request_gets_only_the_results(client, auth, recs):
    auth.login()
    response = client.get("/search?q=輸出管理", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert recs[0].reference in body and 'lang="ja"' in body
    assert "HX-Request" in response.headers["Vary"]


def test_facet_filters_and_pages_keep_the_query(client, auth, recs, app):
    auth.login()
    body = client.get("/search?topic=export-controls").get_data(as_text=True)
    assert recs[0].reference in body and recs[1].reference not in body
    app.config["PER_PAGE"] = 1
    try:
        body = client.get("/search?q=&sort=newest").get_data(as_text=True)
    finally:
        app.config["PER_PAGE"] = 25
    assert "Page 1 of 2" in body and "sort=newest&amp;page=2" in body


@pytest.mark.parametrize("q", ['"unclosed', "(export", "OR", "ex*", "x" * 400])
def test_bad_queries_show_a_message_not_an_error_page(client, auth, recs, q):
    auth.login()
    response = client.get("/search", query_string={"q": q}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'role="alert"' in response.get_data(as_text=True)


def test_did_you_mean_links_to_the_corrected_search(client, auth, recs):
    auth.login()
    body = client.get("/search?q=expotr").get_data(as_text=True)
    assert "Did you mean" in body and "q=export" in body
