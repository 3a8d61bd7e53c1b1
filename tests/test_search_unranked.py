"""``search(..., per_page=None, ranked=False)``: the same matches as a ranked search, without
relevance; ids come from per-segment tables that follow new segments and deletions."""

from sqlalchemy import delete

from tests.support import factories as f
from tracker import search
from tracker.extensions import db
from tracker.models import Recommendation


def _ids(text, **kwargs):
    return search.search(text, per_page=None, facets=False, snippets=False, suggest=False,
                         **kwargs).ids


def test_unranked_finds_what_ranked_finds(app):
    recs = [f.RecommendationFactory(title_en=f"Space domain awareness {i}") for i in range(5)]
    f.RecommendationFactory(title_en="Semiconductor supply chain")
    ranked = _ids("space awareness")
    assert sorted(_ids("space awareness", ranked=False)) == sorted(ranked) == sorted(r.id for r in recs)
    late = f.RecommendationFactory(title_en="Space traffic awareness")  # a new segment
    db.session.execute(delete(Recommendation).where(Recommendation.id == recs[0].id))
    db.session.commit()
    expected = {r.id for r in recs[1:]} | {late.id}
    assert set(_ids("space awareness", ranked=False)) == expected
    assert set(_ids("space awareness")) == expected
