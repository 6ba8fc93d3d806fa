"""``mlladder diagnose``: the situations the articles describe, recognised in a profile, with their advice."""

from __future__ import annotations

import typer

from mlladder import assess, diagnose, diagnosis_data, load_profile
from mlladder.cli.assess import RequiredProfile
from mlladder.cli.diagnose_text import diagnosis_text
from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, print_json
from mlladder.framework.load import framework_from_option

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``diagnose`` to the root app."""
    app.command("diagnose")(diagnose_command)


def diagnose_command(profile: RequiredProfile, framework: FrameworkOption = None, output: FormatOption = None) -> None:
    """Recognise the situations the articles describe (stuck at a level, the shift from code to design, no
    sponsor or visibility, what speeds the step) and whether to switch company or stay, each with the
    articles' advice and its sources. The rules and their thresholds: docs/diagnosis.md."""
    ladder = framework_from_option(framework)
    person = load_profile(profile, ladder)
    found = diagnose(ladder, person, assess(person, ladder))
    if output is OutputFormat.json:
        print_json(diagnosis_data(found))
    else:
        typer.echo(diagnosis_text(found), nl=False)
