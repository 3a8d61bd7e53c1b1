"""Topics, events and publications (the catalogue pages). The blueprint is ``bp`` (defined in ``routes``)."""

from .routes import bp

__all__ = ["bp"]
