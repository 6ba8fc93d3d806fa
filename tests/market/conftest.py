"""Datasets whose answers are known by construction: rows written with the real writer, proportions chosen so that
every share, interval, slope and lift the analysis reports can be checked exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mlladder.market.parquet import partition_path, write_rows

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

POSTINGS = 150  # 0-99 at L3, 100-149 at L2; posting i is in month i % 3 (50 a month)
MONTHS = ("2025-01", "2025-02", "2025-03")


def known_row(index: int) -> dict[str, Any]:
    """Posting ``index`` of the known dataset (see the module docstring of test_analysis.py for its proportions)."""
    level = "L3" if index < 100 else "L2"
    month, rank = index % 3, index // 3  # rank: its place among the month's 50 postings
    skills = {"python": "required"}
    if index < 30 or 100 <= index < 120:
        skills["kubernetes"] = "required"
    elif index < 40:
        skills["kubernetes"] = "preferred"
    elif index < 42:
        skills["model-serving"] = "required"
    if 120 <= index < 130:
        skills["quantum-widgets"] = "required"  # a skill no ladder has
    if rank < 5 * (month + 1):
        skills["llms"] = "required"  # 10%, 20%, 30% of the months' postings
    if rank < 5 * (3 - month):
        skills["tensorflow"] = "preferred"  # 30%, 20%, 10%
    if index < 20:
        skills["rag"] = "required"
    if index < 10:
        skills["langchain"] = "mentioned"
    return {
        "id": f"p{index}",
        "line": index + 1,
        "kind": "posting",
        "title": None,
        "level": level,
        "confidence": 0.9,
        "probabilities": [{"level": level, "p": 0.9}],
        "years_min": 5.0 if level == "L3" else 2.0 + index % 2,
        "years_max": None,
        "pay_min": 150_000.0 if level == "L3" else None,
        "pay_max": 200_000.0 if level == "L3" else None,
        "pay_currency": "USD" if level == "L3" else None,
        "skills": [{"skill": skill, "section": section} for skill, section in sorted(skills.items())],
        "scope": [],
        "specialisation": "general",
        "date": dt.date(2025, month + 1, 1 + rank % 28),
        "company": "Example Co",
        "location": None,
        "region": "US" if index % 5 < 3 else "DE",  # 60% US
    }


@pytest.fixture
def known_file(tmp_path: Path) -> Path:
    path = tmp_path / "known.parquet"
    write_rows((known_row(index) for index in range(POSTINGS)), path)
    return path


@pytest.fixture
def known_folder(tmp_path: Path) -> Path:
    """The same postings as three part files, as separate writers would leave them."""
    folder = tmp_path / "dataset"
    folder.mkdir()
    for part in range(3):
        write_rows((known_row(index) for index in range(part * 50, part * 50 + 50)), partition_path(folder, part))
    return folder
