"""Rich renderings of the ladder views for the terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mlladder import Framework, Skill, combined_salaries
from mlladder.framework.ladder import format_band, format_money, salary_bands_for, years_by_range
from mlladder.framework.sources import Citation, SourceKey, expectation_sources, provenance

__all__ = [
    "comparison",
    "level_card",
    "overview",
    "skills_table",
    "source_notes",
    "specialisations_table",
    "track_view_text",
]


def _marked(text: str, mark: str) -> str:
    """A text followed by its source mark (nothing to add when it has no sources)."""
    return f"{text} {mark}" if mark else text


def _years(framework: Framework, level_id: str, key: SourceKey) -> str:
    level = next(item for item in framework.levels if item.id == level_id)
    return "; ".join(_marked(span, key.mark(ids)) for span, ids in years_by_range(level)) or "-"


def _bands(framework: Framework, level_id: str, key: SourceKey) -> str:
    bands = salary_bands_for(framework, level_id)
    return (
        "\n".join(_marked(format_band(b.min, b.max, b.currency, b.open_ended), key.mark([b.source])) for b in bands)
        or "-"
    )


def source_notes(key: SourceKey) -> list[Text]:
    """The key below a view: each article number with its title (editorial text is marked in words already)."""
    lines = key.lines()
    if not lines:
        return []
    return [Text("Sources:", style="bold"), *(Text(f"  {line}", style="dim") for line in lines)]


def overview(framework: Framework) -> RenderableType:
    key = SourceKey(framework)
    table = Table(title=f"{framework.name} (v{framework.version})", show_lines=True, expand=False)
    for column in ("Level", "Title", "Track", "Years [source]", "Salary [source]"):
        table.add_column(column, overflow="fold")
    table.add_column("Summary [source]", overflow="fold", ratio=1, min_width=24)
    for level in framework.levels:
        table.add_row(
            level.id,
            level.title,
            level.track,
            _years(framework, level.id, key),
            _bands(framework, level.id, key),
            _marked(level.summary, key.mark(level.sources)),
        )
    notes = source_notes(key)
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
    key = SourceKey(framework)
    level = data["level"]
    parts: list[RenderableType] = [
        Text(f"{level['id']}  {level['title']}", style="bold"),
        Text(_marked(level["summary"], key.mark(level["sources"]))),
    ]
    if level["alternative_titles"]:
        parts.append(Text("Also called: " + ", ".join(level["alternative_titles"]), style="dim"))
    parts.append(Text(f"Years of experience: {_years(framework, level['id'], key)}"))
    parts.append(Text(f"Salary: {_bands(framework, level['id'], key)}".replace("\n", "; ")))
    if level["responsibilities"]:
        parts.append(Text("Responsibilities", style="bold underline"))
        parts.extend(
            Text(f"  • {_marked(item['text'], key.mark(item['sources']))}") for item in level["responsibilities"]
        )
    for allocation in level["time_allocation"]:
        parts.append(Text(_marked("A typical week", key.mark(allocation["sources"])), style="bold underline"))
        parts.extend(Text(f"  {share:>3g}%  {activity}") for activity, share in allocation["activities"].items())
    expectations = Table(title="Expected proficiency (0-4)", show_lines=True)
    for column in ("Competency", "Level", "What it looks like", "Evidence (markers) [source]"):
        expectations.add_column(column, overflow="fold")
    for item in data["expectations"]:
        markers = "\n".join(item["markers"])
        expectations.add_row(
            item["name"], str(item["proficiency"]), item["description"], _marked(markers, key.mark(item["sources"]))
        )
    parts.append(expectations)
    if data["skills"]:
        parts.append(Text(f"Skills typically expected ({len(data['skills'])}): " + ", ".join(data["skills"])))
    projects = [
        _marked(f"{p['title']} (~{p['effort_hours']} h)", key.mark(p["sources"])) for p in data["portfolio_projects"]
    ]
    _add_list(parts, "Portfolio projects", projects)
    questions = [_marked(q["question"], key.mark(q["sources"])) for q in data["interview_questions"]]
    _add_list(parts, "Interview questions", questions)
    _add_list(parts, "Common challenges", [_marked(c["title"], key.mark(c["sources"])) for c in data["challenges"]])
    if data["next_level"]:
        time = data["time_to_next"]
        line = _marked(
            f"Next level: {data['next_level']}  {_time_text(time)}", key.mark(time["sources"] if time else [])
        )
        parts.append(Text(line, style="bold"))
    parts.extend(source_notes(key))
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
    key = SourceKey(framework)
    parts: list[RenderableType] = [Text(f"From {data['from']} to {data['to']}", style="bold")]
    track = data.get("track_change")
    if track:
        parts.append(Text(f"A change of track, to {track['to_track_name']}: a different job, not a step down."))
    _add_new_competencies(parts, data, key)
    if data["expectations_raised"] or data["expectations_lowered"]:
        table = Table(title="Expectations that change", show_lines=True)
        for column in ("Competency", "From", "To", f"Evidence at {data['to']} [source]"):
            table.add_column(column, overflow="fold")
        for change in data["expectations_raised"] + data["expectations_lowered"]:
            markers = _marked("\n".join(change["markers"]), key.mark(_expectation_ids(framework, change, data["to"])))
            table.add_row(change["name"], str(change["before"]), str(change["after"]), markers)
        parts.append(table)
    elif not data.get("expectations_shifted") and not data.get("new_competencies"):
        parts.append(Text("No competency expectation changes."))
    _add_shifts(framework, parts, data, key)
    sourced = _responsibility_sources(framework, data["to"])
    responsibilities = [_marked(text, key.mark(sourced.get(text, []))) for text in data["new_responsibilities"]]
    _add_list(parts, "New responsibilities", responsibilities)
    _add_time_allocation(parts, data, key)
    if track:
        _add_track_change(parts, track, key)
    if data["new_skills"]:
        parts.append(Text(f"New skills ({len(data['new_skills'])}): " + ", ".join(data["new_skills"])))
    if data["salary_change"]:
        parts.append(Text("Salary change (per source)", style="bold underline"))
        for change in data["salary_change"]:
            (old_low, old_high), (new_low, new_high) = change["before"], change["after"]
            before = format_band(old_low, old_high, change["currency"])
            after = format_band(new_low, new_high, change["currency"], change["after_open_ended"])
            delta = format_money(change["after"][0] - change["before"][0], change["currency"])
            line = f"  {before} -> {after} (minimum +{delta})"
            parts.append(Text(_marked(line, key.mark([change["source"]]))))
    time = data["typical_time"]
    if time["steps"]:
        line = f"Typical time: {_time_text(time)[1:-1]} over {', '.join(time['steps'])}"
        parts.append(Text(_marked(line, key.mark(time.get("sources", [])))))
    parts.extend(source_notes(key))
    return Group(*parts)


def _expectation_ids(framework: Framework, change: dict[str, Any], level_id: str) -> list[str]:
    competency = next(item for item in framework.competencies if item.id == change["competency"])
    return expectation_sources(competency, level_id)


def _responsibility_sources(framework: Framework, level_id: str) -> dict[str, list[str]]:
    """A level's responsibilities by text -> their sources (the comparison's data lists only the texts)."""
    level = next(item for item in framework.levels if item.id == level_id)
    return {item.text: list(item.sources) for item in level.responsibilities}


# A lower step on another track is not a step down: the competency is asked for differently there (a manager
# reviews and staffs the modelling work that a staff engineer does).
SHIFT_TITLE = "Shifts of emphasis: asked for differently on this track, not less"


def _add_new_competencies(parts: list[RenderableType], data: dict[str, Any], key: SourceKey) -> None:
    if not data.get("new_competencies"):
        return
    table = Table(title=f"Competencies that appear at {data['to']}", show_lines=True)
    for column in ("Competency", "Expected", f"Evidence at {data['to']} [source]"):
        table.add_column(column, overflow="fold")
    for item in data["new_competencies"]:
        markers = _marked("\n".join(item["markers"]), key.mark(item["sources"]))
        table.add_row(item["name"], f"{item['after']}: {item['description']}", markers)
    parts.append(table)


def _add_shifts(framework: Framework, parts: list[RenderableType], data: dict[str, Any], key: SourceKey) -> None:
    if not data.get("expectations_shifted"):
        return
    table = Table(title=SHIFT_TITLE, show_lines=True)
    for column in (
        "Competency",
        f"Step at {data['from']}",
        f"Step at {data['to']}",
        f"What it looks like at {data['to']} [source]",
    ):
        table.add_column(column, overflow="fold")
    for change in data["expectations_shifted"]:
        markers = _marked("\n".join(change["markers"]), key.mark(_expectation_ids(framework, change, data["to"])))
        table.add_row(change["name"], str(change["before"]), str(change["after"]), markers)
    parts.append(table)


def _allocation_lines(level: str, items: list[dict[str, Any]], sources: Callable[[Any], str]) -> list[Text]:
    """One line per source's split of a level's time (``sources`` turns an item's sources into a mark)."""
    if not items:
        return [Text(f"  {level}: no source gives a split of the time")]
    lines = []
    for item in items:
        split = ", ".join(f"{name} {share:g}%" for name, share in item["activities"].items())
        lines.append(Text(_marked(f"  {level}: {split}", sources(item["sources"]))))
    return lines


def _add_time_allocation(parts: list[RenderableType], data: dict[str, Any], key: SourceKey) -> None:
    allocation = data.get("time_allocation") or {}
    if not allocation.get("from") and not allocation.get("to"):
        return
    parts.append(Text("Where the time goes", style="bold underline"))
    for side in ("from", "to"):
        parts.extend(_allocation_lines(data[side], allocation[side], key.mark))


def _add_track_change(parts: list[RenderableType], track: dict[str, Any], key: SourceKey) -> None:
    if track["path"]:
        path = track["path"]
        parts.append(Text(_marked(f"The {track['to_track_name']} path: {path['text']}", key.mark(path["sources"]))))
    if track["not_carried"]:
        parts.append(Text("No longer expected: " + ", ".join(track["not_carried"])))
    considerations = [_marked(item["text"], key.mark(item["sources"])) for item in track["considerations"]]
    _add_list(parts, "Before you choose", considerations)


def skills_table(framework: Framework, skills: list[Skill]) -> RenderableType:
    key = SourceKey(framework)
    table = Table(title=f"{len(skills)} skill{'' if len(skills) == 1 else 's'}", show_lines=False)
    for column in ("Skill", "Category", "Level", "Competencies", "Aliases", "Prerequisites", "Source"):
        table.add_column(column, overflow="fold")
    for skill in skills:
        table.add_row(
            skill.name,
            skill.category,
            skill.typical_level,
            ", ".join(skill.competencies),
            ", ".join(skill.aliases),
            ", ".join(skill.prerequisites),
            key.mark(skill.sources),
        )
    return Group(table, *source_notes(key))


def specialisations_table(framework: Framework) -> RenderableType:
    if not framework.specialisations:
        return Text(f"The '{framework.id}' framework defines no specialisations.")
    key = SourceKey(framework)
    names = {skill.id: skill.name for skill in framework.skills}
    table = Table(title=f"{len(framework.specialisations)} specialisations", show_lines=True)
    table.add_column("Id", no_wrap=True)
    for column in ("Specialisation", "What it covers", "Domain skills"):
        table.add_column(column, overflow="fold")
    for item in framework.specialisations:
        description = _marked(item.description, key.mark(item.sources))
        table.add_row(item.id, item.name, description, ", ".join(names[skill] for skill in item.skills))
    return Group(table, *source_notes(key))


def _cited(item: dict[str, Any]) -> str:
    """'text (from “Title”)': the track view's JSON names its sources by title (``[{title, article}]``)."""
    return f"{item['text']} ({provenance_text(item['sources'])})" if item["sources"] else item["text"]


def provenance_text(sources: list[dict[str, Any]]) -> str:
    """JSON citations in words, as :func:`mlladder.framework.sources.provenance` writes them."""
    return provenance([Citation(id=item["title"], title=item["title"], article=item["article"]) for item in sources])


def _in_words(sources: list[dict[str, Any]]) -> str:
    return f"({provenance_text(sources)})" if sources else ""


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
        if option["time_now"] or option["time_there"]:
            parts.append(Text("Where the time goes", style="bold underline"))
            parts.extend(_allocation_lines(data["level"], option["time_now"], _in_words))
            parts.extend(_allocation_lines(option["level"], option["time_there"], _in_words))
    _add_list(parts, "Before you choose", [_cited(item) for item in data["considerations"]])
    return Group(*parts)
