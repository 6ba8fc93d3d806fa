"""Batch files cut into slices at record starts: every slice read on its own gives back the whole file's rows, with
the same numbers, whatever the slice size (the partitions of ``mlladder batch --dask``)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from mlladder.batch_input import Row, Span, record_spans, rows


def as_read(found: list[Row]) -> list[tuple[Any, ...]]:
    return [(row.number, row.id, row.text, row.problem, row.fields) for row in found]


def jsonl_with_blank_and_bad_lines(path: Path) -> Path:
    lines = []
    for number in range(1, 54):
        if number % 7 == 0:
            lines.append("\n")  # blank: no row, but it keeps its line number
        elif number % 11 == 0:
            lines.append("{not json\n")
        else:
            lines.append(
                json.dumps({"id": f"d{number}", "text": f"text {number}\nsecond line", "date": "2025-01"}) + "\n"
            )
    path.write_text("".join(lines)[:-1], encoding="utf-8")  # the last line has no line break
    return path


def csv_with_quoted_line_breaks(path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "text", "company"])
        for number in range(1, 54):
            writer.writerow([f"c{number}", f'first line {number}\nsecond, "quoted"', "Example Co"])
            if number % 9 == 0:
                stream.write("\r\n")  # a blank line between records is no record
    return path


@pytest.mark.parametrize("every", [1, 5, 10, 52, 53, 1000])
def test_slices_of_jsonl_read_back_as_the_whole_file(tmp_path: Path, every: int) -> None:
    path = jsonl_with_blank_and_bad_lines(tmp_path / "docs.jsonl")
    whole = as_read(list(rows(path, None, None)))
    spans = record_spans(path, every, csv_file=False)
    assert len(spans) == -(-53 // every)  # a slice for each started group of lines, blank ones included
    assert as_read([row for span in spans for row in rows(path, None, None, span)]) == whole
    assert sum(1 for row in whole if row[3]) == 4  # lines 11, 22, 33, 44 are bad in both readings


@pytest.mark.parametrize("every", [1, 4, 10, 53, 1000])
def test_slices_of_csv_follow_quotes_and_keep_record_numbers(tmp_path: Path, every: int) -> None:
    path = csv_with_quoted_line_breaks(tmp_path / "docs.csv")
    whole = as_read(list(rows(path, None, None)))
    assert len(whole) == 53 and whole[-1][0] == 53
    spans = record_spans(path, every, csv_file=True)
    assert spans[0].start > 3  # after the byte order mark and the header
    assert as_read([row for span in spans for row in rows(path, None, None, span)]) == whole


def test_an_empty_file_is_one_empty_slice(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert record_spans(path, 10, csv_file=False) == [Span(0, 0, 1)]


def test_csv_with_old_mac_line_breaks_reads_the_same_in_slices(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b'id,text\r1,first\r2,second\r\n3,"quoted\rbreak"\r4,fourth')
    whole = as_read(list(rows(path, None, None)))
    assert [row[1] for row in whole] == ["1", "2", "3", "4"]
    spans = record_spans(path, 1, csv_file=True)
    assert as_read([row for span in spans for row in rows(path, None, None, span)]) == whole
