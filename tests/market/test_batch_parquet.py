"""``mlladder batch --out``: real postings through the real extraction into Parquet and JSONL files."""

from __future__ import annotations

import csv
import json
import re
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import RunCli
from tests.market.conftest import known_row

from mlladder import Framework
from mlladder.market.parquet import write_rows
from mlladder.market.rows import SourceColumns, date_of, region_of, row_schema

POSTING = """Senior Machine Learning Engineer

Requirements:
- 5+ years of experience building ML systems
- Strong Python and Kubernetes

Nice to have:
- Experience with Ray

Responsibilities:
- You will lead projects and mentor engineers.

Salary: $180,000 - $220,000 per year
"""


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_batch_writes_one_row_per_posting_with_sections_and_source_fields(run_cli: RunCli, tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "postings.jsonl",
        [
            {"id": 7, "text": POSTING, "date": "2025-03-14", "company": "Example Co", "location": "Austin, TX"},
            {"id": "b", "text": POSTING, "posted": "2025-04", "city": "Berlin, Germany"},
            {"id": "bad", "text": ""},
        ],
    )
    out = tmp_path / "rows.parquet"
    result = run_cli("batch", str(source), "--out", str(out), "--kind", "posting")
    assert result.code == 0, result.err
    assert result.out == ""  # stdout stays clean when writing a file
    assert "2 placed, 1 skipped" in result.err
    table = pq.read_table(out)
    assert table.schema.equals(row_schema(), check_metadata=False)
    first, second = table.to_pylist()
    assert (first["id"], first["level"], first["years_min"]) == ("7", "L3", 5.0)
    assert (first["pay_min"], first["pay_max"], first["pay_currency"]) == (180_000.0, 220_000.0, "USD")
    sections = {item["skill"]: item["section"] for item in first["skills"]}
    assert (sections["python"], sections["kubernetes"], sections["ray"]) == ("required", "required", "preferred")
    assert {signal["kind"] for signal in first["scope"]} >= {"led", "mentored"}
    assert (str(first["date"]), first["company"], first["location"], first["region"]) == (
        "2025-03-14",
        "Example Co",
        "Austin, TX",
        "US",
    )
    assert (str(second["date"]), second["company"], second["region"]) == ("2025-04-01", None, "DE")  # usual names
    assert sum(item["p"] for item in first["probabilities"]) == pytest.approx(1.0, abs=1e-5)


def test_csv_columns_are_named_on_the_command_line(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "postings.csv"
    with source.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["ref", "body", "when", "employer", "where"])
        writer.writerow(["x1", POSTING, "2024-11-02", "Example Co", "London, United Kingdom"])
    out = tmp_path / "rows.parquet"
    args = ["--id-column", "ref", "--text-column", "body", "--date-column", "when", "--company-column", "employer"]
    result = run_cli("batch", str(source), *args, "--location-column", "where", "--out", str(out))
    assert result.code == 0, result.err
    (row,) = pq.read_table(out).to_pylist()
    assert (row["id"], str(row["date"]), row["company"], row["region"]) == ("x1", "2024-11-02", "Example Co", "GB")


def test_jsonl_out_holds_what_stdout_would(run_cli: RunCli, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "postings.jsonl", [{"id": 1, "text": POSTING}])
    printed = run_cli("batch", str(source)).out
    result = run_cli("batch", str(source), "--out", str(tmp_path / "out.jsonl"))
    assert result.code == 0
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == printed


def test_a_dataset_folder_gets_its_first_part_and_refuses_to_mix_runs(run_cli: RunCli, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "postings.jsonl", [{"id": 1, "text": POSTING}])
    folder = tmp_path / "dataset"
    assert run_cli("batch", str(source), "--out", f"{folder}/").code == 0
    assert [path.name for path in folder.iterdir()] == ["part-00000.parquet"]
    again = run_cli("batch", str(source), "--out", f"{folder}/")
    assert again.code == 2
    assert "already holds part files" in again.err and "Traceback" not in again.err


def test_an_unknown_out_kind_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "postings.jsonl", [{"id": 1, "text": POSTING}])
    result = run_cli("batch", str(source), "--out", str(tmp_path / "rows.xlsx"))
    assert result.code == 2
    assert result.err.count("\n") == 1 and "--out" in result.err and "fix:" in result.err
    assert not (tmp_path / "rows.xlsx").exists()


def test_an_interrupted_write_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "rows.parquet"
    write_rows([known_row(0)], target)
    before = target.read_bytes()

    def failing() -> object:
        yield from (known_row(index) for index in range(5))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_rows(failing(), target, chunk_rows=2)  # type: ignore[arg-type]
    assert target.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["rows.parquet"]  # no temporary file left


def test_rows_are_written_in_chunks_and_read_back_whole(tmp_path: Path) -> None:
    target = tmp_path / "rows.parquet"
    assert write_rows((known_row(index) for index in range(25)), target, chunk_rows=10) == 25
    file = pq.ParquetFile(target)
    assert file.metadata.num_rows == 25
    assert file.metadata.num_row_groups == 3  # one record batch a chunk


@pytest.mark.parametrize(
    ("location", "region", "expected"),
    [
        ("Austin, TX", None, "US"),
        ("Berlin, Germany", None, "DE"),
        ("Remote", None, "REMOTE"),
        ("Paris, FR", None, "FR"),
        ("Somewhere", None, None),
        ("Austin, TX", "Germany", "DE"),
        (None, "gb", "GB"),
    ],
)
def test_region_of(location: str | None, region: str | None, expected: str | None) -> None:
    assert region_of(location, region) == expected


def test_dates_read_days_months_and_timestamps() -> None:
    assert str(date_of("2025-02-03T10:00:00Z")) == "2025-02-03"
    assert str(date_of("2025-02")) == "2025-02-01"
    assert date_of("2025-13-01") is None and date_of("soon") is None and date_of(20250203) is None


def test_named_columns_win_over_usual_names(ml_ladder: Framework) -> None:
    columns = SourceColumns(date="opened")
    assert columns.value({"date": "2020-01-01", "opened": "2021-01-01"}, "date") == "2021-01-01"
    assert SourceColumns().value({"Posted": "2021-05-01"}, "date") == "2021-05-01"


def test_the_progress_bar_shows_documents_a_second() -> None:
    from rich.progress import Progress

    from mlladder.cli.batch_progress import DocumentRate

    column = DocumentRate()
    with Progress(column, disable=True) as progress:
        task_id = progress.add_task("placing", total=100, documents=0)
        task = progress.tasks[0]
        assert column.render(task).plain == ""  # nothing counted yet: no rate to show
        progress.update(task_id, documents=1500)
        task.start_time = time.monotonic() - 2.0
        assert re.fullmatch(r"1,500 docs, 7\d\d/s", column.render(task).plain)
