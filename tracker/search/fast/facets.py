"""Facet counts over a set of matching documents (see ``querying._docset``).

Whoosh's own ``groupedby`` categorises every matching document in Python, per facet,
which dominates query time on broad queries. Here each facet value's documents are a
bitset (read once per segment, combined once per index generation: ``cache.facet_bits``)
and a query's count for a value is ``(matched & value).bit_count()``, done in C.
"""

from . import cache


def count(searcher, matched: int, fields: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """``{facet: [(value, count), ...]}`` over ``matched`` (a bitset of global document
    numbers), most frequent first; ``fields`` maps facet names to index fields."""
    out = {}
    for name, field in fields.items():
        counts = []
        if matched:
            for value, docs in cache.facet_bits(searcher, field).items():
                n = (docs & matched).bit_count()
                if n:
                    counts.append((value, n))
        out[name] = sorted(counts, key=lambda kv: (-kv[1], kv[0]))
    return out
