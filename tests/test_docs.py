"""Docs that cannot go stale: generated files match the code, examples in the docs are valid, keys are real."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mlladder import Framework
from mlladder.cli.reference import cli_reference
from mlladder.framework.docs import builtin_ladder_markdown
from mlladder.framework.schema_doc import framework_json_schema
from tests.conftest import EXAMPLE_FRAMEWORK, ROOT, RunCli

DOCS = ROOT / "docs"
REGENERATE = "regenerate it with the command named at its top"


def test_cli_reference_is_current() -> None:
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_reference(), REGENERATE


def test_json_schema_is_current() -> None:
    assert (DOCS / "framework.schema.json").read_text(encoding="utf-8") == framework_json_schema(), REGENERATE


def test_builtin_ladder_page_is_current(ml_ladder: Framework) -> None:
    assert (DOCS / "builtin-ladder.md").read_text(encoding="utf-8") == builtin_ladder_markdown(ml_ladder), REGENERATE


def test_format_doc_embeds_the_example_framework_verbatim() -> None:
    text = (DOCS / "framework-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert EXAMPLE_FRAMEWORK.read_text(encoding="utf-8") in blocks


def _documented_keys(command: str) -> set[str]:
    text = (DOCS / "json-output.md").read_text(encoding="utf-8")
    section = text.split(f"## `{command} --format json")[1].split("\n## ")[0]
    return set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.M))


def test_json_output_doc_matches_real_output(run_cli: RunCli) -> None:
    assert _documented_keys("mlladder ladder") == set(run_cli("ladder", "--format", "json").json())
    assert _documented_keys("mlladder ladder level ID") == set(
        run_cli("ladder", "level", "L2", "--format", "json").json()
    )
    compare = run_cli("ladder", "compare", "L1", "L2", "--format", "json").json()
    assert _documented_keys("mlladder ladder compare A B") == set(compare)
    across = run_cli("ladder", "compare", "L4", "M1", "--format", "json").json()
    assert set(across) == set(compare) and across["track_change"] is not None
    tracks = run_cli("ladder", "tracks", "--format", "json").json()
    assert _documented_keys("mlladder ladder tracks") == set(tracks)
    validate = run_cli("ladder", "validate", str(EXAMPLE_FRAMEWORK), "--format", "json").json()
    assert _documented_keys("mlladder ladder validate FILE") == set(validate)


def test_json_output_doc_matches_assessment_output(run_cli: RunCli, tmp_path: Path) -> None:
    profile = str(ROOT / "examples" / "profiles" / "mid.yaml")
    assessed = run_cli("assess", "--profile", profile, "--format", "json").json()
    assert _documented_keys("mlladder assess") == set(assessed)
    gap = run_cli("gap", "--profile", profile, "--format", "json").json()
    assert _documented_keys("mlladder gap") == set(gap)
    growth = run_cli("plan", "--profile", profile, "--format", "json").json()
    assert _documented_keys("mlladder plan") == set(growth)
    report = run_cli("report", "--profile", profile, "--format", "json").json()
    assert set(report) == set(assessed) | {"plan"} and set(report["plan"]) == set(growth) - {"gaps"}
    batch = tmp_path / "one.jsonl"
    batch.write_text('{"id": 1, "ratings": {"self": {"mlops": 2}}}\n')
    line = run_cli("assess", "--batch", str(batch), "--format", "jsonl").out.splitlines()[0]
    assert _documented_keys("mlladder assess --batch FILE") == set(json.loads(line))


def test_profile_doc_embeds_the_example_profile_verbatim() -> None:
    text = (DOCS / "profile-format.md").read_text(encoding="utf-8")
    assert (ROOT / "examples" / "profiles" / "mid.yaml").read_text(encoding="utf-8") in text


def test_readme_commands_are_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert ci[-1] in readme
    assert "pytest" in ci[-1] and "mypy" in ci[-1] and "ruff check" in ci[-1]


def test_docs_links_point_at_existing_files() -> None:
    for page in [ROOT / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_json_output_doc_matches_evidence_output(run_cli: RunCli, tmp_path: Path) -> None:
    posting = ROOT / "examples" / "documents" / "posting-staff.md"
    (document,) = run_cli("evidence", str(posting), "--format", "json").json()
    assert _documented_keys("mlladder evidence FILE...") == set(document)
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps({"id": 1, "text": posting.read_text(encoding="utf-8")}) + "\n")
    line = run_cli("batch", str(source), "--format", "jsonl").out.splitlines()[0]
    assert _documented_keys("mlladder batch FILE") == set(json.loads(line))


def _limit_rows() -> dict[str, str]:
    text = (DOCS / "security.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([A-Z_]+)` \| ([^|]+?) \|", text, re.M))


def _shown(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def test_security_doc_lists_every_limit_with_its_value() -> None:
    from mlladder import limits
    from mlladder.store import engine
    from mlladder.web import processes, security

    documented = _limit_rows()
    constants = {name: getattr(limits, name) for name in dir(limits) if name.isupper() and name[0] != "_"}
    for module, names in (
        (processes, ["RESTART_LIMIT", "RESTART_WINDOW", "STOP_TIMEOUT"]),
        (security, ["ADDRESS_FACTOR"]),
        (engine, ["CONNECT_TIMEOUT_SECONDS"]),
    ):
        constants.update({name: getattr(module, name) for name in names})
    assert {name: documented.get(name) for name in constants} == {
        name: _shown(value) for name, value in constants.items()
    }


def test_json_output_doc_matches_match_output(run_cli: RunCli) -> None:
    documents = ROOT / "examples" / "documents"
    resume, posting = str(documents / "resume-senior.md"), str(documents / "posting-staff.md")
    data = run_cli("match", "--resume", resume, "--posting", posting, "--format", "json").json()
    assert _documented_keys("mlladder match") == set(data)
