"""The analyzer: one for every language.

Text is first NFKC-normalised (half-width katakana ``ﾃﾞｰﾀ`` -> ``データ``, full-width
Latin and digits ``ＡＩ２０２４`` -> ``AI2024``), at index and query time alike. Then runs
of Latin letters and digits become lower-cased, stop-filtered, English-stemmed words;
runs of Japanese/Chinese characters (kanji, hiragana, katakana) become overlapping
character bigrams (``輸出管理`` -> ``輸出 出管 管理``), so no dictionary is needed. In
index mode the last character of a longer run is also indexed on its own (``理``), at the
last bigram's position: every character of a run then starts an indexed term (a bigram,
or that unigram), so a one-character query ``c`` is the prefix query ``c*``
(``parsing.one_character``), weighted ``ONE_CHARACTER_BOOST`` so that it ranks below a
match of a longer word. (One unigram per run instead of one per character keeps the
index small and the rebuild fast.)
"""

import re
import unicodedata

from whoosh.analysis import Filter, LowercaseFilter, StemFilter, StopFilter, Token, Tokenizer

# Han, hiragana, katakana (with the long-vowel mark), half-width katakana, CJK compatibility.
_CJK = "\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヵヶ"
_RUN = re.compile(rf"[{_CJK}]+|[^\W{_CJK}]+(?:['’][^\W{_CJK}]+)*", re.UNICODE)
_CJK_RUN = re.compile(rf"[{_CJK}]")
# Query weight of a one-character search (``c*`` over the bigrams and unigrams).
ONE_CHARACTER_BOOST = 0.125


def normalize(text: str) -> str:
    """``text`` in NFKC (width-normalised); ASCII and already-normal text as it is."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def normalize_with_offsets(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """``(normalize(text), starts, ends)``: character ``i`` of the normal text comes from
    ``text[starts[i]:ends[i]]`` (None, None: the text was already normal). Each character
    is normalised with the combining marks that follow it (``ﾃﾞ`` -> ``デ``)."""
    normal = normalize(text)
    if normal is text:
        return text, None, None
    clusters: list[list[int]] = []  # [start, end] in text
    for i, ch in enumerate(text):
        first = unicodedata.normalize("NFKC", ch)[:1]
        if clusters and first and unicodedata.combining(first):
            clusters[-1][1] = i + 1
        else:
            clusters.append([i, i + 1])
    starts: list[int] = []
    ends: list[int] = []
    pieces = []
    for start, end in clusters:
        piece = unicodedata.normalize("NFKC", text[start:end])
        pieces.append(piece)
        starts.extend([start] * len(piece))
        ends.extend([end] * len(piece))
    if "".join(pieces) != normal:  # composition across clusters (rare): offsets approximate
        starts = [min(i, len(text) - 1) for i in range(len(normal))]
        ends = [min(i + 1, len(text)) for i in range(len(normal))]
    return normal, starts, ends


class BilingualTokenizer(Tokenizer):
    """NFKC, then words for alphabetic text, character bigrams for CJK runs (a lone CJK
    character stays a unigram). Positions count tokens, so adjacent bigrams have adjacent
    positions. ``last`` is true on the last bigram of a CJK run (for ``RunEndFilter``).
    With ``chars``, offsets are in the text as given (before normalisation), and
    ``midchar`` is where a bigram's second character starts."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.last = False
        if not tokenize:
            t.original = t.text = normalize(value)
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        starts = ends = None
        if chars:
            value, starts, ends = normalize_with_offsets(value)
        else:
            value = normalize(value)
        pos = start_pos
        for match in _RUN.finditer(value):
            run, start = match.group(), match.start()
            if _CJK_RUN.match(run):
                pieces = [(run, 0)] if len(run) == 1 else [
                    (run[i:i + 2], i) for i in range(len(run) - 1)
                ]
                last = len(run) - 2 if len(run) > 1 else -1
            else:
                pieces = [(run, 0)]
                last = -1
            for text, offset in pieces:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                t.last = offset == last
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = pos
                    pos += 1
                if chars:
                    s, e = start + offset, start + offset + len(text)
                    m = s + 1  # where the second character of a bigram starts
                    if starts is not None:
                        s, m, e = starts[s], starts[m] if m < e else ends[s], ends[e - 1]
                    t.startchar = start_char + s
                    t.endchar = start_char + e
                    t.midchar = start_char + m
                yield t


class RunEndFilter(Filter):
    """In index mode, after the last bigram of a CJK run (``last``, set by the tokenizer)
    its second character as a unigram at the bigram's position. Other modes (query,
    spelling) pass tokens through, so a query word of several characters is matched as
    adjacent bigrams only."""

    def __call__(self, tokens):
        for t in tokens:
            yield t
            if not t.last or t.mode != "index":
                continue
            text = t.text
            t.text = text[1]
            t.last = False
            if t.chars:
                t.startchar = t.midchar
            yield t


def bilingual_analyzer():
    """Tokenizer above, then lower-case, English stop words, English (Porter) stemming,
    then the unigram ending each CJK run (``RunEndFilter``). CJK bigrams pass the filters
    unchanged."""
    return (BilingualTokenizer() | LowercaseFilter() | StopFilter(minsize=1)
            | StemFilter(cachesize=50000) | RunEndFilter())


ANALYZER = bilingual_analyzer()
# The English stop words ``ANALYZER`` drops (never indexed, never suggested).
STOP_WORDS = frozenset(next(f for f in ANALYZER.items if isinstance(f, StopFilter)).stops)
