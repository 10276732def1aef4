"""``python -m capacity`` runs the command line."""

from cli.main import run

run()
