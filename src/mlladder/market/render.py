"""The market report as text, Markdown and a self-contained HTML page with inline SVG charts.

The three views share one list of sections (title, note, columns, rows), so they always show the same numbers;
only the layout differs. Each table shows the ``top`` rows per group; the JSON and the Arrow tables hold all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import groupby
from typing import Any

from mlladder.market.charts import demand_bars, heatmap, trend_lines
from mlladder.market.report import MarketReport

__all__ = [
    "Section",
    "report_html",
    "report_markdown",
    "report_sections",
    "report_text",
]

FINDING_TITLES = {
    "earlier_than_ladder": "asked for at a level below the ladder's",
    "not_in_ladder": "asked for, not in the ladder",
    "rarely_asked": "expected by the ladder, rarely asked for",
}


@dataclass(frozen=True)
class Section:
    title: str
    note: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.1f}%"


def _interval(low: float, high: float) -> str:
    return f"{low * 100:.1f}-{high * 100:.1f}%"


def _number(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _top_per_group(rows: list[dict[str, Any]], key: str, top: int) -> list[dict[str, Any]]:
    return [row for _, grouped in groupby(rows, key=lambda row: row[key]) for row in list(grouped)[:top]]


def _overview(report: MarketReport) -> Section:
    facts = report.overview
    rows = [
        ("postings", f"{facts['postings']:,}"),
        ("other documents, left out", f"{facts['other_documents']:,}"),
        ("skills asked for (rows)", f"{facts['skill_rows']:,}"),
        ("dates", f"{facts['first_date'] or '-'} to {facts['last_date'] or '-'} ({facts['with_date']:,} dated)"),
        ("with a region", f"{facts['with_region']:,}"),
        ("with stated pay", f"{facts['with_pay']:,}"),
        ("framework", report.framework),
    ]
    rows += [("left out", problem) for problem in report.skipped_files]
    return Section(f"Market report: {report.source}", "", ("", ""), rows)


def _level_mix(report: MarketReport) -> Section:
    rows = [
        (row["level"], f"{row['postings']:,}", _pct(row["share"]), _interval(row["share_low"], row["share_high"]))
        for row in report.tables["level_mix"].to_pylist()
    ]
    return Section(
        "Level mix",
        "Postings per level the ladder places them at.",
        ("level", "postings", "share", "95% interval"),
        rows,
    )


def _demand(report: MarketReport) -> Section:
    options = report.options
    rows = [
        (
            row["group"], row["skill"], f"{row['asking']:,}/{row['postings']:,}", _pct(row["share"]),
            _interval(row["share_low"], row["share_high"]), _pct(row["required_share"]), f"{row['preferred']:,}",
        )
        for row in _top_per_group(report.tables["demand"].to_pylist(), "group", options.top)
    ]  # fmt: skip
    note = f"Share of each {options.by}'s postings asking for a skill (top {options.top} per {options.by})."
    columns = (options.by, "skill", "asking", "share", "95% interval", "required", "preferred")
    return Section(f"Skill demand by {options.by}", note, columns, rows)


def _trends(report: MarketReport, rising: bool) -> Section:
    table = [row for row in report.tables["trends"].to_pylist() if (row["slope_per_month"] > 0) == rising]
    table.sort(key=lambda row: -row["slope_per_month"] if rising else row["slope_per_month"])
    rows = [
        (
            row["skill"], f"{row['first_month']} {_pct(row['first_share'])}",
            f"{row['last_month']} {_pct(row['last_share'])}", f"{row['slope_per_month'] * 100:+.2f}",
            f"{row['asking']:,}",
        )
        for row in table[: report.options.top]
    ]  # fmt: skip
    word = "Rising" if rising else "Falling"
    note = "Slope: points of share a month (least squares over the months with enough postings)."
    return Section(f"{word} skills", note, ("skill", "first", "last", "slope", "asking"), rows)


def _pairs(report: MarketReport) -> Section:
    rows = [
        (row["skill_a"], row["skill_b"], f"{row['postings']:,}", _pct(row["support"]), f"{row['lift']:.2f}")
        for row in report.tables["pairs"].to_pylist()[: report.options.top]
    ]
    note = f"Pairs in at least {report.options.min_count} postings; lift 2 means twice as often as by chance."
    return Section("Skills that go together", note, ("skill", "with", "postings", "support", "lift"), rows)


def _years(report: MarketReport) -> Section:
    rows = [
        (
            row["level"], f"{row['with_years']:,}/{row['postings']:,}", _number(row["years_p25"], 1),
            _number(row["years_median"], 1), _number(row["years_p75"], 1),
        )
        for row in report.tables["years"].to_pylist()
    ]  # fmt: skip
    return Section(
        "Years asked for", "The least years a posting asks for.", ("level", "stating", "p25", "median", "p75"), rows
    )


def _pay(report: MarketReport) -> Section:
    rows = [
        (
            row["level"], row["currency"], f"{row['postings']:,}", _number(row["low_median"]),
            _number(row["high_median"]), _number(row["mid_median"]),
        )
        for row in report.tables["pay"].to_pylist()
    ]  # fmt: skip
    note = "Yearly pay as postings state it, in their currency: medians of the range's ends and of its midpoint."
    return Section("Stated pay", note, ("level", "currency", "postings", "low", "high", "midpoint"), rows)


def _ladder(report: MarketReport) -> Section:
    options = report.options
    rows = [
        (
            FINDING_TITLES[row["finding"]], row["level"], row["name"], row["ladder_level"] or "-",
            row["market_level"] or "-", f"{row['asking']:,}/{row['postings']:,}", _pct(row["share"]),
            _interval(row["share_low"], row["share_high"]),
        )
        for row in report.tables["ladder_vs_market"].to_pylist()
    ]  # fmt: skip
    note = (
        f"Asked for: at least {_pct(options.min_share)} of a level's postings and {options.min_count} postings; "
        f"rarely: under {_pct(options.rare_share)}."
    )
    columns = ("finding", "level", "skill", "ladder", "market", "asking", "share", "95% interval")
    return Section("Ladder against market", note, columns, rows)


def _pay_over_time(report: MarketReport) -> Section | None:
    table = report.tables.get("pay_over_time")
    if table is None:
        return None
    rows = [
        (
            str(row["year"]), row["level"], row["region"], f"{row['reports']:,}", _number(row["p25"]),
            _number(row["median"]), _number(row["p75"]),
        )
        for row in table.to_pylist()
    ]  # fmt: skip
    note = "Yearly base pay in US dollars from the aijobs.net salary reports (CC0), ML engineer titles, full time."
    return Section("Pay over time", note, ("year", "level", "region", "reports", "p25", "median", "p75"), rows)


def report_sections(report: MarketReport) -> list[Section]:
    """Every section of the report, in order."""
    sections = [
        _overview(report), _level_mix(report), _demand(report), _trends(report, True), _trends(report, False),
        _pairs(report), _years(report), _pay(report), _ladder(report),
    ]  # fmt: skip
    extra = _pay_over_time(report)
    return sections + ([extra] if extra else [])


# -- text ----------------------------------------------------------------------------------------------------------


def _aligned(section: Section) -> list[str]:
    table = [section.columns, *section.rows] if any(section.columns) else section.rows
    widths = [max(len(row[index]) for row in table) for index in range(len(section.columns))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in table]


def report_text(report: MarketReport) -> str:
    """The report for a terminal: each section a title, a note and aligned columns."""
    lines: list[str] = []
    for section in report_sections(report):
        lines += (
            [section.title, "=" * len(section.title)] if not lines else ["", section.title, "-" * len(section.title)]
        )
        if section.note:
            lines.append(section.note)
        lines += _aligned(section) if section.rows else ["(none)"]
    return "\n".join(lines) + "\n"


# -- Markdown ------------------------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or " "


def report_markdown(report: MarketReport) -> str:
    """The report as Markdown: a heading and a table per section."""
    lines: list[str] = []
    for number, section in enumerate(report_sections(report)):
        lines += [f"{'#' if number == 0 else '##'} {section.title}", ""]
        if section.note:
            lines += [section.note, ""]
        if not section.rows:
            lines += ["(none)", ""]
            continue
        columns = section.columns if any(section.columns) else ("what", "value")
        lines.append("| " + " | ".join(_cell(column) for column in columns) + " |")
        lines.append("|" + "---|" * len(columns))
        lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in section.rows]
        lines.append("")
    return "\n".join(lines)


# -- HTML ----------------------------------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } p.note { color: #555; }
.charts { display: flex; flex-wrap: wrap; gap: 0 2rem; }
"""


def _html_table(section: Section) -> str:
    if not section.rows:
        return "<p>(none)</p>"
    head = "".join(f'<th scope="col">{escape(column)}</th>' for column in section.columns)
    body = "".join(
        "<tr>" + "".join(f"<td{_numeric(cell)}>{escape(cell)}</td>" for cell in row) + "</tr>" for row in section.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _numeric(cell: str) -> str:
    return ' class="n"' if cell[:1].isdigit() or (cell[:1] in "+-" and cell[1:2].isdigit()) else ""


def _charts(report: MarketReport) -> dict[str, str]:
    """The charts, keyed by the section they sit under."""
    options = report.options
    demand_rows = report.tables["demand"].to_pylist()
    bars = [
        demand_bars(
            f"{options.by} {group}: share of postings asking",
            [(row["skill"], row["share"], row["share_low"], row["share_high"]) for row in list(rows)[: options.top]],
        )
        for group, rows in groupby(demand_rows, key=lambda row: row["group"])
    ][:12]  # fmt: skip
    monthly = report.tables["monthly"].to_pylist()
    months = sorted({row["month"] for row in monthly})
    ranked = sorted(report.tables["trends"].to_pylist(), key=lambda row: row["slope_per_month"])
    chosen = (
        [row["skill"] for row in ranked[-4:][::-1] + ranked[:4]]
        if len(ranked) > 8
        else [row["skill"] for row in ranked]
    )
    series: dict[str, list[float]] = defaultdict(list)
    for row in monthly:
        if row["skill"] in chosen:
            series[row["skill"]].append(row["share"])
    lines = (
        trend_lines("Monthly share of postings: the most rising and falling skills", months, dict(series))
        if months
        else ""
    )
    by_level = report.tables["heatmap"].to_pylist()
    levels = [row["level"] for row in report.tables["level_mix"].to_pylist()]
    totals: dict[str, int] = defaultdict(int)
    for row in by_level:
        totals[row["skill"]] += row["asking"]
    skills = sorted(totals, key=lambda skill: (-totals[skill], skill))[:25]
    shares = {(row["group"], row["skill"]): row["share"] for row in by_level}
    grid = heatmap("Share of postings asking, by level", levels, skills, shares)
    return {
        "Skill demand": '<div class="charts">' + "".join(f"<figure>{chart}</figure>" for chart in bars) + "</div>",
        "Rising skills": f"<figure>{lines}</figure>" if lines else "",
        "Ladder against market": f"<figure>{grid}</figure>",
    }


def report_html(report: MarketReport) -> str:
    """A self-contained HTML page: the sections' tables, with demand bars, trend lines and a heatmap inline."""
    charts = _charts(report)
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>Market report: {escape(report.source)}</title><style>{STYLE}</style></head><body><main>",
    ]
    for number, section in enumerate(report_sections(report)):
        tag = "h1" if number == 0 else "h2"
        parts.append(f"<section><{tag}>{escape(section.title)}</{tag}>")
        if section.note:
            parts.append(f'<p class="note">{escape(section.note)}</p>')
        parts.append(next((chart for key, chart in charts.items() if section.title.startswith(key)), ""))
        parts.append(_html_table(section) + "</section>")
    parts.append("</main></body></html>\n")
    return "".join(parts)
