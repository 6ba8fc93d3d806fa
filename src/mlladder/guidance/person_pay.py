"""A person's pay: the articles' bands and the market's figures for the level they are at and the level they aim at.

The levels come from the person's assessment (placed level) and goal (its target); the region from the profile
unless one is given. Which region is compared, and why, is always said in words: a comparison over every company
location reads very differently from one over the person's own country.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile
from mlladder.framework.ladder import get_level
from mlladder.framework.schema import Framework
from mlladder.guidance.pay import PayComparison, compare_pay
from mlladder.guidance.views import data_source, pay_data
from mlladder.market.pay import ALL_REGIONS, UnknownRegion, check_region

__all__ = ["PersonPay", "RegionBasis", "pay_for_person", "person_pay_data", "person_region"]


class RegionBasis(StrEnum):
    """Where the compared region comes from."""

    given = "given"  # passed in (``--region``)
    profile = "profile"  # the profile's ``region``
    no_region = "no_region"  # the profile has none: every company location
    not_in_data = "not_in_data"  # the profile's region has no pay reports at all: every company location


@dataclass(frozen=True)
class PersonPay:
    """Pay at the person's placed level and, when it differs, at the level they aim at, in one region."""

    name: str | None
    current: PayComparison
    target: PayComparison | None  # None when the person aims at the level they are placed at
    region: str  # the market table's code: a country code or ALL
    region_basis: RegionBasis
    region_note: str  # which region is compared and why, in one sentence

    @property
    def aimed(self) -> PayComparison:
        """The comparison for the level aimed at (the placed level's when the two are the same)."""
        return self.target or self.current


def person_region(profile: Profile, region: str | None = None) -> tuple[str, RegionBasis, str]:
    """The region to compare with, where it comes from and a sentence saying so.

    A region given explicitly must be in the market data (:class:`UnknownRegion` otherwise: the person typed it).
    The profile's region is a fact about the person, so when the data has no report from there the comparison
    falls back to every location and says why, rather than refusing to show any pay.
    """
    if region is not None and region.strip():
        code = check_region(region)
        return code, RegionBasis.given, f"Region: {_place(code)}, as given."
    if profile.region is None:
        note = (
            "Region: all company locations (ALL), because the profile gives no region; add 'region: US' (the "
            "country you work in) to the profile, or pass --region, to compare with one country's market."
        )
        return ALL_REGIONS, RegionBasis.no_region, note
    try:
        code = check_region(profile.region)
    except UnknownRegion as error:
        hint = str(error).split("(fix: ", 1)[-1].rstrip(")")
        note = (
            f"Region: all company locations (ALL), because the market data has no ML-engineer pay reports from "
            f"{profile.region}, the profile's region (fix, if that is a typing slip: {hint})."
        )
        return ALL_REGIONS, RegionBasis.not_in_data, note
    return code, RegionBasis.profile, f"Region: {_place(code)}, from the profile."


def _place(code: str) -> str:
    return "all company locations (ALL)" if code == ALL_REGIONS else f"company location {code}"


def pay_for_person(
    framework: Framework,
    profile: Profile,
    assessment: Assessment,
    target_level: str | None = None,
    *,
    region: str | None = None,
    years: str | None = None,
) -> PersonPay:
    """The pay comparisons for the person's placed level and target level (``target_level``, else the
    assessment's target), in the profile's region unless ``region`` is given."""
    code, basis, note = person_region(profile, region)
    aimed = get_level(framework, target_level).id if target_level else assessment.target or assessment.level
    current = compare_pay(framework, assessment.level, code, years)
    return PersonPay(
        name=profile.name,
        current=current,
        target=None if aimed == assessment.level else compare_pay(framework, aimed, code, years),
        region=code,
        region_basis=basis,
        region_note=note,
    )


def _level_data(pay: PayComparison) -> dict[str, Any]:
    """A comparison as ``mlladder pay`` gives it, less the data source (given once for the person)."""
    return {key: value for key, value in pay_data(pay).items() if key != "data"}


def person_pay_data(pay: PersonPay) -> dict[str, Any]:
    """The JSON view (``mlladder pay --profile P --format json``; keys in docs/json-output.md)."""
    return {
        "name": pay.name,
        "region": pay.region,
        "region_basis": str(pay.region_basis),
        "region_note": pay.region_note,
        "current": _level_data(pay.current),
        "target": None if pay.target is None else _level_data(pay.target),
        "data": data_source(),
    }
