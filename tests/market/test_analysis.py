"""The analysis checked exactly on a dataset built with known proportions (tests/market/conftest.py):

150 postings, 100 at L3 and 50 at L2, 50 a month over three months. At L3, 30 require Kubernetes and 10 prefer it;
2 require Model Serving. At L2, 20 require Kubernetes (which the ladder places at L3) and 10 a skill no ladder has.
LLMs are asked by 10%, 20%, 30% of each month's postings, TensorFlow by 30%, 20%, 10%. RAG is in 20 postings, and
LangChain in 10 of those.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from tests.market.conftest import POSTINGS, known_row

from mlladder import Framework
from mlladder.errors import InputError
from mlladder.market.analysis import MarketOptions, co_occurrences
from mlladder.market.ladder_fit import wilson
from mlladder.market.parquet import write_rows
from mlladder.market.report import MarketReport, market_frames, market_report, market_report_data


def rows_of(report: MarketReport, table: str, **match: object) -> list[dict[str, object]]:
    return [row for row in report.tables[table].to_pylist() if all(row[key] == value for key, value in match.items())]


def one(report: MarketReport, table: str, **match: object) -> dict[str, object]:
    found = rows_of(report, table, **match)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def report(known_file: Path, ml_ladder: Framework) -> MarketReport:
    return market_report(known_file, ml_ladder)


def test_level_mix_counts_postings_per_level_in_ladder_order(report: MarketReport) -> None:
    mix = report.tables["level_mix"].to_pylist()
    assert [(row["level"], row["postings"]) for row in mix] == [("L2", 50), ("L3", 100)]
    assert mix[1]["share"] == pytest.approx(100 / 150)


def test_demand_is_the_share_of_a_levels_postings_with_its_wilson_interval(report: MarketReport) -> None:
    kubernetes = one(report, "demand", group="L3", skill="kubernetes")
    assert (kubernetes["postings"], kubernetes["asking"], kubernetes["required"], kubernetes["preferred"]) == (
        100,
        40,
        30,
        10,
    )
    assert kubernetes["share"] == pytest.approx(0.40)
    assert kubernetes["required_share"] == pytest.approx(0.30)
    # The Wilson interval of 30 in 100, as the textbooks give it: 21.9% to 39.6%.
    assert kubernetes["required_low"] == pytest.approx(0.2189, abs=5e-4)
    assert kubernetes["required_high"] == pytest.approx(0.3958, abs=5e-4)
    assert (kubernetes["share_low"], kubernetes["share_high"]) == pytest.approx(wilson(40, 100))


def test_demand_by_region_and_month(known_file: Path, ml_ladder: Framework) -> None:
    by_region = market_report(known_file, ml_ladder, MarketOptions(by="region"))
    python = {row["group"]: row["postings"] for row in rows_of(by_region, "demand", skill="python")}
    assert python == {"DE": 60, "US": 90}
    by_month = market_report(known_file, ml_ladder, MarketOptions(by="month"))
    llms = {row["group"]: row["share"] for row in rows_of(by_month, "demand", skill="llms")}
    assert llms == pytest.approx({"2025-01": 0.1, "2025-02": 0.2, "2025-03": 0.3})


def test_trends_give_the_monthly_slope_of_the_share(report: MarketReport) -> None:
    llms = one(report, "trends", skill="llms")
    assert llms["slope_per_month"] == pytest.approx(0.10)
    assert (llms["first_share"], llms["last_share"], llms["months"]) == (pytest.approx(0.1), pytest.approx(0.3), 3)
    assert one(report, "trends", skill="tensorflow")["slope_per_month"] == pytest.approx(-0.10)
    assert one(report, "trends", skill="python")["slope_per_month"] == pytest.approx(0.0)


def test_trends_need_enough_postings_a_month(known_file: Path, ml_ladder: Framework) -> None:
    strict = market_report(known_file, ml_ladder, MarketOptions(min_count=51))  # every month has 50
    assert strict.tables["trends"].num_rows == 0


def test_pairs_give_support_and_lift(report: MarketReport) -> None:
    pair = one(report, "pairs", skill_a="langchain", skill_b="rag")
    assert pair["postings"] == 10
    assert pair["support"] == pytest.approx(10 / 150)
    assert pair["lift"] == pytest.approx(10 * 150 / (10 * 20))  # 7.5
    assert not rows_of(report, "pairs", skill_a="kubernetes", skill_b="model-serving")  # never together


def test_pairs_below_the_minimum_support_are_left_out(known_file: Path, ml_ladder: Framework) -> None:
    strict = market_report(known_file, ml_ladder, MarketOptions(min_count=11))
    assert not rows_of(strict, "pairs", skill_a="langchain", skill_b="rag")


def test_years_and_stated_pay_per_level(report: MarketReport) -> None:
    assert one(report, "years", level="L3")["years_median"] == 5.0
    l2 = one(report, "years", level="L2")
    assert (l2["with_years"], l2["years_p25"], l2["years_p75"]) == (50, 2.0, 3.0)
    pay = one(report, "pay", level="L3")
    assert (pay["currency"], pay["postings"], pay["low_median"], pay["high_median"], pay["mid_median"]) == (
        "USD",
        100,
        150_000.0,
        200_000.0,
        175_000.0,
    )
    assert not rows_of(report, "pay", level="L2")  # no L2 posting states pay


def test_ladder_vs_market_findings(report: MarketReport) -> None:
    earlier = one(report, "ladder_vs_market", finding="earlier_than_ladder", skill="kubernetes")
    assert (earlier["level"], earlier["ladder_level"], earlier["market_level"], earlier["share"]) == (
        "L2",
        "L3",
        "L2",
        pytest.approx(0.4),
    )
    unknown = one(report, "ladder_vs_market", finding="not_in_ladder")
    assert (unknown["skill"], unknown["level"], unknown["asking"], unknown["ladder_level"]) == (
        "quantum-widgets",
        "L2",
        10,
        None,
    )
    rare = {row["skill"]: row for row in rows_of(report, "ladder_vs_market", finding="rarely_asked", level="L3")}
    assert rare["model-serving"]["asking"] == 2  # the guides' step into L3 names it; 2% of L3 postings do
    assert "distributed-training" in rare  # named for the step, asked by none
    assert "kubernetes" not in rare  # 40% of L3 postings ask for it
    assert not rows_of(report, "ladder_vs_market", finding="earlier_than_ladder", skill="python")


def test_ladder_vs_market_thresholds_are_options(known_file: Path, ml_ladder: Framework) -> None:
    higher = market_report(known_file, ml_ladder, MarketOptions(min_share=0.5))  # 40% no longer counts as asked
    assert not rows_of(higher, "ladder_vs_market", finding="earlier_than_ladder", skill="kubernetes")
    looser = market_report(known_file, ml_ladder, MarketOptions(rare_share=0.01))  # 2% is no longer rare
    assert not rows_of(looser, "ladder_vs_market", finding="rarely_asked", skill="model-serving")


def test_a_dataset_folder_gives_the_same_numbers_as_one_file(
    known_file: Path, known_folder: Path, ml_ladder: Framework
) -> None:
    whole, parts = (
        market_report_data(market_report(known_file, ml_ladder)),
        market_report_data(market_report(known_folder, ml_ladder)),
    )
    del whole["source"], parts["source"]
    assert whole == parts


def test_json_data_rounds_shares_and_names_every_table(report: MarketReport) -> None:
    data = market_report_data(report)
    assert set(data) >= {"level_mix", "demand", "trends", "monthly", "pairs", "years", "pay", "ladder_vs_market"}
    assert data["overview"]["postings"] == 150
    assert data["overview"]["first_date"] == "2025-01-01"
    kubernetes = next(row for row in data["demand"] if row["group"] == "L3" and row["skill"] == "kubernetes")
    assert kubernetes["required_low"] == 0.2189


def test_frames_need_pandas_or_say_so(report: MarketReport) -> None:
    if importlib.util.find_spec("pandas") is None:
        with pytest.raises(InputError, match="pip install pandas"):
            market_frames(report)
    else:
        assert market_frames(report)["level_mix"].shape == (2, 5)


def test_wilson_interval_at_the_edges() -> None:
    low, high = wilson(0, 50)
    assert low == pytest.approx(0.0, abs=1e-12) and high == pytest.approx(0.0713, abs=1e-4)
    assert wilson(50, 50)[1] == pytest.approx(1.0)


@pytest.mark.parametrize("block_rows", [None, 1, 2, 3, 5, 41])
def test_co_occurrences_match_counting_pairs_by_hand(block_rows: int | None) -> None:
    # Postings of many lengths (one of 40 skills, so the step that follows only the long lists is used too), counted
    # whole and in blocks of a few rows, which must never split a posting (one longer than a block ends it).
    lists = [[0, 1, 2], [1, 2], [3], [], list(range(40)), [2, 0], [5, 5, 6], [7, 8]]
    postings = np.array([number for number, skills in enumerate(lists) for _ in skills])
    skills = np.array([skill for skills in lists for skill in skills])
    counts = co_occurrences(postings, skills, 40, block_rows)
    expected = Counter(
        (min(a, b), max(a, b)) for items in lists for i, a in enumerate(items) for b in items[i + 1 :] if a != b
    )
    assert {(int(a), int(b)): int(counts[a, b]) for a, b in zip(*np.nonzero(counts), strict=True)} == expected


def test_only_postings_count(tmp_path: Path, ml_ladder: Framework) -> None:
    path = tmp_path / "mixed.parquet"
    resumes = [{**known_row(index), "id": f"r{index}", "kind": "resume"} for index in range(7)]
    write_rows([*(known_row(index) for index in range(POSTINGS)), *resumes], path)
    report = market_report(path, ml_ladder)
    assert (report.overview["postings"], report.overview["other_documents"]) == (POSTINGS, 7)
    assert one(report, "demand", group="L3", skill="kubernetes")["postings"] == 100
    only_resumes = tmp_path / "resumes.parquet"
    write_rows(resumes, only_resumes)
    with pytest.raises(InputError, match=r"no postings \(7 other documents\)"):
        market_report(only_resumes, ml_ladder)
