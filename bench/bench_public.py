"""Benchmark of the public pages (issue 19) at 10,000 synthetic recommendations (not a test).

A fresh SQLite database seeded with ``flask demo seed --count N`` (``tracker.demo.loader.
seed_synthetic``; ``BENCH_PUBLIC_SIZE``, default 10000), the search index built, the app
under gunicorn with 2 workers on 127.0.0.1, and ``wrk`` (``-t2 -c8``, ``BENCH_PUBLIC_SECONDS``
per run, default 5) driven by a Lua script that cycles through many different addresses:

- list: ``/public/`` and ``/ja/public/`` with combinations of status, line of effort,
  government, year, words and pages (``LIST_URLS`` addresses);
- detail: ``/public/recommendations/<ref>`` and ``/ja/public/...`` for ``DETAIL_REFS``
  public references.

Each set runs twice: plain GETs (every answer rendered), then with ``If-None-Match`` holding
the ETag each address answered before (what a browser or a CDN revalidating does: 304, no
rendering). Prints requests/s, p50 and p99 latency. ``BENCH_PUBLIC_DB=PATH`` copies an
already seeded database instead of seeding.
"""

import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import first_requests, flask, free_port, prepare_database, serve  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_PUBLIC_SECONDS", "5"))
SIZE = int(os.environ.get("BENCH_PUBLIC_SIZE", "10000"))
SEEDED = os.environ.get("BENCH_PUBLIC_DB")
DETAIL_REFS = 400
LIST_URLS = 400

LUA = """
local paths = %s
local etags = %s
local i = 0
function setup(thread) end
function init(args) i = math.random(1, #paths) end
function request()
  i = (i %% #paths) + 1
  local headers = {}
  if #etags > 0 then headers["If-None-Match"] = etags[i] end
  return wrk.format("GET", paths[i], headers)
end
"""


def _lua_list(values) -> str:
    return "{" + ",".join(json.dumps(v) for v in values) + "}"


def etag_of(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=120) as response:
        response.read()
        return response.headers["ETag"]


def wrk(base: str, paths: list[str], etags: list[str], tmp: Path) -> tuple[float, float, float, int]:
    script = tmp / "cycle.lua"
    script.write_text(LUA % (_lua_list(paths), _lua_list(etags)))
    args = ["wrk", "-t2", "-c8", "--latency", "--timeout", "10s", "-s", str(script)]
    first_requests(base + paths[0], {})
    subprocess.run([*args, "-d1s", base], capture_output=True, check=True)  # warm-up
    out = subprocess.run([*args, f"-d{SECONDS}s", base], capture_output=True, text=True,
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def pct(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return rps, pct(50), pct(99), int(bad.group(1)) if bad else 0


def addresses(db_path: Path) -> tuple[list[str], list[str]]:
    conn = sqlite3.connect(db_path)
    refs = [r for (r,) in conn.execute(
        "SELECT r.reference FROM recommendation r JOIN publication p ON p.id = r.publication_id "
        "WHERE r.status != 'draft' AND r.archived_at IS NULL AND p.published_on <= date('now') "
        "ORDER BY r.id")]
    lines = [s for (s,) in conn.execute("SELECT slug FROM line_of_effort")]
    years = sorted({int(d[:4]) for (d,) in conn.execute(
        "SELECT published_on FROM publication WHERE published_on IS NOT NULL")})
    conn.close()
    rng = random.Random(19)
    details = [f"{prefix}/recommendations/{ref}" for ref in rng.sample(refs, min(DETAIL_REFS // 2, len(refs)))
               for prefix in ("/public", "/ja/public")]
    statuses = ["", "proposed", "under_consideration", "in_progress", "implemented"]
    addressees = ["", "us_government", "government_of_japan", "private_sector"]
    words = ["", "alliance", "security", "supply chain"]
    combos = list(itertools.product(statuses, ["", *lines], addressees, ["", *map(str, years)], words))
    rng.shuffle(combos)
    lists = []
    for status, line, addressee, year, q in combos[:LIST_URLS // 2]:
        query = "&".join(f"{k}={v.replace(' ', '+')}" for k, v in (
            ("status", status), ("line", line), ("addressee", addressee), ("year", year), ("q", q),
            ("page", str(rng.choice([1, 1, 2, 3])))) if v)
        lists += [f"/public/?{query}", f"/ja/public/?{query}"]
    return lists, details


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    tmp = Path(tempfile.mkdtemp(prefix="bench-public-"))
    db_path = tmp / "bench.sqlite3"
    env = {**os.environ, "TRACKER_INSTANCE_DIR": str(tmp), "DATABASE_URL": f"sqlite:///{db_path}",
           "PYTHONPATH": str(ROOT), "SEARCH_SYNC_ON_START": "0", "PUBLIC_SITE": "1",
           "REQUEST_LOG": "0"}
    proc = None
    try:
        t0 = time.time()
        prepare_database(env, db_path, SIZE, SEEDED)
        flask(env, "search", "reindex")
        lists, details = addresses(db_path)
        print(f"-- {SIZE:,} recommendations (seeded and indexed in {time.time() - t0:.0f} s); "
              f"{len(lists)} list addresses, {len(details)} detail addresses; gunicorn -w 2, "
              f"wrk -t2 -c8, {SECONDS} s per run")
        port = free_port()
        proc = serve("wsgi:app", port, env, ROOT, tmp)
        base = f"http://127.0.0.1:{port}"
        print(f"{'':34}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for label, paths in (("list", lists), ("detail", details)):
            rps, p50, p99, bad = wrk(base, paths, [], tmp)
            print(f"{label + ' (rendered, no ETag)':34}{rps:9.0f}{p50:9.1f}{p99:9.1f}{bad:8d}")
            etags = [etag_of(base, p) for p in paths]
            rps, p50, p99, bad = wrk(base, paths, etags, tmp)
            print(f"{label + ' (If-None-Match: 304)':34}{rps:9.0f}{p50:9.1f}{p99:9.1f}{bad:8d}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
