"""The interview practice pages: questions by competency marked by source, one question timed by the server, the
strong answer after, and how topics stand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlladder import assess, builtin_framework, load_profile
from mlladder.store import Store
from mlladder.web import create_app
from tests.conftest import ROOT
from tests.web.conftest import BASE_URL, Browser, Team, location_id, practice_answer, settings_for


class Clock:
    """A clock that stands still until a test moves it."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(tmp_path: Path, clock: Clock) -> Iterator[tuple[Browser, Store, int]]:
    """A single-user app whose store (and so the server's time measurement) runs on ``clock``."""
    settings = settings_for(tmp_path)
    with Store(settings.db_url, clock=clock) as store:
        app = create_app(settings, store=store)
        with TestClient(app, base_url=BASE_URL) as client:
            yield Browser(client), store, app.state.mlladder.default_person_id


def serve(browser: Browser, me: int, **fields: str) -> str:
    """Ask for the next question; the id of the question served."""
    response = browser.post(f"/people/{me}/practice/next", {"level": "L3", **fields})
    assert response.status_code == 303 and response.headers["location"] == f"/people/{me}/practice/question"
    page = browser.page(f"/people/{me}/practice/question")
    return page.by_testid("practice-question").attrs["data-question"]


def test_the_page_lists_the_levels_questions_by_competency_marked_by_source(browser: Browser, me: int) -> None:
    page = browser.page(f"/people/{me}/practice?level=L3")
    groups = page.all_testid("question-group")
    assert [group.attrs["data-competency"] for group in groups][:2] == ["deep-learning", "research"]  # no gaps yet
    questions = page.all_testid("question")
    origins = {question.attrs["data-question"]: question.attrs["data-origin"] for question in questions}
    assert origins["l3-kpi-drop-with-healthy-metrics"] == "editorial"
    assert origins["l3-handling-concept-drift"] == "article"
    editorial = next(q for q in questions if q.attrs["data-question"] == "l3-kpi-drop-with-healthy-metrics")
    assert "written for this ladder" in editorial.text
    assert ".txt" not in page.text and "Career Path: ML Engineer" in page.text
    assert page.by_testid("nav-practice").attrs["href"] == f"/people/{me}/practice"
    # Before a first assessment the home page is the first screen; practice stays one click away in the navigation.
    assert browser.page(f"/people/{me}").by_testid("nav-practice").attrs["href"] == f"/people/{me}/practice"


def test_an_answer_in_time_is_kept_with_the_seconds_the_server_measured(
    timed: tuple[Browser, Store, int], clock: Clock
) -> None:
    browser, store, me = timed
    question = serve(browser, me, competency="mlops", time_limit="120")
    clock.wait(95)
    response = browser.post(
        f"/people/{me}/practice/answer", {"question_id": question, "rating": "3", "notes": "Monitor, slice, roll back"}
    )
    assert response.status_code == 303
    [saved] = store.list_practice(me)
    assert (saved.question_id, saved.seconds, saved.timed_out, saved.rating) == (question, 95, False, 3)
    assert (saved.level, saved.competency, saved.time_limit) == ("L3", "mlops", 120)
    assert location_id(response, "answers") == saved.id
    page = browser.page(response.headers["location"])
    assert page.by_testid("answer-notes").text == "Monitor, slice, roll back"
    assert len(page.all_testid("strong-point")) >= 3
    assert page.all_testid("timed-out") == []


def test_an_answer_past_the_limit_is_kept_as_timed_out(timed: tuple[Browser, Store, int], clock: Clock) -> None:
    browser, store, me = timed
    question = serve(browser, me, time_limit="60")
    clock.wait(30)
    browser.page(f"/people/{me}/practice/question")  # reloading the page does not restart the clock
    clock.wait(31)
    response = browser.post(f"/people/{me}/practice/answer", {"question_id": question, "rating": "4"})
    assert response.status_code == 303
    [saved] = store.list_practice(me)
    assert (saved.seconds, saved.timed_out, saved.rating) == (61, True, 4)
    assert browser.page(response.headers["location"]).by_testid("timed-out").text == "timed out"


def test_only_the_question_served_can_be_answered_and_only_once(
    timed: tuple[Browser, Store, int], clock: Clock
) -> None:
    browser, store, me = timed
    unserved = browser.post(f"/people/{me}/practice/answer", {"question_id": "l3-raising-the-bar", "rating": "4"})
    assert unserved.status_code == 400 and "was not served to you" in unserved.text
    question = serve(browser, me)
    other = "l3-raising-the-bar" if question != "l3-raising-the-bar" else "l3-handling-concept-drift"
    swapped = browser.post(f"/people/{me}/practice/answer", {"question_id": other, "rating": "4"})
    assert swapped.status_code == 400
    assert browser.post(f"/people/{me}/practice/answer", {"question_id": question, "rating": "2"}).status_code == 303
    again = browser.post(f"/people/{me}/practice/answer", {"question_id": question, "rating": "4"})
    assert again.status_code == 400
    assert [answer.rating for answer in store.list_practice(me)] == [2]


@pytest.mark.parametrize(
    ("path", "fields", "message"),
    [
        ("next", {"level": "L3", "time_limit": "5"}, "time_limit: &#39;5&#39; is not allowed"),
        ("next", {"level": "L3", "time_limit": "soon"}, "fix: give 30 to 3600 seconds"),
        ("next", {"level": "L3", "competency": "juggling"}, "no competency &#39;juggling&#39;"),
        ("next", {"level": "Z9"}, "no level &#39;Z9&#39;"),
    ],
)
def test_bad_form_values_are_400_naming_the_field(
    browser: Browser, me: int, store: Store, path: str, fields: dict[str, str], message: str
) -> None:
    response = browser.post(f"/people/{me}/practice/{path}", fields)
    assert response.status_code == 400 and message in response.text
    assert store.list_practice(me) == []


def test_a_rating_off_the_scale_is_refused_and_the_question_stays_open(browser: Browser, me: int, store: Store) -> None:
    question = serve(browser, me)
    for rating in ("5", "-1", "good"):
        response = browser.post(f"/people/{me}/practice/answer", {"question_id": question, "rating": rating})
        assert response.status_code == 400 and "rating:" in response.text
    assert browser.post(f"/people/{me}/practice/answer", {"question_id": question, "rating": "1"}).status_code == 303
    assert len(store.list_practice(me)) == 1


def test_a_weak_answer_shows_as_a_weak_topic_and_is_served_again_first(browser: Browser, me: int, store: Store) -> None:
    question = serve(browser, me)
    browser.post(f"/people/{me}/practice/answer", {"question_id": question, "rating": "0"})
    page = browser.page(f"/people/{me}/practice?level=L3")
    weak = [row.attrs["data-competency"] for row in page.all_testid("topic") if row.attrs.get("data-weak")]
    assert weak and page.all_testid("topic")[0].attrs.get("data-weak") == "true"
    assert page.by_testid("due-next").find("li").attrs["data-question"] == question
    assert serve(browser, me) == question  # box 1: due at once


def test_a_manager_reads_a_reports_practice_but_cannot_practise_for_them(team: Team) -> None:
    bea = team.person("bea")
    saved = team.store.save_practice_answer(bea, practice_answer("l3-handling-concept-drift", 1))
    mia = team.browsers["mia"]
    page = mia.page(f"/people/{bea}/practice?level=L3")
    assert page.all_testid("practice-form") == []
    assert [row.attrs["data-competency"] for row in page.all_testid("topic") if row.attrs.get("data-weak")]
    assert mia.page(f"/people/{bea}/practice/answers/{saved.id}").by_testid("practice-answer")
    assert mia.post(f"/people/{bea}/practice/next", {"level": "L3"}).status_code == 403
    ada = team.browsers["ada"]
    assert ada.get(f"/people/{bea}/practice").status_code == 404
    # Ada's own person id with Bea's answer id: another person's answer answers like no answer.
    assert ada.get(f"/people/{team.person('ada')}/practice/answers/{saved.id}").status_code == 404


def test_the_gaps_of_the_latest_assessment_come_first(browser: Browser, me: int, store: Store) -> None:
    ladder = builtin_framework("ml-engineer")
    mid = load_profile(ROOT / "examples" / "profiles" / "mid.yaml", ladder)
    store.save_assessment(me, mid, assess(mid, ladder))
    page = browser.page(f"/people/{me}/practice?level=L3")
    groups = page.all_testid("question-group")
    assert "gap" in groups[0].attrs["class"] and "a gap" in groups[0].text
    assert "Your gaps from the latest assessment come first." in page.text


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"level": "L" * 81}, 422),  # longer than any id: refused before it is read
        ({"level": "L3", "time_limit": "9" * 11}, 422),
        ({"level": ""}, 422),  # a required field left empty
        ({"level": "\x00\x01"}, 400),
        ({"level": "L3", "competency": "\ufffd" * 80}, 400),
    ],
)
def test_hostile_practice_requests_are_refused_and_store_nothing(
    browser: Browser, me: int, store: Store, fields: dict[str, str], status: int
) -> None:
    response = browser.post(f"/people/{me}/practice/next", fields)
    assert response.status_code == status, response.text[:300]
    assert "Traceback" not in response.text and store.list_practice(me) == []


def test_hostile_answer_notes_are_refused_whole_or_kept_as_text(browser: Browser, me: int, store: Store) -> None:
    question = serve(browser, me)
    huge = browser.post(
        f"/people/{me}/practice/answer", {"question_id": question, "rating": "2", "notes": "x" * 100_000}
    )
    assert huge.status_code == 422 and store.list_practice(me) == []
    odd = "line one\x00\x1b[31m red\nline two"
    saved = browser.post(f"/people/{me}/practice/answer", {"question_id": question, "rating": "2", "notes": odd})
    assert saved.status_code == 303
    [answer] = store.list_practice(me)
    assert (
        answer.notes is not None
        and "\x00" not in answer.notes
        and "\x1b" not in answer.notes
        and "line two" in answer.notes
    )
