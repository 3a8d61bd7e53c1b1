"""Which documents match a query, as a bitset (``cache``), without scoring.

Terms read their cached postings, ``And``/``Or``/``Not`` become bit operations, phrases
compare positions read from the postings (cached per segment); anything else (wildcards)
asks Whoosh for its matching documents. Matches what ``searcher.docs_for_query`` gives.
"""

from whoosh import query

from . import cache
from .postings import Unsupported, postings


def docset(searcher, q) -> int:
    """The live documents matching ``q`` as a bitset of global document numbers (see
    ``cache``), without scoring: terms read their (cached) postings, ``And``/``Or``/
    ``Not`` become bit operations, phrases check positions (cached per segment);
    anything else (wildcards) asks Whoosh for its matching documents."""
    if isinstance(q, query.Every):
        return cache.all_bits(searcher)
    if isinstance(q, query.Term):
        if q.fieldname not in searcher.schema:
            return 0
        btext = searcher.schema[q.fieldname].to_bytes(q.text)
        try:
            return cache.term_bits(searcher, q.fieldname, btext)
        except Unsupported:
            return cache.bits_of(searcher.docs_for_query(q))
    if isinstance(q, query.Or):
        out = 0
        for sub in q.subqueries:
            out |= docset(searcher, sub)
        return out
    if isinstance(q, query.And):
        if not q.subqueries:
            return 0
        out = -1
        for sub in q.subqueries:
            out &= docset(searcher, sub)
            if not out:
                break
        return out
    if isinstance(q, query.AndNot):
        a = docset(searcher, q.a)
        return a & ~docset(searcher, q.b) if a else 0
    if isinstance(q, query.AndMaybe):
        return docset(searcher, q.a)
    if isinstance(q, query.Not):
        return cache.all_bits(searcher) & ~docset(searcher, q.query)
    if isinstance(q, query.Phrase) and q.slop == 1 and len(q.words) > 1:
        return _phrase_docs(searcher, q)
    return cache.bits_of(searcher.docs_for_query(q))


def _phrase_docs(searcher, q) -> int:
    """Documents where ``q``'s words stand adjacent and in order (bitset)."""
    field = searcher.schema[q.fieldname]
    words = tuple(field.to_bytes(w) for w in q.words)
    gen = cache.generation(searcher)
    out = 0
    for (leaf, offset), dead in zip(searcher.reader().leaf_readers(), gen.deleted, strict=True):
        if any((q.fieldname, w) not in leaf for w in words):
            continue
        try:
            local = cache.segment_value(leaf, "phrase", (q.fieldname, words),
                                        lambda leaf=leaf: _segment_phrase(leaf, field, q.fieldname, words))
        except Unsupported:
            local = cache.bits_of(d - offset for d in searcher.docs_for_query(q)
                                  if offset <= d < offset + leaf.doc_count_all())
        out |= (local & ~dead) << offset
    return out


def _segment_phrase(leaf, field, fieldname: str, words: tuple) -> int:
    """The local documents of one segment (deleted ones included) where ``words`` stand
    adjacent and in order: the documents holding all the words (bit and), then their
    positions compared, the rarest word's first. :raise Unsupported:"""
    lists = {w: cache.segment_postings(leaf, fieldname, w) for w in set(words)}
    candidates = -1
    for _ids, _w, bits in lists.values():
        candidates &= bits
    if not candidates:
        return 0
    wanted = set(cache.docs_of(candidates))
    values = {}
    for w in set(words):
        ids, _w, vs = postings(leaf, fieldname, w, weights=False, values=True)
        values[w] = {d: v for d, v in zip(ids, vs, strict=True) if d in wanted}
    decode = field.format.decode_positions
    out = []
    for doc in wanted:
        decoded = {}
        first = decode(values[words[0]][doc])
        ok = False
        for p in first:
            for i, w in enumerate(words[1:], 1):
                s = decoded.get(w)
                if s is None:
                    s = decoded[w] = set(decode(values[w][doc]))
                if p + i not in s:
                    break
            else:
                ok = True
                break
        if ok:
            out.append(doc)
    return cache.bits_of(out)
