"""When two recommendation titles are "the same": the one matching rule, used by the
create form and by the import preview (through ``services.recommendations.duplicates``).

A title is normalised (``normalise``): NFKC (full-width letters and digits become
ordinary ones, half-width kana full-width), case-folded, every punctuation mark, symbol
and space removed. Two titles match (``similar``) when their normalised forms are equal,
or close: ``difflib.SequenceMatcher`` ratio at least ``THRESHOLD`` (0.9). Two
recommendations are duplicates (``same_titles``) when their English titles match or their
Japanese titles match. Pure: no database, no Flask.
"""

import unicodedata
from difflib import SequenceMatcher

THRESHOLD = 0.9


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
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # The cheap upper bounds first: most pairs are far apart.
    return (matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold
            and matcher.ratio() >= threshold)


def same_titles(a: tuple[str, str], b: tuple[str, str], threshold: float = THRESHOLD) -> bool:
    """Whether two (normalised English, normalised Japanese) title pairs match in either
    language."""
    return similar(a[0], b[0], threshold) or similar(a[1], b[1], threshold)


def key(title_en: str | None, title_ja: str | None) -> tuple[str, str]:
    """The normalised (English, Japanese) pair of a recommendation's titles."""
    return normalise(title_en), normalise(title_ja)
