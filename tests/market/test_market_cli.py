"""``mlladder market``: its four formats, --by, --salaries, and bad input (one line, exit 2, nothing written)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.conftest import ROOT, SHARED, RunCli

SALARIES = SHARED / "data" / "aijobs-salaries" / "salaries_2025-01-19.csv"
SAMPLE = ROOT / "examples" / "market" / "postings.parquet"


def assert_one_line(result: object, *words: str) -> None:
    err = result.err  # type: ignore[attr-defined]
    assert result.code == 2, err  # type: ignore[attr-defined]
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


def test_text_report_has_every_section(run_cli: RunCli, known_file: Path) -> None:
    result = run_cli("market", str(known_file))
    assert result.code == 0, result.err
    for title in ("Level mix", "Skill demand by level", "Rising skills", "Falling skills", "Skills that go together"):
        assert f"\n{title}\n" in result.out
    assert re.search(r"L3\s+kubernetes\s+40/100\s+40\.0%\s+30\.9-49\.8%\s+30\.0%\s+10", result.out)
    assert "quantum-widgets" in result.out


def test_json_report_by_month(run_cli: RunCli, known_file: Path) -> None:
    data = run_cli("market", str(known_file), "--by", "month", "--format", "json").json()
    assert data["by"] == "month"
    llms = {row["group"]: row["share"] for row in data["demand"] if row["skill"] == "llms"}
    assert llms == {"2025-01": 0.1, "2025-02": 0.2, "2025-03": 0.3}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_heading = tag in ("h1", "h2")

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self.headings.append(data)
            self._in_heading = False


def test_html_report_is_one_page_with_charts(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "market.html"
    result = run_cli("market", str(SAMPLE), "--format", "html", "--out", str(out))
    assert result.code == 0 and result.out == ""
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert "Ladder against market" in page.headings and "Level mix" in page.headings
    assert page.tags.count("svg") >= 3  # demand bars, trend lines, heatmap
    assert "polyline" in page.tags and "script" not in page.tags


def test_markdown_report_has_tables(run_cli: RunCli) -> None:
    result = run_cli("market", str(SAMPLE), "--format", "md", "--by", "specialisation")
    assert result.code == 0
    assert "## Skill demand by specialisation" in result.out
    assert "| specialisation | skill | asking |" in result.out


@pytest.mark.skipif(not SALARIES.is_file(), reason="the shared salary data is not on this machine")
def test_salaries_add_pay_over_time(run_cli: RunCli, known_file: Path) -> None:
    data = run_cli("market", str(known_file), "--format", "json", "--salaries", str(SALARIES)).json()
    rows = data["pay_over_time"]
    senior_2024 = next(row for row in rows if (row["year"], row["level"], row["region"]) == (2024, "L3", "ALL"))
    assert senior_2024["experience_level"] == "SE" and senior_2024["reports"] >= 30
    assert senior_2024["p25"] <= senior_2024["median"] <= senior_2024["p75"]
    assert all(row["reports"] >= 30 for row in rows)


def test_a_salaries_file_without_the_columns_is_one_line(run_cli: RunCli, known_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    assert_one_line(run_cli("market", str(known_file), "--salaries", str(other)), str(other), "work_year", "fix:")


def test_wrong_by_and_format_are_one_line(run_cli: RunCli, known_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    assert_one_line(run_cli("market", str(known_file), "--by", "country", "--out", str(out)), "--by", "region")
    assert_one_line(run_cli("market", str(known_file), "--format", "pdf"), "--format", "html")
    assert_one_line(run_cli("market", str(known_file), "--min-share", "2"), "--min-share")
    assert not out.exists()


def test_a_corrupt_parquet_file_is_named(run_cli: RunCli, known_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(known_file.read_bytes()[:-100])  # the footer cut off, as by a copy that died
    assert_one_line(run_cli("market", str(broken)), str(broken), "not a readable Parquet file", "fix:")
    text = tmp_path / "notes.parquet"
    text.write_text("not parquet at all", encoding="utf-8")
    assert_one_line(run_cli("market", str(text)), str(text))


def test_a_parquet_file_of_something_else_is_named(run_cli: RunCli, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"x": [1, 2]}), other)
    assert_one_line(run_cli("market", str(other)), str(other), "no column id, level, skills")


def test_a_folder_with_a_bad_part_is_refused_unless_told_to_skip_it(run_cli: RunCli, known_folder: Path) -> None:
    bad = known_folder / "part-00001.parquet"
    bad.write_bytes(b"PAR1 damaged")
    assert_one_line(run_cli("market", str(known_folder)), str(bad), "--skip-bad")
    skipped = run_cli("market", str(known_folder), "--skip-bad", "--format", "json")
    assert skipped.code == 0, skipped.err
    data = skipped.json()
    assert data["overview"]["postings"] == 100  # the two good parts of three
    assert len(data["skipped_files"]) == 1 and str(bad) in data["skipped_files"][0]


def test_missing_paths_are_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    assert_one_line(run_cli("market", str(tmp_path / "nowhere.parquet")), "no such file")
    (tmp_path / "empty").mkdir()
    assert_one_line(run_cli("market", str(tmp_path / "empty")), "no .parquet files")


def test_without_the_extra_the_command_says_what_to_install(tmp_path: Path, known_file: Path) -> None:
    # A real process in which DuckDB cannot be imported, as on an install without the 'market' extra.
    code = (
        "import sys; sys.modules['duckdb'] = None; from mlladder.cli import main; "
        f"sys.exit(main(['market', {str(known_file)!r}]))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("(fix: pip install 'mlladder[market]')")
    assert result.stderr.count("\n") == 1
