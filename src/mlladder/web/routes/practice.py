"""Interview practice: a level's questions by competency marked by source, one question at a time with the time
measured by the server, the strong answer's points after, and how each topic stands.

The clock starts when a question is served. When it was served, and the time limit, stay in the signed session
cookie (a person cannot change them) until the answer comes back, so neither a slow page nor an edited form can
shorten the time an answer took.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import (
    Framework,
    InputError,
    InterviewPrep,
    NewPracticeAnswer,
    RecordNotFound,
    Store,
    choose_questions,
    get_competency,
    get_level,
    interview_prep,
    practice_history,
)
from mlladder.guidance.interview import gap_focus
from mlladder.guidance.practice import MAX_NOTES, RATINGS
from mlladder.web.deps import CurrentUser, EditablePerson, FrameworkDep, ReadablePerson, RecordId, StoreDep
from mlladder.web.rendering import render
from mlladder.web.services import target_for

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

SERVED = "practice"  # the session key of the question being answered
DEFAULT_LIMIT, MIN_LIMIT, MAX_LIMIT = 300, 30, 3600


def _prep(store: Store, framework: Framework, person_id: int, level: str) -> InterviewPrep:
    """The level's questions with the person's gaps first (from the latest assessment, when there is one)."""
    latest = store.latest_assessment(person_id)
    focus: tuple[str, ...] = ()
    if latest is not None and latest.framework_id == framework.id:
        focus = gap_focus(latest.profile, framework, level, latest.assessment)
    return interview_prep(framework, level, focus)


def _level(store: Store, framework: Framework, person_id: int, wanted: str | None) -> str:
    return target_for(store, framework, person_id, wanted)


@router.get("/people/{person_id}/practice")
def practice_page(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    person: ReadablePerson,
    level: str | None = None,
) -> Response:
    level_id = _level(store, framework, person.id, level)
    prep = _prep(store, framework, person.id, level_id)
    answers = store.list_practice(person.id, framework.id, level_id)
    now = store.now()
    return render(
        request,
        "practice.html",
        viewer,
        subject=person,
        prep=prep,
        history=practice_history(prep, answers, now),
        now=now,
        levels=framework.levels,
        recent=list(reversed(answers))[:10],
        editable=viewer.may_edit(person.id),
        limits=(MIN_LIMIT, DEFAULT_LIMIT, MAX_LIMIT),
    )


@router.post("/people/{person_id}/practice/next")
def next_question(
    request: Request,
    store: StoreDep,
    framework: FrameworkDep,
    person: EditablePerson,
    level: Annotated[str, Form(max_length=80)],
    competency: Annotated[str, Form(max_length=80)] = "",
    time_limit: Annotated[str, Form(max_length=10)] = str(DEFAULT_LIMIT),
) -> Response:
    """Serve the next question by the practice schedule and start its clock."""
    prep = _prep(store, framework, person.id, get_level(framework, level).id)
    chosen = get_competency(framework, competency).id if competency.strip() else None
    limit = _limit(time_limit)
    answers = store.list_practice(person.id, framework.id, prep.level)
    picked = choose_questions(prep, answers, store.now(), 1, chosen)
    if not picked:
        raise InputError(f"competency: level {prep.level} has no questions on {chosen} (fix: choose another)")
    request.session[SERVED] = {
        "person": person.id,
        "level": prep.level,
        "question": picked[0].id,
        "competency": chosen or prep.group_of(picked[0].id),
        "served": store.now().isoformat(),
        "limit": limit,
    }
    return RedirectResponse(f"/people/{person.id}/practice/question", status_code=303)


def _limit(value: str) -> int:
    if not value.strip().isdigit() or not MIN_LIMIT <= int(value) <= MAX_LIMIT:
        raise InputError(f"time_limit: '{value}' is not allowed (fix: give {MIN_LIMIT} to {MAX_LIMIT} seconds)")
    return int(value)


def _served(request: Request, person_id: int) -> dict[str, Any] | None:
    """The question served to this person in this session and not answered yet."""
    served = request.session.get(SERVED)
    if not isinstance(served, dict) or served.get("person") != person_id:
        return None
    return served


@router.get("/people/{person_id}/practice/question")
def question_page(
    request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep, person: EditablePerson
) -> Response:
    served = _served(request, person.id)
    if served is None:
        return RedirectResponse(f"/people/{person.id}/practice", status_code=303)
    prep = interview_prep(framework, served["level"])
    question = next((q for q in prep.questions if q.id == served["question"]), None)
    if question is None:
        request.session.pop(SERVED, None)
        raise InputError("this question is no longer in the ladder (fix: start another one)")
    started = dt.datetime.fromisoformat(served["served"])
    return render(
        request,
        "practice_question.html",
        viewer,
        subject=person,
        question=question,
        competency=served["competency"],
        limit=served["limit"],
        deadline=started + dt.timedelta(seconds=served["limit"]),
        ratings=RATINGS,
    )


@router.post("/people/{person_id}/practice/answer")
def answer_question(
    request: Request,
    store: StoreDep,
    framework: FrameworkDep,
    person: EditablePerson,
    question_id: Annotated[str, Form(max_length=80)],
    rating: Annotated[str, Form(max_length=4)],
    notes: Annotated[str, Form(max_length=MAX_NOTES)] = "",
) -> Response:
    """Keep the answer, timed from when its question was served; past the limit it is kept as timed out."""
    ended = store.now()
    served = _served(request, person.id)
    if served is None or served.get("question") != question_id:
        raise InputError("question_id: this question was not served to you (fix: open the practice page again)")
    if not rating.strip().isdigit() or int(rating) not in RATINGS:
        raise InputError(f"rating: '{rating}' is not on the scale (fix: choose 0 to 4)")
    started = dt.datetime.fromisoformat(served["served"])
    answer = NewPracticeAnswer(
        framework_id=framework.id,
        question_id=question_id,
        level=served["level"],
        competency=served["competency"],
        started_at=started,
        ended_at=max(ended, started),
        time_limit=served["limit"],
        timed_out=(ended - started).total_seconds() > served["limit"],
        rating=int(rating),
        notes=notes or None,
    )
    saved = store.save_practice_answer(person.id, answer)
    request.session.pop(SERVED, None)  # answered once: a second post of the same form is refused
    return RedirectResponse(f"/people/{person.id}/practice/answers/{saved.id}", status_code=303)


@router.get("/people/{person_id}/practice/answers/{answer_id}")
def answer_page(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    person: ReadablePerson,
    answer_id: RecordId,
) -> Response:
    answer = store.get_practice_answer(answer_id)
    if answer.person_id != person.id:
        raise RecordNotFound("practice answer", answer_id)  # another person's answer looks like no answer
    prep = interview_prep(framework, answer.level) if any(lv.id == answer.level for lv in framework.levels) else None
    question = next((q for q in prep.questions if q.id == answer.question_id), None) if prep else None
    return render(
        request,
        "practice_answer.html",
        viewer,
        subject=person,
        answer=answer,
        question=question,
        ratings=RATINGS,
        editable=viewer.may_edit(person.id),
    )
