"""Every surface answers a filter with the same recommendations: the staff list's count, the
overview board's total and the column board's cards, the API's ``meta.total`` and the rows
of the staff CSV and XLSX exports agree, over many filter combinations (``q`` through the
search index, topics with sub-topics, addressee, ``as_of`` and the rest), on one seeded
data set with drafts, archived records, backdated changes and a three-level topic tree.

The data set is built once for the module (``no_app_context``: this module manages its own
app context and empties the tables at the end). The API lists public recommendations only,
so its expected total is the staff list's count for the same filter narrowed to the public
statuses (every publication is out before the first status, so "published" adds nothing).
"""

import csv
import io
import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from tests.support import factories
from tests.support.api import issue_token
from tracker import search
from tracker.domain import statuses
from tracker.extensions import db
from tracker.models import utcnow
from tracker.services.errors import RuleViolation
from tracker.services.queries import text_search
from tracker.services.recommendations.status import record_status_change

pytestmark = pytest.mark.no_app_context
PUBLIC = [k for k in statuses.KEYS if k != statuses.DRAFT]
WORDS = ["cyber resilience", "space situational awareness", "semiconductor supply chain",
         "alliance command", "export controls", "deterrence posture", "energy security"]

COMBOS = [
    {},
    {"status": "proposed"},
    {"status": ["proposed", "in_progress"]},
    {"topic": "alliance"},  # a root: its sub-topics and their sub-topics count
    {"topic": "c2"},
    {"topic": "econ"},
    {"topic": "semis", "q": "semiconductor"},
    {"line": "security"},
    {"line": "tech", "status": "implemented"},
    {"addressee": "us_government"},
    {"addressee": "private_sector", "topic": "econ"},
    {"priority": "1"},
    {"priority": "1", "line": "security"},
    {"event": "ev-1"},
    {"publication": "pub-2"},
    {"event": "ev-2", "status": "proposed"},
    {"publication": "pub-1", "priority": "1", "addressee": "government_of_japan"},
    {"q": "cyber"},
    {"q": "cyber", "status": "proposed"},  # issue 15: the export ignored q
    {"q": "space", "topic": "alliance"},
    {"q": "semiconductor", "addressee": "government_of_japan"},
    {"q": '"supply chain"'},
    {"q": "export OR deterrence"},
    {"q": "alliance", "event": "ev-1", "line": "security"},
    {"as_of": "2023-06-30"},
    {"as_of": "2023-06-30", "status": "proposed"},
    {"as_of": "2023-12-31", "topic": "econ"},
    {"as_of": "2023-12-31", "addressee": "us_government", "q": "cyber"},
    {"as_of": "2024-06-30", "status": ["implemented", "in_progress"], "line": "tech"},
    {"as_of": "2024-01-15", "status": "under_consideration", "priority": "1"},
    {"as_of": "2024-03-01", "topic": "alliance", "addressee": "multilateral"},
    {"stale": "1"},
    {"regressed": "1"},
    {"stale": "1", "topic": "alliance"},
    {"status": "draft"},
    {"status": ["draft", "proposed"], "topic": "c2"},
]
# ``?addressee=X&status=Y``: track X has status Y (the same track, not any track).
SAME_TRACK = [
    {"addressee": "us_government", "status": "implemented"},
    {"addressee": "government_of_japan", "status": "implemented"},
    {"addressee": "government_of_japan", "status": ["proposed", "under_consideration"]},
    {"addressee": "us_government", "status": "in_progress", "topic": "alliance"},
    {"addressee": "government_of_japan", "status": "in_progress", "as_of": "2024-01-15"},
    {"addressee": "us_government", "status": ["implemented", "not_adopted"], "as_of": "2024-06-30"},
    {"addressee": "private_sector", "status": "proposed", "line": "tech"},
]


def _seed() -> None:
    F, rng = factories, random.Random(15)
    security, tech = F.LineOfEffortFactory(slug="security"), F.LineOfEffortFactory(slug="tech")
    alliance = F.TopicAreaFactory(slug="alliance", line_of_effort=security)
    c2 = F.TopicAreaFactory(slug="c2", parent=alliance, line_of_effort=security)
    space = F.TopicAreaFactory(slug="c2-space", parent=c2, line_of_effort=security)
    deterrence = F.TopicAreaFactory(slug="deterrence", line_of_effort=security)
    econ = F.TopicAreaFactory(slug="econ", line_of_effort=tech)
    export = F.TopicAreaFactory(slug="export-controls", parent=econ, line_of_effort=tech)
    semis = F.TopicAreaFactory(slug="semis", parent=export, line_of_effort=tech)
    supply = F.TopicAreaFactory(slug="supply", parent=econ, line_of_effort=tech)
    cyber = F.TopicAreaFactory(slug="cyber", line_of_effort=tech)
    topics = [alliance, c2, space, deterrence, econ, export, semis, supply, cyber]
    events = [F.EventFactory(slug=f"ev-{i}", line_of_effort=security) for i in (1, 2)]
    pubs = [F.PublicationFactory(slug=f"pub-{i}", published_on=date(2022, 2 + 3 * i, 1))
            for i in (1, 2, 3)]
    addressees = ["us_government", "government_of_japan", "private_sector", "multilateral"]
    recs = []
    for n in range(70):
        first = date(2023, 3, 1) + timedelta(days=rng.randrange(200))
        rec = F.RecommendationFactory(
            title_en=f"{rng.choice(WORDS).capitalize()} measure {n}",
            text_en=f"Both governments should work on {rng.choice(WORDS)}.",
            topic=rng.choice(topics), event=rng.choice([None, *events]), publication=rng.choice(pubs),
            addressees=(("us_government", "government_of_japan") if rng.random() < 0.5
                        else tuple(rng.sample(addressees, rng.randint(1, 3)))),
            priority=rng.random() < 0.3, internal_notes="Staff remark.",
            first_status="draft" if rng.random() < 0.12 else "proposed", effective_on=first,
        )
        if rec.status != statuses.DRAFT:
            for _ in range(rng.randrange(4)):  # in any order: some entries are backdated
                day = first + timedelta(days=rng.randrange(1, 420))
                # Half the entries move one track only: the governments' tracks diverge.
                tracks = [rng.choice(rec.addressees)] if rng.random() < 0.5 else None
                try:
                    record_status_change(rec, rng.choice(PUBLIC), min(day, date.today()), "Moved.",
                                         tracks=tracks)
                except RuleViolation:  # already that status then: nothing was written
                    continue
        recs.append(rec)
    for rec in recs[::23]:
        rec.archived_at = utcnow()
    db.session.commit()
    search.rebuild()


@pytest.fixture(scope="module")
def seeded(app):
    with app.app_context():
        _seed()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
            conn.execute(db.metadata.tables["board_tally"].delete())
    shutil.rmtree(Path(app.config["SEARCH_INDEX_DIR"]), ignore_errors=True)


@pytest.fixture(scope="module")
def staff(seeded):
    client = seeded.test_client()
    with seeded.app_context():
        user = factories.UserFactory(role="researcher")
        email = user.email
        token = issue_token()
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": email, "password": factories.DEFAULT_PASSWORD,
                                       "csrf_token": csrf}).status_code == 302
    return client, token


def _query(args: dict) -> str:
    return urlencode(args, doseq=True)


def _list_count(client, args) -> int:
    html = client.get(f"/?{_query(args)}").get_data(as_text=True)
    for marker in ('id="filter-problems"', 'id="search-error"', 'id="search-notice"'):
        assert marker not in html, marker  # every value understood; q answered by the index
    return int(re.search(r'id="list-total"><strong>(\d+)</strong>', html).group(1))


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _api_args(args: dict) -> dict:
    names = {"line": "line_of_effort"}
    out = {names.get(k, k): v for k, v in args.items()}
    if "status" in out:
        out["status"] = ",".join([out["status"]] if isinstance(out["status"], str) else out["status"])
    if "priority" in out:
        out["priority"] = "true"
    return out


@pytest.mark.parametrize("args", COMBOS + SAME_TRACK, ids=lambda a: _query(a) or "all")
def test_every_surface_counts_the_same(staff, args):
    client, token = staff
    query = _query(args)
    listed = _list_count(client, args)

    overview = client.get(f"/boards/overview.csv?{query}")
    assert overview.status_code == 200, overview.get_data(as_text=True)
    total_row = _csv_rows(overview.get_data())[1]
    assert total_row[2] == "All recommendations"
    column = client.get(f"/boards/column.csv?{query}")
    exported = client.get(f"/export/recommendations.csv?{query}")
    xlsx = client.get(f"/export/recommendations.xlsx?{query}")
    assert exported.status_code == xlsx.status_code == column.status_code == 200
    sheet_rows = list(load_workbook(io.BytesIO(xlsx.get_data()), read_only=True).active.iter_rows())

    counts = {
        "staff list": listed,
        "overview board total": int(total_row[-1]),
        "column board cards": len(_csv_rows(column.get_data())) - 1,
        "CSV export rows": len(_csv_rows(exported.get_data())) - 1,
        "XLSX export rows": len(sheet_rows) - 1,
    }
    if not ({"stale", "regressed"} & set(args)) and statuses.DRAFT not in str(args.get("status")):
        public = args if "status" in args else {**args, "status": PUBLIC}
        counts["staff list, public statuses"] = _list_count(client, public)
        response = client.get(f"/api/v1/recommendations?{_query(_api_args(args))}&per_page=1",
                              headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.get_data(as_text=True)
        counts["API meta.total"] = response.get_json()["meta"]["total"]
    staff_surfaces = [v for k, v in counts.items() if k not in ("staff list, public statuses",
                                                                 "API meta.total")]
    assert len(set(staff_surfaces)) == 1, counts
    if "API meta.total" in counts:
        assert counts["API meta.total"] == counts["staff list, public statuses"], counts


def test_the_data_set_makes_the_combinations_meaningful(staff, seeded):
    """Guards against a vacuous agreement: the filters select real, differing subsets, and
    ``q`` is answered by the search index (not the fallback word filter)."""
    client, _token = staff
    counts = [_list_count(client, args) for args in COMBOS]
    everything = counts[0]
    assert everything > 50
    assert sum(0 < n < everything for n in counts) >= 28, counts
    assert len(set(counts)) >= 15, counts
    with seeded.app_context():
        assert text_search.match("cyber").notice is None
    # the topic filter reaches grandchildren: alliance > c2 > c2-space
    assert _list_count(client, {"topic": "alliance"}) > _list_count(client, {"topic": "c2"}) > 0


def test_same_track_filtering_means_that_track_and_the_boards_addressee_cells_agree(staff, seeded):
    """``?addressee=X&status=Y`` lists the recommendations whose track X has status Y (the
    surfaces agree on it in ``test_every_surface_counts_the_same``): here, that differs from
    "has addressee X and overall status Y" on this data set (so the agreement is not
    vacuous), and the overview's addressee row X, column Y, which links to that list,
    counts exactly as many."""
    client, _token = staff
    from sqlalchemy import func, select

    from tracker.models import Recommendation, RecommendationAddressee

    differs = 0
    rows = {r[2]: r for r in _csv_rows(client.get("/boards/overview.csv").get_data())
            if r[0] == "addressee"}
    for addressee in ("us_government", "government_of_japan"):
        for status in PUBLIC:
            listed = _list_count(client, {"addressee": addressee, "status": status})
            with seeded.app_context():
                overall = db.session.execute(
                    select(func.count()).select_from(Recommendation)
                    .join(RecommendationAddressee,
                          RecommendationAddressee.recommendation_id == Recommendation.id)
                    .where(RecommendationAddressee.addressee == addressee,
                           Recommendation.status == status,
                           Recommendation.archived_at.is_(None))).scalar_one()
            differs += listed != overall
            label = {"us_government": "US government",
                     "government_of_japan": "Government of Japan"}[addressee]
            cell = rows[label][3 + statuses.KEYS.index(status)]
            assert int(cell) == listed, (addressee, status)
    assert differs >= 2
