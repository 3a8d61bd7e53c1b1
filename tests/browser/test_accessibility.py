"""Issue 18, accessibility: axe-core (static/vendor/axe.min.js, version in
static/vendor/README.md) finds no serious or critical violation on the login page and on
every staff page of the URL map (``staff_pages``), logged in as an admin, in English and
Japanese. The script is added from our own origin, so the strict CSP stays on."""

import json

import pytest

from tests.support import factories
from tests.support.staff_pages import make_world, staff_pages

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _violations(page) -> list[str]:
    page.add_script_tag(url="/static/vendor/axe.min.js")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
    }""")
    return [f"{v['id']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(v["nodes"])
            for v in result if v["impact"] in BLOCKING]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_serious_or_critical_axe_violation_on_any_page(app, browser, live_server, lang):
    admin = factories.UserFactory(role="admin", name="Admin Tester")
    world = make_world(admin)
    context = browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = {}
    try:
        page.goto("/login")
        if lang == "ja":
            page.get_by_role("button", name="日本語").click()
            page.wait_for_load_state()
        found["auth.login"] = _violations(page)
        page.locator("#email").fill(admin.email)
        page.locator("#password").fill(factories.DEFAULT_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/")
        pages = staff_pages(app, world)
        for name, path in pages.items():
            assert page.goto(path).status == 200, path
            found[name] = _violations(page)
        # The list after a failed form: the errors on the page are checked too.
        page.goto("/recommendations/new")
        page.locator("form.rec-form, main form").last.evaluate("f => f.noValidate = true")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        found["recommendations.new (errors)"] = _violations(page)
        # On a phone, with the menu and the saved views open.
        page.set_viewport_size({"width": 390, "height": 844})
        for name, path in (("phone: list", "/"), ("phone: detail", pages["recommendations.detail"]),
                           ("phone: audit", "/admin/audit")):
            page.goto(path)
            page.locator(".menu-button").click()
            page.locator(".nav-views > summary").click()
            found[name] = _violations(page)
    finally:
        context.close()
    assert len(found) >= 20
    bad = {name: v for name, v in found.items() if v}
    assert not bad, json.dumps(bad, indent=1, ensure_ascii=False)
