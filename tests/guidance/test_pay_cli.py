"""``mlladder pay`` and ``mlladder offer`` through the real entry point: text, JSON and every kind of bad input."""

from __future__ import annotations

import pytest

from mlladder import Framework
from tests.conftest import EXAMPLE_FRAMEWORK, RunCli


def test_pay_shows_the_bands_beside_the_market(run_cli: RunCli) -> None:
    result = run_cli("pay", "--level", "L1", "--region", "US")
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[:3] == [
        "L1 Junior ML Engineer: market level EN (entry); company location US; 2024-2025",
        "Market: 299 full-time ML-engineer pay reports, in US dollars a year",
        "  P10 $97.7K  P25 $113.5K  median $139.6K  P75 $177K  P90 $244.6K",
    ]
    assert "The articles' bands (percentiles in the market):" in lines
    assert (
        "  $100K-$140K  P12-P50    brackets the market median      Junior to Senior: ML Engineer Career Path" in lines
    )
    assert "  $70K-$100K   P1-P12     ends below the market median    Machine Learning Engineer Career Path" in lines
    assert lines[-2].startswith("Market source: aijobs.net Global AI, ML, Data Science Salary Index (CC0 1.0)")


def test_pay_says_when_a_level_has_no_market_level(run_cli: RunCli) -> None:
    result = run_cli("pay", "--level", "L5")
    assert result.code == 0
    assert result.out.splitlines()[1].startswith("No market figures: L5 is above the third level of the main track")
    assert "$350K-$600K+" in result.out  # the article's band is still shown


def test_pay_says_when_the_data_is_too_thin(run_cli: RunCli) -> None:
    result = run_cli("pay", "--level", "L1", "--region", "GB")
    assert result.code == 0
    assert "No market figures: the market data has fewer than 30 full-time ML-engineer pay reports" in result.out


def test_pay_json(run_cli: RunCli) -> None:
    data = run_cli("pay", "--level", "L2", "--region", "US", "--format", "json").json()
    assert (data["level"], data["experience_level"], data["region"], data["years"]) == ("L2", "MI", "US", "2024-2025")
    assert data["market"]["n"] == 1198 and data["market"]["median"] == 168150 and data["no_market"] is None
    by_source = {band["source"]: band for band in data["bands"]}
    assert by_source["002_c5a541c7fecb3c44.txt"]["findings"] == ["ends_below_median"]
    assert by_source["001_60c2f85fc76de547.txt"]["findings"] == []
    assert by_source["001_60c2f85fc76de547.txt"]["article"].startswith("Junior to Senior")
    assert data["data"]["licence"] == "CC0 1.0" and data["data"]["min_n"] == 30
    staff = run_cli("pay", "--level", "L4", "--format", "json").json()
    assert staff["market"] is None and staff["no_market"] == "no_mapping" and staff["experience_level"] is None


def test_offer_places_the_offer_and_gives_the_advice(run_cli: RunCli, ml_ladder: Framework) -> None:
    result = run_cli("offer", "--level", "L3", "--base", "185000", "--region", "US")
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert (
        lines[0]
        == "Offer $185K a year for L3 Senior ML Engineer: market level SE (senior); company location US; 2024-2025"
    )
    assert lines[1] == (
        "Market: about the 41st percentile of 3,402 full-time ML-engineer pay reports "
        "(an estimate from their quantiles)"
    )
    assert "  within  $150K-$220K  Career Path: ML Engineer" in lines
    assert "Negotiation advice from the articles:" in lines
    for advice in ml_ladder.negotiation:
        assert any(line.startswith(f"  - {advice.text} [") for line in lines)


def test_offer_json(run_cli: RunCli) -> None:
    data = run_cli("offer", "--level", "L1", "--base", "95000", "--region", "US", "--format", "json").json()
    assert data["offer"] == {"amount": 95000, "currency": "USD"}
    assert 0 < data["percentile"] < 10
    assert {band["position"] for band in data["bands"]} == {"below", "within"}
    assert data["negotiation"][0]["sources"] == ["002_c5a541c7fecb3c44.txt"]


def test_a_custom_framework_works_for_every_level(run_cli: RunCli) -> None:
    for level in ("DS1", "DS2", "DS3", "DS4"):
        for command in (["pay"], ["offer", "--base", "90000", "--currency", "EUR"]):
            result = run_cli(*command, "--level", level, "--framework", str(EXAMPLE_FRAMEWORK))
            assert result.code == 0, result.err
            assert "Invented example data" in result.out
    result = run_cli("offer", "--level", "DS4", "--base", "90000", "--framework", str(EXAMPLE_FRAMEWORK))
    assert "The framework holds no negotiation advice." in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pay", "--level", "L3", "--region", "UK"], "company location 'UK'"),
        (["pay", "--level", "L3", "--region", "Atlantis"], "Regions with figures: US, CA, GB, or ALL"),
        (["pay", "--level", "L9"], "has no level 'L9'"),
        (["pay", "--level", "L3", "--years", "1999"], "no years '1999'"),
        (["offer", "--level", "L3", "--base", "-185000"], "positive yearly amount"),
        (["offer", "--level", "L3", "--base", "0"], "positive yearly amount"),
        (["offer", "--level", "L3", "--base", "185"], "below 1,000 US dollars"),
        (["offer", "--level", "L3", "--base", "20000000"], "above 10,000,000 US dollars"),
        (["offer", "--level", "L3", "--base", "185000", "--currency", "DOLLARS"], "no pay report"),
        (["offer", "--level", "L3", "--base", "185000", "--region", "XX"], "company location 'XX'"),
        (["offer", "--level", "Staff", "--base", "185000"], "has no level 'Staff'"),
        (["offer", "--level", "L3", "--base", "185k"], "Invalid value for '--base'"),
        (["offer", "--level", "L3"], "Missing option '--base'"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(run_cli: RunCli, args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
    assert message in result.err and "Traceback" not in result.err
    fixes = ("(fix: ", "(did you mean", "(use one of", "(see 'mlladder ")  # the fix, or the help that gives it
    assert any(fix in result.err for fix in fixes)
