"""``flask --app wsgi search reindex|check|catch-up``."""

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..extensions import db
from ..models import Recommendation
from ..search.documents import indexable_clause

search_cli = AppGroup("search", help="Full-text search index.")


@search_cli.command("reindex")
@click.option("--procs", type=click.IntRange(1, 8), default=None,
              help="Processes building the index in parallel (default: one per CPU, at most "
                   "4; one for fewer than 20,000 recommendations).")
def reindex(procs: int | None) -> None:
    """Rebuild the index from the database in a new folder, then swap it in atomically
    (searches keep using the old index until the swap)."""
    from ..search.sync import catch_up, rebuild

    total = db.session.scalar(select(func.count(Recommendation.id)).where(indexable_clause()))
    with click.progressbar(length=total, label="Indexing recommendations") as bar:
        n = rebuild(progress=bar.update, procs=procs)
    caught = catch_up(force=True)  # anything committed while we were building
    click.echo(f"Indexed {n} recommendations" + (f" (+{caught} changed meanwhile)." if caught else "."))


@search_cli.command("check")
@click.option("--show", type=click.IntRange(0), default=20, show_default=True,
              help="How many ids to list per kind of drift.")
def check(show: int) -> None:
    """Compare the index with the database: missing, stale and orphan documents.
    Exits with status 1 on any drift (fix with `search catch-up` or `search reindex`)."""
    from ..search import drift

    found = drift()
    for kind, ids in found.items():
        listed = ", ".join(map(str, ids[:show])) + (" …" if len(ids) > show else "")
        click.echo(f"{kind}: {len(ids)}" + (f" ({listed})" if ids and show else ""))
    if any(found.values()):
        click.echo("The index has drifted from the database.", err=True)
        sys.exit(1)
    click.echo("Index and database agree.")


@search_cli.command("catch-up")
def catch_up_command() -> None:
    """Index whatever the database has that the index lacks (what searches do anyway)."""
    from ..search.sync import catch_up

    click.echo(f"{catch_up(force=True)} documents written or removed.")
