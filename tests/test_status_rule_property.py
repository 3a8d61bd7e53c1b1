"""The status rule's two forms agree: ``tracker.domain.status_rule`` (pure Python) and
``tracker.services.queries.status_sql`` (SQL, run on the test database: SQLite, or
PostgreSQL under ``.ci/with-postgres``).

Random histories of a few recommendations: backdated entries, several entries on one day,
ties of ``recorded_at`` (broken by id), retractions, and as-of days before, between and
after the entries. Both SQL forms of the as-of status (the per-recommendation seek and the
window) are checked on whichever database runs the test.
"""

import os
import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.support import factories
from tracker.domain import status_rule, statuses, tracks
from tracker.extensions import db
from tracker.models import LineOfEffort, Recommendation, StatusChange, TopicArea
from tracker.services.queries import status_sql
from tracker.services.recommendations.status import active_changes, refresh_previous_statuses

BASE = date(2024, 1, 1)
TRACK = "us_government"  # the random histories are one track's (the overall rule: below)
# Few distinct timestamps, so entries recorded "at the same time" (ties broken by id) occur.
STAMPS = [datetime(2024, 6, 1, 12, 0, 0, tzinfo=UTC) + timedelta(microseconds=m)
          for m in (0, 0, 1, 999_999, 1_000_000)]

entry = st.tuples(
    st.integers(0, 12),  # effective day (offset from BASE): backdating and same-day entries
    st.sampled_from(statuses.KEYS),
    st.integers(0, len(STAMPS) - 1),  # recorded at
)
history = st.lists(entry, min_size=0, max_size=7)
histories = st.lists(
    st.tuples(history, st.lists(st.integers(0, 6), max_size=3, unique=True)),  # + retracted positions
    min_size=1, max_size=3,
)
as_of_days = st.lists(st.integers(-2, 15), min_size=1, max_size=4)

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def _insert(generated) -> dict[int, list[status_rule.Entry]]:
    """Insert each generated history on its own recommendation (in this transaction, rolled
    back by the caller); ``{recommendation id: the history as plain entries}``."""
    line = LineOfEffort(slug="line", name_en="Line", name_ja="分野")
    topic = TopicArea(slug="topic", name_en="Topic", name_ja="テーマ", line_of_effort=line)
    db.session.add_all([line, topic])
    out = {}
    for number, (entries, retracted) in enumerate(generated):
        rec = Recommendation(reference=f"PROP-{number}", title_en="Property", topic=topic)
        db.session.add(rec)
        db.session.flush()
        rows = []
        for day, status, stamp in entries:
            row = StatusChange(recommendation_id=rec.id, kind="change", to_status=status,
                               addressee=TRACK,
                               effective_on=BASE + timedelta(days=day), public_note="p",
                               evidence_urls=[], recorded_at=STAMPS[stamp])
            db.session.add(row)
            db.session.flush()  # ids in insertion order
            rows.append(row)
        changes = len(rows)
        for position in retracted:
            if position < changes:
                rows.append(StatusChange(recommendation_id=rec.id, kind="retraction", addressee=TRACK,
                                         retracts_id=rows[position].id, to_status=None,
                                         effective_on=BASE, public_note="wrong",
                                         evidence_urls=[], recorded_at=STAMPS[0]))
                db.session.add(rows[-1])
        db.session.flush()
        out[rec.id] = [status_rule.Entry(r.id, r.to_status, r.effective_on, r.recorded_at,
                                         r.kind, r.retracts_id) for r in rows]
    return out


def _as_of(day: date, dialect: str) -> dict[int, tuple]:
    sub = status_sql.status_as_of_select(day, dialect, track=TRACK).subquery()
    rows = db.session.execute(select(sub.c.recommendation_id, sub.c.status, sub.c.effective_on))
    return {rec_id: (status, since) for rec_id, status, since in rows}


def _expected_as_of(plain, day: date) -> dict[int, tuple]:
    out = {}
    for rec_id, entries in plain.items():
        found = status_rule.entry_in_force(entries, day)
        if found is not None:
            out[rec_id] = (found.to_status, found.effective_on)
    return out


@SETTINGS
@given(generated=histories, offsets=as_of_days)
def test_sql_and_pure_status_rule_agree_on_random_histories(generated, offsets):
    try:
        plain = _insert(generated)
        days = [BASE + timedelta(days=o) for o in offsets] + [BASE + timedelta(days=400)]
        for day in days:
            expected = _expected_as_of(plain, day)
            # Both forms of the builder, whatever the database: the seek and the window.
            assert _as_of(day, "sqlite") == expected
            assert _as_of(day, "postgresql") == expected

        # Which entries count: both SQL forms, in history order.
        want_active = [e.id for rec_id in sorted(plain)
                       for e in status_rule.active_entries(plain[rec_id])]
        for per_row in (False, True):
            got_active = db.session.execute(
                select(StatusChange.id).where(status_sql.is_active(StatusChange, per_row))
                .order_by(StatusChange.recommendation_id, *status_sql.history_order())
            ).scalars().all()
            assert got_active == want_active

        # The LAG of the history order (what ``previous_status`` stores).
        lagged = dict(db.session.execute(status_sql.previous_status_select()).all())
        expected_lag = {}
        for entries in plain.values():
            active = status_rule.active_entries(entries)
            expected_lag.update(zip([e.id for e in active], status_rule.previous_statuses(active),
                                    strict=True))
        assert lagged == expected_lag

        # Runs: status, since, previous, regressed and stale on each day.
        refresh_previous_statuses()
        for day in days:
            runs = status_sql.runs_as_of(day, track=TRACK)
            rows = db.session.execute(select(
                runs.c.recommendation_id, runs.c.status, runs.c.since, runs.c.previous,
                status_sql.regressed_condition(runs.c.previous, runs.c.status),
                status_sql.stale_condition(runs.c.status, runs.c.since, day, 5),
            )).all()
            got = {r[0]: (r[1], r[2], r[3], bool(r[4]), bool(r[5])) for r in rows}
            want = {}
            for rec_id, entries in plain.items():
                if status_rule.entry_in_force(entries, day) is None:
                    continue
                d = status_rule.derive(entries, day)
                want[rec_id] = (d.status, d.since, d.previous, d.regressed,
                                status_rule.is_stale(d.status, d.since, day, 5))
            assert got == want
    finally:
        db.session.rollback()


operation = st.one_of(
    st.tuples(st.just("change"), st.integers(-30, 0), st.sampled_from(statuses.KEYS)),
    st.tuples(st.just("retract"), st.integers(0, 10), st.just(None)),
)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operations=st.lists(operation, min_size=1, max_size=6))
def test_the_status_service_keeps_derived_fields_equal_to_the_rule(operations):
    """Through ``StatusChangeFactory`` (the real status service): after any sequence of
    backdated and same-day changes and retractions, the stored fields equal the pure rule
    and the SQL as-of status equals both."""
    # Hypothesis seeds the global ``random`` alike for every example; Whoosh names its
    # segments from it, so the search index written after each commit would reuse a name.
    random.seed(os.urandom(16))
    rec = factories.RecommendationFactory(first_status="proposed", effective_on=date(2024, 1, 1),
                                          addressees=("us_government",))
    admin = factories.UserFactory(role="admin")
    today = date(2024, 3, 1)
    for kind, number, status in operations:
        active = active_changes(rec)
        if kind == "retract":
            if len(active) > 1:
                factories.StatusChangeFactory(retracts=active[number % len(active)],
                                              public_note="Wrong.", user=admin)
        elif status_rule.status_on(rec.status_changes, today + timedelta(days=number)) != status:
            factories.StatusChangeFactory(recommendation=rec, to_status=status,
                                          effective_on=today + timedelta(days=number))
    db.session.refresh(rec)
    derived = status_rule.derive(rec.status_changes)
    assert (rec.status, rec.status_since, rec.regressed) == \
        (derived.status, derived.since, derived.regressed)
    active = status_rule.active_entries(rec.status_changes)
    assert [c.previous_status for c in active] == status_rule.previous_statuses(active)
    for day in (date(2023, 12, 31), date(2024, 1, 15), today, date(2030, 1, 1)):
        for track in (None, "us_government"):
            sub = status_sql.status_as_of_select(day, track=track).subquery()
            got = db.session.execute(select(sub.c.status).where(sub.c.recommendation_id == rec.id)).scalar()
            assert got == status_rule.status_on(rec.status_changes, day)


two_tracks = st.lists(st.tuples(st.sampled_from(["us_government", "government_of_japan"]),
                                st.integers(-40, 0), st.sampled_from(statuses.KEYS)),
                      min_size=1, max_size=8)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operations=two_tracks)
def test_the_overall_status_and_its_history_follow_the_tracks(operations):
    """Two government tracks moving separately (through the real status service): the
    stored overall status, its date and the overall history in SQL (as-of status and
    runs) equal ``domain.tracks`` applied to the tracks' histories."""
    random.seed(os.urandom(16))
    rec = factories.RecommendationFactory(first_status="proposed", effective_on=date(2023, 12, 1))
    today = date(2024, 3, 1)
    for track, offset, status in operations:
        day = today + timedelta(days=offset)
        if status_rule.status_on(active_changes(rec, track), day) != status:
            factories.StatusChangeFactory(recommendation=rec, to_status=status, effective_on=day,
                                          tracks=[track])
    db.session.refresh(rec)
    by_track = {t: [c for c in rec.status_changes if c.addressee == t]
                for t in ("us_government", "government_of_japan")}
    overall, derived = tracks.overall_from(by_track)
    assert (rec.status, rec.status_since, rec.regressed, rec.open_since) == (
        overall.status, overall.since, overall.regressed, overall.open_since)
    for track in rec.tracks:
        assert (track.status, track.status_since) == (derived[track.addressee].status,
                                                      derived[track.addressee].since)
    for day in [today + timedelta(days=o) for o in (-100, -41, -20, -5, 0)]:
        for dialect in ("sqlite", "postgresql"):
            sub = status_sql.status_as_of_select(day, dialect).subquery()
            got = db.session.execute(select(sub.c.status).where(sub.c.recommendation_id == rec.id)).scalar()
            assert got == tracks.overall_on(by_track, day)
        runs = status_sql.runs_as_of(day)
        row = db.session.execute(select(runs.c.status, runs.c.since)
                                 .where(runs.c.recommendation_id == rec.id)).first()
        points = [p for p in tracks.overall_timeline(by_track) if p.day <= day]
        assert (tuple(row) if row else None) == ((points[-1].status, points[-1].day) if points else None)
