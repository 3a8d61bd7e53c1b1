"""Search results stay right on the fast paths: filters that exclude every match, phrases
checked by position, and phrases inside boolean queries."""

import pytest

from tests.support import factories as f
from tracker import search


@pytest.fixture
def recs():
    topic = f.TopicAreaFactory(slug="trade", name_en="Trade", name_ja="貿易")
    return {
        "chips": f.RecommendationFactory(
            title_en="Coordinate export controls on chips", title_ja="半導体の輸出管理",
            topic=topic, first_status="in_progress"),
        "apart": f.RecommendationFactory(
            title_en="Controls first, export later", text_ja="輸出の拡大と人材の管理",
            topic=topic, first_status="in_progress"),
    }


def ids(result):
    return set(result.ids)


def test_a_filter_that_excludes_every_match_shows_nothing(recs):
    result = search.search("export", filters={"status": ["implemented"]})
    assert result.ids == [] and result.total == 0


def test_phrases_need_adjacent_words_in_order(recs):
    assert ids(search.search('"export controls" cyber')) == set()
    assert ids(search.search('"export controls" OR cyber')) == {recs["chips"].id}
    assert ids(search.search('"export controls" OR later')) == {recs["chips"].id, recs["apart"].id}
    assert ids(search.search('export NOT "export controls"')) == {recs["apart"].id}
    assert ids(search.search('"coordinate export"')) == {recs["chips"].id}


def test_japanese_phrase_with_a_filter_counts_only_adjacent_bigrams(recs):
    result = search.search("半導体の輸出", filters={"status": ["in_progress"]})
    assert ids(result) == {recs["chips"].id} and result.total == 1
