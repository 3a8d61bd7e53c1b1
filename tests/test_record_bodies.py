"""Stored public JSON (issue 17): the API reads each record's finished JSON from its
``sync_state`` row instead of building it, and every answer is the same text as the one
built from the tables, after any kind of staff edit (the demo data: tracks, agencies,
evidence, retractions, superseded records, events and publications)."""

import pytest
from sqlalchemy import func, select

from tracker.demo import loader
from tracker.extensions import db
from tracker.models import Recommendation, SyncState, TopicArea
from tracker.services import clock
from tracker.services.partner import public_api, record_bodies
from tracker.services.recommendations.status import record_status_change

LISTS = ["/api/v1/recommendations?per_page=100", "/api/v1/recommendations?per_page=100&page=2",
         "/api/v1/recommendations?q=semiconductor&per_page=50",
         "/api/v1/recommendations?status=implemented&per_page=50",
         "/api/v1/recommendations?addressee=government_of_japan&status=in_progress",
         "/api/v1/recommendations?sort=-updated_at&per_page=20",
         "/api/v1/recommendations?cursor=&per_page=30"]


@pytest.fixture
def demo():
    loader.seed_demo()
    db.session.commit()


def _answers(api, paths) -> dict[str, bytes]:
    return {path: api.get(path).get_data() for path in paths}


def _everything(api) -> dict[str, bytes]:
    refs = db.session.execute(select(Recommendation.reference)).scalars().all()
    return _answers(api, LISTS + [f"/api/v1/recommendations/{ref}" for ref in refs])


def _built_answers(api, monkeypatch) -> dict[str, bytes]:
    """The same addresses with no stored JSON at all: every record built from the tables."""
    from tracker.api import body_cache

    with monkeypatch.context() as patch:
        patch.setattr(record_bodies, "stored", lambda ids, connection=None: {})
        body_cache.clear()
        answers = _everything(api)
    body_cache.clear()
    return answers


def _assert_stored_equals_built(api, monkeypatch):
    from tracker.api import body_cache

    body_cache.clear()
    stored = _everything(api)
    assert stored == _built_answers(api, monkeypatch)
    return stored


def test_every_public_record_has_its_json_stored_and_lists_use_it(api, demo, monkeypatch):
    public = db.session.execute(select(func.count()).select_from(SyncState)
                                .where(SyncState.public.is_(True))).scalar_one()
    with_body = db.session.execute(select(func.count()).select_from(SyncState)
                                   .where(SyncState.item.is_not(None))).scalar_one()
    assert public > 50 and with_body == public
    built = []
    real = public_api.by_ids
    monkeypatch.setattr(public_api, "by_ids", lambda ids, *a, **k: built.append(len(ids)) or real(ids, *a, **k))
    page = api.get("/api/v1/recommendations?per_page=100").get_json()
    assert len(page["data"]) == min(public, 100)
    refs = [item["reference"] for item in page["data"]]
    superseding = db.session.execute(select(func.count()).select_from(Recommendation).where(
        Recommendation.reference.in_(refs), Recommendation.supersedes_id.is_not(None))).scalar_one()
    assert sum(built) == superseding < len(refs)  # only records that supersede another are built


def test_stored_answers_equal_built_ones_through_every_kind_of_edit(api, demo, monkeypatch):
    first = _assert_stored_equals_built(api, monkeypatch)
    recs = db.session.execute(select(Recommendation).where(Recommendation.status != "draft")
                              .order_by(Recommendation.id)).scalars().all()
    a, b, c = recs[0], recs[1], recs[2]
    # a status entry for one track, an edit of the text, a topic rename, an archive
    track = a.tracks[0]
    record_status_change(a, "implemented" if track.status != "implemented" else "in_progress",
                         clock.today(), "Done.", tracks=[track.addressee],
                         evidence_urls=["https://www.meti.go.jp/english/"])
    b.title_en = b.title_en + " (revised)"
    topic = db.session.get(TopicArea, c.topic_id)
    topic.name_ja = topic.name_ja + "（改）"
    db.session.commit()
    recs[3].archived_at = recs[3].created_at
    db.session.commit()
    after = _assert_stored_equals_built(api, monkeypatch)
    changed = {path for path in first if first[path] != after[path]}
    assert {f"/api/v1/recommendations/{r.reference}" for r in (a, b, c, recs[3])} <= changed
    assert api.get(f"/api/v1/recommendations/{recs[3].reference}").status_code == 404


def test_lang_and_as_of_answers_are_built_and_unchanged(api, demo):
    public = api.get("/api/v1/recommendations?per_page=100").get_json()["data"]
    with_english = next(r["reference"] for r in public if r["title"]["en"])
    japanese_only = next(r["reference"] for r in public if not r["title"]["en"])
    for ref in (with_english, japanese_only):
        en = api.get(f"/api/v1/recommendations/{ref}?lang=en").get_json()["data"]
        both = api.get(f"/api/v1/recommendations/{ref}").get_json()["data"]
        # ?lang=en gives the English string, or the Japanese one where English is missing.
        assert en["title"] == (both["title"]["en"] or both["title"]["ja"])
        assert isinstance(en["title"], str) and en["url"] == both["url"]
    as_of = api.get("/api/v1/recommendations?as_of=2024-01-01&per_page=5").get_json()
    assert as_of["meta"]["total"] <= api.get("/api/v1/recommendations").get_json()["meta"]["total"]
