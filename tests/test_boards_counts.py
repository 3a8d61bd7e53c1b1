"""Board numbers against a small hand-computed history (backdated change, retraction,
regression, unpublished draft), at several as-of dates."""

from datetime import date

import pytest

from tests.support import factories
from tracker.demo.loader import seed_synthetic
from tracker.extensions import db
from tracker.services import clock
from tracker.services.boards import board_columns, board_history, boards
from tracker.services.recommendations.status import record_status_change, retract_status_change

US, JP = "us_government", "government_of_japan"


@pytest.fixture
def history():
    """Five recommendations; expected numbers are worked out by hand in each test.

    r1 tA   proposed 2023-04-01, under_consideration 06-01, implemented 2024-01-10
    r2 tA1  proposed 2023-04-01, in_progress 09-01, then BACKDATED under_consideration 07-01
    r3 tB   proposed 2023-04-01, implemented 10-01 RETRACTED (so proposed throughout)
    r4 tB   draft 2023-05-01, publication not out
    r5 tA   proposed 2023-04-01, implemented 08-01, in_progress 2024-02-01 (regressed)
    """
    admin = factories.UserFactory(role="admin")
    line_a = factories.LineOfEffortFactory(slug="line-a", position=0)
    line_b = factories.LineOfEffortFactory(slug="line-b", position=1)
    t_a = factories.TopicAreaFactory(slug="ta", line_of_effort=line_a)
    t_a1 = factories.TopicAreaFactory(slug="ta1", line_of_effort=line_a, parent=t_a)
    t_b = factories.TopicAreaFactory(slug="tb", line_of_effort=line_b)
    pub = factories.PublicationFactory(slug="pub-p", published_on=date(2023, 4, 1))
    unpublished = factories.PublicationFactory(slug="pub-q", published_on=None)
    event = factories.EventFactory(slug="ev-1", line_of_effort=line_a)
    d = date
    r1 = factories.RecommendationFactory(
        topic=t_a, publication=pub, event=event, addressees=("us_government",),
        history=[(d(2023, 6, 1), "under_consideration", "Acknowledged."),
                 (d(2024, 1, 10), "implemented", "Done.")])
    r2 = factories.RecommendationFactory(
        topic=t_a1, publication=pub, event=event, priority=True,
        history=[(d(2023, 9, 1), "in_progress", "Steps taken.")])
    record_status_change(r2, "under_consideration", d(2023, 7, 1), "Backdated: studied.")
    r3 = factories.RecommendationFactory(
        topic=t_b, publication=pub, addressees=("us_government", "government_of_japan"),
        history=[(d(2023, 10, 1), "implemented", "Wrong row.")])
    for entry in [c for c in r3.status_changes if c.to_status == "implemented"]:  # each track's
        retract_status_change(entry, "Recorded by mistake.", user=admin)
    r4 = factories.RecommendationFactory(
        topic=t_b, publication=unpublished, first_status="draft", effective_on=d(2023, 5, 1))
    r5 = factories.RecommendationFactory(
        topic=t_a, publication=pub,
        history=[(d(2023, 8, 1), "implemented", "Adopted."),
                 (d(2024, 2, 1), "in_progress", "Partly rolled back.")])
    db.session.commit()
    return {"r": [r1, r2, r3, r4, r5], "lines": (line_a, line_b)}


def _overview(day, **args):
    taxonomy = boards.Taxonomy.load()
    filters, errors = boards.parse_filters(args, taxonomy)
    assert not errors
    return boards.overview(day, filters, taxonomy)


def _nonzero(counts):
    return {k: v for k, v in counts.items() if v}


@pytest.mark.parametrize(("day", "expected"), [
    (None, {"draft": 1, "proposed": 1, "in_progress": 2, "implemented": 1}),
    (date(2023, 8, 15), {"draft": 1, "proposed": 1, "under_consideration": 2, "implemented": 1}),
    (date(2023, 5, 15), {"draft": 1, "proposed": 4}),
    (date(2023, 4, 15), {"proposed": 4}),  # r4's history starts later
])
def test_totals_by_status_as_of(history, day, expected):
    assert _nonzero(_overview(day or clock.today()).totals) == expected


def test_topic_matrix_rolls_sub_topics_into_parents_and_lines(history):
    data = _overview(clock.today())
    (line_a, topics_a), (line_b, topics_b) = data.lines
    assert _nonzero(line_a.counts) == {"in_progress": 2, "implemented": 1}
    by_slug = {row.key: row for row in topics_a}
    assert _nonzero(by_slug["ta"].counts) == {"in_progress": 2, "implemented": 1}
    assert _nonzero(by_slug["ta1"].counts) == {"in_progress": 1}
    assert by_slug["ta1"].depth == 1
    assert _nonzero(line_b.counts) == {"draft": 1, "proposed": 1}


def test_addressee_event_and_publication_rows(history):
    data = _overview(clock.today())
    # Each addressee's row counts its own track: r1 is US-only; r2-r5 have both tracks.
    rows = {row.key: _nonzero(row.counts) for row in data.addressees}
    assert rows["us_government"] == {"draft": 1, "proposed": 1, "in_progress": 2, "implemented": 1}
    assert rows["government_of_japan"] == {"draft": 1, "proposed": 1, "in_progress": 2}
    assert "both_governments" not in rows
    events = {row.key: row.total for row in data.events}
    assert events == {"ev-1": 2, "": 3}
    assert {row.key: row.total for row in data.publications} == {"pub-p": 4, "pub-q": 1}


def test_implementation_rate_counts_published_only(history):
    rates = {line.label: (line.published, line.implemented) for line, _ in _overview(clock.today()).rates}
    line_a, line_b = history["lines"]
    assert rates[line_a.name_en] == (3, 1)
    assert rates[line_b.name_en] == (1, 0)  # the draft in an unpublished report is left out
    early = {line.label: (line.published, line.implemented) for line, _ in _overview(date(2023, 8, 15)).rates}
    assert early[line_a.name_en] == (3, 1)  # r5 implemented on 2023-08-01


def test_filters_narrow_every_count(history):
    assert _nonzero(_overview(clock.today(), priority="1").totals) == {"in_progress": 1}
    assert _nonzero(_overview(clock.today(), topic="ta1").totals) == {"in_progress": 1}
    assert _nonzero(_overview(clock.today(), line="line-b").totals) == {"draft": 1, "proposed": 1}
    assert _nonzero(_overview(clock.today(), addressee="government_of_japan").totals) == \
        {"draft": 1, "proposed": 1, "in_progress": 2}


def test_column_board_as_of_with_days_in_status(history):
    taxonomy = boards.Taxonomy.load()
    filters, _ = boards.parse_filters({}, taxonomy)
    columns = {c.status.key: c for c in board_columns.column_board(date(2023, 8, 15), filters)}
    uc = columns["under_consideration"]
    assert uc.count == 2
    days = {card.reference: card.days_in_status for card in uc.cards}
    r1, r2 = history["r"][:2]
    assert days == {r1.reference: (date(2023, 8, 15) - date(2023, 6, 1)).days,
                    r2.reference: (date(2023, 8, 15) - date(2023, 7, 1)).days}
    assert columns["implemented"].count == 1


def _movement(day, days=90, **args):
    taxonomy = boards.Taxonomy.load()
    filters, _ = boards.parse_filters(args, taxonomy)
    return board_history.movement(day, days, filters)


def test_movement_lists_changes_with_from_and_to(history):
    r1, _, _, _, r5 = history["r"]
    data = _movement(date(2024, 2, 15), 90)
    # One row per track's entry, naming its track (r5 has a US and a Japan track).
    moved = [(row.reference, row.addressee, row.prev, row.to_status) for row in data.changes.rows]
    assert moved == [(r5.reference, JP, "implemented", "in_progress"),
                     (r5.reference, US, "implemented", "in_progress"),
                     (r1.reference, US, "under_consideration", "implemented")]
    assert data.changes.total == 3
    # 365 days back reaches the backdated change, shown from what it really replaced.
    year = _movement(date(2024, 2, 15), 365)
    r2 = history["r"][1]
    assert (r2.reference, "proposed", "under_consideration") in [
        (row.reference, row.prev, row.to_status) for row in year.changes.rows]
    assert all(row.to_status != "implemented" or row.reference != history["r"][2].reference
               for row in year.changes.rows), "the retracted entry must not show"


def test_stale_regressed_and_newly_published_as_of(history):
    r1, r2, r3, r4, r5 = history["r"]
    data = _movement(date(2024, 2, 15))
    # Stale and regressed are per track: one row per track, naming it.
    assert [(row.reference, row.addressee, row.since) for row in data.stale.rows] == [
        (r3.reference, JP, date(2023, 4, 1)), (r3.reference, US, date(2023, 4, 1))]
    assert [(row.reference, row.addressee) for row in data.regressed.rows] == [
        (r5.reference, JP), (r5.reference, US)]
    japan_only = _movement(date(2024, 2, 15), government=JP)
    assert [(row.reference, row.addressee) for row in japan_only.regressed.rows] == [(r5.reference, JP)]
    assert {row.addressee for row in japan_only.changes.rows} == {JP}
    assert _movement(date(2024, 1, 15)).regressed.total == 0
    published = _movement(date(2023, 6, 1)).published
    assert sorted(row.reference for row in published.rows) == sorted(
        r.reference for r in (r1, r2, r3, r5))


def test_trend_month_end_counts(history):
    taxonomy = boards.Taxonomy.load()
    filters, _ = boards.parse_filters({}, taxonomy)
    data = board_history.trend(date(2024, 2, 15), filters, taxonomy.lines)
    assert data.months[0] == "2023-04" and data.months[-1] == "2024-02"

    def at(series, month):
        i = data.months.index(month)
        return {k: v[i] for k, v in series.items() if v[i]}

    assert at(data.overall, "2023-04") == {"proposed": 4}
    assert at(data.overall, "2023-07") == {"draft": 1, "proposed": 2, "under_consideration": 2}
    assert at(data.overall, "2023-10") == {"draft": 1, "proposed": 1, "under_consideration": 1,
                                           "in_progress": 1, "implemented": 1}
    assert at(data.overall, "2024-02") == {"draft": 1, "proposed": 1, "in_progress": 2,
                                           "implemented": 1}
    line_b = dict((line.slug, s) for line, s in data.by_line)["line-b"]
    assert at(line_b, "2023-10") == {"draft": 1, "proposed": 1}


def _same_overview(a, b):
    assert a.totals == b.totals
    assert [(r.key, r.counts) for lr, rows in a.lines for r in [lr, *rows]] == \
        [(r.key, r.counts) for lr, rows in b.lines for r in [lr, *rows]]
    assert [(r.key, r.counts) for r in a.addressees + a.events + a.publications] == \
        [(r.key, r.counts) for r in b.addressees + b.events + b.publications]


@pytest.mark.parametrize("synthetic", [0, 150])
def test_as_of_today_from_history_equals_current(history, synthetic):
    if synthetic:
        seed_synthetic(synthetic)
    today = clock.today()
    taxonomy = boards.Taxonomy.load()
    filters, _ = boards.parse_filters({}, taxonomy)
    _same_overview(boards.overview(today, filters, taxonomy),
                   boards.overview(today, filters, taxonomy, from_history=True))
    now = board_columns.column_board(today, filters)
    then = board_columns.column_board(today, filters, from_history=True)
    assert [(c.count, [x.reference for x in c.cards]) for c in now] == \
        [(c.count, [x.reference for x in c.cards]) for c in then]
    a = board_history.movement(today, 365, filters)
    b = board_history.movement(today, 365, filters, from_history=True)
    for name in ("stale", "regressed", "published"):
        assert getattr(a, name).rows == getattr(b, name).rows, name


def test_trend_equals_the_status_of_each_recommendation_at_each_month_end(history):
    """The trend against the history read one recommendation at a time (status_on at every
    month end), overall and per line, with and without a line filter."""
    from calendar import monthrange

    from tracker.models import Recommendation
    from tracker.services.recommendations.status import status_on

    seed_synthetic(120)
    retract_status_change(history["r"][0].status_changes[-1], "Wrong.",
                          user=factories.UserFactory(role="admin"))
    db.session.commit()
    day = clock.today()
    taxonomy = boards.Taxonomy.load()
    recs = db.session.execute(
        db.select(Recommendation).where(Recommendation.archived_at.is_(None))).scalars().all()

    def expected(months, line=None):
        out = {}
        for month in months:
            y, m = map(int, month.split("-"))
            end = min(day, date(y, m, monthrange(y, m)[1]))
            counts = {}
            for rec in recs:
                if line is not None and rec.topic.line_of_effort_id != line.id:
                    continue
                status = status_on(rec, end)
                if status:
                    counts[status] = counts.get(status, 0) + 1
            out[month] = counts
        return out

    def as_table(series, months):
        return {m: {k: v[i] for k, v in series.items() if v[i]} for i, m in enumerate(months)}

    filters, _ = boards.parse_filters({}, taxonomy)
    data = board_history.trend(day, filters, taxonomy.lines)
    assert as_table(data.overall, data.months) == expected(data.months)
    for line, series in data.by_line:
        assert as_table(series, data.months) == expected(data.months, line)
    line_b = history["lines"][1]
    filters, _ = boards.parse_filters({"line": line_b.slug}, taxonomy)
    only_b = board_history.trend(day, filters, taxonomy.lines)
    assert [line.slug for line, _ in only_b.by_line] == [line_b.slug]
    assert as_table(only_b.overall, only_b.months) == expected(only_b.months, line_b)
