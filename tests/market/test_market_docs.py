"""The market docs cannot drift: every key of `mlladder market --format json` is documented, and only those."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SHARED, RunCli

DOC = ROOT / "docs" / "json-output.md"
SAMPLE = ROOT / "examples" / "market" / "postings.parquet"
SALARIES = SHARED / "data" / "aijobs-salaries" / "salaries_2025-01-19.csv"


def documented() -> dict[str, set[str]]:
    """The keys of the market section's tables: "" for the top level, else the table's name."""
    section = DOC.read_text(encoding="utf-8").split("## `mlladder market --format json`")[1].split("\n## ")[0]
    parts = re.split(r"^### `([a-z_]+)` rows$", section, flags=re.M)
    found = {"": set(re.findall(r"^\| `([a-z0-9_]+)` \|", parts[0], re.M))}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        found[name] = set(re.findall(r"^\| `([a-z0-9_]+)` \|", body, re.M))
    return found


def test_market_json_keys_are_documented(run_cli: RunCli) -> None:
    args = ["market", str(SAMPLE), "--format", "json"]
    data = run_cli(*args, *(["--salaries", str(SALARIES)] if SALARIES.is_file() else [])).json()
    keys = documented()
    assert set(data) <= keys[""] and keys[""] - set(data) <= {"pay_over_time"}
    for name, rows in data.items():
        if isinstance(rows, list) and rows and isinstance(rows[0], dict):
            assert set(rows[0]) == keys[name], name


def test_the_sample_parquet_is_the_sample_postings_run_through_batch(run_cli: RunCli, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "postings.parquet"
    assert run_cli("batch", str(ROOT / "examples" / "market" / "postings.jsonl"), "--out", str(out)).code == 0
    assert pq.read_table(out).equals(pq.read_table(SAMPLE)), "regenerate it with the command in make_postings.py"


def test_the_sample_postings_are_what_their_script_writes(tmp_path: Path) -> None:
    out = tmp_path / "postings.jsonl"
    script = ROOT / "examples" / "market" / "make_postings.py"
    subprocess.run([sys.executable, str(script), "--output", str(out)], check=True)
    assert out.read_bytes() == (ROOT / "examples" / "market" / "postings.jsonl").read_bytes()
