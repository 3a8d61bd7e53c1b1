"""Per-government tracks benchmark (issue 16): the overview board and the API page of 50 at
10,000 recommendations, for this checkout and for the code before tracks, in the same run.

Each side runs in its own subprocess with its own code and its own throwaway SQLite
database, seeded by its own synthetic loader (``tracker.demo.loader.seed_synthetic``, what
``flask demo seed --count`` runs): this checkout's gives every recommendation a US and a
Japan track (two histories), the baseline's is the data as it was. The baseline code is a
temporary ``git worktree`` of ``BASELINE`` (default c9391d7, the last commit before
tracks), removed afterwards. Measured, through the test client (full requests, logged in
as leadership; the API with a partner token):

- ``overview, first request``: the first ``/boards/`` after seeding (nothing cached);
- ``overview``: p50 of ``/boards/`` (today's overview; the per-government aggregates are
  kept per data version, ``services.boards.board_tracks.cached``);
- ``overview, as of``: p50 of ``/boards/?as_of=<a year ago>``;
- ``API page of 50``: p50 over many different URLs of
  ``/api/v1/recommendations?per_page=50&topic=..&status=..&page=..`` (each URL once per
  round, so no response is served from a cache twice in a row).

Target: this checkout <= 1.25x the baseline. Run: ``.venv/bin/python bench/bench_tracks.py
[size]`` (``BENCH_TRACKS_BASELINE=<commit>`` to compare with another commit).
"""

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
BASELINE = os.environ.get("BENCH_TRACKS_BASELINE", "c9391d7")
RUNS = 9
API_URLS = 60
STATUS_SETS = ("proposed", "in_progress", "implemented", "proposed,under_consideration,in_progress",
               "under_consideration", "not_adopted,superseded")


def measure(code: Path, size: int) -> dict:
    """Seed ``size`` recommendations with ``code``'s loader and time its pages (run in a
    subprocess whose import path starts with ``code``)."""
    sys.path.insert(0, str(code))
    from tests.conftest import make_test_app
    from tracker.demo.loader import seed_synthetic
    from tracker.extensions import db
    from tracker.models import TopicArea, User, UserSession, hash_token

    work = Path(tempfile.mkdtemp(prefix="bench-tracks-"))
    try:
        app = make_test_app(work, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
                            API_RATE_LIMIT="100000000 per minute")
        with app.app_context():
            start = time.perf_counter()
            seed_synthetic(size)
            seeded = time.perf_counter() - start
            topics = db.session.execute(db.select(TopicArea.slug).order_by(TopicArea.id)).scalars().all()
        result = app.test_cli_runner().invoke(args=["tokens", "create", "--partner", "bench"])
        token = result.output.strip().splitlines()[-1]
        client = app.test_client()
        with app.app_context():  # a server-side session, as the login form opens
            user_id = db.session.execute(db.select(User.id).where(User.role == "leadership")
                                         .order_by(User.id)).scalars().first()
            db.session.add(UserSession(id_hash=hash_token("bench"), user_id=user_id,
                                       address="127.0.0.1"))
            db.session.commit()
        with client.session_transaction() as session:
            session.update({"_user_id": str(user_id), "_fresh": True, "_sid": "bench",
                            "_seen": int(time.time()) + 86_400})
        as_of = (date.today() - timedelta(days=365)).isoformat()
        pages = {"overview": "/boards/", "overview, as of": f"/boards/?as_of={as_of}"}
        start = time.perf_counter()
        assert client.get("/boards/").status_code == 200
        out = {"overview, first request": (time.perf_counter() - start) * 1000}
        out.update({name: _p50(client, [url]) for name, url in pages.items()})
        urls = [f"/api/v1/recommendations?per_page=50&topic={t}&status={s}&page={p}"
                for (t, s), p in zip(itertools.product(topics, STATUS_SETS), itertools.cycle((1, 2)))]
        urls = urls[:API_URLS]
        auth = {"Authorization": f"Bearer {token}"}
        out["API page of 50"] = _p50(client, urls, auth, rounds=3)
        return {"results": out, "seeded": seeded, "api_urls": len(urls)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _p50(client, urls: list[str], headers=None, rounds: int = RUNS) -> float:
    for url in urls:  # warm up: templates, SQLite pages
        assert client.get(url, headers=headers).status_code == 200, url
    times = []
    for _ in range(rounds):
        for url in urls:
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def _side(code: Path, size: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")}
    out = subprocess.run(
        [sys.executable, str(HERE), "--measure", str(code), "--size", str(size)],
        check=True, capture_output=True, text=True, cwd=code, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(size: int) -> None:
    base_dir = Path(tempfile.mkdtemp(prefix="bench-tracks-baseline-")) / "code"
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(base_dir), BASELINE],
                   cwd=ROOT, check=True)
    try:
        baseline = _side(base_dir, size)
        current = _side(ROOT, size)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base_dir)], cwd=ROOT,
                       check=False)
        shutil.rmtree(base_dir.parent, ignore_errors=True)
    names = list(current["results"])
    print(f"{size:,} recommendations; p50 ms (overview: {RUNS} requests; API: "
          f"{current['api_urls']} different URLs x 3)")
    print(f"{'':28}" + "".join(f"{n:>18}" for n in names))
    for label, run in ((f"before tracks ({BASELINE})", baseline), ("tracks (this checkout)", current)):
        print(f"{label:28}" + "".join(f"{run['results'][n]:>18.1f}" for n in names)
              + f"   (seeded in {run['seeded']:.0f} s)")
    ratios = {n: current["results"][n] / baseline["results"][n] for n in names}
    print(f"{'ratio (target <= 1.25)':28}" + "".join(f"{ratios[n]:>18.2f}" for n in names))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("size", nargs="?", type=int, default=10_000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, dest="measure_size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.measure_size)))
    else:
        main(args.size)
