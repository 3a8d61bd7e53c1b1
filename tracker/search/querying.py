"""Running a search: parsing, filters, facets, sorting, pages, snippets, "did you mean"."""

import copy
import logging
import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from whoosh import highlight, query
from whoosh.qparser import FieldsPlugin, MultifieldParser, WildcardPlugin

from ..extensions import db
from ..models import Recommendation
from . import cache, ranking, store
from .analysis import ANALYZER, PUBLIC_TEXT_FIELDS, SNIPPET_FIELDS, TEXT_FIELDS, make_schema
from .facets import count as count_facets

log = logging.getLogger(__name__)
MAX_QUERY_LENGTH = 300
SEARCH_LOCK_WAIT = 0.5  # seconds a search's catch-up waits for another writer's lock
MIN_WILDCARD_PREFIX = 3
# Facet name -> index field. ``topic`` counts include sub-topics (the field holds parents).
FACETS = {"status": "status", "topic": "topics", "line": "line", "addressee": "addressee",
          "year": "year"}
SORTS = {"relevance": None, "newest": ("status_date", True), "oldest": ("status_date", False)}
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
_MARKDOWN = re.compile(r"[*_`#>]+|\[([^\]]*)\]\([^)]*\)")


class SearchQueryError(ValueError):
    """A query that cannot be understood; ``str(error)`` is a message for the user."""


@dataclass
class Snippet:
    field: str
    lang: str  # "en" or "ja"
    html: Markup  # escaped text with matches in <mark>


@dataclass
class SearchResult:
    """One page of results. ``ids`` are recommendation ids in result order (load the rows
    and keep this order); ``total`` counts all matches; ``facets`` maps each facet name to
    ``[(value, count), ...]`` most frequent first; ``snippets`` maps an id on this page
    to its highlighted snippets; ``suggestion`` is a corrected query string or None."""

    ids: list[int]
    total: int
    page: int
    per_page: int | None
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    snippets: dict[int, list[Snippet]] = field(default_factory=dict)
    suggestion: str | None = None
    catching_up: bool = False  # the index lacks committed writes right now (show a notice)

    @property
    def pages(self) -> int:
        if not self.per_page:
            return 1
        return max(1, -(-self.total // self.per_page))


def _parser(schema, fields):
    parser = MultifieldParser(list(fields), schema)
    parser.remove_plugin_class(FieldsPlugin)  # no "field:value" into internal fields
    parser.remove_plugin_class(WildcardPlugin)
    parser.add_plugin(WildcardPlugin())
    return parser


_SCHEMA = make_schema()
# Scope -> parser over that scope's text fields.
_PARSERS = {
    "staff": _parser(_SCHEMA, TEXT_FIELDS),
    "public": _parser(_SCHEMA, [f for f in TEXT_FIELDS if f in PUBLIC_TEXT_FIELDS]),
}


def _check_syntax(text: str) -> None:
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError(f"The search is too long; keep it under {MAX_QUERY_LENGTH} characters.")
    if text.count('"') % 2:
        raise SearchQueryError('A quotation mark is not closed: put the phrase "between quotes".')
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            break
    if depth:
        raise SearchQueryError("The brackets do not match: close every “(” with a “)”.")
    words = re.sub(r'"[^"]*"', " x ", text).replace("(", " ").replace(")", " ").split()
    if words and (words[0] in _OPERATORS - {"NOT"} or words[-1] in _OPERATORS):
        raise SearchQueryError(
            f"“{words[0] if words[0] in _OPERATORS else words[-1]}” needs a word on each side.")
    for a, b in zip(words, words[1:], strict=False):
        if a in _OPERATORS and b in _OPERATORS - {"NOT"}:
            raise SearchQueryError(f"“{a} {b}”: put a word between the two operators.")
    for word in words:
        if ("*" in word or "?" in word) and len(re.split(r"[*?]", word)[0]) < MIN_WILDCARD_PREFIX:
            raise SearchQueryError(
                f"“{word}”: give at least {MIN_WILDCARD_PREFIX} letters before * or ?.")


def parse(text: str, scope: str = "staff"):
    """The Whoosh query for the user's ``text`` (every document when blank), over the
    text fields of ``scope`` (see ``_PARSERS``).

    :raise SearchQueryError: with a message for the user (unclosed quote or bracket, a
        dangling AND/OR/NOT, a wildcard with too short a prefix, an over-long query).
    """
    text = (text or "").strip()
    if not text:
        return query.Every()
    q = _PARSED.get((text, scope))
    if q is not None:
        return q
    _check_syntax(text)
    try:
        q = _PARSERS[scope].parse(text)
    except Exception as exc:  # whoosh's parser rarely raises; never let it become a 500
        raise SearchQueryError("That search could not be understood; try plain words.") from exc
    if q is query.NullQuery or isinstance(q, query.NullQuery.__class__):
        raise SearchQueryError("Type some words to search for (not only common words like “the”).")
    if len(_PARSED) >= MAX_PARSED:
        _PARSED.clear()
    _PARSED[(text, scope)] = q
    return q


# (text, scope) -> parsed query: parsing depends on nothing else. The queries returned are
# shared: never change one (``_relaxed`` copies).
_PARSED: dict[tuple[str, str], query.Query] = {}
MAX_PARSED = 1024


def _filter_query(filters: Mapping[str, Iterable[str]], skip: str | None = None):
    parts = []
    for name, values in filters.items():
        if name == skip:
            continue
        values = [v for v in values if v]
        if name == "priority":
            if values:
                parts.append(query.Term("priority", True))
        elif name in FACETS and values:
            parts.append(query.Or([query.Term(FACETS[name], v) for v in values]))
    return query.And(parts) if parts else None


# ``_fragments`` re-analyses the text, as Whoosh does for fields without characters.
assert not any(_SCHEMA[f].supports("characters") for f, _c, _l in SNIPPET_FIELDS)
_FRAGMENTER = highlight.ContextFragmenter(maxchars=240, surround=60)
_FRAGMENTS: dict[tuple, list] = {}
MAX_FRAGMENTS = 2048


def _fragments(schema, fname: str, text: str, words: frozenset) -> list:
    """The best two highlighted fragments of ``text`` (Markdown stripped) for the query
    words ``words`` — what Whoosh's ``Highlighter.highlight_hit`` computes for a field
    without stored characters — remembered by ``(field, text, words)``, so a text
    shown again for the same words is not analysed again (a pure function: no
    invalidation needed)."""
    key = (fname, text, words)
    found = _FRAGMENTS.get(key)
    if found is None:
        clean = _MARKDOWN.sub(r"\1", text)
        tokens = schema[fname].analyzer(clean, positions=True, chars=True, mode="index",
                                        removestops=False)
        tokens = highlight.Highlighter._merge_matched_tokens(
            highlight.set_matched_filter(tokens, words))
        found = highlight.top_fragments(_FRAGMENTER.fragment_tokens(clean, tokens), 2,
                                        highlight.BasicFragmentScorer(), highlight.FIRST,
                                        minscore=1)
        if len(_FRAGMENTS) >= MAX_FRAGMENTS:
            _FRAGMENTS.clear()
        _FRAGMENTS[key] = found
    return found


def _snippets(results, hits) -> dict[int, list[Snippet]]:
    if not hits:
        return {}
    searcher = results.searcher
    ids = [cache.stored_id(searcher, hit.docnum) for hit in hits]
    cols = [getattr(Recommendation, column) for _f, column, _lang in SNIPPET_FIELDS]
    texts = {row[0]: row[1:] for row in db.session.execute(
        select(Recommendation.id, *cols).where(Recommendation.id.in_(ids)))}
    # One formatter per search: it numbers the terms (``term0``...) across all snippets.
    formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
    schema = searcher.schema
    words = {}
    for fname in {f for f, _c, _l in SNIPPET_FIELDS}:
        bterms = ((t for t in results.matched_terms() if t[0] == fname)
                  if results.has_matched_terms()
                  else results.query_terms(expand=True, fieldname=fname))
        words[fname] = frozenset(schema[fname].from_bytes(t[1]) for t in bterms)
    out = {}
    for rec_id in ids:
        snippets = []
        for (fname, column, lang), text in zip(SNIPPET_FIELDS, texts.get(rec_id, ()),
                                                strict=False):
            if not text:
                continue
            html = formatter.format(_fragments(schema, fname, text, words[fname]))
            if html:
                snippets.append(Snippet(column, lang, Markup(html)))
        out[rec_id] = snippets[:2]
    return out


def _suggest(searcher, text: str) -> str | None:
    """``text`` with misspelt English words replaced by the closest indexed word."""
    reader = searcher.reader()
    correctors = [reader.corrector("spell")]
    changed, out = False, text
    for word in set(_WORD.findall(text)):
        if word in _OPERATORS:
            continue
        stems = [t.text for t in ANALYZER(word)]
        if not stems or any(reader.doc_frequency(f, s) for f in TEXT_FIELDS for s in stems):
            continue
        suggestions = [s for c in correctors
                       for s in c.suggest(word.lower(), limit=1, maxdist=2, prefix=1)]
        if suggestions:
            out = re.sub(rf"\b{re.escape(word)}\b", suggestions[0], out)
            changed = True
    return out if changed else None


# (index folder, segment id) -> recommendation id of each document number of the segment.
# Segments never change once written (deletions only hide documents), so a table is built
# once per segment instead of reading every hit's stored fields on every search.
_segment_ids: dict[tuple[str, str], list[int]] = {}
_segment_ids_lock = threading.Lock()
SEGMENT_TABLES_MAX = 256


def _ids_of(ix, searcher, docnums: Iterable[int]) -> list[int]:
    """Recommendation ids of the global document numbers ``docnums`` (same order) in
    ``searcher`` of index ``ix``."""
    folder = str(store.index_path(ix))
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


def run(text: str = "", *, filters: Mapping[str, Iterable[str]] | None = None,
        sort: str = "relevance", page: int = 1, per_page: int | None = 25,
        facets: bool = True, snippets: bool = True, suggest: bool = True,
        scope: str = "staff", ranked: bool = True) -> SearchResult:
    """See ``tracker.search.search`` (the public contract)."""
    from . import sync

    if scope not in _PARSERS:
        raise ValueError(f"unknown search scope {scope!r}")
    q = parse(text, scope)
    if sort not in SORTS:
        raise SearchQueryError(f"Unknown sort {sort!r}; use one of {', '.join(SORTS)}.")
    filters = {k: list(v) for k, v in (filters or {}).items() if k in FACETS or k == "priority"}
    base = Path(current_app.config["SEARCH_INDEX_DIR"])
    ix = None
    try:
        # Opening resolves CURRENT, starting an empty generation when the index folder was
        # deleted or its table of contents is garbage; that one is filled right away.
        ix = store.open_index(base)
        # While another writer holds the lock, a search neither waits long for it nor
        # retries at once: it answers from what the index has (``catching_up``).
        fresh = store.pop_fresh(base)
        sync.catch_up(force=fresh or (sync.is_behind() and not sync.busy_recently()),
                      lock_timeout=None if fresh else SEARCH_LOCK_WAIT)
    except SQLAlchemyError:
        raise
    except Exception:  # e.g. the folder cannot be written: search what the index has
        log.warning("search catch-up failed; results may be incomplete", exc_info=True)
        sync.mark_behind()
    args = (q, text, filters, sort, max(1, int(page)), per_page, facets, snippets, suggest,
            ranked)
    if sync.is_behind() and not sync.is_only_busy():
        # A write failed (maybe unreadable files): read them afresh. An index that is only
        # busy (another writer holds its lock) keeps its caches: they are keyed by segment
        # and generation, so they never serve what that writer changes.
        cache.clear()
        ix = None
    try:
        result = _run(*args, ix=ix)
    except SQLAlchemyError:  # the database, not the index: the app answers 503
        raise
    except Exception:  # an unreadable (corrupted) index: rebuild it, then search again
        cache.clear()
        result = None
        if sync.rebuild_broken():
            try:
                result = _run(*args)
            except Exception:  # noqa: BLE001
                log.exception("search failed after rebuilding the index")
                sync.mark_behind()
        if result is None:
            result = SearchResult([], 0, max(1, int(page)), per_page)
    result.catching_up = sync.is_behind()
    return result


def _docset(searcher, q) -> int:
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
        except ranking.Unsupported:
            return cache.bits_of(searcher.docs_for_query(q))
    if isinstance(q, query.Or):
        out = 0
        for sub in q.subqueries:
            out |= _docset(searcher, sub)
        return out
    if isinstance(q, query.And):
        if not q.subqueries:
            return 0
        out = -1
        for sub in q.subqueries:
            out &= _docset(searcher, sub)
            if not out:
                break
        return out
    if isinstance(q, query.AndNot):
        a = _docset(searcher, q.a)
        return a & ~_docset(searcher, q.b) if a else 0
    if isinstance(q, query.AndMaybe):
        return _docset(searcher, q.a)
    if isinstance(q, query.Not):
        return cache.all_bits(searcher) & ~_docset(searcher, q.query)
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
        except ranking.Unsupported:
            local = cache.bits_of(d - offset for d in searcher.docs_for_query(q)
                                  if offset <= d < offset + leaf.doc_count_all())
        out |= (local & ~dead) << offset
    return out


def _segment_phrase(leaf, field, fieldname: str, words: tuple) -> int:
    """The local documents of one segment (deleted ones included) where ``words`` stand
    adjacent and in order: the documents holding all the words (bit and), then their
    positions compared, the rarest word's first. :raise ranking.Unsupported:"""
    lists = {w: cache.segment_postings(leaf, fieldname, w) for w in set(words)}
    candidates = -1
    for _ids, _w, bits in lists.values():
        candidates &= bits
    if not candidates:
        return 0
    wanted = set(cache.docs_of(candidates))
    values = {}
    for w in set(words):
        ids, _w, vs = ranking.postings(leaf, fieldname, w, weights=False, values=True)
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


def _relaxed(q):
    """``q`` with each phrase outside a negation replaced by the conjunction of its words:
    the same scores, without position checks — for ranking documents already known to
    match ``q`` (see ``_top``)."""
    if isinstance(q, query.Phrase):
        return query.And([query.Term(q.fieldname, w) for w in q.words], boost=q.boost)
    if isinstance(q, (query.And, query.Or)):
        q = copy.copy(q)
        q.subqueries = [_relaxed(sub) for sub in q.subqueries]
        return q
    if isinstance(q, (query.AndNot, query.AndMaybe)):
        q = copy.copy(q)
        q.a = _relaxed(q.a)
        if isinstance(q, query.AndMaybe):
            q.b = _relaxed(q.b)
        q.subqueries = (q.a, q.b)
        return q
    return q


def _top(searcher, q, allowed: int, limit: int | None, sortedby, terms: bool):
    """``(results, ordered docnums)``: the first ``limit`` of ``allowed`` (a bitset of
    the documents matching ``q`` and the filters) by relevance — scoring skips documents
    that cannot reach the page — or by the ``sortedby`` column; ``results`` has Hit
    objects (with matched terms when ``terms``) for those documents."""
    if not allowed:  # (Whoosh reads an empty filter set as "no filter")
        return [], []
    if sortedby is None:
        ranked = ranking.top(searcher, _relaxed(q), allowed, limit)
        if ranked is not None:
            return ranked
        results = searcher.search(_relaxed(q), limit=limit, filter=set(cache.docs_of(allowed)),
                                  terms=terms)
        return results, [hit.docnum for hit in results]
    column = searcher.reader().column_reader(sortedby[0])
    reverse = sortedby[1]
    docs = cache.docs_of(allowed)
    keys = {d: column[d] for d in docs}
    order = sorted(docs, key=lambda d: (-keys[d] if reverse else keys[d], d))
    order = order if limit is None else order[:limit]
    results = searcher.search(_relaxed(q), limit=None, filter=set(order), terms=terms)
    return results, order


def _run(q, text, filters, sort, page, per_page, facets, snippets, suggest, ranked=True,
         ix=None) -> SearchResult:
    """One search on ``ix`` (the index ``run`` opened before its catch-up, which writes
    into that same index; None: open the current one). ``ranked=False`` with no page size:
    every match in index order, without scores (the API sorts in SQL)."""
    if ix is None:
        ix = store.open_index(Path(current_app.config["SEARCH_INDEX_DIR"]))
    sortedby = SORTS[sort]
    searcher = cache.searcher(ix)
    limit = None if per_page is None else page * per_page
    matched = _docset(searcher, q)
    filter_q = _filter_query(filters)
    allowed = matched & _docset(searcher, filter_q) if filter_q is not None else matched
    if ranked or per_page is not None:
        results, order = _top(searcher, q, allowed, limit, sortedby,
                              terms=snippets and not isinstance(q, query.Every))
        page_docs = order[(page - 1) * per_page:] if per_page else order
        ids = [cache.stored_id(searcher, d) for d in page_docs]
    else:  # every match, in index order: no scores to compute
        results, page_docs = [], cache.docs_of(allowed)
        ids = _ids_of(ix, searcher, page_docs)
    result = SearchResult(ids, allowed.bit_count(), page, per_page)
    if facets:
        plain = {n: FACETS[n] for n in FACETS if not filters.get(n)}
        result.facets = count_facets(searcher, allowed, plain)
        for name in FACETS:  # a chosen facet counts what the *other* filters allow
            if name not in plain:
                other_q = _filter_query(filters, skip=name)
                other = matched & _docset(searcher, other_q) if other_q is not None else matched
                result.facets.update(count_facets(searcher, other, {name: FACETS[name]}))
        result.facets = {n: result.facets[n] for n in FACETS}
    if snippets and not isinstance(q, query.Every):
        by_docnum = {hit.docnum: hit for hit in results}
        result.snippets = _snippets(results, [by_docnum[d] for d in page_docs if d in by_docnum])
    if suggest and text.strip() and result.total < 5:
        result.suggestion = _suggest(searcher, text)
    return result
