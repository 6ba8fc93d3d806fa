"""The home page: a first screen that says what the tool does and shows the ladder, the name typed in the wizard
kept on the person, and a status that stays true once the target level is reached."""

from __future__ import annotations

import datetime as dt

from mlladder import Framework, assess, load_profile, plan
from mlladder.assess.profile import Profile
from mlladder.framework.ladder import format_band, ic_levels
from mlladder.guidance.level_facts import ladder_facts
from mlladder.store import AssessmentRecord, Store
from tests.conftest import ROOT
from tests.web.conftest import Browser, Team, location_id
from tests.web.html import Page, parse

PROFILES = ROOT / "examples" / "profiles"


def profile_aiming_at(framework: Framework, name: str, target: str) -> Profile:
    """An example profile with a target level of its own."""
    return load_profile(PROFILES / name, framework).model_copy(update={"target_level": target})


def saved(store: Store, person: int, profile: Profile, framework: Framework) -> AssessmentRecord:
    return store.save_assessment(person, profile, assess(profile, framework), target=profile.target_level)


def text_of(page: Page) -> str:
    return page.find("main").text


# -- the first screen ----------------------------------------------------------------------------------------------


def test_the_first_screen_says_what_the_tool_does_and_previews_the_ladder(
    browser: Browser, me: int, ml_ladder: Framework
) -> None:
    home = browser.page("/")
    assert home.find("h1").text.strip() == home.by_testid("welcome-heading").text.strip()
    assert "Me" not in home.find("h1").text
    said = home.by_testid("what-it-does").text
    assert said.count(". ") + 1 == 2 and said.endswith(".")  # two sentences
    assert "self-assessment" in said and "plan" in said

    main = ic_levels(ml_ladder)
    rows = home.all_testid("preview-level")
    assert [row.attrs["data-level"] for row in rows] == [level.id for level in main]
    facts = {item.level.id: item for item in ladder_facts(ml_ladder)}
    for row in rows:
        fact = facts[row.attrs["data-level"]]
        assert fact.level.title in row.text
        years = row.find(data_testid="preview-years").text
        assert all(span in years for span, _ in fact.years) and "years" in years
        pay = row.find(data_testid="preview-pay").text
        item = fact.guide_pay[0]
        assert format_band(item.low, item.high, item.currency, item.open_ended) in pay

    start = home.by_testid("start-assessment")
    assert start.attrs["href"] == f"/people/{me}/assess" and start.text.strip() == "Start the self-assessment"
    assert home.by_testid("upload-entrance").attrs["href"] == f"/people/{me}/documents"
    assert home.by_testid("ladder-entrance").attrs["href"] == "/ladder"
    assert "No assessment yet" not in home.text and "No plan yet" not in home.text
    assert browser.page(f"/people/{me}/results").by_testid("no-assessment").text == "You have not been assessed yet."


def test_after_an_assessment_the_home_shows_where_they_stand_first(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    record = saved(store, me, load_profile(PROFILES / "mid.yaml", ml_ladder), ml_ladder)
    home = browser.page("/")
    assert not home.all_testid("welcome") and not home.all_testid("ladder-preview")
    first = home.find("main").find("section")
    assert first.attrs["data-testid"] == "latest-assessment"
    assert f"{record.level} {record.assessment.level_title}" in first.text
    assert home.by_testid("start-assessment").text.strip() == "Assess again"


def test_someone_with_an_account_keeps_their_name_above_the_first_screen(team: Team) -> None:
    home = team.browsers["bea"].page("/")
    assert home.by_testid("person-name").text == "Bea Report"
    assert home.by_testid("welcome-heading").tag == "h2" and home.all_testid("preview-level")


# -- the name typed in the wizard ----------------------------------------------------------------------------------


def wizard_with_name(browser: Browser, person: int, framework: Framework, name: str) -> int:
    """The wizard answered with ``name`` and the second description everywhere; the saved assessment's id."""
    start = browser.post(f"/people/{person}/assess", {"name": name, "years_experience": "5", "goal_level": "L3"})
    assert start.status_code == 303, start.text[:300]
    number = 1
    while True:
        answer = browser.post(f"/people/{person}/assess/step/{number}", {"action": "next", "choice": "2"})
        assert answer.status_code == 303
        if answer.headers["location"].endswith("/summary"):
            break
        number += 1
    saved_answers = browser.post(f"/people/{person}/assess/save")
    assert saved_answers.status_code == 303
    return location_id(saved_answers, "assessments")


def test_the_name_typed_in_the_wizard_is_the_persons_name_everywhere(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    assert browser.page(f"/people/{me}/assess").by_id("name").attrs.get("value", "") == ""  # not "Me"
    wizard_with_name(browser, me, ml_ladder, "  Ana   Tester ")
    assert store.get_person(me).name == "Ana Tester"

    assert browser.page("/").by_testid("person-name").text == "Ana Tester"
    assert "Ana Tester" in browser.page(f"/people/{me}/packet").by_id("packet-title").text
    assert browser.get(f"/api/people/{me}").json()["name"] == "Ana Tester"
    assert [person["name"] for person in browser.get("/api/people").json()] == ["Ana Tester"]
    assert browser.page(f"/people/{me}/assess").by_id("name").attrs["value"] == "Ana Tester"  # offered next time


def test_a_wizard_without_a_name_keeps_the_one_given_before(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    store.rename_person(me, "Ana Tester")
    start = browser.post(f"/people/{me}/assess", {"name": "", "years_experience": "5"})
    assert start.status_code == 303
    browser.post(f"/people/{me}/assess/step/1", {"action": "skip", "then": "summary"})
    assert browser.post(f"/people/{me}/assess/save").status_code == 303
    assert store.get_person(me).name == "Ana Tester"


def test_a_name_of_control_characters_is_refused_on_the_form(browser: Browser, me: int, store: Store) -> None:
    response = browser.post(f"/people/{me}/assess", {"name": "\x01\x02", "years_experience": "5"})
    assert response.status_code == 400
    page = parse(response.text)
    assert page.by_id("name").attrs["aria-invalid"] == "true"
    error = " ".join(page.by_id("name-error").text.split())
    assert error == "Name: it holds only control characters; type the name you go by, or leave it empty."
    assert store.get_person(me).name == "Me"


# -- a status that stays true --------------------------------------------------------------------------------------


def test_placed_at_the_target_the_home_says_so_and_offers_the_next_level(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    record = saved(store, me, profile_aiming_at(ml_ladder, "senior.yaml", "L3"), ml_ladder)
    assert (record.level, record.target) == ("L3", "L3")
    store.save_plan(me, plan(record.profile, ml_ladder, start=dt.date(2025, 1, 6), target="L3"), record.id)

    home = browser.page("/")
    words = text_of(home)
    assert "Towards L3" not in words and "ready by" not in words
    standing = home.by_testid("standing-target")
    assert standing.attrs["data-reached"] == "yes" and "reached the target, L3" in " ".join(standing.text.split())
    assert home.by_testid("next-level-gaps").attrs["href"] == f"/assessments/{record.id}/gaps?target=L4"
    reached = " ".join(home.by_testid("plan-reached").text.split())
    assert "aimed at L3" in reached and "the target is reached" in reached and "keep L3" in reached
    assert home.by_testid("next-plan").attrs["href"] == f"/assessments/{record.id}/gaps?target=L4"


def test_a_plan_under_way_still_says_when_it_should_be_ready(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    record = saved(store, me, load_profile(PROFILES / "mid.yaml", ml_ladder), ml_ladder)
    assert (record.level, record.target) == ("L2", "L3")
    made = store.save_plan(me, plan(record.profile, ml_ladder, start=dt.date(2025, 1, 6)), record.id)
    home = browser.page("/")
    assert home.by_testid("standing-target").attrs["data-reached"] == "no"
    line = " ".join(home.by_testid("plan-progress-line").text.split())
    assert line.startswith("Towards L3: 0 of") and made.plan.readiness_date.strftime("%Y") in line
    assert not home.all_testid("plan-reached")


def test_at_the_top_of_the_track_the_home_offers_keeping_the_level(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    record = saved(store, me, profile_aiming_at(ml_ladder, "principal.yaml", "L5"), ml_ladder)
    assert (record.level, record.target) == ("L5", "L5")
    standing = " ".join(browser.page("/").by_testid("standing-target").text.split())
    assert "L5 is the top of its track: keep it" in standing


def test_the_gaps_page_at_the_target_says_there_are_none_and_points_to_the_next_level(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    record = saved(store, me, profile_aiming_at(ml_ladder, "staff.yaml", "L4"), ml_ladder)
    page = browser.page(f"/assessments/{record.id}/gaps")
    title = page.by_id("gaps-title").text
    assert "from L4 to L4" not in title and title.startswith("At the target, L4")
    reached = page.by_testid("target-reached").text
    assert reached.startswith("Placed at L4: there are no gaps to L4.") and not page.all_testid("gap")
    assert "no gaps to L4. Next: the gaps to L5" in reached
    assert page.by_testid("next-level-gaps").attrs["href"] == f"/assessments/{record.id}/gaps?target=L5"
    assert page.by_id("plan-form").find("input", name="target").attrs["value"] == "L5"  # a new plan aims higher
    onwards = browser.page(page.by_testid("next-level-gaps").attrs["href"])
    assert onwards.by_id("gaps-title").text.startswith("Gaps from L4 to L5")


def test_placed_at_the_target_with_one_competency_short_the_gaps_page_says_both(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    record = saved(store, me, profile_aiming_at(ml_ladder, "senior.yaml", "L3"), ml_ladder)
    page = browser.page(f"/assessments/{record.id}/gaps")
    assert page.by_id("gaps-title").text.startswith("At the target, L3")
    reached = page.by_testid("target-reached").text
    assert "reached on balance, though 1 competency is still below the L3 expectation" in reached
    assert [gap.attrs["data-competency"] for gap in page.all_testid("gap")] == ["research"]
    assert "odds of holding L3" in page.by_id("gaps-order").text
    results = browser.page(f"/assessments/{record.id}")
    summary = results.by_testid("summary").text
    assert "Towards L3" not in summary and "To hold L3, raise first: Research and innovation." in summary
    assert results.by_testid("first").find("h2").text == "First, to hold L3 Senior ML Engineer"


def test_someone_looking_for_a_job_is_not_told_they_reached_the_level_they_are_placed_at(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    record = saved(store, me, load_profile(PROFILES / "new-graduate.yaml", ml_ladder), ml_ladder)
    assert record.profile.goal is not None and record.profile.goal.kind == "get-hired"
    home = browser.page("/")
    assert home.all_testid("latest-assessment") and not home.all_testid("standing-target")
    assert "reached" not in home.by_testid("latest-assessment").text


def test_the_results_speak_of_unrated_competencies_only_when_there_are_some(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    complete = saved(store, me, profile_aiming_at(ml_ladder, "staff.yaml", "L4"), ml_ladder)
    assert complete.assessment.unrated == []
    assert "nobody rated" not in browser.page(f"/assessments/{complete.id}").text

    profile = load_profile(PROFILES / "staff.yaml", ml_ladder)
    ratings = {rater: {k: v for k, v in given.items() if k != "mlops"} for rater, given in profile.ratings.items()}
    partial = saved(store, me, profile.model_copy(update={"ratings": ratings}), ml_ladder)
    assert partial.assessment.unrated == ["mlops"]
    assert "A competency nobody rated has no point" in browser.page(f"/assessments/{partial.id}").text


def test_placed_above_the_target_the_gaps_page_says_so(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    record = saved(store, me, profile_aiming_at(ml_ladder, "senior.yaml", "L2"), ml_ladder)
    assert (record.level, record.target) == ("L3", "L2")
    page = browser.page(f"/assessments/{record.id}/gaps")
    assert page.by_id("gaps-title").text == f"Above the target, L2 {ml_ladder.levels[1].title}"
    assert page.by_testid("target-reached").text.startswith("Placed at L3, above L2: there are no gaps to L2.")
    assert page.by_testid("next-level-gaps").attrs["href"].endswith("?target=L4")
