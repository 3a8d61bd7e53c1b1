"""Text analysis and the index schema.

One analyzer serves every language (``analyzer``): NFKC first (width), then runs of Latin
letters and digits become lower-cased, stop-filtered, English-stemmed words; runs of
Japanese/Chinese characters (kanji, hiragana, katakana) become overlapping character
bigrams (``輸出管理`` -> ``輸出 出管 管理``), so no dictionary is needed, plus (index only)
the last character of each run as a unigram, so that a one-character query, searched as
a prefix (``parsing.one_character``), finds every text holding it. Fields that hold text use ``multitoken_query="phrase"``: a query word
that analyses into several tokens (a Japanese word, ``e-mail``) must match them adjacent and
in order, so ``輸出管理`` does not match a text where 輸出 and 管理 stand far apart.
"""


from whoosh import columns, fields, formats
from whoosh.analysis import IDAnalyzer

from . import fast
from .analyzer import ANALYZER

_POSITIONS = formats.Positions()


def _text(boost=1.0, cls=fields.TEXT):
    return cls(analyzer=ANALYZER, field_boost=boost, multitoken_query="phrase")


# fast paths on? -> line -> (tokens, width): the analysis of each memo line, remembered.
_PIECES: dict[bool, dict[str, tuple]] = {True: {}, False: {}}
MEMO_SIZE = 20000
_ONE_POSITION: dict[int, bytes] = {}  # position -> encoded posting value of that one position


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
    weighted by its part's ``boost`` (a title word counts ``TITLE_BOOST`` times) times the
    token's own boost. One field
    instead of several: a query word is one term lookup, not one per field. A plain string
    value is indexed as one part."""

    def index(self, value, **kwargs):
        if kwargs or isinstance(value, str):
            return super().index(value, **kwargs)
        poses: dict[str, list[int]] = {}
        weights: dict[str, float] = {}
        offset = 0
        tokenize = fast.active() and self.analyzer == ANALYZER
        memos = _PIECES[tokenize]
        for text, boost, memo in value:
            if not text:
                continue
            for line in (text.split("\n") if memo else (text,)):
                tokens, width = (memos.get(line) or self._analyse(line, memo, tokenize))
                for word, pos, b in tokens:
                    at = poses.get(word)
                    if at is None:
                        poses[word] = [pos + offset]
                        weights[word] = boost * b
                    else:
                        at.append(pos + offset)
                        weights[word] += boost * b
                offset += width + 1
        fb = self.format.field_boost
        return [(w.encode("utf-8"), len(p), weights[w] * fb, _encode_positions(p))
                for w, p in poses.items()]

    def _analyse(self, line: str, memo: bool, tokenize: bool) -> tuple:
        """``(tokens, width)`` of one line; ``tokenize``: through ``fast.tokens`` (the
        analyzer is ``ANALYZER``: a schema read from an index holds an equal copy)."""
        if tokenize:
            from .fast.tokens import index_tokens

            tokens = index_tokens(line)
        else:
            tokens = tuple((t.text, t.pos, t.boost) for t in
                           self.analyzer(line, positions=True, boosts=True, mode="index"))
        entry = (tokens, max((pos for _t, pos, _b in tokens), default=-1) + 1)
        if memo:
            memos = _PIECES[tokenize]
            if len(memos) >= MEMO_SIZE:
                memos.clear()
            memos[line] = entry
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
SCHEMA_VERSION = "6"  # 5: NFKC, CJK unigrams, no stop words in ``spell``; 6: ``track_status``


def make_schema() -> fields.Schema:
    """The index schema. ``id`` is the recommendation's primary key; ``stamp`` its
    ``updated_at`` and a hash of its related names (``documents.stamp_of``), compared with the database to find stale documents.
    Facet fields are un-analysed IDs/keywords (terms only: filters and facet counts read
    their postings); ``topics`` holds the topic and all its parents, so a parent topic's
    facet count includes its sub-topics; ``track_status`` holds ``addressee:status`` of
    each track (``"government_of_japan:implemented"``: the per-government facet). ``spell`` holds the distinct English words of
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
        track_status=fields.KEYWORD(commas=True, lowercase=False),
        year=fields.ID(),
        priority=fields.BOOLEAN(),
        status_date=fields.COLUMN(columns.NumericColumn("I")),
    )
