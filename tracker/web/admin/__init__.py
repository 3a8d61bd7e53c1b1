"""Administration pages: users and the audit log. The blueprint is ``bp`` (defined in ``routes``)."""

from .routes import bp

__all__ = ["bp"]
