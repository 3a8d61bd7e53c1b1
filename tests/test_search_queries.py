"""Search results as a user sees them: languages, references, phrases, facets, snippets."""

from datetime import date

import pytest

from tests.support import factories as f
from tracker import search
from tracker.extensions import db
from tracker.services.recommendations.status import record_status_change


@pytest.fixture
def recs():
    line = f.LineOfEffortFactory(slug="tech", name_en="Technology")
    econ = f.TopicAreaFactory(slug="economic-security", name_en="Economic security",
                              name_ja="経済安全保障", line_of_effort=line)
    export = f.TopicAreaFactory(slug="export-controls", name_en="Export controls",
                                name_ja="輸出管理", parent=econ, line_of_effort=line)
    space = f.TopicAreaFactory(slug="space", name_en="Space", name_ja="宇宙")
    return {
        "chips": f.RecommendationFactory(
            title_en="Coordinate export controls on advanced semiconductors",
            title_ja="先端半導体の輸出管理を調整する",
            text_ja="日米は輸出管理の運用で緊密に協力すべきである。",
            topic=export, addressees=["us_government", "government_of_japan"]),
        "apart": f.RecommendationFactory(
            title_en="Grow space industry exports",
            title_ja="宇宙産業の輸出拡大",
            text_ja="輸出の拡大に加え、人材の管理体制を整える。",
            topic=space, addressees=["private_sector"]),
        "cyber": f.RecommendationFactory(
            title_en="Share cyber incident information", text_en="Build a *joint* cyber response.",
            title_ja="サイバーセキュリティ情報の共有", topic=econ,
            history=[(date(2023, 6, 1), "in_progress", "Started.")]),
    }


def ids(result):
    return set(result.ids)


def test_english_words_are_stemmed(recs):
    assert ids(search.search("controlling")) == {recs["chips"].id}
    assert ids(search.search("semiconductor")) == {recs["chips"].id}
    assert ids(search.search("export")) == {recs["chips"].id, recs["apart"].id}  # exports


def test_japanese_word_matches_only_adjacent_characters(recs):
    # 輸出 and 管理 both occur in "apart", but never as 輸出管理.
    assert ids(search.search("輸出管理")) == {recs["chips"].id}
    assert ids(search.search("サイバー")) == {recs["cyber"].id}
    assert ids(search.search("宇宙")) == {recs["apart"].id}


def test_mixed_language_query_and_exact_reference(recs):
    assert ids(search.search("semiconductors 輸出管理")) == {recs["chips"].id}
    assert ids(search.search("cyber 輸出管理")) == set()
    assert search.search(recs["cyber"].reference).ids == [recs["cyber"].id]
    assert search.search(recs["cyber"].reference.lower()).ids == [recs["cyber"].id]


def test_phrase_and_boolean_queries(recs):
    assert ids(search.search('"export controls"')) == {recs["chips"].id}
    assert ids(search.search('"controls export"')) == set()
    assert ids(search.search("cyber OR space")) == {recs["cyber"].id, recs["apart"].id}
    assert ids(search.search("export NOT semiconductors")) == {recs["apart"].id}
    assert ids(search.search("(cyber OR space) AND industry")) == {recs["apart"].id}


def test_topic_names_with_parents_are_searchable(recs):
    # "chips" is in Export controls, a sub-topic of Economic security.
    assert ids(search.search("経済安全保障")) == {recs["chips"].id, recs["cyber"].id}


@pytest.mark.parametrize("query, message", [
    ('"open phrase', "quotation mark"),
    ("(cyber OR space", "brackets"),
    ("cyber AND", "needs a word"),
    ("cy*", "at least 3"),
])
def test_unparseable_queries_give_a_message(recs, query, message):
    with pytest.raises(search.SearchQueryError, match=message):
        search.search(query)


def test_did_you_mean_for_a_misspelt_english_word(recs):
    result = search.search("semicondutors")
    assert result.total == 0 and result.suggestion == "semiconductors"
    assert search.search("semiconductors").suggestion is None


def test_facets_count_and_combine_with_the_query(recs):
    result = search.search("")
    assert result.total == 3
    topics = dict(result.facets["topic"])
    assert topics["economic-security"] == 2  # includes its sub-topic
    assert topics["export-controls"] == 1 and topics["space"] == 1
    assert dict(result.facets["status"]) == {"proposed": 2, "in_progress": 1}
    assert dict(result.facets["addressee"])["government_of_japan"] == 2  # chips and cyber
    assert dict(result.facets["track_status"]) == {
        "us_government:proposed": 1, "government_of_japan:proposed": 1,
        "us_government:in_progress": 1, "government_of_japan:in_progress": 1,
        "private_sector:proposed": 1}
    filtered = search.search("", filters={"topic": ["economic-security"], "status": ["proposed"]})
    assert filtered.ids == [recs["chips"].id]
    # The chosen facet still counts its alternatives (within the other filters).
    assert dict(filtered.facets["status"]) == {"proposed": 1, "in_progress": 1}
    assert ids(search.search("export", filters={"addressee": ["private_sector"]})) == {recs["apart"].id}
    assert search.search("", filters={"line": ["tech"]}).total == 2


def test_snippets_are_highlighted_in_the_language_that_matched(recs):
    en = search.search("semiconductors").snippets[recs["chips"].id]
    assert en[0].lang == "en" and "<mark" in en[0].html and "semiconductors</mark>" in en[0].html
    ja = search.search("輸出管理").snippets[recs["chips"].id]
    assert {s.lang for s in ja} == {"ja"} and "輸出管理</mark>" in ja[0].html
    md = search.search("joint").snippets[recs["cyber"].id]
    assert "*" not in md[0].html  # Markdown markers are not shown


def test_sort_by_date_and_pagination(recs):
    newest = search.search("", sort="newest", per_page=2)
    assert newest.total == 3 and len(newest.ids) == 2 and newest.pages == 2
    assert newest.ids[0] == recs["cyber"].id
    assert len(search.search("", sort="newest", per_page=2, page=2).ids) == 1
    oldest = search.search("", sort="oldest", per_page=None)
    assert oldest.ids[-1] == recs["cyber"].id


def test_changes_are_searchable_after_commit_and_deleted_or_archived_leave(recs):
    chips, apart = recs["chips"], recs["apart"]
    chips.title_en = "Harmonise quantum computing rules"
    db.session.commit()
    assert ids(search.search("quantum")) == {chips.id}
    record_status_change(apart, "implemented", date(2024, 1, 5), "Done.")
    db.session.commit()
    assert ids(search.search("", filters={"status": ["implemented"]})) == {apart.id}
    apart.archived_at = chips.created_at
    db.session.commit()
    assert apart.id not in ids(search.search("space"))
    db.session.delete(chips)
    db.session.commit()
    assert search.search("quantum").total == 0
    assert search.drift() == {"missing": [], "stale": [], "orphan": []}


def test_rollback_indexes_nothing(recs):
    recs["chips"].title_en = "Rolled back title about volcanoes"
    db.session.flush()
    db.session.rollback()
    assert search.search("volcanoes").total == 0


def test_track_status_facet_is_one_governments_status(recs):
    """"US: implemented" counts and filters on that track alone, whatever the other says."""
    record_status_change(recs["chips"], "implemented", date(2024, 5, 1), "Japan did it.",
                         tracks=["government_of_japan"])
    db.session.commit()
    result = search.search("")
    counts = dict(result.facets["track_status"])
    assert counts["government_of_japan:implemented"] == 1
    assert counts["us_government:proposed"] == 1 and "us_government:implemented" not in counts
    japan = search.search("", filters={"track_status": ["government_of_japan:implemented"]})
    assert japan.ids == [recs["chips"].id]
    assert search.search("", filters={"track_status": ["us_government:implemented"]}).total == 0
    # Values of the facet are OR-ed; with another facet, AND-ed.
    either = search.search("", filters={"track_status": ["government_of_japan:implemented",
                                                         "us_government:in_progress"]})
    assert ids(either) == {recs["chips"].id, recs["cyber"].id}
    assert search.search("semiconductors", filters={
        "track_status": ["us_government:in_progress"]}).total == 0
