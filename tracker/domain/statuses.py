"""The fixed, ordered status lifecycle of a recommendation (DESIGN.md "Status lifecycle").

This module is the one place that knows the statuses, their order, whether each is open,
and what each means. Everything else asks it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    label_ja: str
    state: str  # "internal", "open" or "closed"
    definition: str
    definition_ja: str
    # Position on the road to implementation; None for the off-road closed states.
    progress: int | None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


STATUSES: tuple[Status, ...] = (
    Status("draft", "Draft", "下書き", "internal",
           "Being written; never visible to partners.", "作成中。パートナーには公開されません。", 0),
    Status("proposed", "Proposed", "提言済み", "open",
           "Published; no response from the addressee yet.", "公表済み。提言先からの反応はまだありません。", 1),
    Status("under_consideration", "Under consideration", "検討中", "open",
           "The addressee is studying or has acknowledged it.", "提言先が検討中、または受領を表明しています。", 2),
    Status("in_progress", "In progress", "実施途中", "open",
           "Concrete steps taken; partly implemented.", "具体的な措置が取られ、一部実施されています。", 3),
    Status("implemented", "Implemented", "実施済み", "closed",
           "Implemented in substance.", "実質的に実施されました。", 4),
    Status("not_adopted", "Not adopted", "不採用", "closed",
           "Declined or clearly not taken up.", "採用されなかった、または明らかに取り上げられていません。", None),
    Status("superseded", "Superseded", "失効・置換", "closed",
           "Overtaken by events or replaced by a later recommendation.", "情勢の変化により失効したか、後の提言に置き換えられました。", None),
)

BY_KEY = {s.key: s for s in STATUSES}
KEYS = tuple(s.key for s in STATUSES)
OPEN_KEYS = tuple(s.key for s in STATUSES if s.is_open)
CLOSED_KEYS = tuple(s.key for s in STATUSES if s.state == "closed")
DRAFT = "draft"


def get(key: str) -> Status:
    """The status named ``key``. :raise KeyError: for an unknown key."""
    return BY_KEY[key]


def is_known(key: str | None) -> bool:
    return key in BY_KEY


def label(key: str, language: str = "en") -> str:
    """The label of status ``key`` in ``language`` (``"ja"``: Japanese, anything else:
    English); an unknown key is returned as it is."""
    status = BY_KEY.get(key)
    if status is None:
        return key
    return status.label_ja if language == "ja" else status.label


def order(key: str) -> int:
    """Position of ``key`` in the lifecycle (draft is 0); used for sorting."""
    return KEYS.index(key)


def is_regression(previous: str | None, current: str) -> bool:
    """True when moving from ``previous`` to ``current`` goes backwards.

    Backwards means down the road to implementation (e.g. implemented -> in_progress,
    in_progress -> under_consideration, proposed -> draft), or an implemented
    recommendation turning into not_adopted. Leaving or reaching superseded, and a
    not_adopted recommendation being revived, are not regressions.
    """
    if previous is None or previous == current:
        return False
    before, after = BY_KEY[previous].progress, BY_KEY[current].progress
    if before is not None and after is not None:
        return after < before
    return previous == "implemented" and current == "not_adopted"


def next_status(key: str | None) -> str | None:
    """The status after ``key`` on the road to implementation (draft → proposed → under
    consideration → in progress → implemented): what a status-change form offers first.
    None after implemented, for the off-road closed states and for an unknown key."""
    status = BY_KEY.get(key or "")
    if status is None or status.progress is None:
        return None
    return next((s.key for s in STATUSES if s.progress == status.progress + 1), None)
