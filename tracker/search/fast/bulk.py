"""Writing a whole new index generation fast (the rebuild; ``sync.rebuild`` uses it).

``SegmentBuilder`` writes one Whoosh segment from documents given in order, producing the
same files Whoosh's own ``SegmentWriter`` would (same codec, terms, postings, blocks, field
lengths, stored fields and columns) at a fraction of the cost: postings are kept per term in
memory in the order they arrive (documents are numbered in arrival order, so each term's
list is already sorted) instead of Whoosh's generic pool, which pickles every posting to
temporary runs and merges them back; and they are written a block at a time, with each
document's field lengths looked up in a list instead of through the length column.

``build(generation, parts, ...)`` (``sync.rebuild`` with ``SEARCH_FAST_PATHS``) builds one segment per part of the id range, the first in
this process and the others in worker processes (fresh interpreters: no inherited threads,
locks or database connections), then lists all segments in one table of contents.
The query side reads an index of several segments as it reads any other
(``searcher.reader().leaf_readers()``).

Relies on the internals of the pinned Whoosh-Reloaded 2.7.5 (``W3Codec`` writers, ``TOC``,
the posting writer's block buffers); ``tests/test_search_fast_paths.py`` checks that a built
index equals, file content for file content, one written by Whoosh's own writer.
"""

import base64
import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec import default_codec
from whoosh.index import TOC, clean_files
from whoosh.util.numeric import byte_to_length, length_to_byte

log = logging.getLogger(__name__)
PROGRESS_EVERY = 250  # documents between progress reports
MEMO_VALUES = 2000  # distinct values of a field whose analysis SegmentBuilder remembers


class SegmentBuilder:
    """One new segment of the index in ``ix`` (not listed in its TOC until ``commit``).

    ``add(doc)`` takes a document as ``writer.add_document(**doc)`` would (no ``_boost``
    or ``_stored_`` keys; no field with vectors or separate spelling). ``finish()`` writes
    the segment's files and returns the segment object (picklable)."""

    def __init__(self, ix):
        self.schema = ix.schema
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"SegmentBuilder does not support field {name!r}")
        self.storage = ix.storage
        self.codec = default_codec()
        self.segment = self.codec.new_segment(self.storage, ix.indexname)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.docnum = 0
        # field name -> term bytes -> flat [docnum, weight, value, docnum, weight, value, ...]
        self.postings: dict[str, dict[bytes, list]] = {}
        # field name -> each document's length as the posting writer sees it (the length
        # byte decoded again; 0 for none), for scorable fields
        self.lengths: dict[str, list[int]] = {}
        self._memo: dict[str, dict | None] = {name: {} for name in self.schema.names()}
        self._fields = {}
        for name, field in self.schema.items():
            self._fields[name] = (field, field.indexed, field.scorable, field.stored,
                                  field.column_type)

    def add(self, doc: dict) -> None:
        docnum = self.docnum
        perdoc = self.perdoc
        perdoc.start_doc(docnum)
        for name in sorted(doc):
            value = doc[name]
            if value is None:
                continue
            field, indexed, scorable, stored, column = self._fields[name]
            length = 0
            if indexed:
                terms = self.postings.get(name)
                if terms is None:
                    terms = self.postings[name] = {}
                for tbytes, freq, weight, vbytes in self._index(name, field, value):
                    length += freq
                    posts = terms.get(tbytes)
                    if posts is None:
                        terms[tbytes] = [docnum, weight, vbytes]
                    else:
                        posts += (docnum, weight, vbytes)
                if scorable:
                    lengths = self.lengths.get(name)
                    if lengths is None:
                        lengths = self.lengths[name] = []
                    if len(lengths) < docnum:
                        lengths.extend([0] * (docnum - len(lengths)))
                    byte = length_to_byte(length) if length else 0
                    lengths.append(byte_to_length(byte) if byte else 0)
                else:
                    length = 0
            perdoc.add_field(name, field, value if stored else None, length)
            if column is not None:
                perdoc.add_column_value(name, column, field.to_column_value(value))
        perdoc.finish_doc()
        self.docnum += 1

    def _index(self, name: str, field, value):
        """``field.index(value)``, remembered for fields with few distinct values (status,
        year, topics, ...): up to ``MEMO_VALUES`` per field, then no longer for that field."""
        memo = self._memo.get(name)
        if memo is None or value.__class__ not in (str, bool):
            return field.index(value)
        items = memo.get(value)
        if items is None:
            items = list(field.index(value))
            if len(memo) >= MEMO_VALUES:
                self._memo[name] = None
            else:
                memo[value] = items
        return items

    def finish(self):
        """Write the postings and close the segment's files; the segment object."""
        self.perdoc.close()
        for lengths in self.lengths.values():
            lengths.extend([0] * (self.docnum - len(lengths)))
        writer = self.codec.field_writer(self.storage, self.segment)
        for name in sorted(self.postings):
            terms = self.postings.pop(name)
            lengths = self.lengths.get(name)
            writer.start_field(name, self.schema[name])
            for tbytes in sorted(terms):
                posts = terms[tbytes]
                writer.start_term(tbytes)
                _add_postings(writer._postwriter, posts[0::3], posts[1::3], posts[2::3],
                              lengths)
                writer.finish_term()
            writer.finish_field()
        writer.close()
        self.segment.set_doc_count(self.docnum)
        if self.segment.should_assemble():
            self.segment.create_compound_file(self.storage)
        return self.segment


def _add_postings(pw, ids, weights, values, lengths) -> None:
    """What ``pw.add_posting`` does for each posting, a block at a time (same blocks)."""
    limit = pw._blocklimit
    for start in range(0, len(ids), limit):
        if pw._ids:  # the previous block is full: written now, as add_posting would
            pw._write_block()
        block = ids[start:start + limit]
        pw._ids.extend(block)
        w = weights[start:start + limit]
        pw._weights.extend(w)
        pw._maxweight = max(0, max(w))
        pw._values.extend(v for v in values[start:start + limit] if v)
        if lengths is not None:
            lens = [n for n in map(lengths.__getitem__, block) if n]
            if lens:
                pw._minlength = min(lens)
                pw._maxlength = max(lens)


def commit(ix, segments: list) -> None:
    """List ``segments`` (from ``SegmentBuilder.finish``) as the index's content: a new
    table of contents, under the index's write lock (the folder is not current yet, so
    nobody else should hold it)."""
    lock = ix.lock("WRITELOCK")
    if not lock.acquire(blocking=True):
        raise RuntimeError("could not lock the new index generation")
    try:
        generation = ix.latest_generation() + 1
        TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
        clean_files(ix.storage, ix.indexname, generation, segments)
        # the per-document writers' (empty) temporary folder
        shutil.rmtree(Path(ix.storage.folder) / f"{ix.indexname}.tmp", ignore_errors=True)
    finally:
        lock.release()


def build_part(ix, docs: Iterable[dict], report: Callable[[int], None] | None = None):
    """One segment with ``docs``; ``report(n)`` every ``PROGRESS_EVERY`` documents (and
    for the rest at the end). Returns ``(segment, count)``."""
    builder = SegmentBuilder(ix)
    for doc in docs:
        builder.add(doc)
        if report and builder.docnum % PROGRESS_EVERY == 0:
            report(PROGRESS_EVERY)
    if report and builder.docnum % PROGRESS_EVERY:
        report(builder.docnum % PROGRESS_EVERY)
    return builder.finish(), builder.docnum


class Worker:
    """A worker process (``python -m tracker.search.fast.bulk``) building the segment of ids in
    ``(after, upto]``. The job (with the database URL, so no password shows in the process
    list) goes in on stdin; the worker prints a count per ``PROGRESS_EVERY`` documents and
    finally ``done <segment (pickle, base64)> <count>``; errors go to ``stderr`` (a file)."""

    def __init__(self, url: str, folder: str, after: int, upto: int | None):
        self.count = 0  # documents reported so far
        self.result = None
        self.errors = tempfile.TemporaryFile(mode="w+")
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[3])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (root, env.get("PYTHONPATH"))))
        self.proc = subprocess.Popen([sys.executable, "-m", "tracker.search.fast.bulk"], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.errors, text=True)
        self.proc.stdin.write(json.dumps({"url": url, "folder": folder, "after": after,
                                          "upto": upto}) + "\n")
        self.proc.stdin.close()
        self.reader = threading.Thread(target=self._read, name="search-reindex-worker",
                                       daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith("done "):
                _done, segment, count = line.split()
                self.result = (pickle.loads(base64.b64decode(segment)), int(count))
            elif line.strip().isdigit():
                self.count += int(line)

    def running(self) -> bool:
        return self.proc.poll() is None or self.reader.is_alive()

    def finish(self):
        """``(segment, count)``. :raise RuntimeError: the worker failed."""
        self.proc.wait()
        self.reader.join()
        self.errors.seek(0)
        errors = self.errors.read()
        self.errors.close()
        if self.proc.returncode or self.result is None:
            raise RuntimeError(f"search reindex worker failed (exit {self.proc.returncode}):\n"
                               f"{errors[-4000:]}")
        return self.result

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.errors.close()


def _worker_main() -> None:
    """Entry point of a ``Worker`` process (see there)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from ..documents import load_documents

    job = json.loads(sys.stdin.readline())
    engine = create_engine(job["url"])
    try:
        ix = whoosh_index.open_dir(job["folder"])
        with Session(engine) as session:
            segment, n = build_part(
                ix, load_documents(session, after=job["after"], upto=job["upto"]),
                lambda k: print(k, flush=True))
    finally:
        engine.dispose()
    print("done", base64.b64encode(pickle.dumps(segment)).decode("ascii"), n, flush=True)


def build(ix, session_docs: Callable[[int, int | None], Iterable[dict]], bounds: list[int],
          url: str, progress: Callable[[int], None] | None = None) -> int:
    """Fill the empty index ``ix`` (a new generation) with one segment per part of the id
    range: part ``i`` holds ids in ``(bounds[i], bounds[i + 1]]`` (the last part has no
    upper bound). Part 0 is built here from ``session_docs(after, upto)``; the others by
    ``Worker`` processes reading the database at ``url``. The number of documents.

    :raise RuntimeError: a worker failed (its traceback is in the message).
    """
    parts = [(bounds[i], bounds[i + 1] if i + 1 < len(bounds) else None)
             for i in range(len(bounds))]
    folder = str(Path(ix.storage.folder))
    workers = [Worker(url, folder, after, upto) for after, upto in parts[1:]]
    reported = 0

    def report(n: int) -> None:  # this process's progress, then the workers'
        nonlocal reported
        if progress:
            done = sum(w.count for w in workers)
            progress(n + done - reported)
            reported = done

    try:
        after, upto = parts[0]
        segment, total = build_part(ix, session_docs(after, upto), report)
        segments = [segment]
        while any(w.running() for w in workers):
            time.sleep(0.1)
            report(0)
        for worker in workers:
            segment, n = worker.finish()
            segments.append(segment)
            total += n
        report(0)
    except BaseException:
        for worker in workers:
            worker.stop()
        raise
    # in id order, so documents are numbered as one writer would number them
    commit(ix, [s for s in segments if s.doc_count_all()])
    return total


if __name__ == "__main__":
    _worker_main()
