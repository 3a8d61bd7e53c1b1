"""Recommendation texts render in linear time; pathological markup falls back to plain text
(issue 21: a 20,000-``[`` text took a minute to render and stalled the site)."""

from tests.support import factories
from tracker.web.markdown import LENGTH_BUDGET, MARKUP_BUDGET, render_markdown, within_budget

REALISTIC = ("The alliance should **establish** a [joint framework](https://example.org) for "
             "export controls.\n\n- one step\n- another step\n\n") * 200


def test_realistic_long_text_renders_as_markdown():
    text = REALISTIC[:20_000]
    assert within_budget(text)
    html = render_markdown(text)
    assert "<strong>establish</strong>" in html and '<a href="https://example.org"' in html
    assert "<li>one step</li>" in html


def test_pathological_brackets_render_as_escaped_plain_text():
    text = "[" * 20_000
    assert not within_budget(text)
    html = render_markdown(text)
    assert html == "<p>" + "[" * 20_000 + "</p>"


def test_over_budget_text_keeps_paragraphs_and_stays_inert():
    text = "*" * (MARKUP_BUDGET + 1) + "\n\n<script>alert(1)</script>\nline two"
    html = render_markdown(text)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;<br>\nline two" in html
    assert html.count("<p>") == 2


def test_length_budget_applies_to_imported_giants():
    assert not within_budget("word " * (LENGTH_BUDGET // 5 + 1))


def test_detail_page_of_a_pathological_text_renders(client, auth):
    rec = factories.RecommendationFactory(title_en="Brackets", text_en="[" * 20_000)
    auth.login("researcher")
    response = client.get(f"/recommendations/{rec.reference}")
    assert response.status_code == 200
    assert "[" * 1000 in response.get_data(as_text=True)
