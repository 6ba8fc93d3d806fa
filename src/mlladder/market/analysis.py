"""The market analysis: DuckDB queries over the rows ``mlladder batch --out`` writes, each answer an Arrow table.

DuckDB runs in this process (no server) and reads the Parquet files where they lie, so the tables below cost
one pass each over the columns they need, whatever the number of postings. Shares come with Wilson 95%
confidence intervals, which stay inside 0-100% and behave for small counts and for shares near 0 or 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from mlladder.errors import InputError
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework
from mlladder.market.dataset import Dataset
from mlladder.market.extras import duckdb_module

__all__ = [
    "DIMENSIONS",
    "Z95",
    "Dimension",
    "MarketOptions",
    "arrow_of",
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

# What each --by groups postings on, as a SQL expression over a row.
GROUP_SQL: dict[Dimension, str] = {
    "level": "level",
    "month": "coalesce(strftime(date, '%Y-%m'), 'undated')",
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
    connection.execute(f"CREATE VIEW postings AS SELECT * FROM read_parquet({_list(files)})")
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
    return connection


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
               (SELECT count(*) FROM (SELECT unnest(skills) FROM postings))
        FROM postings
    """).fetchall()[0]  # fmt: skip
    postings, first, last, dated, placed, paid, skill_rows = row
    if not postings:
        raise InputError("the dataset holds no postings (fix: run 'mlladder batch' on a file with documents)")
    return {
        "postings": postings,
        "skill_rows": skill_rows,
        "first_date": first.isoformat() if first else None,
        "last_date": last.isoformat() if last else None,
        "with_date": dated,
        "with_region": placed,
        "with_pay": paid,
    }


def level_mix(connection: Any) -> Any:
    """Postings per level: count, share of all postings, and its 95% interval."""
    inner = """
        WITH counted AS (SELECT level AS grp, count(*) AS postings FROM postings GROUP BY 1),
             total AS (SELECT sum(postings) AS n FROM counted)
        SELECT grp, postings, postings / n AS share,
               wilson_low(postings, n) AS share_low, wilson_high(postings, n) AS share_high
        FROM counted, total
    """
    return arrow_of(connection, _sorted(inner, "level", "level"))


def demand(connection: Any, by: Dimension = "level") -> Any:
    """Per group and skill: postings in the group, how many ask for the skill (and as required or preferred), the
    share asking, its 95% interval, and the required share with its interval."""
    group = GROUP_SQL[by]
    inner = f"""
        WITH groups AS (SELECT {group} AS grp, count(*) AS postings FROM postings GROUP BY 1),
             asked AS (
                SELECT grp, item.skill AS skill,
                       count(*) AS asking,
                       count(*) FILTER (WHERE item.section = 'required') AS required,
                       count(*) FILTER (WHERE item.section = 'preferred') AS preferred
                FROM (SELECT {group} AS grp, unnest(skills) AS item FROM postings)
                GROUP BY ALL
             )
        SELECT grp, skill, postings, asking, required, preferred,
               asking / postings AS share, wilson_low(asking, postings) AS share_low,
               wilson_high(asking, postings) AS share_high,
               required / postings AS required_share, wilson_low(required, postings) AS required_low,
               wilson_high(required, postings) AS required_high
        FROM asked JOIN groups USING (grp)
    """
    return arrow_of(connection, _sorted(inner, by, "group", "asking DESC, skill"))


MONTHLY_SQL = """
    WITH months AS (
            SELECT strftime(date, '%Y-%m') AS month, count(*) AS postings FROM postings
            WHERE date IS NOT NULL GROUP BY 1 HAVING count(*) >= $min_count
         ),
         counted AS (
            SELECT month, item.skill AS skill, count(*) AS asking
            FROM (SELECT strftime(date, '%Y-%m') AS month, unnest(skills) AS item FROM postings WHERE date IS NOT NULL)
            WHERE month IN (SELECT month FROM months)
            GROUP BY ALL
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
    monthly share (points of share per month); positive rises, negative falls. Needs three months or more."""
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
        ORDER BY slope_per_month DESC, skill
    """, {"min_count": options.min_count})  # fmt: skip


def pairs(connection: Any, options: MarketOptions) -> Any:
    """Skills asked for together: for each pair seen in at least ``min_count`` postings, how many, the support
    (share of all postings with both) and the lift (how many times more often than if they were independent)."""
    return arrow_of(connection, """
        WITH numbered AS (SELECT row_number() OVER () AS posting, skills FROM postings),
             items AS (SELECT posting, unnest(skills).skill AS skill FROM numbered),
             total AS (SELECT count(*) AS n FROM postings),
             single AS (SELECT skill, count(*) AS asking FROM items GROUP BY skill HAVING count(*) >= $min_count),
             kept AS (SELECT posting, skill FROM items SEMI JOIN single USING (skill)),
             together AS (
                SELECT a.skill AS skill_a, b.skill AS skill_b, count(*) AS both_count
                FROM kept a JOIN kept b ON a.posting = b.posting AND a.skill < b.skill
                GROUP BY ALL HAVING count(*) >= $min_count
             )
        SELECT skill_a, skill_b, both_count AS postings, both_count / n AS support,
               both_count * n / (sa.asking * sb.asking) AS lift
        FROM together
        JOIN single sa ON sa.skill = skill_a
        JOIN single sb ON sb.skill = skill_b, total
        ORDER BY lift DESC, postings DESC, skill_a, skill_b
    """, {"min_count": options.min_count})  # fmt: skip


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
