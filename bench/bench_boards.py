"""Boards benchmark: p50 render time of the overview, the column board and the trend chart
(full pages through the test client, logged in as leadership) at 10,000 and 100,000
synthetic recommendations with their histories (``tracker.demo.loader.seed_synthetic``).

Targets (issue 5): overview and column board <= 50 ms at 10k and <= 250 ms at 100k; trend
chart <= 500 ms at 100k. Run: ``.venv/bin/python bench/bench_boards.py [sizes...]``.
Uses a throwaway SQLite database (or DATABASE_URL's database, which it empties).
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import make_test_app  # noqa: E402
from tracker.demo.loader import seed_synthetic  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.models import User, UserSession, hash_token  # noqa: E402

PAGES = {
    "overview": "/boards/",
    "column board": "/boards/column",
    "trend chart": "/boards/trend",
    "overview as of 2024-06-30": "/boards/?as_of=2024-06-30",
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


def main(sizes: list[int]) -> None:
    app = make_test_app(Path(tempfile.mkdtemp(prefix="bench-boards-")),
                        PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    client = app.test_client()
    have = 0
    print(f"{'recommendations':>15}  " + "  ".join(f"{name:>26}" for name in PAGES))
    for size in sizes:
        with app.app_context():
            start = time.perf_counter()
            seed_synthetic(size - have)
            seeded = time.perf_counter() - start
            have = size
            user_id = db.session.execute(
                db.select(User.id).where(User.role == "leadership")).scalar_one()
            # A server-side session, as the login form would open (tracker/auth.py).
            db.session.add(UserSession(id_hash=hash_token(SESSION_ID), user_id=user_id,
                                       address="127.0.0.1"))
            db.session.commit()
        with client.session_transaction() as session:
            session.update({"_user_id": str(user_id), "_fresh": True, "_sid": SESSION_ID,
                            "_seen": int(time.time()) + 86_400})
        results = {name: p50(client, url) for name, url in PAGES.items()}
        print(f"{size:>15}  " + "  ".join(f"{results[n]:>23.1f} ms" for n in PAGES)
              + f"   (seeded in {seeded:.0f} s)", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
