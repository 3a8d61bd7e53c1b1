"""README.md stays true: every configuration key and every CLI command is documented."""

import re
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_every_environment_key_is_in_the_readme():
    source = (ROOT / "config.py").read_text()
    keys = set(re.findall(r"""environ\.get\(\s*["']([A-Z0-9_]+)["']""", source))
    keys |= set(re.findall(r"""_(?:bool|int)\(\s*["']([A-Z0-9_]+)["']""", source))
    assert len(keys) > 10
    missing = sorted(k for k in keys if f"`{k}`" not in README)
    assert not missing, f"configuration keys missing from README.md: {missing}"


def _commands(group: click.Group, prefix: str):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}".strip()


def test_every_cli_command_is_in_the_readme(app):
    ours = [c for c in _commands(app.cli, "") if c.split()[0] not in {"run", "shell", "routes", "db"}]
    assert len(ours) > 8
    missing = sorted(c for c in ours if f"flask --app wsgi {c}" not in README)
    assert not missing, f"CLI commands missing from README.md: {missing}"


def test_readme_gives_the_two_commands_first():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make run" in quick_start and "make test" in quick_start
