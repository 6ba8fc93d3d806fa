"""``mlladder interview``: practise a level's interview questions with spaced repetition, list them, or show how
the practice stands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from mlladder import (
    Framework,
    InputError,
    InterviewPrep,
    NewPracticeAnswer,
    Store,
    choose_questions,
    get_competency,
    get_level,
    interview_prep,
    interview_prep_data,
    load_profile,
    practice_history,
    practice_history_data,
)
from mlladder.cli.interview_text import history_text, prep_text
from mlladder.cli.output import EXIT_USAGE, FormatOption, FrameworkOption, OutputFormat, print_json
from mlladder.cli.serve import DbOption
from mlladder.framework.load import framework_from_option
from mlladder.guidance.interview import gap_focus
from mlladder.guidance.practice_session import Attempt, run_session
from mlladder.store.engine import shown

__all__ = ["register"]

MIN_LIMIT, MAX_LIMIT = 1, 3600
MIN_COUNT, MAX_COUNT = 1, 50


def register(app: typer.Typer) -> None:
    app.command("interview")(interview_command)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def interview_command(
    level: Annotated[
        str | None,
        typer.Option("--level", "-l", metavar="ID", help="Level whose questions to practise, e.g. L3."),
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option("--profile", "-p", metavar="FILE", help="Profile whose gaps towards the level come first."),
    ] = None,
    db: DbOption = None,
    count: Annotated[int, typer.Option("--count", "-n", metavar="N", help="Questions in the session (1-50).")] = 5,
    time_limit: Annotated[
        int, typer.Option("--time-limit", metavar="SECONDS", help="Seconds for each answer (1-3600).")
    ] = 300,
    competency: Annotated[
        str | None, typer.Option("--competency", "-c", metavar="ID", help="Only questions on this competency.")
    ] = None,
    listing: Annotated[
        bool, typer.Option("--list", help="List the level's questions by competency instead of practising.")
    ] = False,
    history: Annotated[
        bool, typer.Option("--history", help="Per-topic strength and what is due next instead of practising.")
    ] = False,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """Practise interview questions: each answer is timed, compared with what a strong answer covers, rated by you
    and saved at once; weak topics and due questions come back first (docs/interview.md). --list shows the
    questions, --history how the practice stands."""
    _check_ranges(count, time_limit)
    ladder = framework_from_option(framework)
    if history:
        _show_history(ladder, level, db, output)
        return
    if level is None:
        raise InputError("--level: missing (fix: name the level to practise, e.g. --level L3)")
    gaps = gap_focus(load_profile(profile, ladder), ladder, level) if profile is not None else ()
    chosen = get_competency(ladder, competency).id if competency is not None else None
    # A chosen competency leads the focus, so every question that tests it is listed (and practised) under it.
    prep = interview_prep(ladder, level, (chosen, *gaps) if chosen else gaps)
    if listing:
        _show_prep(prep, chosen, output)
        return
    if output is OutputFormat.json:
        raise InputError("--format json: a practice session is not data (fix: add --list or --history)")
    _practise(ladder, prep, db, count, time_limit, chosen)


def _check_ranges(count: int, time_limit: int) -> None:
    if not MIN_LIMIT <= time_limit <= MAX_LIMIT:
        raise InputError(f"--time-limit: {time_limit} is out of range (fix: give {MIN_LIMIT} to {MAX_LIMIT} seconds)")
    if not MIN_COUNT <= count <= MAX_COUNT:
        raise InputError(f"--count: {count} is out of range (fix: give {MIN_COUNT} to {MAX_COUNT} questions)")


def _show_prep(prep: InterviewPrep, competency: str | None, output: OutputFormat | None) -> None:
    data = interview_prep_data(prep)
    if competency is not None:
        data["groups"] = [group for group in data["groups"] if group["competency"] == competency]
    if output is OutputFormat.json:
        print_json(data)
    else:
        typer.echo(prep_text(prep, competency), nl=False)


def _show_history(ladder: Framework, level: str | None, db: str | None, output: OutputFormat | None) -> None:
    """Every level practised (or only ``level``)."""
    now = utc_now()
    with Store(db) as store:
        answers = store.list_practice(store.default_person().id, ladder.id)
    known = {item.id for item in ladder.levels}
    practised = [answer.level for answer in answers if answer.level in known]
    levels = [get_level(ladder, level).id] if level else list(dict.fromkeys(practised))
    histories = [
        practice_history(interview_prep(ladder, item), [a for a in answers if a.level == item], now) for item in levels
    ]
    if output is OutputFormat.json:
        print_json({"levels": [practice_history_data(item, now) for item in histories]})
    else:
        typer.echo(history_text(histories, now), nl=False)


def _practise(
    ladder: Framework, prep: InterviewPrep, db: str | None, count: int, time_limit: int, competency: str | None
) -> None:
    with Store(db) as store:
        person = store.default_person()
        answers = store.list_practice(person.id, ladder.id, prep.level)
        questions = choose_questions(prep, answers, utc_now(), count, competency)
        if not questions:
            raise InputError(f"--competency: level {prep.level} has no questions on {competency} (fix: pick another)")

        def save(attempt: Attempt) -> None:
            store.save_practice_answer(person.id, _new_answer(ladder, prep, attempt, time_limit))

        pairs = [(question, competency or prep.group_of(question.id)) for question in questions]
        result = run_session(pairs, ask=input, show=typer.echo, clock=utc_now, time_limit=time_limit, save=save)
        where = shown(store.url)
    if not result.complete:
        saved = f"{result.saved} answer{'s' if result.saved != 1 else ''}"
        typer.echo(f"\nstopped: {saved} saved in {where}; the question left open was not saved", err=True)
        raise typer.Exit(EXIT_USAGE)
    typer.echo(f"\nDone: {result.saved} answers saved. 'mlladder interview --history' shows what is due next.")


def _new_answer(ladder: Framework, prep: InterviewPrep, attempt: Attempt, time_limit: int) -> NewPracticeAnswer:
    return NewPracticeAnswer(
        framework_id=ladder.id,
        question_id=attempt.question.id,
        level=prep.level,
        competency=attempt.competency,
        started_at=attempt.started_at,
        ended_at=attempt.ended_at,
        time_limit=time_limit,
        timed_out=attempt.timed_out,
        rating=attempt.rating,
        notes=attempt.notes or None,
    )
