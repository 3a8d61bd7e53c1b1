"""Faults against the running app under gunicorn on 127.0.0.1 (issue 9, item 8).

- Workers killed with SIGKILL while clients write: no partial record (every
  recommendation has its addressees and history, derived status = history), every
  accepted write kept, and the index catches up with what was committed before a kill.
- PostgreSQL unreachable (a TCP proxy between gunicorn and the server is cut): a clear 503
  page, 503 JSON for the API and /healthz; the app recovers by itself when it is back.
- Search index folder deleted, or impossible to write: writes succeed, the search page
  shows "Search index catching up", and search catches up once it can.
- Garbage written into the index files: detected and rebuilt without anyone running a
  command; searches keep finding everything.

Loops are bounded in count and time. Figures are printed (``pytest -s``).
"""

import json
import os
import random
import shutil
import threading
import time
import uuid

import pytest

from tests.support.live_gunicorn import Browser, LiveDeployment, TcpProxy
from tests.support.soak import STEPS, Ledger

pytestmark = pytest.mark.slow
KILLS = int(os.environ.get("FAULT_KILLS", "6"))


def _write_loop(server, seed, n, deadline, ledger, unknown) -> None:
    """Like the soak client, but a request cut off by a kill is counted, not fatal: its
    outcome is unknown, so its recommendation leaves the ledger's ``last`` check."""
    rng = random.Random(n)
    browser = Browser(server)
    for _attempt in range(20):
        try:
            browser.login(seed["emails"][n % len(seed["emails"])], seed["password"])
            break
        except (OSError, AssertionError):
            time.sleep(0.2)
    mine, i = [], 0
    while time.monotonic() < deadline:
        i += 1
        open_ = [m for m in mine if m[1] < len(STEPS) - 1]
        try:
            if not open_ or i % 3 == 1:
                key = uuid.uuid4().hex
                status, headers, _ = browser.post_form("/recommendations/new", {
                    "title_en": f"Fault {n}-{i} semiconductor supply", "addressees": "us_government",
                    "topic": seed["topic"], "publication": seed["publication"],
                    "first_status": "proposed", "first_effective_on": "2024-01-01",
                    "first_note": "Published.", "submission_key": key})
                with ledger.lock:
                    ledger.answers[f"create {status}"] += 1
                if status == 302 and "/recommendations/" in headers.get("Location", ""):
                    ref = headers["Location"].rsplit("/", 1)[-1]
                    with ledger.lock:
                        ledger.created.append(ref)
                        ledger.last[ref] = "proposed"
                    mine.append([ref, 0])
            else:
                item = rng.choice(open_)
                step = item[1] + 1
                try:
                    status, _h, _ = browser.post_form(f"/recommendations/{item[0]}/status", {
                        "to_status": STEPS[step], "effective_on": f"2024-{step + 1:02d}-01",
                        "public_note": "Moved."})
                except OSError:
                    mine.remove(item)
                    with ledger.lock:
                        ledger.last.pop(item[0], None)
                    raise
                with ledger.lock:
                    ledger.answers[f"status {status}"] += 1
                    if status == 302:
                        ledger.changes.append([item[0], STEPS[step], f"2024-{step + 1:02d}-01"])
                        ledger.last[item[0]] = STEPS[step]
                        item[1] = step
        except OSError:
            with ledger.lock:
                unknown.append(n)
            time.sleep(0.05)


def test_sigkill_mid_write_leaves_no_partial_record(tmp_path):
    deployment = LiveDeployment(tmp_path)
    ledger, unknown, kills = Ledger(), [], []
    try:
        server = deployment.start(workers=4)
        deadline = time.monotonic() + max(8.0, KILLS * 1.2)
        threads = [threading.Thread(target=_write_loop,
                                    args=(server, deployment.seed, n, deadline, ledger, unknown))
                   for n in range(8)]
        for t in threads:
            t.start()
        rng = random.Random(9)
        time.sleep(1.5)
        while len(kills) < KILLS and time.monotonic() < deadline - 1:
            workers = server.workers()
            if workers:
                victim = rng.choice(workers)
                try:
                    os.kill(victim, 9)
                    kills.append(victim)
                except ProcessLookupError:
                    pass
            time.sleep(rng.uniform(0.4, 1.0))
        for t in threads:
            t.join(timeout=120)
        assert not any(t.is_alive() for t in threads)
        server.stop()
        (tmp_path / "writes.json").write_text(json.dumps({**ledger.as_json(), "catch_up": True}))
        report = deployment.tool("verify", str(tmp_path / "writes.json"))
    finally:
        deployment.close()
    print(f"\nsigkill: {len(kills)} workers killed, {len(unknown)} requests cut off, "
          f"{len(ledger.created)} creates and {len(ledger.changes)} changes accepted; "
          f"answers {dict(ledger.answers)}; db {report}")
    assert len(kills) == KILLS
    assert not [a for a in ledger.answers if a.split()[-1].startswith("5")], ledger.answers
    assert report["partial"] == [] and report["inconsistent"] == []
    assert report["missing"] == [] and report["missing_changes"] == []
    assert report["duplicates"] == [] and report["wrong_status"] == []
    assert report["recommendations"] >= len(ledger.created)
    assert report["search_drift_after_catch_up"] == {"missing": 0, "stale": 0, "orphan": 0}


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="PostgreSQL only")
def test_database_unavailable_answers_503_and_recovers(tmp_path):
    from sqlalchemy.engine import make_url

    deployment = LiveDeployment(tmp_path)
    url = make_url(deployment.database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    token = {"Authorization": f"Bearer {deployment.seed['token']}"}
    rounds, answers = 3, []
    try:
        server = deployment.start(workers=2, env={"DATABASE_URL": proxied})
        browser = Browser(server)
        browser.login(deployment.seed["emails"][0], deployment.seed["password"])
        for _round in range(rounds):
            assert browser.get("/")[0] == 200
            proxy.cut()
            status, headers, page = browser.get("/")
            answers.append(status)
            assert status == 503 and "The database is not reachable" in page
            assert headers.get("Retry-After")
            status, _h, body = server.request("GET", "/api/v1/recommendations", headers=token)
            assert status == 503 and json.loads(body)["error"]["code"] == "database_unavailable"
            status, _h, body = server.request("GET", "/healthz")
            assert status == 503 and json.loads(body)["database"]["ok"] is False
            proxy.start()
            for _ in range(40):  # recovers by itself: no restart, no command
                if browser.get("/")[0] == 200 and server.request("GET", "/healthz")[0] == 200:
                    break
                time.sleep(0.25)
            else:
                pytest.fail("the app did not recover after the database came back")
            assert server.request("GET", "/api/v1/recommendations", headers=token)[0] == 200
            status, _h, _ = browser.post_form("/recommendations/new", {
                "title_en": f"After the outage, round {_round + 1}", "addressees": "us_government",
                "topic": deployment.seed["topic"], "first_status": "draft"})
            assert status == 302
        server.stop()
    finally:
        proxy.stop()
        deployment.close()
    print(f"\ndatabase outages: {proxy.cuts} cuts, answers while down {answers}, recovered each time")


def _search(browser, words):
    status, _h, page = browser.get(f"/search?q={words}")
    assert status == 200, status
    return page


def _until(predicate, attempts=40, pause=0.25):
    for _ in range(attempts):
        if predicate():
            return True
        time.sleep(pause)
    return False


def _create(browser, seed, title):
    status, headers, _ = browser.post_form("/recommendations/new", {
        "title_en": title, "addressees": "us_government", "topic": seed["topic"],
        "first_status": "draft"})
    assert status == 302, status
    return headers["Location"].rsplit("/", 1)[-1]


NOTICE = "Search index catching up"


def test_index_folder_deleted_or_unwritable(tmp_path):
    deployment = LiveDeployment(tmp_path)
    index = deployment.index_dir
    try:
        server = deployment.start(workers=2)
        browser = Browser(server)
        browser.login(deployment.seed["emails"][0], deployment.seed["password"])
        first = _create(browser, deployment.seed, "Quantum sensing cooperation")
        assert first in _search(browser, "quantum")
        # Deleted while running: the next write and search rebuild it from the database.
        shutil.rmtree(index)
        second = _create(browser, deployment.seed, "Quantum computing standards")
        assert _until(lambda: all(r in _search(browser, "quantum") for r in (first, second)))
        # Cannot be written (a file where the folder was; chmod does not stop root).
        shutil.rmtree(index)
        index.write_text("not a folder")
        third = _create(browser, deployment.seed, "Quantum networking testbed")
        status, _h, page = browser.get(f"/recommendations/{third}")
        assert status == 200 and "Quantum networking testbed" in page
        page = _search(browser, "quantum")
        assert NOTICE in page
        health = json.loads(server.request("GET", "/healthz")[2])
        assert health["status"] == "ok"  # the index never fails the health check
        # Writable again: search catches up by itself, and the notice goes.
        index.unlink()
        assert _until(lambda: all(r in (p := _search(browser, "quantum")) for r in
                                  (first, second, third)) and NOTICE not in p)
        server.stop()
        report = deployment.tool("verify", str(_no_writes(tmp_path)))
    finally:
        deployment.close()
    assert report["search_drift"] == {"missing": 0, "stale": 0, "orphan": 0}
    print("\nindex folder: deleted once, unwritable once; writes kept, notice shown, caught up")


def _no_writes(tmp_path):
    path = tmp_path / "none.json"
    path.write_text(json.dumps({"created": [], "changes": [], "last": {}}))
    return path


def _garbage(index, which: str) -> int:
    """Overwrite files of the current generation with random bytes of the same size (same
    size: the workers map these files into memory): ``segments`` (the table of contents
    stays readable), ``all``, or ``all+current`` (the CURRENT pointer too)."""
    rng = random.Random(7)
    generation = index / (index / "CURRENT").read_text().strip()
    files = [p for p in generation.iterdir() if p.is_file()
             if which != "segments" or p.suffix == ".seg"]
    if which == "all+current":
        files.append(index / "CURRENT")
    for path in files:
        size = path.stat().st_size
        path.write_bytes(bytes(rng.getrandbits(8) for _ in range(max(size, 16))))
    return len(files)


def test_corrupted_index_is_detected_and_rebuilt(tmp_path):
    deployment = LiveDeployment(tmp_path)
    files = []
    try:
        server = deployment.start(workers=2)
        browser = Browser(server)
        browser.login(deployment.seed["emails"][0], deployment.seed["password"])
        refs = [_create(browser, deployment.seed, f"Lunar logistics {i}") for i in range(3)]
        assert all(r in _search(browser, "lunar") for r in refs)
        for which in ("segments", "all", "all+current"):
            files.append(_garbage(deployment.index_dir, which))
            for _ in range(4):  # both workers meet the damage
                page = _search(browser, "lunar")
                assert all(r in page for r in refs), "search lost results after corruption"
                assert NOTICE not in page
            refs.append(_create(browser, deployment.seed, f"Lunar relay {len(refs)}"))
            assert refs[-1] in _search(browser, "lunar")
        server.stop()
        report = deployment.tool("verify", str(_no_writes(tmp_path)))
    finally:
        deployment.close()
    assert report["search_drift"] == {"missing": 0, "stale": 0, "orphan": 0}
    print(f"\ncorrupted index: garbage written into {files} files, rebuilt each time, nothing lost")
