"""Benchmark of the partner API against a bare Flask + sqlite3 + json.dumps baseline.

For each size (default 10,000; ``BENCH_API_SIZES=10000,100000`` for more): a fresh SQLite
database with synthetic recommendations, the app and the baseline each under gunicorn with
2 workers on 127.0.0.1, and ``wrk`` (bounded: ``BENCH_API_SECONDS`` per run, default 5) on:
a page of 50 filtered by topic and status, one recommendation, a 2-word search (the
search index is built before the servers start). Each run starts once both workers have
loaded their app and have answered the URL once, after a 1-second warm-up that is not
counted. Prints requests/s, p50 and p99 latency, and the app/baseline throughput ratio.
``BENCH_API_DB=PATH`` copies an already seeded database instead of seeding (large sizes).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("BENCH_API_SECONDS", "5"))
SIZES = [int(s) for s in os.environ.get("BENCH_API_SIZES", "10000").split(",")]
# A SQLite database already seeded with `flask demo seed --count N`: copied (and migrated)
# instead of seeding, for large sizes; BENCH_API_SIZES then only labels the run.
SEEDED = os.environ.get("BENCH_API_DB")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(env, *args) -> str:
    out = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    return out.stdout


# Each worker marks itself ready once it has loaded the app: wrk must not start while a
# worker is still importing (on a busy machine that takes seconds, a large part of a run).
READY_HOOK = """import os
def post_worker_init(worker):
    open(os.path.join(os.environ["BENCH_READY_DIR"], str(os.getpid())), "w").close()
"""


def serve(app: str, port: int, env, chdir: Path, tmp: Path) -> subprocess.Popen:
    ready = tmp / f"ready-{port}"
    ready.mkdir()
    (tmp / "gunicorn_ready.py").write_text(READY_HOOK)
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "--no-control-socket", "-b", f"127.0.0.1:{port}",
         "--chdir", str(chdir), "--log-level", "warning", "-c", str(tmp / "gunicorn_ready.py"), app],
        env={**env, "BENCH_READY_DIR": str(ready)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        if len(list(ready.iterdir())) >= 2:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/nothing", timeout=1)
            except urllib.error.HTTPError:
                return proc
            except OSError:
                pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{app} did not start")


def first_requests(url: str, headers: dict, n: int = 4) -> None:
    """``n`` concurrent requests, each waited for however long it takes, so that both
    workers have answered ``url`` once (a first search builds per-process tables, and
    after a fresh bulk load compares the whole index with the database: seconds that
    wrk's timeout would otherwise count as lost requests)."""
    def get():
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=300).read()
        except OSError:
            pass
    threads = [threading.Thread(target=get) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def wrk(url: str, headers: dict) -> tuple[float, float, float]:
    args = ["wrk", "-t2", "-c8", "--latency", "--timeout", "5s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    # A warm-up, not counted: first requests of each worker compile and cache.
    first_requests(url, headers)
    subprocess.run([*args, "-d1s", url], capture_output=True, check=True)
    args.append(f"-d{SECONDS}s")
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} error responses")

    def pct(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return rps, pct(50), pct(99)


def run_size(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    db_path = tmp / "bench.sqlite3"
    env = {**os.environ, "TRACKER_INSTANCE_DIR": str(tmp), "DATABASE_URL": f"sqlite:///{db_path}",
           "API_RATE_LIMIT": "100000000 per minute", "BASELINE_DB": str(db_path),
           "PYTHONPATH": str(ROOT),
           # The seed does not index: the index is built once below (as a running site
           # keeps it), so no worker indexes every synthetic record during a run.
           "SEARCH_SYNC_ON_START": "0"}
    procs = []
    try:
        if SEEDED:
            for suffix in ("", "-wal", "-shm"):
                if Path(SEEDED + suffix).exists():
                    shutil.copy(SEEDED + suffix, f"{db_path}{suffix}")
        flask(env, "db", "upgrade")
        t0 = time.time()
        if not SEEDED:
            flask(env, "demo", "seed", "--count", str(n))
        seeded = time.time() - t0
        flask(env, "search", "reindex")  # the API's q filter asks the search index
        print(f"-- {n:,} recommendations (seeded in {seeded:.0f} s, indexed in "
              f"{time.time() - t0 - seeded:.0f} s)")
        token = flask(env, "tokens", "create", "--partner", "bench").strip().splitlines()[-1]
        import sqlite3

        conn = sqlite3.connect(db_path)
        reference = conn.execute(
            "SELECT r.reference FROM recommendation r JOIN publication p ON p.id = r.publication_id "
            "WHERE r.status != 'draft' AND p.published_on <= date('now') ORDER BY r.id LIMIT 1 OFFSET 7"
        ).fetchone()[0]
        topic = conn.execute("SELECT slug FROM topic_area WHERE parent_id IS NULL AND id IN "
                             "(SELECT parent_id FROM topic_area) LIMIT 1").fetchone()[0]
        conn.close()
        app_port, base_port = free_port(), free_port()
        procs.append(serve("wsgi:app", app_port, env, ROOT, tmp))
        procs.append(serve("api_baseline:app", base_port, env, ROOT / "bench", tmp))
        page = f"?topic={topic}&status=proposed,under_consideration,in_progress&per_page=50"
        cases = [
            ("page of 50 (topic+status)", f"/api/v1/recommendations{page}", f"/recommendations{page}"),
            ("one recommendation", f"/api/v1/recommendations/{reference}", f"/recommendations/{reference}"),
            ("2-word search", "/api/v1/recommendations?q=alliance+security&per_page=50", None),
        ]
        auth = {"Authorization": f"Bearer {token}"}
        print(f"{'':28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
        for label, app_path, base_path in cases:
            a = wrk(f"http://127.0.0.1:{app_port}{app_path}", auth)
            print(f"{'API ' + label:28}{a[0]:9.0f}{a[1]:9.1f}{a[2]:9.1f}")
            if base_path:
                b = wrk(f"http://127.0.0.1:{base_port}{base_path}", {})
                print(f"{'baseline ' + label:28}{b[0]:9.0f}{b[1]:9.1f}{b[2]:9.1f}")
                print(f"{'  ratio API/baseline':28}{a[0] / b[0]:9.2f}")
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    for size in SIZES:
        run_size(size)
