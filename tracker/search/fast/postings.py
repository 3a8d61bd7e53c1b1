"""Reading a term's postings a block at a time, and field lengths per segment.

Relies on the block-reading internals of Whoosh-Reloaded 2.7.5's W3 posting matcher
(``_read_ids``, ``_ids``, ``_next_block``, ...): this is the lowest layer of the fast paths.
"""

import threading

from whoosh.matching.wrappers import FilterMatcher

_lengths: dict[tuple[str, str], list[int]] = {}
_lock = threading.Lock()
MAX_CACHED = 64


class Unsupported(Exception):
    """This query or posting list is not one handled here (use Whoosh's own way)."""


def field_lengths(leaf, field: str) -> list[int]:
    """Each document's length of ``field`` in one segment (cached by segment)."""
    key = (leaf.segment().segment_id(), field)
    with _lock:
        cached = _lengths.get(key)
    if cached is None:
        cached = [leaf.doc_field_length(d, field) for d in range(leaf.doc_count_all())]
        with _lock:
            if len(_lengths) >= MAX_CACHED:
                _lengths.clear()
            _lengths[key] = cached
    return cached


def postings(leaf, field: str, btext: bytes, weights: bool = True, values: bool = False):
    """``(ids, weights, values)`` of a term in one segment, read a block at a time,
    *including deleted documents* (callers keep only the documents they know to be live);
    ``weights``/``values`` are None unless asked for.

    :raise Unsupported: for a matcher that is not a Whoosh 3 posting list.
    """
    m = leaf.postings(field, btext)
    if isinstance(m, FilterMatcher):  # the deletions filter
        m = m.child
    if not all(hasattr(m, a) for a in ("_read_ids", "_read_weights", "_read_values", "_next_block")):
        raise Unsupported(type(m).__name__)
    ids: list[int] = []
    ws: list[float] | None = [] if weights else None
    vs: list | None = [] if values else None
    while m.is_active():
        if m._ids is None:
            m._read_ids()
        ids.extend(m._ids)
        if weights:
            if m._weights is None:
                m._read_weights()
            ws.extend(m._weights)
        if values:
            if m._values is None:
                m._read_values()
            vs.extend(m._values)
        m._next_block()
    return ids, ws, vs
