"""The status entries of an import, track by track (see ``services.importer``, issue 16).

A row may give a status for each track in its own columns (``us_status`` and
``us_status_date``, ``japan_status`` and ``japan_status_date``, ...: ``track_columns``);
the note, internal note and evidence columns go with every status of the row. A sheet from
before tracks gives one ``status`` and ``status_date``: that status applies to every track
of the recommendation (a warning per row says so), or only to the tracks named in the
row's ``tracks`` column (the JSON history's ``addressee``/``tracks``).

The tracks of a recommendation are the file's ``addressees``, else those it has in the app,
else (a new recommendation) the two governments. A status or agency for a track the
recommendation does not have is a problem of its row and column.
"""

from flask_babel import get_locale
from flask_babel import gettext as _

from ...domain import tracks as track_rule
from ...models import ADDRESSEES, ADDRESSEES_JA
from . import track_columns
from .import_rows import Problem, failed_columns


def _track_name(key: str) -> str:
    """The addressee's name in the language messages are translated to."""
    locale = get_locale()
    names = ADDRESSEES_JA if locale is not None and locale.language == "ja" else ADDRESSEES
    return names.get(key, key)


def merge_history(rows, problems) -> list[dict]:
    """The status entries of one recommendation's rows, oldest first (rows of the same day
    in file order), before their tracks are known: ``track`` is an addressee, or None for a
    ``status`` column (then ``tracks`` lists the ``tracks`` column's addressees, if any)."""
    entries, seen = [], {}
    for number, values in rows:
        shared = {"row": number, "note": values.get("status_note"),
                  "internal_note": values.get("status_internal_note"),
                  "evidence": values.get("evidence_urls") or []}
        found = []
        for column, key in track_columns.STATUS_COLUMNS.items():
            status, day = values.get(column), values.get(track_columns.date_column(key))
            if status and day:
                found.append({**shared, "track": key, "column": column, "status": status,
                              "date": day})
        if values.get("status") and values.get("status_date"):
            found.append({**shared, "track": None, "column": "status", "status": values["status"],
                          "date": values["status_date"], "tracks": values.get("tracks") or []})
        failed = failed_columns(problems, number)
        if not found:
            asked = [c for c in ("status", *track_columns.STATUS_COLUMNS) if values.get(c)]
            if len(rows) > 1 and not asked and not failed & {"status", *track_columns.STATUS_COLUMNS}:
                problems.append(Problem(number, "reference", _(
                    "Duplicate: row %(row)s already has this recommendation, and this "
                    "row adds no status change.", row=rows[0][0])))
            continue
        for entry in found:
            key = (entry["track"], tuple(entry.get("tracks", ())), entry["status"], entry["date"])
            if key in seen:
                problems.append(Problem(number, entry["column"], _(
                    "Same status and date as row %(row)s.", row=seen[key])))
                continue
            seen[key] = number
            entries.append(entry)
    entries.sort(key=lambda e: e["date"])
    return entries


def tracks_of(item) -> list[str]:
    """The tracks ``item``'s recommendation will have (see the module docstring)."""
    wanted = item.content.get("addressees")
    if wanted:
        return list(wanted)
    if item.existing is not None:
        return [t.addressee for t in item.existing.tracks]
    return list(track_rule.GOVERNMENTS)


def resolve(item, problems: list) -> None:
    """Set ``item.tracks`` and ``item.history`` (one entry per track, each with its
    ``track``) from ``item.entries``; warnings go to ``item.warnings``, problems (a track
    the recommendation does not have) to ``problems``. Starts afresh each time."""
    tracks = tracks_of(item)
    item.tracks, item.history, item.warnings = tracks, [], []
    if item.existing is None and not item.content.get("addressees"):
        item.content["addressees"] = list(tracks)
    for column, key in track_columns.AGENCY_COLUMNS.items():
        if item.content.get(column) and key not in tracks:
            problems.append(_no_track(item.rows[0], column, key))
    warned = set()
    for entry in item.entries:
        if entry["track"] is not None:
            if entry["track"] not in tracks:
                problems.append(_no_track(entry["row"], entry["column"], entry["track"]))
                continue
            item.history.append(entry)
            continue
        named = entry.get("tracks") or []
        missing = [k for k in named if k not in tracks]
        if missing:
            problems.append(_no_track(entry["row"], "tracks", missing[0]))
            continue
        chosen = [k for k in tracks if k in named] if named else tracks
        if not named and len(tracks) > 1 and entry["row"] not in warned:
            warned.add(entry["row"])
            item.warnings.append({"row": entry["row"], "message": _(
                "status applied to every track: %(tracks)s",
                tracks=", ".join(_track_name(k) for k in tracks))})
        item.history.extend({**entry, "track": key} for key in chosen)


def _no_track(row: int, column: str, key: str) -> Problem:
    return Problem(row, column, _(
        "The recommendation is not addressed to %(track)s: add it to the addressees column, "
        "or leave this cell blank.", track=_track_name(key)))


def by_track(history: list[dict]) -> dict[str, list[dict]]:
    """``history`` split by track, each in its order."""
    out: dict[str, list[dict]] = {}
    for entry in history:
        out.setdefault(entry["track"], []).append(entry)
    return out
