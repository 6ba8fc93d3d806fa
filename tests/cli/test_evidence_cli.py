"""``mlladder evidence``, ``assess --resume/--brag/--posting`` and ``batch`` on the shipped example documents."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mlladder import Framework
from mlladder.evidence.pipeline import evidence_from_file
from mlladder.evidence.shown import what_it_shows
from tests.conftest import ROOT, RunCli

DOCUMENTS = ROOT / "examples" / "documents"
RESUME_PDF = str(DOCUMENTS / "resume-senior.pdf")
RESUME_MD = str(DOCUMENTS / "resume-senior.md")
BRAG = str(DOCUMENTS / "brag-mid.md")
STAFF_POSTING = str(DOCUMENTS / "posting-staff.md")
JUNIOR_POSTING = str(DOCUMENTS / "posting-junior.html")
MID = str(ROOT / "examples" / "profiles" / "mid.yaml")


def test_evidence_groups_findings_by_competency_with_citations(run_cli: RunCli) -> None:
    result = run_cli("evidence", RESUME_MD, "--format", "json")
    assert result.code == 0, result.err
    (document,) = result.json()
    assert document["kind"] == "resume" and document["years"]["total"] >= 5
    assert document["skills"] and document["signals"] and document["impacts"]
    for items in document["by_competency"].values():
        for item in items:
            citation = item["citation"]
            assert citation["file"] == RESUME_MD and citation["sentence"] and citation["location"]
    assert {"leadership", "mlops"} <= set(document["by_competency"])


def test_evidence_text_view(run_cli: RunCli) -> None:
    result = run_cli("evidence", STAFF_POSTING)
    assert result.code == 0
    assert "(posting)" in result.out and "asks for 8+ years" in result.out


def test_the_text_view_quotes_each_line_once_with_everything_it_shows(run_cli: RunCli, ml_ladder: Framework) -> None:
    """The skills list of the example resume used to be printed once for every skill it names (44 times); now
    each line is quoted once, under the competency it shows most, and pointed to by its number elsewhere."""
    result = run_cli("evidence", RESUME_MD)
    assert result.code == 0, result.err
    text = " ".join(result.out.split())  # the terminal wraps long lines
    groups = what_it_shows(evidence_from_file(Path(RESUME_MD), ml_ladder)[1], ml_ladder)
    lines = {entry.line.number: entry.line for group in groups for entry in group.lines}
    for line in lines.values():
        assert text.count(f"“{' '.join(line.sentence.split())}”") == 1, line.sentence
    listed = max((entry for group in groups for entry in group.lines), key=lambda entry: len(entry.shows))
    assert len(listed.shows) > 5  # the skills list, which shows many skills in one line
    said = "; ".join(f"{item.what} ({item.level}, listed)" for item in listed.shows)
    assert f"[{listed.line.number}] shows {said}" in text or f"shows {said}" in text
    for group in groups:
        assert f"{group.name}: {len(group.lines)} line" in text
    assert text.count(f"[{listed.line.number}] ") == len(listed.line.competencies)  # once under each it supports


@pytest.mark.parametrize("resume", [RESUME_PDF, RESUME_MD])
def test_assess_from_a_resume_cites_its_sentences(run_cli: RunCli, resume: str) -> None:
    data = run_cli("assess", "--resume", resume, "--format", "json").json()
    assert data["at_or_above"]["L3"] > 0.5  # a senior resume is not placed below senior
    assert data["evidence"][0]["kind"] == "resume"
    cited = [text for c in data["competencies"] for text in c["evidence"]]
    assert cited and all("resume-senior" in text for text in cited)
    assert any("evidence" in c["ratings"] for c in data["competencies"])


def test_pdf_and_markdown_resume_give_the_same_placement(run_cli: RunCli) -> None:
    pdf = run_cli("assess", "--resume", RESUME_PDF, "--format", "json").json()
    markdown = run_cli("assess", "--resume", RESUME_MD, "--format", "json").json()
    assert pdf["level"] == markdown["level"]


def test_documents_and_ratings_combine(run_cli: RunCli) -> None:
    data = run_cli("assess", "--profile", MID, "--brag", BRAG, "--format", "json").json()
    raters = {rater for c in data["competencies"] for rater in c["ratings"]}
    assert {"self", "manager", "evidence"} <= raters


@pytest.mark.parametrize(("posting", "level"), [(STAFF_POSTING, "L4"), (JUNIOR_POSTING, "L1")])
def test_postings_are_placed_at_the_level_they_ask_for(run_cli: RunCli, posting: str, level: str) -> None:
    data = run_cli("assess", "--posting", posting, "--format", "json").json()
    assert data["level"] == level == data["reading"]["level"]
    assert data["evidence"]["kind"] == "posting"
    reading = data["reading"]
    assert set(reading) == {
        "title", "level", "level_title", "probabilities", "required_years", "preferred_years", "pay", "cues",
        "decided_by", "summary",
    }  # fmt: skip
    assert reading["decided_by"] and all(reason.endswith(f"points to {level}") for reason in reading["decided_by"])
    assert all(cue["sentence"] for cue in reading["cues"])


def test_posting_with_a_person_becomes_their_target(run_cli: RunCli) -> None:
    data = run_cli("assess", "--profile", MID, "--posting", STAFF_POSTING, "--format", "json").json()
    assert data["level"] == "L2" and data["gaps"]["target"] == "L4"


def test_posting_text_view(run_cli: RunCli) -> None:
    result = run_cli("assess", "--posting", STAFF_POSTING)
    assert result.code == 0 and "asks for L4 Staff ML Engineer" in result.out
    assert "Decided by: the title (" in result.out and "What the posting says about its level" in result.out


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "PNG image"), (b"%PDF-1.7\n1 0 obj\n<<", "PDF")],
)
def test_bad_documents_are_one_line_exit_2(run_cli: RunCli, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "resume.pdf"
    path.write_bytes(content)
    result = run_cli("assess", "--resume", str(path))
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and message in result.err and str(path) in result.err


def test_unknown_kind(run_cli: RunCli) -> None:
    result = run_cli("evidence", RESUME_MD, "--kind", "letter")
    assert result.code == 2 and "unknown --kind 'letter'" in result.err


def test_batch_jsonl_places_each_document_and_skips_bad_rows(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "staff", "text": Path(STAFF_POSTING).read_text(encoding="utf-8")}),
        "not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "resume", "text": Path(RESUME_MD).read_text(encoding="utf-8")}),
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("batch", str(source), "--format", "jsonl")
    assert result.code == 0, result.err
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [record["id"] for record in records] == ["staff", "resume"]
    assert records[0]["kind"] == "posting" and records[0]["level"] == "L4"
    assert {"id", "level", "probabilities", "skills"} <= set(records[1]) and "python" in records[1]["skills"]
    assert f"{source}:2: not JSON" in result.err and f"{source}:3" in result.err
    assert "2 placed, 2 skipped" in result.err


def test_batch_csv_with_named_columns(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "postings.csv"
    with source.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["posting_id", "body"])
        writer.writerow(["p1", Path(JUNIOR_POSTING).read_text(encoding="utf-8")])
        writer.writerow(["p2", ""])
    result = run_cli("batch", str(source), "--id-column", "posting_id", "--text-column", "body", "--kind", "posting")
    assert result.code == 0, result.err
    (record,) = [json.loads(line) for line in result.out.splitlines()]
    assert record["id"] == "p1" and record["level"] == "L1"
    assert "1 placed, 1 skipped" in result.err
    missing = run_cli("batch", str(source), "--text-column", "nope")
    assert missing.code == 2 and "no column 'nope'" in missing.err


def test_a_text_with_nothing_of_a_posting_is_refused_as_one(run_cli: RunCli, tmp_path: Path) -> None:
    poem = tmp_path / "poem.txt"
    poem.write_text("The sea is wide.\nThe gulls are loud.\n", encoding="utf-8")
    result = run_cli("assess", "--posting", str(poem))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "poem.txt: does not read like a job posting" in result.err and "--resume" in result.err
