"""Per-query search latency on a database and index that ``bench_search.py --data DIR``
left behind (no seeding, no rebuild): for each query of ``bench_search.QUERIES`` the
first (cold) time and the p50 of ``--repeat`` further runs, for the full page (facets,
snippets) and ids only, beside the bare-Whoosh baseline of the same folder when
``bare-whoosh`` is there; then p50/p95 over HTTP. ``--profile QUERY`` prints a cProfile
of that query instead. With ``PYTHONPATH=<other checkout>`` it measures that code on the
same index (before/after comparisons under the same machine load).

    nice -n 5 .venv/bin/python bench/search_queries.py --data /tmp/sq-10k/10000
"""

import argparse
import cProfile
import logging
import pstats
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH
sys.path.insert(0, str(Path(__file__).resolve().parent))

# tracker first: PYTHONPATH decides which checkout is measured (bench_search would put
# this one first).
from tracker import create_app, search  # noqa: E402
from tracker.extensions import db  # noqa: E402

CODE = Path(search.__file__).parent.parent.parent
from bench_search import QUERIES, pct  # noqa: E402


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def bare(folder: Path):
    """``{query: p50 ms}`` helper for the bare-Whoosh index in ``folder``, or None."""
    if not (folder / "bare-whoosh").exists():
        return None
    from whoosh import index
    from whoosh.qparser import QueryParser

    ix = index.open_dir(str(folder / "bare-whoosh"))
    parser = QueryParser("content", ix.schema)
    searcher = ix.searcher()

    def run(q):
        results = searcher.search(parser.parse(q), limit=25)
        return [hit["id"] for hit in results], len(results)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True, help="a size folder made by bench_search --data")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", help="profile this query (full page) instead")
    parser.add_argument("--queries", help="comma-separated queries instead of the fixed set")
    args = parser.parse_args()
    folder = Path(args.data)
    queries = args.queries.split(",") if args.queries else QUERIES
    logging.getLogger("tracker").setLevel(logging.WARNING)
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
        "SEARCH_INDEX_DIR": str(folder / "index"), "SEARCH_SYNC_ON_START": False,
        "SEARCH_SYNC_INTERVAL": 2.0, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        search.catch_up(force=True)
        if args.profile:
            search.search(args.profile)
            db.session.remove()
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(args.repeat):
                search.search(args.profile)
                db.session.remove()
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
            pstats.Stats(prof).sort_stats("tottime").print_stats(25)
            return
        base = bare(folder)
        print(f"code: {CODE}")
        print(f"{'query':32} {'cold':>7} {'full':>7} {'ids':>7} {'bare':>7}  (ms; p50 of {args.repeat})")
        totals = {"cold": [], "full": [], "ids": [], "bare": []}
        for q in queries:
            row = {}
            row["cold"] = [timed(lambda: search.search(q))]  # noqa: B023
            db.session.remove()
            for label, kwargs in (("full", {}), ("ids", {"facets": False, "snippets": False})):
                row[label] = []
                for _ in range(args.repeat):
                    row[label].append(timed(lambda: search.search(q, **kwargs)))  # noqa: B023
                    db.session.remove()
            row["bare"] = [timed(lambda: base(q)) for _ in range(args.repeat)] if base else [0.0]  # noqa: B023
            for k, v in row.items():
                totals[k].extend(v)
            print(f"{q:32} " + " ".join(f"{pct(row[k], 50):7.1f}" for k in ("cold", "full", "ids", "bare")))
        print(f"{'ALL p50':32} " + " ".join(f"{pct(totals[k], 50):7.1f}" for k in ("cold", "full", "ids", "bare")))
        print(f"{'ALL p95':32} " + " ".join(f"{pct(totals[k], 95):7.1f}" for k in ("cold", "full", "ids", "bare")))
    from tracker.demo import loader

    logging.getLogger("tracker.request").setLevel(logging.WARNING)
    client = app.test_client()
    client.post("/login", data={"email": loader.DEMO_USERS[1][0], "password": loader.DEMO_USERS[1][2]})
    times = []
    for _ in range(args.repeat):
        for q in queries:
            t0 = time.perf_counter()
            response = client.get("/search", query_string={"q": q}, headers={"HX-Request": "true"})
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
    print(f"over HTTP (GET /search partial): p50 {pct(times, 50):.1f} ms, p95 {pct(times, 95):.1f} ms")


if __name__ == "__main__":
    main()
