"""Command-line interface: ``flask --app wsgi <group> <command>``."""
