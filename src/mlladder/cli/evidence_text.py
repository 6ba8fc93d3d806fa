"""Rich rendering of extracted evidence for the terminal: what a document shows, by competency, each line quoted
once (the grouping of :func:`mlladder.evidence.shown.what_it_shows`, as on the document's web page)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mlladder.evidence.kinds import DocumentKind
from mlladder.evidence.model import Evidence
from mlladder.evidence.shown import QUALIFIER_WORDS, CompetencyLines, LineShows, Shown, what_it_shows
from mlladder.framework.schema import Framework

__all__ = [
    "evidence_view",
]

INDENT = 4  # columns before what a quoted line shows, below its quote


def evidence_view(framework: Framework, evidence: Evidence) -> RenderableType:
    """The document's heading and counts, then each competency it has evidence for with its lines, strongest
    first: a line is quoted in full once, under the competency it shows most, with what it shows there and the
    other competencies it supports; under those others only what it shows and the line's number ([12])."""
    parts: list[RenderableType] = [
        Text(f"{evidence.source} ({evidence.kind}): {evidence.title or 'untitled'}", style="bold"),
        Text(
            f"{len({m.skill for m in evidence.skills})} skills, {len(evidence.signals)} scope signals, "
            f"{len(evidence.impacts)} quantified impacts; {_years_text(evidence)}."
        ),
    ]
    groups = what_it_shows(evidence, framework)
    names = {group.competency: group.name for group in groups}
    for group in groups:
        parts.append(Text(""))
        parts.append(Text(_heading(group), style="bold"))
        parts.extend(_line_view(entry, names) for entry in group.lines)
    if evidence.impacts:
        impacts = Table(title="Quantified impact", show_lines=False, title_justify="left")
        for column in ("Figure", "Kind", "Sentence"):
            impacts.add_column(column, overflow="fold")
        for impact in evidence.impacts:
            impacts.add_row(impact.text, impact.unit, impact.citation.sentence)
        parts.extend([Text(""), impacts])
    return Group(*parts)


def _years_text(evidence: Evidence) -> str:
    years = evidence.years
    if evidence.kind == DocumentKind.posting:
        asked = "-" if years.required_min is None else f"{years.required_min:g}+"
        if years.required_max is not None:
            asked = f"{years.required_min:g}-{years.required_max:g}"
        return f"asks for {asked} years"
    return "years of experience: " + ("-" if years.total is None else f"{years.total:g} ({years.basis})")


def _heading(group: CompetencyLines) -> str:
    count = len(group.lines)
    return f"{group.name}: {count} {'line' if count == 1 else 'lines'}"


def _line_view(entry: LineShows, names: dict[str, str]) -> RenderableType:
    """A line where it is quoted: its number, the quote, where it is, then what it shows and what else it supports.
    Elsewhere: what it shows here, and where its quote is."""
    line, shows = entry.line, "; ".join(_shown(item) for item in entry.shows)
    if not entry.quoted_here:
        home = names.get(line.quoted_under, line.quoted_under)
        return _indented(f"[{line.number}] shows {shows} (quoted under {home})", 2)
    details = [f"shows {shows}"]
    others = [names.get(other, other) for other in line.competencies if other != line.quoted_under]
    if others:
        details.append(f"also supports {', '.join(others)}")
    quote = _indented(f"[{line.number}] “{line.sentence}” ({line.location})", 2)
    return Group(quote, _indented("; ".join(details), INDENT + 2))


def _indented(text: str, columns: int) -> RenderableType:
    """Text wrapped to the terminal with every line of it indented."""
    return Padding(Text(text), (0, 0, 0, columns), expand=False)


def _shown(item: Shown) -> str:
    """'Python (L2, listed)', 'leading (L4)': what a line shows, with the level it points to and how it is said."""
    notes = [note for note in (item.level, QUALIFIER_WORDS.get(item.qualifier) if item.qualifier else None) if note]
    return f"{item.what} ({', '.join(notes)})" if notes else item.what
