"""Pay for a person: the placed and the aimed-at level, in the profile's region (said plainly when it has none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlladder import Framework
from mlladder.guidance.pay import NoMarket
from mlladder.guidance.person_pay import RegionBasis, pay_for_person, person_pay_data
from mlladder.market.pay import UnknownRegion
from tests.conftest import ROOT
from tests.guidance.profiles import person

EXAMPLES = ROOT / "examples" / "profiles"


def with_region(tmp_path: Path, source: str, region: str | None) -> Path:
    """A copy of an example profile with its region set (or left out)."""
    text = (EXAMPLES / source).read_text(encoding="utf-8")
    path = tmp_path / source
    path.write_text(text + (f"region: {region}\n" if region else ""), encoding="utf-8")
    return path


def test_the_profiles_region_is_used_for_both_levels(ml_ladder: Framework, tmp_path: Path) -> None:
    profile, assessment = person(with_region(tmp_path, "mid.yaml", "US"), ml_ladder)
    pay = pay_for_person(ml_ladder, profile, assessment, None)
    assert (pay.current.level.id, pay.target and pay.target.level.id) == ("L2", "L3")  # the goal: target_level L3
    assert pay.region == "US" and pay.region_basis is RegionBasis.profile
    assert pay.current.region == "US" and pay.target is not None and pay.target.region == "US"
    assert pay.current.market is not None and pay.current.market.experience_level == "MI"
    assert pay.target.market is not None and pay.target.market.experience_level == "SE"
    assert pay.region_note == "Region: company location US, from the profile."
    articles = {band.article for band in pay.current.bands}
    assert "Junior to Senior: ML Engineer Career Path (career guide, March 2026)" in articles


def test_without_a_region_every_location_is_used_and_the_note_says_why(ml_ladder: Framework) -> None:
    profile, assessment = person(EXAMPLES / "mid.yaml", ml_ladder)
    pay = pay_for_person(ml_ladder, profile, assessment, None)
    assert pay.region == "ALL" and pay.region_basis is RegionBasis.no_region
    assert pay.current.region == "ALL"
    assert "because the profile gives no region" in pay.region_note and "--region" in pay.region_note


def test_a_given_region_wins_over_the_profiles(ml_ladder: Framework, tmp_path: Path) -> None:
    profile, assessment = person(with_region(tmp_path, "mid.yaml", "US"), ml_ladder)
    pay = pay_for_person(ml_ladder, profile, assessment, "L2", region="ca")
    assert pay.region == "CA" and pay.region_basis is RegionBasis.given and pay.target is None
    assert pay.aimed is pay.current


def test_a_given_unknown_region_is_refused(ml_ladder: Framework) -> None:
    profile, assessment = person(EXAMPLES / "mid.yaml", ml_ladder)
    with pytest.raises(UnknownRegion, match="did you mean GB"):
        pay_for_person(ml_ladder, profile, assessment, None, region="UK")


def test_a_profile_region_without_reports_falls_back_to_every_location(ml_ladder: Framework, tmp_path: Path) -> None:
    profile, assessment = person(with_region(tmp_path, "mid.yaml", "UK"), ml_ladder)
    pay = pay_for_person(ml_ladder, profile, assessment, None)
    assert pay.region == "ALL" and pay.region_basis is RegionBasis.not_in_data
    assert "no ML-engineer pay reports from UK, the profile's region" in pay.region_note
    assert "did you mean GB" in pay.region_note


def test_staff_and_above_have_no_market_and_say_so(ml_ladder: Framework, tmp_path: Path) -> None:
    profile, assessment = person(with_region(tmp_path, "staff.yaml", "US"), ml_ladder)
    pay = pay_for_person(ml_ladder, profile, assessment, None)
    assert (pay.current.level.id, pay.target and pay.target.level.id) == ("L4", "L5")
    for comparison in (pay.current, pay.target):
        assert comparison is not None and comparison.market is None
        assert comparison.no_market is NoMarket.no_mapping
        assert comparison.reason is not None and "above the third level of the main track" in comparison.reason
        assert comparison.bands  # the articles' bands are still there
    data = person_pay_data(pay)
    assert data["current"]["no_market"] == "no_mapping" and data["target"]["experience_level"] is None
    assert "data" not in data["current"] and data["data"]["min_n"] == 30


def test_a_named_target_level_is_priced(ml_ladder: Framework) -> None:
    profile, assessment = person(EXAMPLES / "junior.yaml", ml_ladder)
    pay = pay_for_person(ml_ladder, profile, assessment, "L3")
    assert pay.current.level.id == "L1" and pay.target is not None and pay.target.level.id == "L3"
