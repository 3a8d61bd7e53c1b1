"""The topic tree as plain data: "a topic and its sub-topics", the one rule.

Topics form a forest through ``parent_id``. Every surface that filters by ``topic``
(staff list, boards, API, exports, Atom feeds) matches the topic *and every topic below
it*; this module is the one place that walks the tree. It takes ``(id, parent_id)`` pairs
(``parent_id`` None for a root) and never touches the database
(``services.queries.topic_tree`` loads the pairs).

Contracts: the walk is cycle-safe (a bad ``parent_id`` loop never hangs it); the root
comes first, then its descendants breadth first, each once.
"""

from collections import defaultdict
from collections.abc import Iterable

Pairs = Iterable[tuple[int, int | None]]


def children_of(pairs: Pairs) -> dict[int | None, list[int]]:
    """``{parent_id: [child ids]}`` (roots under None), children in the pairs' order."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for topic_id, parent_id in pairs:
        children[parent_id].append(topic_id)
    return children


def _walk(root: int, children: dict[int | None, list[int]]) -> tuple[int, ...]:
    found, seen, frontier = [root], {root}, [root]
    while frontier:
        frontier = [c for node in frontier for c in children.get(node, ()) if c not in seen]
        frontier = list(dict.fromkeys(frontier))
        seen.update(frontier)
        found.extend(frontier)
    return tuple(found)


def descendants(topic_id: int, pairs: Pairs) -> tuple[int, ...]:
    """``topic_id`` and every topic below it (root first, then breadth first)."""
    return _walk(topic_id, children_of(pairs))


def subtrees(pairs: Pairs) -> dict[int, tuple[int, ...]]:
    """``{topic_id: descendants(topic_id)}`` for every topic in ``pairs`` (one pass over
    the pairs; for pages that roll counts up the whole tree)."""
    pairs = list(pairs)
    children = children_of(pairs)
    return {topic_id: _walk(topic_id, children) for topic_id, _parent in pairs}
