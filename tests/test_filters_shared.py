"""The one filter parser (three presentations), the one topic tree, and the two bugs the
copies had: the staff export ignored ``q``; board CSVs wrote formula cells raw."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.support import factories
from tracker.domain import filters as domain
from tracker.domain import topic_tree
from tracker.extensions import db
from tracker.search import rebuild

TODAY = date(2025, 6, 30)


class Vocabulary:
    statuses = ("draft", "proposed", "in_progress", "implemented")
    addressees = ("us_government", "private_sector")
    topics = {"econ": (1, 2, 3)}

    def topic_ids(self, slug):
        return self.topics.get(slug)

    def line_id(self, slug):
        return 7 if slug == "tech" else None

    def event_id(self, slug):
        return 8 if slug == "rt" else None

    def publication_id(self, slug):
        return 9 if slug == "report" else None

    def first_record_date(self):
        return date(2023, 4, 1)


def parse(args, mode=domain.STAFF):
    return domain.parse(args, Vocabulary(), mode=mode, today=TODAY)


# --- the topic tree -------------------------------------------------------------------------


def test_descendants_reach_every_level_once_and_survive_a_cycle():
    pairs = [(1, None), (2, 1), (3, 2), (4, 1), (5, None), (6, 7), (7, 6)]
    assert topic_tree.descendants(1, pairs) == (1, 2, 4, 3)
    assert topic_tree.descendants(3, pairs) == (3,)
    assert set(topic_tree.descendants(6, pairs)) == {6, 7}
    assert topic_tree.subtrees(pairs)[2] == (2, 3)


# --- one parser, three presentations --------------------------------------------------------


def test_one_parse_resolves_every_filter():
    f = parse({"status": ["implemented", "proposed"], "topic": "econ", "line": "tech",
               "event": "rt", "publication": "report", "addressee": "us_government",
               "priority": "1", "as_of": "2024-01-31", "q": "  a   b ", "page": "3"})
    assert not f.problems
    assert f.status == ("proposed", "implemented") and f.topic_ids == (1, 2, 3)
    assert (f.line_id, f.event_id, f.publication_id) == (7, 8, 9)
    assert f.priority is True and f.as_of == date(2024, 1, 31) and f.q == "a b" and f.page == 3
    assert parse(f.to_args()) == f


def test_staff_mode_reports_unknown_values_and_drops_those_filters():
    f = parse({"status": "adopted", "topic": "nope", "addressee": "mars", "stale": "maybe",
               "sort": "best", "page": "two", "whatever": "x"})
    assert [str(p) for p in f.problems] == [
        "Unknown status “adopted”: that filter was ignored.",
        "Unknown topic “nope”: that filter was ignored.",
        "Unknown addressee “mars”: that filter was ignored.",
        "“stale=maybe” is not understood (use stale=1): ignored.",
        "Unknown sort “best”: sorted by last change instead.",
        "Page “two” is not a number: showing the first page.",
    ]
    assert not f.is_filtered and f.topic_ids is None and f.page == 1
    assert parse({"priority": "0"}).priority is None  # staff: 0 means "either"


def test_board_mode_words_problems_per_field_and_checks_the_first_record():
    f = parse({"line": "nope", "priority": "2", "as_of": "2020-01-01"}, domain.BOARD)
    assert f.errors() == {
        "line": "Unknown line of effort “nope”.",
        "priority": "Priority is 1 (priority only) or empty.",
        "as_of": "2020-01-01 is before the first recorded status (2023-04-01).",
    }
    assert parse({"as_of": "2031-01-01"}, domain.BOARD).errors()["as_of"].endswith(
        "the latest date is today, 2025-06-30.")


@pytest.mark.parametrize(("args", "code", "parameter", "message"), [
    ({"topics": "econ"}, "unknown_parameter", "topics", "Unknown parameter 'topics'."),
    ({"topic": ["a", "b"]}, "invalid_parameter", "topic", "Give 'topic' once (lists are comma-separated)."),
    ({"status": "proposed,draft"}, "invalid_parameter", "status",
     "Unknown status 'draft'; use proposed, in_progress, implemented."),
    ({"priority": "yes"}, "invalid_parameter", "priority", "'priority' must be true or false."),
    ({"q": " "}, "invalid_parameter", "q", "'q' is empty; leave it out instead."),
    ({"per_page": "101"}, "invalid_parameter", "per_page", "'per_page' must be from 1 to 100 (the maximum)."),
    ({"as_of": "2031-01-01"}, "invalid_parameter", "as_of", "'as_of' cannot be after today (2025-06-30)."),
    ({"line_of_effort": "x", "topic": "y"}, "invalid_parameter", "topic",
     "Unknown topic 'y'; see /api/v1/topics."),
    ({"line_of_effort": "x"}, "invalid_parameter", "line_of_effort",
     "Unknown line of effort 'x'; see /api/v1/lines-of-effort."),
    ({"addressee": "mars"}, "invalid_parameter", "addressee",
     "Unknown addressee 'mars'; one of us_government, private_sector."),
])
def test_api_mode_is_strict_and_stops_at_the_first_problem(args, code, parameter, message):
    class Public(Vocabulary):
        statuses = Vocabulary.statuses[1:]

    f = domain.parse(args, Public(), mode=domain.API, today=TODAY)
    assert len(f.problems) == 1
    problem = f.problems[0]
    assert (problem.code, problem.parameter, problem.message) == (code, parameter, message)
    assert problem.details["parameter"] == parameter


def test_api_mode_priority_false_means_not_priority():
    f = parse({"priority": "false", "line_of_effort": "tech"}, domain.API)
    assert f.priority is False and f.line == "tech" and f.sort == "reference" and f.per_page == 25


# --- bug: the staff export ignored q --------------------------------------------------------


def test_staff_export_applies_q_like_the_list(client, auth):
    topic = factories.TopicAreaFactory()
    wanted = factories.RecommendationFactory(topic=topic, title_en="Cyber defence pact")
    factories.RecommendationFactory(topic=topic, title_en="Cyber norms", first_status="draft")
    for n in range(3):
        factories.RecommendationFactory(topic=topic, title_en=f"Space cooperation {n}")
    rebuild()
    auth.login("researcher")
    listed = client.get("/?q=cyber&status=proposed").get_data(as_text=True)
    assert '<strong>1</strong> recommendation' in listed
    body = client.get("/export/recommendations.csv?q=cyber&status=proposed").get_data()
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["reference"] for r in rows] == [wanted.reference]
    sheet = load_workbook(io.BytesIO(client.get("/export/recommendations.xlsx?q=cyber").get_data())).active
    assert sheet.max_row == 1 + 2
    bad = client.get("/export/recommendations.csv?q=%22unclosed")
    assert bad.status_code in (200, 400)  # a query the index cannot parse is never a 500


# --- bug: board CSVs wrote formula cells raw ------------------------------------------------


def test_board_csv_exports_escape_formula_cells(client, auth):
    evil = '=HYPERLINK("http://evil.example","click")'
    topic = factories.TopicAreaFactory(name_en="@SUM(A1)")
    rec = factories.RecommendationFactory(topic=topic, title_en=evil, public_note="-1+1")
    db.session.commit()
    auth.login("leadership")
    for url in ("/boards/column.csv", "/boards/movement.csv?days=365", "/boards/overview.csv"):
        body = client.get(url).get_data().decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
        assert not [c for c in cells if c.startswith(("=", "@", "+")) or c.startswith("-1")], url
    column = list(csv.DictReader(io.StringIO(
        client.get("/boards/column.csv").get_data().decode("utf-8-sig"))))
    assert column == [{**column[0], "reference": rec.reference, "title": f"'{evil}",
                       "topic": "'@SUM(A1)"}]


@pytest.mark.parametrize("board", ["", "movement", "column", "trend"])
def test_boards_take_the_list_filters_and_keep_them_in_the_form(client, auth, board):
    event = factories.EventFactory(slug="rt")
    factories.RecommendationFactory(title_en="Cyber pact", event=event)
    factories.RecommendationFactory(title_en="Space pact", event=event)
    rebuild()
    auth.login("leadership")
    response = client.get(f"/boards/{board}?q=cyber&status=proposed&event=rt&as_of=2024-01-01")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert '<input type="hidden" name="status" value="proposed">' in html
    assert '<input type="hidden" name="event" value="rt">' in html and 'value="cyber"' in html
    unknown = client.get(f"/boards/{board}?event=nope")
    assert unknown.status_code == 400 and "Unknown event “nope”." in unknown.get_data(as_text=True)
