"""``python -m mlladder`` runs the command line."""

from mlladder.cli import run

run()
