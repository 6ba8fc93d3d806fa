"""The market analysis: DuckDB queries over the rows ``mlladder batch --out`` writes, each answer an Arrow table.

DuckDB runs in this process (no server) and reads the Parquet files where they lie. The skill rows are read once:
:func:`connect` counts them into cells (level, month, region, specialisation, skill), a table as small as the
number of distinct combinations, and every share, trend and finding is summed from those cells. Pairs of skills
need each posting's whole list, so a second pass reads the lists as skill codes and counts the pairs in numpy.
Shares come with Wilson 95% confidence intervals, which stay inside 0-100% and behave for small counts and near 0
or 1.
"""

from __future__ import annotations

import concurrent.futures
import os
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from mlladder.errors import InputError
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework
from mlladder.market.dataset import Dataset
from mlladder.market.extras import compute_module, duckdb_module, pyarrow_module

__all__ = [
    "DIMENSIONS",
    "Z95",
    "Dimension",
    "MarketOptions",
    "arrow_of",
    "co_occurrences",
    "connect",
    "demand",
    "level_mix",
    "monthly_shares",
    "overview",
    "pairs",
    "trends",
    "years_and_pay",
]

Dimension = Literal["level", "month", "region", "specialisation"]
DIMENSIONS: tuple[Dimension, ...] = ("level", "month", "region", "specialisation")
Z95 = 1.959963984540054  # the standard normal's 97.5th percentile: a two-sided 95% interval

UNDATED = "undated"
# The cells' columns: what each --by groups postings on, as a SQL expression over a row.
CELL_SQL: dict[Dimension, str] = {
    "level": "level",
    "month": f"coalesce(strftime(date, '%Y-%m'), '{UNDATED}')",
    "region": "coalesce(region, 'unknown')",
    "specialisation": "specialisation",
}


@dataclass(frozen=True)
class MarketOptions:
    """The thresholds of an analysis; docs/market.md explains each."""

    by: Dimension = "level"
    min_count: int = 5  # fewer postings than this behind a share: no trend, no pair, no ladder-vs-market finding
    min_share: float = 0.10  # ladder vs market: the market asks for a skill at a level from this share on
    rare_share: float = 0.05  # ladder vs market: an expected skill below this share is one few postings mention
    top: int = 15  # rows per group in the text, Markdown and HTML views (the JSON and tables hold all)

    def check(self) -> MarketOptions:
        if self.by not in DIMENSIONS:
            raise InputError(f"unknown --by '{self.by}' (fix: use one of {', '.join(DIMENSIONS)})")
        if self.min_count < 1:
            raise InputError(f"--min-count {self.min_count}: too small (fix: use 1 or more)")
        for name, share in (("--min-share", self.min_share), ("--rare-share", self.rare_share)):
            if not 0 < share < 1:
                raise InputError(f"{name} {share}: not a share (fix: use a number between 0 and 1, e.g. 0.1)")
        if self.top < 1:
            raise InputError(f"--top {self.top}: too small (fix: use 1 or more)")
        return self


def connect(dataset: Dataset, framework: Framework) -> Any:
    """An in-memory DuckDB connection with the view ``postings`` over the dataset's files and the ladder's level
    order as ``levels`` (so tables sort L1, L2, ... rather than alphabetically)."""
    duckdb = duckdb_module()
    connection = duckdb.connect(":memory:")
    files = [str(path) for path in dataset.files]
    # Only postings describe the market: a resume or brag document in the batch (a kind guessed or given) is counted
    # in the overview and left out of every table.
    connection.execute(f"""
        CREATE VIEW documents AS SELECT * FROM read_parquet({_list(files)});
        CREATE VIEW postings AS SELECT * FROM documents WHERE kind = 'posting';
    """)  # fmt: skip
    order = [level.id for level in ic_levels(framework)]
    connection.execute("CREATE TABLE levels AS SELECT unnest($order) AS level, generate_subscripts($order, 1) AS rank",
                       {"order": order})  # fmt: skip
    connection.execute(f"""
        CREATE MACRO wilson_low(k, n) AS
            ((k / n + {Z95}^2 / (2 * n)) - {Z95} * sqrt(k / n * (1 - k / n) / n + {Z95}^2 / (4 * n * n)))
            / (1 + {Z95}^2 / n);
        CREATE MACRO wilson_high(k, n) AS
            ((k / n + {Z95}^2 / (2 * n)) + {Z95} * sqrt(k / n * (1 - k / n) / n + {Z95}^2 / (4 * n * n)))
            / (1 + {Z95}^2 / n);
    """)  # fmt: skip
    _count_cells(connection)
    return connection


CELL_KEY = "hash(level, date_trunc('month', date), region, specialisation)"


def _count_cells(connection: Any) -> None:
    """The one pass over the skill rows (and one over the postings) that every table but pairs is summed from.

    Skill rows are grouped on a hash of their posting's cell rather than on its four columns (a third less work
    over ten million rows); the postings' pass gives each hash its columns back."""
    dimensions = ", ".join(f"{sql} AS {name}" for name, sql in CELL_SQL.items())
    names = ", ".join(CELL_SQL)
    connection.execute(f"""
        CREATE TABLE posting_cells AS
            SELECT cell, {names}, count(*) AS postings
            FROM (SELECT {CELL_KEY} AS cell, {dimensions} FROM postings) GROUP BY ALL;
        CREATE TABLE skill_counts AS
            SELECT cell, item.skill AS skill, count(*) AS asking,
                   count(*) FILTER (WHERE item.section = 'required') AS required,
                   count(*) FILTER (WHERE item.section = 'preferred') AS preferred
            FROM (SELECT {CELL_KEY} AS cell, unnest(skills) AS item FROM postings)
            GROUP BY ALL;
        CREATE VIEW skill_cells AS
            SELECT {names}, skill_counts.* EXCLUDE (cell) FROM skill_counts JOIN posting_cells USING (cell);
    """)  # fmt: skip


def _list(values: list[str]) -> str:
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"[{quoted}]"


def arrow_of(connection: Any, sql: str, parameters: dict[str, Any] | None = None) -> Any:
    """A query's answer as a ``pyarrow.Table`` (DuckDB 1.x and 2.x name the call differently)."""
    relation = connection.sql(sql, params=parameters or None)
    fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
    return fetch()


def _sorted(inner: str, by: Dimension, name: str, then: str = "") -> str:
    """A query whose rows have a group ``grp``, with the group named ``name`` and first, sorted: levels in the
    ladder's order (others after them), other groups by name; then by ``then``."""
    order = "coalesce(levels.rank, 1000), grp" if by == "level" else "grp"
    return f"""
        SELECT grp AS "{name}", inner_rows.* EXCLUDE (grp)
        FROM ({inner}) AS inner_rows LEFT JOIN levels ON levels.level = inner_rows.grp
        ORDER BY {order}{", " + then if then else ""}
    """


def overview(connection: Any) -> dict[str, Any]:
    """How many postings, from when to when, and how many carry a date, a region and stated pay."""
    row = connection.execute("""
        SELECT count(*), min(date), max(date), count(date), count(region), count(pay_min),
               (SELECT sum(asking)::BIGINT FROM skill_cells)
        FROM postings
    """).fetchall()[0]  # fmt: skip
    postings, first, last, dated, placed, paid, skill_rows = row
    others = connection.execute("SELECT count(*) FROM documents WHERE kind <> 'posting'").fetchall()[0][0]
    if not postings:
        raise InputError(
            f"the dataset holds no postings ({others} other documents) "
            "(fix: run 'mlladder batch' on a file of job postings, with --kind posting if they are not recognised)"
        )
    return {
        "postings": postings,
        "other_documents": others,
        "skill_rows": skill_rows or 0,
        "first_date": first.isoformat() if first else None,
        "last_date": last.isoformat() if last else None,
        "with_date": dated,
        "with_region": placed,
        "with_pay": paid,
    }


def level_mix(connection: Any) -> Any:
    """Postings per level: count, share of all postings, and its 95% interval."""
    inner = """
        WITH counted AS (SELECT level AS grp, sum(postings)::BIGINT AS postings FROM posting_cells GROUP BY 1),
             total AS (SELECT sum(postings) AS n FROM counted)
        SELECT grp, postings, postings / n AS share,
               wilson_low(postings, n) AS share_low, wilson_high(postings, n) AS share_high
        FROM counted, total
    """
    return arrow_of(connection, _sorted(inner, "level", "level"))


def demand(connection: Any, by: Dimension = "level") -> Any:
    """Per group and skill: postings in the group, how many ask for the skill (and as required or preferred), the
    share asking, its 95% interval, and the required share with its interval."""
    inner = f"""
        WITH groups AS (SELECT {by} AS grp, sum(postings)::BIGINT AS postings FROM posting_cells GROUP BY 1),
             asked AS (
                SELECT {by} AS grp, skill, sum(asking)::BIGINT AS asking, sum(required)::BIGINT AS required,
                       sum(preferred)::BIGINT AS preferred
                FROM skill_cells GROUP BY ALL
             )
        SELECT grp, skill, postings, asking, required, preferred,
               asking / postings AS share, wilson_low(asking, postings) AS share_low,
               wilson_high(asking, postings) AS share_high,
               required / postings AS required_share, wilson_low(required, postings) AS required_low,
               wilson_high(required, postings) AS required_high
        FROM asked JOIN groups USING (grp)
    """
    return arrow_of(connection, _sorted(inner, by, "group", "asking DESC, skill"))


MONTHLY_SQL = f"""
    WITH months AS (
            SELECT month, sum(postings)::BIGINT AS postings FROM posting_cells
            WHERE month <> '{UNDATED}' GROUP BY 1 HAVING sum(postings) >= $min_count
         ),
         counted AS (
            SELECT month, skill, sum(asking)::BIGINT AS asking FROM skill_cells
            WHERE month IN (SELECT month FROM months) GROUP BY ALL
         ),
         common AS (SELECT skill FROM counted GROUP BY skill HAVING sum(asking) >= $min_count),
         grid AS (
            SELECT months.month, months.postings, common.skill, coalesce(counted.asking, 0) AS asking
            FROM months CROSS JOIN common
            LEFT JOIN counted ON counted.month = months.month AND counted.skill = common.skill
         )
"""


def monthly_shares(connection: Any, options: MarketOptions) -> Any:
    """Per month (with at least ``min_count`` postings) and skill (asked for at least ``min_count`` times): the
    share of that month's postings asking for it; zero months included, so lines do not skip."""
    return arrow_of(connection, MONTHLY_SQL + """
        SELECT month, skill, postings, asking, asking / postings AS share
        FROM grid ORDER BY skill, month
    """, {"min_count": options.min_count})  # fmt: skip


def trends(connection: Any, options: MarketOptions) -> Any:
    """Per skill over the months: its share in the first and last month, and the least-squares slope of its
    monthly share (a share per month: 0.05 is five points a month); positive rises, negative falls. Needs three
    months or more. Equal slopes are ordered by skill: the slope is rounded for the order because sums taken in
    parallel over several files can differ in their last bits, which would otherwise decide between equals."""
    return arrow_of(connection, MONTHLY_SQL + """,
         indexed AS (
            SELECT *, asking / postings AS share,
                   (year(strptime(month, '%Y-%m')) * 12 + month(strptime(month, '%Y-%m'))) AS month_number
            FROM grid
         )
        SELECT skill, sum(asking)::BIGINT AS asking, count(*) AS months,
               arg_min(share, month_number) AS first_share, arg_max(share, month_number) AS last_share,
               regr_slope(share, month_number) AS slope_per_month,
               min(month) AS first_month, max(month) AS last_month
        FROM indexed GROUP BY skill HAVING count(*) >= 3
        ORDER BY round(slope_per_month, 9) DESC, skill
    """, {"min_count": options.min_count})  # fmt: skip


PAIR_SKILLS = 1_000  # pairs are counted among this many most-asked skills: the counts grid grows as its square


def pairs(connection: Any, options: MarketOptions) -> Any:
    """Skills asked for together: for each pair seen in at least ``min_count`` postings, how many, the support
    (share of all postings with both) and the lift (how many times more often than if they were independent).

    Counted from each posting's skill codes in one pass over the lists (see :func:`co_occurrences`); a self-join
    would make every pair of every posting a row of a hash table."""
    names = [row[0] for row in connection.execute(
        """SELECT skill FROM skill_counts GROUP BY skill HAVING sum(asking) >= $min_count
           ORDER BY sum(asking) DESC, skill LIMIT $most""",
        {"min_count": options.min_count, "most": PAIR_SKILLS},
    ).fetchall()]  # fmt: skip
    postings, skills, total = _skill_codes(connection, names)
    single = np.bincount(skills, minlength=len(names))
    together = co_occurrences(postings, skills, len(names))
    first, second = np.nonzero(together >= options.min_count)
    found = [
        _pair(names[a], names[b], int(together[a, b]), total, int(single[a]), int(single[b]))
        for a, b in zip(first, second, strict=True)
    ]
    found.sort(key=lambda pair: (-pair["lift"], -pair["postings"], pair["skill_a"], pair["skill_b"]))
    return pyarrow_module().Table.from_pylist(found, schema=PAIR_SCHEMA())


def co_occurrences(postings: Any, skills: Any, size: int, block_rows: int | None = None) -> Any:
    """How many postings hold each pair of skills (upper triangle of a size-by-size grid), from rows sorted by
    posting. The rows are cut at posting boundaries into blocks of about ``block_rows`` (default
    ``PAIR_BLOCK_ROWS``), counted on as many threads as there are cores (numpy lets go of the interpreter lock
    while it works), and the grids summed: blocks that fit the processor's cache take about half the time of one
    pass over everything, even on one core."""
    postings, skills = postings.astype(np.int32), skills.astype(np.int32)
    blocks = _posting_blocks(postings, block_rows or PAIR_BLOCK_ROWS)
    with concurrent.futures.ThreadPoolExecutor(max(1, min(os.cpu_count() or 1, len(blocks)))) as pool:
        grids = pool.map(lambda block: _block_counts(postings[block], skills[block], size), blocks)
        counts = np.zeros(size * size, dtype=np.int64)
        for grid in grids:
            counts += grid
    return counts.reshape(size, size)


PAIR_BLOCK_ROWS = 1 << 20  # skill rows a block of the pair count: a few megabytes of each array


def _posting_blocks(postings: Any, rows: int) -> list[slice]:
    """Slices of about ``rows`` rows that never split a posting's rows."""
    cuts = [0]
    while len(postings) - cuts[-1] > rows:
        cuts.append(int(np.searchsorted(postings, postings[cuts[-1] + rows], side="left")))
        if cuts[-1] == cuts[-2]:  # one posting longer than a block: it ends the block
            cuts[-1] = int(np.searchsorted(postings, postings[cuts[-1]], side="right"))
    return [slice(start, end) for start, end in zip(cuts, [*cuts[1:], len(postings)], strict=True) if end > start]


def _block_counts(postings: Any, skills: Any, size: int) -> Any:
    """The pair counts of one block (flat). Step d pairs each row with the row d further on where both belong to
    the same posting. While many rows still pair, whole contiguous slices are compared (fast); once few do (a few
    long lists), only those rows are followed, so a posting with sixty skills does not cost sixty passes over
    everything. The codes of all steps are counted at once."""
    total, step, alive = len(postings), 1, None
    codes: list[Any] = []
    while step < total:
        if alive is None:
            same = postings[step:] == postings[:-step]
            first, second = skills[:-step][same], skills[step:][same]
            if len(first) * 16 < total:
                alive = np.flatnonzero(same)
        else:
            alive = alive[alive + step < total]
            alive = alive[postings[alive + step] == postings[alive]]
            first, second = skills[alive], skills[alive + step]
        if not len(first):
            break
        low, high = np.minimum(first, second), np.maximum(first, second)
        distinct = low != high  # a skill listed twice in a posting is no pair
        codes.append(low[distinct].astype(np.int64) * size + high[distinct])
        step += 1
    found = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    return np.bincount(found, minlength=size * size)


def _skill_codes(connection: Any, names: list[str]) -> tuple[Any, Any, int]:
    """(posting number, skill code) of every skill row whose skill is in ``names``, and the number of postings;
    read in record batches so that only the two integer columns are ever held whole."""
    pa, compute = pyarrow_module(), compute_module()
    wanted = pa.array(names, type=pa.string())
    postings: list[Any] = []
    skills: list[Any] = []
    seen = 0
    # Only the skill ids travel to Arrow (the sections stay behind): a third less to convert.
    for batch in _batches(connection, "SELECT [item.skill FOR item IN skills] AS skills FROM postings"):
        lists = batch.column(0)
        codes = compute.index_in(compute.list_flatten(lists), value_set=wanted)
        parents = compute.list_parent_indices(lists)
        known = compute.is_valid(codes)
        postings.append(compute.filter(parents, known).to_numpy() + seen)
        skills.append(compute.filter(codes, known).to_numpy())
        seen += len(lists)
    empty = np.zeros(0, dtype=np.int64)
    return (np.concatenate(postings) if postings else empty), (np.concatenate(skills) if skills else empty), seen


def _batches(connection: Any, sql: str) -> Any:
    """A query's answer as Arrow record batches (DuckDB 1.x and 2.x name the call differently)."""
    relation = connection.sql(sql)
    reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
    return reader()


def PAIR_SCHEMA() -> Any:  # noqa: N802 - a schema, built when pyarrow is known to be there
    pa = pyarrow_module()
    fields = [("skill_a", pa.string()), ("skill_b", pa.string()), ("postings", pa.int64())]
    return pa.schema([*fields, ("support", pa.float64()), ("lift", pa.float64())])


def _pair(first: str, second: str, count: int, total: int, first_count: int, second_count: int) -> dict[str, Any]:
    skill_a, skill_b = sorted((first, second))
    return {
        "skill_a": skill_a,
        "skill_b": skill_b,
        "postings": count,
        "support": count / total,
        "lift": count * total / (first_count * second_count),
    }


def years_and_pay(connection: Any) -> tuple[Any, Any]:
    """Per level, the years postings ask for (quartiles); per level and currency, the stated pay (medians of the
    range's low and high ends, and quartiles of its midpoint)."""
    years = """
        SELECT level AS grp, count(*) AS postings, count(years_min) AS with_years,
               quantile_cont(years_min, 0.25) AS years_p25, median(years_min) AS years_median,
               quantile_cont(years_min, 0.75) AS years_p75
        FROM postings GROUP BY 1
    """
    pay = """
        SELECT level AS grp, pay_currency AS currency, count(*) AS postings,
               median(pay_min) AS low_median, median(pay_max) AS high_median,
               quantile_cont((pay_min + pay_max) / 2, 0.25) AS mid_p25,
               median((pay_min + pay_max) / 2) AS mid_median,
               quantile_cont((pay_min + pay_max) / 2, 0.75) AS mid_p75
        FROM postings WHERE pay_min IS NOT NULL AND pay_currency IS NOT NULL
        GROUP BY ALL
    """
    return (
        arrow_of(connection, _sorted(years, "level", "level")),
        arrow_of(connection, _sorted(pay, "level", "level", "currency")),
    )
