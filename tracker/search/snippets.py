"""Highlighted snippets and "did you mean", shared by both ways of running a search.

Snippets come from the database's texts (the index stores no text), Markdown stripped,
highlighted as Whoosh's ``Highlighter.highlight_hit`` does for a field without stored
characters: the best two fragments of up to 240 characters, matches in ``<mark>``. One
formatter per search, so a term has the same ``termN`` class in every snippet.
"""

import re

from markupsafe import Markup
from sqlalchemy import select
from whoosh import highlight

from ..extensions import db
from ..models import Recommendation
from .analysis import ANALYZER, SNIPPET_FIELDS, TEXT_FIELDS
from .parsing import OPERATORS
from .results import Snippet

MARKDOWN = re.compile(r"[*_`#>]+|\[([^\]]*)\]\([^)]*\)")
TOP_FRAGMENTS = 2
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def strip_markdown(text: str) -> str:
    return MARKDOWN.sub(r"\1", text)


def fragmenter():
    return highlight.ContextFragmenter(maxchars=240, surround=60)


def formatter():
    return highlight.HtmlFormatter(tagname="mark", between=" … ")


def highlighter(fmt) -> highlight.Highlighter:
    """What ``Hit.highlights`` uses (``results.highlighter``), with the formatter ``fmt``."""
    return highlight.Highlighter(fragmenter=fragmenter(), scorer=highlight.BasicFragmentScorer(),
                                 formatter=fmt, order=highlight.FIRST)


def build(ids: list[int], highlight_one) -> dict[int, list[Snippet]]:
    """``{id: [Snippet, ...]}`` (at most two each, in ``SNIPPET_FIELDS`` order) for the
    recommendations ``ids``; ``highlight_one(id, index_field, text)`` gives the HTML of one
    text (with its Markdown: strip it with ``strip_markdown``), empty when nothing in it
    matched. Every text is
    highlighted, in this order, so term classes are numbered the same way every time."""
    if not ids:
        return {}
    cols = [getattr(Recommendation, column) for _f, column, _lang in SNIPPET_FIELDS]
    texts = {row[0]: row[1:] for row in db.session.execute(
        select(Recommendation.id, *cols).where(Recommendation.id.in_(ids)))}
    out = {}
    for rec_id in ids:
        snippets = []
        for (fname, column, lang), text in zip(SNIPPET_FIELDS, texts.get(rec_id, ()),
                                                strict=False):
            if not text:
                continue
            html = highlight_one(rec_id, fname, text)
            if html:
                snippets.append(Snippet(column, lang, Markup(html)))
        out[rec_id] = snippets[:TOP_FRAGMENTS]
    return out


def suggest(searcher, text: str) -> str | None:
    """``text`` with misspelt English words replaced by the closest indexed word."""
    reader = searcher.reader()
    corrector = reader.corrector("spell")
    changed, out = False, text
    for word in set(_WORD.findall(text)):
        if word in OPERATORS:
            continue
        stems = [t.text for t in ANALYZER(word)]
        if not stems or any(reader.doc_frequency(f, s) for f in TEXT_FIELDS for s in stems):
            continue
        suggestions = corrector.suggest(word.lower(), limit=1, maxdist=2, prefix=1)
        if suggestions:
            out = re.sub(rf"\b{re.escape(word)}\b", suggestions[0], out)
            changed = True
    return out if changed else None
