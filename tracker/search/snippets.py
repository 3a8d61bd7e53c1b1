"""Highlighted snippets and "did you mean", shared by both ways of running a search.

Snippets come from the database's texts (the index stores no text), Markdown stripped,
re-analysed and highlighted with Whoosh's fragmenter, scorer and formatter: the best two
fragments of up to 240 characters, matches in ``<mark>``. One formatter per search, so a
term has the same ``termN`` class in every snippet.

What is marked (``fragments``): a query word (a ``Term``, or a wildcard's expansion)
wherever it occurs; a phrase (a quoted phrase, or a word that analyses into several
tokens such as ``政策協`` -> ``政策 策協``) only where its tokens stand at adjacent
positions, as the index matched it — so ``政策協`` never marks the 政策 of 政策提言; a
one-character search (``米``) marks that character only, wherever it stands. Overlapping
and touching marks merge into one.
"""

import re

from markupsafe import Markup
from sqlalchemy import select
from whoosh import highlight, query
from whoosh.analysis import Token

from ..extensions import db
from ..models import Recommendation
from .analysis import ANALYZER, SNIPPET_FIELDS, TEXT_FIELDS
from .analyzer import STOP_WORDS
from .parsing import OPERATORS, OneCharacter
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


def one_character_prefix(node) -> str | None:
    """The character of a one-character search (``parsing.one_character``: the prefix
    query ``c*`` of one CJK character), else None."""
    return node.text if isinstance(node, OneCharacter) else None


def query_words(q, fname: str) -> tuple[frozenset, tuple, frozenset]:
    """``(terms, phrases, characters)`` of ``q`` in field ``fname``, outside any ``Not``:
    the texts of its ``Term`` leaves, each ``Phrase`` as ``(words, slop)``, and the
    characters searched on their own (``one_character_prefix``)."""
    terms: set[str] = set()
    phrases: list[tuple[tuple[str, ...], int]] = []
    characters: set[str] = set()

    def walk(node):
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.Phrase):
            if node.fieldname == fname:
                phrases.append((tuple(node.words), node.slop))
        elif isinstance(node, query.Term):
            if node.fieldname == fname:
                terms.add(node.text)
        elif one_character_prefix(node):
            if node.fieldname == fname:
                characters.add(node.text)
        elif isinstance(node, query.AndNot):  # (its second part is a Not)
            walk(node.a)
        else:
            for child in node.children():
                walk(child)

    walk(q)
    return frozenset(terms), tuple(phrases), frozenset(characters)


def marked_words(words: frozenset, q, fname: str) -> tuple[frozenset, tuple, frozenset]:
    """``(anywhere, phrases, characters)``: of the matched ``words`` of field ``fname``,
    those marked wherever they occur — every one but the words that ``q`` holds only
    inside phrases, and the terms a one-character search expanded to (``米`` matched
    ``米国``: only the character is marked) — and ``q``'s phrases and one characters."""
    terms, phrases, characters = query_words(q, fname)
    only_in_phrases = {w for ws, _slop in phrases for w in ws} - terms
    return frozenset(w for w in words if w not in only_in_phrases
                     and (w in terms or w[:1] not in characters)), phrases, characters


def fragments(analyzer, text: str, anywhere: frozenset, phrases: tuple,
              characters: frozenset = frozenset()) -> list:
    """The best ``TOP_FRAGMENTS`` fragments of ``text`` (Markdown stripped already): the
    tokens in ``anywhere`` marked wherever they occur, the ``phrases`` (``(words,
    slop)``) only where their tokens follow each other within ``slop`` positions, and
    the ``characters`` wherever they stand (the first character of a bigram, or a
    unigram). Overlapping or touching marks merge."""
    tokens = [(t.text, t.pos, t.startchar, t.endchar, t.stopped, t.midchar) for t in analyzer(
        text, positions=True, chars=True, mode="index", removestops=False)]
    matched = [tx in anywhere for tx, *_ in tokens]
    marks = [(s, e) for (_t, _p, s, e, _st, _m), m in zip(tokens, matched, strict=True) if m]
    if characters:
        for i, (tx, _p, s, e, _st, mid) in enumerate(tokens):
            if tx[:1] in characters and not matched[i]:
                marks.append((s, e if len(tx) == 1 else mid))
                matched[i] = True
    if phrases:
        at: dict[int, list[int]] = {}  # position -> indexes of the kept tokens there
        for i, (_tx, pos, _s, _e, stopped, _m) in enumerate(tokens):
            if not stopped:
                at.setdefault(pos, []).append(i)
        for words, slop in phrases:
            for i, (tx, _pos, _s, _e, stopped, _m) in enumerate(tokens):
                if tx != words[0] or stopped:
                    continue
                chain = [i]
                for word in words[1:]:
                    last = tokens[chain[-1]][1]
                    nxt = next((j for d in range(1, max(1, slop) + 1)
                                for j in at.get(last + d, ()) if tokens[j][0] == word), None)
                    if nxt is None:
                        break
                    chain.append(nxt)
                else:
                    for j in chain:
                        matched[j] = True
                        marks.append(tokens[j][2:4])
    spans: list[list[int]] = []  # the marks merged
    for start, end in sorted(marks):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    items = sorted([(s, e, True) for s, e in spans]
                   + [(s, e, False) for (_t, _p, s, e, _st, _m), m in zip(tokens, matched,
                                                                            strict=True) if not m],
                   key=lambda x: (x[0], not x[2]))
    stream, end = [], -1
    for s, e, m in items:  # the marks, and the other tokens that do not overlap each other
        if m or s >= end:
            stream.append(Token(text=text[s:e], startchar=s, endchar=e, matched=m))
            end = max(end, e)
    return highlight.top_fragments(fragmenter().fragment_tokens(text, stream), TOP_FRAGMENTS,
                                   highlight.BasicFragmentScorer(), highlight.FIRST, minscore=1)


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
    """``text`` with misspelt English words replaced by the closest indexed word that is
    not a stop word (``NAFTA OR TPP`` never becomes ``NAFTA OR the``)."""
    reader = searcher.reader()
    corrector = reader.corrector("spell")
    changed, out = False, text
    for word in set(_WORD.findall(text)):
        if word in OPERATORS:
            continue
        stems = [t.text for t in ANALYZER(word)]
        if not stems or any(reader.doc_frequency(f, s) for f in TEXT_FIELDS for s in stems):
            continue
        suggestions = [s for s in corrector.suggest(word.lower(), limit=5, maxdist=2, prefix=1)
                       if s not in STOP_WORDS]  # (an index older than ``spell`` without them)
        if suggestions:
            out = re.sub(rf"\b{re.escape(word)}\b", suggestions[0], out)
            changed = True
    return out if changed else None
