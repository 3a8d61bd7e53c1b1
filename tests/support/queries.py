"""Counting the SQL statements one page makes (transaction control left out)."""

from sqlalchemy import event

from tracker.extensions import db

CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def count_queries(client, url) -> int:
    """The statements ``GET url`` runs; the answer must be 200."""
    statements = []

    def listen(conn, cursor, statement, *args):
        if statement.split(None, 1)[0].upper() not in CONTROL:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    return len(statements)
