"""The interface in Japanese in a real browser: switch language, see Japanese navigation,
labels and statuses, the English-only title with its 翻訳未完了 mark, and the other
language one click away."""

import pytest

from tests.support import factories

pytestmark = pytest.mark.browser


def test_researcher_switches_to_japanese(page, login_as, screenshot):
    rec = factories.RecommendationFactory(
        title_en="Joint space situational awareness", title_ja=None,
        text_en="Both governments should share **orbital** data.", text_ja=None,
        publication=factories.PublicationFactory(title_ja="宇宙に関する報告書"),
    )
    both = factories.RecommendationFactory(title_en="Export control coordination", title_ja="輸出管理の連携",
                                           text_ja="両政府は輸出管理で連携すべきである。")
    login_as(factories.UserFactory(role="researcher"))
    assert page.get_by_role("button", name="Log out").is_visible()

    page.get_by_role("button", name="日本語").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ja"
    nav = page.get_by_role("navigation", name="メイン")
    assert nav.get_by_role("link", name="提言").is_visible()
    assert nav.get_by_role("link", name="ボード").is_visible()
    assert page.get_by_role("button", name="ログアウト").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "提言"
    assert page.get_by_text("提言済み").first.is_visible()  # the status "proposed"
    row = page.locator("tr", has=page.get_by_role("link", name=rec.reference))
    assert row.locator(".flag-untranslated").inner_text() == "翻訳未完了"
    # The Japanese title comes first, the English one under it.
    other = page.locator("tr", has=page.get_by_role("link", name=both.reference))
    assert other.locator("a.rec-title").inner_text() == "輸出管理の連携"
    screenshot("i18n-list-ja")

    page.get_by_role("link", name=rec.reference).click()
    page.wait_for_url(f"**/recommendations/{rec.reference}")
    assert page.get_by_role("heading", level=1).inner_text() == "Joint space situational awareness"
    assert page.locator(".bi-missing .flag-untranslated").first.is_visible()
    assert page.get_by_role("heading", name="ステータス履歴").is_visible()
    screenshot("i18n-detail-ja")

    page.goto(f"/recommendations/{both.reference}")
    assert page.get_by_text("両政府は輸出管理で連携すべきである。").is_visible()
    english = page.get_by_text("Both governments should coordinate more closely.")
    assert not english.is_visible()
    page.locator(".rec-texts").get_by_text("英語の文章を表示").click()
    assert english.is_visible()

    # The choice is remembered: a new page load stays in Japanese, until switched back.
    page.goto("/boards/")
    assert page.get_by_role("heading", name="ステータスボード").is_visible()
    assert page.locator("#translation-summary").is_visible()
    screenshot("i18n-overview-ja")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Status boards").is_visible()
