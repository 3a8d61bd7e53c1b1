"""When two recommendation titles are "the same": the one matching rule, used by the
create form and by the import preview (through ``services.recommendations.duplicates``).

A title is normalised (``normalise``): NFKC (full-width letters and digits become
ordinary ones, half-width kana full-width), case-folded, every punctuation mark, symbol
and space removed. Two titles match (``similar``) when their normalised forms are equal,
or close: ``difflib.SequenceMatcher`` ratio at least ``THRESHOLD`` (0.9), unless they
differ only in their numbers ("Phase 1 ..." and "Phase 2 ...", "Round 3" and "Round 4":
numbers tell items of a series apart, so those are not flagged). Two
recommendations are duplicates (``same_titles``) when their English titles match or their
Japanese titles match. Pure: no database, no Flask.
"""

import re
import unicodedata
from difflib import SequenceMatcher

THRESHOLD = 0.9
_NUMBER = re.compile(r"\d+")


def only_numbers_differ(a: str, b: str) -> bool:
    """Whether two different normalised titles are the same apart from their numbers."""
    return a != b and _NUMBER.sub("#", a) == _NUMBER.sub("#", b)


def normalise(title: str | None) -> str:
    """``title`` as compared: NFKC, case-folded, without punctuation, symbols or spaces."""
    text = unicodedata.normalize("NFKC", title or "").casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZSC")


def similar(a: str, b: str, threshold: float = THRESHOLD) -> bool:
    """Whether two NORMALISED titles match (equal, or ratio >= ``threshold``); an empty
    title matches nothing."""
    if not a or not b:
        return False
    if a == b:
        return True
    if only_numbers_differ(a, b):
        return False
    if 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):
        return False  # the lengths alone rule it out (real_quick_ratio, without the object)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # The cheap upper bounds first: most pairs are far apart.
    return (matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold
            and matcher.ratio() >= threshold)


def same_titles(a: tuple[str, str], b: tuple[str, str], threshold: float = THRESHOLD) -> bool:
    """Whether two (normalised English, normalised Japanese) title pairs match in either
    language."""
    return similar(a[0], b[0], threshold) or similar(a[1], b[1], threshold)


class Prepared:
    """A stored (normalised English, normalised Japanese) pair, prepared to be compared
    with many others (``matches``): the same answers as ``same_titles``, faster, since
    difflib's index of the stored title is built once."""

    def __init__(self, pair: tuple[str, str]):
        self.pair = pair
        self._matchers = [SequenceMatcher(None, "", title, autojunk=False) if title else None
                          for title in pair]

    def matches(self, other: tuple[str, str], threshold: float = THRESHOLD) -> bool:
        for a, b, matcher in zip(other, self.pair, self._matchers, strict=True):
            if not a or matcher is None:
                continue
            if a == b:
                return True
            if only_numbers_differ(a, b) or 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):
                continue
            matcher.set_seq1(a)
            if matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold:
                return True
        return False


def key(title_en: str | None, title_ja: str | None) -> tuple[str, str]:
    """The normalised (English, Japanese) pair of a recommendation's titles."""
    return normalise(title_en), normalise(title_ja)
