"""Rich renderings of the team views for the terminal: the heatmap, coverage, risks, readiness and what-if."""

from __future__ import annotations

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from mlladder.team.matrix import Cell, Column, Coverage, TeamMatrix, team_risks
from mlladder.team.readiness import Readiness
from mlladder.team.whatif import CoverageChange, TeamShift, WhatIf

__all__ = ["matrix_view", "teams_view", "what_if_view"]

# Symbols carry the heatmap's meaning without colour (a pipe, a screen reader, a printout).
MARKS = {"above": "▲", "at": "●", "below": "▼", "unrated": "?", "not-expected": "·"}
STYLES = {"above": "bold green", "at": "cyan", "below": "bold red", "unrated": "dim", "not-expected": "dim"}
LEGEND = (
    "▲ above the expectation of the person's level, ● at it, ▼ below it, ? not rated, · not asked at that level; "
    "the number is the combined rating (0-4)"
)
MAX_NAMED_HOLDERS = 4
MAX_GAPS_SHOWN = 3  # the furthest first; JSON lists them all
MAX_SHIFT_LINES = 6  # a team's coverage changes that make or end a risk; JSON lists them all


def short_codes(columns: tuple[Column, ...]) -> dict[str, str]:
    """A short, unique header per competency: initials of a multi-word id (system-design -> SD), else its first
    four letters (mlops -> Mlop); the id itself where two would clash."""
    codes: dict[str, str] = {}
    for column in columns:
        parts = column.id.split("-")
        code = "".join(part[0] for part in parts).upper() if len(parts) > 1 else column.id[:4].capitalize()
        codes[column.id] = column.id if code in codes.values() else code
    return codes


def _cell(cell: Cell) -> Text:
    value = "-" if cell.rating is None else f"{cell.rating:.1f}"
    shown = MARKS[cell.status] if cell.status in ("unrated", "not-expected") else f"{value}{MARKS[cell.status]}"
    return Text(shown, style=STYLES[cell.status])


CELL_WIDTH = 6  # "3.4▲" plus the space between columns
FIXED_WIDTH = 8 + 4 + 11 + 8  # Level "M1 (L3)", P "100%", Next "10 gaps: L4", and the spaces around them


class Heatmap:
    """The people × competencies heatmap, split into parts that each fit the terminal's width: every part repeats
    the person and their level, so a narrow terminal gets two or three readable tables rather than cut columns."""

    def __init__(self, matrix: TeamMatrix, title: str) -> None:
        self.matrix = matrix
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = list(self.matrix.columns)
        name_width = max((len(row.name) for row in self.matrix.rows), default=6)
        room = options.max_width - max(min(name_width, 20), 6) - FIXED_WIDTH
        per_part = max(3, room // CELL_WIDTH)
        parts = [columns[start : start + per_part] for start in range(0, len(columns), per_part)] or [[]]
        for number, part in enumerate(parts, start=1):
            title = self.title if len(parts) == 1 else f"{self.title} ({number} of {len(parts)})"
            yield heatmap_part(self.matrix, title, part)


def heatmap_part(matrix: TeamMatrix, title: str, columns: list[Column]) -> Table:
    """One table of the heatmap: every person with the given competency columns."""
    codes = short_codes(matrix.columns)
    wanted = {column.id for column in columns}
    # No vertical lines: a column per competency has to fit a terminal.
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("Person", max_width=20)
    for header in ("Level", "P"):
        table.add_column(header, no_wrap=True)
    for column in columns:
        table.add_column(codes[column.id], justify="right", no_wrap=True)
    table.add_column("Next", no_wrap=True)
    for row in matrix.rows:
        placed = "" if row.placed_level == row.level else f" ({row.placed_level})"
        probability = "-" if row.probability == 0 else f"{row.probability:.0%}"
        cells = [_cell(cell) for column, cell in zip(matrix.columns, row.cells, strict=True) if column.id in wanted]
        table.add_row(row.name, row.level + placed, probability, *cells, _ready_cell(row.readiness))
    return table


def _ready_cell(ready: Readiness) -> Text:
    """'ready: L3', '1 gap: L3', '4 gaps: L4' in a narrow column; the readiness table says what is short."""
    if ready.next_level is None:
        return Text("top", style="dim")
    count = len(ready.gaps)
    words = ("ready?" if ready.unverified else "ready") if not count else f"{count} gap{'s' if count > 1 else ''}"
    style = "bold green" if ready.band == "ready" else "green" if ready.band == "one-gap" else ""
    return Text(f"{words}: {ready.next_level}", style=style)


def _legend(matrix: TeamMatrix) -> Text:
    codes = short_codes(matrix.columns)
    names = "; ".join(f"{codes[column.id]} {column.name}" for column in matrix.columns)
    return Text(
        f"{LEGEND}. Level: the level held (the placed one in brackets where they differ); P: the placement's "
        f"probability of the level held; Next: the gaps to the next level (ready?: none, but some of its "
        f"competencies are not rated). {names}.",
        style="dim",
    )


def _holders(item: Coverage) -> str:
    if not item.holders:
        return "nobody"
    shown = ", ".join(item.holders[:MAX_NAMED_HOLDERS])
    more = len(item.holders) - MAX_NAMED_HOLDERS
    return shown + (f" +{more}" if more > 0 else "")


def _flag(item: Coverage) -> Text:
    if item.gap:
        return Text("GAP", style="bold red")
    if item.single_point:
        return Text("single point", style="bold yellow")
    return Text("")


def coverage_table(matrix: TeamMatrix) -> Table:
    table = Table(title=f"Coverage at {matrix.needed_level}: who meets its expectation", title_justify="left")
    for header in ("Competency", "Needed", "People", "Who", ""):
        table.add_column(header, justify="right" if header in ("Needed", "People") else "left")
    for item in matrix.coverage:
        table.add_row(item.name, str(item.expected), str(item.count), _holders(item), _flag(item))
    return table


def skills_table(matrix: TeamMatrix, every: bool) -> Table:
    title = "Skills: " + ("every skill held or needed" if every else "gaps and single points")
    table = Table(title=title, title_justify="left")
    for header in ("Skill", "People", "Who", ""):
        table.add_column(header, justify="right" if header == "People" else "left")
    for item in matrix.skill_coverage:
        if every or item.gap or (item.single_point and item.needed):
            table.add_row(item.name, str(item.count), _holders(item), _flag(item))
    return table


def people_skills_table(matrix: TeamMatrix) -> Table:
    """Each person's skills by name: the drill-down below the competencies."""
    names = {item.id: item.name for item in matrix.skill_coverage}
    table = Table(title="Skills by person", title_justify="left")
    table.add_column("Person", no_wrap=True)
    table.add_column("Skills")
    for row in matrix.rows:
        table.add_row(row.name, ", ".join(sorted(names.get(skill, skill) for skill in row.skills)) or "-")
    return table


def readiness_table(matrix: TeamMatrix) -> Table:
    table = Table(title="Readiness for the next level", title_justify="left")
    for header in ("Person", "Step", "Ready", "Short of the next level", "Time in level"):
        table.add_column(header)
    order = {"ready": 0, "one-gap": 1, "further": 2, "top": 3}
    for row in sorted(matrix.rows, key=lambda row: (order[row.readiness.band], row.name.casefold())):
        ready = row.readiness
        step = f"{ready.level} → {ready.next_level}" if ready.next_level else ready.level
        short = ", ".join(f"{gap.name} {gap.rating:.1f} of {gap.expected}" for gap in ready.gaps[:MAX_GAPS_SHOWN])
        short += f" +{len(ready.gaps) - MAX_GAPS_SHOWN} more" if len(ready.gaps) > MAX_GAPS_SHOWN else ""
        style = "bold green" if ready.band == "ready" else "green" if ready.band == "one-gap" else ""
        table.add_row(row.name, step, Text(ready.label, style=style), short or "-", ready.window_text)
    return table


def _packets(matrix: TeamMatrix) -> list[RenderableType]:
    """How to build the packet of everyone ready now or one gap away, with what supports them."""
    lines: list[RenderableType] = []
    for row in matrix.rows:
        ready = row.readiness
        if ready.band not in ("ready", "one-gap") or ready.next_level is None:
            continue
        lines.append(Text(f"{row.name} → {ready.next_level}: {ready.label}", style="bold"))
        for item in ready.evidence[:3]:
            lines.append(Text(f"  evidence: {item}"))
        lines.append(Text(f"  promotion packet: {ready.packet}"))
    return lines


def _risks(matrix: TeamMatrix) -> list[RenderableType]:
    """Competency risks and people past the window one by one; skill risks counted, as the skills table lists
    them (JSON lists every risk)."""
    risks = team_risks(matrix)
    skill_ids = {item.id for item in matrix.skill_coverage}
    people = [risk for risk in risks if risk.subject not in skill_ids]
    skill_gaps = sum(1 for risk in risks if risk.subject in skill_ids and risk.kind == "gap")
    skill_singles = sum(1 for risk in risks if risk.subject in skill_ids and risk.kind == "single-point")
    lines: list[RenderableType] = [Text(f"- {risk.text}") for risk in people]
    if skill_gaps or skill_singles:
        lines.append(
            Text(
                f"- Skills: {skill_gaps} the guides name on the way to {matrix.needed_level} that nobody has, "
                f"{skill_singles} that only one person has (the skills table above)"
            )
        )
    if not lines:
        return [Text("Risks: none found.", style="bold")]
    return [Text("Risks", style="bold"), *lines]


def _header(matrix: TeamMatrix, title: str) -> Text:
    mix = ", ".join(f"{level} {count}" for level, count in matrix.level_mix.items())
    people = len(matrix.rows)
    return Text(
        f"{title}: {people} {'person' if people == 1 else 'people'} ({mix}); needed level {matrix.needed_level}, "
        "the level most of them hold",
        style="bold",
    )


def matrix_view(matrix: TeamMatrix, skills: bool = False, title: str = "Team") -> RenderableType:
    parts: list[RenderableType] = [
        _header(matrix, title),
        Heatmap(matrix, "Ratings against each person's level"),
        _legend(matrix),
        coverage_table(matrix),
        skills_table(matrix, every=skills),
        *([people_skills_table(matrix)] if skills else []),
        *_risks(matrix),
        readiness_table(matrix),
        *_packets(matrix),
    ]
    return Group(*parts)


def teams_view(matrices: dict[str, TeamMatrix], skills: bool = False) -> RenderableType:
    """One section per team, each with its own needed level."""
    return Group(*(matrix_view(matrix, skills, title=f"Team {name}") for name, matrix in matrices.items()))


def what_if_view(result: WhatIf) -> RenderableType:
    mix = Table(title="Level mix", title_justify="left")
    for header in ("Level", "Today", "After"):
        mix.add_column(header, justify="left" if header == "Level" else "right")
    for level, (old, new) in result.level_mix.items():
        mix.add_row(level, str(old), Text(str(new), style="bold" if old != new else ""))
    coverage = Table(title=f"Coverage at {result.before.needed_level}, today and after", title_justify="left")
    for header in ("Competency", "Today", "After", ""):
        coverage.add_column(header, justify="left" if header in ("Competency", "") else "right")
    after = {item.id: item for item in result.after.coverage}
    for item in result.before.coverage:
        now = after[item.id]
        coverage.add_row(item.name, str(item.count), str(now.count), _change_flag(item, now))
    added, resolved = result.risks
    return Group(
        Text("What if: " + "; ".join(result.changes), style="bold"),
        mix,
        coverage,
        Text("New risks", style="bold"),
        *(Text(f"+ {text}", style="red") for text in added),
        *([] if added else [Text("none")]),
        Text("Risks resolved", style="bold"),
        *(Text(f"- {text}", style="green") for text in resolved),
        *([] if resolved else [Text("none")]),
        *_teams_part(result.teams, result.before.needed_level),
    )


def _teams_part(shifts: tuple[TeamShift, ...], needed: str) -> list[RenderableType]:
    """Each team whose people change, today and after, at the whole team's needed level."""
    if not shifts:
        # Only a move inside a team gets here: a move to another manager keeps a team.yaml team.
        hint = "none: everyone stays in their team (a move to another manager keeps the team; --move changes it)"
        return [Text("Teams whose people change", style="bold"), Text(hint)]
    table = Table(title=f"Teams whose people change (coverage at {needed})", title_justify="left")
    for header in ("Team", "Today", "After", "Joins", "Leaves", "Coverage that changes"):
        table.add_column(header, justify="right" if header in ("Today", "After") else "left")
    for shift in shifts:
        before, after = shift.head_count
        table.add_row(
            shift.team,
            str(before),
            Text(str(after), style="bold" if before != after else ""),
            ", ".join(shift.joined) or "-",
            ", ".join(shift.left) or "-",
            _shift_coverage(shift.coverage),
        )
    return [table]


def _shift_coverage(changes: tuple[CoverageChange, ...]) -> Text:
    """The changes that make or end a gap or a single point, one a line (new risks first, competencies before
    skills, at most MAX_SHIFT_LINES); the rest counted (the JSON lists them all)."""
    flagged = [(item, flag) for item in changes if (flag := _risk_change(item)) is not None]
    flagged.sort(key=lambda pair: RISK_ORDER.index(pair[1][0]))
    lines = [Text(f"{item.name} {item.before} → {item.after}: ").append(*flag) for item, flag in flagged]
    rest = len(changes) - min(len(lines), MAX_SHIFT_LINES)
    lines = lines[:MAX_SHIFT_LINES]
    if rest:
        lines.append(Text(f"{'and ' if lines else ''}{rest} other change{'s' if rest > 1 else ''} in who holds what"))
    return Text("\n").join(lines) if lines else Text("none")


RISK_ORDER = (
    "becomes a GAP",
    "becomes a single point",
    "nobody holds it after",
    "gap closed",
    "no longer a single point",
)


def _risk_change(item: CoverageChange) -> tuple[str, str] | None:
    if item.gap_after and not item.gap_before:
        return ("becomes a GAP", "bold red")
    if item.single_point_after and not item.single_point_before:
        return ("becomes a single point", "bold yellow")
    if item.gap_before and not item.gap_after:
        return ("gap closed", "green")
    if item.single_point_before and not item.single_point_after:
        return ("no longer a single point", "green") if item.after else ("nobody holds it after", "yellow")
    return None


def _change_flag(before: Coverage, after: Coverage) -> Text:
    if after.gap and not before.gap:
        return Text("becomes a GAP", style="bold red")
    if after.single_point and not before.single_point:
        return Text("becomes a single point", style="bold yellow")
    if before.gap and not after.gap:
        return Text("gap closed", style="green")
    if before.single_point and not after.single_point:
        return Text(f"no longer a single point ({after.count})" if after.count else "", style="green")
    return Text("")
