"""Ranking the first page by relevance without scoring every match through Whoosh.

Whoosh scores a match by walking its matcher tree one document at a time, which costs
several Python calls per document and term; on a broad query that is most of the time
spent. When the documents matching the query are already known (``allowed``), the BM25F
score of each is the sum, over the query's positive terms it contains, of
``boost * bm25(idf, weight, field length)`` — the same formula and statistics Whoosh
uses — so here each term's postings are read a block at a time and the scores summed in
a dict. Field lengths are read once per segment (segments never change) and cached.

``top()`` answers None when the query or index is not one it can rank (another weighting,
an unusual matcher or query type); the caller then asks Whoosh.
"""

import threading
from heapq import nsmallest

from whoosh import query, scoring
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import bm25
from whoosh.searching import Results

_lengths: dict[tuple[str, str], list[int]] = {}
_lock = threading.Lock()
MAX_CACHED = 64


class Unsupported(Exception):
    """This query or posting list is not one handled here (use Whoosh's own way)."""


def _terms(q, boost: float, out: list) -> None:
    """Append ``(field, text, boost)`` for each term that adds to the score of ``q``."""
    boost *= q.boost
    if isinstance(q, query.Term):
        out.append((q.fieldname, q.text, boost))
    elif isinstance(q, (query.And, query.Or)):
        for sub in q.subqueries:
            _terms(sub, boost, out)
    elif isinstance(q, query.AndMaybe):
        _terms(q.a, boost, out)
        _terms(q.b, boost, out)
    elif isinstance(q, query.AndNot):
        _terms(q.a, boost, out)
    elif isinstance(q, query.Not):
        pass  # the same constant for every match: changes no order
    else:
        raise Unsupported(type(q).__name__)


def _field_lengths(leaf, field: str) -> list[int]:
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


def top(searcher, q, allowed: set[int], limit: int | None):
    """``(results, ordered docnums)`` for the first ``limit`` of ``allowed`` by BM25F
    score (ties: lower document number first), ``results`` carrying each hit's matched
    terms (for highlighting); or None when this query cannot be ranked here."""
    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F:
        return None
    terms: list = []
    try:
        _terms(q, 1.0, terms)
        schema = searcher.schema
        scores: dict[int, float] = {}
        matched = []
        for field, text, boost in terms:
            if field not in schema:
                continue
            btext = schema[field].to_bytes(text)
            idf = searcher.idf(field, btext)
            avgfl = searcher.avg_field_length(field) or 1
            B = weighting._field_B.get(field, weighting.B)
            K1 = weighting.K1
            docs: set[int] = set()
            for leaf, offset in searcher.reader().leaf_readers():
                if (field, btext) not in leaf:
                    continue
                ids, weights, _v = postings(leaf, field, btext)
                lengths = _field_lengths(leaf, field)
                get = scores.get
                for d, w in zip(ids, weights, strict=True):
                    g = d + offset
                    if g in allowed:
                        scores[g] = get(g, 0.0) + boost * bm25(idf, w, lengths[d], avgfl, B, K1)
                        docs.add(g)
            matched.append(((field, btext), docs))
    except Unsupported:
        return None
    for d in allowed.difference(scores):  # e.g. matched only through a negation
        scores[d] = 0.0
    key = lambda d: (-scores[d], d)  # noqa: E731
    order = sorted(scores, key=key) if limit is None else nsmallest(limit, scores, key=key)
    results = Results(searcher, q, [(scores[d], d) for d in order])
    results.docterms = {d: [term for term, docs in matched if d in docs] for d in order}
    results.termdocs = dict(matched)
    return results, order
