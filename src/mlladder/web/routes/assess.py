"""The self-assessment wizard: background questions, one page per competency, a summary, then save."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import Framework, InputError, Person
from mlladder.assess.questions import BACKGROUND_NAMES, GOAL_CHOICES, goal_text
from mlladder.framework.ladder import placed_competencies
from mlladder.store.people import DEFAULT_PERSON_NAME
from mlladder.web import wizard
from mlladder.web.deps import CurrentUser, EditablePerson, FrameworkDep, StoreDep, Viewer
from mlladder.web.forms import FORM_PROBLEM, FormState, refused
from mlladder.web.rendering import render
from mlladder.web.services import assess_person, latest_profile, levels_by_track

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

TextField = Annotated[str, Form(max_length=200)]

# The wizard's fields, as their labels name them: a refused answer is shown beside its own field.
START_LABELS = {
    "name": "Name",
    "current_title": "Current job title",
    "years_experience": "Years of experience",
    "weekly_hours": "Hours per week",
    "goal_kind": "Goal",
    "goal_level": "Level",
    "goal_from": "The field you come from",
    "specialisation": "Specialisations",
    "region": "Region",
    "in_level_since": "At your current level since",
    "passed_over": "Reviews where you were passed over",
    "sponsor": "Someone senior arguing for you",
}
STEP_LABELS = {"choice": ""}  # the message says it all: "Pick the description that fits best, ..."


def known_name(person: Person) -> str:
    """The person's name to offer in the wizard: the one they gave, not single-user mode's placeholder."""
    return "" if person.user_id is None and person.name == DEFAULT_PERSON_NAME else person.name


def _start_page(
    request: Request,
    viewer: Viewer,
    framework: Framework,
    person: Person,
    values: dict[str, str],
    chosen: list[str],
    form: FormState | None = None,
) -> Response:
    """The first page; sent back with ``form``, with every answer as it was typed (ticked boxes stay ticked) and
    the message beside the field to change."""
    return render(
        request,
        "wizard_start.html",
        viewer,
        status_code=FORM_PROBLEM if form else 200,
        subject=person,
        values=values,
        chosen=chosen,
        level_groups=levels_by_track(framework),
        goal_choices=GOAL_CHOICES,
        fields=BACKGROUND_NAMES,
        specialisations=framework.specialisations,
        count=len(placed_competencies(framework)),  # more when the goal is on another track
        form=form,
    )


@router.get("/people/{person_id}/assess")
def wizard_start(
    request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep, person: EditablePerson
) -> Response:
    state = wizard.load(request.session, person.id) or wizard.start_from(
        framework, person.id, latest_profile(store, person.id, framework)
    )
    background = state.background if state else None
    values = wizard.form_values(background)
    values["name"] = known_name(person) or values["name"]
    chosen = list(background.specialisation) if background else []
    return _start_page(request, viewer, framework, person, values, chosen)


@router.post("/people/{person_id}/assess")
def wizard_begin(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    person: EditablePerson,
    name: TextField = "",
    current_title: TextField = "",
    years_experience: Annotated[str, Form(max_length=20)] = "",
    weekly_hours: Annotated[str, Form(max_length=20)] = "",
    goal_kind: Annotated[str, Form(max_length=20)] = "",
    goal_level: Annotated[str, Form(max_length=80)] = "",
    goal_from: Annotated[str, Form(max_length=20)] = "",
    specialisation: Annotated[list[str] | None, Form(max_length=100)] = None,
    region: Annotated[str, Form(max_length=20)] = "",
    in_level_since: Annotated[str, Form(max_length=20)] = "",
    passed_over: Annotated[str, Form(max_length=400)] = "",
    sponsor: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    values = {
        "name": name,
        "current_title": current_title,
        "years_experience": years_experience,
        "weekly_hours": weekly_hours,
        "goal_kind": goal_kind,
        "goal_level": goal_level,
        "goal_from": goal_from,
        "region": region,
        "in_level_since": in_level_since,
        "passed_over": passed_over,
        "sponsor": sponsor,
    }
    chosen = specialisation or []
    try:
        background = wizard.background_from_form(framework, values, chosen)
    except InputError as error:
        form = refused("start", {**values, "specialisation": chosen}, error, START_LABELS)
        return _start_page(request, viewer, framework, person, values, chosen, form)
    earlier = wizard.load(request.session, person.id) or wizard.start_from(
        framework, person.id, latest_profile(store, person.id, framework)
    )
    ratings = earlier.ratings if earlier else {}
    wizard.keep(request.session, wizard.WizardState(person_id=person.id, background=background, ratings=ratings))
    return RedirectResponse(f"/people/{person.id}/assess/step/1", status_code=303)


def _step_page(
    request: Request,
    viewer: Viewer,
    framework: Framework,
    person: Person,
    state: wizard.WizardState,
    number: int,
    then: str,
    form: FormState | None = None,
) -> Response:
    competencies = wizard.asked(framework, state)
    competency = competencies[number - 1]
    area = next((area.name for area in framework.competency_areas if area.id == competency.area), competency.area)
    return render(
        request,
        "wizard_step.html",
        viewer,
        status_code=FORM_PROBLEM if form else 200,
        subject=person,
        competency=competency,
        area=area,
        number=number,
        count=len(competencies),
        current=state.ratings.get(competency.id),
        then=then,
        form=form,
    )


def _checked_step(framework: Framework, state: wizard.WizardState, number: int) -> int:
    count = len(wizard.asked(framework, state))
    if not 1 <= number <= count:
        raise InputError(f"there is no competency {number} (fix: use 1 to {count})")
    return number


@router.get("/people/{person_id}/assess/step/{number}")
def wizard_step(
    request: Request,
    viewer: CurrentUser,
    framework: FrameworkDep,
    person: EditablePerson,
    number: int,
    then: str = "",
) -> Response:
    state = wizard.load(request.session, person.id)
    if state is None:
        return RedirectResponse(f"/people/{person.id}/assess", status_code=303)
    return _step_page(request, viewer, framework, person, state, _checked_step(framework, state, number), then)


@router.post("/people/{person_id}/assess/step/{number}")
def wizard_answer(
    request: Request,
    viewer: CurrentUser,
    framework: FrameworkDep,
    person: EditablePerson,
    number: int,
    action: Annotated[str, Form(max_length=10)] = "next",
    choice: Annotated[str | None, Form(max_length=4)] = None,
    then: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    state = wizard.load(request.session, person.id)
    if state is None:
        return RedirectResponse(f"/people/{person.id}/assess", status_code=303)
    number = _checked_step(framework, state, number)
    try:
        state = wizard.choose(framework, state, number - 1, action, choice)
    except InputError as error:
        form = refused("step", {"choice": choice or "", "action": action}, error, STEP_LABELS)
        return _step_page(request, viewer, framework, person, state, number, then, form)
    wizard.keep(request.session, state)
    base = f"/people/{person.id}/assess"
    if then == "summary" or (action != "back" and number == len(wizard.asked(framework, state))):
        return RedirectResponse(f"{base}/summary", status_code=303)
    if action == "back":
        return RedirectResponse(f"{base}/step/{number - 1}" if number > 1 else base, status_code=303)
    return RedirectResponse(f"{base}/step/{number + 1}", status_code=303)


@router.get("/people/{person_id}/assess/summary")
def wizard_summary(request: Request, viewer: CurrentUser, framework: FrameworkDep, person: EditablePerson) -> Response:
    state = wizard.load(request.session, person.id)
    if state is None:
        return RedirectResponse(f"/people/{person.id}/assess", status_code=303)
    scale = {step.value: step.name for step in framework.proficiency_scale}
    rows = [(number, c, state.ratings.get(c.id)) for number, c in enumerate(wizard.asked(framework, state), start=1)]
    names = {item.id: item.name for item in framework.specialisations}
    answers = {
        "Goal": goal_text(framework, state.background.goal),
        "Specialisations": ", ".join(names.get(i, i) for i in state.background.specialisation) or "none given",
        "Region": state.background.region or "none given",
        **wizard.standing_summary(state.background),
    }
    return render(
        request, "wizard_summary.html", viewer, subject=person, state=state, rows=rows, scale=scale,
        rated=sum(value is not None for _, _, value in rows), answers=answers,
    )  # fmt: skip


@router.post("/people/{person_id}/assess/save")
def wizard_save(
    request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep, person: EditablePerson
) -> Response:
    state = wizard.load(request.session, person.id)
    if state is None:
        return RedirectResponse(f"/people/{person.id}/assess", status_code=303)
    record = assess_person(store, framework, person.id, wizard.profile(framework, state))
    if state.background.name and state.background.name != person.name:
        store.rename_person(person.id, state.background.name)  # the name they typed is theirs everywhere
    wizard.clear(request.session)
    return RedirectResponse(f"/assessments/{record.id}", status_code=303)
