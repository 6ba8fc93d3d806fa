"""docs/pay.md and the JSON keys of ``mlladder pay`` and ``mlladder offer`` cannot drift from the code."""

from __future__ import annotations

from mlladder import Framework
from mlladder.guidance.docs import disagreements, exact_title_disagreements, pay_markdown
from mlladder.guidance.pay import Finding
from tests.conftest import ROOT, RunCli
from tests.test_docs import _documented_keys


def test_json_output_doc_matches_pay_and_offer_output(run_cli: RunCli) -> None:
    for level in ("L1", "L4", "M1"):
        pay = run_cli("pay", "--level", level, "--format", "json").json()
        assert _documented_keys("mlladder pay") == set(pay)
        offer = run_cli("offer", "--level", level, "--base", "150000", "--format", "json").json()
        assert _documented_keys("mlladder offer") == set(offer)


def test_pay_page_is_current(ml_ladder: Framework) -> None:
    assert (ROOT / "docs" / "pay.md").read_text(encoding="utf-8") == pay_markdown(ml_ladder), (
        "regenerate it with: python -m mlladder.guidance.docs > docs/pay.md"
    )


def _counts(ml_ladder: Framework, exact: bool = False) -> dict[str, tuple[int, int]]:
    """Per level: bands ending below the median, bands wholly below P10."""
    found = exact_title_disagreements(ml_ladder) if exact else disagreements(ml_ladder)
    return {
        item.level.id: (item.count(Finding.ends_below_median), item.count(Finding.wholly_below_p10)) for item in found
    }


def test_the_measured_disagreement_on_us_rows(ml_ladder: Framework) -> None:
    """What docs/pay.md reports: the junior and mid bands of two articles end below the US median, the senior
    bands bracket it; only with the narrower title rule does one junior band lie wholly below P10."""
    assert _counts(ml_ladder) == {"L1": (2, 0), "L2": (2, 0), "L3": (0, 0)}
    assert _counts(ml_ladder, exact=True) == {"L1": (2, 1), "L2": (2, 0), "L3": (0, 0)}
    junior = disagreements(ml_ladder)[0]
    assert (junior.market.region, junior.market.years, junior.market.median) == ("US", "2024-2025", 139_650)
