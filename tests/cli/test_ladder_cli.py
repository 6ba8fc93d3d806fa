"""The ``mlladder ladder`` commands, run through the real entry point on real files."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlladder import Framework, load_framework
from mlladder.framework.ladder import placed_competencies
from tests.conftest import EXAMPLE_FRAMEWORK, RunCli, WriteFramework

EXAMPLE = str(EXAMPLE_FRAMEWORK)


def test_overview_lists_every_level_with_years_pay_and_summary(run_cli: RunCli, ml_ladder: Framework) -> None:
    result = run_cli("ladder")
    assert result.code == 0, result.err
    for level in ml_ladder.levels:
        assert level.id in result.out
        assert level.title.split()[0] in result.out
    assert "5-8 [2, 5]; 4-7 [3]" in result.out  # year ranges kept side by side with their sources
    assert "$180K-$280K [2]" in result.out
    assert "[2] “Junior to Senior: ML Engineer Career Path (career guide, March 2026)”" in result.out  # the key
    assert "Combined salary view" in result.out


def test_overview_json_has_the_documented_keys(run_cli: RunCli) -> None:
    result = run_cli("ladder", "--format", "json")
    assert result.code == 0
    data = result.json()
    assert {"levels", "competencies", "skills", "salary_bands", "transitions", "salary_combined"} <= set(data)
    for band in data["salary_bands"]:
        assert {"level", "min", "max", "currency", "source"} <= set(band)
    assert [level["id"] for level in data["levels"][:5]] == ["L1", "L2", "L3", "L4", "L5"]
    l3 = next(item for item in data["salary_combined"] if item["level"] == "L3")
    assert (l3["low"], l3["high"], l3["overlap_min"], l3["overlap_max"]) == (150000, 280000, 180000, 220000)
    assert len(l3["sources"]) == 3


def test_level_card(run_cli: RunCli) -> None:
    result = run_cli("ladder", "level", "L3")
    assert result.code == 0
    assert "Senior ML Engineer" in result.out
    assert "Expected proficiency" in result.out
    assert "Interview questions" in result.out
    assert "Next level: L4" in result.out and "realistic 3-5 years, accelerated 2-4 years" in result.out


def test_level_card_json(run_cli: RunCli, ml_ladder: Framework) -> None:
    data = run_cli("ladder", "level", "l2", "--format", "json").json()  # ids are case-insensitive
    assert data["level"]["id"] == "L2"
    assert len(data["expectations"]) == len(placed_competencies(ml_ladder))  # L2 asks nothing of managing people
    assert data["next_level"] == "L3"
    assert data["time_to_next"]["realistic"] == [3, 4]
    assert len(data["interview_questions"]) >= 8


def test_unknown_level_is_one_line_exit_2(run_cli: RunCli) -> None:
    result = run_cli("ladder", "level", "L9")
    assert result.code == 2
    assert result.err.strip().count("\n") == 0
    assert "has no level 'L9'" in result.err and "did you mean" in result.err


def test_compare_shows_only_what_changes(run_cli: RunCli) -> None:
    data = run_cli("ladder", "compare", "L2", "L3", "--format", "json").json()
    raised = {change["competency"]: (change["before"], change["after"]) for change in data["expectations_raised"]}
    assert raised["system-design"] == (2, 3)
    assert data["expectations_lowered"] == []
    assert data["new_skills"] and data["new_responsibilities"]
    by_source = {change["source"]: change for change in data["salary_change"]}
    assert by_source["001_60c2f85fc76de547.txt"]["after"] == [180000, 280000]
    assert data["typical_time"]["realistic"] == [3, 4]
    assert data["typical_time"]["accelerated"] == [2, 3]


def test_compare_over_several_steps_sums_the_timelines(run_cli: RunCli) -> None:
    data = run_cli("ladder", "compare", "L1", "L4", "--format", "json").json()
    assert data["typical_time"]["steps"] == ["L1->L2", "L2->L3", "L3->L4"]
    assert data["typical_time"]["realistic"] == [8, 12]
    assert data["typical_time"]["accelerated"] == [5.5, 9]


def test_compare_text(run_cli: RunCli) -> None:
    result = run_cli("ladder", "compare", "L1", "L2")
    assert result.code == 0
    assert "Expectations that change" in result.out
    assert "Salary change (per source)" in result.out
    assert "realistic 2-3 years" in result.out


def test_skills_filters(run_cli: RunCli) -> None:
    data = run_cli("ladder", "skills", "--competency", "mlops", "--level", "L2", "--format", "json").json()
    assert data
    assert all("mlops" in skill["competencies"] and skill["typical_level"] == "L2" for skill in data)
    everything = run_cli("ladder", "skills", "--format", "json").json()
    assert len(everything) >= 300 > len(data)


def test_skills_search_finds_names_with_typos(run_cli: RunCli) -> None:
    exact = run_cli("ladder", "skills", "--search", "torch", "--format", "json").json()
    assert "pytorch" in {skill["id"] for skill in exact}
    assert all("torch" in " ".join([s["id"], s["name"], *s["aliases"]]).lower() for s in exact)
    typo = run_cli("ladder", "skills", "--search", "kubernetess")
    assert typo.code == 0 and "No skill is named 'kubernetess'; the closest names:" in typo.out
    assert "Kubernet" in typo.out and "1skill\n" in typo.out.replace(" ", "")
    assert [s["id"] for s in run_cli("ladder", "skills", "--search", "kubernetess", "--format", "json").json()] == [
        "kubernetes"
    ]
    nothing = run_cli("ladder", "skills", "--search", "banana")
    assert nothing.code == 0 and "nothing comes close either" in nothing.out and "Skill" not in nothing.out
    hostile = run_cli("ladder", "skills", "--search", "\x1b[2J" + "z" * 5000)
    assert hostile.code == 0 and "\x1b" not in hostile.out and len(hostile.out) < 200


def test_skills_with_unknown_competency(run_cli: RunCli) -> None:
    result = run_cli("ladder", "skills", "--competency", "mlopz")
    assert result.code == 2
    assert "no competency 'mlopz'" in result.err and "did you mean 'mlops'?" in result.err


def test_group_options_apply_to_subcommands(run_cli: RunCli) -> None:
    data = run_cli("ladder", "--framework", EXAMPLE, "--format", "json", "level", "DS2").json()
    assert data["level"]["title"] == "Data Scientist"


def test_every_command_takes_another_framework(run_cli: RunCli) -> None:
    for args in (
        ["ladder"],
        ["ladder", "level", "DS3"],
        ["ladder", "compare", "DS1", "DS4"],
        ["ladder", "skills", "--level", "DS2"],
        ["ladder", "export", "--format", "md"],
    ):
        result = run_cli(*args, "--framework", EXAMPLE)
        assert result.code == 0, (args, result.err)
        assert "L3" not in result.out or args[-1] == "md"


def test_validate_ok_and_problems(
    run_cli: RunCli, example_data: dict[str, Any], write_framework: WriteFramework
) -> None:
    ok = run_cli("ladder", "validate", EXAMPLE)
    assert (ok.code, ok.out.strip()) == (0, f"{EXAMPLE}: valid framework")
    example_data["levels"][0]["titel"] = "x"
    example_data["salary_bands"][0].update(min=5, max=1)
    path = write_framework(example_data)
    bad = run_cli("ladder", "validate", str(path))
    assert bad.code == 1
    lines = bad.out.strip().splitlines()
    assert len(lines) == 3 and lines[-1] == f"2 problems in {path}"
    assert all(line.startswith(f"{path}:") for line in lines[:2])
    as_json = run_cli("ladder", "validate", str(path), "--format", "json")
    assert as_json.code == 1
    assert as_json.json()["valid"] is False and len(as_json.json()["problems"]) == 2


def test_validate_unreadable_file_is_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("ladder", "validate", str(tmp_path / "missing.yaml"))
    assert result.code == 2
    assert result.err.strip() == f"error: {tmp_path / 'missing.yaml'}: framework file not found (fix: check the path)"


def test_bad_framework_option_is_one_line_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\nlevels: [\n")
    result = run_cli("ladder", "--framework", str(path))
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1 and "YAML syntax error" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(
    "args",
    [
        ["ladder", "--bogus"],
        ["ladder", "levle", "L1"],
        ["ladder", "compare", "L1"],
        ["ladder", "export", "--format", "pdf"],
    ],
)
def test_usage_errors_are_one_line_exit_2(run_cli: RunCli, args: list[str]) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert result.err.startswith("error: mlladder ladder")
    assert result.err.count("\n") == 1
    assert "--help" in result.err


def test_export_yaml_and_json_load_back_to_the_same_framework(
    run_cli: RunCli, tmp_path: Path, ml_ladder: Framework
) -> None:
    for fmt in ("yaml", "json"):
        target = tmp_path / f"ladder.{fmt}"
        result = run_cli("ladder", "export", "--format", fmt, "--output", str(target))
        assert result.code == 0 and result.out.strip() == f"wrote {target}"
        assert load_framework(target) == ml_ladder
        assert list(tmp_path.glob(".*.tmp")) == []  # no temporary file left behind


def test_export_markdown(run_cli: RunCli, ml_ladder: Framework) -> None:
    result = run_cli("ladder", "export", "--format", "md")
    assert result.code == 0
    assert result.out.startswith(f"# {ml_ladder.name}")
    for heading in ("## Levels", "## Competencies", "## Salary bands", "## Transitions", "## Skills", "## Sources"):
        assert heading in result.out
    assert "| L3 | Senior ML Engineer |" in result.out


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href"} and value and not value.startswith("#"):
                self.external.append(value)


def test_export_html_is_self_contained(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "ladder.html"
    assert run_cli("ladder", "export", "--format", "html", "-o", str(target)).code == 0
    parser = _Collector()
    parser.feed(target.read_text(encoding="utf-8"))
    assert parser.external == []
    assert parser.tags.count("table") >= 5 and "style" in parser.tags and "script" not in parser.tags


def test_export_html_escapes_framework_text(
    run_cli: RunCli, example_data: dict[str, Any], write_framework: WriteFramework
) -> None:
    example_data["levels"][0]["summary"] = "<script>alert(1)</script>"
    path = write_framework(example_data)
    result = run_cli("ladder", "export", "--format", "html", "--framework", str(path))
    assert "<script>" not in result.out and "&lt;script&gt;" in result.out


def test_export_into_missing_folder_is_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("ladder", "export", "--output", str(tmp_path / "no" / "such" / "x.md"))
    assert result.code == 2 and "does not exist" in result.err


def test_export_json_on_stdout_parses(run_cli: RunCli) -> None:
    result = run_cli("ladder", "export", "--format", "json")
    data = json.loads(result.out)
    assert data["id"] == "ml-engineer" and data["schema_version"] == 1


def test_yaml_export_of_example_round_trips(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("ladder", "export", "--format", "yaml", "--framework", EXAMPLE)
    assert yaml.safe_load(result.out)["id"] == "data-scientist"
    target = tmp_path / "copy.yaml"
    target.write_text(result.out)
    assert load_framework(target) == load_framework(EXAMPLE)


def test_help_lists_the_commands(run_cli: RunCli) -> None:
    result = run_cli("ladder", "--help")
    assert result.code == 0
    for command in ("level", "compare", "skills", "validate", "export"):
        assert command in result.out


def test_validate_takes_the_framework_option_or_checks_the_builtin(run_cli: RunCli) -> None:
    assert run_cli("ladder", "validate", "--framework", EXAMPLE).out.strip() == f"{EXAMPLE}: valid framework"
    assert run_cli("ladder", "--framework", EXAMPLE, "validate").code == 0
    builtin = run_cli("ladder", "validate")
    assert (builtin.code, builtin.out.strip()) == (0, "built-in framework ml-engineer: valid framework")


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.code == 0 and result.out.startswith("mlladder 0.")
