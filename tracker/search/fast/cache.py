"""Query-side caches: open searchers, and what searches compute again and again.

Validity, by key:

- **Segments** never change once written (a new commit adds segments; deletions are kept
  apart, per generation). What is read from one — a term's postings, a phrase's
  documents, a facet value's documents, stored ids — is cached by ``segment_id`` and
  stays valid for as long as the segment exists (entries of merged-away segments are
  simply no longer asked for, and fall out when the cache is full).
- **Index generations**: each commit makes a new one (``reader.generation()``), and a
  rebuild a new folder. Everything that depends on the whole index — live documents
  (deletions), BM25 statistics (idf, average length), document numbers across segments —
  is cached per ``(folder, generation)``, so a search never sees a result computed before
  a write it could see.

Document sets are Python ints used as bitsets (bit ``n`` = global document number ``n``):
and/or/not and counting (``int.bit_count``) run in C over 64 documents per word.

``searcher(ix)`` keeps one Whoosh searcher per thread and index folder, reopened when the
index has a newer generation. ``clear()`` drops every cache and closes this thread's
searchers (the search calls it when the index is known to be behind or unreadable, so the
files are read again).
"""

import threading
from itertools import compress

from .postings import field_lengths, postings

_local = threading.local()
_lock = threading.Lock()
# (segment_id, kind, ...) -> value. Bounded by the number of documents held.
_segments: dict[tuple, object] = {}
_segment_weight = [0]
MAX_SEGMENT_POSTINGS = 4_000_000
# (folder, generation) -> Generation; only the newest few are kept.
_generations: dict[tuple, "Generation"] = {}
MAX_GENERATIONS = 3
MAX_SEARCHERS = 2  # per thread
_TO_BITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_BITS = bytes.maketrans(b"01", b"\x00\x01")


# --- bitsets -------------------------------------------------------------------------

def bits_of(docs, offset: int = 0) -> int:
    """The bitset of the document numbers ``docs`` (shifted by ``offset``)."""
    docs = list(docs)
    if not docs:
        return 0
    flags = bytearray(max(docs) + 1)
    for d in docs:
        flags[d] = 1
    return int(flags.translate(_TO_BITS)[::-1], 2) << offset


def docs_of(bits: int) -> list[int]:
    """The document numbers in ``bits``, ascending."""
    if not bits:
        return []
    flags = bin(bits)[:1:-1].encode().translate(_FROM_BITS)
    return list(compress(range(len(flags)), flags))


def has(bits: int, doc: int) -> bool:
    return bool(bits >> doc & 1)


# --- searchers -----------------------------------------------------------------------

def searcher(ix):
    """A searcher on the newest generation of ``ix``, kept open for this thread (never
    close it; it is closed when replaced or by ``clear``)."""
    searchers = _local.__dict__.setdefault("searchers", {})
    key = str(ix.storage.folder)
    cached = searchers.get(key)
    if cached is not None:
        try:
            if cached[0] is ix and ix.latest_generation() == cached[1].reader().generation():
                return cached[1]
        except Exception:  # noqa: BLE001 — folder gone: open again (and fail there)
            pass
        searchers.pop(key, None)
        _close(cached[1])
    s = ix.searcher()
    searchers[key] = (ix, s)
    while len(searchers) > MAX_SEARCHERS:  # e.g. folders replaced by rebuilds
        _close(searchers.pop(next(iter(searchers)))[1])
    return s


def _close(s) -> None:
    try:
        s.close()
    except Exception:  # noqa: BLE001
        pass


def clear() -> None:
    """Forget every cached value and close this thread's searchers."""
    for _ix, s in _local.__dict__.pop("searchers", {}).values():
        _close(s)
    with _lock:
        _segments.clear()
        _segment_weight[0] = 0
        _generations.clear()


# --- per segment ---------------------------------------------------------------------

def _segment_get(key):
    with _lock:
        return _segments.get(key)


def _segment_put(key, value, weight: int):
    with _lock:
        if _segment_weight[0] + weight > MAX_SEGMENT_POSTINGS:
            _segments.clear()
            _segment_weight[0] = 0
        _segments[key] = value
        _segment_weight[0] += weight
    return value


def segment_postings(leaf, field: str, btext: bytes):
    """``(ids, weights, bits)`` of a term in one segment, deleted documents included
    (``postings``); None when the segment lacks the term.

    :raise Unsupported: see ``postings``."""
    key = (leaf.segment().segment_id(), "p", field, btext)
    cached = _segment_get(key)
    if cached is None:
        if (field, btext) not in leaf:
            return None
        ids, weights, _v = postings(leaf, field, btext)
        cached = _segment_put(key, (ids, weights, bits_of(ids)), len(ids))
    return cached


def segment_value(leaf, kind: str, key: tuple, compute, weight=lambda v: 1):
    """A value computed from one segment's content only, cached by segment."""
    full = (leaf.segment().segment_id(), kind, *key)
    cached = _segment_get(full)
    if cached is None:
        cached = compute()
        _segment_put(full, cached, weight(cached))
    return cached


# --- per generation ------------------------------------------------------------------

class Generation:
    """Values for one generation of one index (see the module docstring). Holds no
    reader: callers pass their own searcher, whose segments the key pins down."""

    def __init__(self, searcher):
        self.values: dict[tuple, object] = {}
        self.lock = threading.Lock()
        live = 0
        self.deleted = []
        for leaf, offset in searcher.reader().leaf_readers():
            n = leaf.doc_count_all()
            dead = bits_of(leaf.deleted_docs_set) if leaf.has_deletions() else 0
            self.deleted.append(dead)
            live |= (((1 << n) - 1) & ~dead) << offset
        self.live = live

    def get(self, key, compute):
        with self.lock:
            if key in self.values:
                return self.values[key]
        value = compute()
        with self.lock:
            self.values[key] = value
        return value


def generation(searcher) -> Generation:
    """The cached values of the generation ``searcher`` reads (shared by threads)."""
    key = getattr(searcher, "_tracker_generation", None)
    if key is None:
        reader = searcher.reader()
        key = (str(searcher._ix.storage.folder) if searcher._ix is not None else id(reader),
               reader.generation(),
               tuple((leaf.segment().segment_id(), leaf.doc_count_all(), leaf.doc_count())
                     for leaf, _offset in reader.leaf_readers()))
        searcher._tracker_generation = key
    with _lock:
        gen = _generations.get(key)
    if gen is None:
        gen = Generation(searcher)
        with _lock:
            while len(_generations) >= MAX_GENERATIONS:
                _generations.pop(next(iter(_generations)))
            _generations[key] = gen
    return gen


def all_bits(searcher) -> int:
    """Every live document."""
    return generation(searcher).live


def term_bits(searcher, field: str, btext: bytes) -> int:
    """The live documents holding the term. :raise Unsupported:"""
    gen = generation(searcher)

    def compute():
        out = 0
        for (leaf, offset), dead in zip(searcher.reader().leaf_readers(), gen.deleted, strict=True):
            found = segment_postings(leaf, field, btext)
            if found:
                out |= (found[2] & ~dead) << offset
        return out

    return gen.get(("term", field, btext), compute)


def term_scores(searcher, field: str, btext: bytes):
    """``(scores, order)`` of a term over the live documents: ``scores`` maps a global
    document number to its BM25F score for the term (boost 1), computed as Whoosh's BM25F scorer does; ``order`` lists the documents by falling score, then number.
    :raise Unsupported:"""
    gen = generation(searcher)

    def compute():
        weighting = searcher.weighting
        scorable = searcher.schema[field].scorable
        idf = searcher.idf(field, btext)
        avgfl = searcher.avg_field_length(field) or 1
        B = weighting._field_B.get(field, weighting.B)
        K1 = weighting.K1
        k1_1, one_b = K1 + 1, 1 - B
        scores: dict[int, float] = {}
        for (leaf, offset), dead in zip(searcher.reader().leaf_readers(), gen.deleted, strict=True):
            found = segment_postings(leaf, field, btext)
            if not found:
                continue
            ids, weights, _bits = found
            if not scorable:  # BM25F.scorer gives a WeightScorer: the weight is the score
                values = list(weights)
            else:
                lengths = field_lengths(leaf, field)
                # whoosh.scoring.bm25, inlined (the same operations in the same order)
                values = [idf * ((tf * k1_1) / (tf + K1 * (one_b + B * lengths[d] / avgfl)))
                          for d, tf in zip(ids, weights, strict=True)]
            if dead:
                skip = set(docs_of(dead))
                scores.update((d + offset, v) for d, v in zip(ids, values, strict=True)
                              if d not in skip)
            else:
                scores.update(zip(ids, values, strict=True) if not offset else
                              ((d + offset, v) for d, v in zip(ids, values, strict=True)))
        # Falling score; the sort is stable (also reversed) and ``scores`` is in document
        # order, so equal scores stay in document order.
        order = sorted(scores, key=scores.__getitem__, reverse=True)
        return scores, order

    return gen.get(("scores", field, btext), compute)


def facet_bits(searcher, field: str) -> dict[str, int]:
    """``{value: live documents}`` of an un-analysed field."""
    gen = generation(searcher)

    def compute():
        out: dict[str, int] = {}
        for (leaf, offset), dead in zip(searcher.reader().leaf_readers(), gen.deleted, strict=True):
            values = segment_value(leaf, "facet", (field,), lambda leaf=leaf: _leaf_values(leaf, field),
                                   weight=lambda v: sum(b.bit_count() for b in v.values()))
            for value, bits in values.items():
                bits = (bits & ~dead) << offset
                if bits:
                    out[value] = out.get(value, 0) | bits
        return out

    return gen.get(("facet", field), compute)


def _leaf_values(leaf, field: str) -> dict[str, int]:
    values = {}
    if field in leaf.schema:
        for term in leaf.lexicon(field):
            value = term.decode() if isinstance(term, bytes) else str(term)
            values[value] = bits_of(leaf.postings(field, term).all_ids())
    return values


def stored_id(searcher, docnum: int) -> int:
    """The ``id`` stored with global document ``docnum``."""
    for leaf, offset in reversed(list(searcher.reader().leaf_readers())):
        if docnum >= offset:
            local = docnum - offset
            key = (leaf.segment().segment_id(), "id", local)
            cached = _segment_get(key)
            if cached is None:
                cached = _segment_put(key, int(leaf.stored_fields(local)["id"]), 1)
            return cached
    raise IndexError(docnum)
