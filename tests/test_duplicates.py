"""The one rule for duplicate titles (tracker/domain/duplicates.py)."""

import pytest

from tracker.domain import duplicates as rule


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Joint cyber exercises", "joint  CYBER-exercises!", True),  # case, spaces, punctuation
    ("Ｊｏｉｎｔ　ｃｙｂｅｒ　ｅｘｅｒｃｉｓｅｓ", "Joint cyber exercises", True),  # NFKC full-width
    ("共同サイバー演習を実施する。", "共同サイバー演習を実施する", True),
    ("ｷｮｳﾄﾞｳ", "キョウドウ", True),  # half-width kana
    ("Strengthen export control coordination", "Strengthen export control coordinaton", True),
    ("Strengthen export control coordination", "Strengthen investment screening", False),
    ("", "", False),  # no title matches nothing
    ("Space", "Spade", False),  # ratio 0.8
])
def test_similar(a, b, same):
    assert rule.similar(rule.normalise(a), rule.normalise(b)) is same
    assert rule.Prepared((rule.normalise(b), "")).matches((rule.normalise(a), "")) is same


def test_either_language_and_never_across_languages():
    assert rule.same_titles(rule.key("A", "共同演習"), rule.key("Completely different", "共同演習。"))
    assert not rule.same_titles(rule.key("abc", None), rule.key(None, "abc"))
    assert not rule.Prepared(rule.key(None, "abc")).matches(rule.key("abc", None))


def test_titles_that_differ_only_in_their_numbers_are_not_duplicates():
    a = rule.key("Phase 1: joint export control list", None)
    b = rule.key("Phase 2: joint export control list", None)
    assert not rule.same_titles(a, b) and not rule.Prepared(a).matches(b)
    close = rule.key("Phase 1: joint export-control list", None)
    assert rule.same_titles(a, close) and rule.Prepared(a).matches(close)
