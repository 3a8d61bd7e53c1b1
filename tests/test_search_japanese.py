"""Japanese search as a user meets it: one-character queries, character widths, phrase
highlights, and "did you mean" without stop words. Each test runs on the fast and on the
plain (Whoosh public API) search path."""

import re

import pytest

from tests.support import factories as f
from tracker import search


@pytest.fixture(params=["fast", "plain"])
def path(request, app, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_FAST_PATHS", request.param == "fast")
    return request.param


def rec(**kwargs):
    """A recommendation whose only Japanese is what the test gives (addressed to the
    private sector: 民間セクター, not 日米両政府)."""
    kwargs.setdefault("addressees", ["private_sector"])
    return f.RecommendationFactory(**kwargs)


def ids(result):
    return set(result.ids)


def marks(html) -> list[str]:
    return re.findall(r"<mark[^>]*>(.*?)</mark>", str(html))


def test_one_kanji_finds_every_record_containing_it(path):
    inside = rec(title_ja="日米同盟の強化", text_ja="")
    first = rec(title_ja="米国の輸出管理", text_ja="")
    alone = rec(title_ja="日・米・豪の協力", text_ja="")
    last = rec(title_ja="協力を強める日米。", text_ja="")  # 米 ends the run
    nuclear = rec(title_ja="核抑止の信頼性", text_ja="")
    sea = rec(title_ja="海洋安全保障", text_ja="")
    rec(title_ja="宇宙状況把握", text_ja="")
    assert ids(search.search("米")) == {inside.id, first.id, alone.id, last.id}
    assert ids(search.search("核")) == {nuclear.id}
    assert ids(search.search("海")) == {sea.id}
    # the one character is highlighted where it stands
    snippets = search.search("米").snippets
    for found in (inside, first, alone, last):
        assert marks(snippets[found.id][0].html) == ["米"]


def test_a_longer_match_ranks_above_a_one_character_match(path):
    # 米 (inside 日米) is rarer than 政策: only its lighter weight as one character puts the
    # record matching the two-character word first.
    word = rec(title_ja="政策の見直し", text_ja="")
    char = rec(title_ja="日米の見直し", text_ja="")
    for _ in range(3):
        rec(title_ja="政策協調", text_ja="協調")
    result = search.search("米 OR 政策")
    assert result.total == 5
    assert result.ids.index(word.id) < result.ids.index(char.id)
    # several terms starting with 米 still weigh less than the one word
    assert search.search("米").total == 1
    more = rec(title_ja="米国と日米と米軍", text_ja="")
    result = search.search("米 OR 政策")
    assert result.total == 6 and result.ids.index(word.id) < result.ids.index(more.id)


def test_half_width_kana_and_full_width_latin_find_normal_text(path):
    found = rec(title_en="AI governance by 2024", text_en="",
                title_ja="データ連携とネットワーク", text_ja="")
    rec(title_en="Space", title_ja="宇宙", text_ja="")
    for query in ("ﾃﾞｰﾀ", "ﾈｯﾄ", "ＡＩ", "２０２４", "ﾃﾞｰﾀ連携", "ＡＩ ｶﾞﾊﾞﾅﾝｽ OR ＡＩ"):
        assert ids(search.search(query)) == {found.id}, query
    html = search.search("ﾃﾞｰﾀ").snippets[found.id][0].html
    assert marks(html) == ["データ"]


def test_half_width_text_is_found_by_normal_queries(path):
    found = rec(title_en="ＧＰＵ export ２０２５", text_en="",
                title_ja="ﾃﾞｰﾀ共有のﾈｯﾄﾜｰｸ", text_ja="")
    rec(title_en="Space", title_ja="宇宙", text_ja="")
    for query in ("データ", "ネットワーク", "GPU", "gpu", "2025", "データ共有"):
        assert ids(search.search(query)) == {found.id}, query
    # highlights point at the characters as written
    assert marks(search.search("データ").snippets[found.id][0].html) == ["ﾃﾞｰﾀ"]
    assert marks(search.search("GPU").snippets[found.id][0].html) == ["ＧＰＵ"]


def test_a_phrase_is_highlighted_only_where_it_matched(path):
    found = rec(
        title_ja="政策協調の枠組み", text_ja="政策提言をまとめ、政策協調を進める。",
        title_en="Chain review", text_en="Supply of chips; the supply chain matters.")

    def marked(q):
        return {s.field: marks(s.html) for s in search.search(q).snippets[found.id]}

    # 政策協 -> the bigrams 政策 策協, adjacent: never the 政策 of 政策提言
    assert marked("政策協") == {"title_ja": ["政策協"], "text_ja": ["政策協"]}
    assert marked('"政策協調"') == {"title_ja": ["政策協調"], "text_ja": ["政策協調"]}
    # an English phrase: not the "Supply" of "Supply of chips"
    assert marked('"supply chain"')["text_en"] == ["supply", "chain"]
    # a word searched on its own is still marked wherever it stands
    assert marked("政策") == {"title_ja": ["政策"], "text_ja": ["政策", "政策"]}
    assert marked("supply chain")["text_en"] == ["Supply", "supply", "chain"]


def test_did_you_mean_never_proposes_a_stop_word(path):
    rec(title_en="The NAFTA review of the trade terms", text_en="")
    result = search.search("NAFTA OR TPP")
    assert result.suggestion is None or not re.search(
        r"\b(the|of|a|an|and|to)\b", result.suggestion.replace(" OR ", " ")), result.suggestion
    assert search.search("NAFTA OR tarde").suggestion == "NAFTA OR trade"
