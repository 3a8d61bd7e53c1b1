"""A search on the fast paths: the matches and filters as bitsets (``docsets``), the page
ranked by ``ranking.top`` or sorted by column, facets counted on bitsets (``facets``),
ids from per-segment tables, snippets remembered (``snippets``). Gives what
``tracker.search.plain.execute`` gives."""

import threading
from bisect import bisect_right
from collections.abc import Iterable

from whoosh import query

from ..parsing import filter_query
from ..results import FACETS, SORTS, SearchResult
from ..snippets import suggest
from ..store import index_path
from . import cache, ranking
from .docsets import docset
from .facets import count as count_facets
from .snippets import snippets as make_snippets

# (index folder, segment id) -> recommendation id of each document number of the segment.
# Segments never change once written (deletions only hide documents), so a table is built
# once per segment instead of reading every hit's stored fields on every search.
_segment_ids: dict[tuple[str, str], list[int]] = {}
_segment_ids_lock = threading.Lock()
SEGMENT_TABLES_MAX = 256


def _ids_of(ix, searcher, docnums: Iterable[int]) -> list[int]:
    """Recommendation ids of the global document numbers ``docnums`` (same order) in
    ``searcher`` of index ``ix``."""
    folder = str(index_path(ix))
    leaves = sorted(searcher.reader().leaf_readers(), key=lambda pair: pair[1])
    tables = []
    for leaf, offset in leaves:
        key = (folder, leaf.segment().segment_id())
        table = _segment_ids.get(key)
        if table is None:
            table = [int(leaf.stored_fields(d)["id"]) for d in range(leaf.doc_count_all())]
            with _segment_ids_lock:
                if len(_segment_ids) >= SEGMENT_TABLES_MAX:
                    _segment_ids.clear()
                _segment_ids[key] = table
        tables.append((offset, table))
    if len(tables) == 1:
        table = tables[0][1]
        return [table[d] for d in docnums]
    offsets = [offset for offset, _table in tables]
    out = []
    for d in docnums:
        offset, table = tables[bisect_right(offsets, d) - 1]
        out.append(table[d - offset])
    return out


def _top(searcher, q, allowed: int, limit: int | None, sortedby, terms: bool):
    """``(results, ordered docnums, scores or None)``: the first ``limit`` of ``allowed``
    (a bitset of the documents matching ``q`` and the filters) by relevance — scoring
    skips documents that cannot reach the page — or by the ``sortedby`` column;
    ``results`` has Hit objects (with matched terms when ``terms``) for those documents."""
    if not allowed:  # (Whoosh reads an empty filter set as "no filter")
        return [], [], []
    if sortedby is None:
        ranked = ranking.top(searcher, q, allowed, limit, terms)
        if ranked is not None:
            results, order = ranked
            return results, order, [results.score(i) for i in range(len(order))]
        results = searcher.search(q, limit=limit, filter=set(cache.docs_of(allowed)),
                                  terms=terms)
        return results, [hit.docnum for hit in results], [hit.score for hit in results]
    column = searcher.reader().column_reader(sortedby[0])
    reverse = sortedby[1]
    docs = cache.docs_of(allowed)
    keys = {d: column[d] for d in docs}
    order = sorted(docs, key=lambda d: (-keys[d] if reverse else keys[d], d))
    order = order if limit is None else order[:limit]
    results = searcher.search(q, limit=None, filter=set(order), terms=terms)
    return results, order, None


def execute(ix, q, text, filters, sort, page, per_page, facets, snippets, suggest_words,
            ranked=True) -> SearchResult:
    """One search on the index ``ix`` (see ``tracker.search.search``; ``q`` is the parsed
    query, ``filters`` the cleaned facet filters)."""
    sortedby = SORTS[sort]
    searcher = cache.searcher(ix)
    limit = None if per_page is None else page * per_page
    matched = docset(searcher, q)
    filter_q = filter_query(filters)
    allowed = matched & docset(searcher, filter_q) if filter_q is not None else matched
    scores = None
    if ranked or per_page is not None:
        results, order, scores = _top(searcher, q, allowed, limit, sortedby,
                                      terms=snippets and not isinstance(q, query.Every))
        start = (page - 1) * per_page if per_page else 0
        page_docs = order[start:]
        scores = scores[start:] if scores is not None else None
        ids = [cache.stored_id(searcher, d) for d in page_docs]
    else:  # every match, in index order: no scores to compute
        results, page_docs = [], cache.docs_of(allowed)
        ids = _ids_of(ix, searcher, page_docs)
    result = SearchResult(ids, allowed.bit_count(), page, per_page)
    if scores is not None and sortedby is None:
        result.scores = list(scores)
    if facets:
        plain = {n: FACETS[n] for n in FACETS if not filters.get(n)}
        result.facets = count_facets(searcher, allowed, plain)
        for name in FACETS:  # a chosen facet counts what the *other* filters allow
            if name not in plain:
                other_q = filter_query(filters, skip=name)
                other = matched & docset(searcher, other_q) if other_q is not None else matched
                result.facets.update(count_facets(searcher, other, {name: FACETS[name]}))
        result.facets = {n: result.facets[n] for n in FACETS}
    if snippets and not isinstance(q, query.Every) and results:
        hit_docs = {hit.docnum for hit in results}
        result.snippets = make_snippets(results, q, [
            i for d, i in zip(page_docs, ids, strict=True) if d in hit_docs])
    if suggest_words and text.strip() and result.total < 5:
        result.suggestion = suggest(searcher, text)
    return result
