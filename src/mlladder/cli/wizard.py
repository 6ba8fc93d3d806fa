"""The interactive self-assessment behind ``mlladder assess`` when no ``--profile`` is given.

The questionnaire reads answers through ``ask(prompt)`` and shows screens through ``show(renderable)``, so the CLI
wires it to a terminal and tests to a list of answers. People pick the description that fits their work best
rather than a number: descriptions of behaviour are easier to answer honestly than "rate yourself 0-4". The
answers are read and checked by :mod:`mlladder.assess.questions`, as the web wizard's are; this module draws the
screens and walks through them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mlladder import Competency, Framework, Goal, InputError, Profile
from mlladder.assess.profile import BACKGROUNDS
from mlladder.assess.questions import (
    BACKGROUND_NAMES,
    GOAL_CHOICES,
    answers_profile,
    asked_competencies,
    check_rater,
    find_level,
    goal_kind,
    holds_a_level,
    profile_number,
    region_answer,
    specialisation_answer,
)
from mlladder.assess.standing import Standing, date_answer, passed_over_answer, sponsor_answer

__all__ = ["Ask", "Show", "interview"]

_T = TypeVar("_T")
Ask = Callable[[str], str]
Show = Callable[[RenderableType], None]
Command = Literal["back", "skip", "quit", "keep"]
Answer = int | Command  # an int is the chosen proficiency value
ReviewAction = Literal["save", "quit"] | int  # an int is the index of the competency to edit

_COMMANDS: dict[str, Command] = {"b": "back", "s": "skip", "q": "quit", "": "keep"}
_EDIT = re.compile(r"^e\s*(\S+)$")
_YEARS_HINT = "Type the number of years, from 0 to 60, e.g. 3 or 4.5."
_HOURS_HINT = "Type a number of hours above 0 and up to 80, or press Enter to skip."


@dataclass(frozen=True)
class _Terminal:
    """Where questions go and answers come from."""

    ask: Ask
    show: Show

    def hint(self, message: str) -> None:
        self.show(Text(message, style="yellow"))


@dataclass(frozen=True)
class _Background:
    """The answers to the questions asked before the competency screens."""

    name: str | None
    current_title: str | None
    years_experience: float
    weekly_hours: float | None
    goal: Goal | None
    specialisation: list[str]
    region: str | None
    in_level_since: dt.date | None = None
    passed_over: tuple[dt.date, ...] = ()
    sponsor: bool | None = None


def interview(framework: Framework, ask: Ask, show: Show, rater: str = "self") -> Profile | None:
    """Ask about the person and rate every competency of ``framework``; None if they quit without saving.

    Ratings go under ``rater`` (``self``, ``manager``, ``peer-2`` ...). End of input (Ctrl-D) counts as quitting,
    so nothing half-answered is ever returned.
    """
    check_rater(rater)
    terminal = _Terminal(ask, show)
    try:
        return _run(framework, terminal, rater)
    except EOFError:
        return None


def _run(framework: Framework, terminal: _Terminal, rater: str) -> Profile | None:
    terminal.show(_welcome(framework, rater))
    background = _ask_background(framework, terminal)
    asked = asked_competencies(framework, background.goal)
    ratings: dict[str, int] = {}
    if not _walk(asked, ratings, terminal) or not _review(framework, asked, ratings, terminal):
        return None
    return answers_profile(framework, background, rater, ratings)


def _welcome(framework: Framework, rater: str) -> RenderableType:
    lines = [
        f"Assessment against the {framework.name}: a few questions first, then one screen for each competency.",
        "On each screen, pick the description that best matches the work done today, not the work hoped for.",
        "Nothing is saved until you confirm the summary at the end.",
    ]
    if rater != "self":
        lines.append(f"Ratings are recorded as given by: {rater}.")
    title = "Self-assessment" if rater == "self" else "Assessment"
    return Panel(Text("\n".join(lines)), title=Text(title), title_align="left")


# --- questions about the person ---------------------------------------------------------------------------------


def _ask_background(framework: Framework, terminal: _Terminal) -> _Background:
    name = _ask_optional_text(terminal, "Name (optional, press Enter to skip): ")
    title = _ask_optional_text(terminal, "Current job title (optional): ")
    years = _ask_years(terminal)
    hours = _ask_weekly_hours(terminal)
    goal = _ask_goal(framework, terminal)
    specialisation = _ask_specialisation(framework, terminal)
    region = _ask_region(terminal)
    standing = _ask_standing(terminal, dt.date.today()) if holds_a_level(years, goal) else Standing()
    return _Background(
        name,
        title,
        years,
        hours,
        goal,
        specialisation,
        region,
        standing.in_level_since,
        standing.passed_over,
        standing.sponsor,
    )


def _ask_optional_text(terminal: _Terminal, prompt: str) -> str | None:
    return terminal.ask(prompt).strip() or None


def _ask_years(terminal: _Terminal) -> float:
    while (years := profile_number(terminal.ask("Years of experience: "), "years_experience")) is None:
        terminal.hint(_YEARS_HINT)
    return years


def _ask_weekly_hours(terminal: _Terminal) -> float | None:
    while True:
        text = terminal.ask("Hours per week you can spend on growth (optional): ").strip()
        if not text:
            return None
        hours = profile_number(text, "weekly_hours")
        if hours is not None:
            return hours
        terminal.hint(_HOURS_HINT)


def _ask_goal(framework: Framework, terminal: _Terminal) -> Goal | None:
    """What the person wants next; Enter keeps none (the next level up, as for a profile without a goal)."""
    terminal.show(_level_table(framework))
    terminal.show(_goal_choices())
    levels = ", ".join(level.id for level in framework.levels)
    while True:
        text = terminal.ask("Goal (1-4, or a level id such as L4; Enter: the next level): ").strip()
        if not text:
            return None
        kind = goal_kind(text)
        if kind == "next-level":
            return Goal(kind="next-level")
        if kind == "level":
            return _ask_goal_level(framework, terminal)
        if kind == "get-hired":
            return _ask_hiring_level(framework, terminal)
        if kind == "move-into-ml":
            return Goal.model_validate({"kind": "move-into-ml", "from": _ask_field(terminal)})
        found = find_level(framework, text)
        if found is not None:
            return Goal(kind="level", level=found)
        terminal.hint(f"Type 1-4, or a level id ({levels}), or press Enter to aim for the next level.")


def _goal_choices() -> RenderableType:
    lines = [f"  {number}) {label}" for number, (_, label) in enumerate(GOAL_CHOICES, start=1)]
    return Group(Text("What do you want next?", style="bold"), Text("\n".join(lines)))


def _ask_goal_level(framework: Framework, terminal: _Terminal) -> Goal | None:
    while True:
        text = terminal.ask("Level or track to aim for (type its id; Enter: the next level): ").strip()
        if not text:
            return None
        found = find_level(framework, text)
        if found is not None:
            return Goal(kind="level", level=found)
        terminal.hint(_capitalised(_unknown_level(framework, text) + ", or press Enter."))


def _ask_hiring_level(framework: Framework, terminal: _Terminal) -> Goal:
    while True:
        text = terminal.ask("Level to be hired at (optional, type its id; Enter: where you are placed): ").strip()
        if not text:
            return Goal(kind="get-hired")
        found = find_level(framework, text)
        if found is not None:
            return Goal(kind="get-hired", level=found)
        terminal.hint(_capitalised(_unknown_level(framework, text) + ", or press Enter."))


def _ask_field(terminal: _Terminal) -> str | None:
    names = ", ".join(f"{number}) {name}" for number, name in enumerate(BACKGROUND_NAMES.values(), start=1))
    while True:
        text = terminal.ask(f"Which field do you come from? {names} (Enter to skip): ").strip().casefold()
        if not text:
            return None
        if text.isdigit() and 1 <= int(text) <= len(BACKGROUNDS):
            return BACKGROUNDS[int(text) - 1]
        chosen = text.replace(" ", "-")
        if chosen in BACKGROUNDS:
            return chosen
        terminal.hint(f"Type a number from 1 to {len(BACKGROUNDS)}, or press Enter to skip.")


def _unknown_level(framework: Framework, text: str) -> str:
    levels = ", ".join(level.id for level in framework.levels)
    tracks = ", ".join(track.id for track in framework.tracks)
    return f"there is no level or track '{text}': type one of {levels} (or a track: {tracks})"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ask_specialisation(framework: Framework, terminal: _Terminal) -> list[str]:
    """One or more of the framework's specialisations, by number or id; none when it has none or on Enter."""
    if not framework.specialisations:
        return []
    terminal.show(_specialisation_table(framework))
    while True:
        text = terminal.ask("Specialisations (optional: numbers or ids, separated by commas): ").strip()
        try:
            return specialisation_answer(framework, text.replace(";", ",").split(","))
        except InputError as error:
            terminal.hint(_capitalised(f"{error}; or press Enter to skip."))


def _specialisation_table(framework: Framework) -> RenderableType:
    table = Table(title=Text("Specialisations (pick any that fit your work)"), title_justify="left")
    for column in ("#", "Id", "Specialisation"):
        table.add_column(column)
    for number, specialisation in enumerate(framework.specialisations, start=1):
        table.add_row(Text(str(number)), Text(specialisation.id), Text(specialisation.name))
    return table


def _ask_region(terminal: _Terminal) -> str | None:
    while True:
        text = terminal.ask("Region (optional, two-letter country code such as US, GB, DE or IN): ")
        try:
            return region_answer(text)
        except InputError as error:
            terminal.hint(_capitalised(f"{error}."))


def _ask_standing(terminal: _Terminal, today: dt.date) -> Standing:
    """Where the person stands at their level, for the diagnosis (stuck, no sponsor); each may be skipped."""
    since = _ask_until_valid(
        terminal,
        "Since when have you been at your current level? (optional, e.g. 2024-03): ",
        lambda text: date_answer(text, today),
    )
    passed_over = _ask_until_valid(
        terminal,
        "Promotion reviews since then where you were passed over (optional, dates such as 2025-03, 2025-09): ",
        lambda text: passed_over_answer(text, today, since),
    )
    sponsor = _ask_until_valid(
        terminal, "Does someone senior argue for your promotion? (yes/no, optional): ", sponsor_answer
    )
    return Standing(since, passed_over, sponsor)


def _ask_until_valid(terminal: _Terminal, prompt: str, answer: Callable[[str], _T]) -> _T:
    while True:
        try:
            return answer(terminal.ask(prompt))
        except InputError as error:
            terminal.hint(_capitalised(f"{error}."))


def _level_table(framework: Framework) -> RenderableType:
    tracks = {track.id: track.name for track in framework.tracks}
    table = Table(title=Text("Levels you can aim for"), title_justify="left")
    for column in ("Id", "Title", "Track"):
        table.add_column(column)
    for level in framework.levels:
        table.add_row(Text(level.id), Text(level.title), Text(tracks.get(level.track, level.track)))
    return table


# --- one screen per competency ----------------------------------------------------------------------------------


def _walk(competencies: list[Competency], ratings: dict[str, int], terminal: _Terminal) -> bool:
    """Rate every competency in order, going back on request; False if the user quits."""
    index = 0
    while index < len(competencies):
        back_means = "go back to the previous competency" if index > 0 else None
        answer = _ask_rating(competencies, index, ratings, terminal, back_means)
        if answer == "quit":
            return False
        _apply(ratings, competencies[index].id, answer)
        index += -1 if answer == "back" else 1
    return True


def _ask_rating(
    competencies: list[Competency], index: int, ratings: dict[str, int], terminal: _Terminal, back_means: str | None
) -> Answer:
    """Show one competency's screen and read answers until one is usable; ``back_means`` None: no going back."""
    competency = competencies[index]
    current = ratings.get(competency.id)
    terminal.show(_competency_screen(competencies, index, current, back_means))
    steps = sorted(competency.scale)
    while True:
        commands = "b, s or q" if back_means else "s or q"
        answer = _parse_rating(terminal.ask(f"Your choice (1-{len(steps)}, {commands}): "), steps)
        if answer is None:
            terminal.hint(f"Type a number from 1 to {len(steps)} to pick a description, or {commands}.")
            continue
        problem = _rating_problem(answer, current, back_means is not None)
        if problem is None:
            return answer
        terminal.hint(problem)


def _parse_rating(text: str, steps: list[int]) -> Answer | None:
    """'3' -> the third step's value; 'b', 's', 'q' and Enter -> a command; anything else -> None."""
    text = text.strip().lower()
    if text in _COMMANDS:
        return _COMMANDS[text]
    if text.isdigit() and 1 <= int(text) <= len(steps):
        return steps[int(text) - 1]
    return None


def _rating_problem(answer: Answer, current: int | None, can_go_back: bool) -> str | None:
    """Why a well-formed ``answer`` cannot be used on this screen, as a short hint; None when it can."""
    if answer == "keep" and current is None:
        return "Pick a description by its number, or type s to leave this competency unrated."
    if answer == "back" and not can_go_back:
        return "This is the first competency, so there is nothing to go back to."
    return None


def _apply(ratings: dict[str, int], competency_id: str, answer: Answer) -> None:
    if isinstance(answer, int):
        ratings[competency_id] = answer
    elif answer == "skip":
        ratings.pop(competency_id, None)


def _competency_screen(
    competencies: list[Competency], index: int, current: int | None, back_means: str | None
) -> RenderableType:
    competency = competencies[index]
    title = Text(f"Competency {index + 1} of {len(competencies)}: {competency.name}")
    body = Group(
        Text(competency.description),
        Text(""),
        Text("Which description fits best?", style="bold"),
        _options(competency, current),
        Text(""),
        Text(_commands_line(len(competency.scale), current, back_means), style="dim"),
    )
    return Panel(body, title=title, title_align="left")


def _options(competency: Competency, current: int | None) -> Table:
    options = Table.grid(padding=(0, 1))
    options.add_column(justify="right", no_wrap=True)
    options.add_column()
    for number, step in enumerate(sorted(competency.scale), start=1):
        marker = "  (current choice)" if step == current else ""
        options.add_row(Text(f"{number})"), Text(competency.scale[step] + marker))
    return options


def _commands_line(count: int, current: int | None, back_means: str | None) -> str:
    back = f"; b to {back_means}" if back_means else ""
    keep = "; Enter keeps the current choice" if current is not None else ""
    return f"Type 1-{count} to pick a description{back}; s leaves it unrated; q quits without saving{keep}."


# --- summary and confirmation -----------------------------------------------------------------------------------


def _review(framework: Framework, asked: list[Competency], ratings: dict[str, int], terminal: _Terminal) -> bool:
    """Show the summary until the user saves (True) or quits (False), editing competencies on request."""
    while True:
        terminal.show(_summary(framework, asked, ratings))
        action = _ask_review_action(asked, terminal)
        if not isinstance(action, int):
            return action == "save"
        answer = _ask_rating(asked, action, ratings, terminal, "go back to the summary unchanged")
        if answer == "quit":
            return False
        _apply(ratings, asked[action].id, answer)


def _ask_review_action(competencies: list[Competency], terminal: _Terminal) -> ReviewAction:
    count = len(competencies)
    while True:
        reply = terminal.ask("y to save, e N to edit competency N, q to quit without saving: ").strip().lower()
        if reply in ("y", "yes"):
            return "save"
        if reply == "q":
            return "quit"
        index = _edit_target(reply, competencies)
        if index is not None:
            return index
        terminal.hint(f"Type y, q, or e followed by a competency number from 1 to {count} (e.g. e 2).")


def _edit_target(reply: str, competencies: list[Competency]) -> int | None:
    """'e 3', 'e3' or 'e mlops' -> index of that competency; None if the reply names none."""
    match = _EDIT.match(reply)
    if match is None:
        return None
    target = match.group(1)
    ids = [competency.id.casefold() for competency in competencies]
    if target.isdigit() and 1 <= int(target) <= len(ids):
        return int(target) - 1
    return ids.index(target) if target in ids else None


def _summary(framework: Framework, asked: list[Competency], ratings: dict[str, int]) -> RenderableType:
    names = {step.value: step.name for step in framework.proficiency_scale}
    rated = sum(competency.id in ratings for competency in asked)
    caption = f"{rated} of {len(asked)} competencies rated; unrated ones are left out of the result."
    table = Table(title=Text("Summary"), title_justify="left", caption=Text(caption), caption_justify="left")
    for column in ("#", "Competency", "Chosen description", "Value"):
        table.add_column(column)
    for number, competency in enumerate(asked, start=1):
        value = ratings.get(competency.id)
        if value is None:
            table.add_row(Text(str(number)), Text(competency.name), Text("not rated", style="dim"), Text("-"))
        else:
            label = f"{value} {names.get(value, '')}".strip()
            table.add_row(Text(str(number)), Text(competency.name), Text(competency.scale[value]), Text(label))
    return table
