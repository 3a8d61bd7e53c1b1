"""The analyzer chain (``analysis.ANALYZER``) in index mode, in one loop.

``index_tokens(line)`` yields what ``ANALYZER(line, positions=True, boosts=True,
mode="index")`` yields — NFKC, lower-case, stop words removed (positions renumbered from
the first kept token, as Whoosh's ``StopFilter`` does), stemmed through the
``StemFilter``'s private cached ``_stem``, the last character of each CJK run after its
last bigram (``RunEndFilter``) — without the generator chain, each distinct token's term remembered.
"""

from whoosh.analysis import StemFilter

from ..analyzer import _CJK_RUN, _RUN, ANALYZER, STOP_WORDS, normalize

_STOPS = STOP_WORDS
_STEM = next(f for f in ANALYZER.items if isinstance(f, StemFilter))._stem
_WORDS: dict[str, str | None] = {}  # token as written -> indexed term (None: a stop word)
WORDS_SIZE = 200000


def index_tokens(line: str) -> tuple:
    """``((term, pos, boost), ...)`` for ``line``: exactly what ``ANALYZER`` yields in
    index mode (NFKC, lower-case, stop words removed with the positions renumbered from the
    first kept token, stemmed, each CJK run's last bigram followed by its second character
    at its position), computed without the filter chain, each distinct token's term
    remembered (``_WORDS``)."""
    out = []
    pos = None
    index = 0
    words = _WORDS
    for match in _RUN.finditer(normalize(line)):
        run = match.group()
        if len(run) > 1 and _CJK_RUN.match(run):
            for i in range(len(run) - 1):
                text = run[i:i + 2]
                try:
                    term = words[text]
                except KeyError:
                    term = _term(text)
                pos = index if pos is None else pos + 1  # (a CJK bigram is never a stop word)
                out.append((term, pos, 1.0))
                index += 1
            out.append((term[1], pos, 1.0))  # the run's last character
            continue
        try:
            term = words[run]
        except KeyError:
            term = _term(run)
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
