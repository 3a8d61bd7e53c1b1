"""Command-line interface: ``flask --app wsgi <group> <command>``."""

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from .database import write_lock
from .extensions import db
from .models import ROLES, User

users_cli = AppGroup("users", help="Manage staff users.")
demo_cli = AppGroup("demo", help="Demo data.")


@users_cli.command("create")
@click.option("--email", required=True, help="Login email (stored lower-case).")
@click.option("--name", default=None, help="Display name (default: the part before @).")
@click.option("--role", required=True, type=click.Choice(sorted(ROLES)), help="Role.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Password (asked for when omitted; pass it only from scripts).",
)
def create_user(email: str, name: str | None, role: str, password: str) -> None:
    """Create a user. Fails if the email is taken or the password is shorter than 10."""
    with write_lock():  # reads then writes: take SQLite's write lock up front (database.py)
        _create_user(email, name, role, password)


def _create_user(email: str, name: str | None, role: str, password: str) -> None:
    email = email.strip().lower()
    if "@" not in email:
        raise click.BadParameter("not an email address", param_hint="--email")
    if len(password) < 10:
        raise click.BadParameter("at least 10 characters", param_hint="--password")
    if db.session.execute(select(User).where(User.email == email)).scalar_one_or_none():
        raise click.ClickException(f"A user with email {email} already exists.")
    user = User(email=email, name=name or email.split("@")[0], role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@users_cli.command("list")
def list_users() -> None:
    """List users: email, role, active."""
    for user in db.session.execute(select(User).order_by(User.email)).scalars():
        click.echo(f"{user.email}\t{user.role}\t{'active' if user.active else 'inactive'}")


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
    from .demo import loader

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


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
