"""Markdown rendering for recommendation texts: linear time, sanitized with nh3 (Ammonia).

The renderer is markdown-it-py (CommonMark plus tables), whose parser is designed against
pathological input: its cost grows linearly with the text. Even so, a text made almost only
of markup characters (``[[[[...``) costs several times more per character than prose, so
rendering has a **budget**: a text with more than ``MARKUP_BUDGET`` markup characters, or
longer than ``LENGTH_BUDGET``, is shown as plain text (escaped, paragraphs and line breaks
kept) instead. Real recommendation texts stay far below both: a 20,000-character report
excerpt with a link or emphasis in every other sentence has about 850 markup characters.
The budget counts characters, not seconds, so the same text always renders the same way.
"""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

#: Characters that open or close inline markup (links, emphasis, code, autolinks, escapes).
MARKUP_CHARACTERS = "[]()*_`<>!\\~|&"
#: At most this many markup characters are rendered as Markdown (see the module docstring).
MARKUP_BUDGET = 2000
#: Texts longer than this are shown as plain text.
LENGTH_BUDGET = 50_000

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable("table")
_TABLE = str.maketrans({c: "" for c in MARKUP_CHARACTERS})


def within_budget(text: str) -> bool:
    """True when ``text`` is rendered as Markdown, False when it falls back to plain text."""
    if len(text) > LENGTH_BUDGET:
        return False
    return len(text) - len(text.translate(_TABLE)) <= MARKUP_BUDGET


def render_plain(text: str) -> Markup:
    """``text`` as escaped HTML paragraphs (blank lines) with line breaks: no Markdown."""
    paragraphs = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    return Markup("\n").join(
        Markup("<p>") + Markup("<br>\n").join(escape(line) for line in p.split("\n")) + Markup("</p>")
        for p in paragraphs if p.strip()
    )


@lru_cache(maxsize=256)
def _render(text: str) -> Markup:
    if not within_budget(text):
        return render_plain(text)
    html = _parser.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)


def render_markdown(text: str | None) -> Markup:
    """HTML for Markdown ``text``: raw HTML in the source is escaped or dropped, links keep
    only http(s)/mailto and get ``rel="nofollow noopener noreferrer"``. Texts over the
    render budget come back as plain-text paragraphs."""
    if not text:
        return Markup("")
    return _render(text)
