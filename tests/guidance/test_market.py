"""The shipped market table, the ladder's mapping onto it, lookups and percentiles."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlladder import Framework, UnknownLevel, load_framework
from mlladder.guidance import (
    MarketPay,
    UnknownCurrency,
    UnknownRegion,
    UnknownYears,
    experience_level_for,
    market_pay,
    percentile_of,
)
from mlladder.market.pay import market_table
from tests.conftest import EXAMPLE_FRAMEWORK, WriteFramework
from tests.guidance.conftest import SALARIES, needs_salaries

SHIPPED = files("mlladder.market").joinpath("market_pay.json")


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SHIPPED.read_text("utf-8"))
    return data


@needs_salaries
def test_the_table_is_recreated_byte_for_byte_from_the_csv(script: ModuleType, tmp_path: Path) -> None:
    output = tmp_path / "market_pay.json"
    assert script.main(["--csv", str(SALARIES), "--output", str(output)]) == 0
    assert output.read_bytes() == SHIPPED.read_bytes(), "re-create it with: python scripts/market_pay.py"


def test_the_table_names_its_source_licence_rule_and_minimum() -> None:
    raw = _raw()
    assert raw["source"]["file"] == "salaries_2025-01-19.csv"
    assert raw["source"]["date"] == "2025-01-19"
    assert raw["source"]["licence"] == "CC0 1.0"
    assert "github.com/foorilla/ai-jobs-net-salaries" in raw["source"]["url"]
    assert "Engineer" in raw["title_rule"]["text"]
    assert raw["min_n"] == 30
    assert raw["filters"]["employment_type"] == "FT"
    assert raw["rows"]["chosen"] == sum(raw["title_rule"]["titles"].values()) == sum(raw["regions"].values())


def test_every_cell_has_enough_reports_and_ordered_quantiles() -> None:
    raw = _raw()
    figures = [(cell["n"], cell["usd"]) for cell in raw["cells"]]
    figures += [(local["n"], local) for cell in raw["cells"] for local in cell.get("local", {}).values()]
    assert len(figures) > 30
    for n, quantiles in figures:
        assert n >= raw["min_n"]
        values = [quantiles[name] for name in ("p10", "p25", "median", "p75", "p90")]
        assert values[0] > 0 and values == sorted(values), quantiles


def test_cells_cover_each_level_everywhere_in_the_latest_years() -> None:
    for level in ("EN", "MI", "SE", "EX"):
        pay = market_pay(level)
        assert pay is not None and pay.region == "ALL" and pay.years == "2024-2025" and pay.currency == "USD"


def test_title_rule_takes_ml_engineer_titles_and_leaves_the_others_out(script: ModuleType) -> None:
    taken = [
        "Machine Learning Engineer",
        "ML Infrastructure Engineer",
        "MLOps Engineer",
        "AI Engineer",
        "Artificial Intelligence Engineer",
        "Deep Learning Engineer",
        "Staff Machine Learning Engineer",
        "machine learning engineer",
    ]
    left_out = [
        "Machine Learning Scientist",
        "Machine Learning Researcher",
        "AI Developer",
        "AI Architect",
        "AI Engineering Manager",
        "Computer Vision Engineer",
        "NLP Engineer",
        "Data Engineer",
        "Software Engineer",
        "Email Engineer",
    ]
    assert [title for title in taken if not script.is_ml_engineer(title)] == []
    assert [title for title in left_out if script.is_ml_engineer(title)] == []


def test_quantiles_interpolate_like_numpy(script: ModuleType) -> None:
    assert script.quantile([1, 2, 3, 4], 0.5) == 2  # 2.5 rounds to even
    assert script.quantile([10, 20, 30, 40, 50], 0.25) == 20
    assert script.quantile([100, 200], 0.9) == 190
    assert script.quantile([7], 0.1) == 7


# -- the ladder's levels --------------------------------------------------------------------------------------


def test_the_first_three_ic_levels_map_and_nothing_else(ml_ladder: Framework) -> None:
    mapping = {level.id: experience_level_for(ml_ladder, level.id) for level in ml_ladder.levels}
    assert mapping == {
        "L1": "EN",
        "L2": "MI",
        "L3": "SE",
        "L4": None,
        "L5": None,
        "A1": None,
        "M1": None,
        "M2": None,
        "M3": None,
    }


def test_staff_and_above_and_management_get_no_market_figures() -> None:
    for level in ("L4", "L5", "A1", "M1", "M2", "M3", "l4"):
        assert market_pay(level) is None
        assert market_pay(level, "US") is None


def test_a_ladder_level_and_its_experience_level_give_the_same_figures() -> None:
    assert market_pay("L3", "us") == market_pay("SE", "US") == market_pay("se", " US ", "2024-2025")
    assert market_pay("L1", years="2024") == market_pay("EN", "ALL", "2024")


def test_a_custom_framework_maps_by_its_main_track(
    write_framework: WriteFramework, example_data: dict[str, Any]
) -> None:
    example = load_framework(EXAMPLE_FRAMEWORK)
    assert [experience_level_for(example, level.id) for level in example.levels] == ["EN", "MI", "SE", None]
    assert market_pay("DS2", framework=example) == market_pay("MI")
    example_data["tracks"][0]["kind"] = "management"
    managers = load_framework(write_framework(example_data))
    assert [experience_level_for(managers, level.id) for level in managers.levels] == [None] * 4


def test_cells_with_too_few_reports_are_absent_not_invented() -> None:
    table = market_table()
    assert table.regions["GB"] > table.min_n  # the region is known ...
    assert market_pay("EN", "GB") is None  # ... but has too few entry-level reports
    assert market_pay("SE", "GB", currency="GBP") is not None
    assert market_pay("SE", "US", currency="GBP") is None


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: market_pay("SE", "UK"), UnknownRegion, "did you mean GB"),
        (lambda: market_pay("SE", "Narnia"), UnknownRegion, "Regions with figures: US, CA, GB, or ALL"),
        (lambda: market_pay("SE", years="2019"), UnknownYears, "2022, 2023, 2024, 2024-2025, 2025"),
        (lambda: market_pay("SE", currency="USX"), UnknownCurrency, "did you mean USD"),
        (lambda: market_pay("L9"), UnknownLevel, "EN, MI, SE, EX or L1, L2"),
    ],
)
def test_unknown_inputs_name_the_fix(call: Any, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match="fix: ") as raised:
        call()
    assert words in str(raised.value) and "\n" not in str(raised.value)


# -- percentiles ------------------------------------------------------------------------------------------------

SENIOR = MarketPay("SE", "US", "2024-2025", "USD", 100, 130_000, 160_000, 200_000, 250_000, 310_000)
TIED = MarketPay("MI", "GB", "2024", "USD", 40, 50_000, 60_000, 60_000, 60_000, 90_000)


def test_percentile_of_meets_the_stored_quantiles() -> None:
    for share, amount in SENIOR.quantiles():
        assert percentile_of(amount, SENIOR) == pytest.approx(share)
    assert percentile_of(180_000, SENIOR) == pytest.approx(37.5)  # linear between P25 and the median
    assert percentile_of(60_000, TIED) == 50  # tied quantiles: the middle of their percentiles


@given(
    st.lists(st.floats(min_value=1, max_value=5_000_000, allow_nan=False), min_size=2, max_size=20),
    st.sampled_from([SENIOR, TIED]),
)
def test_percentile_of_never_falls_as_the_amount_rises(amounts: list[float], market: MarketPay) -> None:
    shares = [percentile_of(amount, market) for amount in sorted(amounts)]
    assert shares == sorted(shares)
    assert all(0 <= share <= 100 for share in shares)


def test_percentile_of_outside_p10_p90_is_a_tail_estimate() -> None:
    below, above = percentile_of(100_000, SENIOR), percentile_of(400_000, SENIOR)
    assert 0 < below < 10 and 90 < above < 100
    assert percentile_of(129_999, SENIOR) == pytest.approx(10, abs=0.01)  # continuous at P10
    assert percentile_of(310_001, SENIOR) == pytest.approx(90, abs=0.01)  # and at P90


@needs_salaries
def test_percentile_of_stays_close_to_the_reports_themselves(script: ModuleType) -> None:
    """docs/pay.md promises within 6 percentile points for US ML engineers of the latest years, $50K-$500K."""
    rows = [
        row
        for row in script.read_rows(SALARIES)
        if script.is_ml_engineer(row["job_title"])
        and row["employment_type"] == "FT"
        and row["company_location"] == "US"
        and row["work_year"] in ("2024", "2025")
    ]
    for level in ("EN", "MI", "SE"):
        pay = sorted(float(row["salary_in_usd"]) for row in rows if row["experience_level"] == level)
        market = market_pay(level, "US")
        assert market is not None and market.n == len(pay)
        for amount in range(50_000, 500_001, 10_000):
            share = 100 * sum(value <= amount for value in pay) / len(pay)
            assert abs(percentile_of(amount, market) - share) <= 6, (level, amount)
