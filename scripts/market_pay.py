"""Write the market pay table mlladder ships (src/mlladder/market/market_pay.json) from the aijobs.net salaries.

    python scripts/market_pay.py [--csv FILE] [--output FILE]

The input is ``salaries_2025-01-19.csv`` of the aijobs.net salary index (CC0 1.0), read from
``$MLLADDER_SHARED/data/aijobs-salaries`` (default ``../shared``); it is never copied into the repository. The
output is deterministic: the same CSV gives the same bytes, which a test checks. docs/pay.md explains the rules.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MLLADDER_SHARED", ROOT.parent / "shared"))
CSV_NAME = "salaries_2025-01-19.csv"
DEFAULT_CSV = SHARED / "data" / "aijobs-salaries" / CSV_NAME
DEFAULT_OUTPUT = ROOT / "src" / "mlladder" / "market" / "market_pay.json"

SOURCE = {
    "name": "aijobs.net Global AI, ML, Data Science Salary Index",
    "url": "https://github.com/foorilla/ai-jobs-net-salaries",
    "commit": "9c22587",
    "attribution": "https://aijobs.net/salaries/",
    "licence": "CC0 1.0",
}
# Below this many rows a cell's quantiles move too much with a few reports to be worth showing: it is left out.
MIN_N = 30
EXPERIENCE_LEVELS = ("EN", "MI", "SE", "EX")
QUANTILES = {"p10": 0.10, "p25": 0.25, "median": 0.50, "p75": 0.75, "p90": 0.90}
ALL_REGIONS = "ALL"
FULL_TIME = "FT"

ML_TERM = re.compile(r"\b(machine learning|ml|mlops|ai|artificial intelligence|deep learning)\b", re.IGNORECASE)
ENGINEER = re.compile(r"\bengineer\b", re.IGNORECASE)  # a whole word: "Engineering Manager" is not an engineer title
# Titles near the rule (they name ML or a field of it) that it leaves out, listed so readers see the boundary.
NEARBY = re.compile(r"\b(computer vision|nlp|llm|genai|prompt)\b", re.IGNORECASE)
TITLE_RULE = (
    "The job title names machine learning (as 'Machine Learning', 'ML' or 'MLOps'), 'AI', 'Artificial "
    "Intelligence' or 'Deep Learning', and has the word 'Engineer' (whole words, any case). Titles that add a "
    "seniority ('Lead', 'Principal', 'Staff') or an area ('Infrastructure', 'Platform', 'Research') are in; "
    "scientists, researchers, developers, architects, managers, heads and directors are out, as are engineer "
    "titles that name no ML term (Computer Vision Engineer, NLP Engineer)."
)
EXACT_TITLE = "Machine Learning Engineer"
# Titles that name a rung above senior: which experience level their reports give shows where Staff+ pay sits.
SENIOR_TITLE = re.compile(r"(staff|principal|lead)\b", re.IGNORECASE)

Row = dict[str, str]


def is_ml_engineer(title: str) -> bool:
    """The title rule: an ML term and the word 'engineer'."""
    return bool(ML_TERM.search(title) and ENGINEER.search(title))


def is_nearby(title: str) -> bool:
    """A title that names ML or a field of it but fails the rule: shown in the docs as what is out."""
    return not is_ml_engineer(title) and bool(ML_TERM.search(title) or NEARBY.search(title))


def quantile(values: Sequence[float], share: float) -> int:
    """Linear interpolation between order statistics (numpy's default, Hyndman-Fan type 7), in whole units."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    value = ordered[below] + (ordered[above] - ordered[below]) * (position - below)
    return round(value)


def quantiles(values: Sequence[float]) -> dict[str, int]:
    return {name: quantile(values, share) for name, share in QUANTILES.items()}


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def year_groups(rows: Iterable[Row]) -> dict[str, set[str]]:
    """Every work year alone, and the two latest pooled (the latest alone is a partial year in a snapshot)."""
    years = sorted({row["work_year"] for row in rows})
    groups = {year: {year} for year in years}
    if len(years) >= 2:
        groups[f"{years[-2]}-{years[-1]}"] = {years[-2], years[-1]}
    return groups


def _cell(level: str, region: str, years: str, rows: list[Row]) -> dict[str, Any]:
    cell: dict[str, Any] = {"level": level, "region": region, "years": years, "n": len(rows)}
    cell["usd"] = quantiles([float(row["salary_in_usd"]) for row in rows])
    by_currency: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if row["salary_currency"] != "USD":
            by_currency[row["salary_currency"]].append(float(row["salary"]))
    local = {
        currency: {"n": len(values), **quantiles(values)}
        for currency, values in sorted(by_currency.items())
        if len(values) >= MIN_N
    }
    if local:
        cell["local"] = local
    return cell


def cells(rows: list[Row], groups: dict[str, set[str]]) -> list[dict[str, Any]]:
    """One cell per experience level, region (ALL first, then by code) and year group with at least MIN_N rows."""
    by_place: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        by_place[(row["experience_level"], ALL_REGIONS)].append(row)
        by_place[(row["experience_level"], row["company_location"])].append(row)
    regions = [ALL_REGIONS, *sorted({row["company_location"] for row in rows})]
    found = []
    for level in EXPERIENCE_LEVELS:
        for region in regions:
            for label, years in groups.items():
                chosen = [row for row in by_place[(level, region)] if row["work_year"] in years]
                if len(chosen) >= MIN_N:
                    found.append(_cell(level, region, label, chosen))
    return found


def currencies(rows: list[Row]) -> dict[str, dict[str, float]]:
    """Every currency of the whole file with its rows and the median US dollars per unit the file implies."""
    rates: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if float(row["salary"]) > 0:
            rates[row["salary_currency"]].append(float(row["salary_in_usd"]) / float(row["salary"]))
    return {
        code: {"rows": len(values), "usd_per_unit": float(f"{statistics.median(values):.6g}")}
        for code, values in sorted(rates.items())
    }


def _counts(values: Iterable[str]) -> dict[str, int]:
    """Counts, most frequent first, ties by name: a stable order for the file."""
    return dict(sorted(Counter(values).items(), key=lambda item: (-item[1], item[0])))


def build_table(path: Path, title_rule: Callable[[str], bool] = is_ml_engineer) -> dict[str, Any]:
    """The whole table as plain data."""
    everything = read_rows(path)
    full_time = [row for row in everything if row["employment_type"] == FULL_TIME]
    chosen = [row for row in full_time if title_rule(row["job_title"])]
    groups = year_groups(chosen)
    latest = list(groups)[-1]
    exact = [row for row in chosen if row["job_title"] == EXACT_TITLE and row["company_location"] == "US"]
    return {
        "source": {**SOURCE, "file": path.name, "date": _file_date(path.name)},
        "title_rule": {
            "text": TITLE_RULE,
            "patterns": [ML_TERM.pattern, ENGINEER.pattern],
            "titles": _counts(row["job_title"] for row in chosen),
            "nearby_titles_left_out": _counts(row["job_title"] for row in full_time if is_nearby(row["job_title"])),
        },
        "filters": {
            "employment_type": FULL_TIME,
            "region": "company_location (where the employer is, not where the employee lives)",
            "repeats": "rows that repeat exactly are kept: the file has no row id and its README says they may be "
            "genuine repeats",
        },
        "min_n": MIN_N,
        "quantile_method": "linear interpolation between order statistics (Hyndman-Fan type 7), whole units",
        "rows": {
            "file": len(everything),
            "full_time": len(full_time),
            "chosen": len(chosen),
            "chosen_exact_repeats": len(chosen) - len({tuple(row.values()) for row in chosen}),
        },
        "latest_years": latest,
        "senior_titles_by_level": _counts(
            row["experience_level"] for row in chosen if SENIOR_TITLE.match(row["job_title"])
        ),
        "regions": _counts(row["company_location"] for row in chosen),
        "currencies": currencies(everything),
        "exact_title_check": {
            "title": EXACT_TITLE,
            "cells": [cell for cell in cells(exact, {latest: groups[latest]}) if cell["region"] == "US"],
        },
        "cells": cells(chosen, groups),
    }


def _file_date(name: str) -> str:
    found = re.search(r"\d{4}-\d{2}-\d{2}", name)
    return found.group(0) if found else ""


WIDTH = 118


def _dump(value: Any, indent: int = 0) -> str:
    """JSON that fits a line where it can and puts every list item on a line of its own: small, readable diffs."""
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, dict | list) or not value or indent + len(flat) <= WIDTH:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, list):
        items = [pad + json.dumps(item, ensure_ascii=False) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    items = [f"{pad}{json.dumps(key)}: {_dump(item, indent + 2)}" for key, item in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def table_text(table: dict[str, Any]) -> str:
    return _dump(table) + "\n"


def write_table(csv_path: Path, output: Path) -> None:
    output.write_text(table_text(build_table(csv_path)), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help=f"the salaries CSV (default: {DEFAULT_CSV})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the table")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        parser.error(f"{args.csv} not found (set MLLADDER_SHARED to the folder that holds data/aijobs-salaries)")
    write_table(args.csv, args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
