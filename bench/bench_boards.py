"""Boards benchmark: p50 render time of the overview, the column board and the trend chart
(full pages through the test client, logged in as leadership) at 10,000 and 100,000
synthetic recommendations with their histories (``tracker.demo.loader.seed_synthetic``).

Targets (issue 5): overview and column board <= 50 ms at 10k and <= 250 ms at 100k; trend
chart <= 500 ms at 100k. Run: ``.venv/bin/python bench/bench_boards.py [sizes...]``.
Uses a throwaway SQLite database (or DATABASE_URL's database, which it empties).

Seeding 100k takes minutes; ``--db PATH`` measures a copy of an already seeded SQLite
database instead (migrated to this checkout's head first; the original is not touched).
``--baseline DIR`` then measures the same copy with the code of another checkout (e.g. the
main branch, with its own ``.venv``) in the same run, and prints the ratios.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if "--code" in sys.argv:  # measure another checkout's code (see --baseline)
    sys.path.insert(0, sys.argv[sys.argv.index("--code") + 1])
else:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import make_test_app  # noqa: E402
from tracker.demo.loader import seed_synthetic  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.models import User, UserSession, hash_token  # noqa: E402

PAGES = {
    "summary": "/boards/summary",
    "board pack": "/boards/pack",
    "overview": "/boards/",
    "column board": "/boards/column",
    "trend chart": "/boards/trend",
    "overview as of 2024-06-30": "/boards/?as_of=2024-06-30",
    "overview, one addressee": "/boards/?addressee=us_government",
}
RUNS = 7
SESSION_ID = "bench-session"


def p50(client, url: str) -> float:
    client.get(url)  # warm caches (templates, SQLite pages)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def _log_in(app, client) -> None:
    with app.app_context():
        user_id = db.session.execute(
            db.select(User.id).where(User.role == "leadership").order_by(User.id)
        ).scalars().first()
        # A server-side session, as the login form would open (tracker/web/auth/routes.py).
        db.session.add(UserSession(id_hash=hash_token(SESSION_ID), user_id=user_id,
                                   address="127.0.0.1"))
        db.session.commit()
    with client.session_transaction() as session:
        session.update({"_user_id": str(user_id), "_fresh": True, "_sid": SESSION_ID,
                        "_seen": int(time.time()) + 86_400})


def _header() -> None:
    print(f"{'recommendations':>15}  " + "  ".join(f"{name:>26}" for name in PAGES))


def _line(label, results: dict, note: str = "") -> None:
    print(f"{label:>15}  " + "  ".join(f"{results[n]:>23.1f} ms" for n in PAGES) + note,
          flush=True)


def main(sizes: list[int]) -> None:
    app = make_test_app(Path(tempfile.mkdtemp(prefix="bench-boards-")),
                        PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    client = app.test_client()
    have = 0
    _header()
    for size in sizes:
        with app.app_context():
            start = time.perf_counter()
            seed_synthetic(size - have)
            seeded = time.perf_counter() - start
            have = size
        _log_in(app, client)
        results = {name: p50(client, url) for name, url in PAGES.items()}
        _line(size, results, f"   (seeded in {seeded:.0f} s)")


def measure_copy(db_path: Path) -> dict:
    """p50 of each page on a migrated copy of the SQLite database at ``db_path``."""
    work = Path(tempfile.mkdtemp(prefix="bench-boards-"))
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            shutil.copy(source, work / f"test.sqlite3{suffix}")
    app = make_test_app(work, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")  # upgrades it
    client = app.test_client()
    _log_in(app, client)
    with app.app_context():
        from tracker.models import Recommendation

        count = db.session.execute(db.select(db.func.count(Recommendation.id))).scalar_one()
    results = {name: p50(client, url) for name, url in PAGES.items()}
    shutil.rmtree(work, ignore_errors=True)
    return {"count": count, "results": results}


def main_copy(db_path: Path, baseline: Path | None, rounds: int) -> None:
    here = Path(__file__).resolve()
    runs = {"baseline": [], "this branch": []}
    for _ in range(rounds):  # alternate, so both see the same machine load
        if baseline:
            out = subprocess.run(
                [str(baseline / ".venv/bin/python"), str(here), "--db", str(db_path),
                 "--code", str(baseline), "--json"],
                check=True, capture_output=True, text=True, cwd=baseline).stdout
            runs["baseline"].append(json.loads(out.strip().splitlines()[-1]))
        runs["this branch"].append(measure_copy(db_path))
    print(f"copy of {db_path}, {runs['this branch'][0]['count']} recommendations, "
          f"p50 of {RUNS} requests per page, {rounds} round(s)")
    _header()
    best = {}
    for label, results in runs.items():
        if not results:
            continue
        best[label] = {n: min(r["results"][n] for r in results) for n in PAGES}
        for r in results:
            _line(label[:15], r["results"])
    if len(best) == 2:
        print(f"{'ratio':>15}  " + "  ".join(
            f"{best['this branch'][n] / best['baseline'][n]:>26.2f}" for n in PAGES)
            + "   (this branch / baseline, best round each)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--db", type=Path, help="a seeded SQLite database to copy")
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.db and args.json:
        print(json.dumps(measure_copy(args.db)))
    elif args.db:
        main_copy(args.db.resolve(), args.baseline.resolve() if args.baseline else None,
                  args.rounds)
    else:
        main(args.sizes or [10_000, 100_000])
