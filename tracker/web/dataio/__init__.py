"""Import and export pages. The blueprint is ``bp`` (defined in ``routes``)."""

from .routes import bp

__all__ = ["bp"]
