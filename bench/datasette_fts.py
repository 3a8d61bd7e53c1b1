"""Datasette with SQLite FTS5, the search baseline of ``bench_api.py``.

- ``bench_venv()``: a separate virtual environment, ``.bench-venv`` at the checkout root,
  made on first use with ``python -m venv`` and ``pip install`` of the pinned
  ``PACKAGES`` (Datasette is never a dependency of the app; nothing is installed into
  the app's ``.venv``).
- ``build(source, target)``: a copy of the benchmark's database holding
  ``public_recommendation`` (the public recommendations: non-draft, not archived,
  published by today) with the public fields the app's search index covers (reference,
  titles, texts, and the ``meta`` text of ``tracker.search.documents``: topic with its
  parents, event, publication, addressees) and an FTS5 table over them
  (``porter unicode61``: stemmed English, like the app's index).
- ``serve(...)``: Datasette under gunicorn with 2 uvicorn workers (the app has 2 workers
  too), facet suggestions off (the API computes no facets either).
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".bench-venv"
PACKAGES = ["datasette==0.65.1", "gunicorn==23.0.0", "uvicorn==0.32.1"]
TABLE = "public_recommendation"
ASGI = """from datasette.app import Datasette
app = Datasette(files=[{db!r}], settings={{"suggest_facets": False, "default_page_size": 50,
                "sql_time_limit_ms": 10000, "facet_time_limit_ms": 10}}).app()
"""


def bench_venv() -> Path:
    """The bench-only venv's bin folder (made, with ``PACKAGES``, when missing)."""
    stamp = VENV / "packages.txt"
    if not stamp.exists() or stamp.read_text().split() != PACKAGES:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", *PACKAGES], check=True)
        stamp.write_text("\n".join(PACKAGES) + "\n")
    return VENV / "bin"


def build(source: Path, target: Path) -> int:
    """Write the Datasette copy of ``source`` to ``target``; the number of public rows."""
    import sqlite3

    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from tracker.models import ADDRESSEES, ADDRESSEES_JA, RecommendationAddressee
    from tracker.search.documents import Lookups

    engine = create_engine(f"sqlite:///{source}")
    with Session(engine) as session:
        lookups = Lookups(session)
        addressees: dict[int, list[str]] = {}
        for rec_id, key in session.execute(select(RecommendationAddressee.recommendation_id,
                                                  RecommendationAddressee.addressee)):
            addressees.setdefault(rec_id, []).append(key)
    engine.dispose()
    src = sqlite3.connect(source)
    today = date.today().isoformat()
    rows = src.execute(
        "SELECT r.id, r.reference, r.title_en, r.title_ja, r.text_en, r.text_ja, r.status, "
        "r.topic_id, r.event_id, r.publication_id FROM recommendation r "
        "JOIN publication p ON p.id = r.publication_id WHERE r.status != 'draft' "
        "AND r.archived_at IS NULL AND p.published_on <= ? ORDER BY r.id", (today,)).fetchall()
    src.close()
    target.unlink(missing_ok=True)
    out = sqlite3.connect(target)
    out.executescript(f"""
        CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, reference TEXT UNIQUE NOT NULL,
            title_en TEXT, title_ja TEXT, text_en TEXT, text_ja TEXT, meta TEXT, status TEXT);
        CREATE VIRTUAL TABLE {TABLE}_fts USING fts5(reference, title_en, title_ja, text_en,
            text_ja, meta, content="{TABLE}", content_rowid='id', tokenize='porter unicode61');
    """)
    out.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
        (r[0], r[1], r[2], r[3], r[4], r[5], "\n".join(filter(None, (
            lookups.topic_names.get(r[7]), lookups.events.get(r[8]),
            lookups.publications.get(r[9]),
            *(f"{ADDRESSEES.get(a, a)} {ADDRESSEES_JA.get(a, '')}" for a in addressees.get(r[0], [])),
        ))), r[6]) for r in rows])
    out.execute(f"INSERT INTO {TABLE}_fts({TABLE}_fts) VALUES ('rebuild')")
    out.execute("ANALYZE")
    out.commit()
    out.execute("PRAGMA journal_mode = WAL")
    out.close()
    return len(rows)


def search_path(q: str) -> str:
    """Datasette's search of ``q``: count and the first 50 rows in reference order."""
    return f"/fts/{TABLE}.json?_search={q.replace(' ', '+')}&_sort=reference&_size=50"


def serve(db: Path, port: int, tmp: Path) -> subprocess.Popen:
    bin_dir = bench_venv()
    (tmp / "datasette_asgi.py").write_text(ASGI.format(db=str(db)))
    proc = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "-w", "2", "-k", "uvicorn.workers.UvicornWorker",
         "-b", f"127.0.0.1:{port}", "--chdir", str(tmp), "--log-level", "warning",
         "datasette_asgi:app"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/fts.json", timeout=2).read()
            return proc
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("Datasette did not start")
