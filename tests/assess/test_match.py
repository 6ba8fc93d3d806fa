"""A resume against a posting: level, skills found and missing, years, the score's parts and what would help."""

from __future__ import annotations

import json
from pathlib import Path

from mlladder import Framework
from mlladder.assess.match import match, rank_postings
from mlladder.evidence.pipeline import evidence_from_file, evidence_from_text
from tests.conftest import ROOT, RunCli

DOCUMENTS = ROOT / "examples" / "documents"
RESUME = DOCUMENTS / "resume-senior.md"
STAFF = DOCUMENTS / "posting-staff.md"
JUNIOR_RESUME = """Sam Example
Junior Machine Learning Engineer
Experience
ML Engineer, Acme Analytics, Jan 2024 - Present
- Trained scikit-learn classifiers in Python and deployed one with Docker.
Skills: Python, SQL, scikit-learn, Docker
"""


def test_a_senior_resume_against_a_staff_posting(ml_ladder: Framework) -> None:
    resume = evidence_from_file(RESUME, ml_ladder, "resume")[1]
    document, posting = evidence_from_file(STAFF, ml_ladder, "posting")
    fit = match([resume], posting, ml_ladder, document.text)
    assert fit.posting_level == "L4" and fit.person_level in {"L3", "L4"}
    assert 0 <= fit.score <= 100 and [part.name for part in fit.parts] == ["skills", "level", "years"]
    python = next(skill for skill in fit.required if skill.skill == "python")
    assert python.shown and python.resume_line and "Python" in python.resume_line and len(python.resume_line) <= 102
    assert any(not skill.shown for skill in fit.required)
    assert len(fit.changes) == 3 and all("for real" in change or "Raise" in change for change in fit.changes)
    weighted = sum(part.weight * part.credit for part in fit.parts) / sum(part.weight for part in fit.parts)
    assert abs(fit.score - round(100 * weighted, 1)) < 1e-9


def test_a_junior_resume_is_told_its_level_gap_first(ml_ladder: Framework) -> None:
    _, resume = evidence_from_text("junior.md", JUNIOR_RESUME, ml_ladder, "resume")
    document, posting = evidence_from_file(STAFF, ml_ladder, "posting")
    fit = match([resume], posting, ml_ladder, document.text)
    assert fit.person_level in {"L1", "L2"} and fit.changes[0].startswith("Raise ")
    level = next(part for part in fit.parts if part.name == "level")
    assert level.credit <= 0.5 and "below the L4" in level.why
    senior = match([evidence_from_file(RESUME, ml_ladder, "resume")[1]], posting, ml_ladder, document.text)
    assert senior.score > fit.score


def test_a_skill_built_on_another_shows_it(ml_ladder: Framework) -> None:
    _, resume = evidence_from_text("r.md", "Built ranking models in PyTorch.\n", ml_ladder, "resume")
    text = "ML Engineer\nRequirements:\n- Neural networks and Kubernetes\n"
    _, posting = evidence_from_text("p.md", text, ml_ladder, "posting")
    fit = match([resume], posting, ml_ladder)
    networks = next(skill for skill in fit.required if skill.skill == "neural-networks")
    assert networks.shown and networks.implied_by == "PyTorch"
    assert not next(skill for skill in fit.required if skill.skill == "kubernetes").shown


def test_many_postings_are_ranked_and_bad_rows_skipped(ml_ladder: Framework, tmp_path: Path) -> None:
    rows = [
        {"id": "staff", "text": STAFF.read_text(encoding="utf-8")},
        {"id": "junior", "text": (DOCUMENTS / "posting-junior.html").read_text(encoding="utf-8")},
        {"id": "empty", "text": "   "},
    ]
    path = tmp_path / "postings.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\nnot json\n", encoding="utf-8")
    problems: list[str] = []
    resume = evidence_from_file(RESUME, ml_ladder, "resume")[1]
    ranked, read, skipped = rank_postings([resume], path, ml_ladder, problems.append, top=5)
    assert (read, skipped) == (2, 2) and len(problems) == 2
    assert [item.match.score for item in ranked] == sorted((item.match.score for item in ranked), reverse=True)
    assert {item.id for item in ranked} == {"staff", "junior"}


def test_match_from_the_command_line(run_cli: RunCli, tmp_path: Path) -> None:
    data = run_cli("match", "--resume", str(RESUME), "--posting", str(STAFF), "--format", "json").json()
    assert {"posting", "posting_level", "person_level", "score", "parts", "required", "changes"} <= set(data)
    text = run_cli("match", "--resume", str(RESUME), "--posting", str(STAFF))
    assert text.code == 0 and "fit" in text.out and "What would help most:" in text.out
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"id": "a", "text": STAFF.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    ranked = run_cli("match", "--resume", str(RESUME), "--postings", str(path), "--format", "json")
    assert ranked.code == 0 and [item["id"] for item in ranked.json()] == ["a"]
    assert "1 postings matched, 0 skipped" in ranked.err


def test_bad_match_input_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    poem = tmp_path / "poem.txt"
    poem.write_text("The sea is wide.\nThe gulls are loud.\n", encoding="utf-8")
    for args, fragment in (
        (["--resume", str(RESUME)], "give --posting FILE or --postings FILE"),
        (["--resume", str(RESUME), "--posting", str(STAFF), "--postings", str(STAFF)], "one of them"),
        (["--resume", str(RESUME), "--postings", str(STAFF), "--top", "0"], "--top must be 1 to 1000"),
        (["--resume", str(empty), "--posting", str(STAFF)], "empty.txt: file is empty"),
        (["--resume", str(RESUME), "--postings", str(tmp_path)], "batch file is a folder"),
        (["--resume", str(RESUME), "--posting", str(poem)], "poem.txt: does not read like a job posting"),
    ):
        result = run_cli("match", *args)
        assert result.code == 2 and result.err.count("\n") == 1 and fragment in result.err, (args, result.err)
