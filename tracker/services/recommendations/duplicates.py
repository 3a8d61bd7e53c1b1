"""Finding recommendations that duplicate a title, in the same publication (the rule is
``domain.duplicates``). Used by the create form (``find``) and the import (``Index``).

"The same publication" includes "no publication": a recommendation without one is compared
with the others without one. Archived recommendations are left out.
"""

from collections import defaultdict

from sqlalchemy import or_, select

from ...domain import duplicates as rule
from ...extensions import db
from ...models import Recommendation


class Index:
    """The titles of every recommendation in some publications, loaded in one query;
    ``find`` then answers from memory (an import asks once per row)."""

    def __init__(self, publication_ids):
        ids = set(publication_ids)
        self._by_pub: dict[int | None, list[tuple[rule.Prepared, int, str]]] = defaultdict(list)
        self._exact: dict[tuple[int | None, int, str], list[tuple[int, str]]] = defaultdict(list)
        if not ids:
            return
        clauses = []
        known = sorted(i for i in ids if i is not None)
        if known:
            clauses.append(Recommendation.publication_id.in_(known))
        if None in ids:
            clauses.append(Recommendation.publication_id.is_(None))
        rows = db.session.execute(
            select(Recommendation.id, Recommendation.reference, Recommendation.title_en,
                   Recommendation.title_ja, Recommendation.publication_id)
            .where(Recommendation.archived_at.is_(None), or_(*clauses))
            .order_by(Recommendation.id)
        ).all()
        for rec_id, reference, title_en, title_ja, pub_id in rows:
            key = rule.key(title_en, title_ja)
            self._by_pub[pub_id].append((rule.Prepared(key), rec_id, reference))
            for language, title in enumerate(key):
                if title:
                    self._exact[(pub_id, language, title)].append((rec_id, reference))

    def find(self, title_en: str | None, title_ja: str | None, publication_id: int | None,
             exclude_id: int | None = None) -> list[tuple[int, str]]:
        """``(id, reference)`` of the recommendations of ``publication_id`` whose title
        matches, oldest first."""
        wanted = rule.key(title_en, title_ja)
        # Equal after normalising (a re-imported sheet): found without comparing each pair.
        exact = list(dict.fromkeys(hit for language, title in enumerate(wanted) if title
                                   for hit in self._exact.get((publication_id, language, title), ())
                                   if hit[0] != exclude_id))
        if exact:
            return sorted(exact)
        return [(rec_id, reference) for stored, rec_id, reference in self._by_pub.get(publication_id, ())
                if rec_id != exclude_id and stored.matches(wanted)]


def find(title_en: str | None, title_ja: str | None, publication_id: int | None,
         exclude_id: int | None = None) -> list[Recommendation]:
    """The recommendations of the same publication with a matching title (two queries)."""
    found = Index([publication_id]).find(title_en, title_ja, publication_id, exclude_id)
    if not found:
        return []
    return list(db.session.execute(
        select(Recommendation).where(Recommendation.id.in_([i for i, _ in found])).order_by(Recommendation.id)
    ).scalars())
