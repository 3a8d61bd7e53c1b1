"""The user's words as a Whoosh query, checked first for mistakes a user can fix; facet
filters as a query."""

import re
from collections.abc import Iterable, Mapping

from whoosh import query
from whoosh.qparser import FieldsPlugin, MultifieldParser, WildcardPlugin

from .analysis import PUBLIC_TEXT_FIELDS, TEXT_FIELDS, make_schema
from .analyzer import normalize
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
    if len(_PARSED) >= MAX_PARSED:
        _PARSED.clear()
    _PARSED[(text, scope)] = q
    return q


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
