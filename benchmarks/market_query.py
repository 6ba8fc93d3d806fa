"""How long `mlladder market` takes over 10 million extracted skill rows, against one bare pass over them.

    python benchmarks/market_query.py [--postings 1000000] [--skills 10] [--runs 3] [--folder DIR]

The dataset is generated straight into Parquet with pyarrow (not extracted from text, which would take hours):
``--postings`` rows of the batch's schema, each asking for ``--skills`` distinct skills out of 200 drawn with a
skewed popularity, spread over five levels, 24 months and ten regions, written as four part files like a dataset
folder. It is kept in ``--folder`` between runs. The baseline is the cheapest query that still reads every skill
row (a count over the unnested lists); the figure to watch is the whole report against the 3-second target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from mlladder.framework.load import builtin_framework
from mlladder.market.analysis import MarketOptions, arrow_of, connect
from mlladder.market.dataset import open_dataset
from mlladder.market.parquet import partition_path
from mlladder.market.report import market_report
from mlladder.market.rows import row_schema

SKILLS = 200
SECTIONS = ["required", "preferred", "mentioned"]
LEVELS = ("L1", "L2", "L3", "L4", "L5")
REGIONS = ("US", "GB", "DE", "NL", "CA", "IN", "FR", "ES", "PL", "REMOTE")
PARTS = 4
TARGET_SECONDS = 3.0


def skill_names(framework_skills: list[str]) -> list[str]:
    return framework_skills[:SKILLS]


def labels(codes: np.ndarray, names: list[str]) -> pa.Array:
    """Strings from codes, built as a dictionary array (fast) and cast to plain strings like the batch writes."""
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(names)).cast(pa.string())


def part_table(start: int, count: int, per_posting: int, names: list[str], seed: int) -> pa.Table:
    """``count`` rows with skills that are distinct within a row: a start and a stride coprime with 200."""
    chance = np.random.default_rng(seed)
    base = np.minimum(chance.zipf(1.3, count) - 1, SKILLS - 1)
    stride = chance.choice([1, 3, 7, 9, 11, 13, 17, 19, 21, 23], count)
    picked = (base[:, None] + stride[:, None] * np.arange(per_posting)) % SKILLS
    section_codes = chance.choice(3, count * per_posting, p=[0.6, 0.3, 0.1])
    skills = pa.ListArray.from_arrays(
        pa.array(np.arange(0, count * per_posting + 1, per_posting, dtype=np.int32)),
        pa.StructArray.from_arrays(
            [labels(picked.ravel(), names), labels(section_codes, SECTIONS)], ["skill", "section"]
        ),
    )
    months = chance.integers(0, 24, count)
    dates = np.datetime64("2024-01-01") + (months * 30 + chance.integers(0, 28, count)).astype("timedelta64[D]")
    levels = labels(chance.choice(len(LEVELS), count, p=[0.15, 0.35, 0.3, 0.15, 0.05]), list(LEVELS))
    schema = row_schema()
    columns = {
        "id": pa.array([f"g{start + index}" for index in range(count)]),
        "line": pa.array(np.arange(start + 1, start + count + 1)),
        "kind": pa.array(["posting"] * count),
        "level": levels,
        "confidence": pa.array(np.full(count, 0.8)),
        "years_min": pa.array(chance.integers(0, 12, count).astype(float)),
        "pay_min": pa.array(chance.integers(80, 250, count) * 1000.0),
        "pay_currency": pa.array(["USD"] * count),
        "skills": skills,
        "specialisation": pa.array(["general"] * count),
        "date": pa.array(dates.astype("datetime64[D]")),
        "region": labels(chance.integers(0, len(REGIONS), count), list(REGIONS)),
    }
    columns["pay_max"] = pa.compute.add(columns["pay_min"], 40_000.0)
    arrays = [columns.get(field.name, pa.nulls(count, field.type)) for field in schema]
    return pa.Table.from_arrays(
        [array.cast(field.type) for array, field in zip(arrays, schema, strict=True)], schema=schema
    )


def generate(folder: Path, postings: int, per_posting: int) -> None:
    names = skill_names([skill.id for skill in builtin_framework().skills])
    share = postings // PARTS
    for part in range(PARTS):
        pq.write_table(part_table(part * share, share, per_posting, names, part), partition_path(folder, part))


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall time and median processor time (all threads) of ``runs`` calls."""
    walls, processor = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - started)
        processor.append(time.process_time() - used)
    return statistics.median(walls), statistics.median(processor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--skills", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "mlladder-market-bench")
    arguments = parser.parse_args()
    folder = arguments.folder / f"{arguments.postings}x{arguments.skills}"
    if not any(folder.glob("part-*.parquet")):
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        generate(folder, arguments.postings, arguments.skills)
        print(f"generated {folder} in {time.perf_counter() - started:.1f} s")
    framework = builtin_framework()
    connection = connect(open_dataset(folder), framework)
    rows = arrow_of(connection, "SELECT count(*) AS n FROM (SELECT unnest(skills) FROM postings)").to_pylist()[0]["n"]
    size = sum(path.stat().st_size for path in folder.glob("*.parquet")) / 1e6
    print(f"{arguments.postings:,} postings, {rows:,} skill rows, {size:.0f} MB of Parquet in {PARTS} parts")
    count_rows = "SELECT count(*) FROM (SELECT unnest(skills) FROM postings)"
    figures = {
        "baseline (one pass counting skill rows)": timed(lambda: arrow_of(connection, count_rows), arguments.runs),
        "mlladder market, by level": timed(
            lambda: market_report(folder, framework, MarketOptions(min_count=50)), arguments.runs
        ),
        "mlladder market, by month": timed(
            lambda: market_report(folder, framework, MarketOptions(by="month", min_count=50)), arguments.runs
        ),
    }
    base = figures["baseline (one pass counting skill rows)"][0]
    for label, (wall, processor) in figures.items():
        print(f"{label:<42} {wall:6.2f} s wall ({wall / base:4.1f}x baseline), {processor:6.2f} s processor")
    load = os.getloadavg()[0]
    worst = max(wall for wall, _ in list(figures.values())[1:])
    verdict = "within" if worst < TARGET_SECONDS else "OVER"
    runs, cores = arguments.runs, os.cpu_count()
    print(f"target {TARGET_SECONDS:.0f} s wall: {verdict} (medians of {runs} runs; load {load:.1f}, {cores} cores)")


if __name__ == "__main__":
    main()
