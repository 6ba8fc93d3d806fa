"""The ``mlladder`` command: a thin shell over the library.

Each command parses its arguments, makes one library call and renders the result. Domain errors become one
line on stderr with exit code 2; usage errors too. Nothing prints a traceback for a user's mistake.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from mlladder import MlladderError, __version__
from mlladder.cli.assess import register as register_assessment_commands
from mlladder.cli.batch import register as register_batch_command
from mlladder.cli.diagnose import register as register_diagnose_command
from mlladder.cli.evidence import register as register_evidence_commands
from mlladder.cli.guide import register as register_guide_command
from mlladder.cli.interview import register as register_interview_command
from mlladder.cli.ladder import ladder_app
from mlladder.cli.market import register as register_market_command
from mlladder.cli.match import register as register_match_command
from mlladder.cli.mentors import register as register_mentors_command
from mlladder.cli.move import register as register_move_command
from mlladder.cli.output import EXIT_USAGE, print_error
from mlladder.cli.pay import register as register_pay_commands
from mlladder.cli.serve import register as register_serve_commands
from mlladder.cli.team import register as register_team_command
from mlladder.cli.transfer import register as register_transfer_commands

__all__ = ["app", "main", "run"]

# Typer raises click's UsageError for bad flags; reach it through a public class so no private module is imported.
UsageError: type[Exception] = next(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "UsageError")

app = typer.Typer(
    name="mlladder",
    help="The machine-learning engineer's career ladder as software.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(ladder_app, name="ladder")
register_assessment_commands(app)
register_evidence_commands(app)
register_batch_command(app)
register_market_command(app)
register_match_command(app)
register_move_command(app)
register_interview_command(app)
register_pay_commands(app)
register_diagnose_command(app)
register_guide_command(app)
register_serve_commands(app)
register_transfer_commands(app)
register_team_command(app)
register_mentors_command(app)


def _print_version(value: bool) -> None:
    if value:
        print(f"mlladder {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """The machine-learning engineer's career ladder as software."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code (0 ok, 1 'no', 2 bad input or usage)."""
    try:
        result = app(args=argv, prog_name="mlladder", standalone_mode=False)
    except UsageError as error:
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "mlladder"
        print_error(f"{command}: {error.format_message()} (see '{command} --help')")  # type: ignore[attr-defined]
        return EXIT_USAGE
    except typer.Exit as error:
        return error.exit_code
    except typer.Abort:
        print_error("mlladder: aborted")
        return 130
    except MlladderError as error:
        print_error(str(error))
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `mlladder ladder skills | head`
        sys.stderr.close()
        return 0
    return result if isinstance(result, int) else 0


def run() -> None:  # pragma: no cover - exercised through the console script
    sys.exit(main())
