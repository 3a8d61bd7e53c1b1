"""The boards (overview, columns, history) and their CSV/SVG exports. The blueprint is ``bp`` (defined in ``routes``)."""

from . import summary_routes  # noqa: F401  (registers /boards/summary and /boards/pack)
from .routes import bp

__all__ = ["bp"]
