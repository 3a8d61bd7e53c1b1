"""Bilingual content: the reader's language first, the other one a click away, a
"not yet translated" mark where the reader's language is missing; per-language edit
times and the translation status page with its counts on the overview board."""

from datetime import UTC, datetime, timedelta

from tests.support import factories
from tests.support.i18n import english_runs
from tracker.extensions import db
from tracker.models import Recommendation
from tracker.services.recommendations import translations


def _login(auth, locale):
    return auth.login(factories.UserFactory(role="researcher", locale=locale))


def _detail(client, rec) -> str:
    return client.get(f"/recommendations/{rec.reference}").get_data(as_text=True)


def test_the_readers_language_comes_first_and_the_other_is_one_click_away(client, auth):
    rec = factories.RecommendationFactory(title_en="Coordinate export controls", title_ja="輸出管理の連携",
                                          text_en="Both governments should act.", text_ja="両政府は行動すべきである。",
                                          publication=factories.PublicationFactory(title_ja="報告書"))
    _login(auth, "ja")
    html = _detail(client, rec)
    assert html.index("輸出管理の連携") < html.index("Coordinate export controls")
    assert html.index("両政府は行動すべきである。") < html.index("Both governments should act.")
    other = html[html.index('<details class="bi-other">'):]
    assert "<summary>英語の文章を表示</summary>" in other and "Both governments should act." in other
    assert "翻訳未完了" not in html
    listing = client.get("/").get_data(as_text=True)
    assert listing.index("輸出管理の連携") < listing.index("Coordinate export controls")


def test_a_missing_translation_is_marked_not_left_blank(client, auth):
    rec = factories.RecommendationFactory(title_en="Joint space situational awareness", title_ja=None,
                                          text_en="Share **orbital** data.", text_ja=None,
                                          publication=factories.PublicationFactory(title_ja="報告書"))
    _login(auth, "ja")
    html = _detail(client, rec)
    assert "Joint space situational awareness" in html and "<strong>orbital</strong>" in html
    assert html.count("翻訳未完了") == 2  # title and text
    assert '<h1 class="bi-text' in html and 'lang="en"' in html
    assert "翻訳未完了" in client.get("/").get_data(as_text=True)
    assert english_runs(html) == []  # the English shown is content, marked with its language


def test_english_readers_see_the_mark_on_japanese_only_records(client, auth):
    rec = factories.RecommendationFactory(title_en=None, title_ja="宇宙状況監視の共同化", text_en=None,
                                          text_ja="データを共有する。")
    _login(auth, "en")
    html = _detail(client, rec)
    assert "宇宙状況監視の共同化" in html and html.count("not yet translated") == 2
    assert "翻訳未完了" not in html


def test_edit_times_move_only_for_the_language_that_changed(client):
    rec = factories.RecommendationFactory(title_en="A", title_ja=None)
    db.session.commit()
    assert rec.en_updated_at is not None and rec.ja_updated_at is None
    assert translations.kind_of(rec) == "missing_ja"
    first_en = rec.en_updated_at
    rec.title_ja = "甲"
    db.session.commit()
    assert rec.ja_updated_at is not None and rec.en_updated_at == first_en
    assert rec.ja_updated_at >= first_en
    rec.en_updated_at = rec.ja_updated_at = datetime(2024, 1, 1, tzinfo=UTC)
    db.session.commit()
    rec.priority = not rec.priority  # not a translated field
    db.session.commit()
    assert rec.en_updated_at == rec.ja_updated_at
    rec.text_en = "New English text."
    db.session.commit()
    assert rec.en_updated_at > rec.ja_updated_at
    assert translations.kind_of(rec) == "outdated_ja"
    rec.title_ja = None
    db.session.commit()
    assert rec.ja_updated_at is None


def test_edits_through_the_web_form_set_the_time(client, auth, app_no_csrf):
    rec = factories.RecommendationFactory(title_en="Old", title_ja="旧")
    old = datetime(2024, 1, 1, tzinfo=UTC)
    rec.en_updated_at = rec.ja_updated_at = old
    db.session.commit()
    auth.login("researcher")
    form = client.get(f"/recommendations/{rec.reference}/edit").get_data(as_text=True)
    assert form
    from tracker.services.recommendations.editing import (
        fingerprint,  # the edit form's stale-edit field
    )
    data = {"title_en": "New", "title_ja": "旧", "topic": str(rec.topic_id), "addressees": rec.addressees,
            "version": str(rec.version), "seen": fingerprint(rec)}
    response = client.post(f"/recommendations/{rec.reference}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    rec = db.session.get(Recommendation, rec.id)
    assert rec.en_updated_at > old and rec.ja_updated_at == old


def _status_world():
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    recs = {
        "missing_ja": factories.RecommendationFactory(title_en="Only English", title_ja=None),
        "missing_en": factories.RecommendationFactory(title_en=None, title_ja="日本語のみ", text_en=None),
        "outdated_ja": factories.RecommendationFactory(title_en="English newer", title_ja="日本語が古い"),
        "outdated_en": factories.RecommendationFactory(title_en="English older", title_ja="英語が古い"),
        None: factories.RecommendationFactory(title_en="In step", title_ja="同期済み"),
    }
    recs["outdated_ja"].en_updated_at, recs["outdated_ja"].ja_updated_at = t0 + timedelta(days=2), t0
    recs["outdated_en"].en_updated_at, recs["outdated_en"].ja_updated_at = t0, t0 + timedelta(days=3)
    recs[None].en_updated_at = recs[None].ja_updated_at = t0
    archived = factories.RecommendationFactory(title_en="Archived, English only", title_ja=None)
    archived.archived_at = t0
    db.session.commit()
    return recs


def test_translation_status_lists_and_counts_what_to_translate(client, auth):
    recs = _status_world()
    assert translations.counts() == {"missing_ja": 1, "missing_en": 1, "outdated_ja": 1,
                                     "outdated_en": 1, "total": 4}
    _login(auth, "ja")
    html = client.get("/translations").get_data(as_text=True)
    for kind, rec in recs.items():
        if kind:
            assert f'data-reference="{rec.reference}" data-kind="{kind}"' in html
        else:
            assert rec.reference not in html
    assert "Archived, English only" not in html
    assert "翻訳が必要な提言<strong>4</strong>件" in html and english_runs(html) == []
    only = client.get("/translations?kind=outdated_en", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert recs["outdated_en"].reference in only and recs["missing_ja"].reference not in only
    assert "<html" not in only


def test_overview_board_shows_the_translation_counts(client, auth):
    _status_world()
    _login(auth, "en")
    html = client.get("/boards/").get_data(as_text=True)
    block = html[html.index('id="translation-summary"'):]
    block = block[:block.index("</div>")]
    assert "Japanese missing: <strong>1</strong>" in block and "English out of date: <strong>1</strong>" in block
    assert 'href="/translations?kind=missing_ja"' in block


def test_catalog_records_missing_a_language_are_listed(client, auth):
    factories.EventFactory(title_en="Tokyo roundtable", title_ja=None)
    _login(auth, "ja")
    html = client.get("/translations").get_data(as_text=True)
    assert "Tokyo roundtable" in html and "日本語のタイトルなし" in html
