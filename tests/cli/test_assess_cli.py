"""``mlladder assess``, ``gap``, ``plan``, ``report`` and ``profile validate`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE_FRAMEWORK, ROOT, RunCli

PROFILES = ROOT / "examples" / "profiles"
EXAMPLES = {"junior.yaml": "L1", "mid.yaml": "L2", "senior.yaml": "L3", "staff.yaml": "L4", "principal.yaml": "L5"}
MID = str(PROFILES / "mid.yaml")


@pytest.mark.parametrize(("name", "level"), list(EXAMPLES.items()))
def test_each_example_profile_places_at_its_level(run_cli: RunCli, name: str, level: str) -> None:
    result = run_cli("assess", "--profile", str(PROFILES / name), "--format", "json")
    assert result.code == 0, result.err
    assert result.json()["level"] == level


def test_assess_json_has_the_documented_keys(run_cli: RunCli) -> None:
    data = run_cli("assess", "--profile", MID, "--format", "json").json()
    assert {"level", "probabilities", "meets_level", "confidence", "competencies", "gaps"} <= set(data)
    assert sum(data["probabilities"].values()) == pytest.approx(1, abs=1e-4)
    assert {"level_probability", "within_one", "label", "reasons"} <= set(data["confidence"])
    assert data["gaps"]["target"] == "L3" and data["gaps"]["gaps"]
    first = data["competencies"][0]
    assert {"id", "ratings", "estimate", "expected", "expected_next", "pull", "status", "disagreement"} <= set(first)


def test_assess_text_view(run_cli: RunCli) -> None:
    result = run_cli("assess", "--profile", MID)
    assert result.code == 0
    assert "Jordan Sample: L2 ML Engineer" in result.out
    assert "Level probabilities" in result.out and "Why: competency by competency" in result.out
    assert "First, towards L3 Senior ML Engineer:" in result.out
    assert "1. Communication and collaboration (1.4 → 3): below the L2 expectation" in result.out
    assert "Confidence is medium because below the L2 expectation in 1 of 11 competencies" in result.out


def test_assess_without_profile_and_without_a_terminal_is_a_clear_error(run_cli: RunCli) -> None:
    result = run_cli("assess")
    assert result.code == 2 and "not a terminal" in result.err and "--profile" in result.err


def test_gap_command(run_cli: RunCli) -> None:
    data = run_cli("gap", "--profile", MID, "--target", "L4", "--format", "json").json()
    assert data["target"] == "L4" and data["gaps"][0]["skills"]
    text = run_cli("gap", "--profile", MID)
    assert text.code == 0 and "Gaps, in the order to close them" in text.out
    assert "Placed L2 on balance, but below the L2 expectation in 1 of 11 competencies" in text.out


def test_plan_command_json(run_cli: RunCli) -> None:
    data = run_cli("plan", "--profile", MID, "--hours", "8", "--start", "2027-01-04", "--format", "json").json()
    assert data["start"] == "2027-01-04" and data["weekly_hours"] == 8
    assert data["activities"] and data["milestones"]
    assert data["readiness_date"] >= data["plan_complete"] or data["readiness_basis"] == "plan"
    assert {"realistic_years", "accelerated_years", "time_in_level_years"} <= set(data["timeline"])


def test_plan_text(run_cli: RunCli) -> None:
    result = run_cli("plan", "--profile", MID, "--start", "2027-01-04")
    assert result.code == 0
    assert "Projected readiness:" in result.out and "Milestones" in result.out
    assert "The next 90 days" in result.out and "The plan ends by 2028-08-01: the end of the guides'" in result.out


def test_assess_on_another_framework(run_cli: RunCli, tmp_path: Path) -> None:
    profile = tmp_path / "ds.yaml"
    profile.write_text(
        yaml.safe_dump(
            {"ratings": {"self": {"statistics": 3, "experimentation": 3, "programming": 2, "communication": 3}}}
        )
    )
    data = run_cli("assess", "--profile", str(profile), "--framework", str(EXAMPLE_FRAMEWORK), "--format", "json")
    assert data.code == 0, data.err
    assert data.json()["level"] == "DS3" and data.json()["unrated"] == ["product-sense"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "ratings:\n  self:\n    mlopz: 2\n",
            "ratings.self.mlopz: unknown competency 'mlopz' (fix: did you mean 'mlops'?)",
        ),
        ("ratings:\n  self:\n    mlops: 7\n", "ratings.self.mlops: input should be less than or equal to 4"),
        ("years_experience: -3\n", "years_experience: input should be greater than or equal to 0"),
        ("target_level: L9\n", "target_level: unknown level 'L9'"),
        ("ratings:\n  boss:\n    mlops: 2\n", "ratings.boss"),
        ("", "profile file is empty"),
        ("- just\n- a list\n", "the top level is list, not a mapping"),
    ],
)
def test_bad_profiles_get_one_clear_line_and_exit_2(
    run_cli: RunCli, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(content)
    result = run_cli("assess", "--profile", str(path))
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1 and message in result.err, result.err
    assert str(path) in result.err and "Traceback" not in result.err


def test_binary_and_missing_profiles(run_cli: RunCli, tmp_path: Path) -> None:
    binary = tmp_path / "photo.yaml"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    result = run_cli("assess", "--profile", str(binary))
    assert result.code == 2 and "binary, not text" in result.err
    missing = run_cli("gap", "--profile", str(tmp_path / "nope.yaml"))
    assert missing.code == 2 and "profile file not found" in missing.err


def test_wrong_start_date_and_hours(run_cli: RunCli) -> None:
    result = run_cli("plan", "--profile", MID, "--start", "04/01/2027")
    assert result.code == 2 and "YYYY-MM-DD" in result.err
    hours = run_cli("plan", "--profile", MID, "--hours", "-1")
    assert hours.code == 2 and "weekly hours" in hours.err
    word = run_cli("plan", "--profile", MID, "--hours", "lots")
    assert word.code == 2 and "error: mlladder plan" in word.err


def test_unknown_target_level(run_cli: RunCli) -> None:
    result = run_cli("gap", "--profile", MID, "--target", "L9")
    assert result.code == 2 and "has no level 'L9'" in result.err


def test_profile_for_another_framework_is_rejected(run_cli: RunCli) -> None:
    result = run_cli("assess", "--profile", MID, "--framework", str(EXAMPLE_FRAMEWORK))
    assert result.code == 2 and "the profile is for framework 'ml-engineer'" in result.err


def test_profile_validate(run_cli: RunCli, tmp_path: Path) -> None:
    ok = run_cli("profile", "validate", MID)
    assert (ok.code, ok.out.strip()) == (0, f"{MID}: valid profile for ml-engineer")
    bad = tmp_path / "bad.yaml"
    bad.write_text("ratings:\n  self:\n    mlopz: 2\n    mlops: 9\nyears_experience: -1\n")
    result = run_cli("profile", "validate", str(bad))
    assert result.code == 1
    lines = result.out.strip().splitlines()
    assert lines[-1] == f"3 problems in {bad}" and lines[0].startswith(f"{bad}:3:")


def test_batch_jsonl_streams_results_and_skips_bad_lines(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "people.jsonl"
    good = yaml.safe_load((PROFILES / "senior.yaml").read_text())
    lines = [
        json.dumps({"id": "a", **{k: v for k, v in good.items() if k != "evidence" and k != "in_level_since"}}),
        "{not json",
        json.dumps({"id": "c", "ratings": {"self": {"mlops": 9}}}),
        "",
        json.dumps({"id": "d", "ratings": {"manager": {"mlops": 1, "communication": 1}}}),
    ]
    source.write_text("\n".join(lines) + "\n")
    result = run_cli("assess", "--batch", str(source), "--format", "jsonl")
    assert result.code == 0, result.err
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [record["id"] for record in records] == ["a", "d"]
    assert records[0]["level"] == "L3"
    assert {"id", "level", "probabilities", "meets_level", "confidence"} <= set(records[0])
    assert "skipped:" in result.err and f"{source}:2" in result.err and f"{source}:3" in result.err
    assert "2 assessed, 2 skipped" in result.err


def test_batch_needs_jsonl_format(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "x.jsonl"
    source.write_text("{}\n")
    result = run_cli("assess", "--batch", str(source))
    assert result.code == 2 and "--format jsonl" in result.err


def test_plan_writes_calendar_and_markdown(run_cli: RunCli, tmp_path: Path) -> None:
    ics, markdown = tmp_path / "plan.ics", tmp_path / "plan.md"
    result = run_cli("plan", "--profile", MID, "--start", "2027-01-04", "--ics", str(ics), "--md", str(markdown))
    assert result.code == 0, result.err
    assert f"wrote {ics}" in result.out and f"wrote {markdown}" in result.out
    calendar = ics.read_bytes()
    assert calendar.startswith(b"BEGIN:VCALENDAR\r\n") and calendar.count(b"BEGIN:VEVENT") >= 1
    assert "Jordan Sample" in markdown.read_text(encoding="utf-8")


def test_report_writes_html_and_markdown(run_cli: RunCli, tmp_path: Path) -> None:
    html, markdown = tmp_path / "report.html", tmp_path / "report.md"
    result = run_cli("report", "--profile", MID, "--start", "2027-01-04", "--html", str(html), "--md", str(markdown))
    assert result.code == 0, result.err
    assert "Projected readiness" in result.out and "Why: competency by competency" in result.out
    page = html.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "<svg" in page and "<script" not in page
    assert "Jordan Sample" in markdown.read_text(encoding="utf-8")
    assert list(tmp_path.glob(".*.tmp")) == []
    assert html.stat().st_mode & 0o044 == 0o044  # readable like any other file the user writes, not 0600
