"""``mlladder batch --dask``: the sample postings placed on a real LocalCluster (worker processes on this machine)
give the same rows as the single-process batch; a worker killed mid-run loses no row and duplicates none; bad
input and unreachable schedulers get one line."""

from __future__ import annotations

import csv
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest
from tests.conftest import RunCli

from mlladder.assess.batch import level_probabilities
from mlladder.evidence.document import Document
from mlladder.evidence.model import Evidence
from mlladder.framework.load import builtin_framework
from mlladder.framework.schema import Framework
from mlladder.market.distributed import PartitionDone, Recipe, dask_client, partitions, place_on_cluster
from mlladder.market.resume import RUN_FILE

distributed = pytest.importorskip("distributed")

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "market" / "postings.jsonl"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two worker processes of one thread each, as ``--dask local:2`` starts, shared by the tests of this module."""
    with dask_client("local:2") as started:
        yield started


def sample(count: int, skip: int = 0) -> list[dict[str, Any]]:
    with SAMPLE.open(encoding="utf-8") as stream:
        return [json.loads(line) for _, line in zip(range(skip + count), stream, strict=False)][skip:]


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    """Postings as JSONL (with a line that is not JSON and one with empty text) and as CSV (one empty text)."""
    lines = [json.dumps(posting) for posting in sample(46)]
    lines[10:10] = ["{not json", json.dumps({"id": "blank", "text": " "})]
    postings = tmp_path / "postings.jsonl"
    postings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = tmp_path / "more.csv"
    with table.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, ["id", "date", "company", "location", "text"])
        writer.writeheader()
        writer.writerows(sample(24, skip=46))
        writer.writerow({"id": "no-text", "text": ""})
    return [postings, table]


def rows_by_id(path: Path) -> list[dict[str, Any]]:
    return sorted(pq.read_table(path).to_pylist(), key=lambda row: (row["id"], row["line"]))


def test_dask_dataset_equals_the_single_process_rows(run_cli: RunCli, client: Any, inputs: list[Path]) -> None:
    singles = []
    for number, source in enumerate(inputs):
        single = source.parent / f"single-{number}.parquet"
        assert run_cli("batch", str(source), "--out", str(single)).code == 0
        singles += rows_by_id(single)
    out = inputs[0].parent / "dataset"
    address = client.scheduler.address
    result = run_cli("batch", *map(str, inputs), "--out", f"{out}/", "--dask", address, "--partition-records", "10")
    assert result.code == 0, result.err
    assert result.out == ""
    assert "70 placed, 3 skipped" in result.err and "(8 of 8 parts, 2 workers" in result.err
    for problem in ("postings.jsonl:11: not JSON", "postings.jsonl:12: empty text", "more.csv: record 25: empty"):
        assert f"skipped: {inputs[0].parent}/{problem}" in result.err
    parts = sorted(path.name for path in out.iterdir())
    assert parts == [RUN_FILE, *(f"part-{index:05d}.parquet" for index in range(8))]  # 5 of 48 lines, 3 of 25
    assert rows_by_id(out) == sorted(singles, key=lambda row: (row["id"], row["line"]))
    market = run_cli("market", str(out), "--format", "json")
    assert market.code == 0, market.err
    assert json.loads(market.out)["overview"]["postings"] == 70


def slow_place(document: Document, evidence: Evidence, framework: Framework) -> np.ndarray:
    """The assessment's placement, slowed so that a worker can be killed while it is in the middle of a partition."""
    time.sleep(0.03)
    return level_probabilities(document, evidence, framework)


def kill_a_busy_worker(client: Any) -> int:
    """Kills (SIGKILL, no clean-up) the process of a worker that is running a partition; returns its PID."""
    for _ in range(100):
        busy = [address for address, tasks in client.processing().items() if tasks]
        if busy:
            pid: int = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            return pid
        time.sleep(0.05)
    raise AssertionError("no worker was running a partition")


def test_a_worker_killed_mid_run_loses_no_rows_and_duplicates_none(client: Any, tmp_path: Path) -> None:
    source = tmp_path / "postings.jsonl"
    source.write_text("".join(json.dumps(posting) + "\n" for posting in sample(60)), encoding="utf-8")
    work = partitions([source], 10, None, None)
    killed: list[int] = []

    def kill_once(done: PartitionDone) -> None:
        if not killed:
            killed.append(kill_a_busy_worker(client))

    out = tmp_path / "dataset"
    out.mkdir()
    run = place_on_cluster(client, work, Recipe(slow_place), builtin_framework(), out, kill_once)
    assert killed, "the test killed no worker"
    assert (run.placed, run.written, run.failed) == (60, 6, ())
    ids = pq.read_table(out).column("id").to_pylist()
    assert sorted(ids) == sorted(posting["id"] for posting in sample(60))  # each row once
    names = sorted(path.name for path in out.iterdir())
    assert names == [f"part-{index:05d}.parquet" for index in range(6)]  # no temporary file of the killed worker


def test_a_partition_that_cannot_be_written_fails_alone(client: Any, tmp_path: Path) -> None:
    source = tmp_path / "postings.jsonl"
    source.write_text("".join(json.dumps(posting) + "\n" for posting in sample(30)), encoding="utf-8")
    out = tmp_path / "dataset"
    (out / "part-00001.parquet").mkdir(parents=True)  # where partition 1 should go, a folder stands
    work = partitions([source], 10, None, None)
    run = place_on_cluster(client, work, Recipe(level_probabilities), builtin_framework(), out)
    assert (run.placed, run.written) == (20, 2)
    assert len(run.failed) == 1 and run.failed[0].startswith("part-00001.parquet (") and "is a folder" in run.failed[0]
    kept = pq.read_table([out / "part-00000.parquet", out / "part-00002.parquet"]).column("line").to_pylist()
    assert sorted(kept) == [*range(1, 11), *range(21, 31)]
    assert not any(path.name.endswith(".tmp") for path in out.iterdir())


def test_an_unreachable_scheduler_is_one_line(run_cli: RunCli, inputs: list[Path]) -> None:
    out = inputs[0].parent / "dataset"
    result = run_cli("batch", str(inputs[0]), "--out", f"{out}/", "--dask", "tcp://127.0.0.1:1")
    assert result.code == 2
    assert result.err.startswith("error: --dask tcp://127.0.0.1:1: no scheduler answered within 5 s (fix: ")
    assert len(result.err.strip().splitlines()) == 1
    assert not list(out.glob("part-*")) and not (out / RUN_FILE).exists()  # a run that never began records nothing


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((), "--dask writes a dataset folder, one part file a partition (fix: pass --out DIR/)"),
        (("--out", "rows.parquet"), "--dask writes a dataset folder"),
        (("--out", "rows/", "--partition-records", "0"), "--partition-records 0: must be at least 1"),
    ],
)
def test_dask_options_that_cannot_work_are_refused(
    run_cli: RunCli, inputs: list[Path], monkeypatch: pytest.MonkeyPatch, arguments: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(inputs[0].parent)
    result = run_cli("batch", str(inputs[0]), "--dask", "local:2", *arguments)
    assert (result.code, result.out) == (2, "")
    assert message in result.err and len(result.err.strip().splitlines()) == 1


def test_several_files_without_dask_are_refused(run_cli: RunCli, inputs: list[Path]) -> None:
    result = run_cli("batch", *map(str, inputs))
    assert result.code == 2
    assert "2 input files: without --dask, one at a time (fix: pass --dask local, or one FILE)" in result.err


def test_dask_without_the_extra_says_what_to_install(
    run_cli: RunCli, inputs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if Dask were not installed: importing it fails
    result = run_cli("batch", str(inputs[0]), "--out", f"{inputs[0].parent}/dataset/", "--dask", "local:1")
    assert result.code == 2
    assert result.err.strip() == "error: --dask needs Dask's distributed scheduler (fix: pip install 'mlladder[dask]')"
    assert not (inputs[0].parent / "dataset" / RUN_FILE).exists()


def test_local_cluster_from_the_command_line(run_cli: RunCli, inputs: list[Path]) -> None:
    out = inputs[1].parent / "local"
    result = run_cli("batch", str(inputs[1]), "--out", f"{out}/", "--dask", "local:1", "--partition-records", "100")
    assert result.code == 0, result.err
    assert "24 placed, 1 skipped" in result.err and "(1 of 1 parts, 1 workers" in result.err
    assert pq.read_table(out).num_rows == 24


# -- resuming a run ------------------------------------------------------------------------------------------------


def dask_run(run_cli: RunCli, client: Any, inputs: list[Path], out: Path, *more: str) -> Any:
    address = client.scheduler.address
    return run_cli(
        "batch", *map(str, inputs), "--out", f"{out}/", "--dask", address, "--partition-records", "10", *more
    )


def test_resume_runs_only_the_missing_and_unreadable_parts(run_cli: RunCli, client: Any, inputs: list[Path]) -> None:
    out = inputs[0].parent / "dataset"
    assert dask_run(run_cli, client, inputs, out).code == 0
    whole = rows_by_id(out)
    (out / "part-00002.parquet").unlink()  # as if the run had stopped before it
    (out / "part-00006.parquet").write_bytes(b"PAR1 damaged")  # and this one were damaged since
    untouched = (out / "part-00000.parquet").stat().st_mtime_ns
    again = dask_run(run_cli, client, inputs, out)
    assert again.code == 2 and "pass --resume to go on with the run that wrote them)" in again.err  # never mixed
    result = dask_run(run_cli, client, inputs, out, "--resume")
    assert result.code == 0, result.err
    assert "(2 of 2 parts, 6 kept from before, 2 workers" in result.err
    assert "20 placed, 0 skipped" in result.err  # the skipped lines and record are in parts 1 and 7, kept
    assert rows_by_id(out) == whole
    assert (out / "part-00000.parquet").stat().st_mtime_ns == untouched


def test_a_failed_run_says_how_to_resume(client: Any, run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "postings.jsonl"
    source.write_text("".join(json.dumps(posting) + "\n" for posting in sample(30)), encoding="utf-8")
    out = tmp_path / "dataset"
    first = dask_run(run_cli, client, [source], out)
    assert first.code == 0, first.err
    (out / "part-00001.parquet").unlink()
    (out / "part-00001.parquet").mkdir()  # a folder where part 1 goes: that partition cannot be written
    failed = dask_run(run_cli, client, [source], out, "--resume")
    assert failed.code == 2
    assert (
        failed.err.strip()
        .splitlines()[-1]
        .endswith(
            "1 of 3 partitions failed (listed above), the part files written are complete (fix: remove the cause, then "
            "run the same command with --resume to run only the missing parts)"
        )
    )
    (out / "part-00001.parquet").rmdir()
    fixed = dask_run(run_cli, client, [source], out, "--resume")
    assert fixed.code == 0, fixed.err
    assert "10 placed, 0 skipped" in fixed.err and pq.read_table(out).num_rows == 30


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("input", "postings.jsonl changed since the run began"),
        ("records", "the run began with --partition-records 10, not 20"),
        ("files", "the run began with other input files"),
        ("column", "the run began with text column found by its usual names"),
        ("no record", "holds no record of a batch run"),
    ],
)
def test_resume_refuses_a_run_that_is_not_the_same(
    run_cli: RunCli, client: Any, inputs: list[Path], change: str, message: str
) -> None:
    out = inputs[0].parent / "dataset"
    assert dask_run(run_cli, client, inputs, out).code == 0
    more: tuple[str, ...] = ()
    files = inputs
    if change == "input":
        with inputs[0].open("a", encoding="utf-8") as stream:
            stream.write(json.dumps({"id": "late", "text": "Senior ML engineer, Python"}) + "\n")
    elif change == "records":
        more = ("--partition-records", "20")  # given last, it wins over the 10 given before
    elif change == "files":
        files = inputs[:1]
    elif change == "column":
        more = ("--text-column", "text")
    else:
        (out / RUN_FILE).unlink()
    before = {path.name: path.stat().st_mtime_ns for path in out.iterdir()}
    arguments = [*map(str, files), "--out", f"{out}/", "--dask", client.scheduler.address, "--resume"]
    result = run_cli("batch", *arguments, "--partition-records", "10", *more)
    assert (result.code, result.out) == (2, "")
    assert message in result.err and len(result.err.strip().splitlines()) == 1, result.err
    assert "(fix: " in result.err
    assert {path.name: path.stat().st_mtime_ns for path in out.iterdir()} == before  # nothing written


def test_resume_needs_dask(run_cli: RunCli, inputs: list[Path]) -> None:
    result = run_cli("batch", str(inputs[0]), "--out", f"{inputs[0].parent}/rows/", "--resume")
    assert result.code == 2
    assert result.err.strip() == (
        "error: --resume goes on with a --dask run (fix: pass the --dask and --out DIR/ of that run)"
    )


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '"a text"',
        '{"version": 2}',
        '{"version": 1, "inputs": 5, "partition_records": 10, "options": [], "today": "2026-12-01"}',
        '{"version": 1, "inputs": [["a", 1]], "partition_records": 10, "options": [], "today": "2026-12-01"}',
        '{"version": 1, "inputs": [], "partition_records": "ten", "options": [], "today": "2026-13-01"}',
    ],
    ids=["not-json", "list", "text", "version", "inputs-number", "input-short", "bad-values"],
)
def test_a_damaged_run_record_is_one_line(run_cli: RunCli, inputs: list[Path], content: str) -> None:
    out = inputs[0].parent / "dataset"
    out.mkdir()
    (out / RUN_FILE).write_text(content, encoding="utf-8")
    result = run_cli("batch", str(inputs[0]), "--out", f"{out}/", "--dask", "local:1", "--resume")
    assert (result.code, result.out) == (2, "")
    assert result.err.strip() == (
        f"error: --resume: {out / RUN_FILE} is not a record of a batch run this version wrote (fix: start again "
        "into an empty folder without --resume)"
    )
    assert sorted(path.name for path in out.iterdir()) == [RUN_FILE]
