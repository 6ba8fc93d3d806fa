"""``mlladder move`` and ``mlladder pay --profile`` through the real entry point: text, JSON and bad input."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT, RunCli
from tests.guidance.profiles import write_profile

EXAMPLES = ROOT / "examples" / "profiles"
MOVER = str(EXAMPLES / "backend-to-ml.yaml")
GRADUATE = str(EXAMPLES / "new-graduate.yaml")
MID = str(EXAMPLES / "mid.yaml")


def test_move_shows_the_timeline_foundations_first_role_and_projects(run_cli: RunCli) -> None:
    result = run_cli("move", "--profile", MOVER)
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == "Sam Made-Up: moving into ML from backend engineering"
    assert lines[1] == "Placed L1 now; the plan measures the gaps against L2."
    assert (
        "  A move from backend engineering usually takes 6-12 months, while learning the ML fundamentals. "
        "[Career Path: ML Engineer]" in lines
    )
    assert "First role: Junior ML Engineer (L1)" in lines
    assert any(line.startswith("  no   Core: your core competencies") for line in lines)
    assert any(line.startswith("  yes  Years: 7 years in backend engineering") for line in lines)
    foundations = lines.index("Foundations first:")
    assert lines[foundations + 1].startswith("  1. ML fundamentals and statistics: 1.0 now, 2 expected at L2")
    assert "Portfolio projects at L1:" in lines
    assert ".txt" not in result.out  # sources by title, never by file name


def test_move_json_for_a_career_changer(run_cli: RunCli) -> None:
    result = run_cli("move", "--profile", MOVER, "--format", "json")
    assert result.code == 0
    data = result.json()
    assert (data["goal"], data["background"], data["placed"], data["plan_target"]) == (
        "move-into-ml",
        "backend",
        "L1",
        "L2",
    )
    assert (data["timeline"]["min_months"], data["timeline"]["max_months"]) == (6, 12)
    assert data["first_role"]["level"] == "L1"
    assert [check["rule"] for check in data["first_role"]["checks"]] == ["core", "profile", "years"]
    assert data["foundation_skills"][:3] == ["supervised-learning", "probability", "scikit-learn"]
    assert all(project["level"] == "L1" for project in data["projects"])
    assert data["timeline"]["sources"][0]["title"].startswith("Career Path: ML Engineer")


def test_move_for_a_new_graduate_gives_the_hiring_guidance(run_cli: RunCli) -> None:
    result = run_cli("move", "--profile", GRADUATE)
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == "Robin Imaginary: getting hired as Junior ML Engineer (L1)"
    assert lines[3].startswith("  - Image classification model (60 h): ")  # the specialisation's project first
    assert "Pay for the first offer at L1:" in lines
    assert any("because the profile gives no region" in line for line in lines)
    assert "Negotiating the offer:" in lines
    data = run_cli("move", "--profile", GRADUATE, "--region", "US", "--format", "json").json()
    assert data["goal"] == "get-hired" and data["level"] == "L1"
    assert data["pay"]["region"] == "US" and data["pay"]["region_basis"] == "given"
    assert data["pay"]["current"]["market"]["experience_level"] == "EN"
    assert data["interviews"]["total"] == sum(len(ids) for ids in data["interviews"]["by_kind"].values())
    assert data["negotiation"][0]["sources"][0]["article"] is True


def test_move_refuses_a_profile_with_another_goal(run_cli: RunCli) -> None:
    result = run_cli("move", "--profile", MID)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert result.err.startswith(f"error: {MID}: goal: next-level (no goal given) is not a goal mlladder move answers")
    assert "(fix: set goal: {kind: move-into-ml, from: backend} or goal: get-hired in the profile)" in result.err


def test_move_refuses_an_unknown_region_and_a_missing_profile(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("move", "--profile", GRADUATE, "--region", "XX")
    assert result.code == 2 and result.err.startswith("error: no ML-engineer pay reports from company location 'XX'")
    missing = run_cli("move", "--profile", str(tmp_path / "nobody.yaml"))
    assert missing.code == 2 and missing.err.count("\n") == 1 and "nobody.yaml" in missing.err
    assert run_cli("move").code == 2


def test_move_with_a_bad_goal_in_the_file_names_the_field(run_cli: RunCli, tmp_path: Path) -> None:
    path = write_profile(tmp_path, goal={"kind": "move-into-ml", "from": "marketing"})
    result = run_cli("move", "--profile", str(path))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "goal.from" in result.err and str(path) in result.err


def test_pay_for_a_person_text(run_cli: RunCli) -> None:
    result = run_cli("pay", "--profile", MOVER)
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == "Pay for Sam Made-Up: placed L1, aiming at L2."
    assert lines[1] == "Region: company location US, from the profile."
    assert "Now: L1 Junior ML Engineer: market level EN (entry); company location US; 2024-2025" in lines
    assert "Aiming at: L2 ML Engineer: market level MI (mid); company location US; 2024-2025" in lines
    assert lines[-2].startswith("Market source: aijobs.net")


def test_pay_for_a_person_json_and_a_region_override(run_cli: RunCli) -> None:
    data = run_cli("pay", "--profile", MID, "--region", "CA", "--format", "json").json()
    assert (data["region"], data["region_basis"]) == ("CA", "given")
    assert (data["current"]["level"], data["target"]["level"]) == ("L2", "L3")
    staff = run_cli("pay", "--profile", str(EXAMPLES / "staff.yaml"), "--format", "json").json()
    assert staff["current"]["no_market"] == "no_mapping" and staff["region_basis"] == "no_region"
    aimed = run_cli("pay", "--profile", MID, "--target", "L4", "--format", "json").json()
    assert aimed["target"]["level"] == "L4" and aimed["target"]["market"] is None


def test_pay_refuses_bad_combinations(run_cli: RunCli) -> None:
    for args, message in [
        (("pay",), "error: mlladder pay needs --level ID or --profile FILE"),
        (("pay", "--level", "L2", "--profile", MID), "error: mlladder pay takes --level or --profile, not both"),
        (("pay", "--level", "L2", "--target", "L3"), "error: --target goes with --profile"),
        (("pay", "--profile", MID, "--region", "XX"), "error: no ML-engineer pay reports from company location 'XX'"),
        (("pay", "--profile", MID, "--target", "L9"), "error: framework 'ml-engineer' has no level 'L9'"),
    ]:
        result = run_cli(*args)
        assert result.code == 2 and result.out == "", args
        assert result.err.startswith(message) and result.err.count("\n") == 1, result.err


def _table_keys(heading: str) -> set[str]:
    """The keys documented under one heading of docs/json-output.md."""
    text = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n")[1].split("\n## ")[0]
    return set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.M))


def test_json_output_doc_matches_move_and_person_pay_output(run_cli: RunCli) -> None:
    moving = run_cli("move", "--profile", MOVER, "--format", "json").json()
    assert _table_keys("`mlladder move --format json` (moving into ML)") == set(moving)
    hiring = run_cli("move", "--profile", GRADUATE, "--format", "json").json()
    assert _table_keys("`mlladder move --format json` (getting hired)") == set(hiring)
    pay = run_cli("pay", "--profile", MID, "--format", "json").json()
    assert _table_keys("`mlladder pay --profile FILE --format json`") == set(pay) == set(hiring["pay"])
