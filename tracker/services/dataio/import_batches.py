"""Writing an import in short transactions, still all or nothing.

``apply_in_batches`` commits every ``batch_size`` recommendations, or sooner once a batch
has held the write lock for ``batch_seconds``, so another user's write waits at most one
short batch for SQLite's write lock (or PostgreSQL's history-order lock), not the whole
import: a 6,000-row file no longer stops every other writer for half a minute. The time
bound keeps that wait short however much a row costs to write (a row with many tracks and
a long history costs more than a plain one).

All or nothing is kept by an undo journal, filled as the batches go in: the recommendations
and catalog entries each batch created, and for each recommendation it updated, the values
it had before and the status entries added. If any batch fails, the batch in progress is
rolled back and the journal undone in one transaction, so the database is as it was before
the import (references handed out to undone recommendations are not reused: references
never are). Readers may see a batch before the import ends; a failed import's rows then
disappear again, each delete in the audit log.
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...models import Event, Publication, Recommendation, StatusChange, TopicArea
from ..recommendations.history_order import lock_history_order
from ..recommendations.status import refresh_derived_status
from .import_apply import apply_item, link_supersedes, new_summary, write_order

#: Columns of an updated recommendation restored by an undo.
RESTORED = ("title_en", "title_ja", "text_en", "text_ja", "internal_notes", "external_id",
            "priority", "topic_id", "event_id", "publication_id", "supersedes_id", "version")
#: Pause after each committed batch, on SQLite. Its busy handler retries a waiting writer
#: with a back-off of up to 100 ms; without a pause the next batch would take the lock back
#: before any waiting writer woke up. PostgreSQL needs none: its lock queue hands the
#: history-order lock to the writers already waiting before the import's next batch.
BATCH_PAUSE_SECONDS = 0.11
CATALOG_COLUMNS = {TopicArea: Recommendation.topic_id, Event: Recommendation.event_id,
                   Publication: Recommendation.publication_id}
CATALOG_MODELS = {model.__tablename__: model for model in CATALOG_COLUMNS}


@dataclass
class Journal:
    """What the committed batches of one import wrote (see the module docstring)."""

    created: list[int] = field(default_factory=list)
    before: dict[int, dict] = field(default_factory=dict)
    entries: list[int] = field(default_factory=list)
    catalog: list[tuple[type, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready, to keep beside a background job: if its worker dies between batches,
        ``undo(Journal.from_dict(...))`` still takes the committed batches back."""
        return {"created": self.created, "entries": self.entries,
                "before": {str(k): v for k, v in self.before.items()},
                "catalog": [[model.__tablename__, obj_id] for model, obj_id in self.catalog]}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Journal":
        data = data or {}
        return cls(created=list(data.get("created", [])),
                   before={int(k): v for k, v in data.get("before", {}).items()},
                   entries=list(data.get("entries", [])),
                   catalog=[(CATALOG_MODELS[name], obj_id) for name, obj_id in data.get("catalog", [])])

    def note_before(self, item) -> set[int]:
        """Remember an updated recommendation's values; its entry ids so far."""
        rec = item.existing
        if item.action != "update" or rec is None:
            return set()
        if rec.id not in self.before:
            self.before[rec.id] = {**{c: getattr(rec, c) for c in RESTORED},
                                   "addressees": list(rec.addressees)}
        return {c.id for c in rec.status_changes}

    def note_after(self, item, entries_before: set[int]) -> None:
        if item.action == "create":
            self.created.append(item.existing.id)
        elif item.action == "update":
            self.entries.extend(c.id for c in item.existing.status_changes if c.id not in entries_before)


def _batches(items: list, size: int, seconds: float | None) -> Iterator[Iterator]:
    """Successive batches of ``items``, each consumed before the next is asked for: at most
    ``size`` items, and none begun once ``seconds`` have passed since the batch's first."""
    position = 0

    def batch():
        nonlocal position
        started = time.monotonic()
        for taken in range(size):
            if position >= len(items) or (
                    taken and seconds is not None and time.monotonic() - started >= seconds):
                return
            position += 1
            yield items[position - 1]

    while position < len(items):
        yield batch()


def apply_in_batches(plan, *, user=None, progress: Callable[[int, int], None] | None = None,
                     batch_size: int = 50, batch_seconds: float | None = None,
                     committed: Callable[[Journal], None] | None = None) -> dict[str, int]:
    """Write ``plan`` (no problems) committing every ``batch_size`` recommendations, or
    after the first row that ends ``batch_seconds`` or more after the batch began; undo
    everything if any part fails, then re-raise. Run it inside ``database.write_lock()`` on
    SQLite, so each batch takes the write lock when it begins.

    :param committed: called with the journal after each batch commits (a background job
        keeps it, so a stalled job can still be undone).
    :raise ValueError: when the plan has problems.
    """
    if not plan.ok:
        raise ValueError("a plan with problems cannot be applied")
    summary, journal = new_summary(), Journal()
    ordered = write_order(plan.items)
    by_ref = dict(plan.resolver.by_ref)
    made_before = {id(obj) for obj in plan.resolver.created_objects()}
    done = 0
    pause = db.session.get_bind().dialect.name == "sqlite"
    try:
        with db.session.no_autoflush:
            for chunk in _batches(ordered, max(1, batch_size), batch_seconds):
                lock_history_order()
                for item in chunk:
                    entries_before = journal.note_before(item)
                    apply_item(item, plan.resolver, user, by_ref, summary)
                    db.session.flush()
                    journal.note_after(item, entries_before)
                    done += 1
                    if progress:
                        progress(done, len(ordered))
                _note_catalog(plan.resolver, made_before, journal)
                db.session.commit()
                if committed:
                    committed(journal)
                if pause:
                    time.sleep(BATCH_PAUSE_SECONDS)
            lock_history_order()
            link_supersedes(ordered, by_ref)
            db.session.commit()
    except BaseException:
        db.session.rollback()
        undo(journal)
        raise
    return summary


def _note_catalog(resolver, made_before: set, journal: Journal) -> None:
    for obj in resolver.created_objects():
        if id(obj) not in made_before:
            made_before.add(id(obj))
            journal.catalog.append((type(obj), obj.id))


def undo(journal: Journal) -> None:
    """Take back what the committed batches wrote, in one transaction (committed here)."""
    if not (journal.created or journal.before or journal.catalog):
        return
    lock_history_order()
    for rec_id in journal.created:
        rec = db.session.get(Recommendation, rec_id)
        if rec is not None:
            db.session.delete(rec)
    for entry_id in journal.entries:
        entry = db.session.get(StatusChange, entry_id)
        if entry is not None:
            entry.recommendation.status_changes.remove(entry)
    for rec_id, values in journal.before.items():
        rec = db.session.get(Recommendation, rec_id)
        if rec is None:
            continue
        for column in RESTORED:
            setattr(rec, column, values[column])
        rec.addressees = values["addressees"]
        refresh_derived_status(rec)
    db.session.flush()
    for model, obj_id in reversed(journal.catalog):
        used = select(Recommendation.id).where(CATALOG_COLUMNS[model] == obj_id).limit(1)
        obj = db.session.get(model, obj_id)
        if obj is not None and db.session.execute(used).first() is None:
            db.session.delete(obj)
    db.session.commit()
