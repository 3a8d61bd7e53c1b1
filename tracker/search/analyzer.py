"""The analyzer: one for every language.

Runs of Latin letters and digits become lower-cased, stop-filtered, English-stemmed words;
runs of Japanese/Chinese characters (kanji, hiragana, katakana) become overlapping
character bigrams (``輸出管理`` -> ``輸出 出管 管理``), so no dictionary is needed.
"""

import re

from whoosh.analysis import LowercaseFilter, StemFilter, StopFilter, Token, Tokenizer

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
