"""The web wizard asks where the person stands at their level (since when, passed-over reviews, a sponsor), so
the diagnosis on the guidance page can recognise being stuck and a missing sponsor, as it does for a profile file."""

from __future__ import annotations

import datetime as dt

import pytest

from mlladder import Framework, assess
from mlladder.assess.profile import Profile, PromotionReview
from mlladder.framework.ladder import placed_competencies
from mlladder.store import Store
from tests.web.conftest import Browser, location_id
from tests.web.html import parse

START = {"years_experience": "6", "in_level_since": "2019-05", "passed_over": "2024-09, 2025-03", "sponsor": "no"}


def answered(browser: Browser, me: int, framework: Framework, form: dict[str, str]) -> int:
    """Start the wizard with ``form``, answer every competency with its second description, save; the record's id."""
    assert browser.post(f"/people/{me}/assess", form).status_code == 303
    for number, competency in enumerate(placed_competencies(framework), start=1):
        choice = str(sorted(competency.scale)[2])
        browser.post(f"/people/{me}/assess/step/{number}", {"action": "next", "choice": choice})
    return location_id(browser.post(f"/people/{me}/assess/save"), "assessments")


def test_the_answers_reach_the_profile_and_the_diagnosis(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    assert browser.post(f"/people/{me}/assess", START).status_code == 303
    summary = browser.page(f"/people/{me}/assess/summary")
    answers = {item.attrs.get("data-question"): item.text for item in summary.by_testid("answers").find_all("li")}
    assert answers["at this level since"] == "At this level since: 2019-05-01"
    assert answers["passed over since"] == "Passed over since: 2024-09-01, 2025-03-01"
    assert answers["someone senior argues for you"] == "Someone senior argues for you: no"
    record = store.get_assessment(answered(browser, me, ml_ladder, START))
    assert record.profile.in_level_since == dt.date(2019, 5, 1) and record.profile.sponsor is False
    assert record.profile.promotion_reviews == [
        PromotionReview(date=dt.date(2024, 9, 1), outcome="passed-over"),
        PromotionReview(date=dt.date(2025, 3, 1), outcome="passed-over"),
    ]
    situation = browser.page(f"/assessments/{record.id}/guidance").by_id("guidance-situation").text
    assert "Stuck at a level" in situation and "No sponsor, little visibility" in situation
    again = browser.page(f"/people/{me}/assess")  # a new wizard starts from these answers
    assert again.by_id("in-level-since").attrs["value"] == "2019-05-01"
    assert again.by_id("passed-over").attrs["value"] == "2024-09-01, 2025-03-01"
    assert again.by_id("sponsor").find("option", selected="").attrs["value"] == "no"


def test_left_empty_they_are_not_said(browser: Browser, me: int, store: Store, ml_ladder: Framework) -> None:
    record = store.get_assessment(answered(browser, me, ml_ladder, {"years_experience": "6"}))
    assert record.profile.in_level_since is None and record.profile.promotion_reviews == []
    assert record.profile.sponsor is None
    situation = browser.page(f"/assessments/{record.id}/guidance").by_id("guidance-situation").text
    assert "No sponsor" not in situation


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("in_level_since", "last spring", "At your current level since: 'last spring' is not a date"),
        ("in_level_since", "2024-02-30", "At your current level since: '2024-02-30' is not a date of the"),
        ("in_level_since", "2999-01", "At your current level since: 2999-01-01 is in the future"),
        ("in_level_since", "1024-01", "At your current level since: 1024-01-01 is before 1950"),
        ("passed_over", "2018-01", "Reviews where you were passed over: 2018-01-01 is not after 2019-05-01"),
        ("passed_over", " ".join(["2020-01"] * 21), "Reviews where you were passed over: 21 dates is more than 20"),
        ("passed_over", "\x00\x01", "Reviews where you were passed over: '\x00\x01' is not a date"),
        ("sponsor", "perhaps", "Someone senior arguing for you: 'perhaps' is neither yes nor no"),
    ],
)
def test_bad_answers_are_named_and_keep_what_was_typed(
    browser: Browser, me: int, field: str, value: str, message: str
) -> None:
    form = {**START, field: value}
    response = browser.post(f"/people/{me}/assess", form)
    assert response.status_code == 400, response.text[:300]
    page = parse(response.text)
    assert page.by_id(f"{page.by_id('wizard-start').find(name=field).attrs['id']}-error").text.startswith(message)
    assert page.by_id("years").attrs["value"] == "6"  # nothing typed is lost


def test_a_huge_answer_is_refused_before_it_is_read(browser: Browser, me: int) -> None:
    response = browser.post(f"/people/{me}/assess", {**START, "passed_over": "2020-01, " * 500})
    assert response.status_code == 422


def test_a_profile_file_with_promotions_starts_the_wizard_with_the_passed_over_reviews_at_its_level(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    profile = Profile.model_validate(
        {
            "years_experience": 6,
            "ratings": {"self": {"software-engineering": 2}},
            "promotion_reviews": [
                {"date": "2021-01-10", "outcome": "passed-over"},
                {"date": "2021-07-10", "outcome": "promoted"},
                {"date": "2023-01-10", "outcome": "passed-over"},
            ],
        }
    )
    store.save_assessment(me, profile, assess(profile, ml_ladder))
    page = browser.page(f"/people/{me}/assess")
    assert page.by_id("passed-over").attrs["value"] == "2023-01-10"  # the one since the latest promotion
    assert page.by_id("in-level-since").attrs["value"] == ""


@pytest.mark.parametrize("target", ["Z9", "x" * 5000, "\x00", "L3\x1b[31m"])
def test_the_guidance_page_refuses_a_hostile_target_in_one_line(
    browser: Browser, me: int, store: Store, ml_ladder: Framework, target: str
) -> None:
    record = answered(browser, me, ml_ladder, START)
    response = browser.client.get(f"/assessments/{record}/guidance", params={"target": target})
    assert response.status_code in (400, 422), response.text[:300]
    assert "Traceback" not in response.text and "x" * 200 not in response.text
