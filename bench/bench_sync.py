"""Benchmark of a partner's mirror: ``/api/v1/sync`` walked from an empty cursor, and
``/api/v1/snapshot``, at 10,000 recommendations (``BENCH_SYNC_SIZES=10000,100000``).

For each size: a fresh SQLite database seeded with synthetic recommendations (``demo seed
--count``, as ``bench_api.py``; ``BENCH_API_DB=PATH`` copies a seeded one instead), the app
under gunicorn with 2 workers, and one client on one keep-alive connection that walks the
whole log (``limit=500``, the default page) and then reads the snapshot (plain and gzip).
Prints events/s and records/s (best of ``BENCH_SYNC_REPEAT`` walks, default 3). Target
(issue 17): at least 2,000 events/s to one client at 10k.
"""

import gzip
import http.client
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import ROOT, SEEDED, flask, free_port, prepare_database, serve  # noqa: E402

SIZES = [int(s) for s in os.environ.get("BENCH_SYNC_SIZES", "10000").split(",")]
REPEAT = int(os.environ.get("BENCH_SYNC_REPEAT", "3"))


def get(conn: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, dict, bytes]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def walk(port: int, auth: dict, limit: int = 500) -> tuple[int, float, int]:
    """The whole log from an empty cursor: (events, seconds, calls)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    cursor, events, calls = "", 0, 0
    t0 = time.perf_counter()
    while True:
        status, _headers, body = get(conn, f"/api/v1/sync?cursor={cursor}&limit={limit}", auth)
        if status != 200:
            raise RuntimeError(f"/sync answered {status}: {body[:200]!r}")
        page = json.loads(body)
        events += len(page["data"])
        calls += 1
        cursor = page["meta"]["next_cursor"]
        if not page["meta"]["has_more"]:
            break
    seconds = time.perf_counter() - t0
    conn.close()
    return events, seconds, calls


def snapshot(port: int, auth: dict, encoding: str) -> tuple[int, float, int]:
    """The snapshot: (records, seconds, bytes on the wire)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    t0 = time.perf_counter()
    status, headers, body = get(conn, "/api/v1/snapshot", {**auth, "Accept-Encoding": encoding})
    seconds = time.perf_counter() - t0
    conn.close()
    if status != 200:
        raise RuntimeError(f"/snapshot answered {status}")
    text = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
    lines = text.decode().splitlines()
    assert json.loads(lines[-1]) == {"next_cursor": headers["Sync-Cursor"]}
    return len(lines) - 1, seconds, len(body)


def run_size(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    db_path = tmp / "bench.sqlite3"
    env = {**os.environ, "TRACKER_INSTANCE_DIR": str(tmp), "DATABASE_URL": f"sqlite:///{db_path}",
           "API_RATE_LIMIT": "100000000 per minute", "PYTHONPATH": str(ROOT),
           "SEARCH_SYNC_ON_START": "0"}
    proc = None
    try:
        seconds = prepare_database(env, db_path, n, SEEDED)
        print(f"-- {n:,} recommendations (seeded in {seconds:.0f} s)")
        token = flask(env, "tokens", "create", "--partner", "bench").strip().splitlines()[-1]
        auth = {"Authorization": f"Bearer {token}"}
        port = free_port()
        proc = serve("wsgi:app", port, env, ROOT, tmp)
        walk(port, auth, limit=50)  # warm-up (both workers, not counted)
        best = min((walk(port, auth) for _ in range(REPEAT)), key=lambda r: r[1])
        events, seconds, calls = best
        print(f"/sync walk, limit=500       {events:8,} events in {calls} calls, {seconds:6.2f} s: "
              f"{events / seconds:8,.0f} events/s")
        for encoding in ("identity", "gzip"):
            records, seconds, size = min((snapshot(port, auth, encoding) for _ in range(REPEAT)),
                                         key=lambda r: r[1])
            print(f"/snapshot ({encoding:8})      {records:8,} records, {size / 1e6:5.1f} MB, "
                  f"{seconds:6.2f} s: {records / seconds:8,.0f} records/s")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    for size in SIZES:
        run_size(size)
