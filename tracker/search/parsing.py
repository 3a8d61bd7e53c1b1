"""The user's words as a Whoosh query, checked first for mistakes a user can fix; facet
filters as a query."""

import re
from collections.abc import Iterable, Mapping

from whoosh import matching, query
from whoosh.qparser import FieldsPlugin, MultifieldParser, WildcardPlugin

from .analysis import PUBLIC_TEXT_FIELDS, TEXT_FIELDS, make_schema
from .analyzer import _CJK_RUN, ANALYZER, ONE_CHARACTER_BOOST, normalize
from .results import FACETS, SearchQueryError

MAX_QUERY_LENGTH = 300
MIN_WILDCARD_PREFIX = 3
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _parser(schema, fields):
    parser = MultifieldParser(list(fields), schema)
    parser.remove_plugin_class(FieldsPlugin)  # no "field:value" into internal fields
    parser.remove_plugin_class(WildcardPlugin)
    parser.add_plugin(WildcardPlugin())
    return parser


SCHEMA = make_schema()
# Fields cut into CJK bigrams (a one-character query is a prefix query there).
_BIGRAM_FIELDS = frozenset(n for n in TEXT_FIELDS if SCHEMA[n].analyzer is ANALYZER)
# Scope -> parser over that scope's text fields.
PARSERS = {
    "staff": _parser(SCHEMA, TEXT_FIELDS),
    "public": _parser(SCHEMA, [f for f in TEXT_FIELDS if f in PUBLIC_TEXT_FIELDS]),
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
    if words and (words[0] in OPERATORS - {"NOT"} or words[-1] in OPERATORS):
        raise SearchQueryError(
            f"“{words[0] if words[0] in OPERATORS else words[-1]}” needs a word on each side.")
    for a, b in zip(words, words[1:], strict=False):
        if a in OPERATORS and b in OPERATORS - {"NOT"}:
            raise SearchQueryError(f"“{a} {b}”: put a word between the two operators.")
    for word in words:
        if ("*" in word or "?" in word) and len(re.split(r"[*?]", word)[0]) < MIN_WILDCARD_PREFIX:
            raise SearchQueryError(
                f"“{word}”: give at least {MIN_WILDCARD_PREFIX} letters before * or ?.")


def parse(text: str, scope: str = "staff"):
    """The Whoosh query for the user's ``text`` (every document when blank), over the
    text fields of ``scope`` (see ``PARSERS``), NFKC-normalised first (full-width
    letters, digits and brackets, half-width kana). The query returned may be shared:
    never change it.

    :raise SearchQueryError: with a message for the user (unclosed quote or bracket, a
        dangling AND/OR/NOT, a wildcard with too short a prefix, an over-long query).
    """
    text = normalize((text or "").strip())  # NFKC: ＡＮＤ, （ ）, ﾃﾞｰﾀ as AND, ( ), データ
    if not text:
        return query.Every()
    q = _PARSED.get((text, scope))
    if q is not None:
        return q
    _check_syntax(text)
    try:
        q = PARSERS[scope].parse(text)
    except Exception as exc:  # whoosh's parser rarely raises; never let it become a 500
        raise SearchQueryError("That search could not be understood; try plain words.") from exc
    if q is query.NullQuery or isinstance(q, query.NullQuery.__class__):
        raise SearchQueryError("Type some words to search for (not only common words like “the”).")
    q = one_character(q)
    if len(_PARSED) >= MAX_PARSED:
        _PARSED.clear()
    _PARSED[(text, scope)] = q
    return q


class OneCharacter(query.Prefix):
    """``c*`` for one CJK character ``c``: every term starting with ``c``, scored as the
    sum of the scores of those a document holds, times ``boost`` (Whoosh's ``Prefix``
    scores as a constant, or drops its boost when only one term starts with ``c``)."""

    def matcher(self, searcher, context=None):
        terms = [query.Term(self.fieldname, word) for word in
                 searcher.reader().expand_prefix(self.fieldname, self.text) if word]
        if not terms:
            return matching.NullMatcher()
        m = (terms[0] if len(terms) == 1 else query.Or(terms)).matcher(searcher, context)
        return matching.WrappingMatcher(m, self.boost) if self.boost != 1.0 else m


def one_character(q):
    """``q`` with each search for one CJK character ``c`` on its own (a ``Term``) made the
    prefix query ``c*`` (every bigram starting with ``c``, and the unigram ``c`` that
    ends a run: see ``analyzer``), so it finds every text holding ``c``; scored as the
    sum of the terms it matches, times ``ONE_CHARACTER_BOOST`` (below a longer word)."""
    if isinstance(q, query.Term):
        if q.fieldname in _BIGRAM_FIELDS and len(q.text) == 1 and _CJK_RUN.match(q.text):
            return OneCharacter(q.fieldname, q.text, boost=q.boost * ONE_CHARACTER_BOOST)
        return q
    if q.is_leaf():
        return q
    return q.apply(one_character)


# (text, scope) -> parsed query: parsing depends on nothing else.
_PARSED: dict[tuple[str, str], query.Query] = {}
MAX_PARSED = 1024


def filter_query(filters: Mapping[str, Iterable[str]], skip: str | None = None):
    """The query for facet ``filters`` (values of one facet OR-ed, facets AND-ed), leaving
    out facet ``skip``; None when nothing is filtered."""
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
