"""Benchmark of the partner API against a bare Flask + sqlite3 + json.dumps baseline
(``api_baseline.py``) and, for search, against Datasette with SQLite FTS5
(``datasette_fts.py``), all measured in the same run.

For each size (default 10,000; ``BENCH_API_SIZES=10000,100000`` for more): a fresh SQLite
database with synthetic recommendations, the app and the baseline each under gunicorn with
2 workers on 127.0.0.1, Datasette under gunicorn with 2 uvicorn workers on a copy of the
same database (made in ``.bench-venv``, a venv of the benchmark's own), and ``wrk``
(``-t2 -c8``, ``BENCH_API_SECONDS`` per run, default 5) driven by a Lua script that cycles
through many different addresses, never one hot URL:

- page of 50: every topic × status pair with at least 50 public recommendations
  (``?topic=&status=&per_page=50``; the baseline runs the same queries);
- one record: ``REFERENCES`` public references; measured twice, with the app's body cache
  (``tracker/api/body_cache.py``) as deployed, and bypassed in a second app server so
  that every answer is read from the stored record JSON (``record_bodies``) as after a
  write (the cache's hit rate during each run is counted in the workers and printed);
- search: ``QUERIES`` different 1- and 2-word searches of the synthetic vocabulary
  (``?q=&per_page=50``, sorted by reference), against Datasette's ``?_search=`` of the same
  words (count and the first 50 rows sorted by reference). The totals of both are compared
  once per query before measuring.

Each run starts once every worker has loaded its app, after a 1-second warm-up that is not
counted. The runs are interleaved, ``BENCH_API_ROUNDS`` rounds (default 3) of all of them
in turn, and the best round of each is kept, so that a change in the load of a shared
machine affects an app and its baseline alike. Prints requests/s, p50 and p99 latency,
and the ratio of the app to its baseline.
``BENCH_API_DB=PATH`` copies an already seeded database instead of seeding (large sizes).
"""

import json
import os
import random
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

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
import datasette_fts  # noqa: E402  (it imports the app: the checkout root on the path too)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("BENCH_API_SECONDS", "5"))
SIZES = [int(s) for s in os.environ.get("BENCH_API_SIZES", "10000").split(",")]
# A SQLite database already seeded with `flask demo seed --count N`: copied (and migrated)
# instead of seeding, for large sizes; BENCH_API_SIZES then only labels the run.
SEEDED = os.environ.get("BENCH_API_DB")
REFERENCES, QUERIES, PAGE_MIN_HITS = 500, 300, 50
ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "3"))


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
# In the app's workers it also counts the body cache's hits and misses (written to
# ``<ready dir>/<pid>.json`` every 0.2 s) and, with ``BENCH_BODY_CACHE=off``, bypasses the
# cache (every answer made again from the stored JSON, as for a reference asked for the
# first time since a write).
READY_HOOK = """import json, os, threading, time
def post_worker_init(worker):
    ready = os.environ["BENCH_READY_DIR"]
    if os.environ.get("BENCH_COUNT_CACHE"):
        from tracker.api import body_cache
        counts = {"hits": 0, "misses": 0}
        get = body_cache.get
        off = os.environ.get("BENCH_BODY_CACHE") == "off"
        def counted(key, version):
            entry = None if off else get(key, version)
            counts["misses" if entry is None else "hits"] += 1
            return entry
        body_cache.get = counted
        path = os.path.join(ready, f"{os.getpid()}.json")
        def write():
            while True:
                with open(path + ".tmp", "w") as f:
                    json.dump(counts, f)
                os.replace(path + ".tmp", path)
                time.sleep(0.2)
        threading.Thread(target=write, daemon=True).start()
    open(os.path.join(ready, str(os.getpid())), "w").close()
"""


def prepare_database(env, db_path: Path, n: int, seeded: str | None) -> float:
    """Give ``db_path`` the current schema and ``n`` synthetic recommendations: a copy of
    the database ``seeded`` (with its WAL files) when given, else a fresh ``demo seed``.
    Returns the seconds seeding took."""
    if seeded:
        for suffix in ("", "-wal", "-shm"):
            if Path(seeded + suffix).exists():
                shutil.copy(seeded + suffix, f"{db_path}{suffix}")
    flask(env, "db", "upgrade")
    t0 = time.time()
    if not seeded:
        flask(env, "demo", "seed", "--count", str(n))
    return time.time() - t0


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
        if len([p for p in ready.iterdir() if p.name.isdigit()]) >= 2:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/nothing", timeout=1)
            except urllib.error.HTTPError:
                proc.ready_dir = ready
                return proc
            except OSError:
                pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{app} did not start")


def cache_counts(proc) -> tuple[int, int]:
    """(hits, misses) of the body cache so far, summed over ``proc``'s workers."""
    time.sleep(0.5)  # the workers write their counts every 0.2 s
    hits = misses = 0
    for path in proc.ready_dir.glob("*.json"):
        counts = json.loads(path.read_text())
        hits, misses = hits + counts["hits"], misses + counts["misses"]
    return hits, misses


def get(url: str, headers: dict | None = None) -> bytes:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=300) as response:
        return response.read()


def first_requests(url: str, headers: dict, n: int = 4) -> None:
    """``n`` concurrent requests, each waited for however long it takes, so that both
    workers have answered ``url`` once (a first search builds per-process tables, and
    after a fresh bulk load compares the whole index with the database: seconds that
    wrk's timeout would otherwise count as lost requests)."""
    def fetch():
        try:
            get(url, headers)
        except OSError:
            pass
    threads = [threading.Thread(target=fetch) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


LUA = """
local paths = %s
local i = 0
function init(args) i = math.random(1, #paths) end
function request()
  i = (i %% #paths) + 1
  return wrk.format("GET", paths[i])
end
"""


def wrk(base: str, paths: list[str], headers: dict, tmp: Path, counts=None):
    """requests/s, p50 and p99 (ms) of ``wrk`` cycling through ``paths`` (each connection
    from a random place in the list); with ``counts`` (a gunicorn process of ``serve``),
    also the body cache's hit rate during the measured run."""
    script = tmp / "cycle.lua"
    script.write_text(LUA % ("{" + ",".join(json.dumps(p) for p in paths) + "}"))
    args = ["wrk", "-t2", "-c8", "--latency", "--timeout", "10s", "-s", str(script)]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    first_requests(base + paths[0], headers)
    # A warm-up, not counted: first requests of each worker compile and cache.
    subprocess.run([*args, "-d1s", base], capture_output=True, check=True)
    before = cache_counts(counts) if counts else None
    out = subprocess.run([*args, f"-d{SECONDS}s", base], capture_output=True, text=True,
                         check=True).stdout
    if counts:
        hits, misses = (x - y for x, y in zip(cache_counts(counts), before, strict=True))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{base}: {non2xx.group(1)} error responses")

    def pct(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return (rps, pct(50), pct(99), hits, misses) if counts else (rps, pct(50), pct(99))


def interleaved(runs: dict) -> dict:
    """``ROUNDS`` rounds of every run in turn (so that a change in the machine's load
    affects an app and its baseline alike); for each, the round with the most requests/s
    (body-cache counts: summed over the rounds)."""
    results: dict = {name: [] for name in runs}
    for _ in range(ROUNDS):
        for name, run in runs.items():
            results[name].append(run())
    best = {}
    for name, found in results.items():
        top = max(found, key=lambda r: r[0])
        if len(top) > 3:
            top = (*top[:3], sum(r[3] for r in found), sum(r[4] for r in found))
        best[name] = top
    return best


def addresses(db_path: Path):
    """(topic × status query strings with at least PAGE_MIN_HITS public hits, REFERENCES
    public references, QUERIES different searches)."""
    import sqlite3

    from tracker.demo.loader import WORDS_EN

    conn = sqlite3.connect(db_path)
    public = ("FROM recommendation r JOIN publication p ON p.id = r.publication_id WHERE "
              "r.status != 'draft' AND r.archived_at IS NULL AND p.published_on <= date('now')")
    refs = [ref for (ref,) in conn.execute(f"SELECT r.reference {public} ORDER BY r.id")]
    counts = conn.execute(f"SELECT r.topic_id, r.status, count(*) {public} GROUP BY 1, 2").fetchall()
    topics = conn.execute("SELECT id, parent_id, slug FROM topic_area").fetchall()
    conn.close()
    children: dict = {}
    for tid, parent, _slug in topics:
        children.setdefault(parent, []).append(tid)

    def subtree(tid):
        return [tid, *(d for c in children.get(tid, []) for d in subtree(c))]

    hits: dict = {}
    for tid, status, n in counts:
        hits[(tid, status)] = n
    statuses = sorted({status for _t, status, _n in counts})
    pages = [f"topic={slug}&status={status}&per_page=50" for tid, _parent, slug in topics
             for status in statuses
             if sum(hits.get((d, status), 0) for d in subtree(tid)) >= PAGE_MIN_HITS]
    rng = random.Random(17)
    words = sorted({w.lower() for w in WORDS_EN})
    pairs = [f"{a} {b}" for i, a in enumerate(words) for b in words[i + 1:]]
    queries = words + rng.sample(pairs, QUERIES - len(words))
    return pages, rng.sample(refs, min(REFERENCES, len(refs))), queries


def same_totals(app_base: str, auth: dict, ds_base: str, queries: list[str]) -> int:
    """How many ``queries`` get the same total from the API and from Datasette (once each;
    also warms both up)."""
    same = 0
    for q in queries:
        api = json.loads(get(f"{app_base}{search_path(q)}", auth))["meta"]["total"]
        ds = json.loads(get(ds_base + datasette_fts.search_path(q)))["filtered_table_rows_count"]
        same += api == ds
    return same


def search_path(q: str) -> str:
    return f"/api/v1/recommendations?q={q.replace(' ', '+')}&per_page=50"


def line(label: str, figures) -> None:
    print(f"{label:44}{figures[0]:9.0f}{figures[1]:9.1f}{figures[2]:9.1f}", flush=True)


def ratio(label: str, a, b) -> None:
    print(f"{'  ratio ' + label:44}{a[0] / b[0]:9.2f}", flush=True)


def run_size(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    db_path = tmp / "bench.sqlite3"
    env = {**os.environ, "TRACKER_INSTANCE_DIR": str(tmp), "DATABASE_URL": f"sqlite:///{db_path}",
           "API_RATE_LIMIT": "100000000 per minute", "BASELINE_DB": str(db_path),
           "PYTHONPATH": str(ROOT), "REQUEST_LOG": "0",
           # The seed does not index: the index is built once below (as a running site
           # keeps it), so no worker indexes every synthetic record during a run.
           "SEARCH_SYNC_ON_START": "0"}
    procs = []
    try:
        t0 = time.time()
        seeded = prepare_database(env, db_path, n, SEEDED)
        flask(env, "search", "reindex")  # the API's q filter asks the search index
        datasette_db = tmp / "fts.sqlite3"
        public = datasette_fts.build(db_path, datasette_db)
        pages, refs, queries = addresses(db_path)
        print(f"-- {n:,} recommendations, {public:,} public (seeded in {seeded:.0f} s, indexed "
              f"and copied for Datasette in {time.time() - t0 - seeded:.0f} s); {len(pages)} "
              f"topic x status pages, {len(refs)} references, {len(queries)} searches; gunicorn "
              f"-w 2, wrk -t2 -c8, {SECONDS} s per run, best of {ROUNDS} interleaved rounds", flush=True)
        token = flask(env, "tokens", "create", "--partner", "bench").strip().splitlines()[-1]
        auth = {"Authorization": f"Bearer {token}"}
        ports = [free_port() for _ in range(4)]
        counted = {**env, "BENCH_COUNT_CACHE": "1"}
        app = serve("wsgi:app", ports[0], counted, ROOT, tmp)
        built = serve("wsgi:app", ports[1], {**counted, "BENCH_BODY_CACHE": "off"}, ROOT, tmp)
        procs += [app, built, serve("api_baseline:app", ports[2], env, ROOT / "bench", tmp)]
        procs.append(datasette_fts.serve(datasette_db, ports[3], tmp))
        app_base, built_base, base_base, ds_base = (f"http://127.0.0.1:{p}" for p in ports)
        same = same_totals(app_base, auth, ds_base, queries)
        print(f"search totals equal to Datasette's for {same} of {len(queries)} queries")
        print(f"{'':44}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")

        one = [f"/api/v1/recommendations/{r}" for r in refs]
        runs = interleaved({
            "page": lambda: wrk(app_base, [f"/api/v1/recommendations?{p}" for p in pages], auth, tmp),
            "base page": lambda: wrk(base_base, [f"/recommendations?{p}" for p in pages], {}, tmp),
            "base one": lambda: wrk(base_base, [f"/recommendations/{r}" for r in refs], {}, tmp),
            "one cached": lambda: wrk(app_base, one, auth, tmp, app),
            "one built": lambda: wrk(built_base, one, auth, tmp, built),
            "search": lambda: wrk(app_base, [search_path(q) for q in queries], auth, tmp),
            "datasette": lambda: wrk(ds_base, [datasette_fts.search_path(q) for q in queries], {}, tmp),
        })
        line("API page of 50 (topic x status)", runs["page"])
        line("baseline page of 50", runs["base page"])
        ratio("page of 50 API/baseline", runs["page"], runs["base page"])
        for key, label in (("one cached", "body cache on"), ("one built", "body cache off")):
            *figures, hits, misses = runs[key]
            line(f"API one record ({label}; {hits / max(1, hits + misses):.0%} hits)", figures)
            ratio(f"one record ({label}) API/baseline", figures, runs["base one"])
        line("baseline one record", runs["base one"])
        line("API search", runs["search"])
        line("Datasette FTS5 search", runs["datasette"])
        ratio("search API/Datasette", runs["search"], runs["datasette"])
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
