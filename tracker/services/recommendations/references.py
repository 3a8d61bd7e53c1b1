"""Allocation of human references such as ``NEXT-2024-017``."""

from flask import current_app
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from ...extensions import db
from ...models import ReferenceCounter

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def format_reference(year: int, number: int) -> str:
    prefix = current_app.config.get("REFERENCE_PREFIX", "NEXT")
    return f"{prefix}-{year}-{number:03d}"


def allocate_reference(year: int) -> str:
    """The next unused reference of ``year``.

    Safe when several transactions allocate at once: the counter row is incremented with
    one ``UPDATE ... RETURNING`` (a row lock on PostgreSQL; SQLite write transactions are
    serialised), so no two callers get the same number. The counter only grows, so a
    reference is never reused (a rolled-back allocation was never issued to anyone).
    The caller commits.
    """
    session = db.session
    bump = (
        update(ReferenceCounter)
        .where(ReferenceCounter.year == year)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)
        .execution_options(synchronize_session=False)
    )
    number = session.execute(bump).scalar()
    if number is None:
        insert = _INSERTS[session.get_bind().dialect.name]
        session.execute(
            insert(ReferenceCounter)
            .values(year=year, last_number=0)
            .on_conflict_do_nothing(index_elements=["year"])
        )
        number = session.execute(bump).scalar_one()
    return format_reference(year, number)
