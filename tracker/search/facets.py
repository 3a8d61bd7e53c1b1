"""Facet counts and the collector that records which documents matched.

Whoosh's own ``groupedby`` categorises every matching document in Python, per facet,
which dominates query time on broad queries. Here each facet value's documents are read
once per *segment* (segments never change once written, so the cache stays valid as new
commits add segments) and a query's counts are set intersections, done in C.
"""

import threading
from bisect import bisect_left
from collections import Counter

from whoosh import collectors

_cache: dict[tuple[str, str], dict[str, frozenset]] = {}
_cache_lock = threading.Lock()
MAX_CACHED = 512


class Recorder(collectors.WrappingCollector):
    """Passes every document on to its child and remembers its global number."""

    def __init__(self, child):
        super().__init__(child)
        self.matched: set[int] = set()

    def collect(self, sub_docnum):
        self.matched.add(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)

    def collect_matches(self):
        for sub_docnum in self.matches():
            self.collect(sub_docnum)


def build_collector(limit, sortedby=None, reverse=False, filter_query=None, terms=False):
    """``(collector, recorder)``: top-N (or sorted) results with an exact total counted in
    the same pass, optional filter and matched-terms tracking (for highlighting)."""
    if sortedby:
        from whoosh import sorting

        inner = collectors.SortingCollector(sorting.FieldFacet(sortedby, reverse=reverse),
                                            limit=limit)
    elif limit is None:
        inner = collectors.UnlimitedCollector()
    else:
        inner = collectors.TopCollector(limit=limit, usequality=False)
    recorder = Recorder(inner)
    collector = collectors.TermsCollector(recorder, settype=set) if terms else recorder
    if filter_query is not None:
        collector = collectors.FilterCollector(collector, allow=filter_query)
    return collector, recorder


def _segment_values(leaf, field: str) -> dict[str, frozenset]:
    key = (leaf.segment().segment_id(), field)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    values = {}
    if field in leaf.schema:
        for term in leaf.lexicon(field):
            value = term.decode() if isinstance(term, bytes) else str(term)
            values[value] = frozenset(leaf.postings(field, term).all_ids())
    with _cache_lock:
        if len(_cache) > MAX_CACHED:
            _cache.clear()
        _cache[key] = values
    return values


def count(searcher, matched: set[int], fields: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """``{facet: [(value, count), ...]}`` over the ``matched`` global document numbers,
    most frequent first; ``fields`` maps facet names to index fields."""
    ordered = sorted(matched)
    counters = {name: Counter() for name in fields}
    for leaf, offset in searcher.reader().leaf_readers():
        lo = bisect_left(ordered, offset)
        hi = bisect_left(ordered, offset + leaf.doc_count_all())
        if lo == hi:
            continue
        local = {d - offset for d in ordered[lo:hi]}
        for name, field in fields.items():
            counter = counters[name]
            for value, docs in _segment_values(leaf, field).items():
                n = len(docs.intersection(local)) if len(docs) > len(local) else \
                    len(local.intersection(docs))
                if n:
                    counter[value] += n
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
            for name, c in counters.items()}
