"""Finished JSON bodies of ``GET /api/v1/recommendations/<reference>``, per process.

An entry holds the body, its weak ETag and Last-Modified (and, once asked for, the gzip
of the body), and the data version (``services.data_version``) read *before* the body was
built. It is served only while the database's data version is still that one, so a write
by any worker, process or server makes every entry stale at its commit. Keys name
everything else a body depends on: the reference as requested, today's date (visibility
by publication date) and the URL root (the body's links are absolute).

Bounded: past ``MAX_ENTRIES`` the oldest entries go.
"""

import gzip
import threading
from collections import OrderedDict
from datetime import datetime
from functools import lru_cache

from werkzeug.http import generate_etag, http_date, quote_etag

MAX_ENTRIES = 4096
GZIP_LEVEL = 5


@lru_cache(maxsize=64)
def _http_date(moment: datetime) -> str:
    """``moment`` as an HTTP date (few distinct values: Last-Modified changes with the data
    version and the day)."""
    return http_date(moment)


class Entry:
    """One cached body (immutable once built; ``gzipped`` is computed once), with the text
    of its ``ETag`` (weak) and ``Last-Modified`` headers."""

    __slots__ = ("version", "body", "etag", "last_modified", "etag_header",
                 "last_modified_header", "_gzipped")

    def __init__(self, version: int, body: bytes, last_modified: datetime):
        self.version = version
        self.body = body
        self.etag = generate_etag(body)  # what ``Response.add_etag`` would compute
        self.etag_header = quote_etag(self.etag, weak=True)
        self.last_modified = last_modified
        self.last_modified_header = _http_date(last_modified)
        self._gzipped = None

    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=GZIP_LEVEL)
        return self._gzipped


_entries: OrderedDict[tuple, Entry] = OrderedDict()
_lock = threading.Lock()


def get(key: tuple, version: int | None) -> Entry | None:
    """The entry for ``key`` if it was built at data version ``version`` (never for an
    unknown version)."""
    if version is None:
        return None
    entry = _entries.get(key)
    if entry is None or entry.version != version:
        return None
    return entry


def put(key: tuple, version: int | None, body: bytes, last_modified: datetime) -> Entry:
    """Remember ``body`` for ``key`` as built at ``version`` (not when it is None)."""
    entry = Entry(version, body, last_modified)
    if version is not None:
        with _lock:
            _entries[key] = entry
            _entries.move_to_end(key)
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return entry


def clear() -> None:
    with _lock:
        _entries.clear()
