"""The Content-Security-Policy in a real browser: no violation while the login page and the
recommendation list load, and htmx still swaps the list when paging."""

import pytest

from tests.support import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def csp_messages(page):
    messages = []
    page.on("console", lambda msg: messages.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    return messages


def test_no_csp_violation_and_htmx_pagination_swaps(page, login_as, csp_messages, app):
    per_page = app.config["PER_PAGE"]
    topic = factories.TopicAreaFactory()
    publication = factories.PublicationFactory()
    for n in range(per_page + 1):
        factories.RecommendationFactory(title_en=f"Alliance item {n}", topic=topic, publication=publication)
    page.goto("/login")
    page.wait_for_load_state("networkidle")
    assert csp_messages == []

    login_as(factories.UserFactory(role="researcher"))
    page.wait_for_load_state("networkidle")
    assert page.locator(".pagination").inner_text().count("Page 1 of 2") == 1
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url("**/?page=2")
    page.locator("#recommendation-list").get_by_text("Page 2 of 2", exact=True).wait_for()
    # Swapped by htmx: the document (and our marker) survived; no full page load.
    assert page.evaluate("window.__sameDocument === true")
    assert csp_messages == []


def test_the_console_check_sees_a_csp_violation(page, csp_messages):
    page.goto("/login")
    page.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.injected = 1';
        document.body.appendChild(s);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected === undefined")
    assert any("Content Security Policy" in m for m in csp_messages)
