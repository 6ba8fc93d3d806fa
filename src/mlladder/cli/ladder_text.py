"""Rich renderings of the ladder views for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mlladder.framework.ladder import (
    combined_salaries,
    format_band,
    format_money,
    salary_bands_for,
    years_by_range,
)
from mlladder.framework.schema import Framework, Skill
from mlladder.guidance.sources import Citation, provenance


def _sources(framework: Framework, ids: list[str]) -> str:
    """Short source labels: seed files by their number prefix, other sources by id."""
    known = {source.id for source in framework.sources}
    labels = [source.split("_", 1)[0] if source in known and "_" in source else source for source in ids]
    return ", ".join(dict.fromkeys(labels))


def _years(framework: Framework, level_id: str) -> str:
    level = next(item for item in framework.levels if item.id == level_id)
    return "; ".join(f"{span} [{_sources(framework, ids)}]" for span, ids in years_by_range(level)) or "-"


def _bands(framework: Framework, level_id: str) -> str:
    bands = salary_bands_for(framework, level_id)
    return (
        "\n".join(
            f"{format_band(b.min, b.max, b.currency, b.open_ended)} [{_sources(framework, [b.source])}]" for b in bands
        )
        or "-"
    )


def overview(framework: Framework) -> RenderableType:
    table = Table(title=f"{framework.name} (v{framework.version})", show_lines=True, expand=False)
    for column in ("Level", "Title", "Track", "Years [source]", "Salary [source]"):
        table.add_column(column, overflow="fold")
    table.add_column("Summary", overflow="fold", ratio=1, min_width=24)
    for level in framework.levels:
        table.add_row(
            level.id,
            level.title,
            level.track,
            _years(framework, level.id),
            _bands(framework, level.id),
            level.summary,
        )
    notes = [Text("Sources:", style="bold")]
    notes.extend(
        Text(f"  [{_sources(framework, [source.id])}] {source.title}", style="dim") for source in framework.sources
    )
    notes.append(
        Text("Combined salary view (envelope of all sources; range they all agree on; median midpoint):", style="bold")
    )
    for item in combined_salaries(framework):
        agreed = (
            format_band(item.overlap_min, item.overlap_max, item.currency)
            if item.overlap_min is not None and item.overlap_max is not None
            else "no common range"
        )
        envelope = format_band(item.low, item.high, item.currency, item.open_ended)
        median = format_money(item.midpoint_median, item.currency)
        notes.append(
            Text(f"  {item.level}: {envelope}; agreed {agreed}; median {median}; {len(item.sources)} source(s)")
        )
    return Group(table, *notes)


def level_card(framework: Framework, data: dict[str, Any]) -> RenderableType:
    level = data["level"]
    parts: list[RenderableType] = [
        Text(f"{level['id']}  {level['title']}", style="bold"),
        Text(level["summary"]),
    ]
    if level["alternative_titles"]:
        parts.append(Text("Also called: " + ", ".join(level["alternative_titles"]), style="dim"))
    parts.append(Text(f"Years of experience: {_years(framework, level['id'])}"))
    parts.append(Text(f"Salary: {_bands(framework, level['id'])}".replace("\n", "; ")))
    if level["responsibilities"]:
        parts.append(Text("Responsibilities", style="bold underline"))
        parts.extend(Text(f"  • {item['text']}") for item in level["responsibilities"])
    for allocation in level["time_allocation"]:
        parts.append(Text(f"A typical week [{_sources(framework, allocation['sources'])}]", style="bold underline"))
        parts.extend(Text(f"  {share:>3g}%  {activity}") for activity, share in allocation["activities"].items())
    expectations = Table(title="Expected proficiency (0-4)", show_lines=True)
    for column in ("Competency", "Level", "What it looks like", "Evidence (markers)"):
        expectations.add_column(column, overflow="fold")
    for item in data["expectations"]:
        expectations.add_row(item["name"], str(item["proficiency"]), item["description"], "\n".join(item["markers"]))
    parts.append(expectations)
    if data["skills"]:
        parts.append(Text(f"Skills typically expected ({len(data['skills'])}): " + ", ".join(data["skills"])))
    _add_list(
        parts, "Portfolio projects", [f"{p['title']} (~{p['effort_hours']} h)" for p in data["portfolio_projects"]]
    )
    _add_list(parts, "Interview questions", [q["question"] for q in data["interview_questions"]])
    _add_list(parts, "Common challenges", [c["title"] for c in data["challenges"]])
    if data["next_level"]:
        parts.append(Text(f"Next level: {data['next_level']}  {_time_text(data['time_to_next'])}", style="bold"))
    return Group(*parts)


def _add_list(parts: list[RenderableType], title: str, items: list[str]) -> None:
    if items:
        parts.append(Text(title, style="bold underline"))
        parts.extend(Text(f"  • {item}") for item in items)


def _span(value: list[float] | tuple[float, float] | None) -> str:
    if not value:
        return "unknown"
    low, high = value
    return f"{low:g} years" if low == high else f"{low:g}-{high:g} years"


def _time_text(time: dict[str, Any] | None) -> str:
    if not time:
        return ""
    return (
        f"(realistic {_span(time['realistic'])}, accelerated {_span(time['accelerated'])}, "
        f"typical time in level {_span(time['time_in_levels'])})"
    )


def comparison(framework: Framework, data: dict[str, Any]) -> RenderableType:
    parts: list[RenderableType] = [Text(f"From {data['from']} to {data['to']}", style="bold")]
    track = data.get("track_change")
    if track:
        parts.append(Text(f"A change of track, to {track['to_track_name']}: a different job, not a step down."))
    _add_new_competencies(parts, data)
    if data["expectations_raised"] or data["expectations_lowered"]:
        table = Table(title="Expectations that change", show_lines=True)
        for column in ("Competency", "From", "To", f"Evidence at {data['to']}"):
            table.add_column(column, overflow="fold")
        for change in data["expectations_raised"] + data["expectations_lowered"]:
            table.add_row(change["name"], str(change["before"]), str(change["after"]), "\n".join(change["markers"]))
        parts.append(table)
    elif not data.get("expectations_shifted") and not data.get("new_competencies"):
        parts.append(Text("No competency expectation changes."))
    _add_shifts(parts, data)
    _add_list(parts, "New responsibilities", data["new_responsibilities"])
    _add_time_allocation(parts, data)
    if track:
        _add_track_change(parts, track)
    if data["new_skills"]:
        parts.append(Text(f"New skills ({len(data['new_skills'])}): " + ", ".join(data["new_skills"])))
    if data["salary_change"]:
        parts.append(Text("Salary change (per source)", style="bold underline"))
        for change in data["salary_change"]:
            (old_low, old_high), (new_low, new_high) = change["before"], change["after"]
            before = format_band(old_low, old_high, change["currency"])
            after = format_band(new_low, new_high, change["currency"], change["after_open_ended"])
            delta = format_money(change["after"][0] - change["before"][0], change["currency"])
            parts.append(Text(f"  {before} -> {after} (minimum +{delta}) [{_sources(framework, [change['source']])}]"))
    time = data["typical_time"]
    if time["steps"]:
        parts.append(Text(f"Typical time: {_time_text(time)[1:-1]} over {', '.join(time['steps'])}"))
    return Group(*parts)


# A lower step on another track is not a step down: the competency is asked for differently there (a manager
# reviews and staffs the modelling work that a staff engineer does).
SHIFT_TITLE = "Shifts of emphasis: asked for differently on this track, not less"


def _cited(item: dict[str, Any]) -> str:
    """'text (from “Title”)': guidance names its sources by title."""
    return f"{item['text']} ({provenance_text(item['sources'])})" if item["sources"] else item["text"]


def provenance_text(sources: list[dict[str, Any]]) -> str:
    """The JSON citations (``[{title, article}]``) in words, as :func:`mlladder.guidance.sources.provenance`."""
    return provenance([Citation(id=item["title"], title=item["title"], article=item["article"]) for item in sources])


def _add_new_competencies(parts: list[RenderableType], data: dict[str, Any]) -> None:
    if not data.get("new_competencies"):
        return
    table = Table(title=f"Competencies that appear at {data['to']}", show_lines=True)
    for column in ("Competency", "Expected", f"Evidence at {data['to']}"):
        table.add_column(column, overflow="fold")
    for item in data["new_competencies"]:
        table.add_row(item["name"], f"{item['after']}: {item['description']}", "\n".join(item["markers"]))
    parts.append(table)


def _add_shifts(parts: list[RenderableType], data: dict[str, Any]) -> None:
    if not data.get("expectations_shifted"):
        return
    table = Table(title=SHIFT_TITLE, show_lines=True)
    for column in (
        "Competency",
        f"Step at {data['from']}",
        f"Step at {data['to']}",
        f"What it looks like at {data['to']}",
    ):
        table.add_column(column, overflow="fold")
    for change in data["expectations_shifted"]:
        table.add_row(change["name"], str(change["before"]), str(change["after"]), "\n".join(change["markers"]))
    parts.append(table)


def _add_time_allocation(parts: list[RenderableType], data: dict[str, Any]) -> None:
    allocation = data.get("time_allocation") or {}
    if not allocation.get("from") and not allocation.get("to"):
        return
    parts.append(Text("Where the time goes", style="bold underline"))
    for key in ("from", "to"):
        level = data[key]
        if not allocation[key]:
            parts.append(Text(f"  {level}: no source gives a split of the time"))
        for item in allocation[key]:
            split = ", ".join(f"{name} {share:g}%" for name, share in item["activities"].items())
            parts.append(Text(f"  {level}: {split} ({provenance_text(item['sources'])})"))


def _add_track_change(parts: list[RenderableType], track: dict[str, Any]) -> None:
    if track["path"]:
        parts.append(Text(f"The {track['to_track_name']} path: {_cited(track['path'])}"))
    if track["not_carried"]:
        parts.append(Text("No longer expected: " + ", ".join(track["not_carried"])))
    _add_list(parts, "Before you choose", [_cited(item) for item in track["considerations"]])


def skills_table(framework: Framework, skills: list[Skill]) -> RenderableType:
    table = Table(title=f"{len(skills)} skills", show_lines=False)
    for column in ("Skill", "Category", "Level", "Competencies", "Aliases", "Prerequisites"):
        table.add_column(column, overflow="fold")
    for skill in skills:
        table.add_row(
            skill.name,
            skill.category,
            skill.typical_level,
            ", ".join(skill.competencies),
            ", ".join(skill.aliases),
            ", ".join(skill.prerequisites),
        )
    return table


def specialisations_table(framework: Framework) -> RenderableType:
    if not framework.specialisations:
        return Text(f"The '{framework.id}' framework defines no specialisations.")
    names = {skill.id: skill.name for skill in framework.skills}
    table = Table(title=f"{len(framework.specialisations)} specialisations", show_lines=True)
    table.add_column("Id", no_wrap=True)
    for column in ("Specialisation", "What it covers", "Domain skills"):
        table.add_column(column, overflow="fold")
    for item in framework.specialisations:
        table.add_row(item.id, item.name, item.description, ", ".join(names[skill] for skill in item.skills))
    return table


def track_view_text(data: dict[str, Any]) -> RenderableType:
    """``mlladder ladder tracks``: every option from the level, what changes on it, and what to weigh."""
    parts: list[RenderableType] = [
        Text(f"The choice of track from {data['level']} {data['level_title']}", style="bold")
    ]
    if data["summary"]:
        parts.append(Text(_cited(data["summary"])))
    for option in data["options"]:
        parts.append(Text(""))
        where = "next step on your track" if option["same_track"] else f"onto the {option['track_name']} track"
        parts.append(Text(f"{option['level']} {option['level_title']} ({where})", style="bold underline"))
        parts.append(Text(option["summary"]))
        if option["path"]:
            parts.append(Text(f"The path: {_cited(option['path'])}"))
        _add_list(
            parts,
            "Competencies that appear",
            [f"{item['name']} (step {item['expected']}): {item['description']}" for item in option["new_competencies"]],
        )
        _add_list(parts, "Expected more of", [f"{c['name']} {c['before']} -> {c['after']}" for c in option["raised"]])
        _add_list(
            parts,
            SHIFT_TITLE,
            [f"{c['name']} {c['before']} -> {c['after']}: {c['markers'][0]}" for c in option["shifted"]],
        )
        _add_list(parts, "New responsibilities", [_cited(item) for item in option["responsibilities"]])
        _add_time_allocation(
            parts,
            {
                "from": data["level"],
                "to": option["level"],
                "time_allocation": {"from": option["time_now"], "to": option["time_there"]},
            },
        )
    _add_list(parts, "Before you choose", [_cited(item) for item in data["considerations"]])
    return Group(*parts)
