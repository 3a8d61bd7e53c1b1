"""What a search returns, and the names it accepts (facets, sorts)."""

from dataclasses import dataclass, field

from markupsafe import Markup

# Facet name -> index field. ``topic`` counts include sub-topics (the field holds parents).
# ``track_status`` values are ``addressee:status`` ("us_government:implemented"): one
# government's status, whatever the other tracks say.
FACETS = {"status": "status", "topic": "topics", "line": "line", "addressee": "addressee",
          "track_status": "track_status", "year": "year"}
# Sort name -> (column, newest first) or None for relevance.
SORTS = {"relevance": None, "newest": ("status_date", True), "oldest": ("status_date", False)}


class SearchQueryError(ValueError):
    """A query that cannot be understood; ``str(error)`` is a message for the user."""


@dataclass
class Snippet:
    field: str
    lang: str  # "en" or "ja"
    html: Markup  # escaped text with matches in <mark>


@dataclass
class SearchResult:
    """One page of results. ``ids`` are recommendation ids in result order (load the rows
    and keep this order); ``total`` counts all matches; ``facets`` maps each facet name to
    ``[(value, count), ...]`` most frequent first; ``snippets`` maps an id on this page
    to its highlighted snippets; ``suggestion`` is a corrected query string or None;
    ``scores`` holds the relevance score of each id (same order) for a search sorted by
    relevance, else it is empty."""

    ids: list[int]
    total: int
    page: int
    per_page: int | None
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    snippets: dict[int, list[Snippet]] = field(default_factory=dict)
    suggestion: str | None = None
    catching_up: bool = False  # the index lacks committed writes right now (show a notice)
    scores: list[float] = field(default_factory=list)

    @property
    def pages(self) -> int:
        if not self.per_page:
            return 1
        return max(1, -(-self.total // self.per_page))


def facet_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    """``[(value, count), ...]`` without zero counts, most frequent first, then by value."""
    return sorted(((v, n) for v, n in counts.items() if n), key=lambda kv: (-kv[1], kv[0]))
