"""The recommendation pages: list and detail (``routes``, which defines the blueprint
``bp``), editing (``edit``) and status changes (``status_changes``), with their forms."""

from . import edit, status_changes  # noqa: F401  (they add their routes to bp)
from .routes import bp

__all__ = ["bp"]
