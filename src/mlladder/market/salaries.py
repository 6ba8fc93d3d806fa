"""Pay over time from the aijobs.net salary reports (CC0): by year, ladder level and region, read with DuckDB.

The CSV is the user's copy of the salary index (``salaries_*.csv``); it is read where it lies and never copied.
The same rules as the shipped pay table (docs/pay.md) pick the reports: full-time, a job title naming machine
learning or AI together with the word "engineer", and the data's entry, mid and senior levels standing for the
first three levels of the ladder's main track. A cell with fewer than ``MIN_REPORTS`` reports is left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mlladder.errors import InputError
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework
from mlladder.market.analysis import arrow_of
from mlladder.market.extras import duckdb_module
from mlladder.market.pay import ALL_REGIONS, experience_level_for

__all__ = [
    "MIN_REPORTS",
    "pay_over_time",
]

MIN_REPORTS = 30  # as the shipped pay table: fewer reports move the quartiles too much to show
COLUMNS = ("work_year", "experience_level", "employment_type", "job_title", "salary_in_usd", "company_location")
# The title rule of scripts/market_pay.py, in the regular-expression dialect DuckDB uses.
ML_TERM = r"(?i)\b(machine learning|ml|mlops|ai|artificial intelligence|deep learning)\b"
ENGINEER = r"(?i)\bengineer\b"


def _check_columns(connection: Any, path: Path) -> None:
    try:
        found = [row[0] for row in connection.execute("SELECT column_name FROM (DESCRIBE salaries)").fetchall()]
    except Exception as error:  # DuckDB reports an unreadable CSV only when it is first read
        reason = str(error).splitlines()[0]
        raise InputError(f"{path}: not a readable CSV: {reason} (fix: pass the aijobs.net salaries CSV)") from None
    missing = [name for name in COLUMNS if name not in found]
    if missing:
        raise InputError(
            f"{path}: no column {', '.join(missing)} (fix: pass the aijobs.net salaries CSV, salaries_*.csv)"
        )


def pay_over_time(path: Path, framework: Framework) -> Any:
    """Quartiles of yearly base pay in US dollars per work year, ladder level and region (``ALL`` and each company
    location with enough reports), as a ``pyarrow.Table``."""
    if not path.is_file():
        raise InputError(f"--salaries {path}: no such file (fix: pass the aijobs.net salaries CSV)")
    levels = {code: level.id for level in ic_levels(framework) if (code := experience_level_for(framework, level.id))}
    if not levels:
        raise InputError("the framework's main track maps to no level of the salary data (fix: use the ML ladder)")
    connection = duckdb_module().connect(":memory:")
    source = "'" + str(path).replace("'", "''") + "'"
    connection.execute(f"CREATE VIEW salaries AS SELECT * FROM read_csv({source}, header = true)")
    _check_columns(connection, path)
    connection.execute(
        "CREATE TABLE ladder AS SELECT unnest($codes) AS experience_level, unnest($ids) AS level",
        {"codes": list(levels), "ids": list(levels.values())},
    )
    return arrow_of(connection, f"""
        WITH picked AS (
            SELECT work_year::INTEGER AS year, ladder.level, s.experience_level, company_location AS region,
                   salary_in_usd::DOUBLE AS pay
            FROM salaries s JOIN ladder USING (experience_level)
            WHERE employment_type = 'FT' AND regexp_matches(job_title, '{ML_TERM}')
              AND regexp_matches(job_title, '{ENGINEER}')
        ),
        places AS (
            SELECT year, level, experience_level, '{ALL_REGIONS}' AS region, pay FROM picked
            UNION ALL SELECT * FROM picked
        )
        SELECT * FROM (
            SELECT year, level, experience_level, region, count(*) AS reports,
                   quantile_cont(pay, 0.25) AS p25, median(pay) AS median, quantile_cont(pay, 0.75) AS p75
            FROM places GROUP BY ALL HAVING count(*) >= $min_reports
        )
        ORDER BY year, level, region = '{ALL_REGIONS}' DESC, reports DESC, region
    """, {"min_reports": MIN_REPORTS})  # fmt: skip
