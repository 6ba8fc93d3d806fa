"""``mlladder guide``: all the guidance for one person (pay, situation, interview preparation, the move into ML
or the job search) in one view."""

from __future__ import annotations

import typer

from mlladder import assess, gaps, load_profile, person_guidance, person_guidance_data
from mlladder.cli.assess import RequiredProfile, TargetOption
from mlladder.cli.guide_text import guidance_parts
from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, console, print_json
from mlladder.cli.pay import PersonRegionOption
from mlladder.framework.load import framework_from_option

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``guide`` to the root app."""
    app.command("guide")(guide_command)


def guide_command(
    profile: RequiredProfile,
    target: TargetOption = None,
    region: PersonRegionOption = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """The career guidance for a profile: pay now and at the target against the market and the articles' bands,
    the situations recognised (stuck, code to design, no sponsor) with switch or stay, the interview questions
    for the target level (gaps first), and the move into ML or the job search when that is the goal; from Senior
    up, what changes on each track. Every piece names its sources. See docs/guidance.md."""
    ladder = framework_from_option(framework)
    person = load_profile(profile, ladder)
    assessment = assess(person, ladder)
    report = gaps(person, ladder, target=target, assessment=assessment)
    guidance = person_guidance(ladder, person, assessment, report, region=region)
    if output is OutputFormat.json:
        print_json(person_guidance_data(guidance))
        return
    screen = console()
    for part in guidance_parts(guidance):
        if isinstance(part, str):
            typer.echo(part, nl=False)
        else:
            screen.print(part)
