"""Three-way, field-by-field merge of an edit that was based on an older version.

``base`` is what the user's form showed (a digest per field, see
``services.recommendations.editing.fingerprint``), ``mine`` what the user saves, ``theirs``
what is stored now (someone else saved meanwhile). For each field:

- only they changed it: theirs is kept;
- only I changed it: mine is saved;
- we both changed it to the same value: nothing to decide;
- we both changed it, differently: a conflict, for the user to decide (side by side).

A field missing from ``base`` (an old or damaged form) counts as changed on both sides.
Pure: no database, no Flask.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Merge:
    mine: list[str] = field(default_factory=list)  # fields to save from my edit
    kept: list[str] = field(default_factory=list)  # fields only they changed (theirs kept)
    conflicts: list[str] = field(default_factory=list)  # both changed, differently


def three_way(base: dict[str, str], mine: dict, theirs: dict, digest: Callable[[object], str]) -> Merge:
    """Merge ``mine`` into ``theirs`` given the ``base`` digests (fields in ``mine``'s
    order)."""
    result = Merge()
    for name, value in mine.items():
        other = theirs[name]
        mine_changed = base.get(name) != digest(value)
        theirs_changed = base.get(name) != digest(other)
        if value == other:
            continue
        if not mine_changed:
            result.kept.append(name)
        elif not theirs_changed:
            result.mine.append(name)
        else:
            result.conflicts.append(name)
    return result
