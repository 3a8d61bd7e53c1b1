"""The leadership summary, the board pack and what the boards share (issue 18): every
number links to a staff list of exactly that many rows, the filter's ``public`` and
``moved_since``, a constant number of queries, bad input answered 400, the time zone shown
once, an "Export this view" link on every board that carries its filters, collapsed
sections with "show all"."""

import csv
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest

from tests.support import factories
from tests.support.api import issue_token
from tests.support.queries import count_queries
from tracker.extensions import db
from tracker.services import clock
from tracker.services.recommendations.status import record_status_change, retract_status_change

BOARDS = ["/boards/summary", "/boards/pack", "/boards/", "/boards/movement", "/boards/column",
          "/boards/trend"]


def _ago(days: int) -> date:
    return clock.today() - timedelta(days=days)


@pytest.fixture
def data():
    """One of each kind the summary counts (names say what each is)."""
    line = factories.LineOfEffortFactory(slug="fsp")
    topic = factories.TopicAreaFactory(slug="cyber", line_of_effort=line)
    unpublished = factories.PublicationFactory(published_on=None)
    recs = {
        "draft": factories.RecommendationFactory(topic=topic, first_status="draft"),
        "unpublished": factories.RecommendationFactory(topic=topic, publication=unpublished),
        "implemented": factories.RecommendationFactory(
            topic=topic, history=[(_ago(30), "implemented", "Done.")]),
        "stale_priority": factories.RecommendationFactory(
            topic=topic, priority=True, effective_on=date(2020, 1, 1),
            history=[(date(2020, 2, 1), "in_progress", "Started.")]),
        "regressed": factories.RecommendationFactory(
            topic=topic, history=[(date(2023, 5, 1), "in_progress", "Started."),
                                  (_ago(5), "proposed", "Back to the start.")]),
        "moved_long_ago": factories.RecommendationFactory(
            topic=topic, history=[(date(2023, 5, 1), "under_consideration", "Looked at.")]),
        "created_recently": factories.RecommendationFactory(topic=topic, effective_on=_ago(3)),
    }
    retracted = factories.RecommendationFactory(topic=topic)
    wrong = record_status_change(retracted, "implemented", _ago(2), "Wrong entry.")
    db.session.commit()
    admin = factories.UserFactory(role="admin")
    for entry in wrong:  # one entry per track
        retract_status_change(entry, "Recorded on the wrong recommendation.", user=admin)
    db.session.commit()
    recs["retracted_move"] = retracted
    return recs


def _list_total(client, href: str) -> int:
    html = client.get(unescape(href)).get_data(as_text=True)
    found = re.search(r'id="list-total"><strong>([\d,]+)</strong>', html)
    assert found, href
    return int(found.group(1).replace(",", ""))


def _references(client, href: str) -> set[str]:
    html = client.get(unescape(href)).get_data(as_text=True)
    return set(re.findall(r'href="/recommendations/(NEXT-[\d-]+)"', html))


def test_headline_numbers_are_right_and_link_to_lists_of_that_many(client, auth, data):
    auth.login("leadership")
    html = client.get("/boards/summary").get_data(as_text=True)
    tiles = dict((key, (href, int(n.replace(",", "")))) for key, href, n in re.findall(
        r'data-headline="(\w+)">\s*<a href="([^"]+)"><span class="headline-count">([\d,]+)</span>', html))
    assert {k: n for k, (_, n) in tiles.items()} == {
        "public": 6,  # all but the draft, the unpublished one
        "implemented": 1, "in_progress": 1, "regressed": 1,
        "stale": 4,  # the draft, the unpublished one, moved long ago, the stale priority one
        "moved": 2,  # implemented 30 days ago, regressed 5 days ago (not creations, retractions)
    }
    for key, (href, count) in tiles.items():
        assert _list_total(client, href) == count, (key, href)
    moved = _references(client, tiles["moved"][0])
    assert moved == {data["implemented"].reference, data["regressed"].reference}


def test_rates_movers_and_stale_priority_link_to_their_lists(client, auth, data):
    auth.login("leadership")
    html = client.get(f"/boards/summary?since={_ago(60).isoformat()}").get_data(as_text=True)
    rates = re.search(r'<a href="([^"]+)">1</a> implemented of <a href="([^"]+)">6</a> public', html)
    assert rates, "the line's rate: 1 implemented of 6 public"
    assert _list_total(client, rates.group(1)) == 1 and _list_total(client, rates.group(2)) == 6
    assert "17%" in html
    movers = re.search(r'<a class="count-chip" href="([^"]+)" id="movers-total">(\d+)</a>', html)
    assert int(movers.group(2)) == 2 and _list_total(client, movers.group(1)) == 2
    stale = re.search(r'<a class="count-chip" href="([^"]+)" id="stale-priority-total">(\d+)</a>', html)
    assert int(stale.group(2)) == 1 and _list_total(client, stale.group(1)) == 1
    assert data["stale_priority"].reference in html.split('id="summary-stale-priority"')[1]
    # A later start leaves the older mover out.
    html = client.get(f"/boards/summary?since={_ago(10).isoformat()}").get_data(as_text=True)
    assert re.search(r'id="movers-total">1</a>', html)


def test_the_summary_follows_the_board_filters(client, auth, data):
    other = factories.RecommendationFactory(history=[(_ago(1), "implemented", "Done.")])
    auth.login("leadership")
    html = client.get("/boards/summary?line=fsp").get_data(as_text=True)
    assert other.reference not in html
    assert re.search(r'data-headline="implemented">\s*<a href="[^"]*line=fsp[^"]*">'
                     r'<span class="headline-count">1</span>', html)


@pytest.mark.parametrize("query, field", [
    ("since=2024-13-01", "since"), (f"since={date.today() + timedelta(days=3)}", "since"),
    ("as_of=2023-06-01", "as_of"), ("line=nope", "line"),
])
def test_bad_summary_input_answers_400_next_to_the_field(client, auth, data, query, field):
    auth.login("leadership")
    for url in (f"/boards/summary?{query}", f"/boards/pack?{query}"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert client.get(f"/boards/summary.csv?{query}").status_code == 400


def test_list_filters_public_and_moved_since(client, auth, data):
    auth.login("researcher")
    public = _references(client, "/?public=1")
    assert data["draft"].reference not in public and data["unpublished"].reference not in public
    assert data["moved_long_ago"].reference in public
    since = _references(client, f"/?moved_since={_ago(40).isoformat()}")
    assert since == {data["implemented"].reference, data["regressed"].reference}
    assert data["moved_long_ago"].reference in _references(client, "/?moved_since=2023-04-15")
    # A malformed date is reported and ignored, as for every list filter.
    html = client.get("/?moved_since=soon").get_data(as_text=True)
    assert "is not a date" in html


def test_the_partner_api_does_not_take_the_staff_only_filters(client, data):
    token = issue_token()
    for query in ("public=1", "moved_since=2024-01-01"):
        response = client.get(f"/api/v1/recommendations?{query}",
                              headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "unknown_parameter"


def test_summary_csv_has_what_the_summary_shows(client, auth, data):
    auth.login("leadership")
    response = client.get("/boards/summary.csv?line=fsp")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    headlines = {r[1]: int(r[3]) for r in rows if r[0] == "headline"}
    assert headlines["public"] == 6 and headlines["moved"] == 2
    assert [r[1] for r in rows if r[0] == "stale priority"] == [data["stale_priority"].reference]
    assert any(r[0] == "implementation rate" and r[1] == "fsp" and r[5] == "16.7" for r in rows)


@pytest.mark.parametrize("url", BOARDS)
def test_every_board_shows_the_time_zone_once_and_exports_this_view(client, auth, data, url):
    auth.login("leadership")
    html = client.get(f"{url}?line=fsp&priority=1").get_data(as_text=True)
    assert html.count("Times in Asia/Tokyo") == 1
    export = re.search(r'<a class="csv-link" href="([^"]+)" download>Export this view \(CSV\)</a>', html)
    assert export, url
    href = unescape(export.group(1))
    assert "line=fsp" in href and "priority=1" in href
    response = client.get(href)
    assert response.status_code == 200 and response.mimetype == "text/csv", href
    assert 'hx-sync="this:replace"' in html  # quick filter changes: the last one wins


def test_the_time_zone_shown_is_the_apps(client, auth, app, data):
    auth.login("leadership")
    app.config["APP_TIMEZONE"] = "America/New_York"
    try:
        html = client.get("/boards/summary").get_data(as_text=True)
    finally:
        app.config["APP_TIMEZONE"] = "Asia/Tokyo"
    assert "Times in America/New_York" in html and "Asia/Tokyo" not in html


def test_overview_sections_collapse_with_show_all(client, auth):
    for n in range(12):
        factories.RecommendationFactory(event=factories.EventFactory(slug=f"ev-{n}"))
    auth.login("leadership")
    html = client.get("/boards/").get_data(as_text=True)
    events = html.split('id="section-events"')[1].split("</details>")[0]
    assert events.count('<tr') == 1 + 10  # header and the first ten
    assert "Show all 12" in events and 'id="section-events" open' not in html
    html = client.get("/boards/?show=events").get_data(as_text=True)
    events = html.split('id="section-events" open')[1].split("</details>")[0]
    assert events.count('<tr') == 1 + 12 and "Show all" not in events


def test_the_column_board_shows_the_newest_cards_and_links_to_the_rest(client, auth):
    for _ in range(9):
        factories.RecommendationFactory()
    auth.login("leadership")
    html = client.get("/boards/column").get_data(as_text=True)
    proposed = html.split('data-status="proposed"')[1].split("</section>")[0]
    assert proposed.count('class="board-card"') == 5
    assert "+ 4 more in the list" in proposed
    rows = client.get("/boards/column.csv").get_data(as_text=True).strip().splitlines()
    assert len(rows) == 1 + 9  # the export has every card


@pytest.mark.parametrize("url", ["/boards/summary", "/boards/pack", "/boards/summary.csv"])
def test_summary_and_pack_run_a_fixed_number_of_queries(client, auth, data, url):
    auth.login("leadership")
    client.get(url)
    few = count_queries(client, url)
    line = factories.LineOfEffortFactory()
    for n in range(15):
        factories.RecommendationFactory(
            topic=factories.TopicAreaFactory(line_of_effort=line), priority=True,
            effective_on=date(2020, 1, 1), history=[(_ago(n + 1), "in_progress", "Moving.")])
    client.get(url)
    assert count_queries(client, url) == few


def test_the_list_form_keeps_public_and_moved_since(client, auth, data):
    auth.login("researcher")
    html = client.get(f"/?public=1&moved_since={_ago(40).isoformat()}").get_data(as_text=True)
    assert re.search(r'<input type="checkbox" name="public" value="1" checked>', html)
    assert f'name="moved_since" value="{_ago(40).isoformat()}"' in html
