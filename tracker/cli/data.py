"""``flask --app wsgi data ...``: import, export, dump and load."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from ..database import write_lock
from ..extensions import db
from ..models import User
from ..services.dataio import (
    backup,
    exporter,
    import_batches,
    import_jobs,
    import_rows,
    importer,
    tabular,
)

data_cli = AppGroup("data", help="Import, export, back up and restore data.")


def _problem_lines(plan) -> list[str]:
    return [str(p) for p in plan.problems]


@data_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@click.option("--create-missing", is_flag=True,
              help="Create topics, events and publications the file names but we lack.")
@click.option("--map", "maps", multiple=True, metavar="HEADER=COLUMN",
              help="Read the file's HEADER as COLUMN (repeatable).")
@click.option("--authoritative", is_flag=True,
              help="The file wins where it and the app disagree on a day's status: retract "
                   "the app's entry and record the file's (needs --user).")
@click.option("--user", "user_email", metavar="EMAIL",
              help="Import as this user (recorded as the author; an --authoritative import "
                   "may retract only this user's entries, or any if an admin).")
@click.option("--topic-line", "topic_lines", multiple=True, metavar="TOPIC=LINE",
              help="Put the new topic TOPIC (as the file names it) in the line of effort with "
                   "slug LINE (repeatable; default: the first line of effort).")
def import_command(file: Path, dry_run: bool, create_missing: bool, maps, authoritative: bool,
                   user_email: str | None, topic_lines) -> None:
    """Import recommendations from FILE (.csv, .txt, .tsv, .xlsx or .json), all or nothing."""
    limit = current_app.config["IMPORT_MAX_BYTES"]
    if file.stat().st_size > limit:
        raise click.ClickException(
            f"{file.name} is {file.stat().st_size / 1e6:.0f} MB; the limit is {limit / 1e6:.0f} MB. "
            "Split it into smaller files.")
    column_map = {}
    for entry in maps:
        header, sep, column = entry.partition("=")
        if not sep or column.strip() not in importer.COLUMNS:
            raise click.BadParameter(f"{entry!r}: use HEADER=COLUMN with one of "
                                     f"{', '.join(importer.COLUMNS)}", param_hint="--map")
        column_map[header] = column.strip()
    user = None
    if user_email:
        user = db.session.execute(select(User).filter_by(email=user_email.strip().lower())).scalar_one_or_none()
        if user is None:
            raise click.BadParameter(f"no user {user_email}", param_hint="--user")
    elif authoritative:
        raise click.BadParameter("an authoritative import retracts entries: say who imports",
                                 param_hint="--user")
    lines = {line.slug: line.id for line in import_rows.lines_of_effort()}
    chosen = {}
    for entry in topic_lines:
        topic, sep, slug = entry.rpartition("=")
        if not sep or slug.strip() not in lines:
            raise click.BadParameter(f"{entry!r}: use TOPIC=LINE with one of {', '.join(lines)}",
                                     param_hint="--topic-line")
        chosen[topic.strip()] = lines[slug.strip()]
    try:
        table = tabular.read_table(file.read_bytes(), file.name)
    except tabular.FileProblem as exc:
        raise click.ClickException(exc.message) from None
    plan = importer.plan_import(table, create_missing=create_missing, column_map=column_map,
                                authoritative=authoritative, user=user, topic_lines=chosen)
    if plan.ignored_columns:
        click.echo("Ignored columns: " + ", ".join(plan.ignored_columns))
    if not plan.ok:
        for line in _problem_lines(plan):
            click.echo(line, err=True)
        raise click.ClickException(
            f"{len(plan.problems)} problem(s) in {file.name}; nothing was imported.")
    click.echo(f"{plan.row_count} rows: {plan.count('create')} to create, "
               f"{plan.count('update')} to update, {plan.count('unchanged')} unchanged, "
               f"{plan.status_changes} status changes, {plan.retractions} retractions.")
    for item, w in plan.warnings[:20]:
        click.echo(f"row {w['row']}, {item.reference or item.label}: warning: {w['message']}")
    if len(plan.warnings) > 20:
        click.echo(f"... and {len(plan.warnings) - 20} more rows with a warning.")
    for item, d in plan.disagreements:
        click.echo(f"row {d['row']}, {item.reference} ({d['track']}): file: {d['file']} on {d['date'].isoformat()}; "
                   f"app: {d['app']}" + (" (corrected)" if authoritative else
                                         " (kept; --authoritative to correct)"))
    for kind, names in plan.to_create.items():
        click.echo(f"New {kind}s: " + ", ".join(names))
    if plan.to_create.get("publication"):
        click.echo("Warning: new publications have no date; their recommendations are not public "
                   "until you set one.")
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing was written.")
        return
    db.session.rollback()  # the plan's reads; each batch begins its own write transaction
    with write_lock():
        try:
            with click.progressbar(length=len(plan.items), label="Importing") as bar:
                summary = import_batches.apply_in_batches(
                    plan, user=user, progress=lambda done, total: bar.update(done - bar.pos),
                    batch_size=current_app.config["IMPORT_BATCH_ROWS"],
                    batch_seconds=current_app.config["IMPORT_BATCH_SECONDS"])
        except Exception as exc:
            raise click.ClickException(f"Import failed, nothing was written: {exc}") from exc
    click.echo("Imported: " + ", ".join(f"{n} {what}" for what, n in summary.items()) + ".")


@data_cli.command("run-import", hidden=True)
@click.argument("token")
def run_import_command(token: str) -> None:
    """Run the confirmed web import TOKEN (started by the import page; not for people)."""
    state = import_jobs.read_state(token)
    if state is None or state["state"] != "running":
        raise click.ClickException(f"No import {token} waiting to run.")
    state = import_jobs.run(token, state)
    if state["state"] != "done":
        raise click.ClickException(state.get("message", "The import failed."))


@data_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--public", is_flag=True, help="The public data set for partners (CSV or JSON).")
@click.option("--history", is_flag=True, help="One row per status change (staff CSV/xlsx).")
def export_command(file: Path, public: bool, history: bool) -> None:
    """Export recommendations to FILE; the format follows its extension."""
    fmt = tabular.extension(file.name)
    allowed = ("csv", "json") if public else ("csv", "xlsx")
    if fmt not in allowed:
        raise click.BadParameter(f"use a .{' or .'.join(allowed)} file name", param_hint="FILE")
    body = (exporter.export_public(fmt) if public
            else exporter.export_staff(fmt, history=history))
    file.write_bytes(body)
    click.echo(f"Wrote {file}.")


@data_cli.command("dump")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-password-hashes", is_flag=True,
              help="Include users' password hashes and API token hashes (keep the file safe).")
def dump_command(file: Path, with_password_hashes: bool) -> None:
    """Back up the whole database to FILE.json."""
    doc = backup.dump(with_secrets=with_password_hashes)
    file.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    rows = sum(len(r) for r in doc["tables"].values())
    click.echo(f"Wrote {rows} rows from {len(doc['tables'])} tables to {file}.")


@data_cli.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_command(file: Path) -> None:
    """Restore a backup FILE.json into an empty database, then rebuild the search index."""
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise click.ClickException(f"{file.name} is not JSON: {exc}") from None
    with write_lock():
        try:
            with click.progressbar(length=len(doc.get("tables") or {}) or 1, label="Loading") as bar:
                counts = backup.load(doc, progress=lambda done, total: bar.update(done - bar.pos))
            db.session.commit()
        except backup.BackupError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from None
    click.echo(f"Loaded {sum(counts.values())} rows into {len(counts)} tables.")
    click.echo(backup.rebuild_search_index().capitalize() + ".")

