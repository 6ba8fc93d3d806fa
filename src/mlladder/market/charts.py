"""Inline SVG charts of the market report: demand bars with their intervals, share lines over the months, and a
level-by-skill heatmap. Plain SVG with text labels and a <title> each, so the page needs no script and a screen
reader reads every figure."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = [
    "demand_bars",
    "heatmap",
    "trend_lines",
]

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def demand_bars(title: str, rows: Sequence[tuple[str, float, float, float]]) -> str:
    """Horizontal bars of (label, share, low, high), each with a whisker for its 95% interval."""
    label_width, bar_width, row_height = 150, 260, 22
    height = 30 + row_height * len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_width + bar_width + 60}" '
        f'height="{height}" {FONT}><title>{escape(title)}</title>',
        f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>',
    ]
    for index, (label, share, low, high) in enumerate(rows):
        y = 24 + index * row_height
        width = share * bar_width
        parts += [
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{label_width}" y="{y + 3}" width="{width:.1f}" height="{row_height - 8}" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {_percent(share)} (95% {_percent(low)} to {_percent(high)})</title></rect>",
            f'<line x1="{label_width + low * bar_width:.1f}" x2="{label_width + high * bar_width:.1f}" '
            f'y1="{y + 10}" y2="{y + 10}" stroke="#222" stroke-width="1.5"/>',
            f'<text x="{label_width + bar_width + 6}" y="{y + 14}">{_percent(share)}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def trend_lines(title: str, months: Sequence[str], series: dict[str, Sequence[float]]) -> str:
    """One line per skill of its monthly share; months along the bottom, share up the side."""
    width, height, left, bottom, top = 640, 260, 44, 40, 24
    plot_width, plot_height = width - left - 150, height - top - bottom
    highest = max((max(values) for values in series.values() if values), default=0.0) or 1.0
    step = plot_width / max(len(months) - 1, 1)

    def point(index: int, share: float) -> str:
        return f"{left + index * step:.1f},{top + plot_height - share / highest * plot_height:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" {FONT}>'
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_height}" stroke="#888"/>',
        f'<line x1="{left}" x2="{left + plot_width}" y1="{top + plot_height}" y2="{top + plot_height}" stroke="#888"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{_percent(highest)}</text>',
        f'<text x="{left - 4}" y="{top + plot_height}" text-anchor="end">0%</text>',
    ]
    for index, month in enumerate(months):
        if index in (0, len(months) - 1) or index % 3 == 0:
            x = left + index * step
            parts.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(month)}</text>')
    for number, (skill, values) in enumerate(series.items()):
        colour = PALETTE[number % len(PALETTE)]
        points = " ".join(point(index, share) for index, share in enumerate(values))
        label_y = top + 14 + number * 16
        parts += [
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(skill)}</title></polyline>",
            f'<rect x="{left + plot_width + 12}" y="{label_y - 9}" width="10" height="10" fill="{colour}"/>',
            f'<text x="{left + plot_width + 26}" y="{label_y}">{escape(skill)}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def _shade(share: float) -> str:
    """White at 0% to deep blue at 100%."""
    strength = max(0.0, min(1.0, share))
    red, green = round(255 - 224 * strength), round(255 - 136 * strength)
    return f"rgb({red},{green},{round(255 - 75 * strength)})"


def heatmap(title: str, levels: Sequence[str], skills: Sequence[str], shares: dict[tuple[str, str], float]) -> str:
    """A cell per (level, skill) shaded by the share of that level's postings asking for the skill."""
    cell, left, top = 34, 190, 40
    width, height = left + cell * len(levels) + 10, top + cell * len(skills) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" {FONT}>'
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>',
    ]
    for column, level in enumerate(levels):
        x = left + column * cell + cell / 2
        parts.append(f'<text x="{x:.0f}" y="{top - 6}" text-anchor="middle">{escape(level)}</text>')
    for row, skill in enumerate(skills):
        y = top + row * cell
        parts.append(f'<text x="{left - 6}" y="{y + cell / 2 + 4:.0f}" text-anchor="end">{escape(skill)}</text>')
        for column, level in enumerate(levels):
            share = shares.get((level, skill), 0.0)
            ink = "#fff" if share > 0.55 else "#222"
            x = left + column * cell
            parts += [
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{_shade(share)}">'
                f"<title>{escape(skill)} at {escape(level)}: {_percent(share)}</title></rect>",
                f'<text x="{x + cell / 2 - 1:.0f}" y="{y + cell / 2 + 3:.0f}" text-anchor="middle" font-size="10" '
                f'fill="{ink}">{share * 100:.0f}</text>',
            ]
    parts.append("</svg>")
    return "".join(parts)
