"""Where the index lives on disk, and safe access to it.

``SEARCH_INDEX_DIR`` holds one or more *generations* (``gen-*`` folders, each a complete
Whoosh index plus its ``watermark.json``) and a ``CURRENT`` file naming the one in use.
A rebuild fills a new generation and then replaces ``CURRENT`` with ``os.replace`` (atomic),
so readers always open a complete index. Deleting the whole folder is allowed: an empty
generation is created on next use and the catch-up fills it.

Whoosh allows one writer per index; ``writer()`` waits for the lock up to
``SEARCH_LOCK_TIMEOUT`` seconds and raises ``IndexBusy`` (never Whoosh's ``LockError``)
when it cannot get it; callers treat that as "the catch-up will do it".
"""

import json
import logging
import os
import shutil
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError

from .analysis import SCHEMA_VERSION, make_schema

log = logging.getLogger(__name__)
CURRENT = "CURRENT"
WATERMARK = "watermark.json"
VERSION = "schema-version"
_cache: dict[str, tuple[str, object]] = {}
_cache_lock = threading.Lock()
_fresh: set[str] = set()  # index folders given a new empty generation by this process


class IndexBusy(RuntimeError):
    """Another writer held the index lock for longer than ``SEARCH_LOCK_TIMEOUT``."""


def _read_current(base: Path) -> str | None:
    try:
        name = (base / CURRENT).read_text().strip()
    except (OSError, UnicodeDecodeError):  # missing, or garbage
        return None
    if "/" in name or "\0" in name or name.startswith("."):
        return None
    return name if name and (base / name).is_dir() else None


def new_generation(base: Path) -> Path:
    """An empty index in a new generation folder (not yet current)."""
    base.mkdir(parents=True, exist_ok=True)
    path = base / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    path.mkdir()
    whoosh_index.create_in(str(path), make_schema())
    (path / VERSION).write_text(SCHEMA_VERSION)
    return path


# generation folder -> stamp (``_toc_stamp``) of the table of contents last found readable
_verified: dict[str, tuple] = {}


def _toc_stamp(path: Path) -> tuple | None:
    """Name, inode, size and modification time of the newest table of contents in
    ``path`` (None without one): any rewrite of it (a commit, garbage) changes this."""
    newest, generation = None, -1
    with os.scandir(path) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith("_MAIN_") and name.endswith(".toc") and name[6:-4].isdigit():
                if int(name[6:-4]) > generation:
                    newest, generation = entry, int(name[6:-4])
    if newest is None:
        return None
    st = newest.stat()
    return (newest.name, st.st_ino, st.st_size, st.st_mtime_ns)


def _usable(path: Path) -> bool:
    """A complete index of the current schema version. Reading its table of contents (what
    ``_exists`` does) costs more than a search; it is read again only when the table of
    contents changed since it was last found readable (``_toc_stamp``)."""
    try:
        version = (path / VERSION).read_text().strip()
        stamp = _toc_stamp(path)
    except OSError:
        return False
    if version != SCHEMA_VERSION:
        return False
    key = str(path)
    if stamp is not None and _verified.get(key) == stamp:
        return True
    usable = _exists(path)
    if usable and stamp is not None:
        if len(_verified) > 64:
            _verified.clear()
        _verified[key] = stamp
    return usable


RETIRED = "RETIRED"
RETIRED_GRACE_SECONDS = 120


def make_current(base: Path, generation: Path) -> None:
    """Point ``CURRENT`` at ``generation`` atomically. Replaced generations are marked
    retired and deleted by a later swap once ``RETIRED_GRACE_SECONDS`` have passed, so
    searches that opened them just before the swap can finish."""
    tmp = base / f".{CURRENT}.{uuid.uuid4().hex}"
    tmp.write_text(generation.name)
    os.replace(tmp, base / CURRENT)
    now = time.time()
    for other in base.glob("gen-*"):
        if other.name == generation.name:
            continue
        marker = other / RETIRED
        if not marker.exists():
            marker.write_text(str(now))
        elif now - marker.stat().st_mtime > RETIRED_GRACE_SECONDS:
            shutil.rmtree(other, ignore_errors=True)


def current_path(base: Path) -> Path:
    """The current generation's folder, creating an empty index when there is none (or
    the current one has another schema version; the catch-up fills the new one).
    Concurrent first users agree on one generation (``os.link`` fails if CURRENT exists)."""
    name = _read_current(base)
    if name and _usable(base / name):
        return base / name
    generation = new_generation(base)
    tmp = base / f".{CURRENT}.{uuid.uuid4().hex}"
    tmp.write_text(generation.name)
    try:
        if (base / CURRENT).exists():  # names a missing or broken folder, or is garbage
            os.replace(tmp, base / CURRENT)
        else:
            os.link(tmp, base / CURRENT)
    except FileExistsError:
        shutil.rmtree(generation, ignore_errors=True)
        return current_path(base)
    finally:
        tmp.unlink(missing_ok=True)
    _fresh.add(str(base))
    return generation


def pop_fresh(base: Path) -> bool:
    """True (once) when this process started an empty generation because the current one
    was missing or unreadable: the caller must fill it from the database."""
    key = str(base)
    if key in _fresh:
        _fresh.discard(key)
        return True
    return False


def _exists(path: Path, attempts: int = 4) -> bool:
    """An index is in ``path``. False, not an error, for a table of contents that stays
    unreadable (garbage): the caller then starts a new generation. A read that fails once
    is retried, since another process may be replacing the TOC at that moment."""
    for attempt in range(attempts):
        try:
            return whoosh_index.exists_in(str(path))
        except Exception:  # noqa: BLE001 — garbage in the TOC raises anything
            if attempt == attempts - 1:
                log.warning("search index in %s is unreadable", path.name, exc_info=True)
                return False
            time.sleep(0.05 * (attempt + 1))
    return False


def open_index(base: Path):
    """The current generation's Whoosh index (cached per process until CURRENT changes)."""
    key = str(base)
    for attempt in range(3):
        path = current_path(base)
        with _cache_lock:
            cached = _cache.get(key)
            if cached and cached[0] == path.name:
                return cached[1]
            try:
                ix = whoosh_index.open_dir(str(path))
            except (OSError, whoosh_index.EmptyIndexError):
                if attempt == 2:
                    raise
                continue  # swapped or deleted meanwhile: read CURRENT again
            _cache[key] = (path.name, ix)
            return ix
    raise AssertionError("unreachable")


def index_path(ix) -> Path:
    return Path(ix.storage.folder)


@contextmanager
def writer(ix, timeout: float):
    """A Whoosh writer that waits up to ``timeout`` seconds for the lock; commits on
    success, cancels on error. :raise IndexBusy: when the lock stays taken."""
    try:
        w = ix.writer(timeout=timeout, delay=0.05)
    except LockError as exc:
        raise IndexBusy(f"search index busy for more than {timeout:g}s") from exc
    try:
        yield w
    except BaseException:
        w.cancel()
        raise
    try:
        w.commit()
    except BaseException:
        release(w)  # a failed commit must not leave the lock taken for every later writer
        raise


def release(w) -> None:
    """Give up writer ``w`` after a failed commit: cancel it, and if it is too broken to
    cancel, release its lock so the next writer does not wait for the timeout."""
    try:
        w.cancel()
    except Exception:  # noqa: BLE001 — already half-closed by the failed commit
        lock = getattr(w, "writelock", None)
        if lock is not None:
            try:
                lock.release()
            except Exception:  # noqa: BLE001 — not held any more
                pass


def read_watermark(ix) -> dict:
    """``{"high": ISO stamp or None}``: every recommendation updated before ``high``
    (less the catch-up margin) is known to be in this generation."""
    try:
        return json.loads((index_path(ix) / WATERMARK).read_text())
    except (OSError, ValueError):
        return {"high": None}


def write_watermark(ix, data: dict) -> None:
    path = index_path(ix)
    tmp = path / f".{WATERMARK}.{uuid.uuid4().hex}"
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path / WATERMARK)


def forget(base: Path) -> None:
    """Drop the cached index for ``base`` (tests that delete the folder)."""
    with _cache_lock:
        _cache.pop(str(base), None)


def open_index_at(path: Path):
    """The Whoosh index in ``path`` (a generation folder), uncached."""
    return whoosh_index.open_dir(str(path))
