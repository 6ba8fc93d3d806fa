"""The interactive self-assessment, driven by scripted answers and checked by what it displays and returns."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from mlladder import Competency, Framework, InputError, Profile, assess, gaps, load_framework, load_profile
from mlladder.assess.profile import Goal, PromotionReview, save_profile
from mlladder.assess.questions import (
    asked_competencies,
    goal_answer,
    goal_text,
    region_answer,
    specialisation_answer,
)
from mlladder.cli.wizard import interview
from mlladder.framework.ladder import placed_competencies
from tests.conftest import EXAMPLE_FRAMEWORK, ROOT

# name, title, years, weekly hours, goal (a level typed directly), specialisations, region, at this level since,
# passed-over reviews, sponsor
BACKGROUND = ["Ana Example", "ML Engineer", "4.5", "6", "l3", "nlp, 5", "gb", "2023-02", "2025-03 2024-09", "No"]
STANDING_SKIPPED = ["", "", ""]
NO_BACKGROUND = ["", "", "3", "", "", "", "", *STANDING_SKIPPED]


GOAL_PROMPT = "Goal (1-4, or a level id such as L4; Enter: the next level): "


class Script:
    """Types the scripted answers in order; everything asked and shown goes to a 100-column console."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        self.console = Console(file=io.StringIO(), width=100)

    def ask(self, prompt: str) -> str:
        if not self.answers:
            raise AssertionError(f"asked for more answers than the script has: {prompt!r}")
        self.prompts.append(prompt)
        answer = self.answers.pop(0)
        self.console.print(prompt + answer, markup=False, highlight=False)
        return answer

    def show(self, renderable: RenderableType) -> None:
        self.console.print(renderable)

    @property
    def output(self) -> str:
        file = self.console.file
        assert isinstance(file, io.StringIO)
        return file.getvalue()

    @property
    def flat(self) -> str:
        """The output without box-drawing characters and line wrapping, so wrapped sentences match."""
        return " ".join(re.sub(r"[\u2500-\u257f]", " ", self.output).split())


def run(framework: Framework, answers: list[str], rater: str = "self") -> tuple[Profile | None, Script]:
    script = Script(answers)
    profile = interview(framework, script.ask, script.show, rater=rater)
    assert script.answers == [], "the interview ended before using every scripted answer"
    return profile, script


def option(competency: Competency, value: int) -> str:
    """The number the screen shows next to the description of ``value``."""
    return str(sorted(competency.scale).index(value) + 1)


def choices(framework: Framework, values: list[int]) -> list[str]:
    return [option(c, v) for c, v in zip(placed_competencies(framework), values, strict=True)]


def level_values(framework: Framework, level: str) -> list[int]:
    return [competency.expectations[level].proficiency for competency in placed_competencies(framework)]


def screen(script: Script, number: int, total: int) -> str:
    """The flattened text of the first screen of competency ``number``."""
    text = script.flat
    start = text.index(f"Competency {number} of {total}:")
    end = text.find(f"Competency {number + 1} of {total}:", start)
    return text[start : end if end != -1 else None]


def summary_row(script: Script, number: int) -> str:
    """The first line of row ``number`` in the last summary table shown (cells wrap onto further lines)."""
    last = script.output[script.output.rindex("Summary") :]
    return next(line for line in last.splitlines() if re.match(rf"│ {number} +│", line))


def test_full_run_records_the_chosen_descriptions(ml_ladder: Framework) -> None:
    values = [index % 5 for index in range(len(placed_competencies(ml_ladder)))]
    profile, script = run(ml_ladder, [*BACKGROUND, *choices(ml_ladder, values), "y"])
    assert profile is not None
    assert profile.name == "Ana Example" and profile.current_title == "ML Engineer"
    assert profile.years_experience == 4.5 and profile.weekly_hours == 6
    assert profile.goal == Goal(kind="level", level="L3") and profile.target_level is None  # typed in lower case
    assert profile.specialisation == ["nlp", "generative-ai"] and profile.region == "GB"
    assert profile.framework == "ml-engineer"
    assert profile.in_level_since == dt.date(2023, 2, 1) and profile.sponsor is False
    assert profile.promotion_reviews == [
        PromotionReview(date=dt.date(2024, 9, 1), outcome="passed-over"),
        PromotionReview(date=dt.date(2025, 3, 1), outcome="passed-over"),
    ]
    assert profile.ratings == {"self": {c.id: v for c, v in zip(placed_competencies(ml_ladder), values, strict=True)}}
    assert list(profile.ratings["self"]) == [c.id for c in placed_competencies(ml_ladder)]
    assert "Summary" in script.output and "11 of 11 competencies rated" in script.flat


def test_competency_screen_shows_name_description_and_all_five_descriptions(ml_ladder: Framework) -> None:
    _, script = run(ml_ladder, [*NO_BACKGROUND, "q"])
    first = placed_competencies(ml_ladder)[0]
    shown = screen(script, 1, len(placed_competencies(ml_ladder)))
    assert first.name in shown and first.description in shown
    for number, step in enumerate(sorted(first.scale), start=1):
        assert f"{number}) {first.scale[step]}" in shown
    assert "q quits without saving" in shown and "b to go back" not in shown  # nowhere to go back to yet


def test_levels_on_every_track_are_shown_and_unknown_ids_reasked(ml_ladder: Framework) -> None:
    asked = asked_competencies(ml_ladder, Goal(kind="level", level="M1"))
    rated = [option(competency, 2) for competency in asked]
    answers = ["", "", "3", "", "L9", "m1", "", "", *STANDING_SKIPPED, *rated, "y"]
    profile, script = run(ml_ladder, answers)
    for level in ml_ladder.levels:
        assert level.id in script.output and level.title in script.output
    assert "Type 1-4, or a level id (L1, L2, L3, L4, L5, A1, M1, M2, M3), or press Enter" in script.flat
    assert script.prompts.count(GOAL_PROMPT) == 2
    assert profile is not None and profile.goal == Goal(kind="level", level="M1")


def test_back_goes_to_the_previous_competency_and_enter_keeps_its_choice(ml_ladder: Framework) -> None:
    first, second = placed_competencies(ml_ladder)[:2]
    rest = choices(ml_ladder, [2] * len(placed_competencies(ml_ladder)))[2:]
    # 1st: pick; 2nd: back; 1st: keep; 2nd: pick; 3rd: back twice; 1st: change; 2nd: keep; then the rest
    answers = [*NO_BACKGROUND, option(first, 1), "b", "", option(second, 3), "b", "b", option(first, 4), "", *rest]
    answers.append("y")
    profile, script = run(ml_ladder, answers)
    assert profile is not None
    assert profile.ratings["self"][first.id] == 4  # changed on the second visit
    assert profile.ratings["self"][second.id] == 3  # kept with Enter
    assert script.flat.count("Competency 1 of 11:") == 3
    assert script.flat.count("Competency 2 of 11:") == 4
    assert f"2) {first.scale[1]} (current choice)" in script.flat


def test_skip_leaves_a_competency_unrated_even_after_rating_it(ml_ladder: Framework) -> None:
    first, second, third = placed_competencies(ml_ladder)[:3]
    rest = choices(ml_ladder, [2] * len(placed_competencies(ml_ladder)))[3:]
    # 1st: pick; 2nd: pick; 3rd: back twice; 1st: skip; 2nd: keep; 3rd: skip; then the rest
    answers = [*NO_BACKGROUND, option(first, 2), option(second, 1), "b", "b", "s", "", "s", *rest, "y"]
    profile, script = run(ml_ladder, answers)
    assert profile is not None
    assert first.id not in profile.ratings["self"] and third.id not in profile.ratings["self"]
    assert profile.ratings["self"][second.id] == 1
    assert "9 of 11 competencies rated" in script.flat
    assert "not rated" in summary_row(script, 1) and first.name.split()[0] in summary_row(script, 1)


def test_invalid_answers_are_reasked_with_a_hint(ml_ladder: Framework) -> None:
    answers = [*NO_BACKGROUND, "7", "two", "", "b", *choices(ml_ladder, [1] * len(placed_competencies(ml_ladder))), "y"]
    profile, script = run(ml_ladder, answers)
    assert profile is not None and profile.ratings["self"][placed_competencies(ml_ladder)[0].id] == 1
    assert script.flat.count("Type a number from 1 to 5 to pick a description, or s or q.") == 2
    assert "Pick a description by its number, or type s to leave this competency unrated." in script.flat
    assert "This is the first competency, so there is nothing to go back to." in script.flat
    assert script.flat.count("Competency 1 of 11:") == 1  # hints do not redraw the screen


def test_years_are_reasked_until_a_valid_number(ml_ladder: Framework) -> None:
    answers = ["", "", "-3", "abc", "61", "nan", "4,5", "0", "", "", "", "", *STANDING_SKIPPED, "q"]
    _, script = run(ml_ladder, answers)
    assert script.flat.count("Type the number of years, from 0 to 60") == 4
    assert script.flat.count("Type a number of hours above 0 and up to 80") == 1  # 0 hours is no plan


def test_zero_years_is_a_valid_answer(ml_ladder: Framework) -> None:
    answers = ["", "", "0", "", "", "", "", *choices(ml_ladder, [0] * len(placed_competencies(ml_ladder))), "y"]
    profile, _ = run(ml_ladder, answers)
    assert profile is not None and profile.years_experience == 0
    assert profile.name is None and profile.target_level is None and profile.weekly_hours is None
    assert profile.goal is None and profile.specialisation == [] and profile.region is None  # Enter keeps none


@pytest.mark.parametrize("where", ["third competency", "summary", "edit screen"])
def test_q_quits_without_a_profile(ml_ladder: Framework, where: str) -> None:
    all_choices = choices(ml_ladder, [2] * len(placed_competencies(ml_ladder)))
    tail = {
        "third competency": [*all_choices[:2], "q"],
        "summary": [*all_choices, "q"],
        "edit screen": [*all_choices, "e 1", "q"],
    }
    profile, script = run(ml_ladder, [*NO_BACKGROUND, *tail[where]])
    assert profile is None
    assert ("Summary" in script.output) == (where != "third competency")


def test_end_of_input_counts_as_quitting(ml_ladder: Framework) -> None:
    def closed(prompt: str) -> str:
        raise EOFError

    console = Console(file=io.StringIO(), width=100)
    assert interview(ml_ladder, closed, console.print) is None


def test_edit_from_the_summary_changes_one_competency(ml_ladder: Framework) -> None:
    competencies = placed_competencies(ml_ladder)
    second, mlops = competencies[1], next(c for c in competencies if c.id == "mlops")
    answers = [
        *NO_BACKGROUND,
        *choices(ml_ladder, [2] * len(competencies)),
        "e 2",
        option(second, 4),
        "e 99",
        "edit",
        "e MLOPS",
        "b",  # back to the summary, unchanged
        "e3",
        "s",
        "y",
    ]
    profile, script = run(ml_ladder, answers)
    assert profile is not None
    ratings = profile.ratings["self"]
    assert ratings[second.id] == 4 and ratings[mlops.id] == 2 and competencies[2].id not in ratings
    assert script.flat.count("Type y, q, or e followed by a competency number from 1 to 11") == 2
    assert "b to go back to the summary unchanged" in script.flat
    assert script.flat.count("Summary") == 4  # after the walk and after each of the three edits
    row = summary_row(script, 2)
    assert second.name.split()[0] in row and second.scale[4].split()[0] in row and "4 Expert" in row
    assert "10 of 11 competencies rated" in script.flat[script.flat.rindex("Summary") :]


def test_other_raters_and_bad_rater_ids(ml_ladder: Framework) -> None:
    answers = [*NO_BACKGROUND, *choices(ml_ladder, [1] * len(placed_competencies(ml_ladder))), "y"]
    profile, script = run(ml_ladder, answers, rater="peer-2")
    assert profile is not None and list(profile.ratings) == ["peer-2"]
    assert "Ratings are recorded as given by: peer-2." in script.flat
    with pytest.raises(InputError, match="rater 'boss'"):
        interview(ml_ladder, Script([]).ask, print, rater="boss")  # fails before asking anything


def test_data_scientist_framework_gets_its_own_screens(tmp_path: Path) -> None:
    framework = load_framework(EXAMPLE_FRAMEWORK)
    values = level_values(framework, "DS2")
    # No specialisation question: this framework has none.
    profile, script = run(
        framework, ["Sam", "", "3", "4", "ds3", "", *STANDING_SKIPPED, *choices(framework, values), "y"]
    )
    assert profile is not None
    assert profile.framework == "data-scientist" and profile.goal == Goal(kind="level", level="DS3")
    assert "Specialisations" not in script.output and profile.specialisation == []
    assert profile.ratings["self"] == {c.id: v for c, v in zip(placed_competencies(framework), values, strict=True)}
    assert "Competency 1 of 5: Statistics" in script.output and "Competency 5 of 5:" in script.output
    assert "ML fundamentals" not in script.output
    path = tmp_path / "sam.yaml"
    save_profile(profile, path)
    assert load_profile(path, framework) == profile


@pytest.mark.parametrize("name", ["me.yaml", "me.json"])
def test_saved_interview_loads_back_equal(ml_ladder: Framework, tmp_path: Path, name: str) -> None:
    answers = [*BACKGROUND, *choices(ml_ladder, [3] * len(placed_competencies(ml_ladder))), "y"]
    profile, _ = run(ml_ladder, answers)
    assert profile is not None
    path = tmp_path / name
    save_profile(profile, path)
    assert load_profile(path, ml_ladder) == profile
    if name.endswith(".json"):
        assert json.loads(path.read_text(encoding="utf-8"))["years_experience"] == 4.5


@pytest.mark.parametrize("name", ["mid.yaml", "mid.json"])
def test_saved_file_is_tidy_and_keeps_dates(ml_ladder: Framework, tmp_path: Path, name: str) -> None:
    original = load_profile(ROOT / "examples" / "profiles" / "mid.yaml", ml_ladder)
    path = tmp_path / name
    save_profile(original, path)
    assert load_profile(path, ml_ladder) == original
    text = path.read_text(encoding="utf-8")
    assert text.lstrip("{\n ").startswith(('"schema_version"', "schema_version"))
    assert "null" not in text and "[]" not in text  # no empty or absent fields
    if name.endswith(".yaml"):
        assert "in_level_since: 2024-08-01\n" in text  # a plain ISO date, not a quoted string
        assert "weekly_hours: 5\n" in text  # whole numbers stay whole
    else:
        assert json.loads(text)["in_level_since"] == "2024-08-01"


def test_save_replaces_the_whole_file_and_leaves_no_temporary_files(ml_ladder: Framework, tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text("old content that is much longer than the new profile will be\n" * 200, encoding="utf-8")
    profile = Profile(framework="ml-engineer", years_experience=2, ratings={"self": {"mlops": 2}})
    save_profile(profile, path)
    assert "old content" not in path.read_text(encoding="utf-8")
    assert load_profile(path, ml_ladder) == profile
    assert sorted(item.name for item in tmp_path.iterdir()) == ["me.yaml"]


def test_save_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        save_profile(Profile(years_experience=1), tmp_path / "nowhere" / "me.yaml")
    assert list(tmp_path.iterdir()) == []


def test_choosing_the_l2_expectation_everywhere_places_at_l2(ml_ladder: Framework, tmp_path: Path) -> None:
    answers = [*NO_BACKGROUND, *choices(ml_ladder, level_values(ml_ladder, "L2")), "y"]
    profile, _ = run(ml_ladder, answers)
    assert profile is not None
    path = tmp_path / "l2.yaml"
    save_profile(profile, path)
    result = assess(load_profile(path, ml_ladder), ml_ladder)
    assert result.level == "L2"
    assert result.meets_level == "L2"
    assert result.unrated == []


# --- what the person wants, works on and where ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "goal"),
    [
        (["1"], {"kind": "next-level"}),
        (["next-level"], {"kind": "next-level"}),
        (["2", "Z9", "management"], {"kind": "level", "level": "management"}),
        (["2", ""], None),  # no level after all: the next level, as with no goal
        (["L4"], {"kind": "level", "level": "L4"}),
        (["3", ""], {"kind": "get-hired"}),
        (["get-hired", "l2"], {"kind": "get-hired", "level": "L2"}),
        (["4", "9", "2"], {"kind": "move-into-ml", "from": "backend"}),
        (["4", "data science"], {"kind": "move-into-ml", "from": "data-science"}),
        (["4", ""], {"kind": "move-into-ml"}),
    ],
)
def test_every_goal_can_be_chosen(ml_ladder: Framework, answers: list[str], goal: dict[str, str] | None) -> None:
    chosen = None if goal is None else Goal.model_validate(goal)
    rest = [*(option(c, 2) for c in asked_competencies(ml_ladder, chosen)), "y"]
    standing = STANDING_SKIPPED if chosen is None or chosen.kind in ("next-level", "level") else []
    profile, script = run(ml_ladder, ["", "", "3", "", *answers, "", "", *standing, *rest])
    assert profile is not None
    assert profile.goal == (None if goal is None else Goal.model_validate(goal))
    assert "What do you want next?" in script.flat and "4) Move into ML from another field" in script.flat
    if "Z9" in answers:
        assert "There is no level or track 'Z9': type one of L1" in script.flat
    if "9" in answers:
        assert "Type a number from 1 to 4, or press Enter to skip." in script.flat


def test_a_move_into_ml_is_saved_with_its_field(ml_ladder: Framework, tmp_path: Path) -> None:
    answers = ["", "", "8", "", "4", "2", "3", "", *choices(ml_ladder, [1] * len(placed_competencies(ml_ladder))), "y"]
    profile, _ = run(ml_ladder, answers)
    assert profile is not None
    path = tmp_path / "changer.yaml"
    save_profile(profile, path)
    assert "goal:\n  kind: move-into-ml\n  from: backend\n" in path.read_text(encoding="utf-8")
    assert load_profile(path, ml_ladder) == profile


def test_specialisations_by_number_or_id_and_unknown_ones_reasked(ml_ladder: Framework) -> None:
    rest = [*choices(ml_ladder, [2] * len(placed_competencies(ml_ladder))), "y"]
    profile, script = run(
        ml_ladder, ["", "", "3", "", "", "nlp, recsys", "99", "3, NLP, 5", "", *STANDING_SKIPPED, *rest]
    )
    assert profile is not None and profile.specialisation == ["nlp", "generative-ai"]  # each once, in order
    for item in ml_ladder.specialisations:
        assert item.id in script.output
    assert "Unknown specialisation 'recsys' (type numbers from 1 to 11 or ids); or press Enter to skip." in script.flat
    assert "Unknown specialisation '99'" in script.flat


def test_region_is_a_country_code_reasked_until_it_is_one(ml_ladder: Framework) -> None:
    rest = [*choices(ml_ladder, [2] * len(placed_competencies(ml_ladder))), "y"]
    profile, script = run(ml_ladder, ["", "", "3", "", "", "", "USA", "1a", " de ", *STANDING_SKIPPED, *rest])
    assert profile is not None and profile.region == "DE"
    assert "'USA' is not a country code: type two letters such as US, GB, DE or IN" in script.flat
    assert script.flat.count("is not a country code") == 2


def test_form_answers_are_checked_with_one_clear_message(ml_ladder: Framework) -> None:
    """The checks the web form uses: each names the field and the fix."""
    assert goal_answer(ml_ladder, "", "", "") is None
    assert goal_answer(ml_ladder, "", "l4", "") == Goal(kind="level", level="L4")  # a level alone
    changer = Goal.model_validate({"kind": "move-into-ml", "from": "research"})
    assert goal_answer(ml_ladder, "", "", "research") == changer  # a field alone
    assert goal_answer(ml_ladder, "get-hired", "M1", "") == Goal(kind="get-hired", level="M1")
    problems = {
        ("level", "", ""): "goal: a level on any track needs the level",
        ("next-level", "L3", ""): "goal: 'the next level up' takes no level",
        ("move-into-ml", "L3", ""): "goal: 'move into ml from another field' takes no level",
        ("get-hired", "", "backend"): "goal: the field you come from goes with moving into ML",
        ("move-into-ml", "", "sales"): "goal: unknown field 'sales'",
        ("", "Z9", ""): "goal: there is no level or track 'Z9' (fix: choose one of L1, L2",
        ("retire", "", ""): "goal: unknown goal 'retire'",
    }
    for (kind, level, field), message in problems.items():
        with pytest.raises(InputError) as raised:
            goal_answer(ml_ladder, kind, level, field)
        assert str(raised.value).startswith(message), str(raised.value)
    assert [goal_text(ml_ladder, goal) for goal in (None, goal_answer(ml_ladder, "", "management", ""), changer)] == [
        "the next level up",
        "the Management track",
        "move into ML from research",
    ]
    assert goal_text(ml_ladder, Goal(kind="get-hired", level="L2")) == "get hired at L2 ML Engineer"
    assert specialisation_answer(ml_ladder, ["", " NLP ", "nlp"]) == ["nlp"]
    with pytest.raises(InputError, match="did you mean 'computer-vision'"):
        specialisation_answer(ml_ladder, ["computer-vison"])
    assert region_answer(" in ") == "IN" and region_answer("") is None
    with pytest.raises(InputError, match="'U5' is not a country code"):
        region_answer("U5")


def test_a_management_goal_asks_the_management_competencies_and_an_engineering_goal_does_not(
    ml_ladder: Framework,
) -> None:
    engineer = [c.id for c in asked_competencies(ml_ladder, Goal(kind="level", level="L4"))]
    assert engineer == [c.id for c in placed_competencies(ml_ladder)]
    assert "people-management" not in engineer and asked_competencies(ml_ladder, None) == placed_competencies(ml_ladder)
    manager = asked_competencies(ml_ladder, Goal(kind="level", level="management"))  # a track: its first level
    added = [c.id for c in manager if c.id not in engineer]
    assert added == ["people-management", "hiring-and-team-building", "delivery", "organisation-design"]
    architect = [c.id for c in asked_competencies(ml_ladder, Goal(kind="get-hired", level="A1"))]
    assert {"ai-strategy", "responsible-ai", "people-management"} <= set(architect)
    assert "hiring-and-team-building" not in architect


def test_the_walk_towards_m1_rates_people_management_and_the_gap_report_uses_it(ml_ladder: Framework) -> None:
    asked = asked_competencies(ml_ladder, Goal(kind="level", level="M1"))
    values = [1 if c.id in {"hiring-and-team-building", "organisation-design"} else 3 for c in asked]
    answers = [
        "",
        "",
        "7",
        "",
        "M1",
        "",
        "",
        *STANDING_SKIPPED,
        *(option(c, v) for c, v in zip(asked, values, strict=True)),
        "y",
    ]
    profile, script = run(ml_ladder, answers)
    assert profile is not None and profile.ratings["self"]["people-management"] == 3
    assert f"Competency 1 of {len(asked)}:" in script.flat and "People management" in script.flat
    placed = assess(profile, ml_ladder)
    assert [c.id for c in placed.competencies] == [c.id for c in placed_competencies(ml_ladder)]  # not placed on
    report = gaps(profile, ml_ladder, target="M1")
    assert [gap.competency for gap in report.gaps] == ["hiring-and-team-building"]  # organisation design 1 is met


def test_standing_answers_are_reasked_until_valid_and_empty_means_not_said(ml_ladder: Framework) -> None:
    standing = ["2024-13", "3024-01", "2024-01", "2023-06", "2025-02; 2025-08", "maybe", "yes"]
    rated = choices(ml_ladder, [2] * len(placed_competencies(ml_ladder)))
    profile, script = run(ml_ladder, [*NO_BACKGROUND[:-3], *standing, *rated, "y"])
    assert profile is not None and profile.in_level_since == dt.date(2024, 1, 1) and profile.sponsor is True
    assert [review.date for review in profile.reviews_at_level()] == [dt.date(2025, 2, 1), dt.date(2025, 8, 1)]
    assert "'2024-13' is not a date of the calendar (fix: type a date such as 2024-03-15 or 2024-03)." in script.flat
    assert "3024-01-01 is in the future (fix: type a date up to today)." in script.flat
    assert "2023-06-01 is not after 2024-01-01, when you reached your current level" in script.flat
    assert "'maybe' is neither yes nor no (fix: type yes or no, or leave it empty)." in script.flat
    profile, _ = run(ml_ladder, [*NO_BACKGROUND, *rated, "y"])
    assert profile is not None and profile.in_level_since is None and profile.promotion_reviews == []
    assert profile.sponsor is None


@pytest.mark.parametrize("goal", ["3", "4"])  # get hired, move into ML: no level held yet, nothing to ask
def test_no_standing_questions_before_a_first_ml_role(ml_ladder: Framework, goal: str) -> None:
    background = ["", "", "2", "", goal, "", "", ""]  # the level to be hired at / the field one comes from: Enter
    _, script = run(ml_ladder, [*background, "q"])
    assert not any("current level" in prompt for prompt in script.prompts)
