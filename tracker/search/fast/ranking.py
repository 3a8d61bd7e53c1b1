"""Ranking the first page by relevance without scoring every match through Whoosh.

Whoosh scores a match by walking its matcher tree one document at a time, which costs
several Python calls per document and term; on a broad query that is most of the time
spent. When the documents matching the query are already known (``allowed``), the BM25F
score of each is the sum, over the query's positive terms it contains, of
``boost * bm25(idf, weight, field length)`` — the same formula and statistics Whoosh
uses. Each term's ``bm25`` values over the whole index, and its documents in falling
order of them, are computed once per index generation (``cache.term_scores``); a page
then either walks those orders until no unseen document can reach it (one term, or many
matches) or sums the scores of every match. Field lengths are read once per segment
(segments never change) and cached.

That sum is Whoosh's score when the query is flat (``_flat``: no phrase or ``And`` where a
match does not need it). Other queries (``"supply chain" OR cable``: a document with both
words apart matches through ``cable`` only) are scored through the query tree
(``_node``), every match, each part counted only where it matches.

``top()`` answers None when the query or index is not one it can rank (another weighting,
an unusual matcher or query type); the caller then asks Whoosh.
"""

from heapq import heappush, heapreplace, nsmallest

from whoosh import query, scoring
from whoosh.searching import Results

from . import cache
from .docsets import docset
from .postings import Unsupported

TA_MIN_MATCHES = 2000  # fewer matches of a several-term query: score them all
TA_WALK_SHARE = 0.25  # walk several terms' lists at most this many steps per match


def _flat(q, must: bool = True) -> bool:
    """Whether the score of ``q`` on a document it matches is the sum of the scores of
    its positive terms the document holds (plus ``_terms``' constant): true unless a
    phrase or an ``And`` (which may fail although some of its terms are present) stands
    where a match does not require it (inside ``Or``, or ``AndMaybe``'s optional side)."""
    if isinstance(q, (query.Term, query.Not)):
        return True
    if isinstance(q, query.Or):
        return all(_flat(sub, False) for sub in q.subqueries)
    if isinstance(q, (query.And, query.Phrase, query.AndNot, query.AndMaybe)) and not must:
        return False
    if isinstance(q, query.And):
        return all(_flat(sub, True) for sub in q.subqueries)
    if isinstance(q, query.AndNot):
        return _flat(q.a, True)
    if isinstance(q, query.AndMaybe):
        return _flat(q.a, True) and _flat(q.b, False)
    return isinstance(q, query.Phrase)


def _terms(q, boost: float, out: list) -> float:
    """Append ``(field, text, boost)`` for each term that adds to the score of the flat
    query ``q`` (see ``_flat``; a phrase's words count as its terms: Whoosh scores a
    phrase match as the sum of its words' scores); return the constant ``q`` adds to
    every match: Whoosh scores a ``Not`` inside an ``And`` with its ``InverseMatcher``'s
    weight, 1.0 (times the boosts around it), and a ``Not`` alone 1.0.

    :raise Unsupported: a query whose score is not such a sum (``Not`` inside ``Or``, an
        ``Or`` with ``scale`` or ``minmatch``, wildcards, ...).
    """
    if isinstance(q, query.Not):
        return 1.0  # InverseMatcher.score(), whatever the boosts
    boost *= q.boost
    constant = 0.0
    if isinstance(q, query.Term):
        out.append((q.fieldname, q.text, boost))
    elif isinstance(q, query.Phrase):
        out.extend((q.fieldname, word, boost) for word in q.words)
    elif isinstance(q, query.And):
        for sub in q.subqueries:
            if isinstance(sub, query.Not):
                constant += boost
            else:
                constant += _terms(sub, boost, out)
    elif isinstance(q, query.Or):
        if getattr(q, "scale", None) or getattr(q, "minmatch", 0):
            raise Unsupported("Or with scale or minmatch")
        for sub in q.subqueries:
            if isinstance(sub, query.Not) or _terms(sub, boost, out):
                raise Unsupported("a constant inside Or")  # only some matches get it
    elif isinstance(q, query.AndMaybe):
        constant += _terms(q.a, boost, out)
        if _terms(q.b, boost, out):
            raise Unsupported("a constant inside AndMaybe")
    elif isinstance(q, query.AndNot):
        constant += _terms(q.a, boost, out)
    else:
        raise Unsupported(type(q).__name__)
    return constant


def _term_list(searcher, field: str, text: str):
    """``((field, btext), scores, order)`` of one term (see ``cache.term_scores``)."""
    if field not in searcher.schema:
        return (field, b""), {}, []
    btext = searcher.schema[field].to_bytes(text)
    scores, order = cache.term_scores(searcher, field, btext)
    return (field, btext), scores, order


class _Memo:
    """One ranking's reads: each term's scores and each query part's documents, once."""

    def __init__(self, searcher):
        self.searcher = searcher
        self._terms: dict[tuple, tuple] = {}
        self._docs: dict[int, tuple] = {}  # id(query) -> (query, bitset)

    def term(self, field: str, text: str):
        found = self._terms.get((field, text))
        if found is None:
            found = self._terms[field, text] = _term_list(self.searcher, field, text)
        return found

    def docs(self, q) -> int:
        found = self._docs.get(id(q))
        if found is None:
            found = self._docs[id(q)] = (q, docset(self.searcher, q))  # (q keeps its id)
        return found[1]


def _node(memo, q, allowed: int, inside: set[int]) -> dict[int, float]:
    """``{doc: score}`` of the documents of ``inside`` (the set of ``allowed``) that ``q``
    matches, scored as Whoosh's matcher tree scores them: an ``And`` or a phrase adds
    its parts only where it matches as a whole, an ``Or`` the parts that match, a
    ``Not`` 1.0, each query's boost multiplying its sum."""
    if isinstance(q, query.Term):
        _t, scores, _o = memo.term(q.fieldname, q.text)
        return {d: v * q.boost for d, v in scores.items() if d in inside}
    if isinstance(q, query.Not):
        out = memo.docs(q.query)
        return {d: 1.0 for d in inside if not out >> d & 1}
    if isinstance(q, query.Phrase):
        if q.boost != 1.0:
            raise Unsupported("boosted phrase")
        out = dict.fromkeys(cache.docs_of(memo.docs(q) & allowed), 0.0)
        for w in q.words:
            scores = memo.term(q.fieldname, w)[1]
            out = {d: v + scores[d] for d, v in out.items()}
        return out
    if isinstance(q, (query.And, query.Or)):
        if isinstance(q, query.Or) and (getattr(q, "scale", None) or getattr(q, "minmatch", 0)):
            raise Unsupported("Or with scale or minmatch")
        parts = [_node(memo, sub, allowed, inside) for sub in q.subqueries]
        if isinstance(q, query.And):
            docs = set.intersection(*(set(p) for p in parts)) if parts else set()
            out = dict.fromkeys(sorted(docs), 0.0)
            for part in parts:  # summed part by part, in query order
                out = {d: v + part[d] for d, v in out.items()}
        else:
            out = {}
            for part in parts:
                for d, v in part.items():
                    out[d] = out.get(d, 0.0) + v
    elif isinstance(q, query.AndNot):
        a, b = _node(memo, q.a, allowed, inside), memo.docs(q.b)
        out = {d: v for d, v in a.items() if not b >> d & 1}
    elif isinstance(q, query.AndMaybe):
        a, b = _node(memo, q.a, allowed, inside), _node(memo, q.b, allowed, inside)
        out = {d: v + b[d] if d in b else v for d, v in a.items()}
    else:
        raise Unsupported(type(q).__name__)
    if q.boost != 1.0:
        out = {d: v * q.boost for d, v in out.items()}
    return out


def _matched_terms(memo, q, d: int) -> list | None:
    """The terms through which ``q`` matches document ``d`` (None: no match)."""
    if isinstance(q, query.Term):
        key, scores, _o = memo.term(q.fieldname, q.text)
        return [key] if d in scores else None
    if isinstance(q, query.Not):
        return None if memo.docs(q.query) >> d & 1 else []
    if isinstance(q, query.Phrase):
        if not memo.docs(q) >> d & 1:
            return None
        return [memo.term(q.fieldname, w)[0] for w in q.words]
    if isinstance(q, (query.And, query.Or)):
        parts = [_matched_terms(memo, sub, d) for sub in q.subqueries]
        if isinstance(q, query.And) and any(p is None for p in parts):
            return None
        found = [t for p in parts if p for t in p]
        return found if isinstance(q, query.And) or any(p is not None for p in parts) else None
    if isinstance(q, query.AndNot):
        return None if memo.docs(q.b) >> d & 1 else _matched_terms(memo, q.a, d)
    if isinstance(q, query.AndMaybe):
        a = _matched_terms(memo, q.a, d)
        return None if a is None else a + (_matched_terms(memo, q.b, d) or [])
    raise Unsupported(type(q).__name__)


def _structured_top(searcher, q, allowed: int, limit: int | None, terms: bool = True):
    """``top`` for a query that is not flat: every match scored through the query tree."""
    memo = _Memo(searcher)
    found = _node(memo, q, allowed, set(cache.docs_of(allowed)))
    key = lambda d: (-found[d], d)  # noqa: E731
    order = sorted(found, key=key) if limit is None else nsmallest(limit, found, key=key)
    results = Results(searcher, q, [(found[d], d) for d in order])
    if not terms:
        return results, order
    results.docterms = {d: _matched_terms(memo, q, d) or [] for d in order}
    termdocs: dict = {}
    for d in order:
        for term in results.docterms[d]:
            termdocs.setdefault(term, set()).add(d)
    results.termdocs = termdocs
    return results, order


def top(searcher, q, allowed: int, limit: int | None, terms: bool = True):
    """``(results, ordered docnums)`` for the first ``limit`` of ``allowed`` (a bitset of
    global document numbers, see ``cache``) by BM25F score (ties: lower document number
    first), ``results`` carrying each hit's matched terms (for highlighting, when
    ``terms``); or None
    when this query cannot be ranked here.

    Each term's scores come from ``cache.term_scores`` (per index generation). With a
    ``limit``, documents are visited in each term's falling-score order and the walk
    stops once no unseen document can reach the page (the threshold algorithm); the
    page is the same as from scoring every match."""
    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F:
        return None
    terms: list = []
    try:
        if not _flat(q):
            return _structured_top(searcher, q, allowed, limit, terms)
        constant = _terms(q, 1.0, terms)
        schema = searcher.schema
        lists = []
        for field, text, boost in terms:
            if field not in schema:
                continue
            btext = schema[field].to_bytes(text)
            scores, order = cache.term_scores(searcher, field, btext)
            lists.append(((field, btext), boost, scores, order))
    except Unsupported:
        return None

    adding = [entry for entry in lists if entry[3]]  # terms no document holds add nothing

    def score(d: int) -> float:
        s = 0.0  # summed in query order, as scoring every match would
        for _t, boost, scores, _o in adding:
            v = scores.get(d)
            if v is not None:
                s = s + boost * v
        return s + constant

    found = None
    if limit is not None and all(boost > 0 for _t, boost, _s, _o in lists):
        # Walking costs more per document than scoring one: walk one term's list up to
        # as many steps as there are matches, several terms' lists only for many matches.
        count = allowed.bit_count()
        budget = count if len(adding) == 1 else (
            int(count * TA_WALK_SHARE) if count >= TA_MIN_MATCHES else 0)
        if adding and budget > limit:
            listed = 0
            for (field, btext), _b, _s, _o in adding:
                listed |= cache.term_bits(searcher, field, btext)
            # every listed document allowed (no filter): none needs a test
            found = _threshold_top(adding, allowed, limit, score, budget,
                                   test=bool(listed & ~allowed), constant=constant)
    if found is not None:
        order = sorted(found, key=lambda d: (-found[d], d))
    else:
        docs = cache.docs_of(allowed)
        found = {d: score(d) for d in docs}
        key = lambda d: (-found[d], d)  # noqa: E731
        order = sorted(docs, key=key) if limit is None else nsmallest(limit, docs, key=key)
    results = Results(searcher, q, [(found[d], d) for d in order])
    results.docterms = {d: [term for term, _b, scores, _o in lists if d in scores] for d in order}
    results.termdocs = {term: {d for d in order if d in scores} for term, _b, scores, _o in lists}
    return results, order


def _threshold_top(lists, allowed: int, limit: int, score, budget: int,
                   test: bool = True, constant: float = 0.0) -> dict[int, float] | None:
    """``{doc: score}`` of the ``limit`` best documents of ``allowed`` (see ``top``), or
    None when that takes more than ``budget`` steps (then score every match instead).
    ``lists`` are the terms with documents; every score is positive. ``test=False``: every
    document in ``lists`` is known to be allowed. ``constant``: what every match scores
    besides its terms (see ``_terms``)."""
    heap: list[tuple[float, int]] = []  # (score, -doc): the root is the worst kept
    seen: set[int] = set()
    member = None  # ``allowed`` as a set, once bit tests get numerous
    tests = 0
    positions = [0] * len(lists)
    steps = 0
    while True:
        moved = False
        steps += len(lists)
        if steps > budget:
            return None
        for i, (_t, _b, _s, order) in enumerate(lists):
            p = positions[i]
            if p >= len(order):
                continue
            d = order[p]
            positions[i] = p + 1
            moved = True
            if d in seen:
                continue
            seen.add(d)
            if not test:
                inside = True
            elif member is None:
                tests += 1
                if tests > 64:
                    member = set(cache.docs_of(allowed))
                inside = cache.has(allowed, d) if member is None else d in member
            else:
                inside = d in member
            if inside:
                item = (score(d), -d)
                if len(heap) < limit:
                    heappush(heap, item)
                elif item > heap[0]:
                    heapreplace(heap, item)
        if not moved:
            break
        if len(heap) == limit:
            bound = constant  # no unseen document scores more than this
            for (_t, boost, scores, order), p in zip(lists, positions, strict=True):
                if p < len(order):
                    bound = bound + boost * scores[order[p]]
            if heap[0][0] > bound:
                break
    found = {-d: s for s, d in heap}
    if len(found) < limit:  # documents matched only through a negation: the constant
        for d in cache.docs_of(allowed):
            if d not in seen:
                found[d] = constant
                if len(found) >= limit:
                    break
    return found
