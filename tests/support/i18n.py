"""Finding English left in the Japanese interface."""

import re
from html.parser import HTMLParser

# Words that stay as they are in the Japanese interface (names, formats, code).
ALLOWED = {
    "NEXT", "Tracker", "CSV", "JSON", "Excel", "Markdown", "HTML", "API", "OpenAPI", "GET",
    "AND", "OR", "NOT", "UTC", "MB", "English", "ETag", "CORS", "BOM", "UTF", "Shift", "JIS",
    "Unicode", "https", "http", "xlsx", "Atom",
}
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’-]*)+")
NOT_TEXT = re.compile(r"https?://\S+|\S+@\S+|NEXT-\d{4}-\d{3}|[\w/.-]*/[\w/.<>&;-]*")
SKIP_TAGS = {"script", "style", "code", "pre", "title", "svg", "textarea"}  # textarea: user input
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """Text a reader sees, minus user content: elements with ``data-content`` or a
    ``lang`` attribute (titles, notes, names), the options of a ``data-content-options``
    select (topics, events...), code, and hidden-from-sight markup (scripts, SVG)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.chunks: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        parent_options = bool(self.stack) and self.stack[-1][0] == "select-content"
        skip = (tag in SKIP_TAGS or "data-content" in attrs or ("lang" in attrs and tag != "html")
                or (tag == "option" and parent_options and attrs.get("value")))
        if tag in VOID:
            if tag == "input" and not self._skipping() and attrs.get("placeholder"):
                self.chunks.append(attrs["placeholder"])
            return
        if not self._skipping():
            for name in ("title", "aria-label", "placeholder"):
                if attrs.get(name):
                    self.chunks.append(attrs[name])
        name = "select-content" if tag == "select" and "data-content-options" in attrs else tag
        self.stack.append((name, bool(skip)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            name = self.stack[i][0]
            if name == tag or (tag == "select" and name == "select-content"):
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.chunks.append(data)


def english_runs(html: str) -> list[str]:
    """Runs of two or more English words in the visible interface text of ``html``."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        text = NOT_TEXT.sub(" ", chunk)
        for run in ENGLISH_RUN.findall(text):
            words = [w for w in re.split(r"\s+", run) if w not in ALLOWED]
            if len(words) >= 2:
                found.append(run)
    return found
