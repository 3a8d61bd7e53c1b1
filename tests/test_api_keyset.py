"""Keyset pagination of ``/api/v1/recommendations?cursor=``: a walk while others write
sees every unchanged recommendation exactly once (offset pages gave duplicates and gaps)."""

from datetime import timedelta

import pytest

from tests.support import factories
from tracker.extensions import db
from tracker.models import Recommendation, utcnow


def _make(n: int):
    topic, pub = factories.TopicAreaFactory(), factories.PublicationFactory()
    made = [factories.RecommendationFactory(topic=topic, publication=pub) for _ in range(n)]
    base = utcnow() - timedelta(days=1)
    for i, rec in enumerate(made):
        rec.updated_at = base + timedelta(minutes=i)
    db.session.commit()
    return topic, pub, made


def _walk(api, first: str, between=None):
    seen, url, calls = [], first, 0
    while url:
        body = api.json(url)
        seen += [r["reference"] for r in body["data"]]
        calls += 1
        if between:
            between(calls)
        url = body["links"]["next"] and body["links"]["next"].removeprefix("http://localhost")
        assert body["meta"]["has_more"] == bool(url)
        assert calls < 50
    return seen


@pytest.mark.parametrize("sort", ["reference", "updated_at", "-updated_at"])
def test_a_keyset_walk_under_concurrent_writes_has_no_duplicates_or_gaps(api, sort):
    topic, pub, made = _make(12)
    untouched = {r.reference for r in made[6:]} if sort == "-updated_at" else {r.reference for r in made[:6]}
    movers = [r for r in made if r.reference not in untouched]
    added = []

    def write(calls):
        # Others write between every two pages: new records, and edits that move records
        # (newest updated_at) across the walk, exactly what shifted offset pages.
        added.append(factories.RecommendationFactory(topic=topic, publication=pub).reference)
        mover = movers[calls % len(movers)]
        db.session.get(Recommendation, mover.id).title_en = f"Edited {calls}"
        db.session.commit()

    seen = _walk(api, f"/api/v1/recommendations?topic={topic.slug}&sort={sort}&per_page=3&cursor=", write)
    assert all(seen.count(ref) == 1 for ref in untouched), "an unchanged one was skipped or repeated"
    if sort == "reference":  # an order no write can change: everything exactly once
        assert len(seen) == len(set(seen)) and {r.reference for r in made} <= set(seen)
    if sort == "updated_at":  # an edited one comes again, with its edit, at the end
        assert set(seen) >= {r.reference for r in made}


def test_offset_pages_do_shift_under_the_same_writes(api):
    """What the cursor fixes: the same walk with ``page`` sees a record twice."""
    topic, pub, made = _make(9)
    seen = []
    for page in (1, 2, 3):
        body = api.json(f"/api/v1/recommendations?topic={topic.slug}&sort=-updated_at&per_page=3&page={page}")
        seen += [r["reference"] for r in body["data"]]
        db.session.get(Recommendation, made[0].id).title_en = f"Edited {page}"  # oldest -> newest
        db.session.commit()
    assert len(seen) != len(set(seen)) or set(seen) != {r.reference for r in made}


def test_keyset_bad_input(api, api_world):
    first = api.json("/api/v1/recommendations?per_page=1&cursor=&sort=reference")
    cursor = first["meta"]["next_cursor"]
    assert cursor and first["meta"]["has_more"] is True
    assert api.get(f"/api/v1/recommendations?per_page=1&sort=reference&cursor={cursor}").status_code == 200
    for query in (f"sort=reference&cursor={cursor[:-2]}xx", f"sort=-updated_at&cursor={cursor}",
                  f"sort=reference&topic=alliance-c2&cursor={cursor}", "cursor=garbage",
                  f"sort=reference&cursor={cursor}&page=2", "cursor=&cursor="):
        response = api.get(f"/api/v1/recommendations?{query}")
        assert response.status_code == 400, query
        assert response.get_json()["error"]["details"]["parameter"] in ("cursor", "page"), query
    last = api.json("/api/v1/recommendations?per_page=100&cursor=")
    assert last["meta"]["has_more"] is False and last["meta"]["next_cursor"] is None
    assert last["links"]["next"] is None and len(last["data"]) == 3
    assert api.get("/api/v1/recommendations?per_page=1000&cursor=").status_code == 400


def test_the_default_list_shape_is_unchanged(api, api_world):
    body = api.json("/api/v1/recommendations")
    assert set(body["meta"]) == {"total", "page", "per_page", "pages"}
    assert set(body["links"]) == {"self", "first", "last", "next", "prev"}
