"""Rows of an import that would create a recommendation already there under a close title.

A row without a reference (keyed by its row or its external id) that would CREATE a
recommendation whose title, in either language, matches one already in the same
publication (the rule: ``domain.duplicates``; the query: ``services.recommendations
.duplicates``) is flagged: ``item.duplicate_of = (id, reference)``. What happens to it is
the user's decision, one per row, given in the preview (``DECISIONS``):

- ``skip`` (the default): the row is left out, nothing is written for it;
- ``merge``: the row is an update of that recommendation (the columns of the file are
  compared and changed, its status rows added when new), exactly as if it had named it;
- ``create``: created anyway, as a new recommendation.

So re-importing a sheet without references creates nothing and writes nothing.
"""

from flask_babel import gettext as _

from ...extensions import db
from ...models import Recommendation
from ..recommendations.duplicates import Index
from . import import_apply
from .import_rows import New, Problem

DECISIONS = ("skip", "merge", "create")
FIELD = "duplicate-"  # form field of a row's decision: "duplicate-<item key>"


def _publication_id(item):
    pub = item.content.get("publication")
    if isinstance(pub, New):
        return New  # a publication the import creates: nothing in it yet
    return pub.id if pub is not None else None


def flag_and_decide(items, problems: list, decisions: dict[str, str] | None = None, *,
                    present: set = frozenset(), authoritative: bool = False, user=None) -> None:
    """Flag the duplicate creates of ``items`` and apply ``decisions`` (item key ->
    ``DECISIONS``; missing or unknown: ``skip``). One query for the titles."""
    candidates = [i for i in items if i.action == "create" and not i.reference
                  and _publication_id(i) is not New]
    if not candidates:
        return
    index = Index({_publication_id(i) for i in candidates})
    claimed = {i.existing.id: i.rows[0] for i in items if i.existing is not None}
    for item in candidates:
        found = index.find(item.content.get("title_en"), item.content.get("title_ja"), _publication_id(item))
        if not found:
            continue
        item.duplicate_of = found[0]
        decision = (decisions or {}).get(item.key, "skip")
        if decision == "create":
            continue
        if decision == "merge":
            if found[0][0] in claimed:
                problems.append(Problem(item.rows[0], "title_en", _(
                    "Row %(row)s already updates %(ref)s; merge only one row into it.",
                    row=claimed[found[0][0]], ref=found[0][1])))
                continue
            claimed[found[0][0]] = item.rows[0]
            item.existing = db.session.get(Recommendation, found[0][0])
            import_apply.diff_existing(item, present, problems, authoritative=authoritative,
                                       user=user)
        else:
            item.action, item.new_changes = "skip", []


def decisions_from(form) -> dict[str, str]:
    """The decisions posted with the preview's confirm button."""
    return {name[len(FIELD):]: value for name, value in form.items()
            if name.startswith(FIELD) and value in DECISIONS}
