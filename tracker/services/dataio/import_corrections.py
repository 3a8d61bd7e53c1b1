"""The status history an import would write for a recommendation that exists already,
and where the file and the app disagree (see ``services.importer``). Each track is planned
on its own, against that track's history in the app (``import_tracks``).

The file and the app *disagree* on a day when the app has entries in force on that day
and the status they leave at the end of it differs from the status the file's rows of
that day leave. A disagreement is never written as a second entry of the same day:

- by default it is only reported (``Item.disagreements``): the app's entries are kept;
- with an *authoritative* sheet, the app's entries of that day that differ are retracted
  (through ``services.recommendations.status.retract_status_change``) and the file's
  status recorded, if the entries left do not already give it. A correction that would
  retract every entry in force, or an entry the importing user may not retract, is a
  problem of its row.

Days on which the app has no entry keep the rule of an ordinary import: a file entry is
new unless the same status and date is recorded or it is already the status in force.
"""

from collections import defaultdict
from datetime import date

from flask_babel import gettext as _

from ...domain import status_rule
from ..recommendations.status import active_changes, can_retract
from .import_rows import Problem
from .import_tracks import by_track

#: The reason stored with a retraction made by an authoritative import (kept in English,
#: like the default note of imported entries).
RETRACTION_REASON = "Corrected by an authoritative import: the sheet says “{status}” on {date}."


def new_changes(timeline: list[tuple[str, date]], history: list[dict]) -> list[dict]:
    """The entries of ``history`` that would change something, given the active entries
    already recorded (the status service refuses the others); later entries of a day win."""
    timeline = list(timeline)
    existing = set(timeline)
    new = []
    for entry in history:
        key = (entry["status"], entry["date"])
        if key in existing:
            continue
        if status_on(timeline, entry["date"]) == entry["status"]:
            continue
        timeline.append(key)
        new.append(entry)
    return new


def status_on(timeline, day):
    """The status at the end of ``day`` of ``(status, date)`` entries in recording order,
    by the one status rule (``domain.status_rule``); None before the first."""
    entries = [status_rule.Entry(i, status, when)
               for i, (status, when) in enumerate(timeline, 1) if status]
    return status_rule.status_on(entries, day)


def plan_history(item, *, authoritative: bool, user, problems: list) -> None:
    """Set ``item.new_changes`` (each entry may carry ``retract``: the app's entries to
    retract first, and ``record``: False when the retraction alone gives the file's status)
    and ``item.disagreements`` for ``item.existing``, track by track; problems are appended."""
    for track, entries in by_track(item.history).items():
        _plan_track(item, track, entries, authoritative=authoritative, user=user,
                    problems=problems)


def _plan_track(item, track: str, history: list[dict], *, authoritative: bool, user,
                problems: list) -> None:
    active = active_changes(item.existing, track)
    timeline = [(c.to_status, c.effective_on) for c in active]
    in_force = dict(enumerate(active))  # timeline position -> entry, until retracted
    file_days: dict[date, list[dict]] = defaultdict(list)
    for entry in history:
        file_days[entry["date"]].append(entry)
    for day in sorted(file_days):
        entries = file_days[day]
        app_today = [i for i in in_force if timeline[i][1] == day]
        if not app_today:
            new = new_changes(timeline, entries)
            timeline.extend((e["status"], e["date"]) for e in new)
            item.new_changes.extend(new)
            continue
        last = entries[-1]
        file_end, app_end = last["status"], status_on(timeline, day)
        if file_end == app_end:
            continue  # the app agrees on how the day ended
        item.disagreements.append({"row": last["row"], "date": day, "file": file_end, "app": app_end,
                                   "track": track})
        if not authoritative:
            continue
        wrong = [i for i in app_today if timeline[i][0] != file_end]
        if len(wrong) >= len(in_force):
            problems.append(Problem(last["row"], last["column"], _(
                "The sheet is authoritative, but correcting %(date)s would retract the only "
                "entry of this track's history; record the new status in the app "
                "instead.", date=day.isoformat())))
            continue
        if not all(can_retract(in_force[i], user) for i in wrong):
            problems.append(Problem(last["row"], last["column"], _(
                "The sheet is authoritative, but only the person who recorded the app's entry "
                "of %(date)s or an admin may retract it.", date=day.isoformat())))
            continue
        retract = [in_force.pop(i) for i in wrong]
        for i in wrong:
            timeline[i] = ("", date.max)  # out of the timeline, positions kept
        record = status_on(timeline, day) != file_end
        if record:
            timeline.append((file_end, day))
        item.new_changes.append({**last, "retract": retract, "record": record})
