"""All of a person's guidance in one result, through ``mlladder guide``, the summary under assess/gap/plan/report,
the report's sections and the web's guidance page."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from mlladder import Framework, assess, load_profile
from mlladder.assess.gaps import gaps
from mlladder.guidance.person import PersonGuidance, person_guidance, person_guidance_data
from mlladder.plan.planner import plan
from mlladder.report.render import report_html, report_markdown
from tests.conftest import ROOT, RunCli

EXAMPLES = ROOT / "examples" / "profiles"
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def _guidance(ladder: Framework, name: str, target: str | None = None) -> PersonGuidance:
    person = load_profile(EXAMPLES / name, ladder)
    assessment = assess(person, ladder)
    return person_guidance(ladder, person, assessment, gaps(person, ladder, target=target, assessment=assessment))


def test_a_senior_gets_pay_now_and_at_staff_without_a_market_figure_and_staff_interview_questions(
    ml_ladder: Framework,
) -> None:
    guidance = _guidance(ml_ladder, "senior.yaml")
    assert (guidance.level, guidance.target) == ("L3", "L4")
    assert guidance.pay.current.market is not None
    assert guidance.pay.target is not None and guidance.pay.target.market is None  # Staff: no market level
    assert guidance.interview.level == "L4"
    assert guidance.interview.groups[0].focus  # the gaps come first
    assert guidance.move is None and guidance.hiring is None
    assert guidance.diagnosis.switch_or_stay is not None


def test_a_career_changer_prepares_for_the_first_role_and_a_graduate_for_the_level_hired_at(
    ml_ladder: Framework,
) -> None:
    mover = _guidance(ml_ladder, "backend-to-ml.yaml")
    assert mover.move is not None and mover.hiring is None
    assert mover.interview.level == mover.move.first_role.level == "L1"
    graduate = _guidance(ml_ladder, "new-graduate.yaml")
    assert graduate.hiring is not None and graduate.move is None
    assert graduate.interview.level == graduate.hiring.level


def test_the_json_view_has_every_part(ml_ladder: Framework) -> None:
    data = person_guidance_data(_guidance(ml_ladder, "backend-to-ml.yaml"))
    assert set(data) == {"level", "target", "pay", "diagnosis", "interview", "tracks", "move", "hiring"}
    assert data["hiring"] is None and data["move"]["goal"] == "move-into-ml"
    assert data["interview"]["level"] == "L1"


def test_guide_shows_each_part_under_its_heading(run_cli: RunCli) -> None:
    result = run_cli("guide", "--profile", str(EXAMPLES / "backend-to-ml.yaml"))
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    headings = [line for line, under in pairwise(lines) if set(under) == {"="}]
    assert headings == ["Pay", "Your situation", "Moving into ML", "Interview preparation for L1"]
    assert not SEED_FILE.search(result.out)


def test_guide_json_and_a_target(run_cli: RunCli) -> None:
    result = run_cli("guide", "--profile", str(EXAMPLES / "mid.yaml"), "--target", "L4", "--format", "json")
    assert result.code == 0
    data = result.json()
    assert (data["level"], data["target"], data["interview"]["level"]) == ("L2", "L4", "L4")
    assert data["pay"]["target"]["level"] == "L4"


def test_guide_refuses_bad_input_in_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    for args, wanted in [
        (["--region", "XX"], "XX"),
        (["--target", "L99"], "L99"),
    ]:
        result = run_cli("guide", "--profile", str(EXAMPLES / "mid.yaml"), *args)
        assert result.code == 2 and result.out == ""
        assert len(result.err.strip().splitlines()) == 1 and wanted in result.err and "Traceback" not in result.err
    missing = run_cli("guide", "--profile", str(tmp_path / "nobody.yaml"))
    assert missing.code == 2 and "nobody.yaml" in missing.err


def test_assess_gap_and_plan_end_with_the_guidance_summary(run_cli: RunCli) -> None:
    profile = str(EXAMPLES / "mid.yaml")
    for command in ("assess", "gap", "plan"):
        result = run_cli(command, "--profile", profile)
        assert result.code == 0
        tail = result.out[result.out.index("\nGuidance (") :]
        assert "Pay at L2: market median $" in tail
        assert f"mlladder guide --profile {profile}" in tail
    data = run_cli("assess", "--profile", profile, "--format", "json").json()
    assert data["guidance"]["pay"]["current"]["level"] == "L2"


def test_the_report_carries_the_guidance_in_both_formats(ml_ladder: Framework) -> None:
    person = load_profile(EXAMPLES / "backend-to-ml.yaml", ml_ladder)
    assessment = assess(person, ml_ladder)
    growth = plan(person, ml_ladder, assessment=assessment)
    guidance = person_guidance(ml_ladder, person, assessment, growth.gaps)
    html = report_html(ml_ladder, assessment, growth.gaps, growth, guidance=guidance)
    markdown = report_markdown(ml_ladder, assessment, growth.gaps, growth, guidance=guidance)
    for section in ("guidance-pay", "guidance-situation", "guidance-move", "guidance-interview"):
        assert f'id="{section}"' in html
    assert 'id="guidance-hiring"' not in html
    for heading in ("## Pay", "## Your situation", "## Moving into ML: From backend engineering"):
        assert f"\n{heading}\n" in markdown
    assert "## Interview preparation for L1 Junior ML Engineer" in markdown
    assert "What a strong answer covers" in html
    assert not SEED_FILE.search(html) and not SEED_FILE.search(markdown)
    plain = report_markdown(ml_ladder, assessment, growth.gaps, growth)
    assert "## Pay" not in plain  # without guidance, the report is as before


def test_guidance_from_senior_up_shows_the_tracks_and_a_report_to_m1_names_its_competencies(
    ml_ladder: Framework, run_cli: RunCli, tmp_path: Path
) -> None:
    senior = _guidance(ml_ladder, "senior.yaml")
    assert senior.tracks is not None
    assert {option.level for option in senior.tracks.options} == {"L4", "M1", "A1"}
    assert _guidance(ml_ladder, "mid.yaml").tracks is None  # below the level the tracks branch from
    markdown = tmp_path / "m1.md"
    result = run_cli("report", "--profile", str(EXAMPLES / "senior.yaml"), "--target", "M1", "--md", str(markdown))
    assert result.code == 0
    text = markdown.read_text(encoding="utf-8")
    assert "Towards M1, raise first: People management, Delivery and execution" in text
    assert "In the order to close them: by how far each falls short." in text
    assert "## Your tracks from L3 Senior ML Engineer" in text
    assert "### M1 Engineering Manager (ML) (Management)" in text
