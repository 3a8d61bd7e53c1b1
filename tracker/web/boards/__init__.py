"""The boards (overview, columns, history) and their CSV/SVG exports. The blueprint is ``bp`` (defined in ``routes``)."""

from .routes import bp

__all__ = ["bp"]
