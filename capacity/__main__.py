"""``python -m capacity`` runs the command line."""

from capacity_cli.main import entry

entry()
