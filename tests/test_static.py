"""Static assets: what the templates reference exists, and the stylesheet parses."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_stylesheet_braces_balance():
    """An unclosed block (e.g. after a merge) silently disables every rule after it."""
    css = re.sub(r"/\*.*?\*/", "", (ROOT / "static/css/app.css").read_text(), flags=re.S)
    depth = 0
    for number, line in enumerate(css.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"unexpected '}}' on line {number}"
    assert depth == 0, "an unclosed '{' in static/css/app.css"


def test_every_static_file_the_templates_name_exists():
    names = set()
    for template in (ROOT / "templates").rglob("*.html"):
        names |= set(re.findall(r"url_for\('static', filename='([^']+)'\)", template.read_text()))
    assert names, "templates should reference static files"
    missing = sorted(n for n in names if not (ROOT / "static" / n).is_file())
    assert not missing, missing
