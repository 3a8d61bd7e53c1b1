"""Every staff page renders as a full page and as an htmx partial; error pages; content
that comes from users is rendered inert."""

from datetime import date
from html.parser import HTMLParser

import pytest

from tests.support import factories
from tests.support.pages import _is_html, _pages
from tracker.domain import statuses
from tracker.extensions import db
from tracker.services.recommendations.status import record_status_change


def test_every_staff_page_renders_full_and_partial(app, client, auth, known):
    auth.login("admin")  # admins can see every page
    pages = _pages(app, known)
    assert len(pages) >= 5
    for url in pages:
        full = client.get(url)
        assert full.status_code == 200, url
        if not _is_html(full):
            continue  # downloads and feeds have no partial
        html = full.get_data(as_text=True)
        assert "<html" in html and "</html>" in html, url
        assert "HX-Request" in full.headers.get("Vary", ""), url
        partial = client.get(url, headers={"HX-Request": "true"})
        assert partial.status_code == 200, url
        body = partial.get_data(as_text=True)
        assert "<html" not in body and "<body" not in body and body.strip(), url
        assert "HX-Request" in partial.headers.get("Vary", ""), url
        # Boosted links and history restores replace the whole page: they get it all.
        for headers in ({"HX-Boosted": "true"}, {"HX-History-Restore-Request": "true"}):
            whole = client.get(url, headers={"HX-Request": "true", **headers})
            assert "<html" in whole.get_data(as_text=True), (url, headers)


def test_home_lists_recommendations_with_status_definitions(client, auth, known):
    auth.login("leadership")
    html = client.get("/").get_data(as_text=True)
    assert known["reference"] in html
    assert "Joint export control coordination" in html and "輸出管理の連携" in html
    status = statuses.get("under_consideration")
    assert f'title="{status.definition}"' in html
    assert "2023-08-01" in html


def test_home_is_paginated(app, client, auth):
    topic = factories.TopicAreaFactory()
    pub = factories.PublicationFactory()
    for _ in range(app.config["PER_PAGE"] + 2):
        factories.RecommendationFactory(topic=topic, publication=pub)
    auth.login("researcher")
    first = client.get("/").get_data(as_text=True)
    assert f"{app.config['PER_PAGE'] + 2}</strong> recommendations" in first
    assert "Page 1 of 2" in first
    second = client.get("/?page=2", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Page 2 of 2" in second and "<html" not in second
    assert client.get("/?page=abc").status_code == 200  # a bad page number is not an error


def test_detail_shows_the_timeline(client, auth, known):
    auth.login("researcher")
    html = client.get(f"/recommendations/{known['reference']}").get_data(as_text=True)
    assert "Acknowledged in a speech." in html and "Published in the report." in html
    assert html.index("Acknowledged in a speech.") < html.index("Published in the report.")  # newest first
    assert "<strong>協力</strong>" in html  # Markdown rendered


@pytest.mark.parametrize("reference", ["NEXT-1999-999", "nothing-here", "NEXT-2023-001%20x"])
def test_unknown_reference_is_a_404_page(client, auth, reference):
    auth.login("researcher")
    response = client.get(f"/recommendations/{reference}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<html" in html and "There is nothing here" in html


def test_unknown_url_is_a_404_page(client, auth):
    auth.login("researcher")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is nothing here" in response.get_data(as_text=True)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def test_user_content_is_rendered_inert(client, auth):
    rec = factories.RecommendationFactory(
        title_en="<script>alert('title')</script>",
        text_en=(
            "Hello <script>alert('text')</script>\n\n"
            "[click](javascript:alert('link')) <img src=x onerror=alert('img')>\n\n"
            '<a href="https://ok.example" onclick="alert(1)">ok</a>'
        ),
        internal_notes="<script>alert('notes')</script>",
        public_note="<b onmouseover=alert('note')>note</b>",
    )
    record_status_change(rec, "in_progress", date(2023, 9, 1), "<script>alert('status')</script>",
                         evidence_urls=["https://ok.example/?q=<script>"])
    db.session.commit()
    auth.login("researcher")
    for url in ("/", f"/recommendations/{rec.reference}"):
        tags = _Tags()
        tags.feed(client.get(url).get_data(as_text=True))
        scripts = [attrs for tag, attrs in tags.found if tag == "script"]
        assert all(attrs.get("src", "").startswith("/static/") for attrs in scripts), scripts  # no inline script
        for tag, attrs in tags.found:
            assert not [a for a in attrs if a.startswith("on")], (url, tag, attrs)
            assert not any((v or "").strip().lower().startswith("javascript:") for v in attrs.values()), (url, tag)
        assert "img" not in {tag for tag, _attrs in tags.found}
    html = client.get(f"/recommendations/{rec.reference}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;title&#39;)" in html  # shown as text, not dropped
    assert 'href="https://ok.example"' in html


@pytest.mark.parametrize("page", ["368934881474191034000", "-5", "abc", "0"])
def test_any_page_number_is_answered_without_a_server_error(app, client, auth, known, page):
    auth.login("admin")
    for url in _pages(app, known):
        response = client.get(url + ("&" if "?" in url else "?") + f"page={page}")
        assert response.status_code < 500, url
