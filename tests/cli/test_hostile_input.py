"""Hostile input at every file entrance of the CLI: one line on stderr, exit 2, bounded time, nothing written.

Each case here once ended in a traceback, a hang or gigabytes of memory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from mlladder.limits import MAX_NESTING_DEPTH, MAX_NUMBER_CHARS, MAX_YAML_NODES
from mlladder.store import Store
from tests.conftest import ROOT, RunCli

PROFILE = ROOT / "examples" / "profiles" / "mid.yaml"
PROFILES = ROOT / "examples" / "profiles"
MOVE = PROFILES / "backend-to-ml.yaml"
DEPTH, DIGITS = MAX_NESTING_DEPTH, MAX_NUMBER_CHARS
RATED = "ratings: {self: {ml-fundamentals: 2}}\n"


def alias_bomb(levels: int = 8) -> str:
    """About 300 bytes that expand to 9**levels values."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
        previous = name
    return "\n".join(lines) + "\n"


def assert_one_line(result: object, fragment: str) -> None:
    code, out, err = result.code, result.out, result.err  # type: ignore[attr-defined]
    assert code == 2, (code, out, err)
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and fragment in err, err


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("bomb.yaml", alias_bomb(), f"over {MAX_YAML_NODES:,} values once its aliases (*name) are expanded"),
        ("deep.json", '{"ratings": ' + "[" * 2000 + "]" * 2000 + "}", f"nesting deeper than {MAX_NESTING_DEPTH}"),
        (
            "deep.yaml",
            "ratings: " + "[" * 500 + "]" * 500 + "\n",
            f"deep.yaml:1: nesting deeper than {MAX_NESTING_DEPTH} ",
        ),
        ("number.json", '{"years_experience": ' + "9" * 5000 + "}", "number.json:1: a number of 5000 digits"),
        (
            "number.yaml",
            "years_experience: " + "9" * 5000 + "\n",
            f"a number of 5000 characters (fix: write at most {MAX_NUMBER_CHARS})",
        ),
        ("nan.json", '{"years_experience": NaN}', "NaN is not a JSON number"),
        ("date.yaml", "in_level_since: 2024-02-30\n" + RATED, "date.yaml:1: '2024-02-30' is not a valid date"),
        ("evidence.yaml", "evidence: 5\n" + RATED, "evidence: expected a list, got 5"),
        ("skills.yaml", "skills: 5\n" + RATED, "skills: expected a list, got 5"),
        ("hours.yaml", "weekly_hours: 0.000001\n" + RATED, "weekly_hours: input should be greater than or equal to 1"),
        ("future.yaml", "in_level_since: 2999-01-01\n" + RATED, "in_level_since: 2999-01-01 is in the future"),
        (
            "won.yaml",
            "evidence: [{text: Shipped it, date: 9999-01-01}]\n" + RATED,
            "evidence[0].date: 9999-01-01 is in",
        ),
    ],
)
def test_bad_profiles_are_one_line(run_cli: RunCli, tmp_path: Path, name: str, content: str, fragment: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert_one_line(run_cli("assess", "--profile", str(path)), fragment)


def test_an_alias_bomb_is_refused_as_a_framework_too(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "ladder.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    result = run_cli("ladder", "validate", str(path))
    assert result.code == 1 and "aliases (*name) are expanded" in result.out
    assert_one_line(run_cli("ladder", "--framework", str(path)), "aliases (*name) are expanded")


def test_aliases_that_share_a_little_are_still_fine(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text("ratings:\n  self: &same {ml-fundamentals: 2, mlops: 2}\n  manager: *same\n", encoding="utf-8")
    result = run_cli("profile", "validate", str(path))
    assert result.code == 0, result.out


def test_control_characters_are_dropped_from_profiles(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text('name: "Ana \\e[31mRed\\e[0m\\x00"\n' + RATED, encoding="utf-8")
    result = run_cli("assess", "--profile", str(path), "--format", "json")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and result.json()["name"] == "Ana [31mRed[0m"


@pytest.mark.parametrize("kind", ["device", "pipe", "folder"])
def test_special_files_are_refused_before_reading(run_cli: RunCli, tmp_path: Path, kind: str) -> None:
    target = {"device": Path("/dev/zero"), "pipe": tmp_path / "pipe", "folder": tmp_path / "folder"}[kind]
    if kind == "pipe":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    what = "is a folder" if kind == "folder" else "is a pipe or a device, not a regular file"
    assert_one_line(run_cli("assess", "--profile", str(target)), f"profile file {what}")
    assert_one_line(run_cli("ladder", "--framework", str(target)), f"framework file {what}")
    assert_one_line(run_cli("import", str(target), "--db", str(tmp_path / "x.db")), f"export file {what}")
    assert_one_line(run_cli("batch", str(target)), f"batch file {what}")
    assert_one_line(run_cli("assess", "--batch", str(target), "--format", "jsonl"), f"batch file {what}")
    assert_one_line(run_cli("evidence", str(target)), f"{target}: file {what}")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--hours", "0.0001"], "weekly hours must be 1 to 80, got 0.0001"),
        (["--hours", "81"], "weekly hours must be 1 to 80, got 81"),
        (["--start", "9999-12-31"], "start date 9999-12-31 is out of range"),
        (["--start", "1900-01-01"], "start date 1900-01-01 is out of range"),
    ],
)
def test_plan_options_out_of_range(run_cli: RunCli, args: list[str], fragment: str) -> None:
    assert_one_line(run_cli("plan", "--profile", str(PROFILE), *args), fragment)


def test_a_plan_may_start_years_ahead(run_cli: RunCli) -> None:
    start = dt.date.today().replace(day=1) + dt.timedelta(days=365 * 5)
    result = run_cli("plan", "--profile", str(PROFILE), "--start", start.isoformat(), "--format", "json")
    assert result.code == 0 and result.json()["start"] == start.isoformat()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"format": "mlladder-person", "x": ' + "[" * 3000 + "]" * 3000 + "}", "nesting deeper than"),
        ('{"format": "mlladder-person", "n": ' + "9" * 5000 + "}", "a number of 5000 digits"),
        ("{not json", "x.json:1: JSON syntax error"),
        (
            '{"format": "mlladder-person", "format_version": 1, "person": {"id": 1, "name": "x", "created_at": '
            '"2024-01-01T00:00:00"}, "assessments": [], "documents": [], "journal": [], "plans": []}',
            "person.created_at: Input should have timezone info",
        ),
    ],
)
def test_bad_imports_are_one_line_and_store_nothing(
    run_cli: RunCli, tmp_path: Path, content: str, fragment: str
) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    db = str(tmp_path / "store.db")
    assert_one_line(run_cli("import", str(path), "--db", db), fragment)
    with Store(db) as store:
        assert store.list_people() == []


def _batch(tmp_path: Path, lines: list[bytes], name: str = "rows.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


HOSTILE_ROWS = [
    b'{"id": "deep", "text": ' + b"[" * 3000 + b"]" * 3000 + b"}",
    b'{"id": ' + b"9" * 5000 + b', "text": "Python engineer"}',
    b'{"id": NaN, "text": "Python engineer"}',
    b'{"id": "caf\xe9", "text": "Python"}',
]


def test_document_batch_skips_hostile_rows_and_writes_valid_json(run_cli: RunCli, tmp_path: Path) -> None:
    good = b'{"id": "ok", "text": "Senior ML engineer. Built Python and PyTorch models."}'
    surrogate = b'{"id": "s\\ud800", "text": "Lone \\ud800 surrogate in Python text"}'
    result = run_cli("batch", str(_batch(tmp_path, [good, *HOSTILE_ROWS, surrogate, good])))
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert [row["id"] for row in rows] == ["ok", "s", "ok"]
    assert "Traceback" not in result.err
    assert "3 placed, 4 skipped" in result.err
    for fragment in ("nesting deeper than", "a number of 5000 digits", "NaN is not a JSON number", "not UTF-8"):
        assert fragment in result.err


def test_profile_batch_skips_hostile_rows(run_cli: RunCli, tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "ratings": {"self": {"ml-fundamentals": 2}}}).encode()
    future = json.dumps({"id": "f", "in_level_since": "2999-01-01", **json.loads(good)}).encode()
    path = _batch(tmp_path, [good, *HOSTILE_ROWS, future, good])
    result = run_cli("assess", "--batch", str(path), "--format", "jsonl")
    assert result.code == 0, result.err
    assert [json.loads(line)["id"] for line in result.out.splitlines()] == ["ok", "ok"]
    assert "2 assessed, 5 skipped" in result.err and "is in the future" in result.err


def test_a_latin1_csv_skips_the_rows_it_cannot_read(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "postings.csv"
    path.write_bytes(b"id,text\n1,Senior ML engineer with Python\n2,Ing\xe9nieur ML avec Python\n3,Staff ML engineer\n")
    result = run_cli("batch", str(path))
    assert result.code == 0, result.err
    assert [json.loads(line)["id"] for line in result.out.splitlines()] == ["1", "3"]
    assert "record 2: not UTF-8 (fix: save the file as UTF-8)" in result.err


def test_a_line_over_the_limit_is_skipped_without_reading_it_whole(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mlladder.batch_input.MAX_BATCH_LINE_BYTES", 1000)
    long_row = b'{"id": "long", "text": "' + b"Python " * 1000 + b'"}'
    path = _batch(tmp_path, [long_row, b'{"id": "ok", "text": "Python engineer"}'])
    result = run_cli("batch", str(path))
    assert [json.loads(line)["id"] for line in result.out.splitlines()] == ["ok"]
    assert "rows.jsonl:1: line over the 1000 bytes limit" in result.err


def test_escape_sequences_a_user_typed_reach_the_terminal_as_text(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("gap", "--profile", str(PROFILE), "--target", "L\x1b[2J")
    assert_one_line(result, "has no level 'L\\x1b[2J'")
    assert "\x1b" not in result.err
    missing = tmp_path / "\x1b]0;title\x07.yaml"
    result = run_cli("profile", "validate", str(missing))
    assert "\x1b" not in result.err + result.out and "\\x1b]0;title\\x07.yaml" in result.err + result.out


GUIDANCE_COMMANDS = [
    ["guide"],
    ["diagnose"],
    ["move"],
    ["pay"],
    ["interview", "--list", "--level", "L3"],
]
HOSTILE_PROFILES = [
    ("bomb.yaml", alias_bomb(), "aliases (*name) are expanded"),
    ("deep.json", '{"ratings": ' + "[" * 2000 + "]" * 2000 + "}", f"nesting deeper than {MAX_NESTING_DEPTH}"),
    ("empty.yaml", "", "empty.yaml"),
    ("text.yaml", "just a sentence\n", "text.yaml"),
    ("binary.yaml", "\x00\x01\x02\xff" * 64, "binary.yaml"),
    ("list.yaml", "- 1\n- 2\n", "list.yaml"),
    ("goal.yaml", "goal: {kind: teleport}\n" + RATED, "goal.kind"),
    ("reviews.yaml", "promotion_reviews: [{date: 2024-01-01, outcome: maybe}]\n" + RATED, "promotion_reviews"),
    ("sponsor.yaml", "sponsor: perhaps\n" + RATED, "sponsor"),
    ("region.yaml", "region: Narnia\n" + RATED, "region"),
]


@pytest.mark.parametrize("command", GUIDANCE_COMMANDS, ids=lambda command: command[0])
@pytest.mark.parametrize(("name", "content", "fragment"), HOSTILE_PROFILES, ids=[case[0] for case in HOSTILE_PROFILES])
def test_every_guidance_command_refuses_a_hostile_profile_in_one_line(
    run_cli: RunCli, tmp_path: Path, command: list[str], name: str, content: str, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1"))  # one byte per character: the binary case keeps its bytes above 0x7f
    extra = ["--db", str(tmp_path / "practice.db")] if command[0] == "interview" else []
    assert_one_line(run_cli(*command, "--profile", str(path), *extra), fragment)
    assert not (tmp_path / "practice.db").exists() or command[0] == "interview"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["guide", "--profile", str(PROFILE), "--target", "Z9"], "Z9"),
        (["guide", "--profile", str(PROFILE), "--target", "x" * 5000], "has no level 'xxxxxxxx"),
        (["guide", "--profile", str(PROFILE), "--region", "\x1b[31mUS"], "(fix: use a two-letter country code."),
        (["guide", "--profile", str(PROFILE), "--region", "ZZ"], "ZZ"),
        (["guide", "--profile", str(PROFILE), "--format", "xml"], "--format"),
        (["move", "--profile", str(MOVE), "--region", "Narnia"], "Narnia"),
        (["move", "--profile", str(PROFILES / "new-graduate.yaml"), "--region", "Narnia"], "Narnia"),
        (["diagnose", "--profile", str(ROOT / "missing.yaml")], "missing.yaml"),
        (["diagnose", "--profile", str(ROOT)], "folder"),
        (["pay", "--profile", str(PROFILE), "--target", "L9"], "L9"),
        (["interview", "--list", "--level", "L3", "--competency", "juggling"], "juggling"),
        (["interview", "--list", "--level", "\x00"], "has no level '\\x00'"),
        (["interview", "--level", "L3", "--count", "0"], "--count"),
        (["interview", "--level", "L3", "--count", "51"], "--count"),
        (["interview", "--level", "L3", "--time-limit", "0"], "--time-limit"),
        (["interview", "--level", "L3", "--time-limit", "nan"], "--time-limit"),
    ],
)
def test_bad_flags_of_the_guidance_commands_are_one_line(
    run_cli: RunCli, tmp_path: Path, args: list[str], fragment: str
) -> None:
    extra = ["--db", str(tmp_path / "practice.db")] if args[0] == "interview" else []
    result = run_cli(*args, *extra)
    assert_one_line(result, fragment)
    assert "\x1b" not in result.err and "\x00" not in result.err and len(result.err) < 400
