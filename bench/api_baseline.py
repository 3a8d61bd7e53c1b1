"""Baseline for bench_api.py: bare Flask + sqlite3 + json.dumps doing the same queries as
the API (count + page of public recommendations with their joins, addressees and tracks, each
track with its public history; one record by reference, the same plus its history). Served by
gunicorn from bench_api.py; ``BASELINE_DB`` names the database."""

import json
import os
import sqlite3
from datetime import date

from flask import Flask, Response, request

app = Flask(__name__)
DB = os.environ["BASELINE_DB"]
_conn = None

COLUMNS = """r.id, r.reference, r.title_en, r.title_ja, r.text_en, r.text_ja, r.priority, r.status,
 r.status_since, r.created_at, r.updated_at, t.slug, t.name_en, t.name_ja, l.slug, l.name_en,
 l.name_ja, e.slug, e.title_en, p.slug, p.title_en, p.published_on, p.url"""
FROM = """FROM recommendation r JOIN topic_area t ON t.id = r.topic_id
 JOIN line_of_effort l ON l.id = t.line_of_effort_id LEFT JOIN event e ON e.id = r.event_id
 JOIN publication p ON p.id = r.publication_id"""
PUBLIC = "r.status != 'draft' AND r.archived_at IS NULL AND p.published_on <= ?"


def conn():
    global _conn
    if _conn is None:
        _conn = sqlite3.connect(DB, check_same_thread=False)
    return _conn


def _item(row, related):
    addressees, tracks, _histories = related
    return {
        "reference": row[1], "title": {"en": row[2], "ja": row[3]}, "text": {"en": row[4], "ja": row[5]},
        "priority": bool(row[6]), "status": row[7], "status_since": row[8], "created_at": row[9],
        "updated_at": row[10],
        "topic": {"slug": row[11], "name": {"en": row[12], "ja": row[13]},
                  "line_of_effort": {"slug": row[14], "name": {"en": row[15], "ja": row[16]}}},
        "event": {"slug": row[17], "title": row[18]} if row[17] else None,
        "publication": {"slug": row[19], "title": row[20], "published_on": row[21], "url": row[22]},
        "addressees": addressees.get(row[0], []),
        "tracks": tracks.get(row[0], []),
    }


def _addressees(ids):
    """id -> addressee keys, and id -> tracks (each with its public history), as the API
    gives them since per-government tracks (issue 16): two queries."""
    marks = ",".join("?" * len(ids))
    histories = {}
    for h in conn().execute(
        "SELECT recommendation_id, id, addressee, to_status, effective_on, public_note, "
        "evidence_urls, recorded_at FROM status_change s WHERE recommendation_id IN "
        f"({marks}) AND kind = 'change' AND to_status != 'draft' AND NOT EXISTS (SELECT 1 "
        "FROM status_change x WHERE x.retracts_id = s.id) "
        "ORDER BY recommendation_id, effective_on, recorded_at, id", ids,
    ):
        histories.setdefault((h[0], h[2]), []).append({
            "id": h[1], "addressee": h[2], "status": h[3], "effective_on": h[4], "note": h[5],
            "evidence_urls": json.loads(h[6]) if h[6] else [], "recorded_at": h[7]})
    found, tracks = {}, {}
    for rec_id, key, agency, status, since in conn().execute(
        "SELECT recommendation_id, addressee, agency, status, status_since FROM "
        f"recommendation_addressee WHERE recommendation_id IN ({marks}) "
        "ORDER BY recommendation_id, addressee", ids,
    ):
        found.setdefault(rec_id, []).append(key)
        tracks.setdefault(rec_id, []).append({
            "addressee": key, "agency": agency or None, "status": status, "status_since": since,
            "history": histories.get((rec_id, key), [])})
    return found, tracks, histories


@app.get("/recommendations")
def recommendations():
    today = date.today().isoformat()
    topic = request.args["topic"]
    statuses = request.args["status"].split(",")
    per_page = int(request.args.get("per_page", 25))
    topic_ids = [r[0] for r in conn().execute(
        "WITH RECURSIVE sub(id) AS (SELECT id FROM topic_area WHERE slug = ? UNION "
        "SELECT t.id FROM topic_area t JOIN sub ON t.parent_id = sub.id) SELECT id FROM sub", (topic,))]
    where = (f"{PUBLIC} AND r.topic_id IN ({','.join('?' * len(topic_ids))})"
             f" AND r.status IN ({','.join('?' * len(statuses))})")
    args = [today, *topic_ids, *statuses]
    total = conn().execute(f"SELECT count(*) {FROM} WHERE {where}", args).fetchone()[0]
    rows = conn().execute(f"SELECT {COLUMNS} {FROM} WHERE {where} ORDER BY r.reference LIMIT ?",
                          [*args, per_page]).fetchall()
    related = _addressees([r[0] for r in rows])
    body = {"data": [_item(r, related) for r in rows], "meta": {"total": total}}
    return Response(json.dumps(body), mimetype="application/json")


@app.get("/recommendations/<reference>")
def recommendation(reference):
    row = conn().execute(f"SELECT {COLUMNS} {FROM} WHERE r.reference = ? AND {PUBLIC}",
                         (reference, date.today().isoformat())).fetchone()
    if row is None:
        return Response('{"error": "not found"}', status=404, mimetype="application/json")
    related = _addressees([row[0]])
    body = _item(row, related)
    body["history"] = sorted((h for (_rec, _key), found in related[2].items() for h in found),
                             key=lambda h: (h["effective_on"], h["recorded_at"], h["id"]))
    return Response(json.dumps({"data": body}), mimetype="application/json")
