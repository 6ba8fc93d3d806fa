"""Rich rendering of extracted evidence for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mlladder.evidence.kinds import DocumentKind
from mlladder.evidence.model import Evidence
from mlladder.framework.schema import Framework

__all__ = [
    "evidence_view",
]


def _flags(item: dict[str, Any]) -> str:
    flags = [name for name in ("negated", "hedged") if item.get(name)]
    if item.get("in_list"):
        flags.append("listed")
    return ", ".join(flags)


def evidence_view(framework: Framework, evidence: Evidence, grouped: dict[str, list[dict[str, Any]]]) -> RenderableType:
    names = {competency.id: competency.name for competency in framework.competencies}
    years = evidence.years
    if evidence.kind == DocumentKind.posting:
        asked = "-" if years.required_min is None else f"{years.required_min:g}+"
        if years.required_max is not None:
            asked = f"{years.required_min:g}-{years.required_max:g}"
        years_text = f"asks for {asked} years"
    else:
        years_text = "years of experience: " + ("-" if years.total is None else f"{years.total:g} ({years.basis})")
    parts: list[RenderableType] = [
        Text(f"{evidence.source} ({evidence.kind}): {evidence.title or 'untitled'}", style="bold"),
        Text(
            f"{len({m.skill for m in evidence.skills})} skills, {len(evidence.signals)} scope signals, "
            f"{len(evidence.impacts)} quantified impacts; {years_text}."
        ),
    ]
    for competency, items in grouped.items():
        table = Table(title=names.get(competency, competency), show_lines=False, title_justify="left")
        for column in ("Found", "Level", "Where", "Sentence", "Notes"):
            table.add_column(column, overflow="fold")
        for item in items:
            citation = item["citation"]
            table.add_row(
                f"{item['type']}: {item['what']}",
                item.get("level") or "-",
                citation["location"],
                citation["sentence"],
                _flags(item),
            )
        parts.append(table)
    if evidence.impacts:
        impacts = Table(title="Quantified impact", show_lines=False, title_justify="left")
        for column in ("Figure", "Kind", "Sentence"):
            impacts.add_column(column, overflow="fold")
        for impact in evidence.impacts:
            impacts.add_row(impact.text, impact.unit, impact.citation.sentence)
        parts.append(impacts)
    return Group(*parts)
