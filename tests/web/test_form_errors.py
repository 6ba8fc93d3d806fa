"""A form sent with a value that cannot be used comes back on its own page: status 400 (413 for a file over the
limit), the message beside the field in the form's words, every value as typed, the whole navigation, and
nothing stored. Plan, upload, journal entry and tag forms, each on a real app over SQLite."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from mlladder import Framework, InputError, Profile, assess
from mlladder.errors import FieldError
from mlladder.store import Store
from mlladder.web import create_app
from mlladder.web.forms import form_words, refused
from mlladder.web.security import MULTIPART_SLACK
from tests.web.conftest import BASE_URL, Browser, location_id, settings_for
from tests.web.html import Element, Page, parse

PROFILE = Profile(framework="ml-engineer", years_experience=4, weekly_hours=5, ratings={"self": {"mlops": 2}})
NAV = ["nav-ladder", "nav-assess", "nav-results", "nav-documents", "nav-plan", "nav-history", "nav-journal"]


@pytest.fixture
def assessment_id(store: Store, me: int, ml_ladder: Framework) -> int:
    return store.save_assessment(me, PROFILE, assess(PROFILE, ml_ladder)).id


def sent_back(response: httpx.Response, status: int = 400) -> Page:
    """The page a refused form comes back on, after checking it is a whole page with the full navigation."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    page = parse(response.text)
    assert page.find_all(data_testid="error-message") == []  # not the separate error page
    assert [link.attrs["data-testid"] for link in page.by_id("nav").find_all("a") if "data-testid" in link.attrs][
        : len(NAV)
    ] == NAV
    return page


def field_with_error(page: Page, field_id: str) -> tuple[Element, str]:
    """The field marked invalid and the text of the message that describes it (announced as an alert)."""
    field = page.by_id(field_id)
    assert field.attrs.get("aria-invalid") == "true"
    message = page.by_id(field.attrs["aria-describedby"])
    assert message.attrs["role"] == "alert"
    assert "--" not in message.text and "fix:" not in message.text  # the form's words, not the command line's
    return field, message.text


# -- the plan ------------------------------------------------------------------------------------------------------


def test_a_plan_with_too_many_hours_comes_back_with_the_hours_kept(
    browser: Browser, store: Store, assessment_id: int
) -> None:
    form = {"target": "L4", "shown": "L4", "weekly_hours": "500", "start": "2026-03-02"}
    page = sent_back(browser.post(f"/assessments/{assessment_id}/plans", form))
    hours, message = field_with_error(page, "plan-hours")
    assert hours.attrs["value"] == "500"
    assert message == "Hours a week: enter a number from 1 to 80."
    assert page.by_id("plan-start").attrs["value"] == "2026-03-02"
    assert "aria-invalid" not in page.by_id("plan-start").attrs
    assert page.by_id("gaps-title").text  # the gaps page, around its form
    assert store.plans_of_assessment(assessment_id) == []

    made = browser.post(f"/assessments/{assessment_id}/plans", {**form, "weekly_hours": "6"})
    assert made.status_code == 303
    assert store.get_plan(location_id(made, "plans")).plan.weekly_hours == 6


@pytest.mark.parametrize(
    ("typed", "field_id", "said"),
    [
        ({"weekly_hours": "five"}, "plan-hours", "Hours a week: enter a number such as 5."),
        ({"weekly_hours": "0.5"}, "plan-hours", "Hours a week: enter a number from 1 to 80."),
        ({"start": "1960-01-01"}, "plan-start", "Start: enter a date between 1970-01-01 and 2200-12-31."),
        ({"start": "1999-12-31"}, "plan-start", "Start: enter a date between 2000-01-01 and "),
        ({"start": "next week"}, "plan-start", "Start: enter a date such as 2027-01-04."),
    ],
)
def test_each_plan_field_is_named_in_the_forms_words(
    browser: Browser, store: Store, assessment_id: int, typed: dict[str, str], field_id: str, said: str
) -> None:
    form = {"target": "L4", "shown": "L4", "weekly_hours": "5", "start": "2026-03-02", **typed}
    page = sent_back(browser.post(f"/assessments/{assessment_id}/plans", form))
    _, message = field_with_error(page, field_id)
    assert message.startswith(said)
    assert store.plans_of_assessment(assessment_id) == []


def test_the_plan_form_shows_no_error_until_it_is_sent(browser: Browser, assessment_id: int) -> None:
    page = browser.page(f"/assessments/{assessment_id}/gaps")
    assert page.find_all(data_testid="field-error") == []
    assert "aria-invalid" not in page.by_id("plan-hours").attrs
    assert page.by_id("plan-hours").attrs["value"] == "5"


# -- the journal ---------------------------------------------------------------------------------------------------


def test_a_journal_entry_dated_in_the_future_keeps_what_was_written(browser: Browser, me: int, store: Store) -> None:
    next_month = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    typed = {"entry_date": next_month, "text": "Moved the ranking model to a feature store", "impact": "-30% latency"}
    page = sent_back(browser.post(f"/people/{me}/journal", typed))
    date, message = field_with_error(page, "entry-date")
    assert date.attrs["value"] == next_month
    assert message == "Date: enter the date it happened, today or earlier."
    assert page.by_id("entry-text").text == typed["text"]
    assert page.by_id("entry-impact").attrs["value"] == typed["impact"]
    assert store.list_journal(me) == []


@pytest.mark.parametrize(
    ("typed", "field_id", "said"),
    [
        ({"text": "   "}, "entry-text", "What you did: describe what you did."),
        ({"entry_date": "05/02/2025"}, "entry-date", "Date: enter a date such as 2025-02-05."),
    ],
)
def test_each_journal_field_is_named_in_the_forms_words(
    browser: Browser, me: int, store: Store, typed: dict[str, str], field_id: str, said: str
) -> None:
    form = {"entry_date": "2025-02-05", "text": "Shipped the churn model", "impact": "", **typed}
    page = sent_back(browser.post(f"/people/{me}/journal", form))
    _, message = field_with_error(page, field_id)
    assert message == said
    assert page.by_id("entry-text").text == form["text"].strip()
    assert store.list_journal(me) == []


def add_entry(store: Store, me: int, framework: Framework) -> int:
    return store.add_journal_entry(me, dt.date(2025, 2, 1), "Ran the weekly model review", None, framework).id


def test_tags_are_skill_names_as_people_write_them(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    entry_id = add_entry(store, me, ml_ladder)
    saved = browser.post(
        f"/journal/{entry_id}/tags", {"competencies": ["mlops"], "skills": "Feature Store, pytorch, K8s"}
    )
    assert saved.status_code == 303
    entry = store.get_journal_entry(entry_id)
    assert (entry.competencies, entry.skills) == (["mlops"], ["feature-store", "pytorch", "kubernetes"])
    # The form offers the tags back as names, which it accepts unchanged.
    field = browser.page(f"/people/{me}/journal").by_id(f"tags-skills-{entry_id}")
    assert field.attrs["value"] == "Feature Store, PyTorch, Kubernetes"


def test_an_unknown_tag_is_refused_on_the_form_with_the_closest_names(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    entry_id = add_entry(store, me, ml_ladder)
    before = store.get_journal_entry(entry_id)
    typed: dict[str, Any] = {"competencies": ["mlops", "data-engineering"], "skills": "PyTorch, Feature Stor"}
    page = sent_back(browser.post(f"/journal/{entry_id}/tags", typed))
    skills, message = field_with_error(page, f"tags-skills-{entry_id}")
    assert skills.attrs["value"] == "PyTorch, Feature Stor"
    assert message.startswith("Skills: no skill named 'Feature Stor' — did you mean Feature Store")
    form = page.by_id(f"tags-form-{entry_id}")
    assert "open" in form.parent.attrs  # type: ignore[union-attr]  # its <details> stays open
    ticked = [box.attrs["value"] for box in form.find_all("input", type="checkbox") if "checked" in box.attrs]
    assert ticked == [c.id for c in ml_ladder.competencies if c.id in typed["competencies"]]
    after = store.get_journal_entry(entry_id)
    assert (after.competencies, after.skills, after.tags_edited) == (before.competencies, before.skills, False)


def test_an_entry_edited_without_text_comes_back_with_the_edit_kept(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    entry_id = add_entry(store, me, ml_ladder)
    before = store.get_journal_entry(entry_id)
    typed = {"entry_date": "2025-01-15", "text": "  ", "impact": "cut review time by half"}
    page = sent_back(browser.post(f"/journal/{entry_id}", typed))
    _, message = field_with_error(page, f"edit-text-{entry_id}")
    assert message == "What you did: describe what you did."
    assert page.by_id(f"edit-date-{entry_id}").attrs["value"] == "2025-01-15"
    assert page.by_id(f"edit-impact-{entry_id}").attrs["value"] == typed["impact"]
    assert "open" in page.by_id(f"edit-form-{entry_id}").parent.attrs  # type: ignore[union-attr]
    assert page.by_id("entry-text").text == ""  # the new entry's form is left alone
    assert store.get_journal_entry(entry_id) == before


def test_an_edited_entry_is_tagged_again_unless_its_tags_were_chosen(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    entry_id = add_entry(store, me, ml_ladder)
    text = "Moved model serving to Kubernetes and set up MLflow for every experiment"
    assert browser.post(f"/journal/{entry_id}", {"entry_date": "2025-01-15", "text": text}).status_code == 303
    entry = store.get_journal_entry(entry_id)
    assert (entry.entry_date, entry.text, entry.impact) == (dt.date(2025, 1, 15), text, None)
    assert {"kubernetes", "mlflow"} <= set(entry.skills) and not entry.tags_edited

    assert browser.post(f"/journal/{entry_id}/tags", {"skills": "PyTorch"}).status_code == 303
    assert browser.post(f"/journal/{entry_id}", {"text": text + " again"}).status_code == 303
    entry = store.get_journal_entry(entry_id)
    assert (entry.text, entry.entry_date, entry.skills) == (text + " again", dt.date(2025, 1, 15), ["pytorch"])


# -- the self-assessment wizard ------------------------------------------------------------------------------------


WIZARD_START = {
    "name": "Kim",
    "years_experience": "6",
    "weekly_hours": "4",
    "goal_kind": "",
    "goal_level": "",
    "goal_from": "",
    "region": "GB",
    "in_level_since": "2019-05",
    "passed_over": "2024-09",
    "sponsor": "no",
}


@pytest.mark.parametrize(
    ("typed", "field_id", "said"),
    [
        (
            {"years_experience": "seventy"},
            "years",
            "Years of experience: enter a number from 0 to 60, such as 3 or 4.5.",
        ),
        ({"weekly_hours": "200"}, "hours", "Hours per week: enter a number above 0 and up to 80, or leave it empty."),
        ({"name": "\x01\x02"}, "name", "Name: it holds only control characters; type the name you go by, or leave"),
        ({"goal_kind": "level"}, "goal-level", "Level: a level on any track needs the level. Choose it in the list"),
        ({"goal_kind": "next-level", "goal_level": "M1"}, "goal-level", "Level: 'the next level up' takes no level."),
        ({"goal_kind": "fame"}, "goal-kind", "Goal: unknown goal 'fame'. Choose one from the list."),
        ({"goal_kind": "move-into-ml", "goal_from": "sales"}, "goal-from", "The field you come from: unknown field"),
        ({"goal_kind": "level", "goal_level": "L4", "goal_from": "backend"}, "goal-from", "The field you come from:"),
        ({"region": "USA"}, "region", "Region: 'USA' is not a country code: type two letters such as US, GB, DE or IN"),
        ({"in_level_since": "2999-01"}, "in-level-since", "At your current level since: 2999-01-01 is in the future."),
        ({"passed_over": "2018-01"}, "passed-over", "Reviews where you were passed over: 2018-01-01 is not after"),
        ({"sponsor": "perhaps"}, "sponsor", "Someone senior arguing for you: 'perhaps' is neither yes nor no."),
    ],
)
def test_a_wizard_answer_that_cannot_be_used_stands_beside_its_field(
    browser: Browser, me: int, store: Store, typed: dict[str, str], field_id: str, said: str
) -> None:
    form = {**WIZARD_START, **typed}
    page = sent_back(browser.post(f"/people/{me}/assess", {**form, "specialisation": ["nlp"]}))
    _, message = field_with_error(page, field_id)
    assert message.startswith(said), message
    assert page.find_all(data_testid="wizard-error") == []  # no line above the form any more
    assert len(page.find_all(aria_invalid="true")) == 1  # only the field it is about
    for name, value in form.items():  # every answer as typed
        field = page.by_testid("wizard-start").find(name=name)
        if field.tag == "select":
            options = field.find_all("option")
            chosen = [option.attrs["value"] for option in options if "selected" in option.attrs]
            assert chosen == [option.attrs["value"] for option in options if value and option.attrs["value"] == value]
        else:
            assert field.attrs["value"] == value, name
    assert page.by_id("specialisation-nlp").attrs.get("checked") is not None
    assert store.list_assessments(me) == [] and store.get_person(me).name == "Me"
    assert browser.get(f"/people/{me}/assess/step/1", follow_redirects=False).status_code == 303  # nothing kept


def test_a_tampered_specialisation_is_named_beside_the_boxes(browser: Browser, me: int) -> None:
    form = {**WIZARD_START, "specialisation": ["nlp", "recsys"]}
    page = sent_back(browser.post(f"/people/{me}/assess", form))
    boxes, message = field_with_error(page, "specialisations")
    assert message.startswith("Specialisations: unknown specialisation 'recsys'")
    assert boxes.tag == "fieldset"


def test_a_competency_page_without_a_choice_asks_again_beside_the_choices(browser: Browser, me: int) -> None:
    assert browser.post(f"/people/{me}/assess", WIZARD_START).status_code == 303
    page = sent_back(browser.post(f"/people/{me}/assess/step/1", {"action": "next"}))
    choices, message = field_with_error(page, "choices")
    assert message == "Pick the description that fits best, or skip this competency."
    assert choices.attrs["role"] == "radiogroup"
    assert "autofocus" in page.by_id("choices").find("input", type="radio").attrs  # the first description
    assert page.find_all(data_testid="wizard-error") == []
    fine = browser.page(f"/people/{me}/assess/step/1")  # asked again without the message
    assert fine.find_all(data_testid="field-error") == []
    assert "aria-invalid" not in fine.by_id("choices").attrs


# -- uploads -------------------------------------------------------------------------------------------------------


def test_an_unreadable_upload_comes_back_with_the_choices_made(browser: Browser, me: int, store: Store) -> None:
    response = browser.post(
        f"/people/{me}/documents", {"kind": "brag"}, files={"file": ("photo.pdf", b"\x89PNG\r\n fake", "image/png")}
    )
    page = sent_back(response)
    _, message = field_with_error(page, "file")
    assert message.startswith("The file: photo.pdf:")
    assert page.by_testid("choose-again").text.startswith("Choose the file again")
    chosen = [option.attrs["value"] for option in page.by_id("kind").find_all("option") if "selected" in option.attrs]
    assert chosen == ["brag"]
    assess_box = page.by_testid("upload-form").find_all("input", name="assess")[0]
    assert "checked" not in assess_box.attrs  # left unticked, as sent
    assert store.list_documents(me) == []


def test_an_upload_over_the_limit_comes_back_as_413_on_the_form(tmp_path: Path) -> None:
    with TestClient(create_app(settings_for(tmp_path, upload_limit_bytes=2000)), base_url=BASE_URL) as client:
        browser = Browser(client)
        me = client.get("/api/session").json()["person_id"]
        response = browser.post(
            f"/people/{me}/documents", {"kind": "resume", "assess": "true"}, files={"file": ("a.txt", b"work " * 500)}
        )
        page = sent_back(response, 413)
        _, message = field_with_error(page, "file")
        assert message.startswith("The file: Uploads are limited to 1.95 KB.")
        assess_box = page.by_testid("upload-form").find_all("input", name="assess")[0]
        assert "checked" in assess_box.attrs
        assert client.app.state.mlladder.store.list_documents(me) == []  # type: ignore[attr-defined]


LIMIT = 2000  # bytes; the server reads at most this and MULTIPART_SLACK of a request's body


def multipart(token: str, size: int) -> tuple[bytes, bytes, str]:
    """An upload form as a browser sends it, with a file of ``size`` bytes: what comes before the file's bytes,
    what comes after, and the content type."""
    boundary = "----mlladder-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nbrag\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    return head, f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
@pytest.mark.parametrize("size", [LIMIT + 1, 10 * LIMIT, 10 * (LIMIT + MULTIPART_SLACK), 50_000_000])
def test_an_upload_far_over_the_limit_comes_back_on_the_form_unread(tmp_path: Path, size: int, declared: bool) -> None:
    """However far over the limit, with or without a Content-Length, the upload form comes back (413) with the
    limit and the fix beside the file field, nothing is stored, and the body is read no further than the limit and
    the room for the form around the file (a body that says its length is over is not read at all)."""
    app = create_app(settings_for(tmp_path, upload_limit_bytes=LIMIT))
    pulled = 0

    async def send() -> tuple[int, str]:
        nonlocal pulled
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            session = (await client.get("/api/session")).json()
            head, tail, content_type = multipart(session["csrf_token"], size)

            async def body() -> AsyncIterator[bytes]:
                nonlocal pulled
                for part in (head, *(b"x" * min(65_536, size - sent) for sent in range(0, size, 65_536)), tail):
                    pulled += len(part)
                    yield part

            total = len(head) + size + len(tail)
            headers = {"Content-Type": content_type, **({"Content-Length": str(total)} if declared else {})}
            response = await client.post(f"/people/{session['person_id']}/documents", content=body(), headers=headers)
            return response.status_code, response.text

    status, text = asyncio.run(send())
    page = sent_back(httpx.Response(status, text=text, headers={"content-type": "text/html"}), 413)
    _, message = field_with_error(page, "file")
    assert message == "The file: Uploads are limited to 1.95 KB. Upload a shorter document, or save it as text."
    assert page.by_testid("choose-again").text.startswith("Choose the file again")
    store = app.state.mlladder.store
    assert store.list_documents(store.default_person().id) == []
    if declared and size > LIMIT + MULTIPART_SLACK:
        assert pulled == 0  # said to be too large: refused before any of it is read
    else:
        assert pulled <= LIMIT + MULTIPART_SLACK + 65_536 + 300  # at most one part past what may be read


def test_an_api_upload_far_over_the_limit_keeps_its_json_413(tmp_path: Path) -> None:
    with TestClient(create_app(settings_for(tmp_path, upload_limit_bytes=LIMIT)), base_url=BASE_URL) as client:
        browser = Browser(client)
        me = client.get("/api/session").json()["person_id"]
        big = b"x" * (10 * (LIMIT + MULTIPART_SLACK))
        response = browser.api("POST", f"/api/people/{me}/documents", files={"file": ("big.txt", big)})
        assert response.status_code == 413
        assert response.json() == {
            "detail": "Uploads are limited to 1.95 KB (fix: upload a shorter document, or save it as text)."
        }


# -- the wording ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "label", "shown"),
    [
        (
            FieldError(
                "weekly hours must be 1 to 80 (fix: pass --hours 1 to 80)",
                "weekly_hours",
                "enter a number from 1 to 80",
            ),
            "Hours a week",
            "Hours a week: enter a number from 1 to 80.",
        ),
        (
            InputError("notes.txt: file is empty (fix: give the file with the text)"),
            "The file",
            "The file: notes.txt: file is empty. Give the file with the text.",
        ),
        (InputError("no such region (fix: pass --region GB)"), "", "No such region."),
    ],
)
def test_a_form_shows_the_fix_in_its_own_words(error: InputError, label: str, shown: str) -> None:
    assert form_words(error, label) == shown


def test_an_error_about_a_field_the_form_lacks_goes_to_the_fallback() -> None:
    error = FieldError("region 'XX' is unknown (fix: pass --region GB)", "region", "choose a region")
    state = refused("plan", {"weekly_hours": "5"}, error, {"weekly_hours": "Hours a week"})
    assert state.errors == {"": "Choose a region."} and state.general == "Choose a region."
    assert state.value("weekly_hours") == "5" and state.error("weekly_hours") == ""
