"""Soak-test clients shared by the soak tests: staff users who log in with their own
session and create recommendations and record status changes through the real forms
(CSRF token, plain and htmx posts), and the ledger of every write the app accepted."""

import os
import random
import threading
import time
import uuid
from collections import Counter

from tests.support.live_gunicorn import Browser, LiveDeployment

CLIENTS = 16
STEPS = ["proposed", "under_consideration", "in_progress", "implemented"]


def soak_seconds() -> float:
    default = "60" if os.environ.get("CI", "").lower() == "true" else "15"
    return float(os.environ.get("SOAK_SECONDS", default))


class Ledger:
    """What the app accepted, and every answer it gave."""

    def __init__(self):
        self.lock = threading.Lock()
        self.created: list[str] = []
        self.changes: list[list[str]] = []
        self.last: dict[str, str] = {}
        self.answers: Counter = Counter()
        self.errors: list[str] = []

    def as_json(self) -> dict:
        return {"created": self.created, "changes": self.changes, "last": self.last}


def create(browser, seed, n, i, ledger, text="Both governments *should* align their lists.") -> str | None:
    status, headers, _ = browser.post_form("/recommendations/new", {
        "title_en": f"Soak {n}-{i}: coordinate export controls", "title_ja": f"輸出管理の連携 {n}-{i}",
        "text_en": text, "addressees": ["us_government", "government_of_japan"],
        "topic": seed["topic"], "publication": seed["publication"], "first_status": "proposed",
        "first_effective_on": "2024-01-01", "first_note": "Published in the report.",
        "submission_key": uuid.uuid4().hex,
    })
    with ledger.lock:
        ledger.answers[f"create {status}"] += 1
    if status == 302 and "/recommendations/" in headers.get("Location", ""):
        ref = headers["Location"].rstrip("/").rsplit("/", 1)[-1]
        with ledger.lock:
            ledger.created.append(ref)
            ledger.last[ref] = "proposed"
        return ref
    return None


def change(browser, ref, step, ledger, htmx) -> bool:
    to_status, day = STEPS[step], f"2024-{step + 1:02d}-01"
    status, headers, _ = browser.post_form(f"/recommendations/{ref}/status", {
        "to_status": to_status, "effective_on": day, "public_note": f"Moved to {to_status}.",
    }, htmx=htmx)
    ok = (status == 200 and "status-changed" in headers.get("HX-Trigger", "")) if htmx \
        else status == 302
    with ledger.lock:
        ledger.answers[f"status {status}"] += 1
        if ok:
            ledger.changes.append([ref, to_status, day])
            ledger.last[ref] = to_status
    return ok


def run_client(server, seed, n, deadline, ledger, pause: float = 0.0) -> None:
    """Staff user ``n`` writing until ``deadline``; ``pause`` seconds between actions (a
    person's think time; 0 hammers the server)."""
    rng = random.Random(n)
    try:
        browser = Browser(server)
        browser.login(seed["emails"][n % len(seed["emails"])], seed["password"])
        mine: list[list] = []  # [reference, index of its current step]
        i = 0
        while time.monotonic() < deadline:
            i += 1
            open_ = [m for m in mine if m[1] < len(STEPS) - 1]
            if not open_ or i % 3 == 1:
                ref = create(browser, seed, n, i, ledger)
                if ref:
                    mine.append([ref, 0])
            else:
                item = rng.choice(open_)
                if change(browser, item[0], item[1] + 1, ledger, htmx=rng.random() < 0.5):
                    item[1] += 1
            if pause:
                time.sleep(pause)
    except Exception as exc:  # noqa: BLE001 — reported by the test
        with ledger.lock:
            ledger.errors.append(f"client {n}: {type(exc).__name__}: {exc}")


def soak(deployment: LiveDeployment, seconds: float, clients: int = CLIENTS) -> Ledger:
    server = deployment.start(workers=4)
    ledger = Ledger()
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=run_client, args=(server, deployment.seed, n, deadline, ledger))
               for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    assert not any(t.is_alive() for t in threads), "a client thread hung"
    server.stop()
    return ledger
