"""``mlladder interview`` through the real entry point, with answers on stdin and a real SQLite file."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest

from mlladder.store import Store
from tests.conftest import ROOT, RunCli


class SlowInput(io.StringIO):
    """Typed input whose first line arrives after ``delay`` seconds: an answer that takes its time."""

    def __init__(self, text: str, delay: float) -> None:
        super().__init__(text)
        self.delay = delay

    def readline(self, size: int | None = -1, /) -> str:  # type: ignore[override]
        if self.delay:
            time.sleep(self.delay)
            self.delay = 0
        return super().readline(-1 if size is None else size)


def typed(monkeypatch: pytest.MonkeyPatch, text: str, delay: float = 0) -> None:
    monkeypatch.setattr("sys.stdin", SlowInput(text, delay))


def answers_in(db: Path) -> list[tuple[str, int, bool, str | None]]:
    with Store(str(db)) as store:
        saved = store.list_practice(store.default_person().id)
    return [(answer.question_id, answer.rating, answer.timed_out, answer.notes) for answer in saved]


def test_a_session_saves_every_rated_answer(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "practice.db"
    typed(monkeypatch, "Watch drift\nretrain\n\n9\n3\n\n1\n")
    result = run_cli("interview", "--level", "L3", "--competency", "mlops", "--count", "2", "--db", str(db))
    assert result.code == 0, result.err
    saved = answers_in(db)
    assert [(rating, timed_out) for _, rating, timed_out, _ in saved] == [(3, False), (1, False)]
    assert saved[0][3] == "Watch drift\nretrain" and saved[1][3] is None
    assert "Question 1/2 (mlops," in result.out and "A strong answer covers:" in result.out
    assert "Type a whole number from 0 to 4." in result.out  # 9 was asked again
    assert "Done: 2 answers saved." in result.out


def test_input_ending_mid_session_keeps_earlier_answers_and_exits_2(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "practice.db"
    typed(monkeypatch, "first answer\n\n4\nsecond, unfinished\n")
    result = run_cli("interview", "--level", "L2", "--count", "3", "--db", str(db))
    assert result.code == 2
    assert result.err.strip() == f"stopped: 1 answer saved in {db}; the question left open was not saved"
    assert [(rating, notes) for _, rating, _, notes in answers_in(db)] == [(4, "first answer")]


def test_an_answer_past_the_time_limit_is_saved_as_timed_out(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "practice.db"
    typed(monkeypatch, "took too long\n\n4\n", delay=1.3)
    result = run_cli("interview", "--level", "L1", "--count", "1", "--time-limit", "1", "--db", str(db))
    assert result.code == 0, result.err
    assert "Time is up:" in result.out and "saved as timed out" in result.out
    [(_, rating, timed_out, _)] = answers_in(db)
    assert (rating, timed_out) == (4, True)


def test_a_weak_answer_comes_back_first_in_the_next_session(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "practice.db"
    typed(monkeypatch, "\n4\n\n0\n")
    assert run_cli("interview", "--level", "L3", "--count", "2", "--db", str(db)).code == 0
    strong, weak = (question for question, _, _, _ in answers_in(db))
    typed(monkeypatch, "\n3\n\n3\n")
    assert run_cli("interview", "--level", "L3", "--count", "2", "--db", str(db)).code == 0
    third, fourth = (question for question, _, _, _ in answers_in(db)[2:])
    assert third == weak  # box 1: due at once
    assert strong not in (third, fourth)  # box 2: not due for two days


def test_history_shows_topic_strength_and_what_is_due(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "practice.db"
    typed(monkeypatch, "\n0\n")
    run_cli("interview", "--level", "L3", "--competency", "business-impact", "--count", "1", "--db", str(db))
    data = run_cli("interview", "--history", "--db", str(db), "--format", "json").json()
    [level] = data["levels"]
    assert (level["level"], level["answers"]) == ("L3", 1)
    practised = [topic for topic in level["topics"] if topic["practised"]]
    assert "business-impact" in {topic["competency"] for topic in practised}
    assert level["topics"][: len(practised)] == practised  # weakest first, unpractised after
    assert all((topic["strength"], topic["weak"], topic["due"]) == (0.0, True, 1) for topic in practised)
    assert all(topic["strength"] is None and not topic["weak"] for topic in level["topics"][len(practised) :])
    assert level["due_next"][0]["due_now"] is True
    text = run_cli("interview", "--history", "--level", "L3", "--db", str(db))
    assert text.code == 0 and "L3: 1 answer" in text.out and "weak  1 due" in text.out and "due now" in text.out
    empty = run_cli("interview", "--history", "--db", str(tmp_path / "new.db"))
    assert empty.out == "No practice yet. Start with: mlladder interview --level L3\n"


def test_the_list_shows_questions_by_competency_with_the_profile_gaps_first(run_cli: RunCli) -> None:
    profile = str(ROOT / "examples" / "profiles" / "mid.yaml")
    data = run_cli("interview", "--level", "L3", "--list", "--profile", profile, "--format", "json").json()
    assert data["focus"] and data["groups"][0]["competency"] == data["focus"][0] and data["groups"][0]["focus"]
    assert ".txt" not in str(data)
    text = run_cli("interview", "--level", "L3", "--list", "--competency", "mlops")
    assert text.code == 0 and "MLOps and production (a gap)" in text.out
    assert "written for this ladder]" in text.out and "from “Career Path: ML Engineer" in text.out
    assert "Deep learning" not in text.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--level", "L9"], "framework 'ml-engineer' has no level 'L9'"),
        (["--level", "L3", "--competency", "juggling"], "has no competency 'juggling'"),
        (["--level", "L3", "--time-limit", "0"], "--time-limit: 0 is out of range (fix: give 1 to 3600 seconds)"),
        (["--level", "L3", "--time-limit", "3601"], "--time-limit: 3601 is out of range"),
        (["--level", "L3", "--count", "0"], "--count: 0 is out of range (fix: give 1 to 50 questions)"),
        (["--level", "L3", "--format", "json"], "a practice session is not data (fix: add --list or --history)"),
        ([], "--level: missing (fix: name the level to practise, e.g. --level L3)"),
        (["--history", "--level", "Z1"], "has no level 'Z1'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    typed(monkeypatch, "\n3\n")
    result = run_cli("interview", *args, "--db", str(tmp_path / "bad.db"))
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: ") and message in result.err and result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_an_unreadable_database_is_named_with_a_fix(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are my notes, not a database\n" * 20)
    typed(monkeypatch, "\n3\n")
    for args in (["--level", "L3"], ["--history"]):
        result = run_cli("interview", *args, "--db", str(not_a_db))
        assert result.code == 2 and str(not_a_db) in result.err and "fix:" in result.err
        assert result.err.count("\n") == 1
    assert not_a_db.read_text().startswith("these are my notes")


def documented_keys(heading: str) -> set[str]:
    text = (ROOT / "docs" / "interview.md").read_text(encoding="utf-8")
    section = text.split(f"### `{heading}`")[1].split("\n### ")[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))


def test_the_json_keys_are_the_documented_ones(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = run_cli("interview", "--level", "L1", "--list", "--format", "json").json()
    assert documented_keys("mlladder interview --list --format json") == set(listing)
    db = tmp_path / "practice.db"
    typed(monkeypatch, "\n2\n")
    run_cli("interview", "--level", "L1", "--count", "1", "--db", str(db))
    [level] = run_cli("interview", "--history", "--db", str(db), "--format", "json").json()["levels"]
    assert documented_keys("mlladder interview --history --format json") == set(level)
