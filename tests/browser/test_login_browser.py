import pytest

from tests.support import factories

pytestmark = pytest.mark.browser


def test_researcher_logs_in_and_opens_a_recommendation(page, login_as, screenshot):
    rec = factories.RecommendationFactory(
        title_en="Bilateral cyber incident channel", title_ja="サイバーインシデント情報共有",
    )
    login_as(factories.UserFactory(role="researcher"))
    page.get_by_role("link", name=rec.reference).click()
    page.wait_for_url(f"**/recommendations/{rec.reference}")
    assert page.get_by_role("heading", level=1).inner_text() == "Bilateral cyber incident channel"
    assert "サイバーインシデント情報共有" in page.content()
    screenshot("recommendation-detail")


def test_wrong_password_is_refused(page):
    user = factories.UserFactory()
    page.goto("/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").inner_text() == "Email or password is incorrect."
