"""Text analysis and the index schema.

One analyzer serves every language: runs of Latin letters and digits become lower-cased,
stop-filtered, English-stemmed words; runs of Japanese/Chinese characters (kanji, hiragana,
katakana) become overlapping character bigrams (``輸出管理`` -> ``輸出 出管 管理``), so no
dictionary is needed. Fields that hold text use ``multitoken_query="phrase"``: a query word
that analyses into several tokens (a Japanese word, ``e-mail``) must match them adjacent and
in order, so ``輸出管理`` does not match a text where 輸出 and 管理 stand far apart.
"""

import re

from whoosh import columns, fields, formats
from whoosh.analysis import IDAnalyzer, LowercaseFilter, StemFilter, StopFilter, Token, Tokenizer

# Han, hiragana, katakana (with the long-vowel mark), half-width katakana, CJK compatibility.
_CJK = "\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヵヶ"
_RUN = re.compile(rf"[{_CJK}]+|[^\W{_CJK}]+(?:['’][^\W{_CJK}]+)*", re.UNICODE)
_CJK_RUN = re.compile(rf"[{_CJK}]")


class BilingualTokenizer(Tokenizer):
    """Words for alphabetic text, character bigrams for CJK runs (a lone CJK character
    stays a unigram). Positions count tokens, so adjacent bigrams have adjacent positions."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        for match in _RUN.finditer(value):
            run, start = match.group(), match.start()
            if _CJK_RUN.match(run):
                pieces = [(run, 0)] if len(run) == 1 else [
                    (run[i:i + 2], i) for i in range(len(run) - 1)
                ]
            else:
                pieces = [(run, 0)]
            for text, offset in pieces:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = pos
                    pos += 1
                if chars:
                    t.startchar = start_char + start + offset
                    t.endchar = t.startchar + len(text)
                yield t


def bilingual_analyzer():
    """Tokenizer above, then lower-case, English stop words, English (Porter) stemming.
    CJK bigrams pass the filters unchanged."""
    return BilingualTokenizer() | LowercaseFilter() | StopFilter(minsize=1) | StemFilter(cachesize=50000)


ANALYZER = bilingual_analyzer()
_STOPS = next(f for f in ANALYZER.items if isinstance(f, StopFilter)).stops
_STEM = next(f for f in ANALYZER.items if isinstance(f, StemFilter))._stem
_POSITIONS = formats.Positions()


def _text(boost=1.0, cls=fields.TEXT):
    return cls(analyzer=ANALYZER, field_boost=boost, multitoken_query="phrase")


_PIECES: dict[str, tuple] = {}
MEMO_SIZE = 20000
_WORDS: dict[str, str | None] = {}  # token as written -> indexed term (None: a stop word)
WORDS_SIZE = 200000
_ONE_POSITION: dict[int, bytes] = {}  # position -> encoded posting value of that one position


def _index_tokens(line: str) -> tuple:
    """``((term, pos, 1.0), ...)`` for ``line``: exactly what ``ANALYZER`` yields in
    index mode (lower-case, stop words removed with the positions renumbered from the first
    kept token, stemmed), computed without the filter chain, each distinct token's term
    remembered (``_WORDS``)."""
    out = []
    pos = None
    index = 0
    words = _WORDS
    for match in _RUN.finditer(line):
        run = match.group()
        if len(run) > 1 and _CJK_RUN.match(run):
            pieces = [run[i:i + 2] for i in range(len(run) - 1)]
        else:
            pieces = (run,)
        for text in pieces:
            try:
                term = words[text]
            except KeyError:
                term = _term(text)
            if term is not None:
                pos = index if pos is None else pos + 1
                out.append((term, pos, 1.0))
            index += 1
    return tuple(out)


def _term(text: str) -> str | None:
    lower = text.lower()
    term = None if not lower or lower in _STOPS else _STEM(lower)
    if len(_WORDS) >= WORDS_SIZE:
        _WORDS.clear()
    _WORDS[text] = term
    return term


def _encode_positions(poses: list[int]) -> bytes:
    """``Positions.encode(poses)`` (the posting value of a text field), one-position lists
    remembered."""
    if len(poses) == 1:
        value = _ONE_POSITION.get(poses[0])
        if value is None:
            value = _ONE_POSITION[poses[0]] = _POSITIONS.encode(poses)
        return value
    return _POSITIONS.encode(poses)


class CombinedTEXT(fields.TEXT):
    """One TEXT field (positions) for all of a document's words: titles, texts and the
    ``meta`` lines (topic path, event and publication titles, addressees). Its value is
    ``(text, boost, memo)`` parts; each part is analysed separately (``memo`` parts — lines
    that recur across documents — once per process, then remembered), its positions shifted
    past the previous part's plus a gap (so a phrase never spans two parts), and each token
    weighted by its part's ``boost`` (a title word counts ``TITLE_BOOST`` times). One field
    instead of several: a query word is one term lookup, not one per field. A plain string
    value is indexed as one part."""

    def index(self, value, **kwargs):
        if kwargs or isinstance(value, str):
            return super().index(value, **kwargs)
        poses: dict[str, list[int]] = {}
        weights: dict[str, float] = {}
        offset = 0
        for text, boost, memo in value:
            if not text:
                continue
            for line in (text.split("\n") if memo else (text,)):
                tokens, width = (_PIECES.get(line) or self._analyse(line, memo))
                for word, pos, _b in tokens:
                    at = poses.get(word)
                    if at is None:
                        poses[word] = [pos + offset]
                        weights[word] = boost
                    else:
                        at.append(pos + offset)
                        weights[word] += boost
                offset += width + 1
        fb = self.format.field_boost
        return [(w.encode("utf-8"), len(p), weights[w] * fb, _encode_positions(p))
                for w, p in poses.items()]

    def _analyse(self, line: str, memo: bool) -> tuple:
        # (a schema read from an index holds an equal copy of ANALYZER)
        tokens = _index_tokens(line) if self.analyzer == ANALYZER else tuple(
            (t.text, t.pos, t.boost)
            for t in self.analyzer(line, positions=True, boosts=True, mode="index"))
        entry = (tokens, max((pos for _t, pos, _b in tokens), default=-1) + 1)
        if memo:
            if len(_PIECES) >= MEMO_SIZE:
                _PIECES.clear()
            _PIECES[line] = entry
        return entry


# Weights of the parts of the ``text`` field (see ``CombinedTEXT``).
TITLE_BOOST, BODY_BOOST, META_BOOST = 3.0, 1.0, 1.5
# Fields searched when the query names none (and their weights).
# Few fields keep queries fast: each query word is looked up in every one of them.
TEXT_FIELDS = {
    "reference": 8.0,
    "text": 1.0,  # titles, texts, meta (topic with parents, event, publication, addressees)
}
# Text fields built only from columns partners may see (``scope="public"`` searches only
# these). A field holding internal text (internal notes) must never be listed here.
PUBLIC_TEXT_FIELDS = ("reference", "text")
# (index field, Recommendation column, language) shown as highlighted snippets, in order.
SNIPPET_FIELDS = (("text", "title_en", "en"), ("text", "title_ja", "ja"),
                  ("text", "text_en", "en"), ("text", "text_ja", "ja"))


# Bump when make_schema() changes: a generation of another version is replaced by a new,
# empty one that the catch-up fills (see store.current_path).
SCHEMA_VERSION = "4"  # 4: stamps cover the names of related rows


def make_schema() -> fields.Schema:
    """The index schema. ``id`` is the recommendation's primary key; ``stamp`` its
    ``updated_at`` and a hash of its related names (``documents.stamp_of``), compared with the database to find stale documents.
    Facet fields are un-analysed IDs/keywords (terms only: filters and facet counts read
    their postings); ``topics`` holds the topic and all its parents, so a parent topic's
    facet count includes its sub-topics. ``spell`` holds the distinct English words of
    the document (the "did you mean" vocabulary). ``status_date`` is a column only (for
    sorting), never searched. Few terms per document keep indexing fast."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        stamp=fields.STORED(),
        reference=fields.ID(field_boost=TEXT_FIELDS["reference"], analyzer=IDAnalyzer(lowercase=True)),
        text=_text(cls=CombinedTEXT),
        spell=fields.KEYWORD(lowercase=False, scorable=False),
        status=fields.ID(),
        topics=fields.KEYWORD(commas=True, lowercase=False),
        line=fields.ID(),
        addressee=fields.KEYWORD(commas=True, lowercase=False),
        year=fields.ID(),
        priority=fields.BOOLEAN(),
        status_date=fields.COLUMN(columns.NumericColumn("I")),
    )
