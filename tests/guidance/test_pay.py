"""Articles' bands against the market, and offers against both, on the built-in ladder and a custom one."""

from __future__ import annotations

import pytest

from mlladder import Framework, load_framework
from mlladder.framework.schema import SalaryBand
from mlladder.guidance import (
    Finding,
    InvalidOffer,
    MarketPay,
    NoMarket,
    UnknownCurrency,
    UnknownRegion,
    check_offer,
    compare_pay,
    market_pay,
)
from mlladder.guidance.pay import Position, findings
from tests.conftest import EXAMPLE_FRAMEWORK

MARKET = MarketPay("EN", "US", "2024-2025", "USD", 300, 100_000, 115_000, 140_000, 175_000, 245_000)


def _band(low: float, high: float, open_ended: bool = False) -> SalaryBand:
    return SalaryBand(level="L1", min=low, max=high, open_ended=open_ended, currency="USD", source="x")


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        (_band(70_000, 95_000), [Finding.wholly_below_p10, Finding.ends_below_median]),
        (_band(80_000, 110_000), [Finding.ends_below_median]),
        (_band(100_000, 140_000), []),  # ends at the median: not below it
        (_band(120_000, 180_000), []),
        (_band(150_000, 200_000), [Finding.starts_above_median]),
        (_band(250_000, 300_000), [Finding.starts_above_median, Finding.wholly_above_p90]),
        (_band(60_000, 90_000, open_ended=True), []),  # "90K+" has no top to fall short with
    ],
)
def test_findings_name_each_disagreement(band: SalaryBand, expected: list[Finding]) -> None:
    assert findings(band, MARKET) == expected


def test_bands_are_compared_in_their_market(ml_ladder: Framework) -> None:
    pay = compare_pay(ml_ladder, "L1", "US")
    market = market_pay("EN", "US")
    assert pay.experience_level == "EN" and pay.market == market and pay.no_market is None and pay.reason is None
    assert market is not None
    assert {check.band.source for check in pay.bands} == {
        band.source for band in ml_ladder.salary_bands if band.level == "L1"
    }
    for check in pay.bands:
        assert check.market == market
        assert check.findings == findings(check.band, market)
        assert check.min_percentile is not None and check.max_percentile is not None
        assert 0 < check.min_percentile < check.max_percentile < 100
        assert check.article.startswith(next(s.title for s in ml_ladder.sources if s.id == check.band.source)[:10])


def test_levels_without_a_market_keep_their_bands_and_say_why(ml_ladder: Framework) -> None:
    staff = compare_pay(ml_ladder, "L4")
    assert staff.market is None and staff.no_market is NoMarket.no_mapping
    assert staff.reason is not None and "senior" in staff.reason
    assert len(staff.bands) == 2 and all(check.no_market is NoMarket.no_mapping for check in staff.bands)
    manager = compare_pay(ml_ladder, "m1")
    assert manager.level.id == "M1" and manager.bands == [] and "management track" in (manager.reason or "")


def test_a_cell_with_too_few_reports_is_not_compared(ml_ladder: Framework) -> None:
    pay = compare_pay(ml_ladder, "L1", "gb")
    assert pay.region == "GB" and pay.market is None and pay.no_market is NoMarket.too_few_reports
    assert "fewer than 30" in (pay.reason or "") and "company location GB has" in (pay.reason or "")
    assert all(check.min_percentile is None and check.findings == [] for check in pay.bands)


def test_an_offer_sits_in_the_market_and_in_each_band(ml_ladder: Framework) -> None:
    offer = check_offer(ml_ladder, "L3", 185_000, "US")
    assert offer.market == market_pay("SE", "US") and offer.percentile is not None
    assert 25 < offer.percentile < 50  # between the market's P25 ($159.6K) and median ($200K)
    assert [item.position for item in offer.bands] == [Position.within] * 3
    assert offer.advice == ml_ladder.negotiation and len(offer.advice) >= 5
    low = check_offer(ml_ladder, "L3", 120_000, "US")
    assert [item.position for item in low.bands] == [Position.below] * 3
    assert low.percentile is not None and low.percentile < 10


def test_an_offer_in_a_local_currency_uses_the_reports_paid_in_it(ml_ladder: Framework) -> None:
    offer = check_offer(ml_ladder, "L3", 100_000, "GB", "gbp")
    assert offer.currency == "GBP" and offer.market == market_pay("SE", "GB", currency="GBP")
    assert all(item.position is Position.other_currency for item in offer.bands)  # the bands are in dollars
    euros = check_offer(ml_ladder, "L3", 100_000, "GB", "EUR")
    assert euros.market is None and euros.no_market is NoMarket.other_currency and "in EUR" in (euros.reason or "")


@pytest.mark.parametrize(
    ("amount", "currency", "words"),
    [
        (0, "USD", "positive yearly amount"),
        (-185_000, "USD", "positive yearly amount"),
        (185, "USD", "below 1,000 US dollars"),
        (20_000_000, "USD", "above 10,000,000 US dollars"),
        (5_000_000_000, "INR", "above 10,000,000 US dollars"),
    ],
)
def test_amounts_that_cannot_be_yearly_pay_are_refused(
    ml_ladder: Framework, amount: float, currency: str, words: str
) -> None:
    with pytest.raises(InvalidOffer, match=words):
        check_offer(ml_ladder, "L3", amount, currency=currency)


def test_large_numbers_in_small_currencies_are_fine(ml_ladder: Framework) -> None:
    offer = check_offer(ml_ladder, "L3", 20_000_000, currency="JPY")  # about $145K
    assert offer.market is None and offer.no_market is NoMarket.other_currency


def test_bad_region_and_currency_are_input_errors(ml_ladder: Framework) -> None:
    with pytest.raises(UnknownRegion, match="did you mean GB"):
        check_offer(ml_ladder, "L3", 100_000, "UK")
    with pytest.raises(UnknownCurrency, match="did you mean"):
        check_offer(ml_ladder, "L3", 100_000, currency="EURO")


def test_a_custom_framework_does_not_crash() -> None:
    example = load_framework(EXAMPLE_FRAMEWORK)
    for level in example.levels:
        for region in (None, "US", "DE"):
            pay = compare_pay(example, level.id, region)
            assert len(pay.bands) == 1
            offer = check_offer(example, level.id, 90_000, region, "EUR")
            assert offer.advice == [] and offer.bands[0].position in set(Position)
    senior = compare_pay(example, "DS3")  # a EUR band against the reports paid in EUR, everywhere
    assert senior.bands[0].market == market_pay("SE", currency="EUR")
    junior = compare_pay(example, "DS1")
    assert junior.market is not None and junior.bands[0].no_market is NoMarket.other_currency
