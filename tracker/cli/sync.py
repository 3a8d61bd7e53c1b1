"""``flask --app wsgi sync catch-up``: the partners' replication log (``/api/v1/sync``)."""

import click
from flask.cli import AppGroup

from ..services.partner import sync_log

sync_cli = AppGroup("sync", help="The partners' replication log (/api/v1/sync).")


@sync_cli.command("catch-up")
@click.option("--full", is_flag=True,
              help="Also compare every record with its log row (records missing anywhere, "
                   "rows logged public whose record is not).")
@click.option("--all", "renumber", is_flag=True,
              help="Log every recommendation again (after writes in SQL by hand): partners "
                   "receive each once more.")
def catch_up(full: bool, renumber: bool) -> None:
    """Log the recommendations the clock made public (their publication date has come)
    and any written without the app. Every /sync and /snapshot read does the cheap part
    anyway; run it from cron (e.g. hourly) so partners' mirrors need no reader to start it."""
    count = sync_log.catch_up(full=full, renumber=renumber)
    click.echo(f"Logged {count} recommendation(s).")
