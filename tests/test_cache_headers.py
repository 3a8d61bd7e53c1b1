"""No shared cache keeps staff data (issue 21): staff pages and exports are ``no-store``;
the API's human page is ``private`` (its layout shows who is logged in)."""

import pytest

from tests.support import factories


@pytest.mark.parametrize("path", ["/", "/boards/", "/export/recommendations.csv",
                                  "/export/recommendations.xlsx", "/admin/users", "/login"])
def test_staff_pages_and_exports_are_not_stored(client, auth, path):
    factories.RecommendationFactory()
    auth.login("admin")
    response = client.get(path)
    assert response.status_code in (200, 302)
    assert response.headers["Cache-Control"] == "no-store"


def test_api_page_for_a_logged_in_user_is_private(client, auth):
    auth.login("researcher")
    response = client.get("/api")
    assert response.status_code == 200
    assert "public" not in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"] and "Cookie" in response.headers["Vary"]


def test_public_api_data_stays_publicly_cacheable(api):
    response = api.get("/api/v1/statuses")
    assert response.status_code == 200 and "public" in response.headers["Cache-Control"]


def test_static_files_keep_their_own_caching(client):
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200 and response.headers.get("Cache-Control") != "no-store"
