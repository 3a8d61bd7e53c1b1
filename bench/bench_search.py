"""Search benchmark: p50/p95 latency in-process and over HTTP, reindex time, index size.

For each size (default 10,000 and 100,000; ``--sizes 10000``) it builds a fresh SQLite
database in a temp folder with ``tracker.demo.loader.seed_synthetic`` (what
``flask demo seed --count N`` runs), rebuilds the index (``search reindex``), then times a
fixed set of 1–3 word queries, each run ``--repeat`` times, through ``tracker.search.search``
(page of 25 with facets and snippets) and through ``GET /search`` with a logged-in client.

The baseline is measured in the same run on the same rows: a bare Whoosh index (one
stemmed text field with titles and texts, no facets, snippets, Japanese bigrams or
metadata) built with one writer, queried with ``searcher.search(q, limit=25)`` plus the
total. ``--data DIR`` keeps the seeded database in DIR and reuses it on the next run.
"""

import argparse
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from tracker import create_app, search  # noqa: E402
from tracker.demo import loader  # noqa: E402
from tracker.extensions import db  # noqa: E402

QUERIES = ["alliance", "export controls", "semiconductor supply chain", "輸出管理", "サイバー",
           "quantum", "space situational awareness", "data governance", "指揮統制",
           "cyber incident", "resilience", "deterrence satellite"]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def seed(size: int) -> None:
    """Migrate, seed the demo data and ``size`` synthetic recommendations (indexed later,
    once, by the timed rebuild)."""
    from sqlalchemy import event

    from tracker.search import hooks

    upgrade()
    loader.seed_demo()
    t0 = time.perf_counter()
    event.remove(db.session, "after_commit", hooks._after_commit)
    try:
        loader.seed_synthetic(size)
    finally:
        event.listen(db.session, "after_commit", hooks._after_commit)
    print(f"[{size}] seeded in {time.perf_counter() - t0:.1f}s")


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bare_whoosh(tmp: Path, repeat: int) -> None:
    """The baseline: plain Whoosh on the same rows (see the module docstring)."""
    from sqlalchemy import select
    from whoosh import fields, index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.qparser import QueryParser

    from tracker.models import Recommendation as R

    folder = tmp / "bare-whoosh"
    folder.mkdir()
    ix = index.create_in(str(folder), fields.Schema(
        id=fields.ID(stored=True, unique=True), reference=fields.ID(),
        content=fields.TEXT(analyzer=StemmingAnalyzer())))
    t0 = time.perf_counter()
    w = ix.writer(limitmb=128)
    rows = db.session.execute(select(R.id, R.reference, R.title_en, R.title_ja, R.text_en, R.text_ja))
    n = 0
    for row in rows:
        w.add_document(id=str(row.id), reference=row.reference,
                       content="\n".join(filter(None, row[2:])))
        n += 1
    w.commit()
    took = time.perf_counter() - t0
    print(f"[baseline] bare Whoosh reindex: {n} documents in {took:.1f}s = {n / took:.0f} docs/s")
    parser = QueryParser("content", ix.schema)
    times = []
    with ix.searcher() as searcher:
        for _ in range(repeat):
            for q in QUERIES:
                t0 = time.perf_counter()
                results = searcher.search(parser.parse(q), limit=25)
                _ids, _total = [hit["id"] for hit in results], len(results)
                times.append((time.perf_counter() - t0) * 1000)
    print(f"[baseline] bare Whoosh ids+total: p50 {pct(times, 50):.1f} ms, p95 {pct(times, 95):.1f} ms")


def run(size: int, repeat: int, data: str | None = None) -> None:
    if data:
        tmp = Path(data) / str(size)
        tmp.mkdir(parents=True, exist_ok=True)
        for old in (tmp / "index", tmp / "bare-whoosh"):
            shutil.rmtree(old, ignore_errors=True)
    else:
        tmp = Path(tempfile.mkdtemp(prefix=f"bench-search-{size}-"))
    fresh = not (tmp / "seeded").exists()
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "SEARCH_INDEX_DIR": str(tmp / "index"), "SEARCH_SYNC_ON_START": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        if fresh:
            seed(size)
            (tmp / "seeded").write_text(str(size))
        else:
            upgrade()  # a database seeded by an older checkout gets this one's migrations
        bare_whoosh(tmp, repeat)
        t0 = time.perf_counter()
        n = search.rebuild()
        took = time.perf_counter() - t0
        print(f"[{size}] reindex: {n} documents in {took:.1f}s = {n / took:.0f} docs/s")
        index = tmp / "index"
        print(f"[{size}] index size: {folder_size(index) / 1e6:.1f} MB")
        search.catch_up(force=True)
        app.config["SEARCH_SYNC_INTERVAL"] = 2.0
        for label, kwargs in (("full page (facets+snippets)", {}),
                              ("ids only", {"facets": False, "snippets": False})):
            times = []
            for _ in range(repeat):
                for q in QUERIES:
                    t0 = time.perf_counter()
                    search.search(q, **kwargs)
                    times.append((time.perf_counter() - t0) * 1000)
                    db.session.remove()
            print(f"[{size}] in-process {label}: p50 {pct(times, 50):.1f} ms, "
                  f"p95 {pct(times, 95):.1f} ms ({len(times)} queries)")
    logging.getLogger("tracker.request").setLevel(logging.WARNING)  # one line per request
    client = app.test_client()
    client.post("/login", data={"email": loader.DEMO_USERS[1][0], "password": loader.DEMO_USERS[1][2]})
    times = []
    for _ in range(repeat):
        for q in QUERIES:
            t0 = time.perf_counter()
            response = client.get("/search", query_string={"q": q}, headers={"HX-Request": "true"})
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
    print(f"[{size}] over HTTP (GET /search partial): p50 {pct(times, 50):.1f} ms, "
          f"p95 {pct(times, 95):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", help="keep the seeded databases in this folder and reuse them")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.repeat, args.data)


if __name__ == "__main__":
    main()
