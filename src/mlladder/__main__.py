"""``python -m mlladder`` runs the command line."""

from mlladder.cli import run

if __name__ == "__main__":  # not when a server process started with "spawn" imports this module again
    run()
