"""Command-line interface: ``flask --app wsgi <group> <command>``.

Every command group is a ``flask.cli.AppGroup`` in its own module here, and ``register``
adds them all to the app the same way (``create_app`` calls it once):

- ``users`` (``users.py``): staff users;
- ``demo`` (``demo.py``): the demo data set;
- ``data`` (``data.py``): import, export, dump and load;
- ``tokens`` (``tokens.py``): partner API tokens;
- ``search`` (``search.py``): the full-text index;
- ``sync`` (``sync.py``): the partners' replication log.

The commands call services (and ``tracker.search`` for the index); no blueprint, extension
or package ``init_app`` adds commands of its own.
"""

from flask import Flask

from .data import data_cli
from .demo import demo_cli
from .search import search_cli
from .sync import sync_cli
from .tokens import tokens_cli
from .users import users_cli

GROUPS = (users_cli, demo_cli, data_cli, tokens_cli, search_cli, sync_cli)


def register(app: Flask) -> None:
    """Add every command group to ``app.cli``."""
    for group in GROUPS:
        app.cli.add_command(group)
