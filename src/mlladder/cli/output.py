"""Shared pieces of the CLI: exit codes, the ``--format`` and ``--framework`` options, printing."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console

from mlladder import Problem, problems_data
from mlladder.limits import visible

__all__ = [
    "EXIT_OK",
    "EXIT_USAGE",
    "FormatOption",
    "FrameworkOption",
    "OutputFormat",
    "console",
    "print_error",
    "print_json",
    "report_problems",
]

EXIT_OK = 0
EXIT_NO = 1
EXIT_USAGE = 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FrameworkOption = Annotated[
    str | None,
    typer.Option(
        "--framework",
        "-f",
        metavar="FILE",
        help="Framework file (YAML or JSON) or built-in id. Default: the built-in ml-engineer ladder.",
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option("--format", help="Output format: text (tables) or json (stable keys, see docs/json-output.md)."),
]


def console() -> Console:
    """A console for stdout, made per call so tests that capture stdout see the output."""
    return Console(highlight=False, soft_wrap=False, markup=False)


def print_error(message: str) -> None:
    """One line on stderr: what is wrong, where, and how to fix it (control characters a user typed into a name
    or a path are shown as escapes, never sent to the terminal)."""
    print(f"error: {visible(message)}", file=sys.stderr)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def report_problems(file: str, problems: list[Problem], as_json: bool, valid_message: str) -> int:
    """Print a validation result (one line per problem, or JSON); the exit code is 1 if there are problems."""
    if as_json:
        print_json(problems_data(file, problems))
    elif problems:
        for problem in problems:
            print(visible(str(problem)))
        print(visible(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {file}"))
    else:
        print(valid_message)
    return EXIT_NO if problems else EXIT_OK
