"""The interactive self-assessment behind ``mlladder assess`` when no ``--profile`` is given.

The questionnaire reads answers through ``ask(prompt)`` and shows screens through ``show(renderable)``, so the CLI
wires it to a terminal and tests to a list of answers. People pick the description that fits their work best
rather than a number: descriptions of behaviour are easier to answer honestly than "rate yourself 0-4".
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mlladder.assess.profile import BACKGROUNDS, Goal, Profile, PromotionReview, RaterId, goal_level
from mlladder.assess.standing import Standing, date_answer, passed_over_answer, sponsor_answer
from mlladder.errors import InputError
from mlladder.files import write_atomically
from mlladder.framework.ladder import level_competencies, placed_competencies
from mlladder.framework.schema import Competency, Framework

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
_REGION_HINT = "type two letters such as US, GB, DE or IN, or press Enter to skip"
GOAL_CHOICES: tuple[tuple[str, str], ...] = (
    ("next-level", "The next level up (the default)"),
    ("level", "A level on any track"),
    ("get-hired", "Get hired (at a level, if you like)"),
    ("move-into-ml", "Move into ML from another field"),
)
BACKGROUND_NAMES = {"data-science": "data science", "backend": "backend", "research": "research", "other": "other"}


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
    _check_rater(rater)
    terminal = _Terminal(ask, show)
    try:
        return _run(framework, terminal, rater)
    except EOFError:
        return None


def _check_rater(rater: str) -> None:
    """Fail before the first question, not after the last one, if the rater id cannot go in a profile."""
    try:
        TypeAdapter(RaterId).validate_python(rater)
    except ValidationError:
        raise InputError(f"rater '{rater}' is not valid (fix: use self, manager or peer, e.g. peer-2)") from None


def _run(framework: Framework, terminal: _Terminal, rater: str) -> Profile | None:
    terminal.show(_welcome(framework, rater))
    background = _ask_background(framework, terminal)
    asked = asked_competencies(framework, background.goal)
    ratings: dict[str, int] = {}
    if not _walk(asked, ratings, terminal) or not _review(framework, asked, ratings, terminal):
        return None
    return answers_profile(framework, background, rater, ratings)


def asked_competencies(framework: Framework, goal: Goal | None) -> list[Competency]:
    """The competencies a questionnaire asks about: those placement weighs, plus those of the track the goal aims
    at when it is another one (people management for a goal of M1 or ``management``). Engineers who aim along
    their own track are not asked about managing people."""
    asked = placed_competencies(framework)
    target = goal_level(goal, framework) if goal is not None else None
    if target is None:
        return asked
    extra = {c.id for c in level_competencies(framework, target)} - {c.id for c in asked}
    return [c for c in framework.competencies if c.id in extra or c in asked]


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
    standing = _ask_standing(terminal, dt.date.today()) if _has_level(years, goal) else Standing()
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


def profile_number(text: str, field: str) -> float | None:
    """The number in ``text`` if it is one the profile accepts for ``field``; the profile owns the limits."""
    try:
        value = float(text.strip().replace(",", "."))  # "4,5" is how half the world writes 4.5
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    try:
        Profile.model_validate({field: value})
    except ValidationError:
        return None
    return value


def _ask_goal(framework: Framework, terminal: _Terminal) -> Goal | None:
    """What the person wants next; Enter keeps none (the next level up, as for a profile without a goal)."""
    terminal.show(_level_table(framework))
    terminal.show(_goal_choices())
    levels = ", ".join(level.id for level in framework.levels)
    while True:
        text = terminal.ask("Goal (1-4, or a level id such as L4; Enter: the next level): ").strip()
        if not text:
            return None
        kind = _goal_kind(text)
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


def _goal_kind(text: str) -> str | None:
    """'2' or 'level' -> 'level'; None for anything that is not one of the four choices."""
    word = text.strip().casefold()
    if word.isdigit() and 1 <= int(word) <= len(GOAL_CHOICES):
        return GOAL_CHOICES[int(word) - 1][0]
    return word if word in {kind for kind, _ in GOAL_CHOICES} else None


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


def find_level(framework: Framework, text: str) -> str | None:
    """The level or track id ``text`` names, in any case; None if the framework has no such level or track."""
    wanted = text.strip().casefold()
    ids = [level.id for level in framework.levels] + [track.id for track in framework.tracks]
    return next((known for known in ids if known.casefold() == wanted), None)


def _unknown_level(framework: Framework, text: str) -> str:
    levels = ", ".join(level.id for level in framework.levels)
    tracks = ", ".join(track.id for track in framework.tracks)
    return f"there is no level or track '{text}': type one of {levels} (or a track: {tracks})"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def goal_answer(framework: Framework, kind: str, level: str, field: str) -> Goal | None:
    """A goal from the three answers of a form (kind, level, the field one comes from); None when all are empty.

    A level alone means that level; a field alone, a move into ML. InputError says what does not fit together."""
    kind, level, field = kind.strip(), level.strip(), field.strip()
    if not kind:
        kind = "move-into-ml" if field else "level" if level else ""
    if not kind:
        return None
    if kind not in {choice for choice, _ in GOAL_CHOICES}:
        raise InputError(f"goal: unknown goal '{kind}' (fix: choose one from the list)")
    found = find_level(framework, level) if level else None
    if level and found is None:
        levels = ", ".join(known.id for known in framework.levels)
        raise InputError(f"goal: there is no level or track '{level}' (fix: choose one of {levels})")
    if field and kind != "move-into-ml":
        raise InputError("goal: the field you come from goes with moving into ML (fix: clear it, or choose that goal)")
    if field and field not in BACKGROUNDS:
        raise InputError(f"goal: unknown field '{field}' (fix: choose one of {', '.join(BACKGROUNDS)})")
    if found is not None and kind in ("next-level", "move-into-ml"):
        label = dict(GOAL_CHOICES)[kind].split(" (")[0].lower()
        raise InputError(f"goal: '{label}' takes no level (fix: clear the level, or choose a level as the goal)")
    if kind == "level" and found is None:
        raise InputError("goal: a level on any track needs the level (fix: choose it in the list of levels)")
    return Goal.model_validate({"kind": kind, "level": found, "from": field or None})


def goal_text(framework: Framework, goal: Goal | None) -> str:
    """A goal in words: 'the next level up', 'L4 Staff ML Engineer', 'get hired at L2', 'move into ML from backend'."""
    titles = {level.id: f"{level.id} {level.title}" for level in framework.levels}
    titles.update({track.id: f"the {track.name} track" for track in framework.tracks})
    if goal is None or goal.kind == "next-level":
        return "the next level up"
    if goal.kind == "level":
        return titles.get(goal.level or "", goal.level or "")
    if goal.kind == "get-hired":
        return f"get hired at {titles.get(goal.level, goal.level)}" if goal.level else "get hired"
    return f"move into ML from {BACKGROUND_NAMES[goal.from_]}" if goal.from_ else "move into ML"


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


def specialisation_answer(framework: Framework, answers: list[str]) -> list[str]:
    """Specialisation ids from numbers (as listed) or ids in any case, each once, in the order given;
    InputError names the first answer that is neither."""
    known = [specialisation.id for specialisation in framework.specialisations]
    chosen: list[str] = []
    for answer in (item.strip() for item in answers):
        if not answer:
            continue
        if answer.isdigit() and 1 <= int(answer) <= len(known):
            found: str | None = known[int(answer) - 1]
        else:
            found = next((id_ for id_ in known if id_.casefold() == answer.casefold()), None)
        if found is None:
            close = difflib.get_close_matches(answer.casefold(), known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"type numbers from 1 to {len(known)} or ids"
            raise InputError(f"unknown specialisation '{answer}' ({hint})")
        if found not in chosen:
            chosen.append(found)
    return chosen


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


def _has_level(years: float, goal: Goal | None) -> bool:
    """Whether the person holds a level to be stuck at: not before a first ML role."""
    return years > 0 and (goal is None or goal.kind not in ("get-hired", "move-into-ml"))


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


def region_answer(text: str) -> str | None:
    """A country code as the profile accepts it (the profile owns the rule), upper case; None for nothing."""
    if not text.strip():
        return None
    try:
        return Profile.model_validate({"region": text}).region
    except ValidationError:
        raise InputError(f"'{text.strip()}' is not a country code: {_REGION_HINT}") from None


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


class BackgroundAnswers(Protocol):
    """What both questionnaires (terminal and web) ask before the competency screens."""

    @property
    def name(self) -> str | None: ...
    @property
    def current_title(self) -> str | None: ...
    @property
    def years_experience(self) -> float: ...
    @property
    def weekly_hours(self) -> float | None: ...
    @property
    def goal(self) -> Goal | None: ...
    @property
    def specialisation(self) -> list[str]: ...
    @property
    def region(self) -> str | None: ...
    @property
    def in_level_since(self) -> dt.date | None: ...
    @property
    def passed_over(self) -> Sequence[dt.date]: ...
    @property
    def sponsor(self) -> bool | None: ...


def answers_profile(
    framework: Framework, background: BackgroundAnswers, rater: str, ratings: dict[str, int]
) -> Profile:
    """The answers of a questionnaire as a profile: ratings under ``rater``, in the framework's order."""
    ordered = {c.id: ratings[c.id] for c in framework.competencies if c.id in ratings}  # the framework's order
    return Profile(
        name=background.name,
        current_title=background.current_title,
        framework=framework.id,
        years_experience=background.years_experience,
        ratings={rater: ordered} if ordered else {},
        weekly_hours=background.weekly_hours,
        goal=background.goal,
        specialisation=list(background.specialisation),
        region=background.region,
        in_level_since=background.in_level_since,
        promotion_reviews=[PromotionReview(date=day, outcome="passed-over") for day in background.passed_over],
        sponsor=background.sponsor,
    )


# --- saving -----------------------------------------------------------------------------------------------------


def save_profile(profile: Profile, path: Path) -> None:
    """Write ``profile`` as YAML, or as JSON if ``path`` ends in .json; the file is replaced whole or not at all."""
    path = Path(path).expanduser()
    if path.suffix.lower() == ".json":
        text = json.dumps(_document(profile, "json"), indent=2, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(_document(profile, "python"), sort_keys=False, allow_unicode=True, width=110)
    write_atomically(path, text)


def _document(profile: Profile, mode: Literal["json", "python"]) -> dict[str, Any]:
    """The profile as tidy plain data: no empty or default fields, whole numbers without '.0'.

    ``python`` mode keeps dates as date objects, which YAML writes as plain ISO dates.
    """
    data = profile.model_dump(mode=mode, exclude_none=True, exclude_defaults=True)
    # The schema version is a default, but a file without it could not be migrated later.
    document = {"schema_version": profile.schema_version, **data}
    return {key: _compact(value) for key, value in document.items()}


def _compact(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value
