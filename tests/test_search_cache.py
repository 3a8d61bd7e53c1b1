"""The query-side caches (``tracker.search.fast.cache``) never serve what a write changed, and
the fast paths (bitsets, threshold top-k, remembered snippet fragments) give the same
answers as the plain ones."""

import random
from pathlib import Path

import pytest

from tests.support import factories as f
from tracker import search
from tracker.extensions import db
from tracker.search import store
from tracker.search.fast import cache, ranking
from tracker.search.fast import snippets as fast_snippets
from tracker.search.fast.docsets import docset
from tracker.search.parsing import filter_query, parse


def test_bitsets_round_trip():
    rng = random.Random(3)
    for docs in ([], [0], [7, 8, 9], sorted(rng.sample(range(5000), 700)), list(range(64))):
        bits = cache.bits_of(docs)
        assert cache.docs_of(bits) == docs
        assert bits.bit_count() == len(docs)
        assert all(cache.has(bits, d) for d in docs)
    assert cache.bits_of([1, 2], offset=10) == cache.bits_of([11, 12])


def test_a_write_is_seen_by_the_next_search(app):
    first = f.RecommendationFactory(title_en="Quantum sensing roadmap")
    result = search.search("quantum")
    assert result.ids == [first.id] and dict(result.facets["status"]) == {"proposed": 1}

    second = f.RecommendationFactory(title_en="Quantum key distribution", first_status="in_progress")
    result = search.search("quantum")
    assert set(result.ids) == {first.id, second.id}
    assert dict(result.facets["status"]) == {"proposed": 1, "in_progress": 1}

    first.title_en = "Sensing roadmap"
    db.session.commit()
    result = search.search("quantum")
    assert result.ids == [second.id] and result.total == 1
    assert dict(result.facets["status"]) == {"in_progress": 1}
    assert search.search('"sensing roadmap"').ids == [first.id]

    second.archived_at = second.created_at
    db.session.commit()
    assert search.search("quantum").ids == [] and search.search("quantum").total == 0


def test_the_searcher_is_kept_until_the_index_changes(app):
    f.RecommendationFactory(title_en="Lunar logistics")
    search.search("lunar")
    ix = store.open_index(Path(app.config["SEARCH_INDEX_DIR"]))
    kept = cache.searcher(ix)
    assert cache.searcher(ix) is kept
    f.RecommendationFactory(title_en="Lunar relay")
    assert cache.searcher(ix) is not kept
    assert search.search("lunar").total == 2


def test_a_rebuilt_index_is_searched_afresh(app):
    rec = f.RecommendationFactory(title_en="Maritime domain awareness")
    assert search.search("maritime").ids == [rec.id]
    search.rebuild()
    assert search.search("maritime").ids == [rec.id]
    assert search.search("maritime").facets["status"] == [("proposed", 1)]


@pytest.fixture
def many():
    rng = random.Random(11)
    words = ["alliance", "cyber", "resilience", "space", "deterrence", "supply", "chain"]
    recs = []
    for i in range(30):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        recs.append(f.RecommendationFactory(title_en=f"{rng.choice(words)} plan {i}", text_en=text,
                                            first_status=rng.choice(["proposed", "in_progress"])))
    return recs


@pytest.mark.parametrize("text", ["alliance", "cyber resilience", "space OR deterrence",
                                  "supply chain alliance", "alliance NOT cyber", "plan",
                                  '"supply chain" OR space'])
@pytest.mark.parametrize("walk", [False, True])
def test_threshold_top_pages_equal_scoring_every_match(app, many, text, walk, monkeypatch):
    if walk:  # walk the terms' lists however few the matches
        monkeypatch.setattr(ranking, "TA_MIN_MATCHES", 0)
        monkeypatch.setattr(ranking, "TA_WALK_SHARE", 1000)
    ix = store.open_index(Path(app.config["SEARCH_INDEX_DIR"]))
    search.search(text)  # catch up
    searcher = cache.searcher(ix)
    q = parse(text)
    allowed = docset(searcher, q)
    assert allowed
    every = ranking.top(searcher, q, allowed, None)[1]
    for limit in (1, 5, 25, 100):
        results, order = ranking.top(searcher, q, allowed, limit)
        assert order == every[:limit]
        assert [d for _s, d in results.top_n] == order
    status = docset(searcher, filter_query({"status": ["in_progress"]}))
    every = ranking.top(searcher, q, allowed & status, None)[1]
    assert ranking.top(searcher, q, allowed & status, 7)[1] == every[:7]


def test_snippets_are_the_same_when_remembered(app, many):
    first = search.search("alliance resilience")
    assert first.snippets
    again = search.search("alliance resilience")
    fast_snippets.clear()
    fresh = search.search("alliance resilience")
    html = {k: [str(s.html) for s in v] for k, v in first.snippets.items()}
    assert html == {k: [str(s.html) for s in v] for k, v in again.snippets.items()}
    assert html == {k: [str(s.html) for s in v] for k, v in fresh.snippets.items()}
    assert any("<mark" in h for hs in html.values() for h in hs)


def test_a_busy_index_keeps_the_caches(app, monkeypatch):
    """While another writer holds the index lock, searches answer from what the index has
    ("catching up") without throwing their caches away on every request."""
    from tracker.search import sync

    f.RecommendationFactory(title_en="Orbital debris mitigation")
    assert search.search("orbital").total == 1
    ix = store.open_index(Path(app.config["SEARCH_INDEX_DIR"]))
    kept = cache.searcher(ix)

    def busy(*_args, **_kwargs):
        raise store.IndexBusy("another writer")

    monkeypatch.setattr(sync, "_catch_up", busy)
    sync.catch_up(force=True)
    for _ in range(2):
        result = search.search("orbital")
        assert result.total == 1 and result.catching_up
        assert cache.searcher(ix) is kept
