"""``mlladder diagnose`` through the real entry point, the profile fields it reads, and its documented keys."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from mlladder import Framework, load_profile
from mlladder.errors import ProfileError
from tests.conftest import EXAMPLE_FRAMEWORK, ROOT, RunCli

RATINGS = (
    "ratings:\n"
    "  manager: {ml-fundamentals: 2, deep-learning: 2, research: 2, data-engineering: 3, software-engineering: 3,\n"
    "            mlops: 3, performance: 2, system-design: 2, communication: 2, leadership: 2, business-impact: 2}\n"
)


def write(tmp_path: Path, text: str, name: str = "me.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def years_ago(years: float) -> str:
    return (dt.date.today() - dt.timedelta(days=round(years * 365.25))).isoformat()


def stuck_profile(tmp_path: Path) -> str:
    """A mid-level engineer five years in the level, passed over twice, no sponsor, strong hands-on work."""
    return write(
        tmp_path,
        f"name: Robin Example\nyears_experience: 7\nin_level_since: {years_ago(5)}\nsponsor: false\n"
        f"promotion_reviews:\n  - {{date: {years_ago(2)}, outcome: passed-over}}\n"
        f"  - {{date: {years_ago(1)}, outcome: passed-over}}\n" + RATINGS,
    )


def test_text_names_each_situation_with_why_and_sourced_advice(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("diagnose", "--profile", stuck_profile(tmp_path))
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == f"Robin Example: placed at L2 ML Engineer (next: L3), as of {dt.date.today().isoformat()}"
    for title in ("Stuck at a level", "From writing code to designing systems", "No sponsor, little visibility"):
        assert title in lines
    assert "    - Passed over for promotion 2 times at L2 (" in result.out
    assert (
        "    - Drive an initiative that spans teams [Junior to Senior: ML Engineer Career Path]" in lines
    )  # a remedy of 'stuck at mid level', cited by the article's title
    assert "written for this ladder" in result.out
    assert "    yes  Your route to promotion is blocked [Junior to Senior: ML Engineer Career Path]" in lines
    assert "  Mid career (5-10 years): [Junior to Senior: ML Engineer Career Path]" in lines
    assert lines[-1] == "  On balance: Only reasons to move hold for you: your route to promotion is blocked."
    assert ".txt" not in result.out  # sources by title, never by file name


def test_json_has_the_documented_keys(run_cli: RunCli, tmp_path: Path) -> None:
    data = run_cli("diagnose", "--profile", stuck_profile(tmp_path), "--format", "json").json()
    assert set(data) == documented("diagnosis")
    assert [item["rule"] for item in data["situations"]] == ["stuck", "code-to-design", "no-sponsor", "speed-up"]
    stuck = data["situations"][0]
    assert set(stuck) == documented("situations[]")
    assert set(stuck["advice"][0]) == documented("advice[]")
    assert stuck["advice"][0]["from"] == {"section": "challenge", "id": "stuck-at-mid", "title": "Stuck at mid level"}
    assert stuck["advice"][0]["citations"][0] == {
        "id": "001_60c2f85fc76de547.txt",
        "title": "Junior to Senior: ML Engineer Career Path (career guide, March 2026)",
        "article": True,
    }
    view = data["switch_or_stay"]
    assert set(view) == documented("switch_or_stay")
    assert set(view["considerations"][0]) == documented("considerations[]")
    assert set(view["stage"]) == documented("stage")
    assert view["lean"] == "switch" and view["considerations"][0]["holds"] is True


def documented(table: str) -> set[str]:
    """The keys the JSON table of docs/diagnosis.md for ``table`` lists."""
    text = (ROOT / "docs" / "diagnosis.md").read_text(encoding="utf-8")
    section = text.split(f"### `{table}`")[1].split("\n#")[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))


def test_a_profile_with_no_situation_says_so(run_cli: RunCli, tmp_path: Path, ml_ladder: Framework) -> None:
    rated = ", ".join(f"{competency.id}: 4" for competency in ml_ladder.competencies)
    top = "ratings: {manager: {" + rated + "}}\nyears_experience: 14\n"
    result = run_cli("diagnose", "--profile", write(tmp_path, top))
    assert result.code == 0
    assert "No situation the rules recognise applies (docs/diagnosis.md lists the rules)." in result.out


def test_a_custom_framework_without_guidance_works(run_cli: RunCli, tmp_path: Path) -> None:
    profile = write(tmp_path, "in_level_since: 2015-01-01\nsponsor: false\nratings: {self: {statistics: 2}}\n")
    result = run_cli("diagnose", "--profile", profile, "--framework", str(EXAMPLE_FRAMEWORK))
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "The framework gives no advice on switching company or staying."
    data = run_cli("diagnose", "--profile", profile, "--framework", str(EXAMPLE_FRAMEWORK), "--format", "json").json()
    assert data["situations"] == [] and data["switch_or_stay"] is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "promotion_reviews: [{date: 2999-03-01, outcome: passed-over}]\n",
            "me.yaml:1: promotion_reviews[0].date: 2999-03-01 is in the future",
        ),
        (
            "promotion_reviews:\n  - date: 2024-03-01\n    outcome: skipped\n",
            "me.yaml:3: promotion_reviews[0].outcome: 'skipped' is not allowed",
        ),
        ("sponsor: maybe\n", "me.yaml:1: sponsor: expected true or false"),
        (
            "in_level_since: 2023-01-01\npromotion_reviews:\n  - {date: 2024-03-01, outcome: promoted}\n",
            "me.yaml:3: promotion_reviews[0].date: a promotion on 2024-03-01 is after in_level_since 2023-01-01",
        ),
        ("promotion_reviews: [{outcome: promoted}]\n", "promotion_reviews[0].date"),
    ],
)
def test_bad_profile_fields_are_one_line_with_the_line_number(
    run_cli: RunCli, tmp_path: Path, text: str, message: str
) -> None:
    result = run_cli("diagnose", "--profile", write(tmp_path, text + "ratings: {self: {mlops: 2}}\n"))
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
    assert message in result.err and "(fix: " in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diagnose"], "Missing option '--profile'"),
        (["diagnose", "--profile", "missing.yaml"], "missing.yaml"),
        (["diagnose", "--profile", "PROFILE", "--framework", "nope"], "nope"),
        (["diagnose", "--profile", "PROFILE", "--format", "xml"], "'xml'"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(run_cli: RunCli, tmp_path: Path, args: list[str], message: str) -> None:
    profile = write(tmp_path, "ratings: {self: {mlops: 2}}\n")
    result = run_cli(*[profile if arg == "PROFILE" else arg for arg in args])
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
    assert message in result.err and "Traceback" not in result.err


def test_reviews_at_the_level_follow_the_latest_promotion(tmp_path: Path, ml_ladder: Framework) -> None:
    text = (
        "promotion_reviews:\n  - {date: 2025-03-01, outcome: passed-over}\n  - {date: 2021-03-01, outcome: promoted}\n"
        "  - {date: 2020-03-01, outcome: passed-over}\nratings: {self: {mlops: 2}}\n"
    )
    profile = load_profile(write(tmp_path, text), ml_ladder)
    assert [review.date.year for review in profile.reviews_at_level()] == [2025]
    dated = load_profile(
        write(tmp_path, "in_level_since: 2019-01-01\n" + text.replace("promoted", "passed-over")), ml_ladder
    )
    assert [review.date.year for review in dated.reviews_at_level()] == [2020, 2021, 2025]


def test_a_profile_built_in_code_is_checked_too(ml_ladder: Framework) -> None:
    from mlladder.assess.profile import validate_profile_data

    with pytest.raises(ProfileError, match="promotion_reviews"):
        validate_profile_data({"promotion_reviews": [{"date": "2999-01-01", "outcome": "promoted"}]}, ml_ladder)


def test_json_output_doc_lists_the_top_level_keys(run_cli: RunCli, tmp_path: Path) -> None:
    text = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    section = text.split("## `mlladder diagnose --format json`")[1].split("\n## ")[0]
    data = run_cli("diagnose", "--profile", stuck_profile(tmp_path), "--format", "json").json()
    assert set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M)) == set(data)
