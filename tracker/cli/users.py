"""``flask --app wsgi users ...``: staff users."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..database import write_lock
from ..extensions import db
from ..models import ROLES, User

users_cli = AppGroup("users", help="Manage staff users.")


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
