"""The ``q`` box of the staff list and the API's ``q`` use the search index."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.support import factories as f
from tracker.models import Recommendation
from tracker.services.queries.text_search import FALLBACK_NOTICE, id_in
from tracker.services.recommendations.status import record_status_change

HX = {"HX-Request": "true"}


@pytest.fixture
def recs():
    export = f.TopicAreaFactory(slug="export-controls", name_en="Export controls", name_ja="輸出管理")
    space = f.TopicAreaFactory(slug="space", name_en="Space", name_ja="宇宙")
    return {
        "chips": f.RecommendationFactory(
            title_en="Coordinate export controls on advanced semiconductors",
            title_ja="先端半導体の輸出管理を調整する", topic=export,
            internal_notes="Ministry contact prefers zeppelins.",
            history=[(date(2024, 2, 1), "implemented", "Done.")]),
        "apart": f.RecommendationFactory(
            title_en="Grow space industry exports", title_ja="宇宙産業の輸出拡大",
            text_ja="輸出の拡大に加え、人材の管理体制を整える。", topic=space),
        "draft": f.RecommendationFactory(title_en="Secret semiconductor draft", first_status="draft"),
    }


def refs_in(html: str, recs) -> set[str]:
    return {name for name, rec in recs.items() if rec.reference in html}


@pytest.fixture
def broken_index(app, tmp_path, monkeypatch):
    """The index folder cannot be created (a file stands where it should be)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(blocker))


@pytest.mark.parametrize("q, expected", [
    ("controlling", {"chips"}),  # stemmed
    ("輸出管理", {"chips"}),  # adjacent bigrams only: "apart" has 輸出 and 管理 apart
    ('"export controls"', {"chips"}),
    ("semiconductor OR space", {"chips", "apart", "draft"}),
    ("semiconductors NOT draft", {"chips"}),
])
def test_staff_list_words_use_the_index(client, auth, recs, q, expected):
    auth.login()
    html = client.get("/", query_string={"q": q}).get_data(as_text=True)
    assert refs_in(html, recs) == expected


def test_staff_list_words_combine_with_the_other_filters(client, auth, recs):
    auth.login()
    html = client.get("/", query_string={"q": "exports", "status": "implemented"},
                      headers=HX).get_data(as_text=True)
    assert refs_in(html, recs) == {"chips"}
    record_status_change(recs["apart"], "implemented", date(2024, 3, 1), "Done.")
    from tracker.extensions import db
    db.session.commit()
    html = client.get("/", query_string={"q": "exports", "status": "implemented"},
                      headers=HX).get_data(as_text=True)
    assert refs_in(html, recs) == {"chips", "apart"}


@pytest.mark.parametrize("headers", [{}, HX])
def test_staff_list_unparseable_words_show_a_message(client, auth, recs, headers):
    auth.login()
    response = client.get("/", query_string={"q": '"export controls'}, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="search-error"' in html and "quotation mark" in html
    assert refs_in(html, recs) == set()


def test_staff_list_falls_back_to_word_matching_without_an_index(client, auth, recs, broken_index):
    auth.login()
    response = client.get("/", query_string={"q": "semiconductors"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert refs_in(html, recs) == {"chips"} and FALLBACK_NOTICE.split(",")[0] in html


def api_refs(api, q: str, status: int = 200):
    body = api.json("/api/v1/recommendations?" + f"q={q}", status)
    return body if status != 200 else {item["reference"] for item in body["data"]}


def test_api_words_use_the_index_and_only_public_records(api, recs):
    assert api_refs(api, "controlling") == {recs["chips"].reference}
    assert api_refs(api, "輸出管理") == {recs["chips"].reference}
    # The draft matches "semiconductor" in the index but is not public.
    assert api_refs(api, "semiconductor") == {recs["chips"].reference}


def test_api_words_never_match_internal_text(api, recs):
    assert api_refs(api, "zeppelins") == set()
    assert api_refs(api, "Ministry") == set()


def test_api_unparseable_words_are_a_400(api, recs):
    body = api_refs(api, "(export", status=400)
    assert body["error"]["details"] == {"parameter": "q"}
    assert "brackets" in body["error"]["message"]


def test_api_falls_back_to_word_matching_without_an_index(api, recs, broken_index):
    assert api_refs(api, "semiconductors") == {recs["chips"].reference}
    assert api_refs(api, "zeppelins") == set()


def test_long_id_lists_stay_one_parameter(recs):
    from tracker.extensions import db

    wanted = [recs["chips"].id, recs["apart"].id]
    ids = list(range(10**6, 10**6 + 5000)) + wanted
    found = db.session.scalars(select(Recommendation.id).where(id_in(Recommendation.id, ids)))
    assert sorted(found) == sorted(wanted)
    assert db.session.scalars(select(Recommendation.id).where(id_in(Recommendation.id, []))).all() == []
