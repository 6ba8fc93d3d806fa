"""The CLI reference (docs/cli.md), generated from the commands themselves so it cannot go stale.

Regenerate with ``python -m mlladder.cli.reference > docs/cli.md``; a test fails when the file is out of date.
"""

from __future__ import annotations

from typing import Any

import typer

__all__ = ["cli_reference"]

WIDTH = 100


def _walk(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    found = [(path, command)]
    for name in sorted(getattr(command, "commands", {}) or {}):
        found.extend(_walk(command.commands[name], [*path, name]))
    return found


def cli_reference() -> str:
    """Markdown with the ``--help`` text of every command and subcommand."""
    from mlladder.cli import app

    root = typer.main.get_command(app)
    sections = ["# CLI reference", "", "Generated from the code by `python -m mlladder.cli.reference`.", ""]
    for path, command in _walk(root, ["mlladder"]):
        context = command.context_class(
            command, info_name=" ".join(path), terminal_width=WIDTH, max_content_width=WIDTH
        )
        sections += [f"## `{' '.join(path)}`", "", "```text", command.get_help(context).rstrip(), "```", ""]
    return "\n".join(sections)


if __name__ == "__main__":
    print(cli_reference(), end="")
