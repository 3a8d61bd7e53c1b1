"""The public, bilingual pages (issue 19): server side.

World: ``tests/support/api.py`` (three public recommendations; a draft, an unpublished and
an archived one whose titles, and internal notes, must never show).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import pytest

from tests.support.api import issue_token

SECRETS = ("SECRET-INTERNAL-NOTE", "SECRET-STATUS-NOTE", "SECRET-DRAFT", "SECRET-UNPUBLISHED",
           "SECRET-ARCHIVED")


@pytest.fixture
def world(api_world):
    return api_world


@pytest.fixture
def site_config(app):
    """Restore the public settings a test changes."""
    keys = ("PUBLIC_SITE", "PUBLIC_ROBOTS", "PUBLIC_EMBED_ORIGINS")
    saved = {k: app.config.get(k) for k in keys}
    yield app.config
    app.config.update(saved)


def text(response) -> str:
    return response.get_data(as_text=True)


# --- list, filters, search --------------------------------------------------------------


def test_list_shows_public_recommendations_only(client, world):
    response = client.get("/public/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    body = text(response)
    for title in ("Coordinate export controls", "Combined command", "Economic security council"):
        assert title in body
    assert not [s for s in SECRETS if s in body]
    assert "3 recommendations" in body


def test_japanese_list_is_japanese_whatever_the_cookie(client, world):
    client.set_cookie("lang", "en")
    body = text(client.get("/ja/public/"))
    assert '<html lang="ja">' in body
    assert "輸出管理の連携" in body  # the Japanese title first
    assert 'hreflang="en" href="http://' in body and "/public/" in body
    english = text(client.get("/public/", headers={"Accept-Language": "ja"}))
    assert '<html lang="en">' in english
    assert re.search(r'hreflang="ja" href="[^"]*/ja/public/"', english)


@pytest.mark.parametrize("query, shown, hidden", [
    ("line=tech", ["Coordinate export controls", "Economic security council"], ["Combined command"]),
    ("topic=economic-security", ["Coordinate export controls", "Economic security council"],
     ["Combined command"]),
    # Both are addressed to Japan (a Japan track each); the council only to the private sector.
    ("addressee=government_of_japan", ["Coordinate export controls", "Combined command"],
     ["Economic security council"]),
    ("status=implemented", ["Coordinate export controls"], ["Economic security council"]),
    ("year=2023", ["Combined command"], []),
    ("year=2019", [], ["Combined command", "Coordinate export controls"]),
    ("q=export", ["Coordinate export controls"], ["Combined command"]),
])
def test_filters(client, world, query, shown, hidden):
    body = text(client.get(f"/public/?{query}"))
    for title in shown:
        assert title in body, query
    for title in hidden:
        assert title not in body, query


def test_search_never_finds_internal_text_or_hidden_records(client, world):
    for words in ("SECRET-INTERNAL-NOTE", "SECRET-STATUS-NOTE", "SECRET-DRAFT", "SECRET-ARCHIVED"):
        body = text(client.get("/public/", query_string={"q": words}))
        assert "0 recommendations" in body, words


@pytest.mark.parametrize("q", ["[" * 2000, '"unclosed', "a OR", "*", "title:(", "\\", "ü" * 300])
def test_hostile_q_is_never_a_5xx(client, world, q):
    response = client.get("/public/", query_string={"q": q, "page": "99999999999999999999"})
    assert response.status_code == 200


def test_draft_status_filter_is_not_offered(client, world):
    body = text(client.get("/public/?status=draft"))
    assert "SECRET-DRAFT" not in body
    assert 'value="draft"' not in body


# --- the permalink and its 404 ------------------------------------------------------------


def test_detail_page(client, world):
    response = client.get(f"/public/recommendations/{world.r_child.reference}")
    assert response.status_code == 200
    body = text(response)
    assert "Coordinate export controls" in body and "輸出管理の連携" in body
    assert "https://example.org/e" in body  # evidence of the public history
    assert "Steps taken." in body and "Done." in body
    assert world.pub.title_en in body and world.event.title_en in body
    assert 'property="og:title"' in body and 'property="og:url"' in body
    assert not [s for s in SECRETS if s in body]
    ja = text(client.get(f"/ja/public/recommendations/{world.r_child.reference}"))
    assert '<html lang="ja">' in ja and "輸出管理の連携" in ja


def test_unknown_draft_unpublished_archived_get_the_same_404(client, world):
    pages = []
    for ref in ("NEXT-1999-999", world.r_draft.reference, world.r_unpublished.reference,
                world.r_archived.reference):
        response = client.get(f"/public/recommendations/{ref}")
        assert response.status_code == 404, ref
        pages.append(response.get_data(as_text=True).replace(ref, "REF"))  # only the address differs
        badge = client.get(f"/public/recommendations/{ref}/badge.svg")
        assert badge.status_code == 404
    assert len(set(pages)) == 1


# --- caching ------------------------------------------------------------------------------


def test_cache_headers_and_etag_revalidation(client, world):
    url = f"/public/recommendations/{world.r_child.reference}"
    first = client.get(url)
    assert first.headers["Cache-Control"] == "public, max-age=300"
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert "Set-Cookie" not in first.headers
    other = client.get("/ja" + url)
    assert other.headers["ETag"] != etag  # the language is part of the address


def test_etag_changes_when_public_data_changes(client, world):
    from datetime import date

    from tracker.extensions import db
    from tracker.services.recommendations.status import record_status_change

    url = f"/public/recommendations/{world.r_parent.reference}"
    etag = client.get(url).headers["ETag"]
    record_status_change(world.r_parent, "in_progress", date(2024, 7, 1), "Adopted.")
    db.session.commit()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and "Adopted." in text(response)


def test_404_is_not_cached_publicly(client, world):
    response = client.get("/public/recommendations/NEXT-1999-999")
    assert "public" not in response.headers.get("Cache-Control", "")


# --- topics, changes, sitemap, robots -----------------------------------------------------


def test_topic_pages_and_changes(client, world):
    body = text(client.get("/public/topics/"))
    assert "/public/topics/economic-security" in body
    topic = text(client.get("/public/topics/economic-security"))
    assert "Coordinate export controls" in topic and "Combined command" not in topic
    assert client.get("/public/topics/no-such-topic").status_code == 404
    changes = text(client.get("/public/changes"))
    assert "Done." in changes and world.r_child.reference in changes
    assert not [s for s in SECRETS if s in changes]


def test_sitemaps_and_robots(client, world, site_config):
    for url in ("/public/sitemap.xml", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200
        locs = [e.text for e in ET.fromstring(response.get_data()).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        paths = {urlsplit(loc).path for loc in locs}
        assert f"/public/recommendations/{world.r_child.reference}" in paths
        assert f"/ja/public/recommendations/{world.r_child.reference}" in paths
        assert f"/public/recommendations/{world.r_draft.reference}" not in paths
    robots = text(client.get("/robots.txt"))
    assert "Allow: /public/" in robots and "Sitemap:" in robots
    assert 'content="index, follow"' in text(client.get("/public/"))
    site_config["PUBLIC_ROBOTS"] = False
    assert "Allow" not in text(client.get("/robots.txt"))
    assert 'content="noindex, nofollow"' in text(client.get("/public/"))


def test_site_off_is_404_everywhere(client, world, site_config):
    site_config["PUBLIC_SITE"] = False
    for url in ("/public/", "/ja/public/", f"/public/recommendations/{world.r_child.reference}",
                "/public/topics/", "/public/changes", "/sitemap.xml", "/public/sitemap.xml",
                "/public/topics/economic-security/widget"):
        assert client.get(url).status_code == 404, url
    assert "Disallow: /" in text(client.get("/robots.txt"))


# --- embeddable ---------------------------------------------------------------------------


def test_badge(client, world):
    response = client.get(f"/public/recommendations/{world.r_child.reference}/badge.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = ET.fromstring(response.get_data())
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Implemented" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "public, max-age=300"
    ja = client.get(f"/ja/public/recommendations/{world.r_child.reference}/badge.svg")
    ET.fromstring(ja.get_data())  # well-formed in Japanese too


def test_widget_frame_ancestors(client, world, site_config):
    site_config["PUBLIC_EMBED_ORIGINS"] = ["https://www.example.org"]
    widget = client.get("/public/topics/economic-security/widget")
    assert widget.status_code == 200
    assert "frame-ancestors https://www.example.org" in widget.headers["Content-Security-Policy"]
    assert "Coordinate export controls" in text(widget)
    page = client.get("/public/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    site_config["PUBLIC_EMBED_ORIGINS"] = []
    widget = client.get("/public/topics/economic-security/widget")
    assert "frame-ancestors 'none'" in widget.headers["Content-Security-Policy"]


# --- API html_url and Atom links ----------------------------------------------------------


def test_api_html_url_and_atom_link_answer_200_html(app, client, world):
    token = issue_token()
    headers = {"Authorization": f"Bearer {token}"}
    data = client.get(f"/api/v1/recommendations/{world.r_child.reference}", headers=headers).get_json()["data"]
    assert urlsplit(data["html_url"]).path == f"/public/recommendations/{world.r_child.reference}"
    listing = client.get("/api/v1/recommendations", headers=headers).get_json()
    assert all("/public/recommendations/" in r["html_url"] for r in listing["data"])
    feed = client.get(f"/api/v1/feeds/changes.atom?token={token}")
    root = ET.fromstring(feed.get_data())
    links = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")
             if link.get("rel") == "alternate"]
    assert links
    anonymous = app.test_client()
    for href in links:
        response = anonymous.get(urlsplit(href).path)
        assert response.status_code == 200 and response.mimetype == "text/html", href


# --- the leak crawl -----------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])


def test_leak_crawl_of_every_public_page(client, world):
    """Follow every link from /public/ and /ja/public/ that stays on the public pages: no
    internal note and no draft, unpublished or archived title anywhere."""
    seen, queue, leaks = set(), ["/public/", "/ja/public/"], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = text(response)
        leaks += [f"{s} on {url}" for s in SECRETS if s in body]
        if response.mimetype != "text/html":
            continue
        parser = _Links()
        parser.feed(body)
        for link in parser.links:
            target = urlsplit(urljoin("http://localhost" + url, link))
            if target.netloc not in ("localhost", "127.0.0.1:5000"):
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if target.path.startswith(("/public", "/ja/public")) and len(seen) < 400:
                queue.append(path)
    assert not leaks, leaks
    assert any(f"/recommendations/{world.r_child.reference}" in u for u in seen)
    assert any(u.startswith("/ja/public/topics/") for u in seen)
    assert len(seen) > 20


def test_a_bad_year_is_reported_not_an_error(client, world):
    body = text(client.get("/public/?year=20x4"))
    assert "is not a year" in body and "3 recommendations" in body


def test_filter_counts_follow_new_public_data(client, world):
    """The filter form's counts are kept per data version: a new public recommendation
    shows in them at once."""
    from tests.support import factories

    def tech_count() -> str:
        return re.search(r'<option value="tech"[^>]*>[^<]*\((\d+)\)', text(client.get("/public/"))).group(1)

    before = int(tech_count())
    factories.RecommendationFactory(title_en="Brand new", topic=world.child, publication=world.pub)
    assert int(tech_count()) == before + 1


def test_a_logged_in_reader_is_never_cached_publicly(client, auth, world):
    """A staff session cookie may be set again on any answer: such answers are private."""
    auth.login("researcher")
    response = client.get("/public/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("private")
