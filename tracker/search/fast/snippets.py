"""Snippets as ``Hit.highlights`` makes them, with each text's fragments remembered.

``fragments`` computes what Whoosh's ``Highlighter.highlight_hit`` computes for a field
without stored characters (re-analyse the text, mark the query words, merge adjacent
matches, fragment, keep the best two) — through ``Highlighter._merge_matched_tokens``, a
private helper — and remembers the result by ``(field, text, words)``: a text shown
again for the same words is not analysed again (a pure function: nothing to invalidate).
"""

from whoosh import highlight

from ..analysis import SNIPPET_FIELDS
from ..parsing import SCHEMA
from ..snippets import TOP_FRAGMENTS, build, formatter, fragmenter, strip_markdown

# Whoosh re-analyses the text only for fields without stored characters, like these.
assert not any(SCHEMA[f].supports("characters") for f, _c, _l in SNIPPET_FIELDS)

_FRAGMENTER = fragmenter()
_FRAGMENTS: dict[tuple, list] = {}
MAX_FRAGMENTS = 2048


def fragments(schema, fname: str, text: str, words: frozenset) -> list:
    """The best ``TOP_FRAGMENTS`` fragments of ``text`` (Markdown stripped) for the
    query words ``words`` of index field ``fname``."""
    key = (fname, text, words)
    found = _FRAGMENTS.get(key)
    if found is None:
        text = strip_markdown(text)
        tokens = schema[fname].analyzer(text, positions=True, chars=True, mode="index",
                                        removestops=False)
        tokens = highlight.Highlighter._merge_matched_tokens(
            highlight.set_matched_filter(tokens, words))
        found = highlight.top_fragments(_FRAGMENTER.fragment_tokens(text, tokens),
                                        TOP_FRAGMENTS, highlight.BasicFragmentScorer(),
                                        highlight.FIRST, minscore=1)
        if len(_FRAGMENTS) >= MAX_FRAGMENTS:
            _FRAGMENTS.clear()
        _FRAGMENTS[key] = found
    return found


def snippets(results, ids: list[int]) -> dict:
    """Snippets for the recommendations ``ids`` (hits of ``results``, on this page)."""
    schema = results.searcher.schema
    fmt = formatter()  # one per search: it numbers the terms (``term0``...) across snippets
    words = {}
    for fname in {f for f, _c, _l in SNIPPET_FIELDS}:
        bterms = ((t for t in results.matched_terms() if t[0] == fname)
                  if results.has_matched_terms()
                  else results.query_terms(expand=True, fieldname=fname))
        words[fname] = frozenset(schema[fname].from_bytes(t[1]) for t in bterms)
    return build(ids, lambda _id, fname, text: fmt.format(fragments(schema, fname, text,
                                                                    words[fname])))


def clear() -> None:
    _FRAGMENTS.clear()
