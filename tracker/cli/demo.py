"""``flask --app wsgi demo ...``: the demo data set."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..database import write_lock
from ..extensions import db
from ..models import User

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("seed")
@click.option("--count", type=click.IntRange(min=0), default=None,
              help="Add this many synthetic recommendations with histories (for benchmarks).")
@click.option("--first-start", is_flag=True,
              help="Seed only when the database has no users yet (used by `make run`).")
def seed(count: int | None, first_start: bool) -> None:
    """Create the bilingual demo data set (idempotent) and one user per role."""
    with write_lock():  # reads then writes: take SQLite's write lock up front (database.py)
        _seed(count, first_start)


def _seed(count: int | None, first_start: bool) -> None:
    from ..demo import loader

    if count is not None:
        with click.progressbar(length=count, label="Synthetic recommendations") as bar:
            created = loader.seed_synthetic(count, progress=bar.update)
        click.echo(f"Added {created} synthetic recommendations.")
        return
    if first_start and db.session.execute(select(User.id).limit(1)).first():
        click.echo("Database already has users; demo data not seeded again.")
    else:
        try:
            summary = loader.seed_demo()
        except loader.DemoDataProblem as exc:
            raise click.ClickException(f"Demo data not seeded: {exc}") from None
        click.echo(
            "Demo data: "
            + ", ".join(f"{n} {what}" for what, n in summary.items())
            + " created (existing records were left alone)."
        )
    demo_users = [u for u in loader.DEMO_USERS if db.session.execute(
        select(User.id).where(User.email == u[0], User.active.is_(True))).first()]
    if demo_users:
        click.echo("Demo logins (change these before anyone else can reach this server):")
        for email, role, password in demo_users:
            click.echo(f"  {role:<11} {email:<34} password: {password}")
