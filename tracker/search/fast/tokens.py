"""The analyzer chain (``analysis.ANALYZER``) in index mode, in one loop.

``index_tokens(line)`` yields what ``ANALYZER(line, positions=True, boosts=True,
mode="index")`` yields — lower-case, stop words removed (positions renumbered from the
first kept token, as Whoosh's ``StopFilter`` does), stemmed through the ``StemFilter``'s
private cached ``_stem`` — without the generator chain, each distinct token's term
remembered.
"""

from whoosh.analysis import StemFilter, StopFilter

from ..analyzer import _CJK_RUN, _RUN, ANALYZER

_STOPS = next(f for f in ANALYZER.items if isinstance(f, StopFilter)).stops
_STEM = next(f for f in ANALYZER.items if isinstance(f, StemFilter))._stem
_WORDS: dict[str, str | None] = {}  # token as written -> indexed term (None: a stop word)
WORDS_SIZE = 200000


def index_tokens(line: str) -> tuple:
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
