"""Every rule of the framework format, each broken on purpose in a real file, gets its own clear problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mlladder import FrameworkError, Problem, load_framework, validate_framework_file
from tests.conftest import EXAMPLE_FRAMEWORK, WriteFramework


def problems_of(path: Path) -> list[Problem]:
    return validate_framework_file(path)


def only(problems: list[Problem], fragment: str) -> Problem:
    matching = [problem for problem in problems if fragment in problem.message]
    assert len(matching) == 1, f"expected one problem about {fragment!r}, got {[str(p) for p in problems]}"
    return matching[0]


def line_of(path: Path, text: str, after: int = 0) -> int:
    """1-based line number of the first line at or after ``after`` containing ``text``."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if number > after and text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def test_example_framework_is_valid() -> None:
    assert problems_of(EXAMPLE_FRAMEWORK) == []
    assert load_framework(EXAMPLE_FRAMEWORK).id == "data-scientist"


def test_wrong_type_names_field_line_and_fix(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["competencies"][0]["expectations"]["DS2"]["proficiency"] = "two"
    path = write_framework(example_data)
    problem = only(problems_of(path), "expected a whole number")
    assert problem.path == "competencies[0].expectations.DS2.proficiency"
    assert problem.line == line_of(path, "proficiency: two")
    assert "without quotes" in problem.hint
    assert str(problem).startswith(f"{path}:{problem.line}: competencies[0].expectations.DS2.proficiency:")


def test_number_where_text_is_expected_suggests_quoting(
    example_data: dict[str, Any], write_framework: WriteFramework
) -> None:
    example_data["version"] = 2026
    problem = only(problems_of(write_framework(example_data)), "expected text")
    assert problem.path == "version"
    assert "quote" in problem.hint


def test_out_of_range_proficiency(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["competencies"][1]["expectations"]["DS3"]["proficiency"] = 7
    problem = only(problems_of(write_framework(example_data)), "less than or equal to 4")
    assert problem.path == "competencies[1].expectations.DS3.proficiency"


def test_unknown_key_suggests_the_right_one(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["levels"][1]["titel"] = "Typo"
    path = write_framework(example_data)
    problem = only(problems_of(path), "unknown key 'titel'")
    assert problem.path == "levels[1].titel"
    assert problem.line == line_of(path, "titel:")
    assert "did you mean 'title'?" in problem.hint


def test_unknown_top_level_key(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["levelz"] = []
    problem = only(problems_of(write_framework(example_data)), "unknown key 'levelz'")
    assert "did you mean 'levels'?" in problem.hint


def test_missing_required_key(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    del example_data["levels"][2]["summary"]
    problem = only(problems_of(write_framework(example_data)), "required key 'summary' is missing")
    assert problem.path == "levels[2].summary"


def test_duplicate_ids(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["skills"][1]["id"] = "python"
    path = write_framework(example_data)
    problem = only(problems_of(path), "duplicate id 'python'")
    assert "first used by skills[0]" in problem.message
    assert problem.path == "skills[1].id"
    assert problem.line == line_of(path, "id: python", after=line_of(path, "id: python"))


def test_dangling_reference_from_skill_to_competency(
    example_data: dict[str, Any], write_framework: WriteFramework
) -> None:
    example_data["skills"][0]["competencies"] = ["programing"]
    problem = only(problems_of(write_framework(example_data)), "unknown competency 'programing'")
    assert problem.path == "skills[0].competencies[0]"
    assert "did you mean 'programming'?" in problem.hint


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["levels"][0].update(track="icc"), "unknown track 'icc'"),
        (lambda d: d["salary_bands"][0].update(level="DS7"), "unknown level 'DS7'"),
        (lambda d: d["transitions"][0].update(to_level="DS9"), "unknown level 'DS9'"),
        (lambda d: d["competencies"][0].update(area="crafts"), "unknown competency area 'crafts'"),
        (lambda d: d["skills"][0].update(category="tools"), "unknown skill category 'tools'"),
        (lambda d: d["skills"][2].update(prerequisites=["hypothesis"]), "unknown skill 'hypothesis'"),
        (lambda d: d["portfolio_projects"][0].update(skills=["pandas"]), "unknown skill 'pandas'"),
        (lambda d: d["interview_questions"][0].update(level="DS0"), "unknown level 'DS0'"),
        (lambda d: d["levels"][0]["years"][0].update(sources=["example-teem"]), "unknown source 'example-teem'"),
    ],
)
def test_every_kind_of_dangling_reference(
    example_data: dict[str, Any], write_framework: WriteFramework, edit: Any, message: str
) -> None:
    edit(example_data)
    problem = only(problems_of(write_framework(example_data)), message)
    assert problem.line is not None
    assert problem.hint.startswith("use an id defined under")


def test_cyclic_prerequisites(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["skills"][1]["prerequisites"] = ["ab-testing"]  # ab-testing already needs hypothesis-testing
    problem = only(problems_of(write_framework(example_data)), "prerequisites form a cycle")
    assert "hypothesis-testing -> ab-testing -> hypothesis-testing" in problem.message or (
        "ab-testing -> hypothesis-testing -> ab-testing" in problem.message
    )
    assert "remove one prerequisite" in problem.hint


def test_self_prerequisite(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["skills"][0]["prerequisites"] = ["python"]
    only(problems_of(write_framework(example_data)), "lists itself as a prerequisite")


def test_expectation_falling_as_level_rises(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["competencies"][3]["expectations"]["DS3"]["proficiency"] = 1  # DS2 expects 2
    path = write_framework(example_data)
    problem = only(problems_of(path), "falls from 2 at DS2 to 1 at DS3")
    assert problem.path == "competencies[3].expectations.DS3.proficiency"
    assert "set it to 2 or more" in problem.hint


def test_level_without_expectation(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    del example_data["competencies"][4]["expectations"]["DS2"]
    problem = only(problems_of(write_framework(example_data)), "level 'DS2' has no expectation")
    assert "product-sense" in problem.message
    assert "add expectations.DS2" in problem.hint


def test_scale_step_without_description(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    del example_data["competencies"][0]["scale"][3]
    problem = only(problems_of(write_framework(example_data)), "lacks step(s) 3")
    assert problem.path == "competencies[0].scale"


def test_salary_min_above_max(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["salary_bands"][1].update(min=120000, max=100000)
    path = write_framework(example_data)
    problem = only(problems_of(path), "salary min 120000 is above max 100000")
    assert problem.path == "salary_bands[1].min"
    assert problem.line == line_of(path, "min: 120000")


def test_time_allocation_not_summing_to_100(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["levels"][0]["time_allocation"][0]["activities"]["Analysis"] = 50
    problem = only(problems_of(write_framework(example_data)), "sums to 90%, not 100%")
    assert problem.path == "levels[0].time_allocation[0].activities"


def test_transition_that_goes_down(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["transitions"][0].update(from_level="DS3", to_level="DS1")
    only(problems_of(write_framework(example_data)), "'DS1' is not above 'DS3'")


def test_alias_shared_by_two_skills(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["skills"][2]["aliases"].append("PY")
    problem = only(problems_of(write_framework(example_data)), "'PY' also names skill 'python'")
    assert problem.path == "skills[2].aliases[2]"


def test_every_problem_is_reported_at_once(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["levels"][1]["titel"] = "x"  # structural
    example_data["skills"][0]["competencies"] = ["nope"]  # reference
    example_data["salary_bands"][0].update(min=9, max=1)  # ordering
    example_data["competencies"][2]["expectations"]["DS4"]["proficiency"] = 0  # falling
    problems = problems_of(write_framework(example_data))
    messages = " | ".join(problem.message for problem in problems)
    for fragment in ("unknown key 'titel'", "unknown competency 'nope'", "salary min 9", "falls from 2 at DS3"):
        assert fragment in messages
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)


def test_structural_error_does_not_cause_false_dangling_references(
    example_data: dict[str, Any], write_framework: WriteFramework
) -> None:
    """A broken competency is reported once; skills pointing at it are not flagged as dangling."""
    example_data["competencies"][0]["description"] = 5
    problems = problems_of(write_framework(example_data))
    assert [p.path for p in problems] == ["competencies[0].description"]


def test_load_raises_one_line_error_listing_the_count(
    example_data: dict[str, Any], write_framework: WriteFramework
) -> None:
    example_data["levels"][1]["titel"] = "x"
    example_data["salary_bands"][0].update(min=9, max=1)
    path = write_framework(example_data)
    with pytest.raises(FrameworkError) as raised:
        load_framework(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:")
    assert "[+1 more; run 'mlladder ladder validate" in message
    assert len(raised.value.problems) == 2


def test_json_framework_reports_lines(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["levels"][3]["titel"] = "x"
    path = write_framework(example_data, name="framework.json")
    problem = only(problems_of(path), "unknown key 'titel'")
    assert problem.line == line_of(path, '"titel"')


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\nid: x\nlevels:\n  - id: L1\n   title: bad indent\n")
    problems = problems_of(path)
    assert len(problems) == 1
    assert problems[0].message.startswith("YAML syntax error")
    assert problems[0].line == 5
    assert "indentation" in problems[0].hint


def test_json_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "schema_version": 1,\n  "id": "x",,\n}\n')
    (problem,) = problems_of(path)
    assert problem.message.startswith("JSON syntax error")
    assert problem.line == 3


def test_duplicate_yaml_key_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(EXAMPLE_FRAMEWORK.read_text().replace("role: data scientist", "role: data scientist\nid: other"))
    (problem,) = problems_of(path)
    assert problem.message == "duplicate key 'id'"
    assert problem.line == line_of(path, "id: other")


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    (problem,) = problems_of(path)
    assert "not a mapping" in problem.message


def test_empty_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("  \n")
    (problem,) = problems_of(path)
    assert problem.message == "framework file is empty"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary, not text"),
        (b"id: caf\xe9\n", "not UTF-8 text"),
    ],
)
def test_unreadable_files_raise(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(FrameworkError, match=message) as raised:
        validate_framework_file(path)
    assert raised.value.unreadable


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="framework file not found"):
        load_framework(tmp_path / "nope.yaml")
    with pytest.raises(FrameworkError, match="framework file is a folder") as raised:
        load_framework(tmp_path)
    assert raised.value.unreadable


def test_wrong_schema_version(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["schema_version"] = 2
    problem = only(problems_of(write_framework(example_data)), "is not allowed")
    assert problem.path == "schema_version"


def test_specialisations_name_existing_skills(example_data: dict[str, Any], write_framework: WriteFramework) -> None:
    example_data["specialisations"] = [
        {"id": "experiments", "name": "Experiments", "description": "Tests.", "skills": ["ab-testing", "ab-tests"]}
    ]
    problem = only(problems_of(write_framework(example_data)), "unknown skill 'ab-tests'")
    assert problem.path == "specialisations[0].skills[1]" and "did you mean 'ab-testing'" in problem.hint
    example_data["specialisations"][0]["skills"] = ["ab-testing"]
    loaded = load_framework(write_framework(example_data))
    assert loaded.specialisations[0].skills == ["ab-testing"]
    assert not any(competency.core for competency in loaded.competencies)  # core is optional, off by default
