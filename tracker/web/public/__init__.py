"""The public, bilingual pages (issue 19): ``/public/`` in English, ``/ja/public/`` in
Japanese, plus ``/sitemap.xml`` and ``/robots.txt``. See ``routes`` and ``embed``."""

from flask import Flask

from . import routes  # noqa: F401  (the pages: routes on ``bp``)
from .common import bp
from .embed import site

__all__ = ["bp", "register", "site"]


def register(app: Flask) -> None:
    """The same blueprint twice (``public``, ``public_ja``), and the root files."""
    app.register_blueprint(bp, url_prefix="/public")
    app.register_blueprint(bp, url_prefix="/ja/public", name="public_ja")
    app.register_blueprint(site)
