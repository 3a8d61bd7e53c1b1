"""Data in and out: import (``importer``, ``import_rows``, ``import_apply``, ``import_jobs``),
export (``exporter``), file formats (``tabular``) and dump/restore (``backup``)."""
