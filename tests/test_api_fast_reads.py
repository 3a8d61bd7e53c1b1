"""The API's fast reads (issue 17's speed targets) answer exactly what the slow ones did:

- one record is read beside the request's session (``side_reads``), sees every commit at
  once, and falls back to the session when that connection fails;
- a search's total is counted in memory among the public ids (``public_ids``), and follows
  every write and the day, as the SQL count does.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tracker.api import body_cache
from tracker.demo import loader
from tracker.extensions import db
from tracker.models import Publication, Recommendation
from tracker.services import clock
from tracker.services.partner import public_ids, side_reads
from tracker.services.recommendations.status import record_status_change


@pytest.fixture
def demo():
    loader.seed_demo()
    db.session.commit()


def _public_refs(api) -> list[str]:
    return [r["reference"] for r in api.get("/api/v1/recommendations?per_page=100").get_json()["data"]]


def _without_side_connection(monkeypatch):
    def broken(_engine):
        raise OSError("no side connection")

    side_reads._forget()
    monkeypatch.setattr(side_reads, "_connection", broken)


def test_one_record_beside_the_session_sees_each_commit(api, demo):
    ref = _public_refs(api)[0]
    first = api.get(f"/api/v1/recommendations/{ref}")
    rec = db.session.execute(select(Recommendation).where(Recommendation.reference == ref)).scalar_one()
    rec.title_en = "Renamed while a partner reads"
    db.session.commit()
    second = api.get(f"/api/v1/recommendations/{ref}")
    assert second.get_json()["data"]["title"]["en"] == "Renamed while a partner reads"
    assert second.headers["ETag"] != first.headers["ETag"]
    assert second.last_modified >= first.last_modified
    record_status_change(rec, "draft", clock.today(), "Back to draft.")
    db.session.commit()
    assert api.get(f"/api/v1/recommendations/{ref}").status_code == 404


def test_one_record_falls_back_to_the_session_when_its_connection_fails(api, demo, monkeypatch):
    refs = _public_refs(api)[:5]
    body_cache.clear()
    beside = {ref: api.get(f"/api/v1/recommendations/{ref}") for ref in refs}
    _without_side_connection(monkeypatch)
    body_cache.clear()
    for ref in refs:
        through_session = api.get(f"/api/v1/recommendations/{ref}")
        assert through_session.status_code == 200
        assert through_session.get_data() == beside[ref].get_data()
        # No data version either (it is read there too): Last-Modified is now, never older.
        assert through_session.last_modified >= beside[ref].last_modified
    assert api.get("/api/v1/recommendations/NEXT-1999-999").status_code == 404


def _total(api, q: str) -> int:
    return api.get(f"/api/v1/recommendations?q={q}&per_page=5").get_json()["meta"]["total"]


def _sql_total(api, q: str, monkeypatch) -> int:
    with monkeypatch.context() as patch:
        patch.setattr(public_ids, "count", lambda ids, today, conn: None)
        return _total(api, q)


def test_search_total_is_the_public_matches_and_follows_writes_and_the_day(api, demo, monkeypatch):
    q = "semiconductor"
    total = _total(api, q)
    assert total > 1 and total == _sql_total(api, q, monkeypatch)
    found = api.get(f"/api/v1/recommendations?q={q}&per_page=100").get_json()["data"]
    assert len(found) == total

    # Back to draft: one fewer at once.
    rec = db.session.execute(select(Recommendation).where(
        Recommendation.reference == found[0]["reference"])).scalar_one()
    record_status_change(rec, "draft", clock.today(), "Back to draft.")
    db.session.commit()
    assert _total(api, q) == total - 1 == _sql_total(api, q, monkeypatch)

    # Its publication moved into the future: the others in it leave too, until that day.
    other = db.session.execute(select(Recommendation).where(
        Recommendation.reference == found[1]["reference"])).scalar_one()
    publication = db.session.get(Publication, other.publication_id)
    publication.published_on = clock.today() + timedelta(days=10)
    db.session.commit()
    hidden = _total(api, q)
    assert hidden < total - 1 and hidden == _sql_total(api, q, monkeypatch)
    later = clock.today() + timedelta(days=11)
    monkeypatch.setattr(clock, "today", lambda: later)
    assert _total(api, q) == total - 1 == _sql_total(api, q, monkeypatch)


def test_search_with_other_filters_still_counts_in_sql(api, demo, monkeypatch):
    calls = []
    monkeypatch.setattr(public_ids, "count", lambda *a: calls.append(a))
    api.get("/api/v1/recommendations?q=semiconductor&status=implemented")
    api.get("/api/v1/recommendations?q=semiconductor&addressee=government_of_japan")
    assert calls == []
    api.get("/api/v1/recommendations?q=semiconductor&sort=-updated_at&page=2")
    assert len(calls) == 1


def test_page_links_keep_every_parameter_and_change_only_the_page(api, demo):
    body = api.get("/api/v1/recommendations?q=semiconductor&sort=-updated_at&per_page=1&page=2").get_json()
    links = body["links"]
    assert body["meta"]["pages"] >= 3
    for rel, page in (("self", 2), ("first", 1), ("next", 3), ("prev", 1),
                      ("last", body["meta"]["pages"])):
        assert f"page={page}" in links[rel].replace("per_page=", "")
        assert "q=semiconductor" in links[rel] and "sort=-updated_at" in links[rel]
        assert "per_page=1" in links[rel]
