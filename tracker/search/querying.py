"""Running a search: catch up first, then search the index on the fast or the plain path,
and keep index faults from reaching the user."""

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from . import fast, plain, store, sync
from .parsing import PARSERS, parse
from .results import FACETS, SORTS, SearchQueryError, SearchResult

log = logging.getLogger(__name__)
SEARCH_LOCK_WAIT = 0.5  # seconds a search's catch-up waits for another writer's lock


def _execute(*args, ix=None) -> SearchResult:
    """One search on ``ix`` (the index ``run`` opened before its catch-up, which writes
    into that same index; None: open the current one), on the fast paths when
    ``fast.active()``."""
    if ix is None:
        ix = store.open_index(Path(current_app.config["SEARCH_INDEX_DIR"]))
    if fast.active():
        from .fast import execute

        return execute.execute(ix, *args)
    return plain.execute(ix, *args)


def run(text: str = "", *, filters: Mapping[str, Iterable[str]] | None = None,
        sort: str = "relevance", page: int = 1, per_page: int | None = 25,
        facets: bool = True, snippets: bool = True, suggest: bool = True,
        scope: str = "staff", ranked: bool = True) -> SearchResult:
    """See ``tracker.search.search`` (the public contract)."""
    if scope not in PARSERS:
        raise ValueError(f"unknown search scope {scope!r}")
    q = parse(text, scope)
    if sort not in SORTS:
        raise SearchQueryError(f"Unknown sort {sort!r}; use one of {', '.join(SORTS)}.")
    filters = {k: list(v) for k, v in (filters or {}).items() if k in FACETS or k == "priority"}
    base = Path(current_app.config["SEARCH_INDEX_DIR"])
    ix = None
    try:
        # Opening resolves CURRENT, starting an empty generation when the index folder was
        # deleted or its table of contents is garbage; that one is filled right away.
        ix = store.open_index(base)
        # While another writer holds the lock, a search neither waits long for it nor
        # retries at once: it answers from what the index has (``catching_up``).
        fresh = store.pop_fresh(base)
        sync.catch_up(force=fresh or (sync.is_behind() and not sync.busy_recently()),
                      lock_timeout=None if fresh else SEARCH_LOCK_WAIT)
    except SQLAlchemyError:
        raise
    except Exception:  # e.g. the folder cannot be written: search what the index has
        log.warning("search catch-up failed; results may be incomplete", exc_info=True)
        sync.mark_behind()
    args = (q, text, filters, sort, max(1, int(page)), per_page, facets, snippets, suggest,
            ranked)
    if sync.is_behind() and not sync.is_only_busy():
        # A write failed (maybe unreadable files): read them afresh. An index that is only
        # busy (another writer holds its lock) keeps its caches: they are keyed by segment
        # and generation, so they never serve what that writer changes.
        fast.clear_caches()
        ix = None
    try:
        result = _execute(*args, ix=ix)
    except SQLAlchemyError:  # the database, not the index: the app answers 503
        raise
    except Exception:  # an unreadable (corrupted) index: rebuild it, then search again
        fast.clear_caches()
        result = None
        if sync.rebuild_broken():
            try:
                result = _execute(*args)
            except Exception:  # noqa: BLE001
                log.exception("search failed after rebuilding the index")
                sync.mark_behind()
        if result is None:
            result = SearchResult([], 0, max(1, int(page)), per_page)
    result.catching_up = sync.is_behind()
    return result
