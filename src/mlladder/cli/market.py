"""``mlladder market``: what the postings of a Parquet file or dataset folder ask for, against the ladder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from mlladder.cli.output import FrameworkOption
from mlladder.errors import InputError
from mlladder.files import write_atomically
from mlladder.framework.load import framework_from_option
from mlladder.market.analysis import DIMENSIONS, MarketOptions
from mlladder.market.render import report_html, report_markdown, report_text
from mlladder.market.report import MarketReport, market_report, market_report_data

__all__ = ["register"]

FORMATS = ("text", "json", "md", "html")


def register(app: typer.Typer) -> None:
    app.command("market")(market_command)


def rendered(report: MarketReport, output: str) -> str:
    if output == "json":
        return json.dumps(market_report_data(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if output == "md":
        return report_markdown(report)
    if output == "html":
        return report_html(report)
    return report_text(report)


def market_command(
    source: Annotated[
        Path, typer.Argument(metavar="FILE.parquet|DIR", help="Rows from 'mlladder batch --out', a file or folder.")
    ],
    by: Annotated[str, typer.Option("--by", help=f"Group skill demand by {', '.join(DIMENSIONS)}.")] = "level",
    output: Annotated[str, typer.Option("--format", help="text, json, md (Markdown) or html.")] = "text",
    out: Annotated[Path | None, typer.Option("--out", help="Write the report to this file instead of stdout.")] = None,
    salaries: Annotated[
        Path | None, typer.Option("--salaries", help="The aijobs.net salaries CSV: adds pay over time.")
    ] = None,
    min_count: Annotated[int, typer.Option("--min-count", help="Fewest postings behind a trend, pair or finding.")] = 5,
    min_share: Annotated[
        float, typer.Option("--min-share", help="Share of a level's postings from which the market asks for a skill.")
    ] = 0.10,
    rare_share: Annotated[
        float, typer.Option("--rare-share", help="Share below which an expected skill is rarely asked for.")
    ] = 0.05,
    top: Annotated[int, typer.Option("--top", help="Rows per group in text, Markdown and HTML.")] = 15,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Leave out unreadable part files of a folder (listed in the report).")
    ] = False,
    framework: FrameworkOption = None,
) -> None:
    """Level mix, skill demand with 95% intervals, rising and falling skills, skills that go together, years and
    stated pay per level, and where the ladder and the market disagree."""
    if output not in FORMATS:
        raise InputError(f"unknown --format '{output}' (fix: use one of {', '.join(FORMATS)})")
    if by not in DIMENSIONS:
        raise InputError(f"unknown --by '{by}' (fix: use one of {', '.join(DIMENSIONS)})")
    options = MarketOptions(by, min_count, min_share, rare_share, top)
    report = market_report(source, framework_from_option(framework), options, salaries, skip_bad)
    text = rendered(report, output)
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(out, text)
