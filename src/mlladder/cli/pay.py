"""``mlladder pay`` and ``mlladder offer``: a level's pay in the articles beside the market, and where an offer sits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mlladder import (
    InputError,
    assess,
    check_offer,
    compare_pay,
    load_profile,
    offer_data,
    pay_data,
    pay_for_person,
    person_pay_data,
)
from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, print_json
from mlladder.cli.pay_text import offer_text, pay_text, person_pay_text
from mlladder.framework.load import framework_from_option

__all__ = ["PersonRegionOption", "register"]

LevelOption = Annotated[str, typer.Option("--level", "-l", metavar="ID", help="Level id of the ladder, e.g. L3.")]
PayLevelOption = Annotated[
    str | None, typer.Option("--level", "-l", metavar="ID", help="Level id of the ladder, e.g. L3 (or --profile).")
]
PayProfileOption = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="FILE",
        help="A person's profile: pay at their placed level and at the level they aim at, in their region.",
    ),
]
PayTargetOption = Annotated[
    str | None,
    typer.Option("--target", metavar="LEVEL", help="With --profile: the level aimed at. Default: the profile's goal."),
]
RegionOption = Annotated[
    str | None,
    typer.Option(
        "--region",
        metavar="CODE",
        help="Where the employer is, as a two-letter country code (US, GB, CA, ...). Default: ALL, every location.",
    ),
]
PersonRegionOption = Annotated[
    str | None,
    typer.Option(
        "--region",
        metavar="CODE",
        help="Where the employer is, as a two-letter country code (US, GB, CA, ...). Default: with --profile, the "
        "profile's region; else ALL, every location.",
    ),
]
YearsOption = Annotated[
    str | None,
    typer.Option(
        "--years", metavar="YEARS", help="A work year of the data (e.g. 2023). Default: the latest two years pooled."
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``pay`` and ``offer`` to the root app."""
    app.command("pay")(pay_command)
    app.command("offer")(offer_command)


def pay_command(
    level: PayLevelOption = None,
    profile: PayProfileOption = None,
    target: PayTargetOption = None,
    region: PersonRegionOption = None,
    years: YearsOption = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """A level's salary bands from the articles beside what the market pays (P10 to P90 and the number of reports),
    with where they disagree. Market figures: the aijobs.net salary reports (CC0), ML-engineer titles, full-time
    (docs/pay.md). With --profile instead of --level: the person's placed level and the level they aim at, in the
    profile's region unless --region is given."""
    _check_pay_options(level, profile, target)
    ladder = framework_from_option(framework)
    if profile is not None:
        person = load_profile(profile, ladder)
        pay = pay_for_person(ladder, person, assess(person, ladder), target, region=region, years=years)
        if output is OutputFormat.json:
            print_json(person_pay_data(pay))
        else:
            typer.echo(person_pay_text(pay), nl=False)
        return
    assert level is not None  # checked above
    comparison = compare_pay(ladder, level, region, years)
    if output is OutputFormat.json:
        print_json(pay_data(comparison))
    else:
        typer.echo(pay_text(comparison), nl=False)


def offer_command(
    level: LevelOption,
    base: Annotated[float, typer.Option("--base", metavar="AMOUNT", help="Yearly base pay offered, e.g. 185000.")],
    region: RegionOption = None,
    currency: Annotated[
        str, typer.Option("--currency", metavar="CODE", help="Currency of the offer (USD, EUR, GBP, ...).")
    ] = "USD",
    years: YearsOption = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """Where an offer sits: its approximate percentile in the market, against each article's band, and the
    articles' advice on negotiating."""
    ladder = framework_from_option(framework)
    offer = check_offer(ladder, level, base, region, currency, years)
    if output is OutputFormat.json:
        print_json(offer_data(offer, ladder))
    else:
        typer.echo(offer_text(offer, ladder), nl=False)


def _check_pay_options(level: str | None, profile: Path | None, target: str | None) -> None:
    """One of --level (a level) or --profile (a person); --target only refines a person's."""
    if level is not None and profile is not None:
        raise InputError(
            "mlladder pay takes --level or --profile, not both (fix: drop --level; with --profile, --target LEVEL "
            "names the level aimed at)"
        )
    if level is None and profile is None:
        raise InputError("mlladder pay needs --level ID or --profile FILE (fix: e.g. mlladder pay --level L3)")
    if target is not None and profile is None:
        raise InputError("--target goes with --profile (fix: use --level for a level's pay, or add --profile FILE)")
