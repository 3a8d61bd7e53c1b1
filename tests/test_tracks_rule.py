"""The overall status rule (``tracker.domain.tracks``), over every pair of track statuses,
and the overall timeline a recommendation's tracks give."""

from datetime import date
from itertools import product

import pytest

from tracker.domain import statuses, tracks
from tracker.domain.status_rule import Entry

KEYS = statuses.KEYS
PROGRESS = {s.key: s.progress for s in statuses.STATUSES}


def expected(a: str, b: str) -> str:
    """The rule as README.md states it, written out case by case for two governments."""
    present = {s for s in (a, b) if s != "draft"}
    if not present:
        return "draft"
    if len(present) == 1:
        return present.pop()
    if present == {"implemented", "superseded"}:
        return "implemented"
    if "in_progress" in present or "implemented" in present:
        return "in_progress"
    if "under_consideration" in present:
        return "under_consideration"
    if "proposed" in present:
        return "proposed"
    return "not_adopted"


@pytest.mark.parametrize(("us", "japan"), list(product(KEYS, KEYS)))
def test_every_pair_of_government_statuses(us, japan):
    assert tracks.overall_status([us, japan]) == expected(us, japan)
    assert tracks.overall_status([japan, us]) == expected(us, japan)  # order does not matter


def test_the_rules_readers_rely_on():
    assert tracks.overall_status(["implemented", "implemented"]) == "implemented"
    assert tracks.overall_status(["implemented", "in_progress"]) == "in_progress"
    assert tracks.overall_status(["implemented", "not_adopted"]) == "in_progress"
    assert tracks.overall_status(["proposed", "under_consideration"]) == "under_consideration"
    assert tracks.overall_status(["not_adopted", "superseded"]) == "not_adopted"
    # A track with nothing in force yet does not hold the other back.
    assert tracks.overall_status(["draft", "in_progress"]) == "in_progress"
    assert tracks.overall_status([None, "proposed"]) == "proposed"
    assert tracks.overall_status([]) == "draft"


def test_overall_never_claims_more_progress_than_the_furthest_track():
    for a, b in product(KEYS, KEYS):
        overall = tracks.overall_status([a, b])
        on_road = [PROGRESS[s] for s in (a, b) if PROGRESS[s] is not None]
        if PROGRESS[overall] is not None and on_road:
            assert PROGRESS[overall] <= max(on_road), (a, b)
        if overall == "implemented":
            assert {a, b} - {"draft"} <= {"implemented", "superseded"}, (a, b)


def test_government_tracks_count_and_the_others_do_not():
    assert tracks.counted(["private_sector", "us_government", "government_of_japan"]) == [
        "us_government", "government_of_japan"]
    assert tracks.counted(["private_sector", "multilateral"]) == ["private_sector", "multilateral"]


def test_both_governments_expands_to_two_tracks():
    assert tracks.expand(["both_governments", "private_sector"]) == [
        "us_government", "government_of_japan", "private_sector"]
    assert tracks.expand(["government_of_japan", "both_governments"]) == [
        "government_of_japan", "us_government"]


def _h(*pairs):
    return [Entry(i + 1, status, day) for i, (status, day) in enumerate(pairs)]


def test_overall_timeline_follows_both_tracks():
    us = _h(("proposed", date(2024, 1, 1)), ("in_progress", date(2024, 3, 1)),
            ("implemented", date(2024, 9, 1)))
    japan = _h(("proposed", date(2024, 1, 1)), ("under_consideration", date(2024, 2, 1)),
               ("implemented", date(2024, 6, 1)))
    points = tracks.overall_timeline({"us_government": us, "government_of_japan": japan,
                                      "private_sector": _h(("not_adopted", date(2024, 1, 5)))})
    assert [(p.day, p.status, p.previous) for p in points] == [
        (date(2024, 1, 1), "proposed", None),
        (date(2024, 2, 1), "under_consideration", "proposed"),
        (date(2024, 3, 1), "in_progress", "under_consideration"),
        (date(2024, 9, 1), "implemented", "in_progress"),
    ]
    overall, derived = tracks.overall_from({"us_government": us, "government_of_japan": japan})
    assert (overall.status, overall.since, overall.previous) == ("implemented", date(2024, 9, 1),
                                                                 "in_progress")
    assert derived["government_of_japan"].since == date(2024, 6, 1)
    assert tracks.overall_on({"us_government": us, "government_of_japan": japan},
                             date(2024, 7, 1)) == "in_progress"


def test_stale_and_regressed_when_any_track_is():
    us = _h(("proposed", date(2020, 1, 1)))
    japan = _h(("proposed", date(2020, 1, 1)), ("implemented", date(2024, 1, 1)),
               ("in_progress", date(2024, 5, 1)))
    overall, _derived = tracks.overall_from({"us_government": us, "government_of_japan": japan})
    assert overall.regressed  # Japan went backwards
    assert overall.open_since == date(2020, 1, 1)  # the US track has been open since 2020
    assert tracks.is_stale(overall.open_since, date(2024, 6, 1), 180)
    assert not tracks.is_stale(date(2024, 5, 1), date(2024, 6, 1), 180)


@pytest.mark.parametrize(("a", "b", "asymmetric"), [
    ("proposed", "in_progress", True),  # two steps apart
    ("proposed", "under_consideration", False),
    ("implemented", "in_progress", True),  # one closed, one open
    ("not_adopted", "implemented", False),  # both closed
    ("not_adopted", "proposed", True),
    ("implemented", "implemented", False),
])
def test_asymmetry(a, b, asymmetric):
    assert tracks.is_asymmetric(a, b) is asymmetric
