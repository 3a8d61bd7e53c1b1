"""Fast paths: code that reaches into Whoosh's internals for speed, behind a switch.

- ``bulk``: writes a whole index generation segment by segment (the rebuild), the same
  files Whoosh's ``SegmentWriter`` writes, without its generic posting pool.
- ``postings``, ``cache``, ``ranking``, ``facets``, ``docsets``: the query side — postings
  read a block at a time, matches and facet values as bitsets cached per segment and
  index generation, and the first page ranked by BM25F without walking Whoosh's matcher
  tree.
- ``snippets``: highlighted fragments remembered per text and query words.
- ``tokens``: the analyzer chain in one loop (index mode) for the combined text field.

Each gives what the plain path (``tracker.search.plain``, Whoosh's public API only)
gives: the same hits in the same order, scores, facet counts and highlights, and an
index Whoosh reads as its own (``tests/test_search_fast_paths.py`` checks it on 2,400
documents and 79 queries). They are used when the app's ``SEARCH_FAST_PATHS`` is on (the
default) and the installed Whoosh is exactly ``PROVEN_WHOOSH``; with another version
they are never imported (their internals may differ): a warning is logged once and
everything runs on the plain path.

Nothing outside ``tracker.search`` imports this package.
"""

import logging

import whoosh
from flask import current_app, has_app_context

log = logging.getLogger(__name__)
PROVEN_WHOOSH = "2.7.5"  # the Whoosh-Reloaded version the fast paths were checked against
INSTALLED_WHOOSH = whoosh.versionstring()
USABLE = INSTALLED_WHOOSH == PROVEN_WHOOSH
if not USABLE:
    log.warning("Whoosh %s is installed but the search fast paths were proven against %s: "
                "using plain Whoosh (SEARCH_FAST_PATHS is ignored)", INSTALLED_WHOOSH,
                PROVEN_WHOOSH)


def active() -> bool:
    """Whether to take the fast paths now: the installed Whoosh is the proven one and the
    current app's ``SEARCH_FAST_PATHS`` is on (outside an app context, e.g. in a bulk
    worker process that its app started: on)."""
    if not USABLE:
        return False
    if has_app_context():
        return bool(current_app.config.get("SEARCH_FAST_PATHS", True))
    return True


def clear_caches() -> None:
    """Forget what the fast paths remember about index files (safe to call at any time;
    imports nothing when they are not usable)."""
    if USABLE:
        from . import cache

        cache.clear()
