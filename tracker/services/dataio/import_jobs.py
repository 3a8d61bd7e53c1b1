"""Uploaded files waiting for confirmation, and imports running in a background thread.

Each upload gets a random token; its file and a small JSON state file live in
``IMPORT_WORK_DIR``, so any worker process can show a preview or the progress of a run.

A running import rewrites its state file at least every ``HEARTBEAT_SECONDS``, with the
undo journal of the batches it has committed (``import_batches``). One whose state has not
moved for ``IMPORT_STALL_SECONDS`` lost its worker (killed, restarted): it reads as
``stalled``, and the upload is still there. The user may resume it (the committed batches
are undone, then the whole file imported again) or cancel it (the batches are undone). Uploads that
were never confirmed, and finished jobs, are deleted after ``IMPORT_UPLOAD_TTL_HOURS``
(checked whenever a file is uploaded).
"""

import json
import logging
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app

from ...database import write_lock
from ...extensions import db
from ...models import User
from . import import_batches, importer, tabular

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
log = logging.getLogger(__name__)
threads: dict[str, threading.Thread] = {}  # token -> running thread (tests join them)
HEARTBEAT_SECONDS = 10


def _dir() -> Path:
    path = Path(current_app.config["IMPORT_WORK_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_upload(data: bytes, filename: str, user_id: int, create_missing: bool,
                authoritative: bool = False) -> str:
    purge_old()
    token = secrets.token_urlsafe(18)
    (_dir() / f"{token}.upload").write_bytes(data)
    write_state(token, {"state": "uploaded", "filename": filename, "user_id": user_id,
                        "create_missing": create_missing, "authoritative": authoritative,
                        "done": 0, "total": 0})
    return token


def read_state(token: str) -> dict | None:
    if not TOKEN.match(token or ""):
        return None
    path = _dir() / f"{token}.json"
    try:
        state = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    stall = current_app.config.get("IMPORT_STALL_SECONDS", 120)
    if state.get("state") == "running" and time.time() - state.get("heartbeat", 0) > stall:
        state.update(state="stalled", message=(
            "This import stopped: the server process running it ended. Resume it or cancel "
            "it; either way, the part it had written is taken back first."))
    return state


def write_state(token: str, state: dict, directory: Path | None = None) -> None:
    """Replace the job's state file. ``directory``: the work directory (``_dir()``), for a
    thread without the app's context."""
    path = (directory or _dir()) / f"{token}.json"
    tmp = path.with_name(f"{path.stem}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps({**state, "heartbeat": time.time()}))
    tmp.replace(path)


@contextmanager
def _heartbeat(token: str, latest: dict):
    """Rewrite the state file (``latest``, which the caller keeps current) every
    ``HEARTBEAT_SECONDS`` while the block runs, so a long quiet phase is not taken for a
    dead worker."""
    stop = threading.Event()
    directory = _dir()  # the thread has no app context to find it in

    def beat():
        while not stop.wait(HEARTBEAT_SECONDS):
            write_state(token, latest, directory)

    thread = threading.Thread(target=beat, name=f"import-beat-{token[:8]}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def roll_back(token: str, state: dict) -> dict:
    """Undo what the committed batches of a stalled import wrote (its worker died between
    batches), from the journal kept in its state; returns the state without it."""
    journal = state.get("journal")
    if journal:
        with write_lock():
            import_batches.undo(import_batches.Journal.from_dict(journal))
        state = {k: v for k, v in state.items() if k != "journal"}
        write_state(token, state)
    return state


def cancel(token: str, state: dict) -> dict:
    """Cancel an unconfirmed or stalled import: what its committed batches wrote is undone,
    its upload deleted."""
    state = roll_back(token, state)
    state = {**state, "state": "cancelled", "message": "The import was cancelled; nothing was written."}
    write_state(token, state)
    (_dir() / f"{token}.upload").unlink(missing_ok=True)
    return state


def purge_old(now: float | None = None) -> int:
    """Delete uploads and job states older than ``IMPORT_UPLOAD_TTL_HOURS``, except running
    ones; returns how many jobs went."""
    now = time.time() if now is None else now
    cutoff = now - current_app.config.get("IMPORT_UPLOAD_TTL_HOURS", 24) * 3600
    gone = 0
    for path in _dir().glob("*.json"):
        try:
            if path.stat().st_mtime >= cutoff:
                continue
            state = read_state(path.stem)
            if state is None or state["state"] == "running":
                continue
            path.with_suffix(".upload").unlink(missing_ok=True)
            path.unlink(missing_ok=True)
            gone += 1
        except (OSError, ValueError):
            continue  # another worker removed or is rewriting it
    for orphan in _dir().glob("*.upload"):
        try:
            if orphan.stat().st_mtime < cutoff and not orphan.with_suffix(".json").exists():
                orphan.unlink(missing_ok=True)
        except OSError:
            continue
    return gone


def load_plan(token: str, state: dict):
    """Parse and check the uploaded file again (the database may have changed), with the
    decisions taken in the preview for duplicate rows."""
    data = (_dir() / f"{token}.upload").read_bytes()
    table = tabular.read_table(data, state["filename"])
    return importer.plan_import(table, create_missing=state["create_missing"],
                                authoritative=state.get("authoritative", False),
                                user=db.session.get(User, state["user_id"]),
                                topic_lines=state.get("topic_lines") or {},
                                duplicates=state.get("duplicates"))


def run(token: str, state: dict) -> dict:
    """Import the upload now, all or nothing, updating the state file as rows go in."""
    state = {**state, "state": "running", "done": 0}
    write_state(token, state)
    step = [0]
    latest = dict(state)

    def progress(done: int, total: int) -> None:
        latest.update(done=done, total=total)
        if done - step[0] >= max(1, total // 50) or done == total:
            step[0] = done
            write_state(token, latest)

    def committed(journal) -> None:
        latest["journal"] = journal.to_dict()
        write_state(token, latest)

    with _heartbeat(token, latest):
        try:
            plan = load_plan(token, state)
            db.session.rollback()  # end the planning reads: each batch begins its own transaction
            if not plan.ok:
                state.update(state="failed", problems=[str(p) for p in plan.problems[:200]],
                             message=f"{len(plan.problems)} problem(s); nothing was imported.")
            else:
                state["total"] = len(plan.items)
                with write_lock():
                    user = db.session.get(User, state["user_id"])
                    summary = import_batches.apply_in_batches(
                        plan, user=user, progress=progress, committed=committed,
                        batch_size=current_app.config["IMPORT_BATCH_ROWS"],
                        batch_seconds=current_app.config["IMPORT_BATCH_SECONDS"])
                state.update(state="done", summary=summary, done=state["total"])
        except Exception as exc:  # noqa: BLE001 — reported to the user; nothing was written
            db.session.rollback()
            log.exception("import %s failed", token)
            state.update(state="failed", message=f"The import failed and nothing was written: {exc}")
    write_state(token, state)
    (_dir() / f"{token}.upload").unlink(missing_ok=True)
    return state


def start(app: Flask, token: str, state: dict) -> None:
    """Run the import in the background: by default (``IMPORT_RUNNER=process``) in a
    process of its own (``flask data run-import TOKEN``), so its work never competes for
    the web worker's interpreter lock with the requests that worker serves; with
    ``IMPORT_RUNNER=thread`` (the tests: their app has no command line) in a thread."""
    write_state(token, {**state, "state": "running", "done": 0})
    if app.config.get("IMPORT_RUNNER", "process") == "process":
        _spawn(app, token)
        return

    def target():
        with app.app_context():
            try:
                run(token, state)
            finally:
                db.session.remove()

    thread = threading.Thread(target=target, name=f"import-{token[:8]}", daemon=True)
    threads[token] = thread
    thread.start()


def _spawn(app: Flask, token: str) -> None:
    """Start ``flask --app wsgi data run-import TOKEN`` beside this worker (same
    environment, so the same database, index and work folder); a small thread reaps it."""
    root = Path(app.root_path).parent
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", app.config.get("IMPORT_APP", "wsgi"),
         "data", "run-import", token],
        cwd=root, env=os.environ.copy(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        start_new_session=True)
    threading.Thread(target=process.wait, name=f"import-wait-{token[:8]}", daemon=True).start()
