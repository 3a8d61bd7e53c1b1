"""Uploaded files waiting for confirmation, and imports running in a background thread.

Each upload gets a random token; its file and a small JSON state file live in
``IMPORT_WORK_DIR``, so any worker process can show a preview or the progress of a run.
"""

import json
import logging
import re
import secrets
import threading
from pathlib import Path

from flask import Flask, current_app

from ...database import write_lock
from ...extensions import db
from ...models import User
from . import importer, tabular

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
log = logging.getLogger(__name__)
threads: dict[str, threading.Thread] = {}  # token -> running thread (tests join them)


def _dir() -> Path:
    path = Path(current_app.config["IMPORT_WORK_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_upload(data: bytes, filename: str, user_id: int, create_missing: bool) -> str:
    token = secrets.token_urlsafe(18)
    (_dir() / f"{token}.upload").write_bytes(data)
    write_state(token, {"state": "uploaded", "filename": filename, "user_id": user_id,
                        "create_missing": create_missing, "done": 0, "total": 0})
    return token


def read_state(token: str) -> dict | None:
    if not TOKEN.match(token or ""):
        return None
    path = _dir() / f"{token}.json"
    return json.loads(path.read_text()) if path.exists() else None


def write_state(token: str, state: dict) -> None:
    path = _dir() / f"{token}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state))
    tmp.replace(path)


def load_plan(token: str, state: dict):
    """Parse and check the uploaded file again (the database may have changed)."""
    data = (_dir() / f"{token}.upload").read_bytes()
    table = tabular.read_table(data, state["filename"])
    return importer.plan_import(table, create_missing=state["create_missing"])


def run(token: str, state: dict) -> dict:
    """Import the upload now, all or nothing, updating the state file as rows go in."""
    state = {**state, "state": "running", "done": 0}
    write_state(token, state)
    step = [0]

    def progress(done: int, total: int) -> None:
        if done - step[0] >= max(1, total // 50) or done == total:
            step[0] = done
            write_state(token, {**state, "done": done, "total": total})

    with write_lock():
        try:
            plan = load_plan(token, state)
            if not plan.ok:
                state.update(state="failed", problems=[str(p) for p in plan.problems[:200]],
                             message=f"{len(plan.problems)} problem(s); nothing was imported.")
            else:
                state["total"] = len(plan.items)
                user = db.session.get(User, state["user_id"])
                summary = importer.apply_plan(plan, user=user, progress=progress)
                db.session.commit()
                state.update(state="done", summary=summary, done=state["total"])
        except Exception as exc:  # noqa: BLE001 — reported to the user; nothing was written
            db.session.rollback()
            log.exception("import %s failed", token)
            state.update(state="failed", message=f"The import failed and nothing was written: {exc}")
    write_state(token, state)
    (_dir() / f"{token}.upload").unlink(missing_ok=True)
    return state


def start(app: Flask, token: str, state: dict) -> None:
    """Run the import in a background thread with its own app context and session."""

    def target():
        with app.app_context():
            try:
                run(token, state)
            finally:
                db.session.remove()

    write_state(token, {**state, "state": "running", "done": 0})
    thread = threading.Thread(target=target, name=f"import-{token[:8]}", daemon=True)
    threads[token] = thread
    thread.start()
