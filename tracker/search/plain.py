"""A search through Whoosh's public API only: ``searcher.search`` with a filter,
``groupedby`` facets, ``sortedby``, matched terms highlighted by ``snippets.fragments``
(Whoosh's public fragmenter and formatter; ``Hit.highlights`` would mark a phrase's words
wherever they stand). Used when ``SEARCH_FAST_PATHS``
is off (or the installed Whoosh is not the one the fast paths were proven against), and
the reference ``tests/test_search_fast_paths.py`` holds the fast paths to.
"""

from whoosh import query, sorting

from .analysis import SNIPPET_FIELDS
from .parsing import filter_query
from .results import FACETS, SORTS, SearchResult, facet_counts
from .snippets import build, formatter, fragments, marked_words, strip_markdown, suggest


def _docs(searcher, q) -> set[int]:
    return set(searcher.docs_for_query(q))


def _facets(searcher, q, allowed: set[int], names) -> dict[str, list[tuple[str, int]]]:
    """Counts of facets ``names`` over the matches of ``q`` within ``allowed``."""
    if not names:
        return {}
    if not allowed:  # (Whoosh reads an empty filter set as "no filter")
        return {name: [] for name in names}
    groupedby = {name: sorting.FieldFacet(FACETS[name], allow_overlap=True) for name in names}
    results = searcher.search(q, filter=allowed, groupedby=groupedby, maptype=sorting.Count,
                              limit=None, scored=False)
    return {name: facet_counts({k: n for k, n in results.groups(name).items() if k is not None})
            for name in names}


def _snippets(searcher, results, q, ids: list[int]) -> dict:
    """Snippets for ``ids`` (hits of ``results``, searched with ``terms=True``): the
    matched terms of each snippet field, marked as ``snippets.fragments`` says."""
    fmt = formatter()  # one per search: it numbers the terms (``term0``...) across snippets
    marks = {}
    for fname in {f for f, _c, _l in SNIPPET_FIELDS}:
        field = searcher.schema[fname]
        words = frozenset(field.from_bytes(t[1]) for t in results.matched_terms()
                          if t[0] == fname)
        marks[fname] = (field.analyzer, *marked_words(words, q, fname))
    return build(ids, lambda _id, fname, text: fmt.format(
        fragments(marks[fname][0], strip_markdown(text), *marks[fname][1:])))


def execute(ix, q, text, filters, sort, page, per_page, facets, snippets, suggest_words,
            ranked=True) -> SearchResult:
    """One search on the index ``ix`` (see ``tracker.search.search`` for the arguments;
    ``q`` is the parsed query, ``filters`` the cleaned facet filters)."""
    with ix.searcher() as searcher:
        matched = _docs(searcher, q)
        filter_q = filter_query(filters)
        allowed = matched & _docs(searcher, filter_q) if filter_q is not None else matched
        result = SearchResult([], len(allowed), page, per_page)
        hits = []
        if not ranked and per_page is None:  # every match in index order, no scores
            result.ids = [int(searcher.stored_fields(d)["id"]) for d in sorted(allowed)]
        elif allowed:
            sortedby = SORTS[sort]
            facet = sortedby and sorting.FieldFacet(sortedby[0], reverse=sortedby[1])
            terms = snippets and not isinstance(q, query.Every)
            results = searcher.search(q, filter=allowed, sortedby=facet, terms=terms,
                                      limit=None if per_page is None else page * per_page)
            hits = list(results[(page - 1) * per_page:] if per_page else results)
            result.ids = [int(hit["id"]) for hit in hits]
            if sortedby is None:
                result.scores = [hit.score for hit in hits]
            if terms and hits:
                result.snippets = _snippets(searcher, results, q, result.ids)
        if facets:
            plain = [n for n in FACETS if not filters.get(n)]
            found = _facets(searcher, q, allowed, plain)
            for name in FACETS:  # a chosen facet counts what the *other* filters allow
                if name not in plain:
                    other_q = filter_query(filters, skip=name)
                    other = matched & _docs(searcher, other_q) if other_q is not None else matched
                    found.update(_facets(searcher, q, other, [name]))
            result.facets = {n: found[n] for n in FACETS}
        if suggest_words and text.strip() and result.total < 5:
            result.suggestion = suggest(searcher, text)
    return result
