"""The market report: every table of the analysis over one dataset, as Arrow tables, JSON-ready data or DataFrames.

:func:`market_report` is what ``mlladder market`` calls; the same object gives a script the numbers as
``pyarrow`` tables (:attr:`MarketReport.tables`) or, when pandas is installed, DataFrames (:func:`frames`).
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlladder.errors import InputError
from mlladder.framework.schema import Framework
from mlladder.market.analysis import (
    MarketOptions,
    connect,
    demand,
    level_mix,
    monthly_shares,
    overview,
    pairs,
    trends,
    years_and_pay,
)
from mlladder.market.dataset import open_dataset
from mlladder.market.extras import duckdb_module, pyarrow_module
from mlladder.market.ladder_fit import ladder_vs_market
from mlladder.market.salaries import pay_over_time

__all__ = [
    "MarketReport",
    "market_frames",
    "market_report",
    "market_report_data",
]

DIGITS = 4  # shares and lifts in the JSON: enough to check a share of 1 in 10,000


@dataclass(frozen=True)
class MarketReport:
    """What ``mlladder market`` shows: the dataset's overview and one Arrow table per question."""

    source: str
    framework: str
    options: MarketOptions
    overview: dict[str, Any]
    skipped_files: tuple[str, ...]
    tables: dict[str, Any] = field(default_factory=dict)  # name -> pyarrow.Table, in the order of the report


def market_report(
    source: Path,
    framework: Framework,
    options: MarketOptions | None = None,
    salaries: Path | None = None,
    skip_bad: bool = False,
) -> MarketReport:
    """Analyse the postings of a Parquet file or dataset folder against a framework (see docs/market.md)."""
    options = (options or MarketOptions()).check()
    dataset = open_dataset(source, skip_bad)
    connection = connect(dataset, framework)
    try:
        facts = overview(connection)
        by_level = demand(connection, "level")
        years, pay = years_and_pay(connection)
        tables: dict[str, Any] = {
            "level_mix": level_mix(connection),
            "demand": by_level if options.by == "level" else demand(connection, options.by),
            "trends": trends(connection, options),
            "monthly": monthly_shares(connection, options),
            "pairs": pairs(connection, options),
            "years": years,
            "pay": pay,
            "heatmap": by_level,
            "ladder_vs_market": _table(ladder_vs_market(by_level.to_pylist(), framework, options), LADDER_COLUMNS),
        }
    except (duckdb_module().Error, pyarrow_module().ArrowException) as error:
        # a part whose footer reads but whose pages are damaged fails only here
        reason = str(error).splitlines()[0]
        raise InputError(
            f"{source}: the data cannot be read: {reason} (fix: write it again with 'mlladder batch')"
        ) from None
    finally:
        connection.close()
    if salaries is not None:
        tables["pay_over_time"] = pay_over_time(salaries, framework)
    return MarketReport(str(source), framework.id, options, facts, dataset.skipped, tables)


LADDER_COLUMNS = (
    "finding", "level", "skill", "name", "ladder_level", "market_level", "postings", "asking", "share", "share_low",
    "share_high",
)  # fmt: skip


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Any:
    pa = pyarrow_module()
    if rows:
        return pa.Table.from_pylist(rows)
    kinds = {"postings": pa.int64(), "asking": pa.int64(), "share": pa.float64()}
    kinds |= {"share_low": pa.float64(), "share_high": pa.float64()}
    return pa.schema([(name, kinds.get(name, pa.string())) for name in columns]).empty_table()


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, DIGITS)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def market_report_data(report: MarketReport) -> dict[str, Any]:
    """The report as JSON-ready data (keys documented in docs/json-output.md)."""
    options = report.options
    return {
        "source": report.source,
        "framework": report.framework,
        "by": options.by,
        "options": {
            "min_count": options.min_count,
            "min_share": options.min_share,
            "rare_share": options.rare_share,
        },
        "overview": report.overview,
        "skipped_files": list(report.skipped_files),
        **{
            name: [{key: _clean(value) for key, value in row.items()} for row in table.to_pylist()]
            for name, table in report.tables.items()
            if name != "heatmap"  # the same rows as demand by level
        },
    }


def market_frames(report: MarketReport) -> dict[str, Any]:
    """The report's tables as pandas DataFrames (pandas is not a dependency: install it to use this)."""
    try:
        importlib.import_module("pandas")
    except ImportError:
        raise InputError("DataFrames need pandas (fix: pip install pandas, or use report.tables)") from None
    return {name: table.to_pandas() for name, table in report.tables.items()}
