from tests.support import factories


def test_login_and_see_a_recommendation(client, auth):
    rec = factories.RecommendationFactory(title_en="Joint export control coordination")
    auth.login("researcher")
    page = client.get("/")
    assert page.status_code == 200
    assert rec.reference in page.get_data(as_text=True)
    detail = client.get(f"/recommendations/{rec.reference}")
    assert "Joint export control coordination" in detail.get_data(as_text=True)
