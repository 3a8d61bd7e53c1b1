"""Snippets as the plain path makes them, with each text's fragments remembered.

``fragments`` gives what ``tracker.search.snippets.fragments`` gives (the plain path's
highlighting: re-analyse the text, mark the query words and phrases, fragment, keep the
best two) and remembers the result by ``(field, text, words, phrases, characters)``: a text shown
again for the same query is not analysed again (a pure function: nothing to invalidate).
"""

from ..analysis import SNIPPET_FIELDS
from ..parsing import SCHEMA
from ..snippets import build, formatter, marked_words, strip_markdown
from ..snippets import fragments as mark_fragments

# The highlighting re-analyses the text: no field here stores characters.
assert not any(SCHEMA[f].supports("characters") for f, _c, _l in SNIPPET_FIELDS)

_FRAGMENTS: dict[tuple, list] = {}
MAX_FRAGMENTS = 2048


def fragments(schema, fname: str, text: str, anywhere: frozenset, phrases: tuple,
              characters: frozenset) -> list:
    """The best fragments of ``text`` (Markdown stripped) for index field ``fname``, the
    words ``anywhere`` and the one ``characters`` marked wherever they stand and the
    ``phrases`` where they match."""
    key = (fname, text, anywhere, phrases, characters)
    found = _FRAGMENTS.get(key)
    if found is None:
        found = mark_fragments(schema[fname].analyzer, strip_markdown(text), anywhere, phrases,
                               characters)
        if len(_FRAGMENTS) >= MAX_FRAGMENTS:
            _FRAGMENTS.clear()
        _FRAGMENTS[key] = found
    return found


def snippets(results, q, ids: list[int]) -> dict:
    """Snippets for the recommendations ``ids`` (hits of ``results`` for the query ``q``,
    on this page)."""
    schema = results.searcher.schema
    fmt = formatter()  # one per search: it numbers the terms (``term0``...) across snippets
    marks = {}
    for fname in {f for f, _c, _l in SNIPPET_FIELDS}:
        bterms = ((t for t in results.matched_terms() if t[0] == fname)
                  if results.has_matched_terms()
                  else results.query_terms(expand=True, fieldname=fname))
        words = frozenset(schema[fname].from_bytes(t[1]) for t in bterms)
        marks[fname] = marked_words(words, q, fname)
    return build(ids, lambda _id, fname, text: fmt.format(fragments(schema, fname, text,
                                                                    *marks[fname])))


def clear() -> None:
    _FRAGMENTS.clear()
