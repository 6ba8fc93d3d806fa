"""The web pages give the same advice as the report: the goal, specialisations and region the wizard asks for,
one order for what to raise first, confidence with its reasons, unrated competencies drawn as not rated, and a
plan that starts with the next 90 days, says when it ends and what it left out."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from mlladder import Framework, assess, load_profile
from mlladder.assess.profile import Goal, Profile
from mlladder.framework.ladder import placed_competencies
from mlladder.report import advice
from mlladder.store import Store
from tests.conftest import ROOT
from tests.report.svg import Radar
from tests.web.conftest import Browser, location_id
from tests.web.html import Page, parse

PROFILES = ROOT / "examples" / "profiles"
START = {"years_experience": "4", "weekly_hours": "5"}


def saved(store: Store, person: int, profile: Profile, framework: Framework) -> int:
    return store.save_assessment(person, profile, assess(profile, framework)).id


def error_page(browser: Browser, person: int, form: dict[str, Any]) -> Page:
    response = browser.post(f"/people/{person}/assess", form)
    assert response.status_code == 400, response.text[:300]
    return parse(response.text)


def test_the_wizard_asks_for_goal_specialisations_and_region(browser: Browser, me: int, ml_ladder: Framework) -> None:
    page = browser.page(f"/people/{me}/assess")
    kinds = [option.attrs["value"] for option in page.by_id("goal-kind").find_all("option")]
    assert kinds == ["", "level", "get-hired", "move-into-ml"]  # "" is the next level up, the default
    offered = [option.attrs["value"] for option in page.by_id("goal-level").find_all("option")]
    assert offered == ["", *(level.id for level in ml_ladder.levels)]  # every track's levels
    groups = [group.attrs["label"] for group in page.by_id("goal-level").find_all("optgroup")]
    assert groups == [track.name for track in ml_ladder.tracks]
    fields = [option.attrs["value"] for option in page.by_id("goal-from").find_all("option")]
    assert fields == ["", "data-science", "backend", "research", "other"]
    boxes = page.by_testid("specialisations").find_all("input", type="checkbox")
    assert [box.attrs["value"] for box in boxes] == [s.id for s in ml_ladder.specialisations]
    assert page.by_id("region").attrs["value"] == ""


def test_a_move_into_ml_is_kept_in_the_stored_profile(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    form = {**START, "goal_kind": "move-into-ml", "goal_from": "backend", "specialisation": ["finance"]}
    assert browser.post(f"/people/{me}/assess", form).status_code == 303
    summary = browser.page(f"/people/{me}/assess/summary")
    answers = {item.attrs.get("data-question"): item.text for item in summary.by_testid("answers").find_all("li")}
    assert answers["goal"] == "Goal: move into ML from backend"
    assert answers["specialisations"] == "Specialisations: Finance ML" and answers["region"] == "Region: none given"
    made = browser.post(f"/people/{me}/assess/save")
    record = store.get_assessment(location_id(made, "assessments"))
    assert record.profile.goal == Goal.model_validate({"kind": "move-into-ml", "from": "backend"})
    assert record.profile.specialisation == ["finance"] and record.profile.region is None
    assert record.target is None  # no level named: the assessment's own target


def test_bad_answers_keep_what_was_typed(browser: Browser, me: int) -> None:
    typed = {
        **START,
        "name": "Kim",
        "goal_kind": "next-level",
        "goal_level": "M1",
        "specialisation": ["nlp", "finance"],
        "region": "GB",
    }
    page = error_page(browser, me, typed)
    assert page.by_id("goal-level-error").text.startswith("Level: 'the next level up' takes no level")
    assert page.by_id("name").attrs["value"] == "Kim" and page.by_id("years").attrs["value"] == "4"
    assert page.by_id("goal-level").find("option", value="M1").attrs.get("selected") is not None
    assert page.by_id("specialisation-nlp").attrs.get("checked") is not None
    assert page.by_id("specialisation-finance").attrs.get("checked") is not None
    assert page.by_id("specialisation-edge-ml").attrs.get("checked") is None
    assert page.by_id("region").attrs["value"] == "GB"

    region = error_page(browser, me, {**START, "region": "USA"})
    assert region.by_id("region-error").text == (
        "Region: 'USA' is not a country code: type two letters such as US, GB, DE or IN, or leave it empty."
    )
    assert region.by_id("region").attrs["value"] == "USA"
    unknown = error_page(browser, me, {**START, "specialisation": ["nlp", "recsys"]})
    assert unknown.by_id("specialisations-error").text.startswith("Specialisations: unknown specialisation 'recsys'")
    assert unknown.by_id("specialisation-nlp").attrs.get("checked") is not None
    field = error_page(browser, me, {**START, "goal_kind": "move-into-ml", "goal_from": "sales"})
    assert field.by_id("goal-from-error").text.startswith("The field you come from: unknown field 'sales'")
    level = error_page(browser, me, {**START, "goal_kind": "level"})
    assert "needs the level" in level.by_id("goal-level-error").text
    assert browser.post(f"/people/{me}/assess", {**START, "region": "de"}).status_code == 303


def test_an_earlier_target_level_becomes_the_goal(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    old = Profile(framework="ml-engineer", years_experience=3, target_level="L3", ratings={"self": {"mlops": 2}})
    saved(store, me, old, ml_ladder)
    page = browser.page(f"/people/{me}/assess")
    assert page.by_id("goal-kind").find("option", value="level").attrs.get("selected") is not None
    assert page.by_id("goal-level").find("option", value="L3").attrs.get("selected") is not None


def test_results_name_what_to_raise_first_in_the_gaps_order(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    profile = load_profile(PROFILES / "mid.yaml", ml_ladder)
    assessment_id = saved(store, me, profile, ml_ladder)
    record = store.get_assessment(assessment_id)
    results = browser.page(f"/assessments/{assessment_id}")
    first = [item.attrs["data-competency"] for item in results.all_testid("first-item")]
    gaps = browser.page(f"/assessments/{assessment_id}/gaps")
    order = [gap.attrs["data-competency"] for gap in gaps.all_testid("gap")]
    assert first == order[:3] == record.assessment.first[:3]
    assert "below the L2 expectation" in results.by_testid("first").text
    names = {c.id: c.name for c in ml_ladder.competencies}
    summary = results.by_testid("summary").text
    assert summary == record.assessment.summary
    assert f"raise first: {', '.join(names[c] for c in order[:3])}." in summary
    reasons = [item.text for item in results.by_testid("confidence-reasons").find_all("li")]
    assert reasons == record.assessment.confidence.reasons
    assert gaps.by_testid("gaps-note").text.startswith("Placed L2 on balance")
    assert gaps.by_id("gaps-order").text.startswith("In the order to close them: those below the L2 expectation first")
    why = gaps.all_testid("gap")[0].find(data_testid="why").text
    assert why == "Below the L2 expectation."


def test_gaps_to_a_level_off_the_main_track(browser: Browser, me: int, store: Store, ml_ladder: Framework) -> None:
    assessment_id = saved(store, me, load_profile(PROFILES / "mid.yaml", ml_ladder), ml_ladder)
    page = browser.page(f"/assessments/{assessment_id}/gaps?target=M1")
    assert page.by_id("gaps-title").text.endswith("to M1 Engineering Manager (ML)")
    assert not page.find_all(id="probability-at-target")
    assert "M1 is off the main track" in page.by_testid("gaps-note").text
    assert page.find("select", name="target").find("option", value="M1").attrs.get("selected") is not None
    made = browser.post(f"/assessments/{assessment_id}/plans", {"target": "M1", "start": "2027-01-04"})
    plan = browser.page(f"/plans/{location_id(made, 'plans')}")
    assert plan.by_id("plan-title").text.startswith("Plan from L2 to M1")


def test_a_career_changer_sees_the_cap(browser: Browser, me: int, store: Store, ml_ladder: Framework) -> None:
    ratings = {c.id: 4 for c in ml_ladder.competencies} | {"ml-fundamentals": 1, "deep-learning": 1}
    profile = Profile.model_validate(
        {"years_experience": 10, "goal": {"kind": "move-into-ml", "from": "backend"}, "ratings": {"self": ratings}}
    )
    assessment_id = saved(store, me, profile, ml_ladder)
    results = browser.page(f"/assessments/{assessment_id}")
    cap = results.by_testid("cap")
    assert cap.attrs["data-level"] == "L1" and "core competencies support" in cap.text
    first = [item.attrs["data-competency"] for item in results.all_testid("first-item")]
    assert first[:2] == ["ml-fundamentals", "deep-learning"]
    gaps = browser.page(f"/assessments/{assessment_id}/gaps")
    assert "the core competencies first" in gaps.by_id("gaps-order").text
    why = gaps.all_testid("gap")[0].find(data_testid="why").text
    assert why == "A core competency: raising it lifts the placement cap."


def test_the_radar_draws_unrated_competencies_as_not_rated(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    profile = Profile(framework="ml-engineer", years_experience=3, ratings={"self": {"mlops": 2, "leadership": 3}})
    assessment_id = saved(store, me, profile, ml_ladder)
    html = browser.get(f"/assessments/{assessment_id}").text
    (markup,) = re.findall(r'<svg\b[^>]*class="chart radar".*?</svg>', html, flags=re.S)
    radar = Radar(ET.fromstring(markup))
    ids = [c.id for c in placed_competencies(ml_ladder)]
    rated = {ids.index("mlops"), ids.index("leadership")}
    radar.check_missing(
        "Combined rating", set(range(len(ids))) - rated, [c.name for c in placed_competencies(ml_ladder)]
    )
    expected = {ids.index("mlops"): 2.0, ids.index("leadership"): 3.0}
    assert radar.drawn("Combined rating") == pytest.approx(expected, abs=0.01)


def test_the_plan_page_starts_with_the_next_90_days(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    assessment_id = saved(store, me, load_profile(PROFILES / "mid.yaml", ml_ladder), ml_ladder)
    made = browser.post(f"/assessments/{assessment_id}/plans", {"weekly_hours": "5", "start": "2027-01-04"})
    plan_id = location_id(made, "plans")
    the_plan = store.get_plan(plan_id).plan
    page = browser.page(f"/plans/{plan_id}")
    sections = [section.attrs.get("id") for section in page.find_all("section")]
    assert sections[0] == "next-90-days" and sections.index("left-out") < sections.index("timeline")
    first = [card.attrs["data-key"] for card in page.by_testid("next-90-days").find_all(data_testid="activity")]
    later = [card.attrs["data-key"] for card in page.by_testid("later").find_all(data_testid="activity")]
    assert first == the_plan.next_90_days and first + later == [a.id for a in the_plan.activities]
    deadline = page.by_testid("deadline")
    assert deadline.attrs["data-date"] == "2028-08-01" and deadline.text == advice.deadline_text(the_plan)
    assert page.by_id("left-out-summary").text == advice.left_out_text(the_plan)
    assert len(page.by_testid("left-out").find_all(data_testid="left-out-item")) == len(the_plan.left_out)
    card = page.by_id(f"activity-{the_plan.activities[0].id}")
    hours = card.find(data_testid="hours")
    assert hours.text == f"~{the_plan.activities[0].effort_hours:g} h"
    assert hours.attrs["title"] == the_plan.activities[0].effort_basis
    assert card.find(data_testid="activity-why").text == advice.sentence(the_plan.activities[0].why)
