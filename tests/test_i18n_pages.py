"""The interface in Japanese: every staff page without an untranslated English sentence,
the language switch, Accept-Language on the login page, and the JSON API unaffected."""


import pytest

from tests.conftest import csrf_token_from
from tests.support import factories
from tests.support.i18n import english_runs
from tests.support.pages import _is_html, _pages
from tracker.extensions import db
from tracker.models import User


def test_the_checker_finds_english_and_ignores_content():
    html = ('<p>提言 Record status change</p><p data-content>Joint export control</p>'
            '<span lang="en">US-Japan NEXT</span><select data-content-options><option value="">すべて</option>'
            '<option value="x">Economic security</option></select><input placeholder="Search here">'
            '<p>NEXT Tracker · CSV JSON · https://example.org/a b@example.org</p>')
    assert english_runs(html) == ["Record status change", "Search here"]


@pytest.fixture
def japanese(client, auth):
    user = factories.UserFactory(role="admin", locale="ja")
    auth.login(user)
    return user


def test_every_staff_page_in_japanese_has_no_untranslated_sentence(app, client, japanese, known):  # noqa: F811
    # Content with both languages missing somewhere, so the marks are rendered too.
    factories.RecommendationFactory(title_en="Only in English", title_ja=None, text_en="English text only.")
    db.session.commit()
    pages = _pages(app, known)
    checked = 0
    for url in pages:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, url
            if not _is_html(response):
                break
            html = response.get_data(as_text=True)
            assert english_runs(html) == [], (url, headers)
            checked += 1
    assert checked >= 20
    error = client.get("/no/such/page")
    assert error.status_code == 404 and english_runs(error.get_data(as_text=True)) == []
    assert "ここには何もありません" in error.get_data(as_text=True)


def test_japanese_pages_show_japanese_labels_statuses_and_dates(client, japanese, known):  # noqa: F811
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ja">' in html
    assert "提言" in html and "検討中" in html and "ログアウト" in html
    assert "提言先が検討中、または受領を表明しています。" in html  # status definition
    detail = client.get(f"/recommendations/{known['reference']}").get_data(as_text=True)
    assert "2023年8月1日" in detail  # the status date, formatted for Japanese


def test_the_language_switch_is_remembered_for_the_user(client, auth):
    user = auth.login("researcher")
    page = client.get("/boards/")
    assert "Log out" in page.get_data(as_text=True)
    token = csrf_token_from(page)
    response = client.post("/language", data={"lang": "ja", "next": "/boards/", "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/boards/"
    assert db.session.get(User, user.id).locale == "ja"
    html = client.get("/boards/").get_data(as_text=True)
    assert "ログアウト" in html and "概要" in html
    # Still Japanese on another browser: the choice is the user's, not the cookie's.
    other = client.application.test_client()
    token = csrf_token_from(other.get("/login"))
    other.post("/login", data={"email": user.email, "password": factories.DEFAULT_PASSWORD, "csrf_token": token})
    assert "ログアウト" in other.get("/").get_data(as_text=True)
    # Back to English; an unknown language or an off-site address changes nothing harmful.
    token = csrf_token_from(client.get("/"))
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    assert "Log out" in client.get("/").get_data(as_text=True)
    bad = client.post("/language", data={"lang": "xx", "next": "https://evil.example/", "csrf_token": token})
    assert bad.headers["Location"] == "/"
    assert db.session.get(User, user.id).locale == "en"


def test_the_switch_needs_the_csrf_token(client, auth):
    user = auth.login("leadership")  # any role may switch
    assert client.post("/language", data={"lang": "ja"}).status_code == 400
    assert db.session.get(User, user.id).locale is None
    token = csrf_token_from(client.get("/"))
    assert client.post("/language", data={"lang": "ja", "csrf_token": token}).status_code == 302
    assert db.session.get(User, user.id).locale == "ja"


def test_login_page_follows_accept_language_then_the_cookie(client):
    assert "ログイン" in client.get("/login", headers={"Accept-Language": "ja,en;q=0.5"}).get_data(as_text=True)
    english = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9,ja;q=0.8"}).get_data(as_text=True)
    assert "Log in" in english and "ログイン" not in english
    assert "Log in" in client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    token = csrf_token_from(client.get("/login"))
    response = client.post("/language", data={"lang": "ja", "next": "/login", "csrf_token": token})
    assert response.headers["Location"] == "/login"
    html = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ja">' in html and "ログイン" in html
    assert english_runs(html) == []


def test_validation_and_flash_messages_are_translated(client, japanese, app_no_csrf):
    response = client.post("/events/new", data={"title_en": "", "title_ja": ""})
    html = response.get_data(as_text=True)
    assert "英語または日本語のタイトルを入力してください。" in html and "日付を入力してください。" in html
    client.post("/events/new", data={"title_ja": "円卓会議", "slug": "rt-1", "kind": "roundtable",
                                     "starts_on": "2024-01-10"})
    assert "イベント「円卓会議」を作成しました。" in client.get("/events").get_data(as_text=True)


def test_the_json_api_stays_english_whatever_the_reader_asks(api):
    body = api.get("/api/v1/statuses", headers={"Accept-Language": "ja"}).get_json()
    assert "Under consideration" in str(body) and "検討中" in str(body)  # both languages, as before
    response = api.get("/api/v1/recommendations?per_page=1000", headers={"Accept-Language": "ja"})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "'per_page' must be from 1 to 100 (the maximum)."
