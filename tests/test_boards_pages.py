"""Board pages over HTTP: access, bad input, links to the list, CSV, htmx, query counts."""

import csv
import io
import re
from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event, select

from tests.support import factories
from tracker.demo.loader import seed_synthetic
from tracker.extensions import db
from tracker.models import Recommendation, TopicArea
from tracker.services import clock

BOARDS = ["/boards/", "/boards/movement", "/boards/column", "/boards/trend"]
CSVS = ["/boards/overview.csv", "/boards/movement.csv", "/boards/column.csv", "/boards/trend.csv"]


@pytest.fixture
def data():
    line = factories.LineOfEffortFactory(slug="fsp")
    parent = factories.TopicAreaFactory(slug="econ-sec", line_of_effort=line)
    child = factories.TopicAreaFactory(slug="cyber", line_of_effort=line, parent=parent)
    other = factories.TopicAreaFactory(slug="space")
    ev = factories.EventFactory(slug="rt-2023")
    pub = factories.PublicationFactory(slug="report-2023")
    recs = [
        factories.RecommendationFactory(topic=parent, event=ev, publication=pub, priority=True),
        factories.RecommendationFactory(topic=child, event=ev, publication=pub,
                                        addressees=("us_government", "government_of_japan"),
                                        history=[(date(2023, 6, 1), "in_progress", "Steps.")]),
        factories.RecommendationFactory(topic=child, history=[(date(2023, 7, 1), "implemented", "Done.")]),
        factories.RecommendationFactory(topic=other, first_status="draft", effective_on=date(2023, 5, 1)),
    ]
    return recs


@pytest.mark.parametrize("url", BOARDS + CSVS)
def test_boards_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", BOARDS)
def test_every_board_renders_full_and_as_htmx_partial(client, auth, data, url):
    auth.login("leadership")
    full = client.get(url)
    assert full.status_code == 200
    html = full.get_data(as_text=True)
    assert "<html" in html and "as of" in html and clock.today().isoformat() in html
    partial = client.get(url, headers={"HX-Request": "true"})
    body = partial.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith("<section id=\"board\"")
    assert 'hx-trigger="status-changed from:body"' in body
    assert "HX-Request" in partial.headers["Vary"]


@pytest.mark.parametrize(("query", "field", "message"), [
    ("as_of=2024-13-45", "as_of", "is not a date"),
    ("as_of=yesterday", "as_of", "is not a date"),
    ("as_of=2999-01-01", "as_of", "in the future"),
    ("as_of=1999-01-01", "as_of", "before the first recorded status (2023-04-01)"),
    ("topic=no-such-topic", "topic", "Unknown topic “no-such-topic”"),
    ("line=nope", "line", "Unknown line of effort"),
    ("addressee=martians", "addressee", "Unknown addressee"),
    ("priority=maybe", "priority", "Priority is 1"),
])
@pytest.mark.parametrize("url", BOARDS)
def test_bad_input_is_reported_next_to_the_field(client, auth, data, url, query, field, message):
    auth.login("leadership")
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    assert message in html
    assert f'id="{field}"' in html and 'aria-invalid="true"' in html or field == "priority"
    csv_url = {"/boards/": "/boards/overview.csv"}.get(url, url + ".csv")
    exported = client.get(f"{csv_url}?{query}")
    assert exported.status_code == 400 and message in exported.get_data(as_text=True)


def test_unknown_movement_period_is_reported(client, auth, data):
    auth.login("leadership")
    response = client.get("/boards/movement?days=45")
    assert response.status_code == 400
    assert "30, 90 or 365 days" in unescape(response.get_data(as_text=True))


def _list_count(params: dict[str, list[str]]) -> int:
    """How many rows the staff list shows for these URL parameters, counted from the
    database independently of the boards code (the list contract in COMMON.md)."""
    recs = db.session.execute(select(Recommendation)).scalars().all()
    topics = {t.id: t for t in db.session.execute(select(TopicArea)).scalars()}

    def under(topic, slug):
        while topic is not None:
            if topic.slug == slug:
                return True
            topic = topics.get(topic.parent_id)
        return False

    def keep(rec):
        p = {k: v[0] for k, v in params.items()}
        return all([
            rec.archived_at is None,
            "status" not in params or rec.status in params["status"],
            "topic" not in p or under(topics[rec.topic_id], p["topic"]),
            "line" not in p or topics[rec.topic_id].line_of_effort.slug == p["line"],
            "addressee" not in p or p["addressee"] in rec.addressees,
            "event" not in p or (rec.event is not None and rec.event.slug == p["event"]),
            "publication" not in p or (rec.publication is not None and rec.publication.slug == p["publication"]),
            "priority" not in p or rec.priority,
        ])

    return sum(1 for rec in recs if keep(rec))


@pytest.mark.parametrize("query", ["", "priority=1", "topic=econ-sec", "addressee=us_government"])
def test_every_cell_link_opens_a_list_with_that_many_rows(client, auth, data, query):
    auth.login("leadership")
    html = client.get(f"/boards/?{query}").get_data(as_text=True)
    links = re.findall(r'<a href="([^"]+)" class="cell-link">(\d+)</a>', html)
    assert len(links) > 10
    for href, count in links:
        parts = urlsplit(unescape(href))
        assert parts.path == "/"
        params = parse_qs(parts.query)
        assert set(params) <= {"status", "topic", "line", "addressee", "event", "publication", "priority"}
        assert _list_count(params) == int(count), href
        listed = client.get(unescape(href)).get_data(as_text=True)
        total = re.search(r'id="list-total"><strong>(\d+)</strong>', listed)
        assert total and int(total.group(1)) == int(count), href


def test_past_boards_show_counts_without_list_links(client, auth, data):
    auth.login("leadership")
    html = client.get("/boards/?as_of=2023-06-15").get_data(as_text=True)
    assert "cell-link" not in html
    assert "links to the recommendation list appear on today" in html


def test_column_board_move_controls_for_researchers_only(client, auth, data):
    auth.login("leadership")
    html = client.get("/boards/column").get_data(as_text=True)
    assert data[0].reference in html and "Change status" not in html and "Move to" not in html
    auth.logout()
    auth.login("researcher")
    html = client.get("/boards/column").get_data(as_text=True)
    assert html.count("Move to…") == 4
    form = client.get(f"/recommendations/{data[0].reference}/status/new?to_status=implemented",
                      headers={"HX-Request": "true"})
    assert form.status_code == 200 and re.search(r'checked[^>]*value="implemented"|value="implemented"[^>]*checked', form.get_data(as_text=True))


def test_csv_exports_match_the_boards(client, auth, data):
    auth.login("leadership")
    rows = list(csv.reader(io.StringIO(client.get("/boards/overview.csv").get_data(as_text=True).lstrip("\ufeff"))))
    total = next(r for r in rows if r[0] == "total")
    assert total[-1] == "4" and total[rows[0].index("implemented")] == "1"
    column = client.get("/boards/column.csv?priority=1")
    assert column.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in column.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(column.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r[0] for r in lines[1:]] == [data[0].reference]
    moved = client.get("/boards/movement.csv?days=365&as_of=2023-12-31").get_data(as_text=True)
    assert data[2].reference in moved and "implemented" in moved
    trend = list(csv.reader(io.StringIO(client.get("/boards/trend.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert trend[1][:2] == ["2023-04", "All"]


def _count_queries(client, url) -> int:
    statements = []

    def listen(conn, cursor, statement, *args):
        # Transaction control (our SQLite BEGIN hook) is not a query.
        if statement.split(None, 1)[0].upper() not in {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}:
            statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", listen)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return len(statements)


@pytest.mark.parametrize("url", BOARDS + ["/boards/?as_of=2024-06-30", "/boards/column?as_of=2024-06-30",
                                          "/boards/movement?days=365&as_of=2024-06-30"])
def test_queries_per_board_do_not_grow_with_data(client, auth, url):
    seed_synthetic(40)
    auth.login("leadership")
    small = _count_queries(client, url)
    seed_synthetic(400)
    large = _count_queries(client, url)
    assert small == large, (small, large)
    assert small < 20


def test_trend_month_labels_never_crowd_the_last_one():
    """The x axis labels every few months and always the last point (the as-of day); no
    label sits so close to it that the two overlap."""
    from tracker.web.boards.charts import stacked

    for n in (1, 5, 12, 13, 37, 59, 60, 61, 120):
        months = [f"{2000 + i // 12}-{i % 12 + 1:02d}" for i in range(n)]
        chart = stacked(months, {"proposed": [1] * n})
        xs = [x for x, _ in chart["labels"]]
        assert chart["labels"][-1][1] == months[-1] and chart["labels"][0][1] == months[0]
        slot = (chart["right"] - chart["left"]) / n
        every = max(1, -(-n // 12))
        gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
        assert all(gap >= every * slot - 0.01 for gap in gaps), (n, gaps)
        assert len(xs) <= 13
