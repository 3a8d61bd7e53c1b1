"""The boards per government (issue 16): the US and Japan side by side, the asymmetry list
(its SQL against the domain rule for every pair of statuses), ``government=`` on the
overview, trend and as of, and the CSV columns per government."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import literal, select

from tests.support import factories
from tracker.domain import statuses, tracks
from tracker.extensions import db
from tracker.services import clock
from tracker.services.boards import board_history, board_tracks, boards
from tracker.services.recommendations.status import record_status_change

US, JP = tracks.GOVERNMENTS


def test_the_asymmetry_sql_is_the_domain_rule_for_every_pair():
    for a in statuses.KEYS:
        for b in statuses.KEYS:
            got = db.session.execute(select(board_tracks.asymmetric_condition(
                literal(a), literal(b)))).scalar()
            assert bool(got) == tracks.is_asymmetric(a, b), (a, b)


@pytest.fixture
def recs():
    """a: Japan implemented 2024-03-01, US proposed; b: US in progress 2024-02-01, Japan
    under consideration 2024-02-01 (one step: not asymmetric); c: US not adopted
    2024-05-01, Japan proposed; d: US only, implemented 2024-03-01."""
    d = date
    a, b, c = (factories.RecommendationFactory() for _ in range(3))
    dd = factories.RecommendationFactory(addressees=(US,))
    record_status_change(a, "implemented", d(2024, 3, 1), "Japan adopted.", tracks=[JP])
    record_status_change(b, "in_progress", d(2024, 2, 1), "US started.", tracks=[US])
    record_status_change(b, "under_consideration", d(2024, 2, 1), "Japan studies.", tracks=[JP])
    record_status_change(c, "not_adopted", d(2024, 5, 1), "US declined.", tracks=[US])
    record_status_change(dd, "implemented", d(2024, 3, 1), "Done.")
    db.session.commit()
    return a, b, c, dd


def _overview(day=None, **args):
    taxonomy = boards.Taxonomy.load()
    filters, errors = boards.parse_filters(args, taxonomy)
    assert not errors
    return boards.overview(day or clock.today(), filters, taxonomy)


def _nonzero(counts):
    return {k: v for k, v in counts.items() if v}


@pytest.mark.parametrize("from_history", [False, True])
def test_side_by_side_counts_rates_and_asymmetry(recs, from_history):
    a, b, c, d = recs
    taxonomy = boards.Taxonomy.load()
    filters, _ = boards.parse_filters({}, taxonomy)
    data = boards.overview(clock.today(), filters, taxonomy, from_history=from_history)
    govs = {g.key: g for g in data.governments}
    assert _nonzero(govs[US].totals) == {"proposed": 1, "in_progress": 1, "not_adopted": 1,
                                         "implemented": 1}
    assert _nonzero(govs[JP].totals) == {"implemented": 1, "under_consideration": 1,
                                         "proposed": 1}
    assert (govs[US].rate.published, govs[US].rate.implemented) == (4, 1)
    assert (govs[JP].rate.published, govs[JP].rate.implemented) == (3, 1)
    assert govs[JP].params["addressee"] == JP
    line_rates = [row for row in data.government_rates if row.is_line]
    assert sum(r.rates[1].implemented for r in line_rates) == 1
    # The addressee rows count each addressee's own track.
    rows = {row.key: _nonzero(row.counts) for row in data.addressees}
    assert rows[JP] == _nonzero(govs[JP].totals)
    assert [(r.reference, r.us_status, r.japan_status) for r in data.asymmetry.rows] == [
        (a.reference, "proposed", "implemented"), (c.reference, "not_adopted", "proposed")]
    assert data.asymmetry.total == 2


def test_as_of_and_government_boards(recs):
    a, b, c, d = recs
    before = _overview(date(2024, 4, 1))
    assert [r.reference for r in before.asymmetry.rows] == [a.reference]  # c declined in May
    japan = _overview(government=JP)
    assert _nonzero(japan.totals) == {"implemented": 1, "under_consideration": 1, "proposed": 1}
    assert _nonzero(_overview(date(2024, 2, 15), government=JP).totals) == {
        "proposed": 2, "under_consideration": 1}
    taxonomy = boards.Taxonomy.load()
    filters, _ = boards.parse_filters({"government": US}, taxonomy)
    trend = board_history.trend(date(2024, 6, 30), filters, taxonomy.lines, track=US)
    last = {k: v[-1] for k, v in trend.overall.items() if v[-1]}
    assert last == {"proposed": 1, "in_progress": 1, "not_adopted": 1, "implemented": 1}
    _f, errors = boards.parse_filters({"government": "both_governments"}, taxonomy)
    assert "government" in errors
    _f, errors = boards.parse_filters({"government": US, "addressee": JP}, taxonomy)
    assert "government" in errors


def test_pages_and_csv_columns_per_government(client, auth, recs):
    a, b, c, d = recs
    auth.login("leadership")
    html = client.get(f"/boards/?government={JP}").get_data(as_text=True)
    assert 'id="government-note"' in html and 'id="matrix-governments"' in html
    assert client.get("/boards/?government=nope").status_code == 400
    assert client.get(f"/boards/trend?government={US}").status_code == 200
    rows = list(csv.reader(io.StringIO(client.get("/boards/column.csv").get_data(as_text=True))))
    header = rows[0]
    assert header[-4:] == ["US status", "US since", "Japan status", "Japan since"]
    by_ref = {r[0]: r for r in rows[1:]}
    assert by_ref[a.reference][-4:] == ["proposed", "2023-04-01", "implemented", "2024-03-01"]
    assert by_ref[d.reference][-2:] == ["", ""]
    overview = list(csv.reader(io.StringIO(client.get("/boards/overview.csv").get_data(as_text=True))))
    assert [r[2] for r in overview if r[0] == "government"] == [US, JP]
    assert [r[1] for r in overview if r[0] == "asymmetry"] == [a.reference, c.reference]
    movement = list(csv.reader(io.StringIO(
        client.get("/boards/movement.csv?days=365&as_of=2024-06-30").get_data(as_text=True))))
    assert movement[0][3] == "track"
    assert {r[3] for r in movement[1:] if r[0] == "change"} == {US, JP}
