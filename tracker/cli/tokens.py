"""``flask --app wsgi tokens ...``: partner API tokens (admin work, from the shell)."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..database import write_lock
from ..extensions import db
from ..models import ApiToken, utcnow

tokens_cli = AppGroup("tokens", help="Partner API tokens.")


def fmt_time(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


@tokens_cli.command("create")
@click.option("--partner", required=True, help="Who the token is for (shown in `tokens list`).")
def create_token(partner: str) -> None:
    """Create a token for PARTNER and print it once (only its hash is stored)."""
    partner = partner.strip()
    if not partner:
        raise click.BadParameter("give the partner's name", param_hint="--partner")
    with write_lock():
        token, plain = ApiToken.issue(partner)
        db.session.add(token)
        db.session.commit()
    click.echo(f"Token for {partner} (id {token.id}). Copy it now; it is not shown again:")
    click.echo(plain)


@tokens_cli.command("list")
def list_tokens() -> None:
    """List tokens: id, prefix, partner, created, last used, revoked."""
    rows = db.session.execute(select(ApiToken).order_by(ApiToken.id)).scalars().all()
    if not rows:
        click.echo("No tokens.")
    for t in rows:
        state = f"revoked {fmt_time(t.revoked_at)}" if t.revoked_at else "active"
        click.echo(
            f"{t.id}\t{t.prefix}…\t{t.partner}\tcreated {fmt_time(t.created_at)}"
            f"\tlast used {fmt_time(t.last_used_at)}\t{state}"
        )


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_token(token_id: int) -> None:
    """Revoke token TOKEN_ID (see `tokens list`); its requests are refused from now on."""
    with write_lock():
        token = db.session.get(ApiToken, token_id)
        if token is None:
            raise click.ClickException(f"No token with id {token_id}.")
        if token.revoked_at is not None:
            raise click.ClickException(f"Token {token_id} was already revoked.")
        token.revoked_at = utcnow()
        db.session.commit()
    click.echo(f"Revoked token {token_id} ({token.partner}).")
