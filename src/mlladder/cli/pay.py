"""``mlladder pay`` and ``mlladder offer``: a level's pay in the articles beside the market, and where an offer sits."""

from __future__ import annotations

from typing import Annotated

import typer

from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, print_json
from mlladder.cli.pay_text import offer_text, pay_text
from mlladder.framework.load import framework_from_option
from mlladder.guidance.pay import check_offer, compare_pay
from mlladder.guidance.views import offer_data, pay_data

LevelOption = Annotated[str, typer.Option("--level", "-l", metavar="ID", help="Level id of the ladder, e.g. L3.")]
RegionOption = Annotated[
    str | None,
    typer.Option(
        "--region",
        metavar="CODE",
        help="Where the employer is, as a two-letter country code (US, GB, CA, ...). Default: ALL, every location.",
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
    level: LevelOption,
    region: RegionOption = None,
    years: YearsOption = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """A level's salary bands from the articles beside what the market pays (P10 to P90 and the number of reports),
    with where they disagree. Market figures: the aijobs.net salary reports (CC0), ML-engineer titles, full-time
    (docs/pay.md)."""
    ladder = framework_from_option(framework)
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
