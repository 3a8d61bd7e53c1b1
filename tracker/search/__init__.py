"""Full-text search over recommendations (Whoosh). Only this package imports whoosh.

Public contract (used by the search page, the recommendation list's ``q`` box and the API):

- ``search(text, filters=..., sort=..., page=..., per_page=...) -> SearchResult`` — see
  its docstring. Raises ``SearchQueryError`` (message for the user) for a bad query.
- ``init_app(app)`` — one line in ``create_app``: a catch-up on the first request of each
  process. (Session hooks, ``hooks``: registered by ``tracker.listeners``; the ``flask
  search`` commands: ``tracker.cli.search``.)
- ``apply(ids)`` — index the current database state of these recommendations now (the
  session hooks call it after commit).
- ``catch_up()``, ``rebuild()``, ``drift()`` — the consistency tools behind the CLI
  (``drift`` is what ``flask search check`` reports).
- ``health()`` — for ``/healthz``: whether this process knows the index to be behind.

How: with ``SEARCH_FAST_PATHS`` on (the default) the rebuild and the query side take the
fast paths in ``tracker.search.fast`` (which reach into Whoosh's internals; proven equal
to plain Whoosh by ``tests/test_search_fast_paths.py``); off, or with another Whoosh
version than the one they were proven against, only Whoosh's public API is used
(``tracker.search.plain``, ``writer.add_document``/``update_document``). Same results.

Faults: an index folder that cannot be written (or was deleted) never fails a write or a
search — results come from what the index has, with ``SearchResult.catching_up`` set
(the page shows a notice), and the next search catches up once it can. An index that
cannot be read (garbage in its files) is rebuilt from the database by the search that
finds it (``sync.rebuild_broken``).

The database is the truth; the index is derived and may be deleted at any time.
"""

import threading

from flask import Flask

from .documents import track_status
from .querying import run
from .results import FACETS, SORTS, SearchQueryError, SearchResult, Snippet
from .store import IndexBusy
from .sync import apply, catch_up, rebuild

__all__ = ["FACETS", "SORTS", "IndexBusy", "SearchQueryError", "SearchResult", "Snippet",
           "apply", "catch_up", "drift", "health", "init_app", "rebuild", "search", "track_status"]


def search(text: str = "", *, filters=None, sort: str = "relevance", page: int = 1,
           per_page: int | None = 25, facets: bool = True, snippets: bool = True,
           suggest: bool = True, scope: str = "staff", ranked: bool = True) -> SearchResult:
    """Search the recommendations that are not archived (staff scope: drafts included).

    :param text: the user's words. Plain words must all match (stemmed English,
        Japanese by adjacent character bigrams, so ``輸出管理`` matches only that
        sequence); ``"a phrase"``; ``AND``/``OR``/``NOT`` and brackets; ``word*`` with at
        least 3 letters before ``*``; a reference such as ``NEXT-2024-017`` matches exactly.
        Blank: every recommendation (useful with filters).
    :param filters: ``{facet: [values]}`` with facets ``status`` (keys), ``topic`` (slugs;
        includes sub-topics), ``line`` (line-of-effort slug), ``addressee`` (keys),
        ``track_status`` (``addressee:status``, e.g. ``us_government:implemented``: that
        government's track has that status), ``year`` ("2024"), and ``priority`` (any true value). Values of one facet are
        OR-ed, facets AND-ed. Unknown facet names are ignored.
    :param sort: ``relevance`` (default), ``newest`` or ``oldest`` (date the current
        status took effect).
    :param page: 1-based page; a page past the end gives no ids but the right total.
    :param per_page: page size, or None for every matching id (for callers that filter
        or sort further in SQL, e.g. ``Recommendation.id.in_(result.ids)``).
    :param facets: compute facet counts (each chosen facet counts what the other filters
        allow, so alternatives stay visible).
    :param snippets: highlighted snippets for the ids on this page, in the languages
        that matched.
    :param suggest: look for a "did you mean" when there are fewer than 5 results.
    :param scope: ``"staff"`` searches every text field; ``"public"`` only the fields
        built from public columns (``analysis.PUBLIC_TEXT_FIELDS``), so a query can never
        match a record through text partners may not see. Filter visibility yourself.
    :param ranked: False, with ``per_page=None``: the ids of every match in no particular
        order, without computing relevance (for callers that sort in SQL).
    :returns: ``SearchResult`` (ids in order, total, facets, snippets, suggestion, and
        the scores when sorted by relevance).
    :raise SearchQueryError: the query cannot be parsed; ``str(exc)`` says why.

    Before searching it runs the catch-up (at most every ``SEARCH_SYNC_INTERVAL``
    seconds), so records committed but never indexed are found.
    """
    return run(text, filters=filters, sort=sort, page=page, per_page=per_page,
               facets=facets, snippets=snippets, suggest=suggest, scope=scope, ranked=ranked)


def health() -> dict:
    """``{"ok": bool, "catching_up": bool}`` for this process (no paths, nothing secret)."""
    from .sync import is_behind

    behind = is_behind()
    return {"ok": not behind, "catching_up": behind}


def drift() -> dict[str, list[int]]:
    """``{"missing": [...], "stale": [...], "orphan": [...]}`` recommendation ids where the
    index differs from the database (no catch-up is run first)."""
    from pathlib import Path

    from flask import current_app
    from sqlalchemy.orm import Session

    from ..extensions import db
    from . import store
    from .sync import _db_stamps, compare

    ix = store.open_index(Path(current_app.config["SEARCH_INDEX_DIR"]))
    with Session(db.engine) as session:
        missing, stale, orphan = compare(ix, _db_stamps(session))
    return {"missing": missing, "stale": stale, "orphan": orphan}


def init_app(app: Flask) -> None:
    """Catch up once per process on the first request (in a background thread, when
    ``SEARCH_SYNC_ON_START``). The session hooks are registered by ``tracker.listeners``,
    the ``flask search`` commands by ``tracker.cli``."""
    started = threading.Event()

    @app.before_request
    def _catch_up_on_start():
        if started.is_set() or not app.config.get("SEARCH_SYNC_ON_START", True):
            return
        started.set()

        def run():
            with app.app_context():
                try:
                    catch_up(force=True)
                except Exception:
                    app.logger.exception("search catch-up on start-up failed")

        threading.Thread(target=run, name="search-catch-up", daemon=True).start()
